//! Export (XLSX, PDF), print, batch export and XLSX import. Over-limit text
//! never reaches a file (`core::export_gate`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use selfeval_core::export_gate::check_exportable;
use selfeval_core::layout::SignatureLine;
use selfeval_core::{pdf, xlsx, Form};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::commands::CommandError;
use crate::db::Db;
use crate::settings::{self, Settings};

type Res<T> = Result<T, CommandError>;

/// Files this session wrote; only these can be opened by `open_exported`.
#[derive(Default)]
pub struct Exported(Mutex<HashSet<PathBuf>>);

impl Exported {
    fn add(&self, p: &Path) {
        if let Ok(mut s) = self.0.lock() {
            s.insert(p.to_path_buf());
        }
    }
    fn has(&self, p: &Path) -> bool {
        self.0.lock().map(|s| s.contains(p)).unwrap_or(false)
    }
}

fn user_settings(db: &Db) -> Settings {
    db.with(|s| s.get_setting(settings::KEY))
        .map(Settings::from_value)
        .unwrap_or_default()
}

fn signature(st: &Settings) -> Option<Vec<SignatureLine>> {
    st.signature_enabled.then(|| {
        st.signature
            .iter()
            .map(|e| SignatureLine {
                label: e.label.clone(),
                value: e.value.clone(),
            })
            .collect()
    })
}

fn bytes_of(form: &Form, format: &str, st: &Settings) -> Res<Vec<u8>> {
    check_exportable(form)?;
    match format {
        "xlsx" => Ok(xlsx::form_workbook(
            form,
            &xlsx::ExportOptions {
                signature: signature(st),
                ..xlsx::ExportOptions::default()
            },
        )?),
        "pdf" => {
            let bytes = pdf::export_pdf(form, &pdf_options_of(st, true));
            crate::font_release::used();
            Ok(bytes?)
        }
        other => Err(CommandError::from(format!("不支持的导出格式「{other}」"))),
    }
}

fn pdf_options_of(st: &Settings, with_signature: bool) -> pdf::PdfOptions {
    pdf::PdfOptions {
        signature: if with_signature { signature(st) } else { None },
        font_path: Some(st.pdf_font.trim())
            .filter(|f| !f.is_empty())
            .map(PathBuf::from),
    }
}

/// The PDF options of the settings: the font, and the signature block
/// where `with_signature` and the settings print one.
pub fn pdf_options(db: &Db, with_signature: bool) -> pdf::PdfOptions {
    pdf_options_of(&user_settings(db), with_signature)
}

/// Write an export to `path` and remember it as this session's file.
pub fn write_exported(exported: &Exported, path: &Path, bytes: &[u8]) -> Res<String> {
    write(path, bytes)?;
    exported.add(path);
    Ok(path.display().to_string())
}

/// The temporary folder of 打印 files.
pub fn print_dir(app: &AppHandle) -> Res<PathBuf> {
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| CommandError::from(format!("找不到临时文件夹：{e}")))?
        .join("print");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CommandError::from(format!("无法创建「{}」：{e}", dir.display())))?;
    Ok(dir)
}

fn write(path: &Path, bytes: &[u8]) -> Res<()> {
    // A failed export never leaves half a file.
    selfeval_core::atomic_file::write(path, bytes)
        .map_err(|e| CommandError::from(format!("无法写入「{}」：{e}", path.display())))
}

/// Note an export of stored form `id` in its history. The file is written
/// either way: a note that cannot be added is not worth failing it for.
pub fn note_export(db: &Db, id: Option<i64>, format: &str, printed: bool) {
    if let Some(id) = id {
        let note = selfeval_core::store::history::export_note(format, printed);
        let _ = db.with(|s| s.mark(id, &note));
    }
}

/// Export `form` to `path` and remember the file as this session's.
fn export_to(db: &Db, exported: &Exported, form: &Form, format: &str, path: &Path) -> Res<String> {
    let bytes = bytes_of(form, format, &user_settings(db))?;
    write_exported(exported, path, &bytes)
}

/// The suggested file name of an export: `党政事务-2023-绩效自评表.xlsx`.
#[tauri::command]
pub fn export_file_name(form: Form, format: String) -> String {
    crate::paths::export_file_name(&form, &format)
}

/// Export one form (as the editor holds it) to `path`; noted in the
/// history of stored form `id`.
#[tauri::command]
pub async fn export_form(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    form: Form,
    format: String,
    path: PathBuf,
    id: Option<i64>,
) -> Res<String> {
    let done = export_to(&db, &exported, &form, &format, &path)?;
    note_export(&db, id, &format, false);
    Ok(done)
}

/// Export a stored form into a folder (batch export, one call per form).
#[tauri::command]
pub async fn export_stored(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    id: i64,
    format: String,
    dir: PathBuf,
) -> Res<String> {
    let form = db.with(|s| s.load(id))?.form;
    let path = crate::paths::unique_path(&dir, &crate::paths::export_file_name(&form, &format));
    let done = export_to(&db, &exported, &form, &format, &path)?;
    note_export(&db, Some(id), &format, false);
    Ok(done)
}

/// Open a file this session exported, in the system's program for it.
#[tauri::command]
pub fn open_exported(app: AppHandle, exported: State<'_, Exported>, path: PathBuf) -> Res<()> {
    if !exported.has(&path) {
        return Err("只能打开本次导出的文件".into());
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| CommandError::from(format!("无法打开「{}」：{e}", path.display())))
}

/// 打印: the PDF in a temporary folder, opened in the system viewer; noted
/// in the history of stored form `id`.
#[tauri::command]
pub async fn print_form(
    app: AppHandle,
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    form: Form,
    id: Option<i64>,
) -> Res<String> {
    let dir = print_dir(&app)?;
    let path = dir.join(crate::paths::export_file_name(&form, "pdf"));
    let shown = export_to(&db, &exported, &form, "pdf", &path)?;
    note_export(&db, id, "pdf", true);
    if crate::paths::export_dir().is_none() {
        app.opener()
            .open_path(&shown, None::<&str>)
            .map_err(|e| CommandError::from(format!("无法打开 PDF 阅读器：{e}")))?;
    }
    Ok(shown)
}

/// The result of an import.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportResult {
    #[ts(type = "Array<number>")]
    pub ids: Vec<i64>,
    /// Problems found, in Chinese (`工作表「…」D12：…`).
    pub problems: Vec<String>,
}

/// With `SELFEVAL_EXPORT_DIR` set (tests), the folder a batch export goes to;
/// otherwise null and the UI asks the user.
#[tauri::command]
pub fn test_export_dir() -> Option<String> {
    crate::paths::export_dir().map(|d| d.display().to_string())
}

/// Import the forms of an XLSX file as new drafts.
#[tauri::command]
pub async fn import_xlsx(db: State<'_, Db>, path: PathBuf) -> Res<ImportResult> {
    let imported = xlsx::import_path(&path).map_err(|e| CommandError::from(e.to_string()))?;
    let ids = db.with(|s| s.create_many(&imported.forms, false, "导入"))?;
    let problems = imported
        .problems
        .iter()
        .map(|p| match &p.cell {
            Some(c) => format!("工作表「{}」{c}：{}", p.sheet, p.message),
            None => format!("工作表「{}」：{}", p.sheet, p.message),
        })
        .collect();
    Ok(ImportResult { ids, problems })
}
