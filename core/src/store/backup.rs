//! Backup and restore.
//!
//! - [`Store::backup_to`] writes a compact copy with `VACUUM INTO` to a
//!   temporary file beside the destination, checks it with
//!   `PRAGMA integrity_check`, then renames it into place (a crash never
//!   leaves a half-written file under the chosen name) and records it in
//!   `<db>.backups.json` beside the database.
//! - [`Store::restore`] replaces the database only after a copy of the
//!   backup passes `integrity_check`; the previous file is kept aside as
//!   `<db>.before-restore-<time>`.
//! - [`last_good_backup`]: the newest recorded backup that still passes the
//!   check, offered when the database is found damaged.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::error::{from_sqlite, io_error};
use super::{integrity_problems, now_ms, schema, summarise, Result, Store, StoreError};
use crate::atomic_file::{sync_dir, sync_file, temp_beside, with_suffix};

/// A backup that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// Unix milliseconds.
    pub at: i64,
    #[serde(default)]
    pub size: u64,
}

/// The file listing the backups of the database at `db`.
pub fn backups_list_path(db: &Path) -> PathBuf {
    with_suffix(db, ".backups.json")
}

/// Recorded backups of the database at `db`, newest first. A missing or
/// unreadable list is an empty one (it is only a convenience).
pub fn known_backups(db: &Path) -> Vec<BackupInfo> {
    let mut list: Vec<BackupInfo> = std::fs::read_to_string(backups_list_path(db))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.sort_by_key(|b| std::cmp::Reverse(b.at));
    list
}

/// The newest backup of `db` (automatic, or recorded manual) that exists
/// and passes the check.
pub fn last_good_backup(db: &Path) -> Option<PathBuf> {
    let mut all: Vec<(i64, PathBuf)> = known_backups(db)
        .into_iter()
        .map(|b| (b.at, b.path))
        .collect();
    for b in super::auto_backup::list(&super::auto_backup::backups_dir(db)) {
        let ms =
            b.at.to_zoned(jiff::tz::TimeZone::system())
                .map(|z| z.timestamp().as_millisecond())
                .unwrap_or(0);
        all.push((ms, b.path));
    }
    all.sort_by_key(|b| std::cmp::Reverse(b.0));
    all.into_iter()
        .map(|(_, p)| p)
        .find(|p| verify_backup(p).is_ok())
}

fn record_backup(db: &Path, info: &BackupInfo) -> Result<()> {
    let mut list = known_backups(db);
    list.retain(|b| b.path != info.path);
    list.insert(0, info.clone());
    list.truncate(100);
    let text = serde_json::to_string_pretty(&list).map_err(|e| StoreError::Io {
        path: backups_list_path(db),
        message: e.to_string(),
    })?;
    crate::atomic_file::write(&backups_list_path(db), text.as_bytes())
        .map_err(|e| io_error(&backups_list_path(db), &e))
}

