//! Reading and printing amounts and scores. Decimal only, never floats.

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest amount a form may hold (the XLSX columns are sized for it).
pub fn max_amount() -> Decimal {
    Decimal::new(99_999_999_999_999, 2)
}

/// Parse an amount or score as typed: `50000.00`, `50,000.00`, ` 3657.8 `,
/// `５００` (full-width digits). Returns a Chinese message on failure, which
/// names no unit: the caller knows whether the cell holds 元 or 分 and adds
/// [`unit_hint`].
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    parse_decimals(text, 2)
}

/// [`parse_amount`] allowing up to `decimals` decimals (6 for 万元: to the 分).
pub fn parse_decimals(text: &str, decimals: u32) -> Result<Decimal, String> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            _ => c,
        })
        .filter(|c| *c != ',' && *c != '，' && *c != ' ')
        .collect();
    if t.is_empty() {
        return Err("不能为空，请填写数字".into());
    }
    let valid = {
        let body = t.strip_prefix('-').unwrap_or(&t);
        let mut parts = body.split('.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        parts.next().is_none()
            && !int.is_empty()
            && int.chars().all(|c| c.is_ascii_digit())
            && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
    };
    if !valid {
        return Err(format!("「{}」不是数字", text.trim()));
    }
    let d: Decimal = t
        .parse()
        .map_err(|_| format!("「{}」超出可处理的范围，请检查位数", text.trim()))?;
    if d.abs() > max_amount() {
        return Err(format!("「{}」过大，最多 999,999,999,999.99", text.trim()));
    }
    if d.scale() > decimals {
        return Err(format!(
            "「{}」最多保留{}位小数",
            text.trim(),
            decimals_word(decimals)
        ));
    }
    Ok(d)
}

fn decimals_word(n: u32) -> &'static str {
    match n {
        2 => "两",
        6 => "六",
        _ => "规定",
    }
}

/// Print an amount in a template's unit: 元 with two decimals, 万元 with at
/// least two and as many as it has (to the 分: 0.36578 万元 stays 0.36578).
pub fn fmt_in(d: Decimal, unit: crate::template::MoneyUnit) -> String {
    match unit {
        crate::template::MoneyUnit::Yuan => fmt2(d),
        crate::template::MoneyUnit::WanYuan => {
            let mut r = d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
            r = r.normalize();
            if r.scale() < 2 {
                r.rescale(2);
            }
            r.to_string()
        }
    }
}

/// What to type in a number cell, by what it holds: an amount (`元`) or a
/// 分值/得分 (`分`).
pub fn unit_hint(score: bool) -> &'static str {
    if score {
        "请填写如 7.00 的分数（单位：分）"
    } else {
        "请填写如 50000.00 的金额（单位：元）"
    }
}

/// [`unit_hint`] for a template's money unit.
pub fn unit_hint_in(score: bool, unit: crate::template::MoneyUnit) -> &'static str {
    match (score, unit) {
        (false, crate::template::MoneyUnit::WanYuan) => {
            "请填写如 5.36578 的金额（单位：万元，最多六位小数）"
        }
        _ => unit_hint(score),
    }
}

/// Round half up (away from zero at .5) to `dp` decimals.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Print with exactly two decimals: `7.3` → `7.30`.
pub fn fmt2(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

/// Print with two decimals and thousands separators: `1,234,567.50`.
pub fn fmt_money(d: Decimal) -> String {
    let s = fmt2(d);
    let (sign, body) = s.strip_prefix('-').map_or(("", s.as_str()), |b| ("-", b));
    let (int, frac) = body.split_once('.').unwrap_or((body, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parses_what_officers_type() {
        assert_eq!(parse_amount("50000.00"), Ok(dec!(50000.00)));
        assert_eq!(parse_amount("1,907,000.00"), Ok(dec!(1907000.00)));
        assert_eq!(parse_amount("３６５７.８"), Ok(dec!(3657.8)));
        assert!(parse_amount("abc").unwrap_err().contains("不是数字"));
        assert!(parse_amount("1.2.3").is_err());
        assert!(parse_amount("1e5").is_err());
        assert!(parse_amount("1000000000000").unwrap_err().contains("过大"));
        assert!(parse_amount("1.234").unwrap_err().contains("两位小数"));
    }

    #[test]
    fn rounds_half_up_and_prints() {
        assert_eq!(fmt2(dec!(0.7316)), "0.73");
        assert_eq!(fmt2(dec!(9.595)), "9.60");
        assert_eq!(fmt2(dec!(7)), "7.00");
        assert_eq!(fmt_money(dec!(13085288.7)), "13,085,288.70");
        assert_eq!(fmt_money(dec!(999999999999.99)), "999,999,999,999.99");
        assert_eq!(fmt_money(dec!(-5)), "-5.00");
        assert_eq!(fmt_money(dec!(100)), "100.00");
    }
}
