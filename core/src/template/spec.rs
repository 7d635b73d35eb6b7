//! The printed layout of a template, as data: the sections of the form in
//! print order, each placing its labels and cells on the grid. The builder in
//! [`crate::layout`] turns this and a form into the grid the editor, the XLSX
//! and the PDF exporters render; no template's grid is written in code.

use serde::{Deserialize, Serialize};

use crate::layout::Align;
use crate::model::FundRowKind;

/// Print geometry and sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    /// Width of each grid column in millimetres (A4 portrait: at most 182 in all).
    pub columns_mm: Vec<u32>,
    pub sections: Vec<Section>,
}

/// One section of the form, in print order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Section {
    /// The title, across the whole width, without border.
    Title,
    /// Free rows of labels and cells: the header, closing text blocks.
    Rows { rows: Vec<Vec<CellSpec>> },
    /// The funds table.
    Funds(FundsSpec),
    /// 年度总体目标: a side label, a row of column labels, a row of inputs.
    Goals(GoalsSpec),
    /// The indicator table with its 总分 row.
    Indicators(IndicatorsSpec),
    /// Where the signature lines are printed (if the export asks for them).
    Signature,
}

/// A cell of a [`Section::Rows`] row: exactly one of `text`, `label_of`, `field`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// Fixed text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The label of a field, from `fields` (with the required mark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_of: Option<String>,
    /// A cell the officer fills in (`header.name`, `texts.conclusion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Grid columns the cell covers.
    #[serde(default = "one")]
    pub span: usize,
    /// How the value is printed, `{}` standing for it: `（{}年度）`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
    /// Long text, wrapped and left-aligned.
    #[serde(default)]
    pub long: bool,
    #[serde(default = "yes")]
    pub border: bool,
    /// Bold (labels are always bold).
    #[serde(default)]
    pub bold: bool,
    /// A `label_of` label printed with the required mark `*`.
    #[serde(default)]
    pub star: bool,
}

/// The meaning of a funds column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundsValue {
    InitialBudget,
    /// 全年预算数 / 调整后预算数: what the rate is measured against.
    AnnualBudget,
    Executed,
    /// 分值 / 权重 (total row only).
    Weight,
    /// 执行率 (total row only).
    Rate,
    /// 得分 (total row only).
    Score,
    /// 原因: one cell over all rows.
    Reason,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanText {
    pub text: String,
    #[serde(default = "one")]
    pub span: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsSpec {
    /// Left of the column header row (`资金使用情况`, over side and row labels).
    /// Without it the side label runs down the header row too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<SpanText>,
    /// Down the left of the amount rows (`项目资金（元）`).
    pub side_label: SpanText,
    /// Columns each row's name covers.
    pub row_label_span: usize,
    pub columns: Vec<FundsColumnSpec>,
    pub rows: Vec<FundsRowSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsColumnSpec {
    pub value: FundsValue,
    pub label: String,
    /// Other spellings the importer accepts (`全年预算数(A)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default = "one")]
    pub span: usize,
    /// The column must be filled on the total row.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsRowSpec {
    pub row: FundRowKind,
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsSpec {
    pub side_label: SpanText,
    /// `goals.expected` and `goals.actual` with their spans.
    pub columns: Vec<FieldColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldColumn {
    pub field: String,
    #[serde(default = "one")]
    pub span: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsSpec {
    /// Down the left of the table (`年度绩效指标`).
    pub side_label: SpanText,
    /// Indicator columns left to right, by key (`level1`, `nature`, `target` …).
    pub columns: Vec<IndicatorColumnSpec>,
    /// The 总分 row's label; it covers the columns left of 分值.
    pub total_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorColumnSpec {
    pub column: String,
    #[serde(default = "one")]
    pub span: usize,
}

fn one() -> usize {
    1
}

fn yes() -> bool {
    true
}

impl FundsValue {
    /// The funds column of an amount column.
    pub fn from_column(c: crate::model::FundColumn) -> FundsValue {
        match c {
            crate::model::FundColumn::InitialBudget => FundsValue::InitialBudget,
            crate::model::FundColumn::AnnualBudget => FundsValue::AnnualBudget,
            crate::model::FundColumn::Executed => FundsValue::Executed,
        }
    }
    /// The amount column this is, if it is one.
    pub fn column(self) -> Option<crate::model::FundColumn> {
        match self {
            FundsValue::InitialBudget => Some(crate::model::FundColumn::InitialBudget),
            FundsValue::AnnualBudget => Some(crate::model::FundColumn::AnnualBudget),
            FundsValue::Executed => Some(crate::model::FundColumn::Executed),
            _ => None,
        }
    }
}
