//! Helpers shared by the CLI's tests: the seed form files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed")
}

/// The seven seed form files, in file-name order.
pub fn seed_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(seed_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

/// The seed form file of `code` (项目编码).
pub fn seed(code: &str) -> PathBuf {
    seed_dir().join(format!("{code}.json"))
}

/// Run the CLI with `home` as every data folder it could look in (so no
/// developer's own database or settings leak into a test).
pub fn selfeval_in(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LOCALAPPDATA", home)
        .env("APPDATA", home)
        .output()
        .expect("selfeval runs")
}
