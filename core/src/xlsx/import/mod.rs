//! Reading the official layout back from a workbook (calamine): `.xlsx`,
//! `.xlsm`, `.xls`, `.xlsb`, `.ods` and WPS `.et`, told apart by content
//! ([`open`]). The form is found by its labels, not by fixed coordinates.
//! A cell that cannot be read never loses the form: it is imported as what it
//! safely means and a problem names its cell, what was found and what was
//! done (`Sheet1!H20: 得分「#####」…已按空白导入…`); only a sheet without a
//! recognisable form is left out. Nothing here panics on a file.

mod form;
mod labels;
pub mod open;
mod sheet;
mod values;

use std::fmt;
use std::path::Path;

use calamine::XlsxError;

use crate::rules::Severity;
use crate::Form;

pub use labels::normalize as normalize_label;
pub use values::{cell_amount, parse_text_amount};

/// One problem found while reading, tied to its sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Worksheet name.
    pub sheet: String,
    /// `D12`, or `None` for the sheet as a whole.
    pub cell: Option<String>,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "工作表「{}」{c}：{}", self.sheet, self.message),
            None => write!(f, "工作表「{}」：{}", self.sheet, self.message),
        }
    }
}

/// The forms of a workbook, one per sheet, with what was wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub forms: Vec<Form>,
    /// The sheet each form came from.
    pub sheets: Vec<String>,
    pub problems: Vec<Problem>,
}

impl Imported {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// A file that holds no readable form at all, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportFailure(pub String);

pub(crate) fn fail(m: impl Into<String>) -> ImportFailure {
    ImportFailure(m.into())
}

/// Read a file from disk.
pub fn import_path(path: &Path) -> Result<Imported, ImportFailure> {
    let bytes = std::fs::read(path).map_err(|e| fail(crate::import::io_message(&e)))?;
    import_bytes(&bytes)
}

/// Read the forms of a workbook's bytes (any format of [`open`]).
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, ImportFailure> {
    // calamine is not ours; a panic inside it on a damaged file must still
    // come back as a message, not a crash.
    match std::panic::catch_unwind(|| import_inner(bytes)) {
        Ok(r) => r,
        Err(_) => Err(fail(
            "文件已损坏，无法读取；请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试",
        )),
    }
}

/// [`import_bytes`] without the panic guard, for the fuzz tests: a panic
/// there (ours or calamine's) must show up as a failing test.
#[doc(hidden)]
pub fn import_bytes_unguarded(bytes: &[u8]) -> Result<Imported, ImportFailure> {
    import_inner(bytes)
}

pub(crate) fn open_error(e: XlsxError) -> ImportFailure {
    match e {
        XlsxError::Password => {
            fail("文件设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存再导入")
        }
        XlsxError::Zip(_) => fail("文件已损坏或不是 XLSX 文件，无法读取"),
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => {
            fail("这是一个压缩文件，但不是 Excel 工作簿（.xlsx）；请选择绩效自评表的 .xlsx 文件")
        }
        e => fail(format!("文件已损坏，无法读取（{e}）")),
    }
}

fn import_inner(bytes: &[u8]) -> Result<Imported, ImportFailure> {
    let kind = open::detect(bytes)?;
    let mut out = Imported::default();
    let mut skipped = Vec::new();
    for (name, sheet) in open::read_sheets(bytes, kind)? {
        let sheet = match sheet {
            Ok(s) => s,
            Err(sheet::SheetError::NotAWorksheet) => continue,
            Err(sheet::SheetError::TooLarge) => {
                out.problems.push(Problem {
                    severity: Severity::Warning,
                    sheet: name.clone(),
                    cell: None,
                    message: format!(
                        "工作表内容超过 {} 个单元格，不是绩效自评表，已跳过",
                        sheet::MAX_CELLS
                    ),
                });
                continue;
            }
            Err(sheet::SheetError::Xlsx(e)) => {
                out.problems.push(Problem {
                    severity: Severity::Error,
                    sheet: name.clone(),
                    cell: None,
                    message: format!("工作表已损坏，无法读取（{e}）"),
                });
                continue;
            }
            Err(sheet::SheetError::Other(e)) => {
                out.problems.push(Problem {
                    severity: Severity::Warning,
                    sheet: name.clone(),
                    cell: None,
                    message: format!("工作表无法读取，已跳过（{e}）"),
                });
                continue;
            }
        };
        let labels = labels::LabelIndex::new(&sheet);
        if !form::looks_like_form(&labels) {
            skipped.push(name);
            continue;
        }
        let f = form::read_form(&sheet, labels, &mut out.problems);
        out.forms.push(f);
        out.sheets.push(name);
    }
    if out.forms.is_empty() {
        if out.has_errors() {
            let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
            return Err(fail(msgs.join("\n")));
        }
        return Err(fail(
            "工作簿中没有找到项目支出绩效自评表（缺少「项目编码」「年初预算数」「三级指标」等标签）；这可能是其他表格",
        ));
    }
    for name in skipped {
        out.problems.push(Problem {
            severity: Severity::Warning,
            sheet: name,
            cell: None,
            message: "不是绩效自评表（没有找到「项目编码」「三级指标」等标签），已跳过".into(),
        });
    }
    Ok(out)
}
