//! The editor's view of a form: the printed grid of [`crate::layout`] with,
//! on every cell, what the screen needs — the text to show, to edit and to
//! copy, the character count against the template's limit, the issues of the
//! rules that concern it, and the lists to choose from. The UI renders this
//! and holds no rules of its own.

use std::collections::HashMap;

use serde::Serialize;

use crate::edit::{self, cell_text, Edit, EditError, Rejected};
use crate::field::{Field, IndicatorColumn as C};
use crate::layout::{self, Align, Content, Layout, LayoutOptions, RowKind, ValueKind};
use crate::model::{Form, Tier};
use crate::money::fmt2;
use crate::rules::{Evaluation, Kind, Severity};
use crate::template::{char_count, Template, TemplateError};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormView {
    pub title: String,
    pub column_widths_mm: Vec<u32>,
    pub rows: Vec<RowView>,
    /// Every issue of the rules, errors first.
    pub issues: Vec<IssueView>,
    pub errors: u32,
    pub warnings: u32,
    /// Required cells still empty (errors among `errors` marked `blank`):
    /// the editor shows them as progress, 「还需填写 N 项」.
    pub to_fill: u32,
    /// 总分 得分 as printed.
    pub total_score: String,
    /// 评价等级 of the 总分 (`优` …), by the template's grades.
    pub grade: String,
    /// The template's 一级 / 二级 groups in order, for the row menu.
    pub groups: Vec<GroupView>,
}

/// One 二级 group of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupView {
    pub level1: String,
    pub level2: String,
}

