//! History: every save that changes a form keeps a revision; revisions can be
//! listed and restored (restoring is itself a new revision).
//!
//! Thinning policy (applied every [`THIN_EVERY`] revisions of a form, in the
//! save's transaction), see [`thinning_plan`]:
//! - the newest [`KEEP_LATEST`] revisions are always kept;
//! - of older revisions, the last one of each hour is kept for revisions from
//!   the last 48 hours, the last one of each day (China time) for the last
//!   90 days, and the last one of each 30-day period before that;
//! - revisions with a note (import, restore, copy) are kept.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::forms::{self, content_of, FormId, Saved};
use super::{Result, Store, StoreError};
use crate::Form;

/// The newest revisions of a form that thinning never removes.
pub const KEEP_LATEST: usize = 50;
/// Thinning runs when the new revision number is a multiple of this.
pub const THIN_EVERY: i64 = 25;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// China Standard Time, for day boundaries.
const CST: i64 = 8 * HOUR;

/// One revision of a form, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionInfo {
    pub rev: i64,
    /// Unix milliseconds.
    pub saved_at: i64,
    /// FNV-1a 64 of the stored text, hex.
    pub hash: String,
    /// Why it was made beyond an ordinary save: 新建, 导入, 恢复自第 N 版 …
    pub note: String,
    /// Size of the stored text in bytes.
    pub size: i64,
}

/// The longest pause between two autosaves of one editing session: the
/// history shows such a burst as one entry.
pub const SESSION_GAP_MS: i64 = 5 * 60_000;

/// One entry of the history as a person reads it: a burst of autosaves of
/// one editing session folded together, or a named event (新建, 导入, 复制,
/// 定稿, 重新打开, 导出, 恢复) on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The revision the entry shows and restores: the last of its saves.
    pub rev: i64,
    /// The first revision folded into it.
    pub first_rev: i64,
    /// When its first and last save were made (Unix milliseconds).
    pub from: i64,
    pub to: i64,
    /// How many saves it folds.
    pub saves: usize,
    /// The event, or empty for autosaves.
    pub note: String,
}

/// Fold revisions (any order) into history entries, newest first.
pub fn fold(revs: &[RevisionInfo]) -> Vec<HistoryEntry> {
    let mut sorted: Vec<&RevisionInfo> = revs.iter().collect();
    sorted.sort_by_key(|r| r.rev);
    let mut out: Vec<HistoryEntry> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(e)
                if e.note.is_empty()
                    && r.note.is_empty()
                    && r.saved_at.saturating_sub(e.to) <= SESSION_GAP_MS =>
            {
                e.rev = r.rev;
                e.to = r.saved_at;
                e.saves += 1;
            }
            _ => out.push(HistoryEntry {
                rev: r.rev,
                first_rev: r.rev,
                from: r.saved_at,
                to: r.saved_at,
                saves: 1,
                note: r.note.clone(),
            }),
        }
    }
    out.reverse();
    out
}

/// FNV-1a 64 of a revision's text, as 16 hex digits. Stable across builds
/// and platforms (unlike `DefaultHasher`).
pub fn content_hash(content: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in content.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A revision as the thinning policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevStamp {
    pub rev: i64,
    pub saved_at: i64,
    /// Kept regardless of age (has a note).
    pub pinned: bool,
}

/// The revisions the policy removes, given all revisions of a form (any
/// order) and the time now. Never one of the newest [`KEEP_LATEST`].
pub fn thinning_plan(revs: &[RevStamp], now: i64) -> Vec<i64> {
    let mut sorted: Vec<RevStamp> = revs.to_vec();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.rev));
    let mut seen = std::collections::HashSet::new();
    let mut drop = Vec::new();
    for r in sorted.iter().skip(KEEP_LATEST) {
        let age = now.saturating_sub(r.saved_at);
        let bucket = if age <= 2 * DAY {
            (0, r.saved_at.div_euclid(HOUR))
        } else if age <= 90 * DAY {
            (1, (r.saved_at + CST).div_euclid(DAY))
        } else {
            (2, (r.saved_at + CST).div_euclid(30 * DAY))
        };
        // Newest first: the first revision met in a bucket is its last one.
        if !seen.insert(bucket) && !r.pinned {
            drop.push(r.rev);
        }
    }
    drop
}

