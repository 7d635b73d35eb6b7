//! Sending the editor only what changed. Each keystroke re-renders the whole
//! view in the core (the rules are global: one amount moves 执行率, 得分 and
//! 总分), but the screen already holds the previous view, so only the rows
//! that differ travel to it.
//!
//! [`Views`] remembers the last few views it handed out, each named by a
//! token. The UI says which view it has (`have`); the answer is a
//! [`ViewPatch`] against that view, or the whole view when the core no longer
//! remembers it. [`ViewPatch::apply`] rebuilds the new view from the old one —
//! the UI does the same in `ui/src/lib/patch.ts`.

use std::collections::VecDeque;

use serde::Serialize;

use crate::edit::{Edit, EditError, Rejected};
use crate::model::Form;
use crate::template::TemplateError;
use crate::view::{self, u, FormView, IssueView, RowView};

/// A view, as the rows that changed since the view `base`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewPatch {
    /// Names the new view; send it back as `have` with the next request.
    pub token: u32,
    /// The view this patch applies to; `None`: `rows` holds every row.
    pub base: Option<u32>,
    pub title: String,
    pub column_widths_mm: Vec<u32>,
    /// Rows of the new view; rows past it are dropped.
    pub row_count: u32,
    /// The rows that differ from `base`, by index.
    pub rows: Vec<PatchedRow>,
    /// `None`: the same issues as `base`.
    pub issues: Option<Vec<IssueView>>,
    pub errors: u32,
    pub warnings: u32,
    pub to_fill: u32,
    pub total_score: String,
    pub grade: String,
    pub groups: Vec<crate::view::GroupView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatchedRow {
    pub index: u32,
    pub row: RowView,
}

/// A form after an edit, with its view as a patch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditedPatch {
    pub form: Form,
    pub view: ViewPatch,
    pub rejected: Vec<Rejected>,
    /// The indicator row the edit put in place, to select.
    pub row: Option<u32>,
}

/// The patch that turns `base` (named `base_token`) into `new`; with no base,
/// the whole of `new`.
pub fn diff(base: Option<(u32, &FormView)>, token: u32, new: &FormView) -> ViewPatch {
    let rows = new
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| base.is_none_or(|(_, b)| b.rows.get(*i) != Some(*r)))
        .map(|(i, r)| PatchedRow {
            index: u(i),
            row: r.clone(),
        })
        .collect();
    let issues = match base {
        Some((_, b)) if b.issues == new.issues => None,
        _ => Some(new.issues.clone()),
    };
    ViewPatch {
        token,
        base: base.map(|(t, _)| t),
        title: new.title.clone(),
        column_widths_mm: new.column_widths_mm.clone(),
        row_count: u(new.rows.len()),
        rows,
        issues,
        errors: new.errors,
        warnings: new.warnings,
        to_fill: new.to_fill,
        total_score: new.total_score.clone(),
        grade: new.grade.clone(),
        groups: new.groups.clone(),
    }
}

impl ViewPatch {
    /// The new view, from the view the patch was made against (ignored when
    /// the patch holds every row).
    pub fn apply(&self, base: &FormView) -> FormView {
        let keep = if self.base.is_some() {
            base.rows.len().min(self.row_count as usize)
        } else {
            0
        };
        let mut rows: Vec<RowView> = base.rows[..keep].to_vec();
        for p in &self.rows {
            let i = p.index as usize;
            if i < rows.len() {
                rows[i] = p.row.clone();
            } else {
                rows.push(p.row.clone());
            }
        }
        FormView {
            title: self.title.clone(),
            column_widths_mm: self.column_widths_mm.clone(),
            rows,
            issues: self.issues.clone().unwrap_or_else(|| base.issues.clone()),
            errors: self.errors,
            warnings: self.warnings,
            to_fill: self.to_fill,
            total_score: self.total_score.clone(),
            grade: self.grade.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// The last views handed to the editor, to send it only what changed.
#[derive(Debug, Default)]
pub struct Views {
    last: u32,
    recent: VecDeque<(u32, FormView)>,
}

impl Views {
    /// How many views are remembered: enough for the keystrokes in flight.
    /// An older `have` gets the whole view, which is slower but as right.
    pub const KEEP: usize = 8;

    /// Remember `view` and answer with its patch against `have`.
    pub fn hand_out(&mut self, have: Option<u32>, view: FormView) -> ViewPatch {
        self.last = self.last.wrapping_add(1).max(1);
        let token = self.last;
        let base = have.and_then(|h| self.recent.iter().find(|(t, _)| *t == h));
        let patch = diff(base.map(|(t, v)| (*t, v)), token, &view);
        self.recent.push_back((token, view));
        while self.recent.len() > Self::KEEP {
            self.recent.pop_front();
        }
        patch
    }

    /// Render a form (opening it, undo, redo) as a patch against `have`.
    pub fn render(&mut self, form: &Form, have: Option<u32>) -> Result<ViewPatch, TemplateError> {
        let v = view::render(form)?;
        Ok(self.hand_out(have, v))
    }

    /// Apply an edit and answer with the new form and its patch against `have`.
    pub fn edit(
        &mut self,
        form: &Form,
        edit: &Edit,
        have: Option<u32>,
    ) -> Result<EditedPatch, EditError> {
        let out = view::edit_and_render(form, edit)?;
        Ok(EditedPatch {
            form: out.form,
            view: self.hand_out(have, out.view),
            rejected: out.rejected,
            row: out.row,
        })
    }
}
