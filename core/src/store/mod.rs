//! The local store: every form of the officer in one SQLite file.
//!
//! - [`Store::open`] checks the file before writing anything: a file that is
//!   not a SelfEval database, one from a newer version, or a damaged one is
//!   refused with a clear error and left untouched.
//! - The database runs in WAL mode with `synchronous = FULL`: a save that has
//!   returned survives a killed process and a power cut.
//! - Forms are stored as the JSON interchange text (see [`crate::format`]), one
//!   row per revision, plus indexed header columns for the list
//!   ([`forms`]); history and its thinning policy in [`history`]; trash in
//!   [`trash`]; backup and restore in [`backup`]; app settings in
//!   [`settings`]; the default location in [`paths`].

pub mod auto_backup;
pub mod backup;
mod error;
pub mod forms;
pub mod history;
pub mod paths;
pub mod schema;
pub mod settings;
pub mod transfer;
pub mod trash;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use error::{Result, StoreError};
pub use forms::{FormId, FormSummary, Query, Saved, Status, StoredForm};
pub use history::HistoryEntry;
pub use history::RevisionInfo;

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another program holding the database before
    /// giving up with [`StoreError::Locked`].
    pub busy_timeout: Duration,
    /// Run `PRAGMA integrity_check` before using an existing file (reports damage
    /// at open instead of at some later save).
    pub check_at_open: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            check_at_open: true,
        }
    }
}

/// An open SelfEval database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What the first bytes and the header of a file say it is.
enum Existing {
    /// No file, or an empty one: a new database.
    New,
    /// A SelfEval database at this schema version.
    Ours(i64),
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Open the database at `path`, creating it (and its folder) if missing.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_with(path, &OpenOptions::default())
    }

    pub fn open_with(path: impl AsRef<Path>, opts: &OpenOptions) -> Result<Store> {
        Self::open_at_version(path.as_ref(), opts, schema::SCHEMA_VERSION)
    }

    /// Open and migrate up to `target` only. For building fixtures of earlier
    /// schema versions; the app always uses [`Store::open`].
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, opts: &OpenOptions, target: i64) -> Result<Store> {
        let existing = preflight(path, opts)?;
        if matches!(existing, Existing::New) {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| error::io_error(dir, &e))?;
            }
        }
        let sq = |e| error::from_sqlite(path, e);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(sq)?;
        if conn.is_readonly(rusqlite::DatabaseName::Main).map_err(sq)? {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        conn.busy_timeout(opts.busy_timeout).map_err(sq)?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(sq)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sq)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(sq)?;
        if let Existing::Ours(v) = existing {
            if v > 0 && v < target {
                backup::keep_before_upgrade(&conn, path, v)?;
            }
        }
        schema::migrate_to(&mut conn, target).map_err(sq)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::user_version(&self.conn).map_err(|e| self.err(e))
    }

    /// The full `PRAGMA integrity_check`: an empty list when the file is sound,
    /// else SQLite's description of each problem.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        integrity_problems(&self.conn, "integrity_check").map_err(|e| self.err(e))
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        error::from_sqlite(&self.path, e)
    }

    /// Close the database, checkpointing the WAL into the main file.
    pub fn close(self) -> Result<()> {
        let path = self.path.clone();
        self.conn
            .close()
            .map_err(|(_, e)| error::from_sqlite(&path, e))
    }

    /// Limit the database to `pages` pages (4 KiB each) from now on, as if
    /// the disk were that full. For tests of the full-disk path.
    #[doc(hidden)]
    pub fn set_max_page_count(&self, pages: i64) -> Result<i64> {
        self.conn
            .pragma_update_and_check(None, "max_page_count", pages, |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// Problems reported by `PRAGMA integrity_check` or `quick_check`.
pub(crate) fn integrity_problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        let r = r?;
        if r != "ok" {
            out.push(r);
        }
    }
    Ok(out)
}

/// Look at an existing file without writing to it.
fn preflight(path: &Path, opts: &OpenOptions) -> Result<Existing> {
    let not_db = |reason: &str| StoreError::NotADatabase {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::New),
        Err(e) => return Err(error::io_error(path, &e)),
    };
    if meta.is_dir() {
        return Err(StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: "这是一个文件夹，不是数据库文件".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(Existing::New);
    }
    let mut head = [0u8; 100];
    let n = std::fs::File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .map_err(|e| error::io_error(path, &e))?;
    if n < 16 || &head[..16] != SQLITE_MAGIC {
        return Err(not_db("文件开头没有 SQLite 数据库标记"));
    }
    if n < 100 {
        return Err(damaged(path, "文件在数据库文件头中途结束（文件被截断）"));
    }
    let sq = |e| error::from_sqlite(path, e);
    // Read-write without create: a read-only connection cannot recover the
    // WAL index after a crash. It only reads; a checkpoint at close (which
    // would write to the main file) is switched off.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sq)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .map_err(sq)?;
    conn.busy_timeout(opts.busy_timeout).map_err(sq)?;
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sq)?;
    let version = schema::user_version(&conn).map_err(sq)?;
    if app_id != schema::APPLICATION_ID {
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(sq)?;
        if app_id != 0 || version != 0 || objects != 0 {
            return Err(not_db("这是其他程序的 SQLite 数据库"));
        }
    }
    if version > schema::SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema::SCHEMA_VERSION,
        });
    }
    if opts.check_at_open {
        let problems = integrity_problems(&conn, "integrity_check").map_err(sq)?;
        if !problems.is_empty() {
            return Err(damaged(path, &summarise(&problems)));
        }
    }
    Ok(Existing::Ours(version))
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn damaged(path: &Path, details: &str) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        details: details.into(),
        last_backup: backup::last_good_backup(path),
    }
}

/// The first few problems of an integrity check, for a message.
pub(crate) fn summarise(problems: &[String]) -> String {
    let mut s: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
    if problems.len() > 3 {
        s.push("……");
    }
    format!("完整性检查发现 {} 处问题：{}", problems.len(), s.join("；"))
}

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
