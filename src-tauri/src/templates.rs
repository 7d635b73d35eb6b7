//! Templates on offer in the app: the built-in ones and the user's files in
//! the data folder's `templates/` (loaded at start; a broken one is named in
//! the new-form dialog and left out). Each command calls one core function.

use std::path::Path;
use std::sync::Mutex;

use selfeval_core::Template;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::commands::CommandError;
use crate::db::Db;

/// What loading the user's templates gave.
#[derive(Default)]
pub struct UserTemplates {
    folder: String,
    refused: Mutex<Vec<String>>,
}

impl UserTemplates {
    /// Load `data_dir/templates/*.json`.
    pub fn load(data_dir: &Path) -> UserTemplates {
        let dir = data_dir.join(selfeval_core::store::paths::TEMPLATES_DIR);
        let got = selfeval_core::template::load_user_dir(&dir);
        let refused = got
            .refused
            .iter()
            .map(|(p, e)| {
                let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                format!("{}：{e}", name.unwrap_or_default())
            })
            .collect();
        UserTemplates {
            folder: dir.display().to_string(),
            refused: Mutex::new(refused),
        }
    }
}

/// A template as the UI offers it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    /// Shipped with the app (else a file of the user's).
    pub builtin: bool,
    /// 元 or 万元.
    pub money_unit: String,
}

impl From<&Template> for TemplateInfo {
    fn from(t: &Template) -> Self {
        TemplateInfo {
            id: t.id.clone(),
            name: t.name.clone(),
            builtin: Template::builtin().iter().any(|b| b.id == t.id),
            money_unit: t.money_unit.label().to_string(),
        }
    }
}

/// The templates on offer, and what was refused.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TemplateList {
    pub templates: Vec<TemplateInfo>,
    /// Files of the user's folder that were refused, with the reason.
    pub refused: Vec<String>,
    /// Where the user's template files go.
    pub folder: String,
}

#[tauri::command]
pub fn list_templates(user: State<'_, UserTemplates>) -> TemplateList {
    TemplateList {
        templates: Template::available().into_iter().map(Into::into).collect(),
        refused: user.refused.lock().map(|r| r.clone()).unwrap_or_default(),
        folder: user.folder.clone(),
    }
}

/// The templates a stored form converts to without losing a cell.
#[tauri::command]
pub fn convertible_templates(
    db: State<'_, Db>,
    id: i64,
) -> Result<Vec<TemplateInfo>, CommandError> {
    let f = db.with(|s| s.load(id))?;
    Ok(selfeval_core::template::convert::convertible_to(&f.form)
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A copy of a stored form in another template (the original keeps its
/// own). Refused, naming the cells, where one would be lost. Returns the id.
#[tauri::command]
pub fn convert_form(db: State<'_, Db>, id: i64, template: String) -> Result<i64, CommandError> {
    let to = Template::by_id(&template)?;
    let f = db.with(|s| s.load(id))?;
    let converted = selfeval_core::template::convert(&f.form, to)?;
    db.with(|s| s.create(&converted))
}
