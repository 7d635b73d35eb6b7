//! The suggested score of one 三级指标 row.
//!
//! - Quantitative, positive (≥, 突破, 以上, or a plain value): met → full 分值,
//!   else 分值 × actual / target.
//! - Quantitative, reverse (≤, 不超过, 以内; a plain value under a cost 二级指标):
//!   met → full 分值, else the template's [`ReverseRule`].
//! - Several targets in one cell: each part is judged, the score is 分值 × the
//!   mean of the parts' ratios.
//! - Qualitative (no number in 年度指标值): the tiers of 财预〔2020〕10号 —
//!   达成年度指标 80–100 % of 分值, 部分达成 60–80 %, 未达成 0–60 %. With
//!   实际完成值 given as a percentage (a completion degree, `97.42%`), the tier
//!   it falls in; a time target (`第四季度前完成`) against the period the actual
//!   names (`第三季度`, see [`super::deadline`]) is 达成 when on time. 达成 suggests
//!   the full 分值 (the target is reached, as the printed forms score it);
//!   部分达成 / 未达成, 分值 × the percentage. Otherwise the officer chooses the
//!   tier and the score must lie in its band.
//! - Unused rows (`无`, `不适用`) score 0.

use rust_decimal::Decimal;
use serde::Serialize;

use super::deadline;
use super::target::{
    has_digit, parse_quantity, split_parts, units_compatible, Direction, TargetPart,
};
use crate::model::{Indicator, Tier};
use crate::money::round2;
use crate::template::{ReverseRule, Template};

/// What kind of indicator a row is, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Quantitative,
    Qualitative,
    NotApplicable,
    /// The rules could not read the row (see `note`).
    Unjudged,
}

/// The rules' reading of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub kind: Kind,
    /// The score the rule suggests, rounded half-up to 2 decimals.
    pub suggested: Option<Decimal>,
    /// actual / target over all parts, 1 when met (positive) — for deviation checks.
    pub met: Option<bool>,
    /// Largest actual/target of an at-least part (for "far exceeded").
    pub max_ratio: Option<Decimal>,
    /// For qualitative rows: the tier chosen, or inferred from a percentage.
    pub tier: Option<Tier>,
    /// Why the rule could not suggest a score, in Chinese.
    pub note: Option<String>,
    /// The target `1` was read as 100 % (a common typing mistake).
    pub one_for_hundred: bool,
}

impl Judgement {
    fn new(kind: Kind) -> Self {
        Judgement {
            kind,
            suggested: None,
            met: None,
            max_ratio: None,
            tier: None,
            note: None,
            one_for_hundred: false,
        }
    }
    fn unjudged(note: String) -> Self {
        Judgement {
            note: Some(note),
            ..Judgement::new(Kind::Unjudged)
        }
    }
}

/// Whether a row is an unused group (`无` / `不适用`).
pub fn is_not_applicable(t: &Template, ind: &Indicator) -> bool {
    let name = ind.name.trim();
    !name.is_empty() && t.is_not_applicable(name)
        || name.is_empty()
            && !ind.target.trim().is_empty()
            && t.is_not_applicable(&ind.target)
            && t.is_not_applicable(&ind.actual)
}

/// The tier a ratio of 分值 falls in.
pub fn tier_of_ratio(r: Decimal) -> Tier {
    if r >= Decimal::new(80, 2) {
        Tier::Achieved
    } else if r >= Decimal::new(60, 2) {
        Tier::Partial
    } else {
        Tier::NotAchieved
    }
}

/// Which way a target without a comparison word reads: at most for the
/// 二级 groups the template lists (成本指标: spending less is better), else at
/// least.
pub(crate) fn default_direction(t: &Template, level2: &str) -> Direction {
    if t.cost_default_reverse.iter().any(|l| l == level2.trim()) {
        Direction::AtMost
    } else {
        Direction::AtLeast
    }
}

