//! The official printed form as a grid of cells with spans and bindings.
//!
//! This one description is rendered by the editor, the XLSX exporter and the
//! PDF exporter, so the three always agree. It says what each cell shows
//! (label, input bound to a [`Field`], computed value), how it spans, and how
//! it is aligned; renderers decide fonts and measure heights.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::field::{Field, IndicatorColumn as C};
use crate::model::{Form, FundRowKind};
use crate::money::fmt2;
use crate::rules::{Evaluation, Kind};
use crate::template::spec::{CellSpec, FundsSpec, FundsValue, GoalsSpec, IndicatorsSpec, Section};
use crate::template::Template;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The printed title (`项目支出绩效自评表`).
    pub title: String,
    /// The template's id.
    pub template: String,
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
    /// A row of the template's text blocks after the indicator table
    /// (评价结论, 存在问题 …).
    Closing,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    /// Chosen from the template's 指标性质 vocabulary.
    Nature,
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
        /// How the value is printed, `{}` standing for it (`（{}年度）`).
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<String>,
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
            Content::Input {
                text,
                fallback,
                format,
                ..
            } => {
                let v = if text.is_empty() {
                    fallback.clone().unwrap_or_default()
                } else {
                    text.clone()
                };
                match format {
                    Some(f) if v.is_empty() => f.replace("{}", "    "),
                    Some(f) => f.replace("{}", &v),
                    None => v,
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

/// The default signature block labels (the default template's).
pub fn default_signature() -> Vec<SignatureLine> {
    signature_of(Template::default_template())
}

/// A template's signature lines, unfilled.
pub fn signature_of(t: &Template) -> Vec<SignatureLine> {
    t.signature
        .iter()
        .map(|l| SignatureLine {
            label: l.to_string(),
            value: String::new(),
        })
        .collect()
}

struct Builder<'a> {
    t: &'a Template,
    form: &'a Form,
    ev: &'a Evaluation,
    opts: &'a LayoutOptions,
    rows: Vec<Row>,
    columns: usize,
    /// Whether the indicator table has been placed (rows after it close the form).
    after_table: bool,
}

fn label(text: &str, required: bool) -> Content {
    Content::Label {
        text: text.to_string(),
        required,
    }
}

fn dash() -> Content {
    label("—", false)
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
    fn input(&self, field: Field, kind: ValueKind, text: &str) -> Content {
        let spec = self.t.spec_of(field);
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
            format: None,
        }
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
        let align = if kind == ValueKind::LongText {
            Align::Left
        } else {
            Align::Center
        };
        let c = self.input(field, kind, text);
        self.put(row, col, 1, cs, c, align, false);
    }
    #[allow(clippy::too_many_arguments)]
    fn num_input(
        &mut self,
        row: usize,
        col: usize,
        cs: usize,
        field: Field,
        v: Option<Decimal>,
        fallback: Option<Decimal>,
        kind: ValueKind,
        required: bool,
    ) {
        let spec = self.t.spec_of(field);
        let fmt = |d: Decimal| match kind {
            ValueKind::Money => crate::money::fmt_in(d, self.t.money_unit),
            _ => fmt2(d),
        };
        self.put(
            row,
            col,
            1,
            cs,
            Content::Input {
                field,
                value_kind: kind,
                text: v.map(fmt).unwrap_or_default(),
                number: v,
                fallback: if v.is_none() { fallback.map(fmt) } else { None },
                fallback_number: if v.is_none() { fallback } else { None },
                limit: spec.limit,
                required,
                note: spec.note.clone(),
                format: None,
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

    fn title(&mut self) {
        let r = self.row(RowKind::Title);
        let cols = self.columns;
        self.put(
            r,
            0,
            1,
            cols,
            label(&self.t.title, false),
            Align::Center,
            true,
        );
    }

    /// Free rows: header cells, closing text blocks.
    fn rows_section(&mut self, rows: &[Vec<CellSpec>]) {
        let kind = if self.after_table {
            RowKind::Closing
        } else {
            RowKind::Header
        };
        for spec_row in rows {
            let r = self.row(kind);
            let mut col = 0;
            for c in spec_row {
                self.free_cell(r, col, c);
                col += c.span;
            }
        }
    }

    fn free_cell(&mut self, r: usize, col: usize, c: &CellSpec) {
        let (content, align, bold) = if let Some(text) = &c.text {
            (label(text, false), Align::Center, true)
        } else if let Some(key) = &c.label_of {
            let spec = self.t.spec(key);
            (label(&spec.label, c.star), Align::Center, true)
        } else {
            let field: Field = match c.field.as_deref().map(str::parse) {
                Some(Ok(f)) => f,
                // The template check refuses any other cell.
                _ => return,
            };
            let text = crate::edit::cell_text(self.form, field).unwrap_or_default();
            let kind = if c.long {
                ValueKind::LongText
            } else {
                ValueKind::Text
            };
            let mut content = self.input(field, kind, &text);
            if let Content::Input { format, .. } = &mut content {
                format.clone_from(&c.format);
            }
            let align = if c.long { Align::Left } else { Align::Center };
            (content, align, false)
        };
        let align = c.align.unwrap_or(align);
        let bold = if c.label_of.is_some() || c.text.is_some() {
            bold
        } else {
            c.bold
        };
        self.put(r, col, 1, c.span, content, align, bold);
        if !c.border {
            if let Some(cell) = self.rows[r].cells.last_mut() {
                cell.border = false;
            }
        }
    }

    fn funds(&mut self, f: &FundsSpec) {
        let (form, ev) = (self.form, self.ev);
        let hr = self.row(RowKind::FundsHeader);
        let side = f.side_label.span;
        let left = side + f.row_label_span;
        let n = f.rows.len();
        match &f.label {
            Some(l) => self.label(hr, 0, 1, l.span, &l.text),
            None => {
                self.label(hr, 0, n + 1, side, &f.side_label.text);
                self.put(
                    hr,
                    side,
                    1,
                    f.row_label_span,
                    label("", false),
                    Align::Center,
                    false,
                );
            }
        }
        let mut col = left;
        for c in &f.columns {
            self.label(hr, col, 1, c.span, &c.label);
            col += c.span;
        }
        for (i, row) in f.rows.iter().enumerate() {
            let r = self.row(RowKind::Funds);
            let kind = row.row;
            let total = kind == FundRowKind::Total;
            if i == 0 && f.label.is_some() {
                self.label(r, 0, n, side, &f.side_label.text);
            }
            self.put(
                r,
                side,
                1,
                f.row_label_span,
                label(&row.label, false),
                Align::Left,
                false,
            );
            let mut col = left;
            for c in &f.columns {
                let cs = c.span;
                match c.value.column() {
                    Some(amount) => {
                        let typed = form.funds.row(kind).get(amount);
                        let fallback = if total {
                            ev.funds.total.get(amount)
                        } else {
                            None
                        };
                        self.num_input(
                            r,
                            col,
                            cs,
                            Field::Fund(kind, amount),
                            typed,
                            fallback,
                            ValueKind::Money,
                            c.required && total,
                        );
                    }
                    None if c.value == FundsValue::Reason => {
                        if i == 0 {
                            let field = Field::FundsReason;
                            let content =
                                self.input(field, ValueKind::LongText, &form.funds.reason);
                            self.put(r, col, n, cs, content, Align::Left, false);
                        }
                    }
                    None if !total => self.put(r, col, 1, cs, dash(), Align::Center, false),
                    None => match c.value {
                        FundsValue::Weight => self.num_input(
                            r,
                            col,
                            cs,
                            Field::FundsWeight,
                            form.funds.weight,
                            Some(ev.funds.weight),
                            ValueKind::Score,
                            true,
                        ),
                        FundsValue::Rate => self.computed(
                            r,
                            col,
                            cs,
                            Computed::ExecutionRate,
                            ev.funds.execution_rate,
                        ),
                        _ => self.computed(r, col, cs, Computed::FundsScore, ev.funds.score),
                    },
                }
                col += cs;
            }
        }
    }

    fn goals(&mut self, g: &GoalsSpec) {
        let form = self.form;
        let hr = self.row(RowKind::GoalsHeader);
        let side = g.side_label.span;
        self.label(hr, 0, 2, side, &g.side_label.text);
        let fields: Vec<(Field, usize)> = g
            .columns
            .iter()
            .filter_map(|c| c.field.parse::<Field>().ok().map(|f| (f, c.span)))
            .collect();
        let mut col = side;
        for (f, span) in &fields {
            let spec = self.t.spec_of(*f);
            let content = label(&spec.label, spec.required);
            self.put(hr, col, 1, *span, content, Align::Center, true);
            col += span;
        }
        let r = self.row(RowKind::Goals);
        let mut col = side;
        for (f, span) in fields {
            let text = match f {
                Field::GoalsExpected => &form.goals.expected,
                _ => &form.goals.actual,
            };
            self.text_input(r, col, span, f, text, ValueKind::LongText);
            col += span;
        }
    }

    fn indicators(&mut self, s: &IndicatorsSpec) {
        let (t, form, ev) = (self.t, self.form, self.ev);
        let header_row = self.row(RowKind::IndicatorHeader);
        let n = form.indicators.len();
        let side = s.side_label.span;
        // The side label runs down the header, the indicator rows and the total.
        self.label(header_row, 0, n + 2, side, &s.side_label.text);
        let cols: Vec<(C, usize, usize)> = {
            let mut at = side;
            s.columns
                .iter()
                .filter_map(|c| {
                    let col = C::from_key(&c.column)?;
                    let here = at;
                    at += c.span;
                    Some((col, here, c.span))
                })
                .collect()
        };
        for (c, at, span) in &cols {
            let spec = t.spec_of(Field::Indicator(0, *c));
            let star = spec.required && !matches!(c, C::Level1 | C::Level2 | C::Name);
            self.put(
                header_row,
                *at,
                1,
                *span,
                label(&spec.label, star),
                Align::Center,
                true,
            );
        }
        let inds = &form.indicators;
        for (i, ind) in inds.iter().enumerate() {
            let r = self.row(RowKind::Indicator(i));
            let same_l1 = |j: usize| inds[j].level1.trim() == ind.level1.trim();
            let same_l2 = |j: usize| same_l1(j) && inds[j].level2.trim() == ind.level2.trim();
            for (c, at, span) in &cols {
                let (c, at, cs) = (*c, *at, *span);
                let field = Field::Indicator(i, c);
                match c {
                    C::Level1 | C::Level2 => {
                        let first = if c == C::Level1 {
                            i == 0 || !same_l1(i - 1)
                        } else {
                            i == 0 || !same_l2(i - 1)
                        };
                        if !first {
                            continue;
                        }
                        let rows = if c == C::Level1 {
                            (i..n).take_while(|&j| same_l1(j)).count()
                        } else {
                            (i..n).take_while(|&j| same_l2(j)).count()
                        };
                        let (kind, text) = if c == C::Level1 {
                            let text = match t.level1_weight(ind.level1.trim()) {
                                Some(w) => format!("{}\n({}分)", ind.level1.trim(), w.normalize()),
                                None => ind.level1.clone(),
                            };
                            (ValueKind::Level1, text)
                        } else {
                            (ValueKind::Level2, ind.level2.clone())
                        };
                        let mut content = self.input(field, kind, &text);
                        if let Content::Input { required, note, .. } = &mut content {
                            *required = true;
                            *note = None;
                        }
                        self.put(r, at, rows, cs, content, Align::Center, false);
                    }
                    C::Weight => {
                        self.num_input(r, at, cs, field, ind.weight, None, ValueKind::Score, true)
                    }
                    C::Score => {
                        let e = &ev.indicators[i];
                        let fallback = match e.judgement.kind {
                            Kind::NotApplicable if ind.weight.is_none_or(|w| w.is_zero()) => {
                                Some(Decimal::ZERO)
                            }
                            Kind::NotApplicable => None,
                            _ => e.judgement.suggested,
                        };
                        self.num_input(
                            r,
                            at,
                            cs,
                            field,
                            ind.score,
                            fallback,
                            ValueKind::Score,
                            true,
                        );
                    }
                    C::Deviation => {
                        self.text_input(r, at, cs, field, &ind.deviation, ValueKind::LongText)
                    }
                    C::Nature => self.text_input(r, at, cs, field, &ind.nature, ValueKind::Nature),
                    _ => {
                        let text = crate::edit::cell_text(form, field).unwrap_or_default();
                        self.text_input(r, at, cs, field, &text, ValueKind::Text);
                    }
                }
            }
        }
        // 总分: the label covers the columns left of 分值.
        let r = self.row(RowKind::Total);
        let weight_at = cols
            .iter()
            .find(|c| c.0 == C::Weight)
            .map_or(side + 1, |c| c.1);
        self.put(
            r,
            side,
            1,
            weight_at - side,
            label(&s.total_label, false),
            Align::Center,
            true,
        );
        for (c, at, span) in cols.iter().filter(|c| c.1 >= weight_at) {
            match c {
                C::Weight => {
                    self.computed(r, *at, *span, Computed::TotalWeight, Some(ev.total_weight))
                }
                C::Score => {
                    self.computed(r, *at, *span, Computed::TotalScore, Some(ev.total_score))
                }
                _ => self.put(r, *at, 1, *span, dash(), Align::Center, false),
            }
        }
        self.after_table = true;
    }

    /// Signature block: three entries a row, the width split evenly.
    fn signature(&mut self) {
        let Some(given) = &self.opts.signature else {
            return;
        };
        // The lines as given; where they are the default template's own
        // labels (never changed in the settings), this template's labels,
        // with the values given under the same label, and any other filled
        // line after them (nothing typed is dropped).
        let defaults = &Template::default_template().signature;
        let unchanged =
            given.len() == defaults.len() && given.iter().zip(defaults).all(|(g, d)| g.label == *d);
        let lines: Vec<SignatureLine> = if unchanged && self.t.signature != *defaults {
            let mut v: Vec<SignatureLine> = self
                .t
                .signature
                .iter()
                .map(|l| SignatureLine {
                    label: l.clone(),
                    value: given
                        .iter()
                        .find(|g| g.label == *l)
                        .map(|g| g.value.clone())
                        .unwrap_or_default(),
                })
                .collect();
            v.extend(
                given
                    .iter()
                    .filter(|g| !self.t.signature.contains(&g.label) && !g.value.is_empty())
                    .cloned(),
            );
            v
        } else {
            given.clone()
        };
        let cols = self.columns;
        let per = 3.min(cols).max(1);
        for chunk in lines.chunks(per) {
            let r = self.row(RowKind::Signature);
            let mut at = 0;
            for (k, line) in chunk.iter().enumerate() {
                let span = cols / per + usize::from(k < cols % per);
                let text = format!("{}：{}", line.label, line.value);
                self.put(r, at, 1, span, label(&text, false), Align::Left, false);
                if let Some(c) = self.rows[r].cells.last_mut() {
                    c.border = false;
                }
                at += span;
            }
        }
    }
}

/// The official grid of a form, built from its template's layout.
pub fn build(form: &Form, t: &Template, ev: &Evaluation, opts: &LayoutOptions) -> Layout {
    let mut b = Builder {
        t,
        form,
        ev,
        opts,
        rows: Vec::new(),
        columns: t.layout.columns_mm.len(),
        after_table: false,
    };
    for s in &t.layout.sections {
        match s {
            Section::Title => b.title(),
            Section::Rows { rows } => b.rows_section(rows),
            Section::Funds(f) => b.funds(f),
            Section::Goals(g) => b.goals(g),
            Section::Indicators(i) => b.indicators(i),
            Section::Signature => b.signature(),
        }
    }
    Layout {
        title: t.title.clone(),
        template: t.id.clone(),
        column_widths_mm: t.layout.columns_mm.clone(),
        rows: b.rows,
    }
}
impl Layout {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.column_widths_mm.len()
    }

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
        let mut grid = vec![vec![0u8; l.columns()]; l.rows.len()];
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
