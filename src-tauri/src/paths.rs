//! Where the app keeps its data and writes exports, and safe file names.
//!
//! `SELFEVAL_DATA_DIR` replaces the data directory (tests use a fresh one);
//! `SELFEVAL_EXPORT_DIR` makes exports go straight into that directory without
//! the native save dialog (for the end-to-end tests).

use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "SELFEVAL_DATA_DIR";
pub const EXPORT_DIR_ENV: &str = "SELFEVAL_EXPORT_DIR";

/// The data directory: `$SELFEVAL_DATA_DIR` if set, else the platform's
/// per-user local data directory of the app (`%LOCALAPPDATA%\cn.selfeval.app`).
pub fn data_dir(platform_default: Option<PathBuf>) -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => platform_default,
    }
}

/// The test export directory, if set.
pub fn export_dir() -> Option<PathBuf> {
    std::env::var_os(EXPORT_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name that is valid on Windows (and everywhere else) made from a
/// form's name: forbidden characters `<>:"/\|?*` and control characters become
/// `_`, trailing dots and spaces go, reserved device names get a `_`, and the
/// name is kept under 120 characters so a full path stays short.
pub fn safe_file_stem(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    while s.ends_with('.') || s.ends_with(' ') {
        s.pop();
    }
    let s = s.trim_start().to_string();
    if s.is_empty() {
        return "绩效自评表".into();
    }
    let base = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        format!("_{s}")
    } else {
        s
    }
}

/// The default name of an exported file: `2023_党政事务_绩效自评表.xlsx`.
pub fn export_file_name(year: &str, name: &str, ext: &str) -> String {
    let stem = match (year.trim(), name.trim()) {
        ("", "") => "绩效自评表".to_string(),
        ("", n) => format!("{n}_绩效自评表"),
        (y, "") => format!("{y}_绩效自评表"),
        (y, n) => format!("{y}_{n}_绩效自评表"),
    };
    format!("{}.{ext}", safe_file_stem(&stem))
}

/// `dir/name`, or `dir/name (2).ext` … if the file exists already.
pub fn unique_path(dir: &Path, file_name: &str) -> PathBuf {
    let first = dir.join(file_name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (file_name, String::new()),
    };
    (2..10_000)
        .map(|k| dir.join(format!("{stem} ({k}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_windows_rules() {
        assert_eq!(
            safe_file_stem("a<b>c:d\"e/f\\g|h?i*j"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_file_stem("报表. . "), "报表");
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.txt"), "_com1.txt");
        assert_eq!(safe_file_stem("控制\u{7}字符"), "控制_字符");
        assert_eq!(safe_file_stem("   "), "绩效自评表");
        assert_eq!(safe_file_stem(&"长".repeat(300)).chars().count(), 120);
        assert_eq!(
            export_file_name("2023", "党政事务/专项", "xlsx"),
            "2023_党政事务_专项_绩效自评表.xlsx"
        );
        assert_eq!(export_file_name("", "", "pdf"), "绩效自评表.pdf");
    }

    #[test]
    fn unique_path_does_not_overwrite() {
        let d = tempfile::tempdir().unwrap();
        let p = unique_path(d.path(), "a.pdf");
        assert_eq!(p, d.path().join("a.pdf"));
        std::fs::write(&p, b"x").unwrap();
        assert_eq!(unique_path(d.path(), "a.pdf"), d.path().join("a (2).pdf"));
    }

    #[test]
    fn data_dir_prefers_the_platform_default_without_override() {
        if std::env::var_os(DATA_DIR_ENV).is_none() {
            let d = PathBuf::from(r"C:\Users\张三\AppData\Local\cn.selfeval.app");
            assert_eq!(data_dir(Some(d.clone())), Some(d));
        }
    }
}
