//! Live formulas of the computed cells, mirroring `rules/` exactly:
//!
//! - 执行率 = ROUND(全年执行数 × 100 / 全年预算数, 2), empty unless 预算数 > 0;
//! - funds 得分 = MIN(分值, ROUND(分值 × 执行数 / 预算数, 2));
//! - 总分 分值 = funds 分值 + Σ indicator 分值; 得分 = funds 得分 + Σ indicator 得分;
//! - an empty 年度资金总额 cell = SUM of the three parts;
//! - an empty indicator 得分 = the rule's ratio of the row's 分值 cell, where
//!   the rule is a ratio of the numbers in 年度指标值 / 实际完成值 (those
//!   numbers are read by the rules and written into the formula as constants).
//!
//! Every formula is written with its cached result (our own Decimal
//! computation), so viewers that do not recalculate show the right numbers.

use rust_decimal::Decimal;

use crate::model::Indicator;
use crate::money::round2;
use crate::rules::indicator::default_direction;
use crate::rules::target::{parse_quantity, split_parts, Direction};
use crate::rules::{Judgement, Kind};
use crate::template::{ReverseRule, Template};

/// A number as a formula literal.
fn lit(d: Decimal) -> String {
    let s = d.normalize().to_string();
    if d.is_sign_negative() {
        format!("({s})")
    } else {
        s
    }
}

/// `=SUM(D7,D8,D9)`: an empty total cell is the sum of its parts.
pub fn parts_sum(parts: &[String]) -> String {
    format!("SUM({})", parts.join(","))
}

/// A constant the rules supplied (a default 分值, a suggested score the
/// formula language cannot express).
pub fn constant(d: Decimal) -> String {
    d.normalize().to_string()
}

/// 执行率（%） of the total row.
pub fn execution_rate(budget: &str, executed: &str) -> String {
    format!(
        "IF(AND(ISNUMBER({budget}),ISNUMBER({executed})),\
         IF(AND({budget}>0,{executed}>=0),ROUND({executed}*100/{budget},2),\"\"),\"\")"
    )
}

/// 得分 of 资金使用情况.
pub fn funds_score(weight: &str, budget: &str, executed: &str) -> String {
    format!(
        "IF(AND(ISNUMBER({budget}),ISNUMBER({executed}),ISNUMBER({weight})),\
         IF(AND({budget}>0,{executed}>=0),MIN({weight},ROUND({weight}*{executed}/{budget},2)),\"\"),\"\")"
    )
}

/// 总分 分值: funds 分值 plus the indicator 分值 column (`range` like `G20:G40`).
pub fn total_weight(funds_weight: &str, range: Option<&str>) -> String {
    match range {
        Some(r) => format!("N({funds_weight})+SUM({r})"),
        None => format!("N({funds_weight})"),
    }
}

/// 总分 得分: funds 得分 plus the indicator 得分 column.
pub fn total_score(funds_score: &str, range: Option<&str>) -> String {
    match range {
        Some(r) => format!("N({funds_score})+SUM({r})"),
        None => format!("N({funds_score})"),
    }
}

/// The formula of an empty indicator 得分 where the rule is a ratio, checked
/// to give exactly the rule's suggestion; `None` where it cannot be written.
pub fn indicator_score(
    t: &Template,
    ind: &Indicator,
    j: &Judgement,
    weight_cell: &str,
) -> Option<String> {
    let weight = ind.weight?;
    let suggested = j.suggested?;
    let (formula, value) = match j.kind {
        Kind::Quantitative => quantitative(t, ind, weight, weight_cell)?,
        Kind::Qualitative => qualitative(ind, j, weight, weight_cell)?,
        _ => return None,
    };
    (value == suggested).then_some(formula)
}

/// A qualitative row (see `rules::indicator`): a percentage of 80 or more
/// earns the full 分值, less earns 分值 × the percentage; a time target met
/// on time earns the full 分值.
fn qualitative(
    ind: &Indicator,
    j: &Judgement,
    weight: Decimal,
    w: &str,
) -> Option<(String, Decimal)> {
    let parts = split_parts(&ind.actual);
    let percent = match parts.as_slice() {
        [only] => parse_quantity(only).ok().filter(|(_, q)| q.unit == "%"),
        _ => None,
    };
    let Some((_, q)) = percent else {
        // Not a percentage: a time target on time (the only other rule that
        // suggests a score) gives the full 分值.
        return (j.met == Some(true) && j.suggested == Some(weight))
            .then(|| (w.to_string(), weight));
    };
    let p = q.value;
    let ratio = (p / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, Decimal::ONE);
    let value = if ratio >= Decimal::new(8, 1) {
        weight
    } else {
        round2(weight * ratio)
    };
    let pl = lit(p);
    Some((
        format!("IF({pl}>=80,{w},ROUND({w}*MIN(1,MAX(0,{pl}/100)),2))"),
        value,
    ))
}

