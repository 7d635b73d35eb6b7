//! Forms in the store: create, load, save (autosave-cheap), list and search,
//! duplicate, status (草稿 → 已定稿 → reopen) and the example flag.

use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::Serialize;

use super::history::{self, content_hash};
use super::{now_ms, Result, Store, StoreError};
use crate::format::{FORMAT_NAME, FORMAT_VERSION};
use crate::money::fmt2;
use crate::{Form, Severity};

/// A form's number in the store.
pub type FormId = i64;

/// 草稿 or 已定稿.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 草稿: editable.
    Draft,
    /// 已定稿: read-only until reopened; only a form without errors.
    Final,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Final => "final",
        }
    }
    pub fn from_key(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "final" => Some(Status::Final),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Final => "已定稿",
        }
    }
}

/// One row of the form list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormSummary {
    pub id: FormId,
    pub code: String,
    pub name: String,
    pub year: String,
    pub implementing_unit: String,
    pub budget_unit: String,
    /// The form's template id (`shenzhen`, `national` …).
    pub template: String,
    pub status: Status,
    /// One of the 示例 forms offered on first run.
    pub example: bool,
    /// The current revision.
    pub rev: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub trashed_at: Option<i64>,
    /// 总分 of the current revision (2 decimals).
    pub total_score: Option<String>,
    /// Number of errors the rules report for the current revision.
    pub error_count: Option<i64>,
    /// Number of warnings (提醒) of the current revision.
    pub warning_count: Option<i64>,
    /// 全年预算数 and 全年执行数 of the funds' total row as the rules use it,
    /// exact, in the template's money unit.
    pub annual_budget: Option<String>,
    pub executed: Option<String>,
    /// 执行率（%） (2 decimals).
    pub execution_rate: Option<String>,
    /// 评价等级 of `total_score` by the template's grades (not stored: a
    /// template's grades are read when listed).
    pub grade: Option<String>,
}

/// A form with its list row.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredForm {
    pub summary: FormSummary,
    pub form: Form,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Saved {
    /// The form's revision after the save.
    pub rev: i64,
    /// False when the content equalled the current revision (nothing written).
    pub changed: bool,
}

/// A list filter; every set field must match.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Substring of 项目名称 or 项目编码.
    pub text: Option<String>,
    /// 绩效自评年度, exactly.
    pub year: Option<String>,
    /// Substring of 实施单位 (or 一级预算单位).
    pub unit: Option<String>,
    /// Substring of 项目名称, 项目编码 or either unit (the app's search box).
    pub search: Option<String>,
    /// 实施单位, exactly (trimmed).
    pub implementing_unit: Option<String>,
    pub status: Option<Status>,
    pub example: Option<bool>,
    /// List the trash instead of the live forms.
    pub trashed: bool,
}

/// The stored text of a form: the JSON interchange format, compact.
pub fn content_of(form: &Form) -> String {
    serde_json::json!({ "format": FORMAT_NAME, "version": FORMAT_VERSION, "form": form })
        .to_string()
}

/// What the list shows of a form that the rules compute: kept in the
/// `forms` row so that the list and the year overview never read a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Figures {
    pub total_score: Option<String>,
    pub errors: Option<i64>,
    pub warnings: Option<i64>,
    pub annual_budget: Option<String>,
    pub executed: Option<String>,
    pub execution_rate: Option<String>,
}

pub(crate) fn figures_of(form: &Form) -> Figures {
    let Ok(ev) = crate::evaluate_form(form) else {
        return Figures::default();
    };
    let count = |s| Some(i64::try_from(ev.count(s)).unwrap_or(i64::MAX));
    Figures {
        total_score: Some(fmt2(ev.total_score)),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        annual_budget: ev.funds.total.annual_budget.map(|d| d.to_string()),
        executed: ev.funds.total.executed.map(|d| d.to_string()),
        execution_rate: ev.funds.execution_rate.map(fmt2),
    }
}

/// Total score and error count of a stored content (schema step 2).
pub(crate) fn scores_of_content(content: &str) -> (Option<String>, Option<i64>) {
    match crate::format::from_json(content) {
        Ok(f) => {
            let fig = figures_of(&f);
            (fig.total_score, fig.errors)
        }
        Err(_) => (None, None),
    }
}

