//! Addresses of the cells of a form (`header.name`, `funds.total.executed`,
//! `indicators[3].target`), used by the layout, the issues, the editor and
//! the importers alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{FundColumn, FundRowKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    HeaderCode,
    HeaderName,
    HeaderYear,
    HeaderImplementingUnit,
    HeaderBudgetUnit,
    FundsWeight,
    Fund(FundRowKind, FundColumn),
    /// 原因 of the funds part (Sichuan).
    FundsReason,
    GoalsExpected,
    GoalsActual,
    Indicator(usize, IndicatorColumn),
    /// One of the template's own text cells (`texts.conclusion`).
    Text(TextKey),
}

/// The key of a template's own text cell: 1–32 of `a-z`, `0-9`, `_`,
/// starting with a letter. Kept inline so that [`Field`] stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextKey {
    len: u8,
    bytes: [u8; 32],
}

impl TextKey {
    pub fn new(s: &str) -> Option<TextKey> {
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return None;
        }
        let mut bytes = [0u8; 32];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(TextKey {
            len: s.len() as u8,
            bytes,
        })
    }
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (checked in `new`).
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl fmt::Debug for TextKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// The columns of an indicator row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Deviation,
    Tier,
    /// 指标性质 (Sichuan: the operator in its own column).
    Nature,
    /// 度量单位 (Sichuan: the unit in its own column).
    Unit,
}

impl IndicatorColumn {
    pub const ALL: [IndicatorColumn; 11] = [
        IndicatorColumn::Level1,
        IndicatorColumn::Level2,
        IndicatorColumn::Name,
        IndicatorColumn::Target,
        IndicatorColumn::Actual,
        IndicatorColumn::Weight,
        IndicatorColumn::Score,
        IndicatorColumn::Deviation,
        IndicatorColumn::Tier,
        IndicatorColumn::Nature,
        IndicatorColumn::Unit,
    ];
    pub fn key(self) -> &'static str {
        match self {
            IndicatorColumn::Level1 => "level1",
            IndicatorColumn::Level2 => "level2",
            IndicatorColumn::Name => "name",
            IndicatorColumn::Target => "target",
            IndicatorColumn::Actual => "actual",
            IndicatorColumn::Weight => "weight",
            IndicatorColumn::Score => "score",
            IndicatorColumn::Deviation => "deviation",
            IndicatorColumn::Tier => "tier",
            IndicatorColumn::Nature => "nature",
            IndicatorColumn::Unit => "unit",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// Every template key a [`Field`] maps to (besides `texts.<key>`).
pub const SPEC_KEYS: &[&str] = &[
    "header.code",
    "header.name",
    "header.year",
    "header.implementing_unit",
    "header.budget_unit",
    "funds.amount",
    "funds.reason",
    "goals.expected",
    "goals.actual",
    "indicator.level1",
    "indicator.level2",
    "indicator.name",
    "indicator.target",
    "indicator.actual",
    "indicator.weight",
    "indicator.score",
    "indicator.deviation",
    "indicator.nature",
    "indicator.unit",
];

impl Field {
    /// The key of this cell's settings in the template (`indicator.target`,
    /// `texts.conclusion`).
    pub fn spec_key(self) -> std::borrow::Cow<'static, str> {
        match self {
            Field::Text(k) => format!("texts.{}", k.as_str()).into(),
            other => other.static_spec_key().into(),
        }
    }

    fn static_spec_key(self) -> &'static str {
        match self {
            Field::Text(_) => "texts",
            Field::FundsReason => "funds.reason",
            Field::HeaderCode => "header.code",
            Field::HeaderName => "header.name",
            Field::HeaderYear => "header.year",
            Field::HeaderImplementingUnit => "header.implementing_unit",
            Field::HeaderBudgetUnit => "header.budget_unit",
            Field::FundsWeight | Field::Fund(..) => "funds.amount",
            Field::GoalsExpected => "goals.expected",
            Field::GoalsActual => "goals.actual",
            Field::Indicator(_, c) => match c {
                IndicatorColumn::Level1 => "indicator.level1",
                IndicatorColumn::Level2 => "indicator.level2",
                IndicatorColumn::Name => "indicator.name",
                IndicatorColumn::Target => "indicator.target",
                IndicatorColumn::Actual => "indicator.actual",
                IndicatorColumn::Weight => "indicator.weight",
                IndicatorColumn::Score | IndicatorColumn::Tier => "indicator.score",
                IndicatorColumn::Deviation => "indicator.deviation",
                IndicatorColumn::Nature => "indicator.nature",
                IndicatorColumn::Unit => "indicator.unit",
            },
        }
    }

