//! The rules: computed cells, suggested scores and the validation report.

pub mod deadline;
pub mod funds;
pub mod indicator;
pub mod target;
mod validate;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::field::Field;
use crate::model::Form;
use crate::template::Template;
pub use funds::FundsEval;
pub use indicator::{Judgement, Kind};

/// How serious an issue is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be fixed before the form can be finalised or exported as final.
    Error,
    /// Worth a look; allowed (e.g. weights adjusted "in special cases").
    Warning,
}

/// One finding of the rules, tied to the cell it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// The cell, or `None` for the form as a whole.
    pub field: Option<Field>,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// A required cell left empty: still counted as an error (定稿 and
    /// export see it), but the editor shows it as something still to fill
    /// (「还需填写 N 项」) until the officer has left the cell.
    pub blank: bool,
}

impl Issue {
    /// The issue as one line for a person: 「where：what」, where naming the
    /// cell as the officer sees it (「资金 · 年度资金总额 · 全年执行数」) unless
    /// the message already names its row.
    pub fn text_in(&self, form: &Form) -> String {
        match self.field {
            Some(Field::Indicator(i, _))
                if self
                    .message
                    .starts_with(&crate::field::indicator_place(form, i)) =>
            {
                self.message.clone()
            }
            Some(f) => format!("{}：{}", f.describe_in(form), self.message),
            None => self.message.clone(),
        }
    }
}

/// One indicator row as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorEval {
    #[serde(flatten)]
    pub judgement: Judgement,
    /// The score that counts: typed, or else suggested.
    pub effective_score: Option<Decimal>,
    /// The allowed band of the score for the row's tier, in points.
    pub band: Option<(Decimal, Decimal)>,
    /// The typed 得分 is above the 分值 (an error on the row, and a 总分
    /// that cannot be trusted).
    pub over_weight: bool,
}

/// Everything computed from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub funds: FundsEval,
    pub indicators: Vec<IndicatorEval>,
    /// 总分 分值: funds 分值 + Σ indicator 分值.
    pub total_weight: Decimal,
    /// 总分 得分: funds 得分 + Σ indicator 得分 (typed or suggested).
    pub total_score: Decimal,
    /// 评价等级 of `total_score` by the template's grades (`优` …).
    pub grade: String,
    pub issues: Vec<Issue>,
}

impl Evaluation {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }
    /// Number of issues of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }
}

/// Compute and check a form against its template.
pub fn evaluate(form: &Form, t: &Template) -> Evaluation {
    let funds = funds::evaluate(&form.funds, t.weights.funds);
    let indicators: Vec<IndicatorEval> = form
        .indicators
        .iter()
        .map(|ind| {
            let judgement = indicator::judge(t, ind);
            let band = match (judgement.tier, ind.weight) {
                (Some(tier), Some(w)) if judgement.kind == Kind::Qualitative => {
                    let (lo, hi) = tier.band();
                    Some((lo * w, hi * w))
                }
                _ => None,
            };
            IndicatorEval {
                effective_score: ind.score.or(judgement.suggested),
                judgement,
                band,
                over_weight: matches!((ind.score, ind.weight), (Some(s), Some(w)) if s > w),
            }
        })
        .collect();
    let total_weight = funds.weight
        + form
            .indicators
            .iter()
            .filter_map(|i| i.weight)
            .sum::<Decimal>();
    let total_score = funds.score.unwrap_or_default()
        + indicators
            .iter()
            .filter_map(|i| i.effective_score)
            .sum::<Decimal>();
    let mut ev = Evaluation {
        funds,
        indicators,
        total_weight,
        total_score,
        grade: t.grade(total_score).to_string(),
        issues: Vec::new(),
    };
    ev.issues = validate::issues(form, t, &ev);
    ev.issues.sort_by_key(|i| i.severity);
    ev
}
