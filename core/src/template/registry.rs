//! Which templates are on offer: the built-in ones, then the user's (files in
//! the data folder's `templates/`, or given to the CLI). A user template is
//! checked whole before it is offered and is kept for the life of the process.

use std::path::{Path, PathBuf};
use std::sync::{OnceLock, RwLock};

use super::{Template, TemplateError, BUILTIN};

pub(super) fn builtin() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(name, text)| {
                Template::from_json(text)
                    .unwrap_or_else(|e| panic!("built-in template {name} is invalid: {e}"))
            })
            .collect()
    })
}

fn user() -> &'static RwLock<Vec<&'static Template>> {
    static USER: OnceLock<RwLock<Vec<&'static Template>>> = OnceLock::new();
    USER.get_or_init(|| RwLock::new(Vec::new()))
}

pub(super) fn available() -> Vec<&'static Template> {
    let mut all: Vec<&'static Template> = builtin().iter().collect();
    all.extend(user().read().map(|u| u.clone()).unwrap_or_default());
    all
}

pub(super) fn by_id(id: &str) -> Result<&'static Template, TemplateError> {
    // Looked up for every cell: no allocation on the way to a found template.
    if let Some(t) = builtin().iter().find(|t| t.id == id) {
        return Ok(t);
    }
    if let Some(t) = user()
        .read()
        .ok()
        .and_then(|u| u.iter().copied().find(|t| t.id == id))
    {
        return Ok(t);
    }
    let all = available();
    all.iter().copied().find(|t| t.id == id).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        TemplateError::Unknown(id.to_string(), ids.join("、"))
    })
}

/// Check a user's template file and offer it. The same file loaded twice is
/// offered once; another template with a taken id is refused.
pub fn register_file(path: &Path) -> Result<&'static Template, TemplateError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        TemplateError::Parse(format!(
            "无法读取模板文件「{}」：{}",
            path.display(),
            crate::import::io_message(&e)
        ))
    })?;
    let t = Template::from_json(&text)?;
    register(t)
}

/// Offer a checked template.
pub fn register(t: Template) -> Result<&'static Template, TemplateError> {
    if builtin().iter().any(|b| b.id == t.id) {
        return Err(TemplateError::at(
            "id",
            format!("「{}」是内置模板的标识，请换一个 id", t.id),
        ));
    }
    let mut user = user()
        .write()
        .map_err(|_| TemplateError::Parse("模板列表不可用".into()))?;
    if let Some(old) = user.iter().find(|u| u.id == t.id) {
        if **old == t {
            return Ok(old);
        }
        return Err(TemplateError::at(
            "id",
            format!("已有另一个 id 为「{}」的模板，请换一个 id", t.id),
        ));
    }
    let t: &'static Template = Box::leak(Box::new(t));
    user.push(t);
    Ok(t)
}

/// What loading the user's template folder gave.
#[derive(Debug, Default)]
pub struct UserTemplates {
    /// The templates now on offer (id, file), in file-name order.
    pub loaded: Vec<(String, PathBuf)>,
    /// Files refused whole, with the reason.
    pub refused: Vec<(PathBuf, TemplateError)>,
}

/// Load every `*.json` of a folder (missing folder: none).
pub fn load_user_dir(dir: &Path) -> UserTemplates {
    let mut out = UserTemplates::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();
    for f in files {
        match register_file(&f) {
            Ok(t) => out.loaded.push((t.id.clone(), f)),
            Err(e) => out.refused.push((f, e)),
        }
    }
    out
}
