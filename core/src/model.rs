//! The form model: what an officer fills in on a 项目支出绩效自评表.
//!
//! Money and scores are `rust_decimal::Decimal` (never floats). Free text is
//! kept exactly as typed; the rules judge it, nothing here rewrites it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One self-evaluation form for one project and year.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Template id, e.g. `shenzhen`. Selects labels, limits, weights and rules.
    pub template: String,
    pub header: Header,
    pub funds: Funds,
    pub goals: Goals,
    pub indicators: Vec<Indicator>,
    /// The template's own text cells (`texts.conclusion`: 评价结论, 存在问题 …),
    /// by key. Only keys the form's template declares are kept.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub texts: std::collections::BTreeMap<String, String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// 项目编码 (21 digits in Shenzhen).
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 绩效自评年度, e.g. `2023`. Kept as typed; validated as a 4-digit year.
    pub year: String,
    /// 实施单位.
    pub implementing_unit: String,
    /// 一级预算单位 (the national and Sichuan forms call it 主管部门).
    pub budget_unit: String,
}

/// 资金使用情况: the total row and its parts, amounts in the template's unit
/// (元, or 万元 where the template says so).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    /// 分值 of the funds part (10 by default).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weight: Option<Decimal>,
    /// 年度资金总额. Left empty, each column is the sum of the three parts.
    pub total: FundRow,
    /// 其中：当年财政拨款.
    pub current_year: FundRow,
    /// 上年结转资金.
    pub carried_over: FundRow,
    /// 其他资金.
    pub other: FundRow,
    /// 财政专户管理资金 (Sichuan).
    #[serde(default, skip_serializing_if = "FundRow::is_empty")]
    pub special_account: FundRow,
    /// 单位资金 (Sichuan).
    #[serde(default, skip_serializing_if = "FundRow::is_empty")]
    pub unit_own: FundRow,
    /// 原因: why the budget was not executed (Sichuan: needed under 90 %).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FundRow {
    /// 年初预算数.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub initial_budget: Option<Decimal>,
    /// 全年预算数.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub annual_budget: Option<Decimal>,
    /// 全年执行数.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub executed: Option<Decimal>,
}

/// The funds rows a template may show. Each template names its rows
/// (Shenzhen's 当年财政拨款 is Sichuan's 财政资金: the fiscal appropriation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundRowKind {
    Total,
    CurrentYear,
    CarriedOver,
    Other,
    SpecialAccount,
    UnitOwn,
}

