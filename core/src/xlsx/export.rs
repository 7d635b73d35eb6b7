//! Writing forms into XLSX: the layout's cells, cell for cell.
//!
//! Each form is one worksheet rendering `layout::build_form`: merged cells,
//! thin borders, 宋体, A4 portrait fit to one page wide, the indicator header
//! repeated on every printed page, page numbers in the footer. Inputs are
//! values (unlocked); computed cells are live formulas with cached results
//! (locked). An input left empty whose value the rules supply (年度资金总额
//! as the sum of its parts, the default 分值, a suggested 得分) is written as a
//! formula, which is how the importer tells "left to the rules" from "typed".
//!
//! A hidden column after the form (J) holds what the printed form does not
//! show: the template id (`SelfEval模板:shenzhen` in the title row) and each
//! indicator's 达成等级 (tier label). See `docs/xlsx.md`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{cell_range, row_col_to_cell};
use rust_xlsxwriter::{Formula, ProtectionOptions, Workbook, Worksheet, XlsxError};

use crate::field::{fund_column_label, Field, IndicatorColumn};
use crate::file_names::{form_stem, UniqueNames};
use crate::layout::{
    build_form, Cell, Computed, Content, Layout, LayoutOptions, RowKind, SignatureLine, ValueKind,
};
use crate::model::{FundColumn, FundRowKind};
use crate::rules::Evaluation;
use crate::template::spec::FundsValue;
use crate::template::Template;
use crate::Form;

use super::formulas;
use super::geometry::{geometry, Geometry};
use super::sheet_names::SheetNames;
use super::styles::Styles;
use super::validation::{add_note, add_validations, Target};

/// The hidden column holding the template id and the tiers: the first
/// after the form's grid.
pub fn hidden_col(layout: &Layout) -> u16 {
    layout.columns() as u16
}
/// Prefix of the template marker in the hidden column's first cell.
pub const MARKER_PREFIX: &str = "SelfEval模板:";
/// Header of the tier column (hidden), in the indicator header row.
pub const TIER_HEADER: &str = "达成等级";

/// How forms are exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Protect each sheet (no password): computed cells locked, inputs open.
    pub protect: bool,
    /// Signature block after the table; `None` prints none.
    pub signature: Option<Vec<SignatureLine>>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            protect: true,
            signature: None,
        }
    }
}

/// Why an export failed, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("生成 XLSX 失败：{0}")]
    Xlsx(String),
    #[error("{0}")]
    Template(String),
    #[error("写入「{path}」失败：{message}")]
    Io { path: String, message: String },
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

/// One form as a workbook of one sheet.
pub fn form_workbook(form: &Form, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    forms_workbook(std::slice::from_ref(form), opts)
}

/// Many forms as one workbook, one sheet each (named after 项目名称, unique).
pub fn forms_workbook(forms: &[Form], opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let mut styles = Styles::new();
    let mut names = SheetNames::new();
    for form in forms {
        let base = if form.header.name.trim().is_empty() {
            form.header.code.as_str()
        } else {
            form.header.name.as_str()
        };
        let name = names.name(base);
        add_form_sheet(&mut wb, &mut styles, form, &name, opts)?;
    }
    if forms.is_empty() {
        // A workbook needs a sheet; an empty export is an empty sheet.
        wb.add_worksheet();
    }
    Ok(wb.save_to_buffer()?)
}

