//! The commands the UI calls. Each one calls one core function; no rules here.

use selfeval_core::edit::{Edit, EditError};
use selfeval_core::view::{self, Edited, FormView};
use selfeval_core::{Form, Template};
use serde::Serialize;
use ts_rs::TS;

use crate::examples;

/// An error for the user, in Chinese.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    pub message: String,
}

impl<E: std::fmt::Display> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError {
            message: e.to_string(),
        }
    }
}

/// A new, empty form of the default template.
#[tauri::command]
pub fn blank_form() -> Form {
    Form::blank(Template::default_template())
}

/// The seven example forms (示例) of the seed.
#[tauri::command]
pub fn example_forms() -> Vec<Form> {
    examples::forms()
}

/// The editor's view of a form.
#[tauri::command]
pub fn render_form(form: Form) -> Result<FormView, CommandError> {
    Ok(view::render(&form)?)
}

/// Apply one edit and return the new form with its view.
#[tauri::command]
pub fn apply_edit(form: Form, edit: Edit) -> Result<Edited, EditError> {
    view::edit_and_render(&form, &edit)
}

/// The UI has drawn its first screen. With `SELFEVAL_REPORT_READY` set, prints
/// `selfeval-ready <ms since start>` (the launch benchmark reads it).
#[tauri::command]
pub fn ui_ready(started: tauri::State<'_, crate::Started>) {
    if std::env::var_os("SELFEVAL_REPORT_READY").is_some() {
        println!("selfeval-ready {}", started.0.elapsed().as_millis());
    }
}
