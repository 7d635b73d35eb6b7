//! The official printed form as a grid of cells with spans and bindings.
//!
//! This one description is rendered by the editor, the XLSX exporter and the
//! PDF exporter, so the three always agree. It says what each cell shows
//! (label, input bound to a [`Field`], computed value), how it spans, and how
//! it is aligned; renderers decide fonts and measure heights.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::field::{fund_column_label, fund_row_label, Field, IndicatorColumn as C};
use crate::model::{Form, FundColumn, FundRowKind};
use crate::money::fmt2;
use crate::rules::{Evaluation, Kind};
use crate::template::Template;

/// Number of grid columns.
pub const COLUMNS: usize = 9;

/// Column widths in millimetres on A4 portrait (182 mm between margins).
pub const COLUMN_WIDTHS_MM: [u32; COLUMNS] = [16, 16, 18, 28, 20, 20, 12, 13, 39];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The printed title (`项目支出绩效自评表`).
    pub title: String,
    /// Column widths in millimetres.
    pub column_widths_mm: Vec<u32>,
    pub rows: Vec<Row>,
}

/// What a row of the grid is, for page breaking and styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum RowKind {
    Title,
    Header,
    FundsHeader,
    Funds,
    GoalsHeader,
    Goals,
    /// The indicator table's column header: repeated on every continuation page.
    IndicatorHeader,
    /// The indicator row with this index in `form.indicators`.
    Indicator(usize),
    Total,
    /// The optional signature block (no borders).
    Signature,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    #[serde(flatten)]
    pub kind: RowKind,
    /// The cells that start in this row, left to right.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub content: Content,
    pub align: Align,
    /// Bold labels (title, section and column headers).
    pub bold: bool,
    /// Draw the cell's border (false only in the signature block).
    pub border: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// What kind of value an input cell holds, for editing and formatting.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// One-line text.
    Text,
    /// Long text, wrapped (goals, 偏差原因).
    LongText,
    /// An amount in 元 (2 decimals).
    Money,
    /// A 分值 or 得分 (2 decimals).
    Score,
    /// Chosen from the template's 一级 vocabulary.
    Level1,
    /// Chosen from the template's 二级 vocabulary of the row's 一级.
    Level2,
}

/// A value the rules compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "computed", rename_all = "snake_case")]
pub enum Computed {
    /// 执行率（%） of the total row.
    ExecutionRate,
    /// 得分 of 资金使用情况.
    FundsScore,
    /// 分值 of 总分.
    TotalWeight,
    /// 得分 of 总分.
    TotalScore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    /// Fixed text of the template. `required` appends the template's `*`.
    Label { text: String, required: bool },
    /// A cell the officer fills in.
    Input {
        field: Field,
        value_kind: ValueKind,
        /// The text as typed (amounts and scores with 2 decimals).
        text: String,
        /// The number, for numeric cells that are filled.
        number: Option<Decimal>,
        /// What is shown when the cell is empty: the computed value the rules
        /// use instead (sum of the parts, suggested 得分).
        fallback: Option<String>,
        fallback_number: Option<Decimal>,
        /// Character limit of the template.
        limit: usize,
        required: bool,
        /// The template's note for the cell, e.g. `(限2000字以内)`.
        note: Option<String>,
    },
    /// A value the rules compute (read-only, shaded on screen).
    Computed {
        #[serde(flatten)]
        what: Computed,
        text: String,
        number: Option<Decimal>,
    },
}

impl Content {
    /// The text a printout shows: typed text, else the fallback; label text
    /// with `*` where required.
    pub fn display(&self) -> String {
        match self {
            Content::Label { text, required } => {
                if *required {
                    format!("{text} *")
                } else {
                    text.clone()
                }
            }
            Content::Input { text, fallback, .. } => {
                if text.is_empty() {
                    fallback.clone().unwrap_or_default()
                } else {
                    text.clone()
                }
            }
            Content::Computed { text, .. } => text.clone(),
        }
    }

