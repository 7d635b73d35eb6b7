//! The commands the UI calls. Each one calls one core function; no rules here.

use std::sync::Mutex;

use selfeval_core::edit::{Edit, EditError};
use selfeval_core::view_patch::{EditedPatch, ViewPatch, Views};
use selfeval_core::Form;
use serde::Serialize;
use ts_rs::TS;

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

/// The views last sent to the editor, so that it receives only what changed.
#[derive(Default)]
pub struct EditorViews(Mutex<Views>);

impl EditorViews {
    fn lock(&self) -> std::sync::MutexGuard<'_, Views> {
        // A panic elsewhere cannot leave the cache wrong, only stale: keep it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The editor's view of a form, as a patch against the view `have`.
#[tauri::command]
pub fn render_form(
    form: Form,
    have: Option<u32>,
    views: tauri::State<'_, EditorViews>,
) -> Result<ViewPatch, CommandError> {
    Ok(views.lock().render(&form, have)?)
}

/// Apply one edit: the new form, and its view as a patch against `have`.
#[tauri::command]
pub fn apply_edit(
    form: Form,
    edit: Edit,
    have: Option<u32>,
    views: tauri::State<'_, EditorViews>,
) -> Result<EditedPatch, EditError> {
    views.lock().edit(&form, &edit, have)
}

/// The UI has drawn its first screen. With `SELFEVAL_REPORT_READY` set, prints
/// `selfeval-ready <ms since start>` (the launch benchmark reads it).
#[tauri::command]
pub fn ui_ready(started: tauri::State<'_, crate::Started>) {
    if std::env::var_os("SELFEVAL_REPORT_READY").is_some() {
        println!("selfeval-ready {}", started.0.elapsed().as_millis());
    }
}