    /// Where the cell is, in Chinese, as the officer sees it on the form:
    /// 「产出指标 / 数量指标 第1行 · 三级指标」, 「资金 · 当年财政拨款 · 全年执行数」,
    /// 「项目名称」. Every message that names a cell uses this (the editor's
    /// status bar, the issues, the CLI, the exports' messages).
    pub fn describe_in(self, form: &crate::model::Form) -> String {
        let t = crate::Template::by_id(&form.template).ok();
        match self {
            Field::Indicator(i, c) => {
                let label = t
                    .and_then(|t| t.fields.get(Field::Indicator(0, c).spec_key().as_ref()))
                    .map(|s| s.label.clone())
                    .unwrap_or_else(|| indicator_column_label(c).to_string());
                format!("{} · {label}", indicator_place(form, i))
            }
            other => t
                .and_then(|t| t.describe(other))
                .unwrap_or_else(|| other.describe()),
        }
    }

    /// Whether the cell holds a 分值 or 得分 (分), not an amount (元).
    pub fn holds_score(self) -> bool {
        matches!(
            self,
            Field::FundsWeight
                | Field::Indicator(_, IndicatorColumn::Weight | IndicatorColumn::Score)
        )
    }

    /// A Chinese description of the cell for messages: `第3行指标「叫号数量」的实际完成值`
    /// needs the form, so this gives the position-only part: `指标第3行 实际完成值`.
    pub fn describe(self) -> String {
        match self {
            Field::HeaderCode => "项目编码".into(),
            Field::HeaderName => "项目名称".into(),
            Field::HeaderYear => "绩效自评年度".into(),
            Field::HeaderImplementingUnit => "实施单位".into(),
            Field::HeaderBudgetUnit => "一级预算单位".into(),
            Field::FundsWeight => "资金 · 分值".into(),
            Field::FundsReason => "资金 · 原因".into(),
            Field::Text(k) => k.as_str().to_string(),
            Field::Fund(r, c) => format!(
                "资金 · {} · {}",
                plain_row_label(fund_row_label(r)),
                fund_column_label(c)
            ),
            Field::GoalsExpected => "预期目标".into(),
            Field::GoalsActual => "实际完成情况".into(),
            Field::Indicator(i, c) => {
                format!("绩效指标 第{}行 · {}", i + 1, indicator_column_label(c))
            }
        }
    }
}

/// Where indicator row `i` is as the officer sees it: its 一级 / 二级 group and
/// its number within the group (「产出指标 / 数量指标 第2行」), or its number
/// among all rows while it has no group yet (「绩效指标 第9行」).
pub fn indicator_place(form: &crate::model::Form, i: usize) -> String {
    let Some(row) = form.indicators.get(i) else {
        return format!("绩效指标 第{}行", i + 1);
    };
    let (l1, l2) = (row.level1.trim(), row.level2.trim());
    if l1.is_empty() && l2.is_empty() {
        return format!("绩效指标 第{}行", i + 1);
    }
    let n = form.indicators[..=i]
        .iter()
        .filter(|r| r.in_group(l1, l2))
        .count();
    match (l1, l2) {
        (a, "") => format!("{a} 第{n}行"),
        ("", b) => format!("{b} 第{n}行"),
        (a, b) => format!("{a} / {b} 第{n}行"),
    }
}

/// A funds row's label without its 「其中：」 lead (「当年财政拨款」).
pub fn plain_row_label(label: &str) -> &str {
    label
        .trim()
        .trim_start_matches("其中：")
        .trim_start_matches("其中:")
        .trim()
}

pub fn fund_row_label(r: FundRowKind) -> &'static str {
    match r {
        FundRowKind::Total => "年度资金总额",
        FundRowKind::CurrentYear => "其中：当年财政拨款",
        FundRowKind::CarriedOver => "上年结转资金",
        FundRowKind::Other => "其他资金",
        FundRowKind::SpecialAccount => "财政专户管理资金",
        FundRowKind::UnitOwn => "单位资金",
    }
}

