//! `selfeval export FILE... --format xlsx|pdf --out PATH`.
//!
//! One form: `--out` is the file to write (or a folder to write it into).
//! Several forms: `--out` is a folder (created if missing) with one file per
//! form named `项目名称-年度-绩效自评表.<ext>`, or for XLSX with
//! `--one-workbook` one workbook with one sheet per form.
//! PDF signature names and the font come from the app's settings
//! (`pdf.signature`, `pdf.font_path`; `--db` picks the database), overridden
//! by `--sign` and `--font`.
//!
//! A form the rules find errors in is not exported: the errors are listed
//! (form, cell, message) and nothing is written, unless `--allow-errors`.
//!
//! Exit codes: 0 all exported; 1 a form has errors (without
//! `--allow-errors`), or the command line asks for something impossible
//! (several forms into one file); 2 an input, the font or the
//! database could not be used, or a form could not be exported or written.

use crate::out::outln;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use selfeval_core::file_names::{form_stem, UniqueNames};
use selfeval_core::import::io_message;
#[cfg(test)]
use selfeval_core::layout::default_signature;
use selfeval_core::layout::SignatureLine;
use selfeval_core::pdf::{export_pdf, PdfOptions};
use selfeval_core::store::Store;
use selfeval_core::xlsx::{self, ExportOptions};
use selfeval_core::Form;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The official layout as a workbook, for the budget system.
    Xlsx,
    /// Print-ready PDF of the official form.
    Pdf,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Form files (.json; workbooks .xlsx, .xlsm, .xls, .xlsb, .ods, WPS .et).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file (one form) or folder (several forms).
    #[arg(long)]
    pub out: PathBuf,
    /// XLSX: several forms into one workbook, one sheet each.
    #[arg(long)]
    pub one_workbook: bool,
    /// PDF: every form into one file (one print job), each starting on a new
    /// page with its own page numbers; `--out` names the file.
    #[arg(long)]
    pub one_file: bool,
    /// With --one-file: the 汇总表 (项目支出绩效自评结果汇总表) first.
    #[arg(long)]
    pub summary: bool,
    /// Export forms that still have errors (otherwise refused, exit 1, with
    /// the list of errors): the file would go to the budget system wrong.
    #[arg(long)]
    pub allow_errors: bool,
    /// Print the signature block (填报人, 联系电话, 单位负责人（签字）…).
    #[arg(long)]
    pub signature: bool,
    /// Fill a signature line, e.g. `--sign 填报人=张三` (implies --signature).
    #[arg(long, value_name = "标签=内容")]
    pub sign: Vec<String>,
    /// Font file to print with (.ttf/.ttc/.otf); default: the settings' font,
    /// else an installed CJK font.
    #[arg(long)]
    pub font: Option<PathBuf>,
    /// Database whose settings (signature names, font) to use
    /// (default: the app's database, if there is one).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

/// The app's settings: from `--db`, else from the default database if it
/// exists (none: empty settings).
fn settings(db: Option<&Path>) -> Result<BTreeMap<String, serde_json::Value>, String> {
    let path = match db {
        Some(p) if !p.is_file() => {
            return Err(format!(
                "数据库文件 {} 不存在，请检查 --db 的路径",
                p.display()
            ))
        }
        Some(p) => p.to_path_buf(),
        None => match selfeval_core::store::paths::default_db_path() {
            Some(p) if p.is_file() => p,
            _ => return Ok(BTreeMap::new()),
        },
    };
    let store =
        Store::open(&path).map_err(|e| format!("无法打开数据库 {}：{e}", path.display()))?;
    store
        .settings()
        .map_err(|e| format!("无法读取设置（{}）：{e}", path.display()))
}

/// The signature lines: `base` (from settings), values from `--sign`,
/// extra labels appended.
fn signature_lines(
    base: Vec<SignatureLine>,
    sign: &[String],
) -> Result<Vec<SignatureLine>, String> {
    let mut lines = base;
    for s in sign {
        let Some((label, value)) = s.split_once('=') else {
            return Err(format!(
                "--sign「{s}」格式不对，应为 标签=内容，例如 --sign 填报人=张三"
            ));
        };
        let (label, value) = (label.trim(), value.trim());
        match lines.iter_mut().find(|l| l.label == label) {
            Some(l) => l.value = value.to_string(),
            None => lines.push(SignatureLine {
                label: label.to_string(),
                value: value.to_string(),
            }),
        }
    }
    Ok(lines)
}