    /// The number a printout shows, for numeric cells.
    pub fn display_number(&self) -> Option<Decimal> {
        match self {
            Content::Input {
                number,
                fallback_number,
                ..
            } => number.or(*fallback_number),
            Content::Computed { number, .. } => *number,
            Content::Label { .. } => None,
        }
    }
}

/// A labelled line of the signature block (`填报人：张三`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SignatureLine {
    pub label: String,
    pub value: String,
}

/// Options of the printed layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Signature block after the table; `None` prints none.
    pub signature: Option<Vec<SignatureLine>>,
}

/// The default signature block labels.
pub fn default_signature() -> Vec<SignatureLine> {
    [
        "填报人",
        "联系电话",
        "填报日期",
        "单位负责人（签字）",
        "单位（盖章）",
    ]
    .iter()
    .map(|l| SignatureLine {
        label: l.to_string(),
        value: String::new(),
    })
    .collect()
}

struct Builder<'a> {
    t: &'a Template,
    rows: Vec<Row>,
}

impl Builder<'_> {
    fn row(&mut self, kind: RowKind) -> usize {
        self.rows.push(Row {
            kind,
            cells: Vec::new(),
        });
        self.rows.len() - 1
    }
    // Grid coordinates and spans read best as plain arguments at the call sites.
    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        row: usize,
        col: usize,
        rs: usize,
        cs: usize,
        content: Content,
        align: Align,
        bold: bool,
    ) {
        self.rows[row].cells.push(Cell {
            row,
            col,
            row_span: rs,
            col_span: cs,
            content,
            align,
            bold,
            border: true,
        });
    }
    fn label(&mut self, row: usize, col: usize, rs: usize, cs: usize, text: &str) {
        self.put(row, col, rs, cs, label(text, false), Align::Center, true);
    }
    fn text_input(
        &mut self,
        row: usize,
        col: usize,
        cs: usize,
        field: Field,
        text: &str,
        kind: ValueKind,
    ) {
        let spec = self.t.spec(field.spec_key());
        let align = if kind == ValueKind::LongText {
            Align::Left
        } else {
            Align::Center
        };
        self.put(
            row,
            col,
            1,
            cs,
            Content::Input {
                field,
                value_kind: kind,
                text: text.to_string(),
                number: None,
                fallback: None,
                fallback_number: None,
                limit: spec.limit,
                required: spec.required,
                note: spec.note.clone(),
            },
            align,
            false,
        );
    }
    #[allow(clippy::too_many_arguments)]
    fn num_input(
        &mut self,
        row: usize,
        col: usize,
        field: Field,
        v: Option<Decimal>,
        fallback: Option<Decimal>,
        kind: ValueKind,
        required: bool,
    ) {
        let spec = self.t.spec(field.spec_key());
        self.put(
            row,
            col,
            1,
            1,
            Content::Input {
                field,
                value_kind: kind,
                text: v.map(fmt2).unwrap_or_default(),
                number: v,
                fallback: if v.is_none() {
                    fallback.map(fmt2)
                } else {
                    None
                },
                fallback_number: if v.is_none() { fallback } else { None },
                limit: spec.limit,
                required,
                note: spec.note.clone(),
            },
            Align::Right,
            false,
        );
    }
    fn computed(&mut self, row: usize, col: usize, cs: usize, what: Computed, v: Option<Decimal>) {
        self.put(
            row,
            col,
            1,
            cs,
            Content::Computed {
                what,
                text: v.map(fmt2).unwrap_or_default(),
                number: v,
            },
            Align::Right,
            false,
        );
    }
}

fn label(text: &str, required: bool) -> Content {
    Content::Label {
        text: text.to_string(),
        required,
    }
}