/// Write each form to its own file in `dir` (created if missing), named
/// `项目名称-年度-绩效自评表.xlsx`, safe on Windows and unique. Returns the paths.
pub fn write_folder(
    forms: &[Form],
    dir: &Path,
    opts: &ExportOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    let io = |p: &Path, e: std::io::Error| ExportError::Io {
        path: p.display().to_string(),
        message: crate::import::io_message(&e),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut names = UniqueNames::new();
    let mut out = Vec::with_capacity(forms.len());
    for form in forms {
        let path = dir.join(names.file_name(&form_stem(form), "xlsx"));
        let bytes = form_workbook(form, opts)?;
        crate::atomic_file::write(&path, &bytes).map_err(|e| io(&path, e))?;
        out.push(path);
    }
    Ok(out)
}

/// Where the cells of the form are on the sheet (zero-based row, column).
struct Positions {
    inputs: HashMap<Field, (u32, u16)>,
    computed: Vec<(Computed, (u32, u16))>,
}

impl Positions {
    fn of(layout: &Layout, geo: &Geometry) -> Self {
        let mut p = Positions {
            inputs: HashMap::new(),
            computed: Vec::new(),
        };
        for c in layout.cells() {
            let (r, _) = geo.rows_of(c);
            match &c.content {
                Content::Input { field, .. } => {
                    p.inputs.insert(*field, (r, c.col as u16));
                }
                Content::Computed { what, .. } => {
                    p.computed.push((*what, (r, c.col as u16)));
                }
                Content::Label { .. } => {}
            }
        }
        p
    }
    fn input(&self, f: Field) -> String {
        self.inputs
            .get(&f)
            .map(|(r, c)| row_col_to_cell(*r, *c))
            .unwrap_or_else(|| "0".into())
    }
    fn computed(&self, w: Computed) -> String {
        self.computed
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, (r, c))| row_col_to_cell(*r, *c))
            .unwrap_or_else(|| "0".into())
    }
}

/// What goes into a cell.
enum Value {
    Text(String),
    Number(Decimal),
    Formula(String, Option<Decimal>),
    Blank,
}

struct SheetCtx<'a> {
    form: &'a Form,
    t: &'a Template,
    ev: &'a Evaluation,
    layout: &'a Layout,
    geo: &'a Geometry,
    pos: Positions,
}

impl SheetCtx<'_> {
    /// The sheet range of a column of indicator cells, e.g. `G20:G40`.
    fn indicator_range(&self, col: IndicatorColumn) -> Option<String> {
        let n = self.form.indicators.len();
        let first = self.pos.inputs.get(&Field::Indicator(0, col))?;
        let last_index = n.checked_sub(1)?;
        let last_row = self
            .layout
            .rows
            .iter()
            .position(|r| r.kind == RowKind::Indicator(last_index))?;
        let last = self.geo.row_start[last_row] + self.geo.row_count[last_row] - 1;
        Some(cell_range(first.0, first.1, last, first.1))
    }

    /// The formula of an empty input whose value the rules supply.
    fn fallback_formula(&self, field: Field, v: Decimal) -> String {
        match field {
            Field::Fund(FundRowKind::Total, col) => formulas::parts_sum(
                &FundRowKind::PARTS
                    .iter()
                    .filter(|k| self.pos.inputs.contains_key(&Field::Fund(**k, col)))
                    .map(|k| self.pos.input(Field::Fund(*k, col)))
                    .collect::<Vec<_>>(),
            ),
            Field::Indicator(i, IndicatorColumn::Score) => {
                let w = self.pos.input(Field::Indicator(i, IndicatorColumn::Weight));
                match (self.form.indicators.get(i), self.ev.indicators.get(i)) {
                    (Some(ind), Some(e)) => {
                        formulas::indicator_score(self.t, ind, &e.judgement, &w)
                            .unwrap_or_else(|| formulas::constant(v))
                    }
                    _ => formulas::constant(v),
                }
            }
            _ => formulas::constant(v),
        }
    }

    fn computed_formula(&self, what: Computed) -> String {
        let total = |c| self.pos.input(Field::Fund(FundRowKind::Total, c));
        match what {
            Computed::ExecutionRate => formulas::execution_rate(
                &total(FundColumn::AnnualBudget),
                &total(FundColumn::Executed),
            ),
            Computed::FundsScore => formulas::funds_score(
                &self.pos.input(Field::FundsWeight),
                &total(FundColumn::AnnualBudget),
                &total(FundColumn::Executed),
            ),
            Computed::TotalWeight => formulas::total_weight(
                &self.pos.input(Field::FundsWeight),
                self.indicator_range(IndicatorColumn::Weight).as_deref(),
            ),
            Computed::TotalScore => formulas::total_score(
                &self.pos.computed(Computed::FundsScore),
                self.indicator_range(IndicatorColumn::Score).as_deref(),
            ),
        }
    }

    fn value(&self, c: &Cell) -> Value {
        match &c.content {
            Content::Label { .. } => Value::Text(super::geometry::printed_text(
                self.layout,
                c,
                &self.geo.col_pt,
            )),
            Content::Input {
                field,
                value_kind: ValueKind::Money | ValueKind::Score,
                number,
                fallback_number,
                ..
            } => match (number, fallback_number) {
                (Some(n), _) => Value::Number(*n),
                (None, Some(v)) => Value::Formula(self.fallback_formula(*field, *v), Some(*v)),
                (None, None) => Value::Blank,
            },
            Content::Input { text, format, .. } => {
                if text.is_empty() && format.is_none() {
                    Value::Blank
                } else {
                    // A value printed in a pattern (`（2023年度）`) is written so.
                    Value::Text(c.content.display())
                }
            }
            Content::Computed { what, number, .. } => {
                Value::Formula(self.computed_formula(*what), *number)
            }
        }
    }
}

