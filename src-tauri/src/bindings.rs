//! The TypeScript types of the commands' arguments and results, generated
//! from the Rust types by ts-rs into `ui/src/lib/bindings/`.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// Write every binding into `dir` (one `.ts` file per type).
pub fn export_to(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    selfeval_core::Form::export_all(&cfg)?;
    selfeval_core::edit::Edit::export_all(&cfg)?;
    selfeval_core::edit::EditError::export_all(&cfg)?;
    selfeval_core::view::Edited::export_all(&cfg)?;
    selfeval_core::view::FormView::export_all(&cfg)?;
    crate::commands::CommandError::export_all(&cfg)?;
    crate::db::ListRow::export_all(&cfg)?;
    crate::db::ListQuery::export_all(&cfg)?;
    crate::db::Opened::export_all(&cfg)?;
    crate::db::SaveResult::export_all(&cfg)?;
    crate::db::Revision::export_all(&cfg)?;
    crate::settings::Settings::export_all(&cfg)?;
    crate::export_commands::ImportResult::export_all(&cfg)?;
    Ok(())
}

/// The editor's view of a seed form, as JSON, for the UI's unit tests (so they
/// run against what the core really produces). Written to
/// `ui/src/lib/fixtures/seed-view.json` beside the bindings.
pub fn seed_view_fixture() -> String {
    let form = crate::examples::forms()
        .into_iter()
        .find(|f| f.header.code == "440303210301500003219");
    let view = form.and_then(|f| selfeval_core::view::render(&f).ok());
    serde_json::to_string_pretty(&view).unwrap_or_default() + "\n"
}