/// Point the list row of form `id` at `form`: its header cells, template and
/// figures.
pub(crate) fn set_list_columns(tx: &Transaction, id: FormId, form: &Form) -> rusqlite::Result<()> {
    let fig = figures_of(form);
    let h = &form.header;
    tx.prepare_cached(
        "UPDATE forms SET code = ?2, name = ?3, year = ?4, implementing_unit = ?5,
         budget_unit = ?6, template = ?7, total_score = ?8, error_count = ?9,
         warning_count = ?10, annual_budget = ?11, executed = ?12, execution_rate = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        h.code,
        h.name,
        h.year,
        h.implementing_unit,
        h.budget_unit,
        form.template,
        fig.total_score,
        fig.errors,
        fig.warnings,
        fig.annual_budget,
        fig.executed,
        fig.execution_rate,
    ])?;
    Ok(())
}

/// [`set_list_columns`] from a stored content; content that does not read
/// leaves the row as it is.
pub(crate) fn set_list_columns_of_content(
    tx: &Transaction,
    id: FormId,
    content: &str,
) -> rusqlite::Result<()> {
    match crate::format::from_json(content) {
        Ok(form) => set_list_columns(tx, id, &form),
        Err(_) => Ok(()),
    }
}

const SUMMARY_COLUMNS: &str = "id, code, name, year, implementing_unit, budget_unit, status, \
     example, rev, created_at, updated_at, trashed_at, total_score, error_count, template, \
     warning_count, annual_budget, executed, execution_rate";

/// The grade of a listed 总分 by its template's grades.
fn grade_of(template: &str, total_score: Option<&str>) -> Option<String> {
    let score: rust_decimal::Decimal = total_score?.parse().ok()?;
    let t = crate::Template::by_id(template).ok()?;
    Some(t.grade(score).to_string())
}

fn summary_row(r: &Row) -> rusqlite::Result<FormSummary> {
    let status: String = r.get(6)?;
    let template: String = r.get(14)?;
    let total_score: Option<String> = r.get(12)?;
    Ok(FormSummary {
        grade: grade_of(&template, total_score.as_deref()),
        warning_count: r.get(15)?,
        annual_budget: r.get(16)?,
        executed: r.get(17)?,
        execution_rate: r.get(18)?,
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        year: r.get(3)?,
        implementing_unit: r.get(4)?,
        budget_unit: r.get(5)?,
        status: Status::from_key(&status).unwrap_or(Status::Draft),
        example: r.get(7)?,
        rev: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        trashed_at: r.get(11)?,
        total_score,
        error_count: r.get(13)?,
        template,
    })
}

fn like_pattern(s: &str) -> String {
    let mut p = String::with_capacity(s.len() + 2);
    p.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Write a new revision of form `id` with `content`, and point the form at it.
pub(crate) fn write_revision(
    tx: &Transaction,
    id: FormId,
    rev: i64,
    form: &Form,
    content: &str,
    note: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO revisions (form_id, rev, saved_at, hash, note, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, rev, now, content_hash(content), note, content])?;
    set_list_columns(tx, id, form)?;
    point_at(tx, id, rev, now)
}

/// Make revision `rev` (written) the form's current one; thin its history
/// when due.
pub(crate) fn point_at(tx: &Transaction, id: FormId, rev: i64, now: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE forms SET rev = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, rev, now])?;
    if rev % history::THIN_EVERY == 0 {
        history::thin(tx, id, now)?;
    }
    Ok(())
}

pub(crate) fn insert_form(
    tx: &Transaction,
    form: &Form,
    example: bool,
    note: &str,
    now: i64,
) -> rusqlite::Result<FormId> {
    tx.prepare_cached(
        "INSERT INTO forms (rev, created_at, updated_at, example) VALUES (1, ?1, ?1, ?2)",
    )?
    .execute(params![now, example])?;
    let id = tx.last_insert_rowid();
    write_revision(tx, id, 1, form, &content_of(form), note, now)?;
    Ok(id)
}

/// The state of a form that a write checks first.
pub(crate) struct Head {
    pub rev: i64,
    pub status: Status,
    pub trashed: bool,
    pub name: String,
}

pub(crate) fn head(tx: &rusqlite::Connection, id: FormId) -> Result<Head, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT rev, status, trashed_at IS NOT NULL, name FROM forms WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Head {
                rev: r.get(0)?,
                status: Status::from_key(&r.get::<_, String>(1)?).unwrap_or(Status::Draft),
                trashed: r.get(2)?,
                name: r.get(3)?,
            })
        })
        .optional()?;
    row.ok_or(StoreError::FormNotFound { id })
}

/// Refuse writes to a finalised or trashed form.
pub(crate) fn editable(id: FormId, h: &Head) -> Result<()> {
    if h.trashed {
        return Err(StoreError::InTrash {
            id,
            name: h.name.clone(),
        });
    }
    if h.status == Status::Final {
        return Err(StoreError::Finalised {
            id,
            name: h.name.clone(),
        });
    }
    Ok(())
}

