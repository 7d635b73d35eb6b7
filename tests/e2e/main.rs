//! End-to-end tests of the desktop app in a real window (Xvfb, tauri-driver,
//! WebKitWebDriver). Run with `scripts/e2e.sh`; a plain `cargo test` skips
//! them because they need the display and the driver.

mod backups;
mod bench;
mod editor;
mod export;
mod harness;
mod lifecycle;
mod overview;
mod persistence;
mod shell;
mod structure;
mod templates;