/// What a grid row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    Title,
    Header,
    FundsHeader,
    Funds,
    GoalsHeader,
    Goals,
    IndicatorHeader,
    Indicator,
    Total,
    Closing,
    Signature,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowView {
    pub role: RowRole,
    /// For indicator rows: the index in `form.indicators`.
    pub indicator: Option<u32>,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    Label,
    Input,
    Computed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellView {
    pub row: u32,
    pub col: u32,
    pub row_span: u32,
    pub col_span: u32,
    pub kind: CellKind,
    /// What the cell shows (as printed).
    pub text: String,
    /// What an editor of the cell starts with (the typed text).
    pub edit: String,
    /// What Ctrl+C copies.
    pub copy: String,
    /// The cell is empty and shows the value the rules use instead (the sum of
    /// the parts, the suggested 得分).
    pub suggested: bool,
    /// The bound cell address (`indicators[2].target`), for inputs. Never
    /// shown to the officer: `place` is.
    pub field: Option<String>,
    /// Where the cell is, in Chinese (「产出指标 / 数量指标 第1行 · 三级指标」),
    /// for inputs; empty otherwise.
    pub place: String,
    pub value_kind: Option<ValueKind>,
    pub align: Align,
    pub bold: bool,
    pub border: bool,
    pub required: bool,
    /// The template's note, e.g. `(限2000字以内)`.
    pub note: Option<String>,
    /// Character limit of the template, for text cells (0 for numbers,
    /// labels and computed cells, which show no count).
    pub limit: u32,
    /// Characters typed, counted as the limit counts them.
    pub chars: u32,
    /// The worst issue of the cell, if any.
    pub severity: Option<Severity>,
    pub messages: Vec<String>,
    /// Every issue of the cell is its being empty though required: marked
    /// quietly until the officer has left it.
    pub blank: bool,
    /// The list to choose from (一级/二级 指标).
    pub choices: Vec<String>,
    /// For the 得分 of a qualitative indicator: its tier.
    pub tier: Option<TierView>,
    /// Shown beside the value on screen only, never printed: the 总分's
    /// 评价等级 (`优`).
    pub badge: Option<String>,
    /// In a revision's preview: the cell differs from the current form.
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierView {
    pub row: u32,
    /// The tier chosen by the officer, if any.
    pub chosen: Option<Tier>,
    /// The tier the rules read (chosen, or inferred from a percentage).
    pub effective: Option<Tier>,
    pub options: Vec<TierOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierOption {
    pub tier: Tier,
    pub label: String,
    /// The band of 得分 for this tier, in points (`5.60–7.00`), if 分值 is known.
    pub band: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueView {
    pub severity: Severity,
    /// The cell address, for the editor to find it; never shown.
    pub field: Option<String>,
    pub message: String,
    /// A required cell left empty (see [`crate::rules::Issue::blank`]).
    pub blank: bool,
    /// The grid position of the cell the issue concerns, to jump to it.
    pub row: Option<u32>,
    pub col: Option<u32>,
}

/// A form after an edit, with its view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Edited {
    pub form: Form,
    pub view: FormView,
    pub rejected: Vec<Rejected>,
    /// The indicator row the edit put in place (inserted, moved).
    pub row: Option<u32>,
}

/// An index or count as the UI receives it (saturating; forms are far smaller).
pub(crate) fn u(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The editor's view of a form.
pub fn render(form: &Form) -> Result<FormView, TemplateError> {
    let t = Template::by_id(&form.template)?;
    let ev = crate::rules::evaluate(form, t);
    let grid = layout::build(form, t, &ev, &LayoutOptions::default());
    Ok(build(form, t, &ev, &grid))
}

/// The view of `form` (an earlier revision, previewed read-only) with every
/// input cell whose content differs from `current` marked `changed`.
pub fn render_compared(form: &Form, current: &Form) -> Result<FormView, TemplateError> {
    let mut v = render(form)?;
    for c in v.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        if let Some(f) = c.field.as_deref().and_then(|f| f.parse::<Field>().ok()) {
            c.changed = cell_text(form, f) != cell_text(current, f);
        }
    }
    Ok(v)
}

/// Apply an edit and render the result.
pub fn edit_and_render(form: &Form, edit: &Edit) -> Result<Edited, EditError> {
    let out = edit::apply(form, edit)?;
    let view = render(&out.form).map_err(|e| EditError {
        field: None,
        message: e.to_string(),
    })?;
    Ok(Edited {
        form: out.form,
        view,
        rejected: out.rejected,
        row: out.row.map(u),
    })
}

fn role(k: RowKind) -> (RowRole, Option<u32>) {
    match k {
        RowKind::Title => (RowRole::Title, None),
        RowKind::Header => (RowRole::Header, None),
        RowKind::FundsHeader => (RowRole::FundsHeader, None),
        RowKind::Funds => (RowRole::Funds, None),
        RowKind::GoalsHeader => (RowRole::GoalsHeader, None),
        RowKind::Goals => (RowRole::Goals, None),
        RowKind::IndicatorHeader => (RowRole::IndicatorHeader, None),
        RowKind::Indicator(i) => (RowRole::Indicator, Some(u(i))),
        RowKind::Total => (RowRole::Total, None),
        RowKind::Closing => (RowRole::Closing, None),
        RowKind::Signature => (RowRole::Signature, None),
    }
}

fn build(form: &Form, t: &Template, ev: &Evaluation, grid: &Layout) -> FormView {
    // Where each field's cell is: (row index, cell index within the row).
    let mut at: HashMap<Field, (usize, usize)> = HashMap::new();
    let mut indicator_row: HashMap<usize, usize> = HashMap::new();
    for (r, row) in grid.rows.iter().enumerate() {
        if let RowKind::Indicator(i) = row.kind {
            indicator_row.insert(i, r);
        }
        for (k, c) in row.cells.iter().enumerate() {
            if let Content::Input { field, .. } = &c.content {
                at.insert(*field, (r, k));
            }
        }
    }
    // The cell an issue belongs to: its own, or the merged 一级/二级 cell over
    // its row, or the 得分 cell for the tier.
    let locate = |f: Field| -> Option<(usize, usize)> {
        if let Some(p) = at.get(&f) {
            return Some(*p);
        }
        match f {
            Field::Indicator(i, C::Tier) => at.get(&Field::Indicator(i, C::Score)).copied(),
            Field::Indicator(i, c @ (C::Level1 | C::Level2)) => {
                let r = *indicator_row.get(&i)?;
                let col = if c == C::Level1 { 1 } else { 2 };
                grid.rows.iter().enumerate().find_map(|(rr, row)| {
                    row.cells.iter().enumerate().find_map(|(k, cell)| {
                        (cell.col == col && rr <= r && r < rr + cell.row_span).then_some((rr, k))
                    })
                })
            }
            _ => None,
        }
    };
    let mut marks: HashMap<(usize, usize), Mark> = HashMap::new();
    let mut issues = Vec::with_capacity(ev.issues.len());
    for is in &ev.issues {
        let pos = is.field.and_then(locate);
        if let Some(p) = pos {
            let m = marks.entry(p).or_insert(Mark {
                severity: is.severity,
                messages: Vec::new(),
                blank: true,
            });
            m.severity = m.severity.min(is.severity);
            m.messages.push(is.message.clone());
            m.blank &= is.blank;
        }
        let cell = pos.and_then(|(r, k)| grid.rows.get(r).and_then(|row| row.cells.get(k)));
        issues.push(IssueView {
            severity: is.severity,
            field: is.field.map(|f| f.to_string()),
            message: is.message.clone(),
            blank: is.blank,
            row: cell.map(|c| u(c.row)),
            col: cell.map(|c| u(c.col)),
        });
    }

    let rows = grid
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let (role, indicator) = role(row.kind);
            let cells = row
                .cells
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let mark = marks.remove(&(r, k));
                    cell_view(form, t, ev, c, mark)
                })
                .collect();
            RowView {
                role,
                indicator,
                cells,
            }
        })
        .collect();
    let errors = u(ev.count(Severity::Error));
    FormView {
        to_fill: u(ev.issues.iter().filter(|i| i.blank).count()),
        title: grid.title.clone(),
        column_widths_mm: grid.column_widths_mm.clone(),
        rows,
        errors,
        warnings: u(ev.issues.len()).saturating_sub(errors),
        issues,
        total_score: fmt2(ev.total_score),
        grade: ev.grade.clone(),
        groups: t
            .level1
            .iter()
            .flat_map(|l| {
                l.level2.iter().map(|x| GroupView {
                    level1: l.name.clone(),
                    level2: x.clone(),
                })
            })
            .collect(),
    }
}