fn pdf_options(args: &Args) -> Result<PdfOptions, String> {
    pdf_options_from(
        args.db.as_deref(),
        args.font.as_deref(),
        args.signature || !args.sign.is_empty(),
        &args.sign,
    )
}

/// PDF options from the settings of `db` (or the app's database), then the
/// command line's font and signature lines.
pub fn pdf_options_from(
    db: Option<&Path>,
    font: Option<&Path>,
    want_signature: bool,
    sign: &[String],
) -> Result<PdfOptions, String> {
    let mut opts = settings(db)
        .and_then(|s| PdfOptions::from_settings(&s, want_signature).map_err(|e| e.to_string()))?;
    if let Some(base) = opts.signature.take() {
        opts.signature = Some(signature_lines(base, sign)?);
    }
    if let Some(f) = font {
        opts.font_path = Some(f.to_path_buf());
    }
    Ok(opts)
}

/// Every form of `files`, read as `check` and `export` read them; what could
/// not be read is said on stderr. The flag tells whether a file failed.
pub fn read_all(files: &[PathBuf]) -> (Vec<(PathBuf, Form)>, bool) {
    let mut forms: Vec<(PathBuf, Form)> = Vec::new();
    let mut failed = false;
    for path in files {
        match selfeval_core::import::read_forms(path) {
            Ok(read) => {
                // What could not be read is said, never passed over.
                for p in read
                    .notes
                    .iter()
                    .chain(read.forms.iter().flat_map(|f| &f.problems))
                {
                    eprintln!("{}：{p}", path.display());
                }
                forms.extend(read.forms.into_iter().map(|f| (path.clone(), f.form)));
            }
            Err(e) => {
                eprintln!("无法读取 {e}");
                failed = true;
            }
        }
    }
    (forms, failed)
}

/// Create the folder a file goes into.
pub fn make_parent(path: &Path) -> Result<(), String> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir)
            .map_err(|e| format!("无法创建文件夹 {}：{}", dir.display(), io_message(&e))),
        None => Ok(()),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    selfeval_core::atomic_file::write(path, bytes)
        .map_err(|e| format!("无法写入 {}：{}", path.display(), io_message(&e)))
}

