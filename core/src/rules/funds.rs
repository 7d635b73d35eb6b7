//! 资金使用情况: effective totals, 执行率 and the funds 得分.
//!
//! 执行率 = 全年执行数 / 全年预算数 × 100, rounded half-up to 2 decimals.
//! 得分 = 分值 × 全年执行数 / 全年预算数, rounded half-up, never above 分值.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{FundColumn, FundRow, FundRowKind, Funds};
use crate::money::round2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundsEval {
    /// 分值 of the funds part.
    pub weight: Decimal,
    /// The total row as used: typed values, or the sum of the parts where empty.
    pub total: FundRow,
    /// 执行率（%）.
    pub execution_rate: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
}

/// Sum of the three parts of one column, if any part is filled.
pub fn parts_sum(funds: &Funds, col: FundColumn) -> Option<Decimal> {
    let vals: Vec<Decimal> = FundRowKind::PARTS
        .iter()
        .filter_map(|k| funds.row(*k).get(col))
        .collect();
    if vals.is_empty() {
        None
    } else {
        Some(vals.into_iter().sum())
    }
}

pub fn evaluate(funds: &Funds, default_weight: Decimal) -> FundsEval {
    let mut total = funds.total;
    for col in FundColumn::ALL {
        if total.get(col).is_none() {
            total.set(col, parts_sum(funds, col));
        }
    }
    let weight = funds.weight.unwrap_or(default_weight);
    let (rate, score) = match (total.annual_budget, total.executed) {
        (Some(b), Some(e)) if b > Decimal::ZERO && e >= Decimal::ZERO => (
            Some(round2(e * Decimal::ONE_HUNDRED / b)),
            Some(round2(weight * e / b).min(weight)),
        ),
        _ => (None, None),
    };
    FundsEval {
        weight,
        total,
        execution_rate: rate,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn funds(budget: Decimal, executed: Decimal) -> Funds {
        let mut f = Funds::default();
        f.current_year.annual_budget = Some(budget);
        f.current_year.executed = Some(executed);
        f
    }

    #[test]
    fn seed_rates_and_scores() {
        let e = evaluate(&funds(dec!(50000), dec!(3657.80)), dec!(10));
        assert_eq!(
            (e.execution_rate, e.score),
            (Some(dec!(7.32)), Some(dec!(0.73)))
        );
        let e = evaluate(&funds(dec!(680000), dec!(652492.88)), dec!(10));
        assert_eq!(
            (e.execution_rate, e.score),
            (Some(dec!(95.95)), Some(dec!(9.60)))
        );
        let e = evaluate(&funds(dec!(41000), dec!(39099.42)), dec!(10));
        assert_eq!(
            (e.execution_rate, e.score),
            (Some(dec!(95.36)), Some(dec!(9.54)))
        );
    }

    #[test]
    fn score_never_above_weight_and_zero_budget_has_none() {
        let e = evaluate(&funds(dec!(100), dec!(150)), dec!(10));
        assert_eq!(e.score, Some(dec!(10)));
        assert_eq!(e.execution_rate, Some(dec!(150.00)));
        let e = evaluate(&funds(dec!(0), dec!(5)), dec!(10));
        assert_eq!((e.execution_rate, e.score), (None, None));
    }
}
