//! Commands of the form list, autosave, history, status, backup and
//! settings. Each calls one function of `selfeval_core::store`.

use std::path::PathBuf;

use selfeval_core::{Form, Template};
use tauri::State;

use crate::commands::CommandError;
use crate::db::{Db, ListQuery, ListRow, Opened, Revision, RevisionPreview, SaveResult};
use crate::settings::{self, Settings};

type Res<T> = Result<T, CommandError>;

#[tauri::command]
pub fn list_forms(db: State<'_, Db>, query: ListQuery) -> Res<Vec<ListRow>> {
    let rows = db.with(|s| s.list(&query.to_store()))?;
    Ok(rows.into_iter().map(ListRow::from).collect())
}

#[tauri::command]
pub fn open_form(db: State<'_, Db>, id: i64) -> Res<Opened> {
    let f = db.with(|s| s.load(id))?;
    Ok(Opened {
        row: f.summary.into(),
        form: f.form,
    })
}

/// A new draft of `template` (else the settings' default template) with the
/// default units of the settings. Returns its id.
#[tauri::command]
pub fn create_form(db: State<'_, Db>, template: Option<String>) -> Res<i64> {
    let st = db.with(|s| Ok(Settings::from_value(s.get_setting(settings::KEY)?)))?;
    let id = template.unwrap_or_else(|| st.default_template.clone());
    let t = Template::by_id(&id)?;
    db.with(|s| {
        let mut form = Form::blank(t);
        form.header.implementing_unit = st.implementing_unit;
        form.header.budget_unit = st.budget_unit;
        s.create(&form)
    })
}

/// A draft for the next year from a form (复制上年). Returns its id.
#[tauri::command]
pub fn duplicate_form(db: State<'_, Db>, id: i64) -> Res<i64> {
    db.with(|s| s.duplicate(id, None))
}

/// Autosave.
#[tauri::command]
pub fn save_form(db: State<'_, Db>, id: i64, form: Form) -> Res<SaveResult> {
    let saved = db.with(|s| s.save(id, &form))?;
    Ok(SaveResult {
        rev: saved.rev,
        changed: saved.changed,
    })
}

#[tauri::command]
pub fn trash_form(db: State<'_, Db>, id: i64) -> Res<()> {
    db.with(|s| s.trash(id))
}

#[tauri::command]
pub fn restore_form(db: State<'_, Db>, id: i64) -> Res<()> {
    db.with(|s| s.restore_from_trash(id))
}

#[tauri::command]
pub fn purge_form(db: State<'_, Db>, id: i64) -> Res<()> {
    db.with(|s| s.purge(id))
}

/// 「移除示例」: all 示例 forms to the trash. Returns how many.
#[tauri::command]
pub fn remove_examples(db: State<'_, Db>) -> Res<usize> {
    db.with(|s| s.remove_examples())
}

/// 定稿: refused (with the first error) while the rules report errors.
#[tauri::command]
pub fn finalise_form(db: State<'_, Db>, id: i64) -> Res<()> {
    db.with(|s| s.finalise(id))
}

#[tauri::command]
pub fn reopen_form(db: State<'_, Db>, id: i64) -> Res<()> {
    db.with(|s| s.reopen(id))
}

/// The history: autosave bursts folded, named events on their own.
#[tauri::command]
pub fn list_revisions(db: State<'_, Db>, id: i64) -> Res<Vec<Revision>> {
    let entries = db.with(|s| s.history(id))?;
    Ok(entries.into_iter().map(Revision::from).collect())
}

/// A revision, read-only, with the cells that differ from the current form
/// marked.
#[tauri::command]
pub fn preview_revision(db: State<'_, Db>, id: i64, rev: i64) -> Res<RevisionPreview> {
    let (form, now) = db.with(|s| Ok((s.revision_form(id, rev)?, s.load(id)?.form)))?;
    let view = selfeval_core::view::render_compared(&form, &now)?;
    Ok(RevisionPreview { form, view })
}

/// Make an old revision current again (as a new revision).
#[tauri::command]
pub fn restore_revision(db: State<'_, Db>, id: i64, rev: i64) -> Res<SaveResult> {
    let saved = db.with(|s| s.restore_revision(id, rev))?;
    Ok(SaveResult {
        rev: saved.rev,
        changed: saved.changed,
    })
}

/// Back up the whole database to `path` (checked before it is kept).
#[tauri::command]
pub fn backup_to(db: State<'_, Db>, path: PathBuf) -> Res<String> {
    let info = db.with(|s| s.backup_to(&path))?;
    Ok(info.path.display().to_string())
}

/// Replace the database with a backup; the current one is kept aside.
/// Returns where the previous database was kept.
#[tauri::command]
pub fn restore_backup(db: State<'_, Db>, path: PathBuf) -> Res<Option<String>> {
    let aside = db.replace_from_backup(&path)?;
    Ok(aside.map(|p| p.display().to_string()))
}

#[tauri::command]
pub fn get_settings(db: State<'_, Db>) -> Res<Settings> {
    db.with(|s| s.get_setting(settings::KEY))
        .map(Settings::from_value)
}

#[tauri::command]
pub fn set_settings(db: State<'_, Db>, settings: Settings) -> Res<()> {
    let v = serde_json::to_value(&settings)?;
    db.with(|s| s.set_setting(settings::KEY, &v))
}

/// Where the database is (shown in the settings).
#[tauri::command]
pub fn database_path(db: State<'_, Db>) -> String {
    db.path.display().to_string()
}

/// With `SELFEVAL_EXPORT_DIR` set (tests), the file an open dialog would
/// return: the newest one there with one of `extensions`; otherwise null and
/// the UI asks the user.
#[tauri::command]
pub fn test_open_path(extensions: Vec<String>) -> Option<String> {
    crate::paths::export_dir()
        .and_then(|d| crate::paths::newest_file(&d, &extensions))
        .map(|p| p.display().to_string())
}

/// With `SELFEVAL_EXPORT_DIR` set (tests), the path a save dialog would
/// return for `file_name`; otherwise null and the UI asks the user.
#[tauri::command]
pub fn test_save_path(file_name: String) -> Option<String> {
    crate::paths::export_dir().map(|d| {
        crate::paths::unique_path(&d, &selfeval_core::file_names::safe_stem(&file_name))
            .display()
            .to_string()
    })
}
