//! What can go wrong in the store, each with a Chinese message that says what
//! happened and what the user can do. No variant means data was lost: every
//! failing operation leaves the database as it was before the call.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// A store operation that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("「{}」不是 SelfEval 数据库文件（{reason}）。文件未作任何改动；请选择正确的数据库文件，或用「从备份恢复」。", path.display())]
    NotADatabase { path: PathBuf, reason: String },

    #[error("「{}」由更新版本的 SelfEval 创建（数据库版本 {found}，本软件最高支持 {supported}）。文件未作任何改动；请升级 SelfEval 后再打开。", path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("数据库文件「{}」已损坏（{details}）。{}", path.display(), backup_hint(last_backup.as_deref()))]
    Damaged {
        path: PathBuf,
        details: String,
        /// The newest known backup that passes the integrity check, if any.
        last_backup: Option<PathBuf>,
    },

    #[error("数据库「{}」正被另一个程序或窗口使用，暂时无法写入。请关闭其他打开此数据库的 SelfEval 窗口后重试；已保存的内容不受影响。", path.display())]
    Locked { path: PathBuf },

    #[error("「{}」正被其他程序（如杀毒软件、同步盘或另一个 SelfEval）打开，暂时无法写入。已保存的内容不受影响；请关闭该程序后重试。", path.display())]
    InUse { path: PathBuf },

    #[error("无法写入「{}」：文件或所在文件夹是只读的（或没有写入权限）。已保存的内容不受影响；请把数据库放到可写的文件夹，或检查权限。", path.display())]
    ReadOnly { path: PathBuf },

    #[error("磁盘空间已满，本次保存没有写入「{}」；之前保存的内容完好。请清理磁盘空间后重试。", path.display())]
    DiskFull { path: PathBuf },

    #[error("无法打开或创建「{}」：{reason}", path.display())]
    CannotOpen { path: PathBuf, reason: String },

    #[error("找不到编号为 {id} 的自评表（可能已被彻底删除）")]
    FormNotFound { id: i64 },

    #[error("自评表 {id} 没有第 {rev} 版历史记录（可能已按保留规则清理）")]
    RevisionNotFound { id: i64, rev: i64 },

    #[error("「{name}」已定稿，是只读的；如需修改，请先「重新打开」")]
    Finalised { id: i64, name: String },

    #[error("「{name}」在回收站中；请先从回收站还原再修改")]
    InTrash { id: i64, name: String },

    #[error("「{name}」不在回收站中；只有回收站里的表可以彻底删除或还原")]
    NotInTrash { id: i64, name: String },

    #[error("「{name}」还有 {count} 个错误，不能定稿；第一个：{first}")]
    HasErrors {
        id: i64,
        name: String,
        count: usize,
        first: String,
    },

    #[error("备份文件「{}」不可用：{reason}。当前数据库未作任何改动。", path.display())]
    BadBackup { path: PathBuf, reason: String },

    #[error("「{}」：{message}", path.display())]
    Io { path: PathBuf, message: String },

    #[error("设置「{key}」的值无法读取：{message}")]
    BadSetting { key: String, message: String },

    #[error("数据库操作失败（{message}）。已保存的内容不受影响；如反复出现，请备份数据库并联系技术支持。")]
    Sqlite { message: String },
}