fn result_text(v: Option<Decimal>) -> String {
    v.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Add one form as a worksheet named `name` (a valid, unique sheet name).
pub fn add_form_sheet(
    wb: &mut Workbook,
    styles: &mut Styles,
    form: &Form,
    name: &str,
    opts: &ExportOptions,
) -> Result<(), ExportError> {
    let t = Template::by_id(&form.template).map_err(|e| ExportError::Template(e.to_string()))?;
    let lopts = LayoutOptions {
        signature: opts.signature.clone(),
    };
    let (layout, ev) =
        build_form(form, &lopts).map_err(|e| ExportError::Template(e.to_string()))?;
    let geo = geometry(&layout);
    let ctx = SheetCtx {
        form,
        t,
        ev: &ev,
        pos: Positions::of(&layout, &geo),
        layout: &layout,
        geo: &geo,
    };
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.set_formula_result_default("");
    for (i, w) in geo.col_pt.iter().enumerate() {
        ws.set_column_width_pixels(i as u16, (w * 96.0 / 72.0).ceil() as u32)?;
    }
    for (r, h) in geo.sheet_row_pt.iter().enumerate() {
        ws.set_row_height_pixels(r as u32, (h * 4.0 / 3.0).ceil() as u32)?;
    }
    let mut targets = Vec::new();
    let mut column_notes: HashMap<usize, String> = HashMap::new();
    for row in &layout.rows {
        for c in &row.cells {
            write_cell(ws, styles, &ctx, c, row.kind)?;
            if let Content::Input {
                field,
                value_kind,
                limit,
                note,
                format: None,
                ..
            } = &c.content
            {
                let (r1, r2) = geo.rows_of(c);
                let c1 = c.col as u16;
                let c2 = (c.col + c.col_span.max(1) - 1) as u16;
                targets.push(Target {
                    field: *field,
                    unit: t.money_unit,
                    kind: *value_kind,
                    limit: *limit,
                    label: input_label(t, *field),
                    first: (r1, c1),
                    last: (r2, c2),
                });
                match (note, field) {
                    // An indicator column's note goes once on its header,
                    // not on every row (a thousand forms stay small).
                    (Some(n), Field::Indicator(..)) => {
                        column_notes.entry(c.col).or_insert_with(|| n.clone());
                    }
                    (Some(n), _) => add_note(ws, r1, c1, n)?,
                    (None, _) => {}
                }
            }
        }
    }
    if let Some(header) = layout
        .rows
        .iter()
        .find(|r| r.kind == RowKind::IndicatorHeader)
    {
        for c in &header.cells {
            if let Some(n) = column_notes.get(&c.col) {
                add_note(ws, geo.row_start[c.row], c.col as u16, n)?;
            }
        }
    }
    add_validations(ws, &targets)?;
    write_hidden_column(ws, form, &layout, &geo)?;
    page_setup(ws, &layout, &geo)?;
    if opts.protect {
        ws.protect_with_options(&ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::new()
        });
    }
    Ok(())
}

