//! Automatic backups: the officer's year of forms never rests on one file.
//!
//! - **Where**: `backups/` beside the database, one file per backup named by
//!   local date and time and why it was taken:
//!   `selfeval-20261201-083015-start.db` ([`Reason`]). Written like the manual
//!   backup (`VACUUM INTO` a hidden temporary file, `integrity_check`, rename),
//!   so an interrupted backup leaves only a hidden `.selfeval-*.partial` file,
//!   which is never listed or offered.
//! - **When**: at the app's start at most once a day ([`Reason::Start`]), and
//!   before a restore, a purge of the trash, a schema migration and the first
//!   start of a new version.
//! - **Kept** ([`Policy`]): of the routine backups (at start, scheduled), the
//!   newest of each of the last 7 days that have one, of each of the last 5
//!   ISO weeks and of each of the last 12 months; the newest of all always;
//!   and, apart from those, the last 10 taken before a
//!   purge, a restore, a migration or an upgrade (the one before a purge is
//!   the only copy of what was deleted). Together they never take more than a
//!   quarter of the disk's free space (with their own size counted as free):
//!   beyond that the oldest kept ones go first.
//! - **A second copy** ([`copy_to_folder`]): the newest backup copied to a
//!   folder the officer chose (a USB stick, a network share), pruned by the
//!   same policy; an unreachable folder is a warning, never an error.
//!
//! Everything takes the clock as an argument, so the policy is tested over
//! 400 days in milliseconds (`core/tests/auto_backup.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::DateTime;
use jiff::Zoned;

use super::error::io_error;
use super::{Result, Store};

/// The folder of the automatic backups of the database at `db`.
pub fn backups_dir(db: &Path) -> PathBuf {
    match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.join("backups"),
        None => PathBuf::from("backups"),
    }
}

/// Why an automatic backup was taken (the last part of its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The first start of the app on a day.
    Start,
    /// `selfeval db auto-backup` (a scheduled task).
    Scheduled,
    /// Before replacing the database with a backup.
    Restore,
    /// Before emptying the trash or deleting a form for good.
    Purge,
    /// Before a schema migration (a new version's first start).
    Migration,
    /// The first start of a new version of the app.
    Upgrade,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::Start,
        Reason::Scheduled,
        Reason::Restore,
        Reason::Purge,
        Reason::Migration,
        Reason::Upgrade,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Reason::Start => "start",
            Reason::Scheduled => "scheduled",
            Reason::Restore => "restore",
            Reason::Purge => "purge",
            Reason::Migration => "migration",
            Reason::Upgrade => "upgrade",
        }
    }

    /// For people: 每日 / 恢复前 …
    pub fn label(self) -> &'static str {
        match self {
            Reason::Start => "每日自动备份",
            Reason::Scheduled => "定时自动备份",
            Reason::Restore => "恢复前自动备份",
            Reason::Purge => "彻底删除前自动备份",
            Reason::Migration => "升级数据库前自动备份",
            Reason::Upgrade => "新版本首次启动前自动备份",
        }
    }

    fn from_key(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// One automatic backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    pub path: PathBuf,
    /// Local date and time it was taken (from its name).
    pub at: DateTime,
    pub reason: Reason,
    pub size: u64,
}

/// The name of a backup taken at `at` for `reason`; `n` > 1 for a second
/// one in the same second.
pub(crate) fn file_name(at: DateTime, reason: Reason, n: u32) -> String {
    let stamp = at.strftime("%Y%m%d-%H%M%S");
    match n {
        0 | 1 => format!("selfeval-{stamp}-{}.db", reason.key()),
        n => format!("selfeval-{stamp}-{}-{n}.db", reason.key()),
    }
}

/// Read a backup's name back (`None` for any other file).
fn parse_name(name: &str) -> Option<(DateTime, Reason)> {
    let body = name.strip_prefix("selfeval-")?.strip_suffix(".db")?;
    let mut parts = body.splitn(4, '-');
    let (d, t, r) = (parts.next()?, parts.next()?, parts.next()?);
    if d.len() != 8 || t.len() != 6 || !d.bytes().chain(t.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |s: &str| s.parse::<i32>().ok();
    let at = DateTime::new(
        i16::try_from(num(&d[..4])?).ok()?,
        i8::try_from(num(&d[4..6])?).ok()?,
        i8::try_from(num(&d[6..])?).ok()?,
        i8::try_from(num(&t[..2])?).ok()?,
        i8::try_from(num(&t[2..4])?).ok()?,
        i8::try_from(num(&t[4..])?).ok()?,
        0,
    )
    .ok()?;
    Some((at, Reason::from_key(r)?))
}

/// The automatic backups in `dir`, newest first. A missing folder has none.
pub fn list(dir: &Path) -> Vec<AutoBackup> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<AutoBackup> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (at, reason) = parse_name(&name)?;
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some(AutoBackup {
                path: e.path(),
                at,
                reason,
                size: meta.len(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.path.cmp(&a.path)));
    out
}

/// How many automatic backups are kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
    /// Backups taken before a step that deletes or replaces data, kept
    /// besides the daily/weekly/monthly ones.
    pub events: usize,
    /// The largest share of the disk's free space (their own size counted
    /// as free) the backups may take together.
    pub max_share_of_free: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            daily: 7,
            weekly: 5,
            monthly: 12,
            events: 10,
            max_share_of_free: 0.25,
        }
    }
}

