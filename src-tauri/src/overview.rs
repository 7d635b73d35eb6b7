//! The year at a glance above the form list, the 汇总表 export and printing
//! the selected forms as one PDF. Each command calls `selfeval_core::summary`
//! (figures, filter) or `selfeval_core::pdf::export_many`.

use std::path::PathBuf;

use selfeval_core::summary::{self, Filter, State as FormState, Summary, SummaryRow};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::commands::CommandError;
use crate::db::{Db, ListRow};
use crate::export_commands::{self, Exported};

type Res<T> = Result<T, CommandError>;

/// What the list and the overview show.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct OverviewQuery {
    /// 年度; none: every year.
    pub year: Option<String>,
    /// One 实施单位 exactly; none: all.
    pub unit: Option<String>,
    /// Searched in 项目名称, 项目编码 and the units.
    pub text: Option<String>,
    /// Only this 等级.
    pub grade: Option<String>,
    /// `final`, `draft`, `errors` or `warnings`.
    pub state: Option<String>,
    /// Compute the figures (false: a new search in the same year).
    pub figures: bool,
    /// How many rows to send whole; the others are sent by id only and
    /// fetched with `list_rows` when they scroll into view.
    #[ts(type = "number")]
    pub first: usize,
}

/// Forms of one grade.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GradeCount {
    pub grade: String,
    #[ts(type = "number")]
    pub count: usize,
}

/// One bar of the execution-rate chart.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RateBar {
    pub label: String,
    /// 执行率（%）, or the number of forms for a band.
    pub value: f64,
    pub text: String,
}

/// The figures of the year.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Figures {
    #[ts(type = "number")]
    pub forms: usize,
    #[ts(type = "number")]
    pub finalised: usize,
    #[ts(type = "number")]
    pub with_errors: usize,
    #[ts(type = "number")]
    pub with_warnings: usize,
    pub grades: Vec<GradeCount>,
    /// Σ 全年预算数 and Σ 全年执行数 as printed, in `money_unit`.
    pub annual_budget: String,
    pub executed: String,
    pub money_unit: String,
    pub execution_rate: Option<String>,
    pub average_score: Option<String>,
    /// 执行率 per form (up to [`MAX_BARS`] forms), else forms per 执行率 band.
    pub rates: Vec<RateBar>,
    pub rates_per_form: bool,
}

/// Forms shown one bar each; more are shown as bands.
pub const MAX_BARS: usize = 30;

/// The list and the overview.
#[derive(Debug, Clone, Serialize, TS)]
pub struct YearOverview {
    /// Every listed form, in list order.
    #[ts(type = "Array<number>")]
    pub ids: Vec<i64>,
    /// The first `first` of them whole.
    pub rows: Vec<ListRow>,
    /// How many of the listed forms are 示例 forms.
    #[ts(type = "number")]
    pub examples: usize,
    pub figures: Option<Figures>,
    /// Every 实施单位 of the 年度 (with the figures only).
    pub units: Vec<String>,
    /// Every 年度 of the live forms, newest first (with the figures only).
    pub years: Vec<String>,
}

fn figures(s: &Summary) -> Figures {
    let t = &s.totals;
    let (bars, per_form) = s.rate_chart(MAX_BARS);
    let rates = bars
        .into_iter()
        .map(|b| RateBar {
            label: b.label,
            value: b.value,
            text: b.text,
        })
        .collect();
    Figures {
        forms: t.forms,
        finalised: t.finalised,
        with_errors: t.with_errors,
        with_warnings: t.with_warnings,
        grades: t
            .grades
            .iter()
            .map(|(g, n)| GradeCount {
                grade: g.clone(),
                count: *n,
            })
            .collect(),
        annual_budget: s.money(t.annual_budget),
        executed: s.money(t.executed),
        money_unit: s.unit.label().into(),
        execution_rate: t.execution_rate.map(selfeval_core::money::fmt2),
        average_score: t.average_score.map(selfeval_core::money::fmt2),
        rates,
        rates_per_form: per_form,
    }
}