impl FundRowKind {
    pub const ALL: [FundRowKind; 6] = [
        FundRowKind::Total,
        FundRowKind::CurrentYear,
        FundRowKind::CarriedOver,
        FundRowKind::Other,
        FundRowKind::SpecialAccount,
        FundRowKind::UnitOwn,
    ];
    /// The rows that add up to the total.
    pub const PARTS: [FundRowKind; 5] = [
        FundRowKind::CurrentYear,
        FundRowKind::CarriedOver,
        FundRowKind::Other,
        FundRowKind::SpecialAccount,
        FundRowKind::UnitOwn,
    ];
    pub fn key(self) -> &'static str {
        match self {
            FundRowKind::Total => "total",
            FundRowKind::CurrentYear => "current_year",
            FundRowKind::CarriedOver => "carried_over",
            FundRowKind::Other => "other",
            FundRowKind::SpecialAccount => "special_account",
            FundRowKind::UnitOwn => "unit_own",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The three amount columns of a funds row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundColumn {
    InitialBudget,
    AnnualBudget,
    Executed,
}

impl FundColumn {
    pub const ALL: [FundColumn; 3] = [
        FundColumn::InitialBudget,
        FundColumn::AnnualBudget,
        FundColumn::Executed,
    ];
    pub fn key(self) -> &'static str {
        match self {
            FundColumn::InitialBudget => "initial_budget",
            FundColumn::AnnualBudget => "annual_budget",
            FundColumn::Executed => "executed",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

impl Funds {
    pub fn row(&self, kind: FundRowKind) -> &FundRow {
        match kind {
            FundRowKind::Total => &self.total,
            FundRowKind::CurrentYear => &self.current_year,
            FundRowKind::CarriedOver => &self.carried_over,
            FundRowKind::Other => &self.other,
            FundRowKind::SpecialAccount => &self.special_account,
            FundRowKind::UnitOwn => &self.unit_own,
        }
    }
    pub fn row_mut(&mut self, kind: FundRowKind) -> &mut FundRow {
        match kind {
            FundRowKind::Total => &mut self.total,
            FundRowKind::CurrentYear => &mut self.current_year,
            FundRowKind::CarriedOver => &mut self.carried_over,
            FundRowKind::Other => &mut self.other,
            FundRowKind::SpecialAccount => &mut self.special_account,
            FundRowKind::UnitOwn => &mut self.unit_own,
        }
    }
}

impl FundRow {
    pub fn is_empty(&self) -> bool {
        *self == FundRow::default()
    }
    pub fn get(&self, col: FundColumn) -> Option<Decimal> {
        match col {
            FundColumn::InitialBudget => self.initial_budget,
            FundColumn::AnnualBudget => self.annual_budget,
            FundColumn::Executed => self.executed,
        }
    }
    pub fn set(&mut self, col: FundColumn, v: Option<Decimal>) {
        match col {
            FundColumn::InitialBudget => self.initial_budget = v,
            FundColumn::AnnualBudget => self.annual_budget = v,
            FundColumn::Executed => self.executed = v,
        }
    }
}

/// 项目目标完成情况 / 年度总体目标.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// 预期目标 *.
    pub expected: String,
    /// 实际完成情况 *.
    pub actual: String,
}

/// One 三级指标 row of 年度绩效指标.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标, e.g. `产出指标`.
    pub level1: String,
    /// 二级指标, e.g. `数量指标`.
    pub level2: String,
    /// 三级指标 (the indicator's name).
    pub name: String,
    /// 年度指标值 *, e.g. `≥200人次`.
    pub target: String,
    /// 实际完成值 *, e.g. `200人次`.
    pub actual: String,
    /// 分值 *.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weight: Option<Decimal>,
    /// 得分 *. Left empty, the rule's suggested score is used.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施.
    pub deviation: String,
    /// 指标性质 (`≥`, `≤`, `=`, `定性` …) where the template has its own column
    /// for it; elsewhere the operator is written inside `target`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nature: String,
    /// 度量单位 where the template has its own column for it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// For qualitative indicators: the tier the officer chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
}

impl Indicator {
    /// Whether the row is in the 一级/二级 group (l1, l2), as typed (spaces
    /// around either name do not count).
    pub fn in_group(&self, l1: &str, l2: &str) -> bool {
        self.level1.trim() == l1.trim() && self.level2.trim() == l2.trim()
    }
}

#[cfg(test)]
impl Indicator {
    /// An 产出指标 row for the rules' unit tests.
    pub(crate) fn sample(level2: &str, target: &str, actual: &str, weight: Decimal) -> Indicator {
        Indicator {
            level1: "产出指标".into(),
            level2: level2.into(),
            name: "测试指标".into(),
            target: target.into(),
            actual: actual.into(),
            weight: Some(weight),
            ..Indicator::default()
        }
    }
}

/// The three tiers of a qualitative indicator.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 达成年度指标: 80–100 % of 分值.
    Achieved,
    /// 部分达成年度指标并具有一定效果: 60–80 % of 分值.
    Partial,
    /// 未达成年度指标且效果较差: 0–60 % of 分值.
    NotAchieved,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Achieved, Tier::Partial, Tier::NotAchieved];
    pub fn key(self) -> &'static str {
        match self {
            Tier::Achieved => "achieved",
            Tier::Partial => "partial",
            Tier::NotAchieved => "not_achieved",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Tier::Achieved => "达成年度指标",
            Tier::Partial => "部分达成年度指标并具有一定效果",
            Tier::NotAchieved => "未达成年度指标且效果较差",
        }
    }
    /// The band of the score, as fractions of 分值: `(low, high)`, inclusive.
    pub fn band(self) -> (Decimal, Decimal) {
        match self {
            Tier::Achieved => (Decimal::new(80, 2), Decimal::ONE),
            Tier::Partial => (Decimal::new(60, 2), Decimal::new(80, 2)),
            Tier::NotAchieved => (Decimal::ZERO, Decimal::new(60, 2)),
        }
    }
}

impl Form {
    /// An empty form of the given template, with the template's default
    /// indicator skeleton (one row per 二级指标).
    pub fn blank(template: &crate::template::Template) -> Form {
        let mut f = Form {
            template: template.id.clone(),
            ..Form::default()
        };
        f.funds.weight = Some(template.weights.funds);
        for l1 in &template.level1 {
            for l2 in &l1.level2 {
                f.indicators.push(Indicator {
                    level1: l1.name.clone(),
                    level2: l2.clone(),
                    ..Indicator::default()
                });
            }
        }
        f
    }
}