impl Policy {
    /// Which of `backups` (newest first) to keep, by index; pure.
    pub fn keep(&self, backups: &[AutoBackup]) -> BTreeSet<usize> {
        let mut keep = BTreeSet::new();
        if !backups.is_empty() {
            keep.insert(0);
        }
        let mut pick = |count: usize, bucket: &dyn Fn(DateTime) -> (i32, i32)| {
            let mut seen: Vec<(i32, i32)> = Vec::new();
            let routine = backups
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b.reason, Reason::Start | Reason::Scheduled));
            for (i, b) in routine {
                let k = bucket(b.at);
                if seen.contains(&k) {
                    continue;
                }
                if seen.len() == count {
                    break;
                }
                seen.push(k);
                keep.insert(i);
            }
        };
        pick(self.daily, &|d| {
            (i32::from(d.year()), i32::from(d.day_of_year()))
        });
        pick(self.weekly, &|d| {
            let w = d.date().iso_week_date();
            (i32::from(w.year()), i32::from(w.week()))
        });
        pick(self.monthly, &|d| {
            (i32::from(d.year()), i32::from(d.month()))
        });
        let events = backups
            .iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b.reason, Reason::Start | Reason::Scheduled))
            .take(self.events)
            .map(|(i, _)| i);
        keep.extend(events);
        keep
    }
}

/// What applying the policy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    pub kept: Vec<AutoBackup>,
    pub removed: Vec<AutoBackup>,
}

/// Remove from `dir` the automatic backups the policy does not keep, and the
/// oldest kept ones while they take more than the allowed share of
/// `free_bytes` (the disk's free space). The newest is never removed.
pub fn prune(dir: &Path, policy: &Policy, free_bytes: u64) -> Pruned {
    remove_stale_partials(dir);
    let all = list(dir);
    let keep = policy.keep(&all);
    let mut out = Pruned::default();
    for (i, b) in all.into_iter().enumerate() {
        if keep.contains(&i) {
            out.kept.push(b);
        } else {
            out.removed.push(b);
        }
    }
    let total = |v: &[AutoBackup]| v.iter().map(|b| b.size).sum::<u64>();
    let limit = |kept: &[AutoBackup]| {
        ((free_bytes.saturating_add(total(kept))) as f64 * policy.max_share_of_free) as u64
    };
    while out.kept.len() > 1 && total(&out.kept) > limit(&out.kept) {
        if let Some(oldest) = out.kept.pop() {
            out.removed.push(oldest);
        }
    }
    let mut failed = Vec::new();
    for b in std::mem::take(&mut out.removed) {
        if std::fs::remove_file(&b.path).is_ok() || !b.path.exists() {
            out.removed.push(b);
        } else {
            failed.push(b);
        }
    }
    // A file that could not be removed is still there: say it is kept.
    out.kept.extend(failed);
    out.kept.sort_by_key(|b| std::cmp::Reverse(b.at));
    out
}