fn some(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The list of live forms and the overview of their 年度 (and 实施单位).
#[tauri::command]
pub async fn year_overview(db: State<'_, Db>, query: OverviewQuery) -> Res<YearOverview> {
    let filter = Filter {
        text: some(&query.text).map(str::to_string),
        grade: some(&query.grade).map(str::to_string),
        state: some(&query.state).and_then(FormState::from_key),
    };
    let (o, years) = db.with(|s| {
        let o = summary::overview(
            s,
            some(&query.year),
            some(&query.unit),
            &filter,
            query.figures,
        )?;
        let years = if query.figures {
            s.years()?
        } else {
            Vec::new()
        };
        Ok((o, years))
    })?;
    Ok(YearOverview {
        ids: o.rows.iter().map(|r| r.id).collect(),
        examples: o.rows.iter().filter(|r| r.example).count(),
        figures: o.summary.as_ref().map(figures),
        rows: o
            .rows
            .into_iter()
            .take(query.first)
            .map(ListRow::from)
            .collect(),
        units: o.units,
        years,
    })
}

/// The list rows of the forms `ids` (those scrolled into view), in order;
/// forms gone since are left out.
#[tauri::command]
pub async fn list_rows(db: State<'_, Db>, ids: Vec<i64>) -> Res<Vec<ListRow>> {
    db.with(|s| {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match s.summary(id) {
                Ok(r) => out.push(ListRow::from(r)),
                Err(selfeval_core::store::StoreError::FormNotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    })
}

/// The 汇总表 of stored forms, by 项目编码 then 项目名称.
fn summary_of(db: &Db, ids: &[i64]) -> Res<Summary> {
    let rows: Vec<SummaryRow> = db.with(|s| {
        ids.iter()
            .map(|id| s.summary(*id).map(|r| SummaryRow::of_stored(&r)))
            .collect()
    })?;
    Ok(Summary::by_code(rows))
}

/// The suggested file name of the 汇总表: `2023年度-绩效自评结果汇总表.xlsx`.
#[tauri::command]
pub fn summary_file_name(year: Option<String>, format: String) -> String {
    let stem = match some(&year) {
        Some(y) => format!("{y}年度-绩效自评结果汇总表"),
        None => "绩效自评结果汇总表".into(),
    };
    selfeval_core::file_names::safe_file_name(&stem, &format)
}

/// Export the 汇总表 of the forms `ids` as `xlsx` or `pdf` to `path`.
#[tauri::command]
pub async fn export_summary(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    ids: Vec<i64>,
    format: String,
    path: PathBuf,
) -> Res<String> {
    let s = summary_of(&db, &ids)?;
    let bytes = match format.as_str() {
        "xlsx" => summary::xlsx::summary_workbook(&s)?,
        "pdf" => {
            let opts = export_commands::pdf_options(&db, false);
            let b = summary::pdf::export(&s, &opts);
            crate::font_release::used();
            b?
        }
        other => return Err(CommandError::from(format!("不支持的导出格式「{other}」"))),
    };
    export_commands::write_exported(&exported, &path, &bytes)
}

/// The forms `ids` (and the 汇总表 first, if asked) as one PDF: to `path`,
/// or, without a path, 打印所选 — a temporary file opened in the system viewer.
#[tauri::command]
pub async fn print_selected(
    app: AppHandle,
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    ids: Vec<i64>,
    with_summary: bool,
    path: Option<PathBuf>,
) -> Res<String> {
    if ids.is_empty() {
        return Err("请先在列表中勾选要打印的自评表".into());
    }
    let forms: Vec<selfeval_core::Form> =
        db.with(|s| ids.iter().map(|id| s.load(*id).map(|f| f.form)).collect())?;
    for f in &forms {
        selfeval_core::export_gate::check_exportable(f)?;
    }
    let s = if with_summary {
        Some(summary_of(&db, &ids)?)
    } else {
        None
    };
    let opts = export_commands::pdf_options(&db, true);
    let bytes = selfeval_core::pdf::export_many(&forms, s.as_ref(), &opts);
    crate::font_release::used();
    let bytes = bytes?;
    let path_was_none = path.is_none();
    let (target, open) = match path {
        Some(p) => (p, false),
        None => {
            let dir = export_commands::print_dir(&app)?;
            let name = selfeval_core::file_names::safe_file_name(
                &format!("打印-{}张自评表", forms.len()),
                "pdf",
            );
            (dir.join(name), crate::paths::export_dir().is_none())
        }
    };
    let shown = export_commands::write_exported(&exported, &target, &bytes)?;
    for id in &ids {
        export_commands::note_export(&db, Some(*id), "pdf", path_was_none);
    }
    if open {
        use tauri_plugin_opener::OpenerExt;
        app.opener()
            .open_path(&shown, None::<&str>)
            .map_err(|e| CommandError::from(format!("无法打开 PDF 阅读器：{e}")))?;
    }
    Ok(shown)
}