/// The issues that concern one cell.
struct Mark {
    severity: Severity,
    messages: Vec<String>,
    blank: bool,
}

/// The 总分 cell's mark: a 得分 above its 分值 inflates the 总分, which must
/// not look right (the row's own error says what to fix).
fn total_mark(form: &Form, ev: &Evaluation) -> Option<Mark> {
    let over: Vec<String> = form
        .indicators
        .iter()
        .zip(&ev.indicators)
        .enumerate()
        .filter(|(_, (_, e))| e.over_weight)
        .map(|(i, (r, _))| {
            format!(
                "{} 得分 {} 超过分值 {}",
                crate::field::indicator_place(form, i),
                r.score.map(fmt2).unwrap_or_default(),
                r.weight.map(fmt2).unwrap_or_default()
            )
        })
        .collect();
    if over.is_empty() {
        return None;
    }
    Some(Mark {
        severity: Severity::Error,
        messages: vec![format!(
            "总分 {} 含超过分值的得分，不可信：{}；请先改正这些得分",
            fmt2(ev.total_score),
            over.join("；")
        )],
        blank: false,
    })
}

fn cell_view(
    form: &Form,
    t: &Template,
    ev: &Evaluation,
    c: &layout::Cell,
    mark: Option<Mark>,
) -> CellView {
    let mark = match (&c.content, mark) {
        (Content::Computed { what, .. }, None) if *what == layout::Computed::TotalScore => {
            total_mark(form, ev)
        }
        (_, m) => m,
    };
    let (severity, messages, blank) = match mark {
        Some(m) => (Some(m.severity), m.messages, m.blank),
        None => (None, Vec::new(), false),
    };
    let mut v = CellView {
        row: u(c.row),
        col: u(c.col),
        row_span: u(c.row_span),
        col_span: u(c.col_span),
        kind: CellKind::Label,
        text: c.content.display(),
        edit: String::new(),
        copy: String::new(),
        suggested: false,
        field: None,
        place: String::new(),
        value_kind: None,
        align: c.align,
        bold: c.bold,
        border: c.border,
        required: false,
        note: None,
        limit: 0,
        chars: 0,
        severity,
        messages,
        blank,
        choices: Vec::new(),
        tier: None,
        badge: None,
        changed: false,
    };
    match &c.content {
        Content::Label { required, .. } => {
            v.required = *required;
            v.copy = v.text.clone();
        }
        Content::Computed { what, .. } => {
            v.kind = CellKind::Computed;
            v.copy = v.text.clone();
            if *what == layout::Computed::TotalScore {
                v.badge = Some(ev.grade.clone());
            }
        }
        Content::Input {
            field,
            value_kind,
            text,
            limit,
            required,
            note,
            ..
        } => {
            v.kind = CellKind::Input;
            v.edit = cell_text(form, *field).unwrap_or_else(|| text.clone());
            v.suggested = text.is_empty() && !v.text.is_empty();
            v.copy = if v.edit.is_empty() {
                v.text.clone()
            } else {
                v.edit.clone()
            };
            v.field = Some(field.to_string());
            v.place = field.describe_in(form);
            v.value_kind = Some(*value_kind);
            v.required = *required;
            v.note = note.clone();
            if matches!(value_kind, ValueKind::Text | ValueKind::LongText) {
                v.limit = u(*limit);
                v.chars = u(char_count(&v.edit));
            }
            match (value_kind, field) {
                (ValueKind::Level1, _) => {
                    v.choices = t.level1.iter().map(|l| l.name.clone()).collect();
                }
                (ValueKind::Level2, Field::Indicator(i, _)) => {
                    let l1 = form
                        .indicators
                        .get(*i)
                        .map(|x| x.level1.trim())
                        .unwrap_or("");
                    v.choices = t
                        .level1
                        .iter()
                        .filter(|l| l.name == l1)
                        .flat_map(|l| l.level2.iter().cloned())
                        .collect();
                }
                (ValueKind::Nature, _) => v.choices = t.natures.clone(),
                (_, Field::Indicator(i, C::Score)) => v.tier = tier_view(form, ev, *i),
                _ => {}
            }
        }
    }
    v
}