/// The row as the rules read it: where the template keeps 指标性质 and
/// 度量单位 in their own columns, they are put back around the value
/// (`≥` `200` `人次` reads `≥200人次`), so every template scores alike.
pub fn composed<'a>(t: &Template, ind: &'a Indicator) -> std::borrow::Cow<'a, Indicator> {
    let nature = ind.nature.trim();
    let unit = ind.unit.trim();
    if nature.is_empty() && unit.is_empty() {
        return std::borrow::Cow::Borrowed(ind);
    }
    let mut c = ind.clone();
    let op = if nature == "定性" { "" } else { nature };
    let target = ind.target.trim();
    if !t.is_not_applicable(target) {
        c.target = format!("{op}{target}{}", if has_digit(target) { unit } else { "" });
    }
    // A bare number done is in the column's unit; one written with its own
    // unit (`3657.8元`) stays as written.
    let actual = ind.actual.trim();
    if !unit.is_empty() && actual.ends_with(|c: char| c.is_ascii_digit()) {
        c.actual = format!("{actual}{unit}");
    }
    std::borrow::Cow::Owned(c)
}

/// Judge one indicator row.
pub fn judge(t: &Template, ind: &Indicator) -> Judgement {
    let ind = &*composed(t, ind);
    if is_not_applicable(t, ind) {
        let mut j = Judgement::new(Kind::NotApplicable);
        j.suggested = Some(Decimal::ZERO);
        return j;
    }
    let Some(weight) = ind.weight else {
        return Judgement::unjudged("分值未填写，无法计算得分".into());
    };
    if ind.target.trim().is_empty() || ind.actual.trim().is_empty() {
        return Judgement::unjudged("年度指标值或实际完成值未填写，无法计算得分".into());
    }
    if !has_digit(&ind.target) {
        return judge_qualitative(ind, weight);
    }
    judge_quantitative(t, ind, weight)
}

fn judge_qualitative(ind: &Indicator, weight: Decimal) -> Judgement {
    let mut j = Judgement::new(Kind::Qualitative);
    j.tier = ind.tier;
    // The evidence: a completion degree (`97.42%`), or a period of the year
    // against a time target (`第三季度` for `第四季度前完成`).
    let mut evidence = None;
    let parts = split_parts(&ind.actual);
    if let [only] = parts.as_slice() {
        if let Ok((_, q)) = parse_quantity(only) {
            if q.unit == "%" {
                let ratio = (q.value / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, Decimal::ONE);
                evidence = Some((tier_of_ratio(ratio), ratio));
            }
        }
    }
    if evidence.is_none() {
        if let (Some(deadline), Some(done)) = (
            deadline::deadline_month(&ind.target),
            deadline::actual_month(&ind.actual),
        ) {
            if done <= deadline {
                evidence = Some((Tier::Achieved, Decimal::ONE));
            } else {
                j.met = Some(false);
                if j.tier.is_none() {
                    j.note = Some(format!(
                        "完成时间「{}」晚于年度指标值「{}」的要求：请选择达成等级，并在对应区间内填写得分",
                        ind.actual.trim(),
                        ind.target.trim()
                    ));
                }
                return j;
            }
        }
    }
    if let Some((tier, ratio)) = evidence {
        match j.tier {
            Some(chosen) if chosen != tier => {
                // The officer's tier differs from what the actual shows: the
                // score is theirs to give, within the chosen tier's band.
                j.met = Some(chosen == Tier::Achieved);
            }
            _ => {
                j.tier = Some(tier);
                j.suggested = Some(tier_score(tier, ratio, weight));
                j.met = Some(tier == Tier::Achieved);
            }
        }
        return j;
    }
    if j.tier.is_none() {
        j.note = Some(format!(
            "定性指标（年度指标值「{}」），实际完成值「{}」不是百分比或完成时间，无法自动评分：请选择达成等级，并在对应区间内填写得分",
            ind.target.trim(),
            ind.actual.trim()
        ));
    }
    j
}

/// The suggested score of a qualitative row whose actual shows `ratio` of
/// the target reached, in `tier`: a target reached (达成年度指标, 80–100 %)
/// earns the full 分值, as the printed forms give it (基本满意 with 97.42 %
/// → 10.00 of 10); below that, 分值 × the ratio, which lies in the tier's band.
fn tier_score(tier: Tier, ratio: Decimal, weight: Decimal) -> Decimal {
    match tier {
        Tier::Achieved => weight,
        Tier::Partial | Tier::NotAchieved => round2(weight * ratio),
    }
}

