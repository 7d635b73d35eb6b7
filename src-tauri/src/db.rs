//! The open store of the app, and the types the list and history commands
//! exchange with the UI (mirrors of the store's types, with TypeScript
//! bindings).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use selfeval_core::store::{FormSummary, HistoryEntry, Query, Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::commands::CommandError;

/// The store, opened once at start. If it cannot be opened the app still
/// starts and every command reports why (in Chinese), so nothing is lost.
pub struct Db {
    pub path: PathBuf,
    store: Mutex<Result<Store, String>>,
}

/// Set once the 示例 forms have been offered, so removing them is for good.
const EXAMPLES_OFFERED: &str = "app.examples_offered";

impl Db {
    pub fn open(path: PathBuf) -> Db {
        let store = Store::open(&path).map_err(|e| e.to_string());
        let db = Db {
            path,
            store: Mutex::new(store),
        };
        let _ = db.with(offer_examples);
        db
    }

    /// Run `f` on the store.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| CommandError::from("数据库内部错误（锁失效），请重新启动程序"))?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(CommandError::from),
            Err(why) => Err(CommandError::from(why.as_str())),
        }
    }

    /// Put a restored database in place of the open one.
    pub fn replace_from_backup(&self, backup: &Path) -> Result<Option<PathBuf>, CommandError> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| CommandError::from("数据库内部错误（锁失效），请重新启动程序"))?;
        // Close the current store first (Store::restore needs the file free).
        let old = std::mem::replace(&mut *guard, Err("正在从备份恢复".into()));
        if let Ok(s) = old {
            let _ = s.close();
        }
        match Store::restore(&self.path, backup) {
            Ok((store, aside)) => {
                *guard = Ok(store);
                Ok(aside)
            }
            Err(e) => {
                // Reopen what was there; the restore changed nothing.
                *guard = Store::open(&self.path).map_err(|e| e.to_string());
                Err(e.into())
            }
        }
    }
}

/// On first run, add the seven seed forms as 示例.
fn offer_examples(s: &mut Store) -> Result<(), StoreError> {
    if s.get_setting(EXAMPLES_OFFERED)?.is_some() {
        return Ok(());
    }
    s.create_many(&crate::examples::forms(), true, "示例")?;
    s.set_setting(EXAMPLES_OFFERED, &serde_json::Value::Bool(true))
}

/// One row of the form list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ListRow {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub year: String,
    pub implementing_unit: String,
    /// `draft` or `final`.
    pub status: String,
    /// 草稿 / 已定稿.
    pub status_label: String,
    pub example: bool,
    #[ts(type = "number")]
    pub rev: i64,
    /// Unix milliseconds of the last save.
    #[ts(type = "number")]
    pub updated_at: i64,
    #[ts(type = "number | null")]
    pub trashed_at: Option<i64>,
    pub total_score: Option<String>,
    /// 评价等级 of the 总分 (`优` …).
    pub grade: Option<String>,
    #[ts(type = "number | null")]
    pub error_count: Option<i64>,
    #[ts(type = "number | null")]
    pub warning_count: Option<i64>,
    /// 执行率（%）.
    pub execution_rate: Option<String>,
    /// The form's template id, and its name (the id where the template is
    /// not on offer here).
    pub template: String,
    pub template_name: String,
}

impl From<FormSummary> for ListRow {
    fn from(s: FormSummary) -> Self {
        ListRow {
            id: s.id,
            code: s.code,
            name: s.name,
            year: s.year,
            implementing_unit: s.implementing_unit,
            status: s.status.key().to_string(),
            status_label: s.status.label().to_string(),
            example: s.example,
            rev: s.rev,
            updated_at: s.updated_at,
            trashed_at: s.trashed_at,
            total_score: s.total_score,
            grade: s.grade,
            error_count: s.error_count,
            warning_count: s.warning_count,
            execution_rate: s.execution_rate,
            template_name: selfeval_core::Template::by_id(&s.template)
                .map(|t| t.name.clone())
                .unwrap_or_else(|_| s.template.clone()),
            template: s.template,
        }
    }
}

/// What the list shows.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ListQuery {
    /// Searched in 项目名称, 项目编码 and the units.
    pub text: Option<String>,
    pub year: Option<String>,
    /// The trash instead of the live forms.
    pub trashed: bool,
}

impl ListQuery {
    pub fn to_store(&self) -> Query {
        Query {
            text: self.text.clone().filter(|t| !t.trim().is_empty()),
            year: self.year.clone().filter(|t| !t.trim().is_empty()),
            trashed: self.trashed,
            ..Query::default()
        }
    }
}

/// A form opened for editing.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Opened {
    pub row: ListRow,
    pub form: selfeval_core::Form,
}

/// The result of a save.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SaveResult {
    #[ts(type = "number")]
    pub rev: i64,
    pub changed: bool,
}

/// One entry of the history list: a burst of autosaves folded together, or
/// a named event (core `store::history::fold`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Revision {
    /// The revision shown and restored (the last of the entry's saves).
    #[ts(type = "number")]
    pub rev: i64,
    #[ts(type = "number")]
    pub first_rev: i64,
    /// First and last save, Unix milliseconds.
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub saved_at: i64,
    #[ts(type = "number")]
    pub saves: usize,
    /// The event (新建, 定稿, 导出 XLSX …), empty for autosaves.
    pub note: String,
}

/// A revision to look at before restoring it: its form, and its view with
/// the cells that differ from the current form marked `changed`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RevisionPreview {
    pub form: selfeval_core::Form,
    pub view: selfeval_core::view::FormView,
}

impl From<HistoryEntry> for Revision {
    fn from(e: HistoryEntry) -> Self {
        Revision {
            rev: e.rev,
            first_rev: e.first_rev,
            from: e.from,
            saved_at: e.to,
            saves: e.saves,
            note: e.note,
        }
    }
}