/// The official grid of a form.
pub fn build(form: &Form, t: &Template, ev: &Evaluation, opts: &LayoutOptions) -> Layout {
    let mut b = Builder {
        t,
        rows: Vec::new(),
    };
    let dash = || label("—", false);

    // Title.
    let r = b.row(RowKind::Title);
    b.put(
        r,
        0,
        1,
        COLUMNS,
        label(&t.title, false),
        Align::Center,
        true,
    );

    // Header.
    let h = &form.header;
    let r = b.row(RowKind::Header);
    b.label(r, 0, 1, 1, &t.spec("header.code").label);
    b.text_input(r, 1, 2, Field::HeaderCode, &h.code, ValueKind::Text);
    b.label(r, 3, 1, 1, &t.spec("header.name").label);
    b.text_input(r, 4, 2, Field::HeaderName, &h.name, ValueKind::Text);
    b.label(r, 6, 1, 2, &t.spec("header.year").label);
    b.text_input(r, 8, 1, Field::HeaderYear, &h.year, ValueKind::Text);
    let r = b.row(RowKind::Header);
    b.label(r, 0, 1, 1, &t.spec("header.implementing_unit").label);
    b.text_input(
        r,
        1,
        3,
        Field::HeaderImplementingUnit,
        &h.implementing_unit,
        ValueKind::Text,
    );
    b.label(r, 4, 1, 2, &t.spec("header.budget_unit").label);
    b.text_input(
        r,
        6,
        3,
        Field::HeaderBudgetUnit,
        &h.budget_unit,
        ValueKind::Text,
    );

    // Funds.
    let r = b.row(RowKind::FundsHeader);
    b.label(r, 0, 1, 3, "资金使用情况");
    for (i, c) in FundColumn::ALL.iter().enumerate() {
        b.label(r, 3 + i, 1, 1, fund_column_label(*c));
    }
    b.label(r, 6, 1, 1, "分值");
    b.label(r, 7, 1, 1, "执行率（%）");
    b.label(r, 8, 1, 1, "得分");
    for kind in FundRowKind::ALL {
        let r = b.row(RowKind::Funds);
        if kind == FundRowKind::Total {
            b.label(r, 0, 4, 1, "项目资金（元）");
        }
        b.put(
            r,
            1,
            1,
            2,
            label(fund_row_label(kind), false),
            Align::Left,
            false,
        );
        for (i, col) in FundColumn::ALL.iter().enumerate() {
            let typed = form.funds.row(kind).get(*col);
            let fallback = if kind == FundRowKind::Total {
                ev.funds.total.get(*col)
            } else {
                None
            };
            let field = Field::Fund(kind, *col);
            let required = *col != FundColumn::InitialBudget;
            b.num_input(
                r,
                3 + i,
                field,
                typed,
                fallback,
                ValueKind::Money,
                required && kind == FundRowKind::Total,
            );
        }
        if kind == FundRowKind::Total {
            b.num_input(
                r,
                6,
                Field::FundsWeight,
                form.funds.weight,
                Some(ev.funds.weight),
                ValueKind::Score,
                true,
            );
            b.computed(r, 7, 1, Computed::ExecutionRate, ev.funds.execution_rate);
            b.computed(r, 8, 1, Computed::FundsScore, ev.funds.score);
        } else {
            for c in 6..9 {
                b.put(r, c, 1, 1, dash(), Align::Center, false);
            }
        }
    }

    // Goals.
    let r = b.row(RowKind::GoalsHeader);
    b.label(r, 0, 2, 1, "项目目标完成情况\n年度总体目标");
    b.put(
        r,
        1,
        1,
        4,
        label(&t.spec("goals.expected").label, true),
        Align::Center,
        true,
    );
    b.put(
        r,
        5,
        1,
        4,
        label(&t.spec("goals.actual").label, true),
        Align::Center,
        true,
    );
    let r = b.row(RowKind::Goals);
    b.text_input(
        r,
        1,
        4,
        Field::GoalsExpected,
        &form.goals.expected,
        ValueKind::LongText,
    );
    b.text_input(
        r,
        5,
        4,
        Field::GoalsActual,
        &form.goals.actual,
        ValueKind::LongText,
    );

    // Indicators.
    let header_row = b.row(RowKind::IndicatorHeader);
    let n = form.indicators.len();
    // 年度绩效指标 runs down the header, the indicator rows and the total.
    b.label(header_row, 0, n + 2, 1, "年度绩效指标");
    let heads = [
        (C::Level1, false),
        (C::Level2, false),
        (C::Name, false),
        (C::Target, true),
        (C::Actual, true),
        (C::Weight, true),
        (C::Score, true),
        (C::Deviation, false),
    ];
    for (i, (c, req)) in heads.iter().enumerate() {
        let text = &t.spec(Field::Indicator(0, *c).spec_key()).label;
        b.put(
            header_row,
            1 + i,
            1,
            1,
            label(text, *req),
            Align::Center,
            true,
        );
    }
    let inds = &form.indicators;
    for (i, ind) in inds.iter().enumerate() {
        let r = b.row(RowKind::Indicator(i));
        let same_l1 = |j: usize| inds[j].level1.trim() == ind.level1.trim();
        let same_l2 = |j: usize| same_l1(j) && inds[j].level2.trim() == ind.level2.trim();
        if i == 0 || !same_l1(i - 1) {
            let span = (i..n).take_while(|&j| same_l1(j)).count();
            let text = match t.level1_weight(ind.level1.trim()) {
                Some(w) => format!("{}\n({}分)", ind.level1.trim(), w.normalize()),
                None => ind.level1.clone(),
            };
            let spec = t.spec("indicator.level1");
            b.put(
                r,
                1,
                span,
                1,
                Content::Input {
                    field: Field::Indicator(i, C::Level1),
                    value_kind: ValueKind::Level1,
                    text,
                    number: None,
                    fallback: None,
                    fallback_number: None,
                    limit: spec.limit,
                    required: true,
                    note: None,
                },
                Align::Center,
                false,
            );
        }
        if i == 0 || !same_l2(i - 1) {
            let span = (i..n).take_while(|&j| same_l2(j)).count();
            let spec = t.spec("indicator.level2");
            b.put(
                r,
                2,
                span,
                1,
                Content::Input {
                    field: Field::Indicator(i, C::Level2),
                    value_kind: ValueKind::Level2,
                    text: ind.level2.clone(),
                    number: None,
                    fallback: None,
                    fallback_number: None,
                    limit: spec.limit,
                    required: true,
                    note: None,
                },
                Align::Center,
                false,
            );
        }
        b.text_input(
            r,
            3,
            1,
            Field::Indicator(i, C::Name),
            &ind.name,
            ValueKind::Text,
        );
        b.text_input(
            r,
            4,
            1,
            Field::Indicator(i, C::Target),
            &ind.target,
            ValueKind::Text,
        );
        b.text_input(
            r,
            5,
            1,
            Field::Indicator(i, C::Actual),
            &ind.actual,
            ValueKind::Text,
        );
        b.num_input(
            r,
            6,
            Field::Indicator(i, C::Weight),
            ind.weight,
            None,
            ValueKind::Score,
            true,
        );
        let e = &ev.indicators[i];
        let fallback = match e.judgement.kind {
            Kind::NotApplicable if ind.weight.is_none_or(|w| w.is_zero()) => Some(Decimal::ZERO),
            Kind::NotApplicable => None,
            _ => e.judgement.suggested,
        };
        b.num_input(
            r,
            7,
            Field::Indicator(i, C::Score),
            ind.score,
            fallback,
            ValueKind::Score,
            true,
        );
        b.text_input(
            r,
            8,
            1,
            Field::Indicator(i, C::Deviation),
            &ind.deviation,
            ValueKind::LongText,
        );
    }

    // Total.
    let r = b.row(RowKind::Total);
    b.put(r, 1, 1, 5, label("总分", false), Align::Center, true);
    b.computed(r, 6, 1, Computed::TotalWeight, Some(ev.total_weight));
    b.computed(r, 7, 1, Computed::TotalScore, Some(ev.total_score));
    b.put(r, 8, 1, 1, dash(), Align::Center, false);

    // Signature block: three entries a row, each over three columns.
    if let Some(lines) = &opts.signature {
        for chunk in lines.chunks(3) {
            let r = b.row(RowKind::Signature);
            for (k, line) in chunk.iter().enumerate() {
                let text = format!("{}：{}", line.label, line.value);
                b.put(r, k * 3, 1, 3, label(&text, false), Align::Left, false);
                if let Some(c) = b.rows[r].cells.last_mut() {
                    c.border = false;
                }
            }
        }
    }

    Layout {
        title: t.title.clone(),
        column_widths_mm: COLUMN_WIDTHS_MM.to_vec(),
        rows: b.rows,
    }
}