/// Temporary files of backups interrupted long ago (a crash, a kill): never
/// listed, so only their space is lost; removed after an hour, which no
/// backup in progress takes.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(".selfeval-") && name.ends_with(".partial")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The free space of the disk holding `dir` (`None` where it cannot be told).
pub fn free_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: `c` is a NUL-terminated path; `st` is written by statvfs.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
        (rc == 0).then(|| (st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
        let wide: Vec<u16> = dir.as_os_str().encode_wide().chain(Some(0)).collect();
        let mut free: u64 = 0;
        // SAFETY: `wide` is NUL-terminated; the out pointers are valid or null.
        let ok = unsafe {
            GetDiskFreeSpaceExW(
                wide.as_ptr(),
                &mut free,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        (ok != 0).then_some(free)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = dir;
        None
    }
}

/// What [`Store::auto_backup`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackupReport {
    /// The backup taken now (`None`: not due).
    pub taken: Option<AutoBackup>,
    pub pruned: Pruned,
}

/// The setting holding the last app version that started on a database.
pub const LAST_VERSION_SETTING: &str = "app.last_version";

impl Store {
    /// What the app does at start, at local time `now`, as `version`: on the
    /// first start of a new version an [`Reason::Upgrade`] backup, then the
    /// day's [`Reason::Start`] backup if due, both under `policy`.
    pub fn auto_backup_at_start(
        &mut self,
        now: &Zoned,
        version: &str,
        policy: &Policy,
    ) -> Result<AutoBackupReport> {
        let last = self
            .get_setting(LAST_VERSION_SETTING)
            .ok()
            .flatten()
            .and_then(|v| v.as_str().map(str::to_string));
        if last.as_deref().is_some_and(|l| l != version) {
            self.auto_backup(now, Reason::Upgrade, policy)?;
        }
        if last.as_deref() != Some(version) {
            self.set_setting(LAST_VERSION_SETTING, &serde_json::json!(version))?;
        }
        self.auto_backup(now, Reason::Start, policy)
    }

    /// An automatic backup now, before a step that replaces or deletes data.
    pub(crate) fn backup_before(&self, reason: Reason) -> Result<()> {
        self.auto_backup(&Zoned::now(), reason, &Policy::default())
            .map(|_| ())
    }

    /// Take an automatic backup for `reason` at local time `now` into
    /// [`backups_dir`], then apply `policy`. For [`Reason::Start`] only if no
    /// start backup was taken on `now`'s date yet.
    pub fn auto_backup(
        &self,
        now: &Zoned,
        reason: Reason,
        policy: &Policy,
    ) -> Result<AutoBackupReport> {
        self.auto_backup_with_free(now, reason, policy, None)
    }

    /// [`Store::auto_backup`] with the free space given (tests).
    #[doc(hidden)]
    pub fn auto_backup_with_free(
        &self,
        now: &Zoned,
        reason: Reason,
        policy: &Policy,
        free_bytes: Option<u64>,
    ) -> Result<AutoBackupReport> {
        let dir = backups_dir(&self.path);
        let at = now.datetime();
        let due = reason != Reason::Start
            || !list(&dir)
                .iter()
                .any(|b| b.reason == Reason::Start && b.at.date() == at.date());
        let mut taken = None;
        if due {
            std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
            let mut n = 1;
            let mut dest = dir.join(file_name(at, reason, n));
            while dest.exists() {
                n += 1;
                dest = dir.join(file_name(at, reason, n));
            }
            let info = self.write_backup(&dest)?;
            taken = Some(AutoBackup {
                path: dest,
                at,
                reason,
                size: info.size,
            });
        }
        let free = free_bytes
            .or_else(|| free_space(&dir))
            .unwrap_or(u64::MAX / 4);
        let pruned = prune(&dir, policy, free);
        Ok(AutoBackupReport { taken, pruned })
    }
}

/// Copy the newest automatic backup of `db` to `folder` (the officer's second
/// place: a USB stick, a share), then prune `folder`'s copies by `policy`.
/// Returns the copy, or a Chinese message when the folder cannot be reached
/// (a warning: the backups beside the database are untouched).
pub fn copy_to_folder(
    db: &Path,
    folder: &Path,
    policy: &Policy,
) -> std::result::Result<Option<PathBuf>, String> {
    let Some(newest) = list(&backups_dir(db)).into_iter().next() else {
        return Ok(None);
    };
    if !folder.is_dir() {
        return Err(format!(
            "第二备份位置「{}」现在无法访问（U 盘未插入或网络断开？），本次没有复制；数据库旁的自动备份不受影响",
            folder.display()
        ));
    }
    let name = newest.path.file_name().unwrap_or_default();
    let dest = folder.join(name);
    if dest.is_file() && std::fs::metadata(&dest).map(|m| m.len()).ok() == Some(newest.size) {
        return Ok(Some(dest));
    }
    let tmp = crate::atomic_file::temp_beside(&dest);
    let done = std::fs::copy(&newest.path, &tmp)
        .and_then(|_| crate::atomic_file::sync_file(&tmp))
        .and_then(|()| std::fs::rename(&tmp, &dest));
    if let Err(e) = done {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!(
            "无法复制备份到第二备份位置「{}」：{}；数据库旁的自动备份不受影响",
            folder.display(),
            crate::import::io_message(&e)
        ));
    }
    let free = free_space(folder).unwrap_or(u64::MAX / 4);
    prune(folder, policy, free);
    Ok(Some(dest))
}

/// The setting naming the second backup folder (a path string).
pub const SECOND_COPY_SETTING: &str = "backup.second_copy_dir";
/// The setting holding when the second copy last succeeded (Unix ms).
pub const SECOND_COPY_OK_SETTING: &str = "backup.second_copy_last_ok";