fn tier_view(form: &Form, ev: &Evaluation, i: usize) -> Option<TierView> {
    let e = ev.indicators.get(i)?;
    if e.judgement.kind != Kind::Qualitative {
        return None;
    }
    let ind = form.indicators.get(i)?;
    Some(TierView {
        row: u(i),
        chosen: ind.tier,
        effective: e.judgement.tier,
        options: Tier::ALL
            .iter()
            .map(|tier| {
                let (lo, hi) = tier.band();
                TierOption {
                    tier: *tier,
                    label: tier.label().to_string(),
                    band: ind
                        .weight
                        .map(|w| format!("{}–{}", fmt2(lo * w), fmt2(hi * w))),
                }
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::from_json;

    fn seed() -> Form {
        from_json(include_str!(
            "../../tests/fixtures/seed/440303210301500003219.json"
        ))
        .unwrap()
    }

    fn cell<'a>(v: &'a FormView, field: &str) -> &'a CellView {
        v.rows
            .iter()
            .flat_map(|r| &r.cells)
            .find(|c| c.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("no cell {field}"))
    }

    #[test]
    fn seed_form_view_shows_the_printed_total() {
        let v = render(&seed()).unwrap();
        assert_eq!(v.title, "项目支出绩效自评表");
        let total = v
            .rows
            .iter()
            .find(|r| r.role == RowRole::Total)
            .unwrap()
            .cells
            .iter()
            .find(|c| c.kind == CellKind::Computed && c.col == 7)
            .unwrap();
        assert_eq!(total.text, v.total_score);
        let l1 = cell(&v, "indicators[0].level1");
        assert_eq!(l1.edit, "产出指标");
        assert!(l1.choices.contains(&"效益指标".to_string()));
    }

    #[test]
    fn a_revision_compared_marks_the_cells_that_differ() {
        let old = seed();
        let mut now = seed();
        now.header.name = "党政事务（改）".into();
        now.indicators[2].actual = "20次".into();
        let v = render_compared(&old, &now).unwrap();
        let changed: Vec<&str> = v
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.changed)
            .filter_map(|c| c.field.as_deref())
            .collect();
        assert_eq!(changed, vec!["header.name", "indicators[2].actual"]);
        let same = render_compared(&old, &old).unwrap();
        assert!(same.rows.iter().flat_map(|r| &r.cells).all(|c| !c.changed));
    }

    #[test]
    fn over_limit_text_is_marked_on_its_cell_and_counted() {
        let f = seed();
        let long = "字".repeat(2001);
        let out = edit_and_render(
            &f,
            &Edit::Set {
                field: Field::GoalsActual,
                text: long.clone(),
            },
        )
        .unwrap();
        let c = cell(&out.view, "goals.actual");
        assert_eq!((c.chars, c.limit), (2001, 2000));
        assert_eq!(c.severity, Some(Severity::Error));
        assert!(c.messages.iter().any(|m| m.contains("2000")));
        assert_eq!(out.form.goals.actual, long, "never cut");
        let is = out
            .view
            .issues
            .iter()
            .find(|i| i.field.as_deref() == Some("goals.actual"))
            .unwrap();
        assert_eq!((is.row, is.col), (Some(c.row), Some(c.col)));
    }

    #[test]
    fn funds_edit_updates_rate_and_score() {
        let mut f = seed();
        f.funds = Default::default();
        let set = |f: &Form, field: &str, text: &str| {
            edit_and_render(
                f,
                &Edit::Set {
                    field: field.parse().unwrap(),
                    text: text.into(),
                },
            )
            .unwrap()
        };
        let a = set(&f, "funds.total.annual_budget", "50000");
        let b = set(&a.form, "funds.total.executed", "3657.80");
        let rate = b
            .view
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .find(|c| c.kind == CellKind::Computed && c.col == 7 && c.text == "7.32");
        assert!(rate.is_some());
        assert!(b
            .view
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.kind == CellKind::Computed && c.text == "0.73"));
    }
}