/// Save `content` as the next revision unless it equals the current one.
pub(crate) fn save_content(
    tx: &Transaction,
    id: FormId,
    form: &Form,
    content: &str,
    note: &str,
) -> Result<Saved> {
    let h = head(tx, id)?;
    editable(id, &h)?;
    let current_hash: Option<String> = tx
        .prepare_cached("SELECT hash FROM revisions WHERE form_id = ?1 AND rev = ?2")?
        .query_row(params![id, h.rev], |r| r.get(0))
        .optional()?;
    if current_hash.as_deref() == Some(content_hash(content).as_str()) {
        let same: bool = tx
            .prepare_cached("SELECT content = ?3 FROM revisions WHERE form_id = ?1 AND rev = ?2")?
            .query_row(params![id, h.rev, content], |r| r.get(0))?;
        if same {
            return Ok(Saved {
                rev: h.rev,
                changed: false,
            });
        }
    }
    let rev = h.rev + 1;
    write_revision(tx, id, rev, form, content, note, now_ms())?;
    Ok(Saved { rev, changed: true })
}

impl Store {
    /// Run `f` in an immediate (write-locking) transaction and commit.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| super::error::from_sqlite(&path, e))?;
        let out = f(&tx).map_err(|e| e.with_path(&path))?;
        tx.commit()
            .map_err(|e| super::error::from_sqlite(&path, e))?;
        Ok(out)
    }

    /// Add a new form (a draft). Returns its id.
    pub fn create(&mut self, form: &Form) -> Result<FormId> {
        self.create_with(form, false, "新建")
    }

    /// Add a new form, marked as a 示例 example or not, with a history note.
    pub fn create_with(&mut self, form: &Form, example: bool, note: &str) -> Result<FormId> {
        self.write(|tx| Ok(insert_form(tx, form, example, note, now_ms())?))
    }

    /// Add many forms in one transaction (all or none). Returns their ids.
    pub fn create_many(
        &mut self,
        forms: &[Form],
        example: bool,
        note: &str,
    ) -> Result<Vec<FormId>> {
        self.write(|tx| {
            let now = now_ms();
            Ok(forms
                .iter()
                .map(|f| insert_form(tx, f, example, note, now))
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Save the form's current content (autosave). One transaction; returns
    /// the revision. Content equal to the current revision writes nothing.
    pub fn save(&mut self, id: FormId, form: &Form) -> Result<Saved> {
        let content = content_of(form);
        self.write(|tx| save_content(tx, id, form, &content, ""))
    }

    /// The list row of one form (live or trashed).
    pub fn summary(&self, id: FormId) -> Result<FormSummary> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM forms WHERE id = ?1"
            ))
            .and_then(|mut st| st.query_row([id], summary_row).optional())
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::FormNotFound { id })
    }

    /// Open a form: its current revision and list row.
    pub fn load(&self, id: FormId) -> Result<StoredForm> {
        let summary = self.summary(id)?;
        let form = self.revision_form(id, summary.rev)?;
        Ok(StoredForm { summary, form })
    }

    /// Forms matching `q`, most recently updated first.
    pub fn list(&self, q: &Query) -> Result<Vec<FormSummary>> {
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM forms WHERE ");
        sql.push_str(if q.trashed {
            "trashed_at IS NOT NULL"
        } else {
            "trashed_at IS NULL"
        });
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Some(t) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            args.push(Box::new(like_pattern(t)));
            let n = args.len();
            sql.push_str(&format!(
                " AND (name LIKE ?{n} ESCAPE '\\' OR code LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(y) = q.year.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            args.push(Box::new(y.to_string()));
            sql.push_str(&format!(" AND year = ?{}", args.len()));
        }
        if let Some(u) = q.unit.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            args.push(Box::new(like_pattern(u)));
            let n = args.len();
            sql.push_str(&format!(
                " AND (implementing_unit LIKE ?{n} ESCAPE '\\' OR budget_unit LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(t) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            args.push(Box::new(like_pattern(t)));
            let n = args.len();
            sql.push_str(&format!(
                " AND (name LIKE ?{n} ESCAPE '\\' OR code LIKE ?{n} ESCAPE '\\' \
                 OR implementing_unit LIKE ?{n} ESCAPE '\\' OR budget_unit LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(u) = q
            .implementing_unit
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            args.push(Box::new(u.to_string()));
            sql.push_str(&format!(" AND trim(implementing_unit) = ?{}", args.len()));
        }
        if let Some(s) = q.status {
            args.push(Box::new(s.key()));
            sql.push_str(&format!(" AND status = ?{}", args.len()));
        }
        if let Some(e) = q.example {
            args.push(Box::new(e));
            sql.push_str(&format!(" AND example = ?{}", args.len()));
        }
        sql.push_str(if q.trashed {
            " ORDER BY trashed_at DESC, id DESC"
        } else {
            " ORDER BY updated_at DESC, id DESC"
        });
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), summary_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Every 实施单位 of the live forms of `year` (all years: `None`), sorted.
    pub fn units(&self, year: Option<&str>) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT trim(implementing_unit) FROM forms
                 WHERE trashed_at IS NULL AND trim(implementing_unit) <> ''
                 AND (?1 IS NULL OR year = ?1) ORDER BY 1",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([year], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|e| self.err(e))
    }

    /// Every 年度 of the live forms, newest first (blank ones left out).
    pub fn years(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT year FROM forms
                 WHERE trashed_at IS NULL AND trim(year) <> '' ORDER BY 1 DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = st.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|e| self.err(e))
    }

    /// A new draft from form `id` as the start of another year: header and
    /// indicators carried; funds amounts, 实际完成情况, 实际完成值, 得分,
    /// 偏差原因 and tiers cleared. `year` defaults to the next year.
    pub fn duplicate(&mut self, id: FormId, year: Option<&str>) -> Result<FormId> {
        let src = self.load(id)?;
        let form = carried_forward(&src.form, year);
        let note = format!("复制自 #{id}（{}年度）", src.form.header.year);
        self.create_with(&form, false, &note)
    }

    /// 草稿 → 已定稿. Refused while the rules report any error; checked and
    /// set in one transaction, so no save can slip in between.
    pub fn finalise(&mut self, id: FormId) -> Result<()> {
        self.write(|tx| {
            let h = head(tx, id)?;
            if h.trashed {
                return Err(StoreError::InTrash { id, name: h.name });
            }
            let form = history::form_at(tx, id, h.rev)?;
            let not_final = |count, first| StoreError::HasErrors {
                id,
                name: h.name.clone(),
                count,
                first,
            };
            let ev = crate::evaluate_form(&form).map_err(|e| not_final(1, e.to_string()))?;
            let errors: Vec<_> = ev
                .issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .collect();
            if let Some(first) = errors.first() {
                return Err(not_final(errors.len(), first.text_in(&form)));
            }
            set_status(tx, id, Status::Final)?;
            history::mark_in(tx, id, "定稿").map(|_| ())
        })
    }

    /// 已定稿 → 草稿.
    pub fn reopen(&mut self, id: FormId) -> Result<()> {
        self.write(|tx| {
            let h = head(tx, id)?;
            if h.trashed {
                return Err(StoreError::InTrash { id, name: h.name });
            }
            set_status(tx, id, Status::Draft)?;
            history::mark_in(tx, id, "重新打开").map(|_| ())
        })
    }

    /// Mark or unmark a form as a 示例 example.
    pub fn set_example(&mut self, id: FormId, example: bool) -> Result<()> {
        self.write(|tx| {
            head(tx, id)?;
            tx.execute(
                "UPDATE forms SET example = ?2 WHERE id = ?1",
                params![id, example],
            )?;
            Ok(())
        })
    }

    /// 「移除示例」: move every live example form to the trash (recoverable).
    /// Returns how many were moved.
    pub fn remove_examples(&mut self) -> Result<usize> {
        let now = now_ms();
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE forms SET trashed_at = ?1 WHERE example = 1 AND trashed_at IS NULL",
                [now],
            )?)
        })
    }
}

fn set_status(tx: &Transaction, id: FormId, status: Status) -> Result<()> {
    tx.prepare_cached("UPDATE forms SET status = ?2 WHERE id = ?1")?
        .execute(params![id, status.key()])?;
    Ok(())
}

/// The form for a new year from last year's.
pub fn carried_forward(src: &Form, year: Option<&str>) -> Form {
    let mut f = src.clone();
    f.header.year = match year {
        Some(y) => y.trim().to_string(),
        None => src
            .header
            .year
            .trim()
            .parse::<i32>()
            .ok()
            .and_then(|y| y.checked_add(1))
            .map(|y| y.to_string())
            .unwrap_or_default(),
    };
    for kind in crate::model::FundRowKind::ALL {
        *f.funds.row_mut(kind) = Default::default();
    }
    f.goals.actual.clear();
    for ind in &mut f.indicators {
        ind.actual.clear();
        ind.score = None;
        ind.deviation.clear();
        ind.tier = None;
    }
    f
}