fn quantitative(
    t: &Template,
    ind: &Indicator,
    weight: Decimal,
    w: &str,
) -> Option<(String, Decimal)> {
    let targets = split_parts(&ind.target);
    let actuals = split_parts(&ind.actual);
    if targets.is_empty() || targets.len() != actuals.len() {
        return None;
    }
    let default_dir = default_direction(t, &ind.level2);
    let mut exprs = Vec::with_capacity(targets.len());
    let mut sum = Decimal::ZERO;
    for (tp, ap) in targets.iter().zip(&actuals) {
        let (dir, mut tq) = parse_quantity(tp).ok()?;
        let (_, aq) = parse_quantity(ap).ok()?;
        if tq.unit.is_empty()
            && aq.unit == "%"
            && tq.value <= Decimal::ONE
            && tq.value > Decimal::ZERO
        {
            tq.value *= Decimal::ONE_HUNDRED;
        }
        let (tv, av) = (tq.value, aq.value);
        let (te, ae) = (lit(tv), lit(av));
        let one = Decimal::ONE;
        let (expr, ratio) = match dir.unwrap_or(default_dir) {
            Direction::AtLeast if tv > Decimal::ZERO => (
                format!("MIN(1,MAX(0,{ae}/{te}))"),
                if av >= tv {
                    one
                } else {
                    (av / tv).max(Decimal::ZERO)
                },
            ),
            Direction::AtLeast => {
                let r = if av >= tv { one } else { Decimal::ZERO };
                (lit(r), r)
            }
            Direction::AtMost if tv <= Decimal::ZERO || av <= tv => {
                let r = if av <= tv { one } else { Decimal::ZERO };
                (lit(r), r)
            }
            Direction::AtMost => match t.reverse_rule {
                ReverseRule::TargetOverActual => (format!("{te}/{ae}"), tv / av),
                ReverseRule::LinearToZeroAtDouble => (
                    format!("MAX(0,1-({ae}-{te})/{te})"),
                    (one - (av - tv) / tv).max(Decimal::ZERO),
                ),
            },
        };
        exprs.push(expr);
        sum += ratio;
    }
    let n = Decimal::from(exprs.len());
    let value = round2(weight * sum / n).min(weight);
    let formula = if exprs.len() == 1 {
        format!("MIN({w},ROUND({w}*{},2))", exprs[0])
    } else {
        format!("MIN({w},ROUND({w}*({})/{n},2))", exprs.join("+"))
    };
    Some((formula, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn f(level2: &str, target: &str, actual: &str, w: Decimal) -> Option<String> {
        let t = Template::default_template();
        let ind = Indicator::sample(level2, target, actual, w);
        let j = crate::rules::indicator::judge(t, &ind);
        indicator_score(t, &ind, &j, "G20")
    }

    #[test]
    fn plain_ratios_become_formulas() {
        assert_eq!(
            f("数量指标", "全年突破21万", "17.76万", dec!(6)).unwrap(),
            "MIN(G20,ROUND(G20*MIN(1,MAX(0,177600/210000)),2))"
        );
        assert_eq!(
            f("满意度指标", "有所提升", "95%", dec!(10)).unwrap(),
            "IF(95>=80,G20,ROUND(G20*MIN(1,MAX(0,95/100)),2))"
        );
        assert_eq!(
            f("满意度指标", "有所提升", "70%", dec!(10)).unwrap(),
            "IF(70>=80,G20,ROUND(G20*MIN(1,MAX(0,70/100)),2))"
        );
        assert_eq!(
            f("时效指标", "第四季度前完成", "第三季度", dec!(6)).unwrap(),
            "G20"
        );
        assert!(f("数量指标", "≥100张；≥50份", "50张；50份", dec!(6))
            .unwrap()
            .contains("/2,2)"));
        assert!(f("时效指标", "按时完成", "已完成", dec!(6)).is_none());
    }

    #[test]
    fn literals() {
        assert_eq!(lit(dec!(-5.50)), "(-5.5)");
        assert_eq!(constant(dec!(10.00)), "10");
    }
}