fn backup_hint(last: Option<&Path>) -> String {
    match last {
        Some(p) => {
            let when = std::fs::metadata(p)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| jiff::Timestamp::try_from(t).ok())
                .and_then(|t| super::auto_backup::local_time(t.as_millisecond()));
            match when {
                Some(w) => format!(
                    "最近一次可用的备份是「{}」（{w}），可以在「备份列表」或用「从备份恢复」恢复它；{w} 之后的修改将会丢失。",
                    p.display()
                ),
                None => format!(
                    "最近一次可用的备份是「{}」，可以在「备份列表」或用「从备份恢复」恢复它。",
                    p.display()
                ),
            }
        }
        None => "没有找到可用的备份；请不要再写入此文件，把它复制一份后联系技术支持。".into(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Classify a SQLite error for the database at `path`.
pub(crate) fn from_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        let detail = msg.clone().unwrap_or_else(|| f.to_string());
        return match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Locked { path },
            ErrorCode::ReadOnly => StoreError::ReadOnly { path },
            ErrorCode::DiskFull => StoreError::DiskFull { path },
            ErrorCode::NotADatabase => StoreError::NotADatabase {
                path,
                reason: "文件格式无法识别".into(),
            },
            ErrorCode::DatabaseCorrupt => StoreError::Damaged {
                details: detail,
                last_backup: super::backup::last_good_backup(&path),
                path,
            },
            ErrorCode::CannotOpen if folder_is_read_only(&path) => StoreError::ReadOnly { path },
            ErrorCode::CannotOpen => StoreError::CannotOpen {
                reason: cannot_open_reason(&path),
                path,
            },
            ErrorCode::PermissionDenied => StoreError::ReadOnly { path },
            ErrorCode::SystemIoFailure => StoreError::Io {
                path,
                message: format!("读写磁盘失败（{detail}）；请检查磁盘是否可用、空间是否足够"),
            },
            _ => StoreError::Sqlite { message: detail },
        };
    }
    StoreError::Sqlite {
        message: e.to_string(),
    }
}

/// Whether the folder of `path` refuses new files (SQLite needs to create
/// its `-wal` and `-shm` files there). Found by trying: permission bits do
/// not tell for root, nor for read-only mounts.
fn folder_is_read_only(path: &Path) -> bool {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return false;
    };
    if !dir.is_dir() {
        return false;
    }
    let probe = dir.join(format!(".selfeval-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ),
    }
}

fn cannot_open_reason(path: &Path) -> String {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    match dir {
        Some(d) if !d.exists() => format!("文件夹「{}」不存在", d.display()),
        Some(d) if !d.is_dir() => format!("「{}」不是文件夹", d.display()),
        _ if path.is_dir() => "这是一个文件夹，不是数据库文件".into(),
        _ => "文件无法打开；请检查文件夹是否可写、磁盘是否可用".into(),
    }
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    use std::io::ErrorKind::*;
    let path = path.to_path_buf();
    if crate::import::held_open_elsewhere(e) {
        return StoreError::InUse { path };
    }
    match e.kind() {
        StorageFull => StoreError::DiskFull { path },
        ReadOnlyFilesystem | PermissionDenied => StoreError::ReadOnly { path },
        _ => StoreError::Io {
            message: crate::import::io_message(e),
            path,
        },
    }
}

/// Inside a transaction, SQLite errors are converted without the path;
/// [`StoreError::with_path`] adds it when the transaction returns.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        from_sqlite(Path::new(""), e)
    }
}

impl StoreError {
    /// Name the database in an error made without its path.
    pub(crate) fn with_path(self, db: &Path) -> StoreError {
        let fix = |p: PathBuf| {
            if p.as_os_str().is_empty() {
                db.to_path_buf()
            } else {
                p
            }
        };
        match self {
            StoreError::Locked { path } => StoreError::Locked { path: fix(path) },
            StoreError::ReadOnly { path } => StoreError::ReadOnly { path: fix(path) },
            StoreError::InUse { path } => StoreError::InUse { path: fix(path) },
            StoreError::DiskFull { path } => StoreError::DiskFull { path: fix(path) },
            StoreError::NotADatabase { path, reason } => StoreError::NotADatabase {
                path: fix(path),
                reason,
            },
            StoreError::CannotOpen { path, reason } => StoreError::CannotOpen {
                path: fix(path),
                reason,
            },
            StoreError::Io { path, message } => StoreError::Io {
                path: fix(path),
                message,
            },
            StoreError::Damaged {
                path,
                details,
                last_backup,
            } if path.as_os_str().is_empty() => StoreError::Damaged {
                path: db.to_path_buf(),
                details,
                last_backup: last_backup.or_else(|| super::backup::last_good_backup(db)),
            },
            other => other,
        }
    }
}