/// Apply the thinning policy to form `id`.
pub(crate) fn thin(tx: &Transaction, id: FormId, now: i64) -> rusqlite::Result<usize> {
    let revs = tx
        .prepare_cached("SELECT rev, saved_at, note != '' FROM revisions WHERE form_id = ?1")?
        .query_map([id], |r| {
            Ok(RevStamp {
                rev: r.get(0)?,
                saved_at: r.get(1)?,
                pinned: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let plan = thinning_plan(&revs, now);
    let mut del = tx.prepare_cached("DELETE FROM revisions WHERE form_id = ?1 AND rev = ?2")?;
    for rev in &plan {
        del.execute(params![id, rev])?;
    }
    Ok(plan.len())
}

/// The form stored as revision `rev` of `id`.
pub(crate) fn form_at(conn: &rusqlite::Connection, id: FormId, rev: i64) -> Result<Form> {
    let content: Option<String> = conn
        .prepare_cached("SELECT content FROM revisions WHERE form_id = ?1 AND rev = ?2")?
        .query_row(params![id, rev], |r| r.get(0))
        .optional()?;
    let content = content.ok_or(StoreError::RevisionNotFound { id, rev })?;
    crate::format::from_json(&content).map_err(|e| StoreError::Damaged {
        path: Default::default(),
        details: format!("自评表 {id} 第 {rev} 版的内容无法读取：{e}"),
        last_backup: None,
    })
}

/// The history note of an export of `format` (`xlsx`, `pdf`): 「导出 XLSX」,
/// 「导出 PDF」, or 「打印」 for a PDF opened to print.
pub fn export_note(format: &str, printed: bool) -> String {
    if printed {
        "打印".into()
    } else {
        format!("导出 {}", format.to_uppercase())
    }
}

/// [`Store::mark`] inside a transaction: the current revision's stored
/// text copied as it is (nothing to read, check or recompute).
pub(crate) fn mark_in(tx: &Transaction, id: FormId, note: &str) -> Result<i64> {
    let h = forms::head(tx, id)?;
    if h.trashed {
        return Err(StoreError::InTrash { id, name: h.name });
    }
    let rev = h.rev + 1;
    let now = super::now_ms();
    let copied = tx
        .prepare_cached(
            "INSERT INTO revisions (form_id, rev, saved_at, hash, note, content)
             SELECT form_id, ?3, ?4, hash, ?5, content FROM revisions WHERE form_id = ?1 AND rev = ?2",
        )?
        .execute(params![id, h.rev, rev, now, note])?;
    if copied != 1 {
        return Err(StoreError::RevisionNotFound { id, rev: h.rev });
    }
    forms::point_at(tx, id, rev, now)?;
    Ok(rev)
}

impl Store {
    /// The revisions of a form, newest first.
    pub fn revisions(&self, id: FormId) -> Result<Vec<RevisionInfo>> {
        self.summary(id)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT rev, saved_at, hash, note, length(CAST(content AS BLOB))
                 FROM revisions WHERE form_id = ?1 ORDER BY rev DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([id], |r| {
                Ok(RevisionInfo {
                    rev: r.get(0)?,
                    saved_at: r.get(1)?,
                    hash: r.get(2)?,
                    note: r.get(3)?,
                    size: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The history of a form as a person reads it (see [`fold`]), newest
    /// first.
    pub fn history(&self, id: FormId) -> Result<Vec<HistoryEntry>> {
        Ok(fold(&self.revisions(id)?))
    }

    /// Record a named event (「导出 XLSX」) in the history: a revision with the
    /// current content and `note`, kept by thinning. Allowed on a finalised
    /// form (nothing in it changes).
    pub fn mark(&mut self, id: FormId, note: &str) -> Result<i64> {
        self.write(|tx| mark_in(tx, id, note))
    }

    /// The form as it was at revision `rev`.
    pub fn revision_form(&self, id: FormId, rev: i64) -> Result<Form> {
        form_at(&self.conn, id, rev).map_err(|e| e.with_path(&self.path))
    }

    /// The stored text of revision `rev` (the JSON interchange format).
    pub fn revision_content(&self, id: FormId, rev: i64) -> Result<String> {
        self.conn
            .prepare_cached("SELECT content FROM revisions WHERE form_id = ?1 AND rev = ?2")
            .and_then(|mut st| st.query_row(params![id, rev], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::RevisionNotFound { id, rev })
    }

    /// Make revision `rev` the current content again, as a new revision.
    pub fn restore_revision(&mut self, id: FormId, rev: i64) -> Result<Saved> {
        self.write(|tx| {
            let form = form_at(tx, id, rev)?;
            let content = content_of(&form);
            forms::save_content(tx, id, &form, &content, &format!("恢复自第 {rev} 版"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps(n: i64, start: i64, step: i64) -> Vec<RevStamp> {
        (1..=n)
            .map(|rev| RevStamp {
                rev,
                saved_at: start + rev * step,
                pinned: false,
            })
            .collect()
    }

    fn info(rev: i64, saved_at: i64, note: &str) -> RevisionInfo {
        RevisionInfo {
            rev,
            saved_at,
            hash: String::new(),
            note: note.into(),
            size: 0,
        }
    }

    #[test]
    fn autosave_bursts_fold_and_events_stand_alone() {
        let min = 60_000;
        let t = 1_700_000_000_000;
        let mut revs = vec![info(1, t, "新建")];
        // 70 autosaves seconds apart: one session.
        for k in 0..70 {
            revs.push(info(2 + k, t + 1000 * (k + 1), ""));
        }
        revs.push(info(72, t + 2 * min, "导出 XLSX"));
        revs.push(info(73, t + 3 * min, ""));
        // An hour later: a new session.
        revs.push(info(74, t + 63 * min, ""));
        revs.push(info(75, t + 64 * min, ""));
        revs.push(info(76, t + 65 * min, "定稿"));
        let h = fold(&revs);
        let shape: Vec<(i64, i64, usize, &str)> = h
            .iter()
            .map(|e| (e.first_rev, e.rev, e.saves, e.note.as_str()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (76, 76, 1, "定稿"),
                (74, 75, 2, ""),
                (73, 73, 1, ""),
                (72, 72, 1, "导出 XLSX"),
                (2, 71, 70, ""),
                (1, 1, 1, "新建"),
            ]
        );
        assert_eq!((h[4].from, h[4].to), (t + 1000, t + 70_000));
    }

    #[test]
    fn newest_are_never_thinned() {
        // 500 saves one second apart: all in one or two hours.
        let revs = stamps(500, 1_700_000_000_000, 1000);
        let now = 1_700_000_000_000 + 501 * 1000;
        let drop = thinning_plan(&revs, now);
        let newest = 500 - KEEP_LATEST as i64;
        assert!(drop.iter().all(|&r| r <= newest), "{drop:?}");
        // Older ones collapse to the last of each hour.
        let kept: Vec<i64> = (1..=newest).filter(|r| !drop.contains(r)).collect();
        assert!(kept.len() <= 2, "{kept:?}");
        assert!(kept.contains(&newest) || kept.iter().any(|&r| r > newest - 2));
    }

    #[test]
    fn older_revisions_keep_one_per_day_then_per_month() {
        let day = 86_400_000;
        let start = 1_600_000_000_000;
        // Every 6 hours for 200 days, then 60 quick saves.
        let mut revs = stamps(800, start, day / 4);
        let last = start + 800 * day / 4;
        revs.extend((801..=860).map(|rev| RevStamp {
            rev,
            saved_at: last + (rev - 800) * 1000,
            pinned: false,
        }));
        revs[10].pinned = true;
        let now = last + 100_000;
        let drop = thinning_plan(&revs, now);
        let kept: Vec<&RevStamp> = revs.iter().filter(|r| !drop.contains(&r.rev)).collect();
        // The newest KEEP_LATEST, plus one per day within 90 days (~90),
        // plus one per 30 days before that (~4), plus the pinned one.
        assert!(kept.len() > KEEP_LATEST + 80, "{}", kept.len());
        assert!(kept.len() < KEEP_LATEST + 110, "{}", kept.len());
        assert!(kept.iter().any(|r| r.rev == 11), "pinned revision kept");
        assert!(!drop.contains(&860));
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(content_hash(""), "cbf29ce484222325");
        assert_eq!(content_hash("a"), "af63dc4c8601ec8c");
    }
}
