//! Reading forms from files, whatever their format (by extension).

use std::path::Path;

use crate::Form;

/// A file that could not be read, with a Chinese message naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}：{message}")]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

/// One form read from a file, with what was found wrong in its cells while
/// reading it (a workbook's `#####`, `无`, error values …: each names its
/// sheet and cell and says what was imported instead).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadForm {
    pub form: Form,
    pub problems: Vec<crate::xlsx::Problem>,
}

impl ReadForm {
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == crate::Severity::Error)
    }
}

/// The forms of a file, and what concerns the file rather than one form
/// (a sheet that holds no form and was left out).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadForms {
    pub forms: Vec<ReadForm>,
    pub notes: Vec<crate::xlsx::Problem>,
}

/// Read the forms in a file: `.json` (one form, the interchange format) or a
/// workbook in the official layout, one form per sheet: `.xlsx`, `.xlsm`,
/// `.xls`, `.xlsb`, `.ods`, WPS `.et` — told by content, so a workbook under
/// another name reads too. A cell that cannot be read never loses its form:
/// the form comes back with a problem naming the cell (see [`ReadForm`]).
pub fn read_forms(path: &Path) -> Result<ReadForms, ReadError> {
    let err = |message: String| ReadError {
        path: path.display().to_string(),
        message,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| err(io_message(&e)))?;
    let workbook = bytes.starts_with(crate::xlsx::import::open::ZIP_MAGIC)
        || bytes.starts_with(crate::xlsx::import::open::CFB_MAGIC);
    if ext == "json" || (!workbook && bytes.trim_ascii_start().starts_with(b"{")) {
        let text = String::from_utf8(bytes)
            .map_err(|_| err("文件不是 UTF-8 编码的文本，无法读取".into()))?;
        return crate::format::from_json(&text)
            .map(|form| ReadForms {
                forms: vec![ReadForm {
                    form,
                    problems: Vec::new(),
                }],
                notes: Vec::new(),
            })
            .map_err(|e| err(e.to_string()));
    }
    if !workbook && !crate::xlsx::import::open::EXTENSIONS.contains(&ext.as_str()) {
        return Err(err(format!(
            "不支持的文件类型「.{ext}」；请选择 SelfEval 的 .json 文件，或绩效自评表的工作簿（.xlsx、.xls、.ods、.xlsb、WPS .et）"
        )));
    }
    let imported = crate::xlsx::import_bytes(&bytes).map_err(|e| err(e.0))?;
    let mut out = ReadForms::default();
    for (form, sheet) in imported.forms.into_iter().zip(&imported.sheets) {
        out.forms.push(ReadForm {
            form,
            problems: imported
                .problems
                .iter()
                .filter(|p| &p.sheet == sheet)
                .cloned()
                .collect(),
        });
    }
    out.notes = imported
        .problems
        .into_iter()
        .filter(|p| !imported.sheets.contains(&p.sheet))
        .collect();
    Ok(out)
}

/// The forms of a file without the reading problems (for callers that have
/// already shown them, and tests). See [`read_forms`].
pub fn read_file(path: &Path) -> Result<Vec<Form>, ReadError> {
    Ok(read_forms(path)?
        .forms
        .into_iter()
        .map(|f| f.form)
        .collect())
}

/// Whether `e` says another process holds the file open without sharing it
/// (Windows `ERROR_SHARING_VIOLATION` / `ERROR_LOCK_VIOLATION`: a workbook
/// open in Excel or WPS, a file being scanned).
pub fn held_open_elsewhere(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// A Chinese message for an I/O error.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if held_open_elsewhere(e) {
        return "文件正被其他程序（如 Excel、WPS 或杀毒软件）打开，无法写入；请先关闭它再重试"
            .into();
    }
    match e.kind() {
        NotFound => "文件不存在，请检查路径".into(),
        // Windows says "access denied" also for a file another program
        // holds open without sharing it for deletion (replacing it fails).
        PermissionDenied if cfg!(windows) => {
            "没有权限读取或写入此文件，或文件正被其他程序（如 Excel、WPS）打开；请关闭它或另选位置后重试"
                .into()
        }
        PermissionDenied => "没有权限读取或写入此文件".into(),
        AlreadyExists => "文件已存在".into(),
        StorageFull => "磁盘空间已满，请清理磁盘后重试".into(),
        ReadOnlyFilesystem => "磁盘或文件夹为只读，无法写入".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => format!("读写文件失败（{e}）"),
    }
}