pub fn run(args: Args) -> ExitCode {
    let pdf_opts = match args.format {
        Format::Pdf => match pdf_options(&args) {
            Ok(o) => Some(o),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        Format::Xlsx => None,
    };
    let (forms, mut failed) = read_all(&args.files);
    if forms.is_empty() {
        eprintln!("没有可导出的绩效自评表");
        return ExitCode::from(2);
    }
    if !args.allow_errors {
        if let Err(list) = errors_of(&forms) {
            eprintln!("{list}");
            eprintln!("有错误的表不导出：请先改正，或确需导出时加 --allow-errors");
            return ExitCode::from(1);
        }
    }
    if args.one_file || args.summary {
        return one_file(&args, &forms, pdf_opts.as_ref(), failed);
    }
    let ext = args.format.extension();
    let names_a_file = !args.out.is_dir()
        && args
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext));

    if args.format == Format::Xlsx && (args.one_workbook || forms.len() == 1 && names_a_file) {
        let all: Vec<Form> = forms.into_iter().map(|(_, f)| f).collect();
        let result = xlsx::forms_workbook(&all, &ExportOptions::default())
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                make_parent(&args.out)?;
                write(&args.out, &bytes)
            });
        return match result {
            Ok(()) if !failed => {
                outln!("已导出 {}", args.out.display());
                ExitCode::SUCCESS
            }
            Ok(()) => ExitCode::from(2),
            Err(e) => {
                eprintln!("导出失败：{e}");
                ExitCode::from(2)
            }
        };
    }
    if names_a_file && forms.len() > 1 {
        eprintln!(
            "有 {} 张表：--out 应为文件夹（每张表一个文件）{}",
            forms.len(),
            if args.format == Format::Xlsx {
                "，或加 --one-workbook 写入一个工作簿"
            } else {
                ""
            }
        );
        return ExitCode::from(1);
    }
    if !names_a_file {
        if let Err(e) = std::fs::create_dir_all(&args.out) {
            eprintln!(
                "无法创建输出文件夹 {}：{}",
                args.out.display(),
                io_message(&e)
            );
            return ExitCode::from(2);
        }
    }
    let mut names = UniqueNames::new();
    for (src, form) in &forms {
        let target = if names_a_file {
            args.out.clone()
        } else {
            args.out.join(names.file_name(&form_stem(form), ext))
        };
        let bytes = match (&pdf_opts, args.format) {
            (Some(opts), Format::Pdf) => export_pdf(form, opts).map_err(|e| e.to_string()),
            _ => xlsx::form_workbook(form, &ExportOptions::default()).map_err(|e| e.to_string()),
        };
        match bytes.and_then(|b| write(&target, &b)) {
            Ok(()) => outln!("已导出 {}", target.display()),
            Err(e) => {
                eprintln!("{}：{e}", src.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every error of every form, as the officer reads it (the form's name,
/// the cell by its label, the message); `Ok` when there is none.
fn errors_of(forms: &[(PathBuf, Form)]) -> Result<(), String> {
    let mut out = Vec::new();
    for (path, form) in forms {
        let Ok(ev) = selfeval_core::evaluate_form(form) else {
            continue;
        };
        let errors: Vec<String> = ev
            .issues
            .iter()
            .filter(|i| i.severity == selfeval_core::Severity::Error)
            .map(|i| format!("  [错误] {}", i.text_in(form)))
            .collect();
        if !errors.is_empty() {
            let name = if form.header.name.trim().is_empty() {
                "（未命名）"
            } else {
                form.header.name.trim()
            };
            out.push(format!(
                "{}：「{name}」有 {} 个错误",
                path.display(),
                errors.len()
            ));
            out.extend(errors);
        }
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out.join("\n"))
    }
}

/// `--one-file [--summary]`: the forms as one PDF print job.
fn one_file(
    args: &Args,
    forms: &[(PathBuf, Form)],
    opts: Option<&PdfOptions>,
    failed: bool,
) -> ExitCode {
    let Some(opts) = opts.filter(|_| args.format == Format::Pdf) else {
        eprintln!("--one-file 只用于 PDF（--format pdf）；XLSX 写入一个工作簿请用 --one-workbook");
        return ExitCode::from(1);
    };
    if !args.one_file {
        eprintln!("--summary 需与 --one-file 一起使用：汇总表印在合并的 PDF 之首");
        return ExitCode::from(1);
    }
    if args.out.is_dir()
        || !args
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        eprintln!(
            "--one-file 的 --out 应为一个 .pdf 文件，例如 --out 全部自评表.pdf（现为 {}）",
            args.out.display()
        );
        return ExitCode::from(1);
    }
    let all: Vec<Form> = forms.iter().map(|(_, f)| f.clone()).collect();
    let summary = if args.summary {
        match crate::summary::of_forms(&all) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let result = selfeval_core::pdf::export_many(&all, summary.as_ref(), opts)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            make_parent(&args.out)?;
            write(&args.out, &bytes)
        });
    match result {
        Ok(()) => {
            outln!(
                "已导出 {}（{} 张表{}）",
                args.out.display(),
                all.len(),
                if args.summary {
                    "，汇总表在前"
                } else {
                    ""
                }
            );
            if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("导出失败：{e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_fills_default_labels() {
        let l = signature_lines(
            default_signature(),
            &["填报人=张三".into(), "备注=无".into()],
        )
        .unwrap();
        assert_eq!(l[0].value, "张三");
        assert_eq!(l.last().unwrap().label, "备注");
        assert!(signature_lines(default_signature(), &["张三".into()]).is_err());
    }
}