impl Layout {
    /// Every cell, in reading order (row by row, left to right).
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.rows.iter().flat_map(|r| r.cells.iter())
    }

    /// The cell bound to a field.
    pub fn cell_of(&self, field: Field) -> Option<&Cell> {
        self.cells()
            .find(|c| matches!(&c.content, Content::Input { field: f, .. } if *f == field))
    }

    /// The cell showing a computed value.
    pub fn computed_cell(&self, what: Computed) -> Option<&Cell> {
        self.cells()
            .find(|c| matches!(&c.content, Content::Computed { what: w, .. } if *w == what))
    }
}

/// Build the layout of a form with its own template.
pub fn build_form(
    form: &Form,
    opts: &LayoutOptions,
) -> Result<(Layout, Evaluation), crate::template::TemplateError> {
    let t = Template::by_id(&form.template)?;
    let ev = crate::rules::evaluate(form, t);
    Ok((build(form, t, &ev, opts), ev))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;

    fn sample() -> Form {
        let t = Template::default_template();
        let mut f = Form::blank(t);
        f.header.name = "党政事务".into();
        f.indicators.insert(
            1,
            Indicator {
                level1: "产出指标".into(),
                level2: "数量指标".into(),
                name: "第二行".into(),
                ..Indicator::default()
            },
        );
        f
    }

    #[test]
    fn grid_is_covered_exactly_once() {
        let f = sample();
        let (l, _) = build_form(
            &f,
            &LayoutOptions {
                signature: Some(default_signature()),
            },
        )
        .unwrap();
        let mut grid = vec![[0u8; COLUMNS]; l.rows.len()];
        for c in l.cells() {
            for row in grid.iter_mut().skip(c.row).take(c.row_span) {
                for n in row.iter_mut().skip(c.col).take(c.col_span) {
                    *n += 1;
                }
            }
        }
        for (r, row) in grid.iter().enumerate() {
            let kind = l.rows[r].kind;
            for (k, n) in row.iter().enumerate() {
                let expect = if kind == RowKind::Signature { *n } else { 1 };
                assert_eq!(*n, expect, "row {r} ({kind:?}) col {k}");
                assert!(*n <= 1, "row {r} col {k} covered twice");
            }
        }
    }

    #[test]
    fn level_labels_merge_over_their_rows() {
        let f = sample();
        let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
        let c = l.cell_of(Field::Indicator(0, C::Level1)).unwrap();
        assert_eq!(c.row_span, 5, "产出指标 has 4 groups + 1 extra row");
        assert_eq!(c.content.display(), "产出指标\n(50分)");
        let c = l.cell_of(Field::Indicator(0, C::Level2)).unwrap();
        assert_eq!(c.row_span, 2);
        assert!(l.cell_of(Field::Indicator(1, C::Level2)).is_none());
    }
}
