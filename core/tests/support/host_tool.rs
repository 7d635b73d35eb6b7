//! Running a Linux program that a test checks its output with (`pdftotext`,
//! `pdffonts`, `soffice`), also when the test itself is a Windows program
//! run under Wine by scripts/test-windows.sh. Wine starts a Unix executable
//! given by its path (`Z:\usr\bin\pdftotext`), and the file arguments are
//! translated from the Windows paths the test knows (`C:\users\…`) to the
//! Unix paths behind them (`winepath -u`). The program then runs on the
//! Linux side, where it is installed; the code under test stays on Windows.
//!
//! Used by the core's tests (`#[path = "support/host_tool.rs"]`) and the
//! CLI's (`#[path = "../../core/tests/support/host_tool.rs"]`).

#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether this (Windows) test runs under Wine.
pub fn under_wine() -> bool {
    cfg!(windows) && std::env::var_os("WINEPREFIX").is_some()
}

/// A command for the host program `name`: itself on Linux, its Unix
/// executable through Wine under Wine.
pub fn command(name: &str) -> Command {
    if under_wine() {
        let found = ["usr\\bin", "usr\\local\\bin", "bin"]
            .iter()
            .map(|d| PathBuf::from(format!("Z:\\{d}\\{name}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from(format!("Z:\\usr\\bin\\{name}")));
        Command::new(found)
    } else {
        Command::new(name)
    }
}

/// `path` as the host program must be given it.
pub fn arg(path: &Path) -> OsString {
    if !under_wine() {
        return path.as_os_str().to_owned();
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let out = Command::new("winepath")
        .arg("-u")
        .arg(&abs)
        .output()
        .expect("winepath (Wine's path converter) runs");
    assert!(out.status.success(), "winepath -u {}", abs.display());
    let unix = String::from_utf8(out.stdout).expect("a UTF-8 Unix path");
    OsString::from(unix.trim_end_matches(['\r', '\n']))
}

/// `file://` URL of a folder for the host program (LibreOffice's
/// `-env:UserInstallation`).
pub fn file_url(dir: &Path) -> String {
    let p = arg(dir).to_string_lossy().replace('\\', "/");
    format!("file://{p}")
}

/// Whether the host program `name` can be started.
pub fn available(name: &str) -> bool {
    command(name).arg("-v").output().is_ok()
}

/// When programs a test needs are missing: on a developer's machine the
/// test says so loudly and passes without checking (returns true); under
/// CI (`CI=true`) a missing program fails the run.
pub fn missing(programs: &[&str], tag: &str) -> bool {
    let gone: Vec<&str> = programs.iter().copied().filter(|p| !available(p)).collect();
    if gone.is_empty() {
        return false;
    }
    let what = gone.join(", ");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{tag}: {what} missing under CI; scripts/setup-system.sh installs them");
    }
    eprintln!(
        "\n!!!!!!!!\n!!! SKIPPED {tag}: {what} missing; run scripts/setup-system.sh\n!!!!!!!!\n"
    );
    true
}