pub fn fund_column_label(c: FundColumn) -> &'static str {
    match c {
        FundColumn::InitialBudget => "年初预算数",
        FundColumn::AnnualBudget => "全年预算数",
        FundColumn::Executed => "全年执行数",
    }
}

pub fn indicator_column_label(c: IndicatorColumn) -> &'static str {
    match c {
        IndicatorColumn::Level1 => "一级指标",
        IndicatorColumn::Level2 => "二级指标",
        IndicatorColumn::Name => "三级指标",
        IndicatorColumn::Target => "年度指标值",
        IndicatorColumn::Actual => "实际完成值",
        IndicatorColumn::Weight => "分值",
        IndicatorColumn::Score => "得分",
        IndicatorColumn::Deviation => "偏差原因分析及改进措施",
        IndicatorColumn::Tier => "达成等级",
        IndicatorColumn::Nature => "指标性质",
        IndicatorColumn::Unit => "度量单位",
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::HeaderCode => f.write_str("header.code"),
            Field::HeaderName => f.write_str("header.name"),
            Field::HeaderYear => f.write_str("header.year"),
            Field::HeaderImplementingUnit => f.write_str("header.implementing_unit"),
            Field::HeaderBudgetUnit => f.write_str("header.budget_unit"),
            Field::FundsWeight => f.write_str("funds.weight"),
            Field::FundsReason => f.write_str("funds.reason"),
            Field::Text(k) => write!(f, "texts.{}", k.as_str()),
            Field::Fund(r, c) => write!(f, "funds.{}.{}", r.key(), c.key()),
            Field::GoalsExpected => f.write_str("goals.expected"),
            Field::GoalsActual => f.write_str("goals.actual"),
            Field::Indicator(i, c) => write!(f, "indicators[{i}].{}", c.key()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的单元格地址「{0}」")]
pub struct BadField(pub String);

impl FromStr for Field {
    type Err = BadField;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadField(s.to_string());
        Ok(match s {
            "header.code" => Field::HeaderCode,
            "header.name" => Field::HeaderName,
            "header.year" => Field::HeaderYear,
            "header.implementing_unit" => Field::HeaderImplementingUnit,
            "header.budget_unit" => Field::HeaderBudgetUnit,
            "funds.weight" => Field::FundsWeight,
            "funds.reason" => Field::FundsReason,
            "goals.expected" => Field::GoalsExpected,
            "goals.actual" => Field::GoalsActual,
            _ => {
                if let Some(k) = s.strip_prefix("texts.") {
                    Field::Text(TextKey::new(k).ok_or_else(bad)?)
                } else if let Some(rest) = s.strip_prefix("funds.") {
                    let (r, c) = rest.split_once('.').ok_or_else(bad)?;
                    Field::Fund(
                        FundRowKind::from_key(r).ok_or_else(bad)?,
                        FundColumn::from_key(c).ok_or_else(bad)?,
                    )
                } else if let Some(rest) = s.strip_prefix("indicators[") {
                    let (i, c) = rest.split_once("].").ok_or_else(bad)?;
                    let i: usize = i.parse().map_err(|_| bad())?;
                    Field::Indicator(i, IndicatorColumn::from_key(c).ok_or_else(bad)?)
                } else {
                    return Err(bad());
                }
            }
        })
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_round_trip() {
        let mut all = vec![
            Field::HeaderCode,
            Field::HeaderName,
            Field::HeaderYear,
            Field::HeaderImplementingUnit,
            Field::HeaderBudgetUnit,
            Field::FundsWeight,
            Field::FundsReason,
            Field::GoalsExpected,
            Field::GoalsActual,
            Field::Text(TextKey::new("conclusion").unwrap()),
        ];
        for r in FundRowKind::ALL {
            for c in FundColumn::ALL {
                all.push(Field::Fund(r, c));
            }
        }
        for c in IndicatorColumn::ALL {
            all.push(Field::Indicator(12, c));
        }
        for f in all {
            assert_eq!(f.to_string().parse::<Field>(), Ok(f));
        }
        assert!("indicators[x].name".parse::<Field>().is_err());
        assert!("funds.total".parse::<Field>().is_err());
        assert!("texts.Bad-Key".parse::<Field>().is_err());
    }
}
