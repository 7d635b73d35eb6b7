//! The app's automatic backups (policy in `selfeval_core::store::auto_backup`):
//! at start, off the UI's path on a thread with its own connection, the first
//! start of a day takes a backup (and the first start of a new version one
//! more), then the newest is copied to the second backup folder if one is set.
//! The outcome is kept for the UI's status line; a failure never stops the
//! officer working.

use std::path::PathBuf;
use std::sync::Mutex;

use selfeval_core::store::auto_backup::{
    copy_to_folder, Policy, Reason, SECOND_COPY_OK_SETTING, SECOND_COPY_SETTING,
};
use selfeval_core::store::Store;
use serde::Serialize;
use ts_rs::TS;

/// The last version that started on this database.
const LAST_VERSION: &str = "app.last_version";

/// What the start-of-day backup did, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct BackupStatus {
    /// Still running.
    pub running: bool,
    /// Something went wrong (the text says what; the officer can go on).
    pub failed: bool,
    /// A short text for the status line, in Chinese.
    pub text: String,
}

#[derive(Default)]
pub struct BackupState(pub Mutex<BackupStatus>);

fn set(state: &BackupState, s: BackupStatus) {
    if let Ok(mut g) = state.0.lock() {
        *g = s;
    }
}

/// Run the start-of-day backup of `db` on a thread.
pub fn start(state: &'static BackupState, db: PathBuf) {
    set(
        state,
        BackupStatus {
            running: true,
            failed: false,
            text: "正在自动备份…".into(),
        },
    );
    let _ = std::thread::Builder::new()
        .name("auto-backup".into())
        .spawn(move || set(state, run(&db)));
}

fn run(db: &std::path::Path) -> BackupStatus {
    let failed = |text: String| BackupStatus {
        running: false,
        failed: true,
        text,
    };
    if !db.exists() {
        return BackupStatus::default();
    }
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => return failed(format!("自动备份未完成：{e}")),
    };
    let now = jiff::Zoned::now();
    let policy = Policy::default();
    let version = env!("CARGO_PKG_VERSION");
    let last = store
        .get_setting(LAST_VERSION)
        .ok()
        .flatten()
        .and_then(|v| v.as_str().map(str::to_string));
    if last.as_deref().is_some_and(|l| l != version) {
        if let Err(e) = store.auto_backup(&now, Reason::Upgrade, &policy) {
            return failed(format!("新版本首次启动前的自动备份未完成：{e}"));
        }
    }
    if last.as_deref() != Some(version) {
        let _ = store.set_setting(LAST_VERSION, &serde_json::json!(version));
    }
    let report = match store.auto_backup(&now, Reason::Start, &policy) {
        Ok(r) => r,
        Err(e) => return failed(format!("今天的自动备份未完成：{e}")),
    };
    let newest = report.pruned.kept.first().map(|b| b.at);
    let mut text = match newest {
        Some(at) => format!(
            "已自动备份（{}，共 {} 份）",
            at.strftime("%m-%d %H:%M"),
            report.pruned.kept.len()
        ),
        None => String::new(),
    };
    let second = store
        .get_setting(SECOND_COPY_SETTING)
        .ok()
        .flatten()
        .and_then(|v| v.as_str().map(PathBuf::from))
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = second {
        match copy_to_folder(db, &dir, &policy) {
            Ok(_) => {
                let _ = store.set_setting(
                    SECOND_COPY_OK_SETTING,
                    &serde_json::json!(jiff::Timestamp::now().as_millisecond()),
                );
                text.push_str("；已复制到第二备份位置");
            }
            Err(w) => return failed(w),
        }
    }
    BackupStatus {
        running: false,
        failed: false,
        text,
    }
}

/// The start-of-day backup's outcome.
#[tauri::command]
pub fn backup_status(state: tauri::State<'_, &'static BackupState>) -> BackupStatus {
    state.0.lock().map(|g| g.clone()).unwrap_or_default()
}