/// Local date and time of a Unix-milliseconds instant, `2026-12-01 08:30`.
pub fn local_time(ms: i64) -> Option<String> {
    jiff::Timestamp::from_millisecond(ms).ok().map(|t| {
        t.to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    })
}

impl Store {
    /// The second backup folder the officer chose, if any.
    pub fn second_copy_dir(&self) -> Option<PathBuf> {
        self.get_setting(SECOND_COPY_SETTING)
            .ok()
            .flatten()
            .and_then(|v| v.as_str().map(PathBuf::from))
            .filter(|p| !p.as_os_str().is_empty())
    }

    /// Choose (or, with `None`, forget) the second backup folder.
    pub fn set_second_copy_dir(&mut self, dir: Option<&Path>) -> Result<()> {
        let v = dir.map(|d| d.display().to_string()).unwrap_or_default();
        self.set_setting(SECOND_COPY_SETTING, &serde_json::json!(v))
    }

    /// When a copy last reached the second folder (local time).
    pub fn second_copy_last_ok(&self) -> Option<String> {
        self.get_setting(SECOND_COPY_OK_SETTING)
            .ok()
            .flatten()
            .and_then(|v| v.as_i64())
            .and_then(local_time)
    }

    /// Copy the newest automatic backup to the second folder, if one is
    /// chosen, and record when that succeeded. `None`: no folder chosen;
    /// `Some(Err)`: the Chinese warning of [`copy_to_folder`].
    pub fn copy_to_second_folder(
        &mut self,
        policy: &Policy,
    ) -> Option<std::result::Result<Option<PathBuf>, String>> {
        let dir = self.second_copy_dir()?;
        let r = copy_to_folder(&self.path, &dir, policy);
        if r.is_ok() {
            let now = serde_json::json!(jiff::Timestamp::now().as_millisecond());
            let _ = self.set_setting(SECOND_COPY_OK_SETTING, &now);
        }
        Some(r)
    }
}

/// Where a listed backup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Auto(Reason),
    /// Made with 备份… or `selfeval db backup --out`.
    Manual,
    /// In the second backup folder.
    SecondCopy,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Auto(r) => r.label(),
            Kind::Manual => "手动备份",
            Kind::SecondCopy => "第二备份位置",
        }
    }
}

/// One backup as the backup dialog and `selfeval db backups` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    /// Local date and time it was taken.
    pub at: DateTime,
    pub kind: Kind,
    pub size: u64,
    /// Forms in it (not counting the trash); `None`: it cannot be read.
    pub forms: Option<usize>,
    /// The name of its most recently changed form.
    pub newest_form: Option<String>,
}

fn civil(ms: i64) -> DateTime {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::system()).datetime())
        .unwrap_or_default()
}

/// Forms in a backup and the newest one's name (read-only).
fn contents(path: &Path) -> Option<(usize, Option<String>)> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM forms WHERE trashed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .ok()?;
    let newest: Option<String> = conn
        .query_row(
            "SELECT name FROM forms WHERE trashed_at IS NULL ORDER BY updated_at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    Some((usize::try_from(n).unwrap_or(0), newest))
}

/// Every backup of the database at `db`: automatic, manual (as recorded)
/// and in the second folder, newest first.
pub fn all_backups(db: &Path, second: Option<&Path>) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut push = |path: PathBuf, at: DateTime, kind: Kind, size: u64| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            return;
        }
        let (forms, newest_form) = match contents(&path) {
            Some((n, name)) => (Some(n), name),
            None => (None, None),
        };
        out.push(Listed {
            path,
            at,
            kind,
            size,
            forms,
            newest_form,
        });
    };
    for b in list(&backups_dir(db)) {
        push(b.path, b.at, Kind::Auto(b.reason), b.size);
    }
    for b in super::backup::known_backups(db) {
        if let Ok(m) = std::fs::metadata(&b.path) {
            push(b.path.clone(), civil(b.at), Kind::Manual, m.len());
        }
    }
    if let Some(dir) = second {
        for b in list(dir) {
            push(b.path, b.at, Kind::SecondCopy, b.size);
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.at));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        let at = DateTime::new(2026, 12, 1, 8, 30, 15, 0).unwrap();
        let n = file_name(at, Reason::Purge, 1);
        assert_eq!(n, "selfeval-20261201-083015-purge.db");
        assert_eq!(parse_name(&n), Some((at, Reason::Purge)));
        assert_eq!(
            parse_name(&file_name(at, Reason::Start, 2)),
            Some((at, Reason::Start))
        );
        for other in [
            "selfeval.db",
            ".selfeval-12-0.partial",
            "selfeval-20261301-083015-start.db",
            "selfeval-20261201-083015-other.db",
            "backup.db",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }
}
