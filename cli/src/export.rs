//! `selfeval export FILE... --format pdf --out PATH [--signature] [--font FONT]`.
//!
//! One form: `--out` is the file to write (or a folder to write it into).
//! Several forms: `--out` is a folder (created if missing), one file per form
//! named `项目名称-年度-绩效自评表.pdf`. Signature names and the font come
//! from the app's settings (`pdf.signature`, `pdf.font_path`; `--db` picks
//! the database), overridden by `--sign` and `--font`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
#[cfg(test)]
use selfeval_core::layout::default_signature;
use selfeval_core::layout::SignatureLine;
use selfeval_core::pdf::{export_pdf, PdfOptions};
use selfeval_core::store::Store;
use selfeval_core::Form;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Print-ready PDF of the official form.
    Pdf,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
        }
    }
}

pub struct Args {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub out: PathBuf,
    pub signature: bool,
    /// `标签=姓名` entries filling the signature block.
    pub sign: Vec<String>,
    pub font: Option<PathBuf>,
    /// Database whose settings give the signature names and font
    /// (default: the app's database, if there is one).
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

/// A file name Windows and every other system accept, from free text.
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    s = s.trim().trim_end_matches(['.', ' ']).to_string();
    // Keep names well under the 255-byte limit of common file systems.
    if s.chars().count() > 80 {
        s = s.chars().take(80).collect();
    }
    let base = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.ends_with(|c: char| c.is_ascii_digit()));
    if s.is_empty() || reserved {
        s = format!("_{s}");
    }
    format!("{s}.{ext}")
}

/// `项目名称-2023-绩效自评表` (name or code, whichever is there).
fn stem_of(form: &Form) -> String {
    let h = &form.header;
    let name = if !h.name.trim().is_empty() {
        h.name.trim()
    } else if !h.code.trim().is_empty() {
        h.code.trim()
    } else {
        "未命名项目"
    };
    if h.year.trim().is_empty() {
        format!("{name}-绩效自评表")
    } else {
        format!("{name}-{}-绩效自评表", h.year.trim())
    }
}

/// A path in `dir` not used yet: `名称.pdf`, `名称(2).pdf`, ….
fn unique_in(dir: &Path, stem: &str, ext: &str, taken: &mut HashSet<PathBuf>) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            safe_file_name(stem, ext)
        } else {
            safe_file_name(&format!("{stem}({n})"), ext)
        };
        let p = dir.join(name);
        if taken.insert(p.clone()) {
            return p;
        }
        n += 1;
    }
}

pub fn run(args: Args) -> ExitCode {
    let want_signature = args.signature || !args.sign.is_empty();
    let from_settings = settings(args.db.as_deref())
        .and_then(|s| PdfOptions::from_settings(&s, want_signature).map_err(|e| e.to_string()));
    let mut opts = match from_settings {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(base) = opts.signature.take() {
        match signature_lines(base, &args.sign) {
            Ok(l) => opts.signature = Some(l),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    if args.font.is_some() {
        opts.font_path = args.font.clone();
    }
    let mut forms: Vec<(PathBuf, Form)> = Vec::new();
    let mut failed = false;
    for path in &args.files {
        match selfeval_core::import::read_file(path) {
            Ok(fs) => forms.extend(fs.into_iter().map(|f| (path.clone(), f))),
            Err(e) => {
                eprintln!("无法读取 {e}");
                failed = true;
            }
        }
    }
    let ext = args.format.extension();
    let out_is_file = forms.len() == 1
        && !args.out.is_dir()
        && args
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !out_is_file && !forms.is_empty() {
        if let Err(e) = std::fs::create_dir_all(&args.out) {
            eprintln!(
                "无法创建输出文件夹 {}：{}",
                args.out.display(),
                selfeval_core::import::io_message(&e)
            );
            return ExitCode::from(2);
        }
    }
    let mut taken = HashSet::new();
    for (src, form) in &forms {
        let target = if out_is_file {
            args.out.clone()
        } else {
            unique_in(&args.out, &stem_of(form), ext, &mut taken)
        };
        let bytes = match args.format {
            Format::Pdf => export_pdf(form, &opts),
        };
        match bytes {
            Ok(b) => match std::fs::write(&target, b) {
                Ok(()) => println!("已导出 {}", target.display()),
                Err(e) => {
                    eprintln!(
                        "无法写入 {}：{}",
                        target.display(),
                        selfeval_core::import::io_message(&e)
                    );
                    failed = true;
                }
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_on_windows() {
        assert_eq!(
            safe_file_name("党政事务-2023-绩效自评表", "pdf"),
            "党政事务-2023-绩效自评表.pdf"
        );
        assert_eq!(safe_file_name("a/b:c*?\"<>|", "pdf"), "a_b_c______.pdf");
        assert_eq!(safe_file_name("con", "pdf"), "_con.pdf");
        assert_eq!(safe_file_name("COM1", "pdf"), "_COM1.pdf");
        assert_eq!(safe_file_name("name. ", "pdf"), "name.pdf");
        assert_eq!(safe_file_name("", "pdf"), "_.pdf");
        assert_eq!(safe_file_name(&"长".repeat(200), "pdf").chars().count(), 84);
    }

    #[test]
    fn duplicate_names_get_a_number() {
        let mut taken = HashSet::new();
        let d = Path::new("out");
        assert_eq!(unique_in(d, "x", "pdf", &mut taken), d.join("x.pdf"));
        assert_eq!(unique_in(d, "x", "pdf", &mut taken), d.join("x(2).pdf"));
    }

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