fn input_label(t: &Template, field: Field) -> String {
    let funds_label = |v: FundsValue| {
        t.funds_spec()
            .and_then(|f| f.columns.iter().find(|c| c.value == v))
            .map(|c| c.label.clone())
    };
    match field {
        Field::Fund(_, c) => {
            funds_label(FundsValue::from_column(c)).unwrap_or_else(|| fund_column_label(c).into())
        }
        Field::FundsWeight => funds_label(FundsValue::Weight).unwrap_or_else(|| "分值".into()),
        f => t.spec_of(f).label.clone(),
    }
}

fn write_cell(
    ws: &mut Worksheet,
    styles: &mut Styles,
    ctx: &SheetCtx,
    c: &Cell,
    kind: RowKind,
) -> Result<(), ExportError> {
    let (r1, r2) = ctx.geo.rows_of(c);
    let c1 = c.col as u16;
    let c2 = (c.col + c.col_span.max(1) - 1) as u16;
    let fmt = styles.of(c, kind, ctx.t.money_unit).clone();
    let merged = r1 != r2 || c1 != c2;
    if merged {
        ws.merge_range(r1, c1, r2, c2, "", &fmt)?;
    }
    match ctx.value(c) {
        Value::Text(s) => {
            ws.write_string_with_format(r1, c1, &s, &fmt)?;
        }
        Value::Number(n) => {
            ws.write_number_with_format(r1, c1, to_f64(n), &fmt)?;
        }
        Value::Formula(f, v) => {
            let formula = Formula::new(format!("={f}")).set_result(result_text(v));
            ws.write_formula_with_format(r1, c1, formula, &fmt)?;
        }
        Value::Blank => {
            if !merged {
                ws.write_blank(r1, c1, &fmt)?;
            }
        }
    }
    Ok(())
}

/// The template marker and the tiers, in a hidden column after the form.
fn write_hidden_column(
    ws: &mut Worksheet,
    form: &Form,
    layout: &Layout,
    geo: &Geometry,
) -> Result<(), ExportError> {
    let f = Styles::hidden();
    let hidden = hidden_col(layout);
    ws.set_column_width(hidden, 12)?;
    ws.set_column_hidden(hidden)?;
    ws.write_string_with_format(0, hidden, format!("{MARKER_PREFIX}{}", form.template), &f)?;
    for (i, row) in layout.rows.iter().enumerate() {
        let r = geo.row_start[i];
        match row.kind {
            RowKind::IndicatorHeader => {
                ws.write_string_with_format(r, hidden, TIER_HEADER, &f)?;
            }
            RowKind::Indicator(k) => {
                if let Some(tier) = form.indicators.get(k).and_then(|ind| ind.tier) {
                    ws.write_string_with_format(r, hidden, tier.label(), &f)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn page_setup(ws: &mut Worksheet, layout: &Layout, geo: &Geometry) -> Result<(), ExportError> {
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let (l, r, t, b, h, f) = super::geometry::MARGINS_IN;
    ws.set_margins(l, r, t, b, h, f);
    if let Some(row) = super::geometry::header_page_break(layout, geo) {
        ws.set_page_breaks(&[row])?;
    }
    ws.set_footer("&C第 &P 页，共 &N 页");
    let last = geo.sheet_rows().saturating_sub(1);
    ws.set_print_area(0, 0, last, hidden_col(layout) - 1)?;
    if let Some(h) = layout
        .rows
        .iter()
        .position(|r| r.kind == RowKind::IndicatorHeader)
    {
        let first = geo.row_start[h];
        ws.set_repeat_rows(first, first + geo.row_count[h] - 1)?;
    }
    Ok(())
}
