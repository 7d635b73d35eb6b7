//! Converting a form to another template, offered only where no cell is
//! lost: amounts are rescaled between 元 and 万元 exactly, 指标性质 and
//! 度量单位 are split out of (or put back into) the target text, and unused
//! rows (无/不适用, 分值 0) of a 二级指标 the other template lacks are left
//! behind. Anything else the other template has no cell for refuses the
//! conversion, naming the cell.

use rust_decimal::Decimal;

use super::Template;
use crate::field::{Field, IndicatorColumn as C};
use crate::model::{Form, FundColumn, FundRowKind, Indicator};
use crate::rules::indicator::{composed, is_not_applicable};

/// Why a form cannot be converted: the cells that would be lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法转换为「{target}」：{}。请先清空或移走这些内容，再转换", lost.join("；"))]
pub struct ConvertError {
    pub target: String,
    /// Each cell that has no place in the other template, described.
    pub lost: Vec<String>,
}

/// The form in `to`'s template, or what would be lost.
pub fn convert(form: &Form, to: &Template) -> Result<Form, ConvertError> {
    let from = Template::by_id(&form.template).map_err(|e| ConvertError {
        target: to.name.clone(),
        lost: vec![e.to_string()],
    })?;
    let mut lost = Vec::new();
    let mut out = form.clone();
    out.template = to.id.clone();
    // Header, goals, 原因 and text blocks: kept where the other template has them.
    for field in from.text_fields() {
        let value = crate::edit::cell_text(form, field).unwrap_or_default();
        if !value.trim().is_empty() && !to.shows(field) {
            lost.push(format!(
                "{}「{}」",
                from.spec_of(field).label,
                value.chars().take(40).collect::<String>()
            ));
        }
    }
    out.texts
        .retain(|k, _| crate::field::TextKey::new(k).is_some_and(|k| to.text_keys().contains(&k)));
    // Amounts: rescaled exactly; a row the other template lacks may hold zeros only.
    let scale = from.money_unit.yuan() / to.money_unit.yuan();
    let to_rows: Vec<FundRowKind> = to
        .funds_spec()
        .map(|s| s.rows.iter().map(|r| r.row).collect())
        .unwrap_or_default();
    for kind in FundRowKind::ALL {
        let shown = to_rows.contains(&kind);
        for col in FundColumn::ALL {
            let v = form.funds.row(kind).get(col);
            let scaled = v.map(|d| (d * scale).normalize());
            match scaled {
                Some(d) if !shown && !d.is_zero() => lost.push(format!(
                    "{}「{}」",
                    from.describe(Field::Fund(kind, col))
                        .unwrap_or_else(|| Field::Fund(kind, col).describe()),
                    crate::money::fmt_in(v.unwrap_or_default(), from.money_unit)
                )),
                _ => {}
            }
            let kept = if shown { scaled.map(with_cents) } else { None };
            out.funds.row_mut(kind).set(col, kept);
        }
    }
    // Indicators.
    let split = to.shows(Field::Indicator(0, C::Nature));
    out.indicators.clear();
    for (i, ind) in form.indicators.iter().enumerate() {
        let in_vocab = to.level2_of(ind.level1.trim(), ind.level2.trim());
        if !in_vocab {
            let unused = is_not_applicable(from, ind)
                && ind.weight.is_none_or(|w| w.is_zero())
                && ind.score.is_none_or(|s| s.is_zero())
                && (from.is_not_applicable(&ind.deviation) || ind.deviation.trim() == "无偏差");
            if unused {
                continue;
            }
            lost.push(format!(
                "绩效指标第{}行「{}」（二级指标「{}」不在目标模板中）",
                i + 1,
                ind.name.trim(),
                ind.level2.trim()
            ));
            continue;
        }
        let mut row = composed(from, ind).into_owned();
        row.nature.clear();
        row.unit.clear();
        if split {
            split_target(to, &mut row);
        }
        out.indicators.push(row);
    }
    if lost.is_empty() {
        Ok(out)
    } else {
        Err(ConvertError {
            target: to.name.clone(),
            lost,
        })
    }
}

/// Amounts keep at least two decimals, as typed ones do.
fn with_cents(mut d: Decimal) -> Decimal {
    if d.scale() < 2 {
        d.rescale(2);
    }
    d
}

/// `≥200人次` → 指标性质 `≥`, 指标值 `200`, 度量单位 `人次` (and `200人次`
/// done → `200`); a target without a number → `定性`. A target of several
/// parts or any other shape stays whole in 指标值.
fn split_target(to: &Template, ind: &mut Indicator) {
    let t = ind.target.trim().to_string();
    if to.is_not_applicable(&t) || crate::rules::target::split_parts(&t).len() > 1 {
        return;
    }
    if !crate::rules::target::has_digit(&t) {
        ind.nature = "定性".into();
        ind.target = t;
        return;
    }
    let ops = ['≥', '≤', '=', '>', '<', '＞', '＜', '＝'];
    let op: String = t.chars().take_while(|c| ops.contains(c)).collect();
    let rest = &t[op.len()..];
    let num_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(rest.len(), |(i, _)| i);
    let (num, unit) = rest.split_at(num_end);
    if op.is_empty() || num.is_empty() || crate::rules::target::has_digit(unit) {
        return;
    }
    let op = match op.as_str() {
        "＞" => ">".to_string(),
        "＜" => "<".to_string(),
        "＝" => "=".to_string(),
        o => o.to_string(),
    };
    ind.nature = op;
    ind.target = num.to_string();
    ind.unit = unit.trim().to_string();
    let a = ind.actual.trim();
    if !ind.unit.is_empty() {
        if let Some(n) = a.strip_suffix(ind.unit.as_str()) {
            let n = n.trim();
            if n.parse::<Decimal>().is_ok() {
                ind.actual = n.to_string();
            }
        }
    }
}

/// Which templates a form can be converted to without losing a cell.
pub fn convertible_to(form: &Form) -> Vec<&'static Template> {
    Template::available()
        .into_iter()
        .filter(|t| t.id != form.template && convert(form, t).is_ok())
        .collect()
}
