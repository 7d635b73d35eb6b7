//! Where the database lives by default: the app's *local* (not roaming) data
//! directory, named by the app identifier, as Tauri's `app_local_data_dir`.
//! A pure function of the OS and the environment, so every platform's rule
//! is testable anywhere.

use std::path::PathBuf;

/// The app identifier (also Tauri's `identifier`).
pub const IDENTIFIER: &str = "cn.selfeval.app";
/// The database file name inside the data directory.
pub const DB_FILE: &str = "selfeval.db";

pub use crate::platform::Os;

/// The default database path for `os`, reading environment variables through
/// `env`. `None` when the environment names no home or data directory.
///
/// - Windows: `%LOCALAPPDATA%\cn.selfeval.app\selfeval.db`
///   (else `%USERPROFILE%\AppData\Local\…`);
/// - macOS: `$HOME/Library/Application Support/cn.selfeval.app/selfeval.db`;
/// - Linux: `$XDG_DATA_HOME/cn.selfeval.app/selfeval.db` (else `$HOME/.local/share/…`).
pub fn default_db_path_for(os: Os, env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    match os {
        Os::Windows => {
            let base = var("LOCALAPPDATA").or_else(|| {
                var("USERPROFILE").map(|h| format!("{}\\AppData\\Local", h.trim_end_matches('\\')))
            })?;
            Some(PathBuf::from(format!(
                "{}\\{IDENTIFIER}\\{DB_FILE}",
                base.trim_end_matches('\\')
            )))
        }
        Os::MacOs => {
            let home = var("HOME")?;
            Some(PathBuf::from(format!(
                "{}/Library/Application Support/{IDENTIFIER}/{DB_FILE}",
                home.trim_end_matches('/')
            )))
        }
        Os::Linux => {
            let base = var("XDG_DATA_HOME")
                .filter(|d| d.starts_with('/'))
                .or_else(|| {
                    var("HOME").map(|h| format!("{}/.local/share", h.trim_end_matches('/')))
                })?;
            Some(PathBuf::from(format!(
                "{}/{IDENTIFIER}/{DB_FILE}",
                base.trim_end_matches('/')
            )))
        }
    }
}

/// The default database path on this machine.
pub fn default_db_path() -> Option<PathBuf> {
    default_db_path_for(Os::current(), |k| std::env::var(k).ok())
}

/// `SELFEVAL_DATA_DIR` replaces the data folder (tests use a fresh one).
pub const DATA_DIR_ENV: &str = "SELFEVAL_DATA_DIR";

/// The data folder: `$SELFEVAL_DATA_DIR` if set, else the folder of the
/// default database.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => default_db_path().and_then(|p| p.parent().map(PathBuf::from)),
    }
}

/// The folder of the user's own templates: `templates/` in the data folder.
pub fn user_templates_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join(TEMPLATES_DIR))
}

/// The name of the user's template folder inside the data folder.
pub const TEMPLATES_DIR: &str = "templates";

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn windows_uses_local_not_roaming_appdata() {
        let p = default_db_path_for(
            Os::Windows,
            env(&[
                ("LOCALAPPDATA", r"C:\Users\张三\AppData\Local"),
                ("APPDATA", r"C:\Users\张三\AppData\Roaming"),
            ]),
        );
        assert_eq!(
            p.unwrap().to_string_lossy(),
            r"C:\Users\张三\AppData\Local\cn.selfeval.app\selfeval.db"
        );
        let p = default_db_path_for(Os::Windows, env(&[("USERPROFILE", r"D:\home\li\")]));
        assert_eq!(
            p.unwrap().to_string_lossy(),
            r"D:\home\li\AppData\Local\cn.selfeval.app\selfeval.db"
        );
        assert_eq!(
            default_db_path_for(Os::Windows, env(&[("APPDATA", r"C:\x")])),
            None
        );
    }

    #[test]
    fn unix_rules() {
        assert_eq!(
            default_db_path_for(Os::MacOs, env(&[("HOME", "/Users/li")])).unwrap(),
            PathBuf::from("/Users/li/Library/Application Support/cn.selfeval.app/selfeval.db")
        );
        assert_eq!(
            default_db_path_for(Os::Linux, env(&[("HOME", "/home/li")])).unwrap(),
            PathBuf::from("/home/li/.local/share/cn.selfeval.app/selfeval.db")
        );
        assert_eq!(
            default_db_path_for(
                Os::Linux,
                env(&[("HOME", "/home/li"), ("XDG_DATA_HOME", "/data/")])
            )
            .unwrap(),
            PathBuf::from("/data/cn.selfeval.app/selfeval.db")
        );
        assert_eq!(default_db_path_for(Os::Linux, env(&[])), None);
    }
}
