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
    selfeval_core::view_patch::EditedPatch::export_all(&cfg)?;
    selfeval_core::view::FormView::export_all(&cfg)?;
    crate::commands::CommandError::export_all(&cfg)?;
    crate::db::ListRow::export_all(&cfg)?;
    crate::db::ListQuery::export_all(&cfg)?;
    crate::db::Opened::export_all(&cfg)?;
    crate::db::SaveResult::export_all(&cfg)?;
    crate::db::Revision::export_all(&cfg)?;
    crate::db::RevisionPreview::export_all(&cfg)?;
    crate::settings::Settings::export_all(&cfg)?;
    crate::export_commands::ImportResult::export_all(&cfg)?;
    crate::auto_backup::BackupStatus::export_all(&cfg)?;
    crate::auto_backup::BackupRow::export_all(&cfg)?;
    crate::auto_backup::BackupFolder::export_all(&cfg)?;
    crate::templates::TemplateList::export_all(&cfg)?;
    crate::overview::OverviewQuery::export_all(&cfg)?;
    crate::overview::YearOverview::export_all(&cfg)?;
    Ok(())
}

fn seed_form() -> Option<selfeval_core::Form> {
    crate::examples::forms()
        .into_iter()
        .find(|f| f.header.code == "440303210301500003219")
}

/// What the core really produces, for the UI's unit tests, by file name in
/// `ui/src/lib/fixtures/`:
/// - `seed-view.json`: the editor's view of a seed form;
/// - `seed-patches.json`: the patches of a few edits of that form, each
///   against the view before it, and the view they must end in.
pub fn fixtures() -> Vec<(&'static str, String)> {
    let form = seed_form();
    let view = form
        .as_ref()
        .and_then(|f| selfeval_core::view::render(f).ok());
    let view_json = serde_json::to_string_pretty(&view).unwrap_or_default() + "\n";
    let patches_json = form
        .map(|f| {
            use selfeval_core::edit::Edit;
            let set = |field: &str, text: &str| Edit::Set {
                field: field.parse().expect("a field of the template"),
                text: text.into(),
            };
            let edits = [
                set("indicators[0].score", ""),
                set("indicators[0].actual", "150人次"),
                set("indicators[0].actual", "150人次"),
                Edit::InsertRows {
                    at: 2,
                    count: 2,
                    like: Some(1),
                },
                Edit::DeleteRows { from: 0, count: 1 },
            ];
            let mut views = selfeval_core::view_patch::Views::default();
            let mut patches = Vec::new();
            let mut have = views.render(&f, None).ok().map(|p| p.token);
            let mut form = f;
            for e in &edits {
                if let Ok(out) = views.edit(&form, e, have) {
                    have = Some(out.view.token);
                    patches.push(out.view);
                    form = out.form;
                }
            }
            let last = selfeval_core::view::render(&form).ok();
            serde_json::json!({ "patches": patches, "last": last }).to_string() + "\n"
        })
        .unwrap_or_default();
    vec![
        ("seed-view.json", view_json),
        ("seed-patches.json", patches_json),
    ]
}