/// Check that `path` is a sound SelfEval database this build can open.
/// Returns its schema version.
pub fn verify_backup(path: &Path) -> Result<i64> {
    let bad = |reason: String| StoreError::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    let head = std::fs::read(path)
        .map(|b| b.into_iter().take(16).collect::<Vec<u8>>())
        .map_err(|e| bad(crate::import::io_message(&e)))?;
    if head.as_slice() != b"SQLite format 3\0" {
        return Err(bad("不是 SQLite 数据库文件".into()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(from_sqlite(path, e).to_string()))?;
    let q = |e: rusqlite::Error| bad(format!("无法读取（{e}）"));
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(q)?;
    if app != schema::APPLICATION_ID {
        return Err(bad("不是 SelfEval 的数据库".into()));
    }
    let version = schema::user_version(&conn).map_err(q)?;
    if version > schema::SCHEMA_VERSION {
        return Err(bad(format!(
            "由更新版本的 SelfEval 创建（数据库版本 {version}），请先升级本软件"
        )));
    }
    let problems = integrity_problems(&conn, "integrity_check").map_err(q)?;
    if !problems.is_empty() {
        return Err(bad(format!("已损坏，{}", summarise(&problems))));
    }
    Ok(version)
}

impl Store {
    /// Write a checked, compact copy of the database to `dest` (replacing a
    /// file there only once the copy is complete and sound), and list it
    /// among the manual backups (`<db>.backups.json`).
    pub fn backup_to(&self, dest: &Path) -> Result<BackupInfo> {
        let info = self.write_backup(dest)?;
        // The list is a convenience: the backup itself is already safe.
        let _ = record_backup(&self.path, &info);
        Ok(info)
    }

    /// [`Store::backup_to`] without listing it (automatic backups live in
    /// their own folder).
    pub(crate) fn write_backup(&self, dest: &Path) -> Result<BackupInfo> {
        let tmp = temp_beside(dest);
        let dest_str = tmp.to_str().ok_or_else(|| StoreError::Io {
            path: dest.to_path_buf(),
            message: "路径含有无法识别的字符，请换一个文件名".into(),
        })?;
        if same_file(dest, &self.path) {
            return Err(StoreError::Io {
                path: dest.to_path_buf(),
                message: "不能把数据库备份到它自己；请另选一个文件名或文件夹".into(),
            });
        }
        let _ = std::fs::remove_file(&tmp);
        let cleanup = |e: StoreError| {
            let _ = std::fs::remove_file(&tmp);
            e
        };
        self.conn
            .execute("VACUUM INTO ?1", [dest_str])
            .map_err(|e| cleanup(from_sqlite(&tmp, e).with_path(dest)))?;
        (|| {
            verify_backup(&tmp)?;
            sync_file(&tmp).map_err(|e| io_error(dest, &e))?;
            std::fs::rename(&tmp, dest).map_err(|e| io_error(dest, &e))
        })()
        .map_err(cleanup)?;
        sync_dir(dest);
        let info = BackupInfo {
            path: std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf()),
            at: now_ms(),
            size: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
        };
        Ok(info)
    }

    /// Replace the database at `db` with the backup at `backup`, then open
    /// it (migrating a backup from an earlier version). Close any open
    /// [`Store`] on `db` first. The backup is copied and the copy checked
    /// before anything is replaced; the previous database is renamed to
    /// `<db>.before-restore-<time>` and returned (None if there was none).
    pub fn restore(db: &Path, backup: &Path) -> Result<(Store, Option<PathBuf>)> {
        verify_backup(backup)?;
        // An automatic backup of what is replaced, where it can be read (a
        // damaged database cannot: it is kept aside below all the same).
        if db.exists() {
            if let Ok(current) = Store::open(db) {
                let _ = current.backup_before(super::auto_backup::Reason::Restore);
                let _ = current.close();
            }
        }
        let incoming = temp_beside(db);
        let _ = std::fs::remove_file(&incoming);
        let cleanup = |e: StoreError| {
            let _ = std::fs::remove_file(&incoming);
            e
        };
        (|| {
            std::fs::copy(backup, &incoming).map_err(|e| io_error(db, &e))?;
            sync_file(&incoming).map_err(|e| io_error(db, &e))?;
            verify_backup(&incoming).map_err(|e| match e {
                StoreError::BadBackup { reason, .. } => StoreError::BadBackup {
                    path: backup.to_path_buf(),
                    reason: format!("复制后的文件校验失败：{reason}"),
                },
                other => other,
            })
        })()
        .map_err(cleanup)?;
        let aside = if db.exists() {
            let aside = with_suffix(db, &format!(".before-restore-{}", now_ms()));
            std::fs::rename(db, &aside).map_err(|e| cleanup(io_error(db, &e)))?;
            for ext in ["-wal", "-shm"] {
                let side = with_suffix(db, ext);
                if side.exists() {
                    let _ = std::fs::rename(&side, with_suffix(&aside, ext));
                }
            }
            Some(aside)
        } else {
            None
        };
        std::fs::rename(&incoming, db).map_err(|e| io_error(db, &e))?;
        sync_dir(db);
        Ok((Store::open(db)?, aside))
    }
}

/// Whether `a` names the file `b` (or would, once created).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        let name = p.file_name()?;
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
        Some(dir.join(name))
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Before migrating a database from schema `version`, keep a copy of it as
/// `<db>.v<version>.bak` (once).
pub(crate) fn keep_before_upgrade(conn: &Connection, db: &Path, version: i64) -> Result<()> {
    let dest = with_suffix(db, &format!(".v{version}.bak"));
    if dest.exists() {
        return Ok(());
    }
    let tmp = with_suffix(&dest, ".partial");
    let _ = std::fs::remove_file(&tmp);
    let tmp_str = tmp.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [tmp_str])
        .map_err(|e| from_sqlite(db, e))?;
    std::fs::rename(&tmp, &dest).map_err(|e| io_error(db, &e))?;
    sync_dir(&dest);
    // Also among the automatic backups, where the backup dialog lists them.
    let dir = super::auto_backup::backups_dir(db);
    if std::fs::create_dir_all(&dir).is_ok() {
        let name = super::auto_backup::file_name(
            jiff::Zoned::now().datetime(),
            super::auto_backup::Reason::Migration,
            1,
        );
        let _ = std::fs::copy(&dest, dir.join(name));
    }
    Ok(())
}
