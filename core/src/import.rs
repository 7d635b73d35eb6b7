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

/// Read the forms in a file: `.json` (one form, the interchange format) or
/// `.xlsx` (the official layout, one form per sheet). An XLSX file with any
/// error (a cell whose value is unknown) is an error listing every problem
/// with its cell (`Sheet1!D12: …`).
pub fn read_file(path: &Path) -> Result<Vec<Form>, ReadError> {
    let err = |message: String| ReadError {
        path: path.display().to_string(),
        message,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => {
            let bytes = std::fs::read(path).map_err(|e| err(io_message(&e)))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| err("文件不是 UTF-8 编码的文本，无法读取".into()))?;
            crate::format::from_json(&text)
                .map(|f| vec![f])
                .map_err(|e| err(e.to_string()))
        }
        "xlsx" | "xlsm" => {
            let imported = crate::xlsx::import_path(path).map_err(|e| err(e.0))?;
            if imported.has_errors() {
                let lines: Vec<String> = imported
                    .problems
                    .iter()
                    .filter(|p| p.severity == crate::Severity::Error)
                    .map(|p| p.to_string())
                    .collect();
                return Err(err(lines.join("\n")));
            }
            Ok(imported.forms)
        }
        _ => Err(err(format!(
            "不支持的文件类型「.{ext}」；请选择 SelfEval 的 .json 文件或绩效自评表 .xlsx 文件"
        ))),
    }
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
