//! File names that are safe on Windows, macOS and Linux, for every exporter
//! (XLSX, PDF) and the app's "save as" suggestions.
//!
//! Windows forbids `\ / : * ? " < > |` and control characters, reserves
//! `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9` (with any
//! extension), and drops trailing dots and spaces. Names are kept under 120
//! characters so that a folder path plus the name stays well within
//! `MAX_PATH`.

use std::collections::HashSet;

use crate::Form;

/// Longest stem (characters, without extension) we produce.
const MAX_STEM_CHARS: usize = 120;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file-name stem safe on every system: forbidden characters become `_`,
/// trailing dots and spaces are removed, reserved device names get a `_`
/// suffix, and an empty result becomes `未命名`.
pub fn safe_stem(stem: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let trimmed_len = s.trim_end_matches(['.', ' ']).len();
    s.truncate(trimmed_len);
    let s = s.trim_start().to_string();
    if s.is_empty() {
        return "未命名".into();
    }
    let device = s.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(device)) {
        return format!("{s}_");
    }
    s
}

/// A safe file name `stem.ext` (the extension without its dot).
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    format!("{}.{ext}", safe_stem(stem))
}

/// The suggested stem of a form's export: `项目名称-2023-绩效自评表`. Empty parts
/// are left out (`项目编码` stands in for a missing name).
pub fn form_stem(form: &Form) -> String {
    let h = &form.header;
    let name = if h.name.trim().is_empty() {
        h.code.trim()
    } else {
        h.name.trim()
    };
    let parts: Vec<&str> = [name, h.year.trim(), "绩效自评表"]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join("-")
}

/// Hands out names that are unique within one folder, case-insensitively (as
/// on Windows and macOS): the second `a.xlsx` becomes `a(2).xlsx`.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    pub fn new() -> Self {
        Self::default()
    }

    /// Names unique among the files already in `dir` as well, so that saving
    /// into a folder never replaces a file that was there.
    pub fn in_folder(dir: &std::path::Path) -> Self {
        let taken = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_lowercase())
            .collect();
        Self { taken }
    }

    /// A safe, not yet used file name for `stem.ext`.
    pub fn file_name(&mut self, stem: &str, ext: &str) -> String {
        let base = safe_stem(stem);
        let dot = if ext.is_empty() { "" } else { "." };
        take_first_free(&mut self.taken, |n| {
            if n == 1 {
                format!("{base}{dot}{ext}")
            } else {
                format!("{base}({n}){dot}{ext}")
            }
        })
    }
}

/// The first of `make(1)`, `make(2)`, … not yet in `taken` (compared
/// case-insensitively, as Windows and Excel compare names), which it takes.
pub(crate) fn take_first_free(
    taken: &mut HashSet<String>,
    make: impl Fn(usize) -> String,
) -> String {
    let mut n = 1;
    loop {
        let name = make(n);
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_folder_avoid_the_files_there() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(
            UniqueNames::in_folder(d.path()).file_name("a", "pdf"),
            "a.pdf"
        );
        std::fs::write(d.path().join("A.pdf"), b"x").unwrap();
        std::fs::write(d.path().join("a(2).pdf"), b"x").unwrap();
        let mut u = UniqueNames::in_folder(d.path());
        assert_eq!(u.file_name("a", "pdf"), "a(3).pdf");
        assert_eq!(u.file_name("a", "pdf"), "a(4).pdf");
        assert_eq!(u.file_name("a", "xlsx"), "a.xlsx");
        assert_eq!(u.file_name("b", ""), "b");
        assert_eq!(u.file_name("b", ""), "b(2)");
    }

    #[test]
    fn forbidden_characters_and_reserved_names() {
        assert_eq!(safe_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(safe_stem("CON"), "CON_");
        assert_eq!(safe_stem("com1.tar"), "com1.tar_");
        assert_eq!(safe_stem("console"), "console");
        assert_eq!(safe_stem("项目. . "), "项目");
        assert_eq!(safe_stem("  "), "未命名");
        assert_eq!(safe_stem("a\nb\tc"), "a_b_c");
        assert_eq!(safe_stem(&"长".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn form_stems_and_unique_names() {
        let mut f = Form::default();
        f.header.name = "党政事务".into();
        f.header.year = "2023".into();
        assert_eq!(form_stem(&f), "党政事务-2023-绩效自评表");
        f.header.name = String::new();
        f.header.code = "440303".into();
        assert_eq!(form_stem(&f), "440303-2023-绩效自评表");
        let mut u = UniqueNames::new();
        assert_eq!(u.file_name("a", "xlsx"), "a.xlsx");
        assert_eq!(u.file_name("A", "xlsx"), "A(2).xlsx");
        assert_eq!(u.file_name("a", "xlsx"), "a(3).xlsx");
        assert_eq!(u.file_name("a", "pdf"), "a.pdf");
    }
}
