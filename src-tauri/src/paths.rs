//! Where the app keeps its data and writes exports, and safe file names.
//!
//! `SELFEVAL_DATA_DIR` replaces the data directory (tests use a fresh one);
//! `SELFEVAL_EXPORT_DIR` makes exports go straight into that directory without
//! the native save dialog (for the end-to-end tests).

use std::path::{Path, PathBuf};

use selfeval_core::file_names;

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

/// The suggested file name of a form's export (`党政事务-2023-绩效自评表.xlsx`),
/// safe on Windows (see `selfeval_core::file_names`).
pub fn export_file_name(form: &selfeval_core::Form, ext: &str) -> String {
    file_names::safe_file_name(&file_names::form_stem(form), ext)
}

/// `dir/name`, or `dir/name(2).ext` … if such a file exists already (the same
/// rule as the CLI's batch export: `selfeval_core::file_names::UniqueNames`).
pub fn unique_path(dir: &Path, file_name: &str) -> PathBuf {
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let name = file_names::UniqueNames::in_folder(dir).file_name(stem, ext);
    dir.join(name)
}

/// The newest file in `dir` whose extension is one of `extensions` (what the
/// tests "choose" in an open dialog: the file they just saved there).
pub fn newest_file(dir: &Path, extensions: &[String]) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            e.path().extension().is_some_and(|x| {
                extensions
                    .iter()
                    .any(|want| x.eq_ignore_ascii_case(want.as_str()))
            })
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_follow_windows_rules() {
        let mut f = selfeval_core::Form::default();
        f.header.name = "党政事务/专项:CON?".into();
        f.header.year = "2023".into();
        let n = export_file_name(&f, "xlsx");
        assert_eq!(n, "党政事务_专项_CON_-2023-绩效自评表.xlsx");
        assert!(!n.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']));
        f.header.name = "CON".into();
        f.header.year = String::new();
        assert_eq!(export_file_name(&f, "pdf"), "CON-绩效自评表.pdf");
        f.header.name = "长".repeat(300);
        assert!(export_file_name(&f, "pdf").chars().count() <= 124);
    }

    #[test]
    fn windows_data_dir_is_the_local_profile() {
        use selfeval_core::store::paths::{default_db_path_for, Os};
        let env = |k: &str| match k {
            "LOCALAPPDATA" => Some(r"C:\Users\张三\AppData\Local".to_string()),
            "APPDATA" => Some(r"C:\Users\张三\AppData\Roaming".to_string()),
            _ => None,
        };
        let p = default_db_path_for(Os::Windows, env).unwrap();
        let s = p.to_string_lossy().replace('/', "\\");
        assert!(
            s.starts_with(r"C:\Users\张三\AppData\Local\cn.selfeval.app"),
            "{s}"
        );
        assert!(s.ends_with("selfeval.db"), "{s}");
    }

    #[test]
    fn unique_path_does_not_overwrite() {
        let d = tempfile::tempdir().unwrap();
        let p = unique_path(d.path(), "a.pdf");
        assert_eq!(p, d.path().join("a.pdf"));
        std::fs::write(&p, b"x").unwrap();
        assert_eq!(unique_path(d.path(), "a.pdf"), d.path().join("a(2).pdf"));
    }

    #[test]
    fn newest_file_takes_the_last_written_of_an_extension() {
        let d = tempfile::tempdir().unwrap();
        let exts = ["xlsx".to_string()];
        assert_eq!(newest_file(d.path(), &exts), None);
        std::fs::write(d.path().join("a.xlsx"), b"1").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(d.path().join("b.XLSX"), b"2").unwrap();
        std::fs::write(d.path().join("c.pdf"), b"3").unwrap();
        assert_eq!(newest_file(d.path(), &exts), Some(d.path().join("b.XLSX")));
    }

    #[test]
    fn data_dir_prefers_the_platform_default_without_override() {
        if std::env::var_os(DATA_DIR_ENV).is_none() {
            let d = PathBuf::from(r"C:\Users\张三\AppData\Local\cn.selfeval.app");
            assert_eq!(data_dir(Some(d.clone())), Some(d));
        }
    }
}
