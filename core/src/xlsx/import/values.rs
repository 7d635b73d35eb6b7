//! Reading cell values as the form's text and amounts, whatever wrote them:
//! numbers stored as text (`50000.00`, `5万元`, `1,907,000.00元`), text stored
//! as numbers (`2023`), percentages stored as fractions with a `%` format.

use calamine::Data;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::money::{max_amount, parse_amount};

/// A float as the shortest decimal text that reads back to it (`3657.8`).
fn float_text(f: f64) -> String {
    let s = format!("{f}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Whether a number format shows percentages (`0.00%`, but not `"%"` text).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            ';' => return false,
            _ => {}
        }
    }
    false
}

/// A float written with at most 10 decimals, without float noise (`92.78`
/// for 0.9278 × 100).
fn clean_float(f: f64) -> String {
    match Decimal::from_f64(f) {
        Some(d) => {
            let d = d.round_dp(10).normalize();
            d.to_string()
        }
        None => float_text(f),
    }
}

/// The text of a cell for a text field. `Err` for values that are no text
/// (error values); the message is Chinese.
pub fn cell_text(v: &Data, format: Option<&str>) -> Result<String, String> {
    Ok(match v {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => {
            if format.is_some_and(is_percent_format) {
                format!("{}%", i.saturating_mul(100))
            } else {
                i.to_string()
            }
        }
        Data::Float(f) => {
            if format.is_some_and(is_percent_format) {
                format!("{}%", clean_float(f * 100.0))
            } else if f.abs() >= 1e15 && f.fract() == 0.0 {
                return Err(format!(
                    "数字「{}」位数过多，已被 Excel 存为数字而丢失精度；请把单元格格式设为“文本”后重新输入",
                    float_text(*f)
                ));
            } else {
                clean_float(*f)
            }
        }
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        // Dates are not expected in this form; keep the serial number.
        Data::DateTime(d) => clean_float(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("单元格是错误值 {e}，请修正公式或重新输入")),
    })
}

/// Parse an amount as typed in a text cell: `50000.00`, `50,000.00元`,
/// `￥50,000`, `5万元`, `1.2亿`.
pub fn parse_text_amount(text: &str) -> Result<Decimal, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '￥' | '¥') && !c.is_whitespace())
        .collect();
    let t = t.strip_suffix('元').unwrap_or(&t);
    let (body, scale) = if let Some(b) = t.strip_suffix('万') {
        (b, Decimal::from(10_000))
    } else if let Some(b) = t.strip_suffix('亿') {
        (b, Decimal::from(100_000_000))
    } else {
        (t, Decimal::ONE)
    };
    if scale == Decimal::ONE {
        return parse_amount(body);
    }
    // `5.123456万` is 51234.56元: allow the decimals the scale absorbs.
    let digits: String = body.chars().filter(|c| *c != ',' && *c != '，').collect();
    let d: Decimal = digits
        .parse()
        .map_err(|_| format!("「{}」不是数字", text.trim()))?;
    let v = d
        .checked_mul(scale)
        .ok_or_else(|| format!("「{}」过大", text.trim()))?;
    if v.abs() > max_amount() {
        return Err(format!("「{}」过大，最多 999,999,999,999.99", text.trim()));
    }
    if v.normalize().scale() > 2 {
        return Err(format!("「{}」折合成元后超过两位小数", text.trim()));
    }
    Ok(v)
}

/// An amount or score from a cell: numbers, or text as officers type it.
/// `Ok(None)` for an empty cell.
pub fn cell_amount(v: &Data, decimals: u32) -> Result<Option<Decimal>, String> {
    let d = match v {
        Data::Empty => return Ok(None),
        Data::String(s) if s.trim().is_empty() => return Ok(None),
        // An amount in 万元: `5.36578`, `5.36578万元`.
        Data::String(s) if decimals > 2 => {
            let t: String = s
                .trim()
                .chars()
                .filter(|c| !matches!(c, '￥' | '¥') && !c.is_whitespace())
                .collect();
            let t = t
                .strip_suffix("万元")
                .or_else(|| t.strip_suffix('万'))
                .unwrap_or(&t);
            crate::money::parse_decimals(t, decimals)?
        }
        Data::String(s) => parse_text_amount(s)?,
        Data::Int(i) => Decimal::from(*i),
        Data::Float(f) => {
            if !f.is_finite() {
                return Err("不是有效数字".into());
            }
            let d: Decimal = float_text(*f)
                .parse()
                .map_err(|_| format!("数字「{}」超出范围", float_text(*f)))?;
            let r = d.round_dp_with_strategy(
                decimals,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            // Float noise from a formula (0.30000000000000004) is not another decimal.
            if (d - r).abs() > Decimal::new(1, 9) {
                let n = if decimals == 2 { "两" } else { "六" };
                return Err(format!("「{}」最多保留{n}位小数", float_text(*f)));
            }
            r.normalize()
        }
        Data::Bool(_) => return Err("是逻辑值（TRUE/FALSE），不是数字".into()),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err("是日期，不是数字；请把单元格格式改为“数值”".into())
        }
        Data::Error(e) => return Err(format!("是错误值 {e}，请修正公式或重新输入")),
    };
    if d.abs() > max_amount() {
        return Err(format!("「{d}」过大，最多 999,999,999,999.99"));
    }
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    Ok(Some(d))
}

/// The raw text of a cell for a message (`"abc"`).
pub fn shown(v: &Data) -> String {
    match v {
        Data::String(s) => s.chars().take(40).collect(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_text_amount("5万元"), Ok(dec!(50000)));
        assert_eq!(parse_text_amount("1,907,000.00元"), Ok(dec!(1907000.00)));
        assert_eq!(parse_text_amount("￥ 3657.80"), Ok(dec!(3657.80)));
        assert_eq!(parse_text_amount("17.76万"), Ok(dec!(177600)));
        assert!(parse_text_amount("abc").is_err());
        assert!(parse_text_amount("1.0000001万").is_err());
        assert_eq!(
            cell_amount(&Data::Float(3657.8), 2),
            Ok(Some(dec!(3657.80)))
        );
        assert_eq!(
            cell_amount(&Data::Float(0.1 + 0.2), 2),
            Ok(Some(dec!(0.30)))
        );
        assert!(cell_amount(&Data::Float(1.234), 2).is_err());
        assert_eq!(cell_amount(&Data::String(" ".into()), 2), Ok(None));
        assert_eq!(
            cell_amount(&Data::Float(0.36578), 6),
            Ok(Some(dec!(0.36578)))
        );
        assert_eq!(
            cell_amount(&Data::String("0.36578万元".into()), 6),
            Ok(Some(dec!(0.36578)))
        );
    }

    #[test]
    fn texts_from_numbers() {
        assert_eq!(cell_text(&Data::Float(2023.0), None).unwrap(), "2023");
        assert_eq!(
            cell_text(&Data::Float(0.9278), Some("0.00%")).unwrap(),
            "92.78%"
        );
        assert_eq!(cell_text(&Data::Float(1.0), Some("0%")).unwrap(), "100%");
        assert_eq!(
            cell_text(&Data::Float(3.5), Some("0.0\"%\"")).unwrap(),
            "3.5"
        );
        assert!(cell_text(&Data::Float(440303210301500003219.0), None).is_err());
    }
}
