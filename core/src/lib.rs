//! selfeval-core: everything SelfEval knows about a 项目支出绩效自评表, with no
//! Tauri dependency. The desktop shell and the `selfeval` CLI are thin layers
//! over this crate.
//!
//! - [`model`]: the form; [`template`]: labels, limits, weights as data;
//! - [`rules`]: computed cells, suggested scores, validation;
//! - [`layout`]: the official printed grid, rendered by screen, XLSX and PDF;
//! - [`format`]: the JSON interchange format.

pub mod atomic_file;
pub mod edit;
pub mod export_gate;
pub mod field;
pub mod file_names;
pub mod format;
pub mod import;
pub mod layout;
pub mod model;
pub mod money;
pub mod pdf;
pub mod platform;
pub mod rules;
pub mod store;
pub mod summary;
pub mod template;
pub mod view;
pub mod view_patch;
pub mod xlsx;

pub use field::Field;
pub use model::Form;
pub use rules::{evaluate, Evaluation, Issue, Severity};
pub use template::Template;

/// Evaluate a form with its own template.
pub fn evaluate_form(form: &Form) -> Result<Evaluation, template::TemplateError> {
    Ok(evaluate(form, Template::by_id(&form.template)?))
}