fn judge_quantitative(t: &Template, ind: &Indicator, weight: Decimal) -> Judgement {
    let targets = split_parts(&ind.target);
    let actuals = split_parts(&ind.actual);
    if targets.len() != actuals.len() {
        return Judgement::unjudged(format!(
            "年度指标值有 {} 项，实际完成值有 {} 项，无法逐项比对；请用“；”分隔并一一对应",
            targets.len(),
            actuals.len()
        ));
    }
    let default_dir = default_direction(t, &ind.level2);
    let mut j = Judgement::new(Kind::Quantitative);
    let mut ratios = Vec::with_capacity(targets.len());
    let mut all_met = true;
    for (tp, ap) in targets.iter().zip(&actuals) {
        let (dir, mut tq) = match parse_quantity(tp) {
            Ok(x) => x,
            Err(why) => return Judgement::unjudged(format!("年度指标值无法识别：{why}")),
        };
        let (_, aq) = match parse_quantity(ap) {
            Ok(x) => x,
            Err(why) => return Judgement::unjudged(format!("实际完成值无法识别：{why}")),
        };
        // `1` typed for 100 %.
        if tq.unit.is_empty()
            && aq.unit == "%"
            && tq.value <= Decimal::ONE
            && tq.value > Decimal::ZERO
        {
            tq.value *= Decimal::ONE_HUNDRED;
            tq.unit = "%".into();
            j.one_for_hundred = true;
        }
        if !units_compatible(&tq.unit, &aq.unit) {
            return Judgement::unjudged(format!(
                "单位不一致：年度指标值「{tp}」的单位是「{}」，实际完成值「{ap}」的单位是「{}」；请统一单位",
                tq.unit, aq.unit
            ));
        }
        let part = TargetPart {
            direction: dir.unwrap_or(default_dir),
            explicit: dir.is_some(),
            quantity: tq,
        };
        let (target, actual) = (part.quantity.value, aq.value);
        let ratio = match part.direction {
            Direction::AtLeast => {
                if actual >= target {
                    if target > Decimal::ZERO {
                        let r = actual / target;
                        j.max_ratio = Some(j.max_ratio.map_or(r, |m: Decimal| m.max(r)));
                    }
                    Decimal::ONE
                } else {
                    all_met = false;
                    if target > Decimal::ZERO {
                        (actual / target).max(Decimal::ZERO)
                    } else {
                        Decimal::ZERO
                    }
                }
            }
            Direction::AtMost => {
                if actual <= target {
                    Decimal::ONE
                } else {
                    all_met = false;
                    if target <= Decimal::ZERO {
                        Decimal::ZERO
                    } else {
                        match t.reverse_rule {
                            ReverseRule::TargetOverActual => target / actual,
                            ReverseRule::LinearToZeroAtDouble => {
                                (Decimal::ONE - (actual - target) / target).max(Decimal::ZERO)
                            }
                        }
                    }
                }
            }
        };
        ratios.push(ratio);
    }
    let n = Decimal::from(ratios.len());
    // Multiply before dividing so a single part is exactly 分值 × actual / target.
    let sum: Decimal = ratios.iter().copied().sum();
    j.suggested = Some(round2(weight * sum / n).min(weight));
    j.met = Some(all_met);
    j
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn s(level2: &str, target: &str, actual: &str, weight: Decimal) -> Option<Decimal> {
        judge(
            Template::default_template(),
            &Indicator::sample(level2, target, actual, weight),
        )
        .suggested
    }

    #[test]
    fn seed_quantitative_scores() {
        assert_eq!(
            s("数量指标", "全年突破21万", "17.76万", dec!(6)),
            Some(dec!(5.07))
        );
        assert_eq!(s("成本指标", "≥95%", "92.78%", dec!(8)), Some(dec!(7.81)));
        assert_eq!(s("成本指标", "≥95%", "91.63%", dec!(2)), Some(dec!(1.93)));
        assert_eq!(
            s("成本指标", "≤5万元", "3657.8元", dec!(8)),
            Some(dec!(8.00))
        );
        assert_eq!(
            s("成本指标", "41000", "39099.42元", dec!(12.5)),
            Some(dec!(12.50))
        );
        assert_eq!(
            s(
                "数量指标",
                "≥100张；≥50份；≥10份",
                "158张；167份；72份",
                dec!(6)
            ),
            Some(dec!(6))
        );
        assert_eq!(
            s("满意度指标", "99%以上", "99.98%", dec!(10)),
            Some(dec!(10))
        );
    }

    #[test]
    fn reverse_rules_differ_by_template() {
        let mut t = Template::default_template().clone();
        let r = Indicator::sample("成本指标", "≤100万元", "125万元", dec!(10));
        assert_eq!(judge(&t, &r).suggested, Some(dec!(8.00)));
        t.reverse_rule = ReverseRule::LinearToZeroAtDouble;
        assert_eq!(judge(&t, &r).suggested, Some(dec!(7.50)));
        let r2 = Indicator::sample("成本指标", "≤100万元", "250万元", dec!(10));
        assert_eq!(judge(&t, &r2).suggested, Some(dec!(0.00)));
    }

    #[test]
    fn one_part_unmet_of_several() {
        assert_eq!(
            s("数量指标", "≥100张；≥50份", "50张；50份", dec!(6)),
            Some(dec!(4.50))
        );
    }

    #[test]
    fn qualitative_rows() {
        let t = Template::default_template();
        let j = judge(
            t,
            &Indicator::sample("社会效益指标", "有效", "100%", dec!(30)),
        );
        assert_eq!(
            (j.kind, j.suggested, j.tier),
            (Kind::Qualitative, Some(dec!(30)), Some(Tier::Achieved))
        );
        // 基本满意 with 97.42 %: the target is reached, the full 分值 (seed 平台运营).
        let j = judge(
            t,
            &Indicator::sample("服务对象满意度指标", "基本满意", "97.42%", dec!(10)),
        );
        assert_eq!(
            (j.suggested, j.tier, j.met),
            (Some(dec!(10)), Some(Tier::Achieved), Some(true))
        );
        // Below 80 %: 分值 × the percentage, inside its tier's band.
        let j = judge(
            t,
            &Indicator::sample("质量指标", "有所提升", "70%", dec!(10)),
        );
        assert_eq!(
            (j.suggested, j.tier),
            (Some(dec!(7.00)), Some(Tier::Partial))
        );
        let j = judge(
            t,
            &Indicator::sample("质量指标", "有所提升", "45.5%", dec!(10)),
        );
        assert_eq!(
            (j.suggested, j.tier),
            (Some(dec!(4.55)), Some(Tier::NotAchieved))
        );
        // A chosen tier that the percentage contradicts: no suggestion.
        let mut r = Indicator::sample("质量指标", "有所提升", "95%", dec!(10));
        r.tier = Some(Tier::Partial);
        assert_eq!(judge(t, &r).suggested, None);
        // Time targets (seed 法律顾问): on time → full, late → the officer's call.
        let j = judge(
            t,
            &Indicator::sample("时效指标", "第四季度前完成", "第三季度", dec!(6)),
        );
        assert_eq!((j.suggested, j.tier), (Some(dec!(6)), Some(Tier::Achieved)));
        let j = judge(
            t,
            &Indicator::sample("时效指标", "第二季度前完成", "第四季度", dec!(6)),
        );
        assert_eq!((j.suggested, j.met), (None, Some(false)));
        assert!(j.note.unwrap().contains("晚于"));
        let j = judge(
            t,
            &Indicator::sample("时效指标", "按时完成", "已完成", dec!(6)),
        );
        assert_eq!(j.suggested, None);
        assert!(j.note.unwrap().contains("达成等级"));
    }

    #[test]
    fn units_and_mistakes() {
        let t = Template::default_template();
        let j = judge(t, &Indicator::sample("质量指标", "1", "100%", dec!(12.5)));
        assert!(j.one_for_hundred);
        assert_eq!(j.suggested, Some(dec!(12.5)));
        let j = judge(t, &Indicator::sample("数量指标", "≥5人", "3次", dec!(5)));
        assert_eq!(j.kind, Kind::Unjudged);
        assert!(j.note.unwrap().contains("单位不一致"));
    }
}
