//! The app's automatic backups (policy in `selfeval_core::store::auto_backup`):
//! at start, off the UI's path on a thread with its own connection, the first
//! start of a day takes a backup (and the first start of a new version one
//! more), then the newest is copied to the second backup folder if one is set.
//! The outcome is kept for the UI's status line; a failure never stops the
//! officer working.

use std::path::PathBuf;
use std::sync::Mutex;

use selfeval_core::store::auto_backup::Policy;
use selfeval_core::store::Store;
use serde::Serialize;
use ts_rs::TS;

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
    let policy = Policy::default();
    let now = jiff::Zoned::now();
    let report = match store.auto_backup_at_start(&now, env!("CARGO_PKG_VERSION"), &policy) {
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
    match store.copy_to_second_folder(&policy) {
        Some(Ok(_)) => text.push_str("；已复制到第二备份位置"),
        Some(Err(w)) => return failed(w),
        None => {}
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

/// One backup in the backup dialog.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupRow {
    pub path: String,
    /// Local time, `2026-12-01 08:30`.
    pub at: String,
    /// 每日自动备份 / 手动备份 / 第二备份位置 …
    pub kind: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Forms in it (outside the trash); null: the file cannot be read.
    pub forms: Option<u32>,
    pub newest_form: Option<String>,
}

/// The second backup folder and when a copy last reached it.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct BackupFolder {
    pub second_copy_dir: Option<String>,
    pub last_copied: Option<String>,
}

/// Every backup: automatic, manual and in the second folder, newest first.
/// Works with a damaged database too (nothing here needs it open).
#[tauri::command]
pub fn list_backups(db: tauri::State<'_, crate::db::Db>) -> Vec<BackupRow> {
    let second = db.with(|s| Ok(s.second_copy_dir())).ok().flatten();
    selfeval_core::store::auto_backup::all_backups(&db.path, second.as_deref())
        .into_iter()
        .map(|b| BackupRow {
            path: b.path.display().to_string(),
            at: b.at.strftime("%Y-%m-%d %H:%M").to_string(),
            kind: b.kind.label().to_string(),
            size: b.size,
            forms: b.forms.and_then(|n| u32::try_from(n).ok()),
            newest_form: b.newest_form,
        })
        .collect()
}

fn folder_state(db: &crate::db::Db) -> BackupFolder {
    db.with(|s| {
        Ok(BackupFolder {
            second_copy_dir: s.second_copy_dir().map(|p| p.display().to_string()),
            last_copied: s.second_copy_last_ok(),
        })
    })
    .unwrap_or_default()
}

/// The second backup folder's setting and state.
#[tauri::command]
pub fn backup_folder(db: tauri::State<'_, crate::db::Db>) -> BackupFolder {
    folder_state(&db)
}

/// Set (or, with null, clear) the second backup folder; a set folder gets
/// the newest backup at once. A folder that cannot be reached is an error
/// message here (the setting is kept: the stick may be plugged in later).
#[tauri::command]
pub fn set_backup_folder(
    db: tauri::State<'_, crate::db::Db>,
    path: Option<String>,
) -> Result<BackupFolder, crate::commands::CommandError> {
    let dir = path.filter(|p| !p.is_empty()).map(PathBuf::from);
    db.with(|s| s.set_second_copy_dir(dir.as_deref()))?;
    if let Some(Err(w)) = db.with(|s| Ok(s.copy_to_second_folder(&Policy::default())))? {
        return Err(crate::commands::CommandError::from(w));
    }
    Ok(folder_state(&db))
}

/// 导出全部: every form, with its history or not, to one file.
#[tauri::command]
pub fn export_all(
    db: tauri::State<'_, crate::db::Db>,
    path: PathBuf,
    history: bool,
) -> Result<String, crate::commands::CommandError> {
    db.with(|s| s.export_all(&path, history))?;
    Ok(path.display().to_string())
}

/// 导入全部: add the forms of an 导出全部 file or a backup. Returns how many.
#[tauri::command]
pub fn import_all(
    db: tauri::State<'_, crate::db::Db>,
    path: PathBuf,
) -> Result<u32, crate::commands::CommandError> {
    let ids = db.with(|s| s.import_all(&path))?;
    Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
}
