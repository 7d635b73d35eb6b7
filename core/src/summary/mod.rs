//! The unit's 项目支出绩效自评结果汇总表 and the year overview: one row per
//! form (项目编码, 项目名称, 实施单位, 全年预算数, 全年执行数, 执行率, 总分,
//! 等级, 状态) and the totals (Σ amounts, the unit's 执行率, the mean 总分,
//! forms per grade, finalised / with errors / with warnings).
//!
//! Rows come from form files ([`SummaryRow::of_form`]) or from the store's
//! list columns ([`SummaryRow::of_stored`], no form is read). The same
//! [`Summary`] is printed by [`xlsx`] and [`pdf`], shown as the app's
//! overview, and written as the CLI's `summary --json`.

pub mod pdf;
pub mod xlsx;

use rust_decimal::Decimal;
use serde::Serialize;
#[cfg(test)]
use serde_json::json;
use serde_json::Value;

use crate::money::{fmt2, fmt_in, round2};
use crate::store::{FormSummary, Status};
use crate::template::{MoneyUnit, Template, TemplateError};
use crate::{Form, Severity};

/// The printed title of the summary.
pub const TITLE: &str = "项目支出绩效自评结果汇总表";

/// One form in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub code: String,
    pub name: String,
    /// 实施单位.
    pub unit: String,
    pub year: String,
    pub template: String,
    /// The unit of the amounts below as given (the form's template's).
    pub money_unit: MoneyUnit,
    pub annual_budget: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 执行率（%）, 2 decimals.
    pub execution_rate: Option<Decimal>,
    pub total_score: Option<Decimal>,
    pub grade: Option<String>,
    /// 草稿 / 已定稿 of a stored form; `None` for a form file.
    pub status: Option<Status>,
    pub errors: i64,
    pub warnings: i64,
}

fn money_unit_of(template: &str) -> MoneyUnit {
    Template::by_id(template).map_or(MoneyUnit::Yuan, |t| t.money_unit)
}

impl SummaryRow {
    /// A form (from a file): evaluated by its template.
    pub fn of_form(form: &Form) -> Result<SummaryRow, TemplateError> {
        let t = Template::by_id(&form.template)?;
        let ev = crate::evaluate(form, t);
        let count = |s| i64::try_from(ev.count(s)).unwrap_or(i64::MAX);
        let h = &form.header;
        Ok(SummaryRow {
            code: h.code.trim().to_string(),
            name: h.name.trim().to_string(),
            unit: h.implementing_unit.trim().to_string(),
            year: h.year.trim().to_string(),
            template: form.template.clone(),
            money_unit: t.money_unit,
            annual_budget: ev.funds.total.annual_budget,
            executed: ev.funds.total.executed,
            execution_rate: ev.funds.execution_rate,
            total_score: Some(ev.total_score),
            grade: Some(ev.grade.clone()),
            status: None,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        })
    }

    /// A stored form, from its list columns.
    pub fn of_stored(s: &FormSummary) -> SummaryRow {
        let dec = |v: &Option<String>| v.as_deref().and_then(|t| t.parse::<Decimal>().ok());
        SummaryRow {
            code: s.code.trim().to_string(),
            name: s.name.trim().to_string(),
            unit: s.implementing_unit.trim().to_string(),
            year: s.year.trim().to_string(),
            template: s.template.clone(),
            money_unit: money_unit_of(&s.template),
            annual_budget: dec(&s.annual_budget),
            executed: dec(&s.executed),
            execution_rate: dec(&s.execution_rate),
            total_score: dec(&s.total_score),
            grade: s.grade.clone(),
            status: Some(s.status),
            errors: s.error_count.unwrap_or(0),
            warnings: s.warning_count.unwrap_or(0),
        }
    }

    /// The 汇总表's order of stored forms: by 项目编码, then 项目名称.
    pub fn sort_by_code(rows: &mut [SummaryRow]) {
        rows.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));
    }

    /// 状态 as the summary prints it.
    pub fn status_label(&self) -> &'static str {
        self.status.map_or("—", Status::label)
    }

    fn in_unit(&self, unit: MoneyUnit) -> SummaryRow {
        let mut r = self.clone();
        if unit != self.money_unit {
            let f = self.money_unit.yuan() / unit.yuan();
            r.annual_budget = r.annual_budget.map(|d| d * f);
            r.executed = r.executed.map(|d| d * f);
            r.money_unit = unit;
        }
        r
    }
}

/// The totals row of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub forms: usize,
    pub finalised: usize,
    pub with_errors: usize,
    pub with_warnings: usize,
    /// Σ 全年预算数 and Σ 全年执行数 in the summary's unit.
    pub annual_budget: Decimal,
    pub executed: Decimal,
    /// Σ 全年执行数 / Σ 全年预算数 × 100, 2 decimals.
    pub execution_rate: Option<Decimal>,
    /// Mean 总分, 2 decimals.
    pub average_score: Option<Decimal>,
    /// Forms per grade, every grade of the forms' templates, highest first.
    pub grades: Vec<(String, usize)>,
}

/// The summary of some forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The unit of every amount: the forms' own, or 元 when they differ.
    pub unit: MoneyUnit,
    pub rows: Vec<SummaryRow>,
    pub totals: Totals,
}

impl Summary {
    /// The summary of stored forms as the 汇总表 prints them: by 项目编码,
    /// then 项目名称.
    pub fn by_code(mut rows: Vec<SummaryRow>) -> Summary {
        SummaryRow::sort_by_code(&mut rows);
        Summary::new(rows)
    }

    /// The summary of `rows`, in their order.
    pub fn new(rows: Vec<SummaryRow>) -> Summary {
        let unit = match rows.first() {
            Some(first) if rows.iter().all(|r| r.money_unit == first.money_unit) => {
                first.money_unit
            }
            _ => MoneyUnit::Yuan,
        };
        let rows: Vec<SummaryRow> = rows.iter().map(|r| r.in_unit(unit)).collect();
        let budget: Decimal = rows.iter().filter_map(|r| r.annual_budget).sum();
        let executed: Decimal = rows.iter().filter_map(|r| r.executed).sum();
        let scores: Vec<Decimal> = rows.iter().filter_map(|r| r.total_score).collect();
        let average_score = (!scores.is_empty())
            .then(|| round2(scores.iter().sum::<Decimal>() / Decimal::from(scores.len())));
        let totals = Totals {
            forms: rows.len(),
            finalised: rows
                .iter()
                .filter(|r| r.status == Some(Status::Final))
                .count(),
            with_errors: rows.iter().filter(|r| r.errors > 0).count(),
            with_warnings: rows.iter().filter(|r| r.warnings > 0).count(),
            annual_budget: budget,
            executed,
            execution_rate: (budget > Decimal::ZERO)
                .then(|| round2(executed * Decimal::ONE_HUNDRED / budget)),
            average_score,
            grades: grade_counts(&rows),
        };
        Summary { unit, rows, totals }
    }

    /// The forms' 年度 when they share one (for the title line).
    pub fn year(&self) -> Option<&str> {
        let first = self.rows.first()?.year.as_str();
        (!first.is_empty() && self.rows.iter().all(|r| r.year == first)).then_some(first)
    }

    /// The forms' 实施单位 when they share one.
    pub fn unit_name(&self) -> Option<&str> {
        let first = self.rows.first()?.unit.as_str();
        (!first.is_empty() && self.rows.iter().all(|r| r.unit == first)).then_some(first)
    }

    /// An amount as printed in the summary's unit.
    pub fn money(&self, d: Decimal) -> String {
        fmt_in(d, self.unit)
    }

    /// `selfeval summary --json` as a value (for reading; its objects sort
    /// their keys): see [`Summary::to_json_string`].
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.json_doc()).unwrap_or(Value::Null)
    }

    /// `selfeval summary --json`: one object, amounts in 元 (exact to the
    /// 分), every decimal a string with 2 places, keys and grades in the
    /// documented order.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(&self.json_doc()).unwrap_or_default()
    }

    fn json_doc(&self) -> JsonSummary<'_> {
        let yuan = |d: Decimal| fmt2(d * self.unit.yuan());
        let opt = |d: Option<Decimal>| d.map(fmt2);
        let t = &self.totals;
        JsonSummary {
            forms: self
                .rows
                .iter()
                .map(|r| JsonForm {
                    code: &r.code,
                    name: &r.name,
                    unit: &r.unit,
                    year: &r.year,
                    annual_budget: r.annual_budget.map(yuan),
                    executed: r.executed.map(yuan),
                    execution_rate: opt(r.execution_rate),
                    total_score: opt(r.total_score),
                    grade: r.grade.as_deref(),
                    errors: r.errors,
                    warnings: r.warnings,
                })
                .collect(),
            totals: JsonTotals {
                forms: t.forms,
                annual_budget: yuan(t.annual_budget),
                executed: yuan(t.executed),
                execution_rate: opt(t.execution_rate),
                average_score: opt(t.average_score),
                grades: Ordered(&t.grades),
            },
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    forms: Vec<JsonForm<'a>>,
    totals: JsonTotals<'a>,
}

#[derive(Serialize)]
struct JsonForm<'a> {
    code: &'a str,
    name: &'a str,
    unit: &'a str,
    year: &'a str,
    annual_budget: Option<String>,
    executed: Option<String>,
    execution_rate: Option<String>,
    total_score: Option<String>,
    grade: Option<&'a str>,
    errors: i64,
    warnings: i64,
}

#[derive(Serialize)]
struct JsonTotals<'a> {
    forms: usize,
    annual_budget: String,
    executed: String,
    execution_rate: Option<String>,
    average_score: Option<String>,
    grades: Ordered<'a>,
}

/// Grade counts as a JSON object in grade order.
struct Ordered<'a>(&'a [(String, usize)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One bar of a chart of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

impl Summary {
    /// The execution-rate chart: 执行率 of each form when there are at most
    /// `max_bars` forms (`true`), else the number of forms per band.
    pub fn rate_chart(&self, max_bars: usize) -> (Vec<Bar>, bool) {
        use rust_decimal::prelude::ToPrimitive;
        let f64_of = |d: Decimal| d.to_f64().unwrap_or(0.0);
        if self.rows.len() <= max_bars {
            let bars = self
                .rows
                .iter()
                .map(|r| Bar {
                    label: if r.name.is_empty() {
                        "（未命名）".into()
                    } else {
                        r.name.clone()
                    },
                    value: r.execution_rate.map_or(0.0, f64_of),
                    text: r
                        .execution_rate
                        .map_or("未填金额".into(), |d| format!("{}%", fmt2(d))),
                })
                .collect();
            return (bars, true);
        }
        let bands: [(&str, Option<i64>, Option<i64>); 5] = [
            ("低于60%", None, Some(60)),
            ("60%–80%", Some(60), Some(80)),
            ("80%–90%", Some(80), Some(90)),
            ("90%–100%", Some(90), Some(100)),
            ("100%及以上", Some(100), None),
        ];
        let mut bars: Vec<Bar> = bands
            .iter()
            .map(|(label, lo, hi)| {
                let n = self
                    .rows
                    .iter()
                    .filter_map(|r| r.execution_rate)
                    .filter(|v| lo.is_none_or(|lo| *v >= Decimal::from(lo)))
                    .filter(|v| hi.is_none_or(|hi| *v < Decimal::from(hi)))
                    .count();
                Bar {
                    label: (*label).into(),
                    value: n as f64,
                    text: format!("{n} 张"),
                }
            })
            .collect();
        let none = self
            .rows
            .iter()
            .filter(|r| r.execution_rate.is_none())
            .count();
        if none > 0 {
            bars.push(Bar {
                label: "未填金额".into(),
                value: none as f64,
                text: format!("{none} 张"),
            });
        }
        (bars, false)
    }
}

/// Every grade of the rows' templates (the default template's when there is
/// no row), highest first, with the number of rows in it.
fn grade_counts(rows: &[SummaryRow]) -> Vec<(String, usize)> {
    let mut names: Vec<String> = Vec::new();
    let add = |names: &mut Vec<String>, t: &Template| {
        for g in t.grade_names() {
            if !names.iter().any(|n| n == g) {
                names.push(g.to_string());
            }
        }
    };
    let mut seen: Vec<&str> = Vec::new();
    for r in rows {
        if !seen.contains(&r.template.as_str()) {
            seen.push(&r.template);
            if let Ok(t) = Template::by_id(&r.template) {
                add(&mut names, t);
            }
        }
    }
    if names.is_empty() {
        add(&mut names, Template::default_template());
    }
    for r in rows {
        if let Some(g) = &r.grade {
            if !names.contains(g) {
                names.push(g.clone());
            }
        }
    }
    names
        .into_iter()
        .map(|g| {
            let n = rows
                .iter()
                .filter(|r| r.grade.as_deref() == Some(&g))
                .count();
            (g, n)
        })
        .collect()
}

/// The app's list filters beyond the store's query: searched text, a grade,
/// a state (what clicking a figure of the overview picks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Substring of 项目名称, 项目编码 or the units (letters in any case).
    pub text: Option<String>,
    pub grade: Option<String>,
    pub state: Option<State>,
}

/// The year at a glance: the summary of the forms of a 年度 (and 实施单位),
/// and the list rows among them that pass the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// `None` when not asked for (a search changes the list, not the figures).
    pub summary: Option<Summary>,
    /// The list, most recently saved first.
    pub rows: Vec<FormSummary>,
    /// Every 实施单位 of the 年度, sorted (to pick one when there are
    /// several); with the summary only.
    pub units: Vec<String>,
}

/// The overview of the live forms of `year` (every year: `None`) and of one
/// 实施单位 (exactly; `None`: all), with the list narrowed by `filter`. Reads
/// only the list columns, never a form. `with_summary: false` skips the
/// figures (for a new search within the same year).
pub fn overview(
    store: &crate::store::Store,
    year: Option<&str>,
    unit: Option<&str>,
    filter: &Filter,
    with_summary: bool,
) -> crate::store::Result<Overview> {
    let year = year.map(str::trim).filter(|y| !y.is_empty());
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    let scope = crate::store::Query {
        year: year.map(str::to_string),
        implementing_unit: unit.map(str::to_string),
        ..Default::default()
    };
    let (summary, rows) = if with_summary {
        let all = store.list(&scope)?;
        let summary = Summary::new(all.iter().map(SummaryRow::of_stored).collect());
        (
            Some(summary),
            all.into_iter().filter(|r| filter.matches(r)).collect(),
        )
    } else {
        // A search reads only the forms it finds.
        let found = store.list(&crate::store::Query {
            search: filter.text.clone(),
            ..scope
        })?;
        (
            None,
            found.into_iter().filter(|r| filter.matches(r)).collect(),
        )
    };
    let units = if with_summary {
        store.units(year)?
    } else {
        Vec::new()
    };
    Ok(Overview {
        summary,
        rows,
        units,
    })
}

/// A state to filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Final,
    Draft,
    Errors,
    Warnings,
}

impl State {
    pub fn from_key(s: &str) -> Option<State> {
        match s {
            "final" => Some(State::Final),
            "draft" => Some(State::Draft),
            "errors" => Some(State::Errors),
            "warnings" => Some(State::Warnings),
            _ => None,
        }
    }
}

impl Filter {
    pub fn matches(&self, s: &FormSummary) -> bool {
        if let Some(t) = self
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            // Letters in any case; Chinese and digits as they are (no
            // allocation per row for them).
            let fold = t.chars().any(|c| c.is_alphabetic() && c.is_ascii());
            let lower = t.to_lowercase();
            let hit = [&s.name, &s.code, &s.implementing_unit, &s.budget_unit]
                .iter()
                .any(|v| {
                    if fold {
                        v.to_lowercase().contains(&lower)
                    } else {
                        v.contains(t)
                    }
                });
            if !hit {
                return false;
            }
        }
        if let Some(g) = &self.grade {
            if s.grade.as_ref() != Some(g) {
                return false;
            }
        }
        match self.state {
            None => true,
            Some(State::Final) => s.status == Status::Final,
            Some(State::Draft) => s.status == Status::Draft,
            Some(State::Errors) => s.error_count.unwrap_or(0) > 0,
            Some(State::Warnings) => s.warning_count.unwrap_or(0) > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(template: &str, unit: MoneyUnit, budget: Decimal, executed: Decimal) -> SummaryRow {
        SummaryRow {
            code: String::new(),
            name: "项目".into(),
            unit: "某单位".into(),
            year: "2023".into(),
            template: template.into(),
            money_unit: unit,
            annual_budget: Some(budget),
            executed: Some(executed),
            execution_rate: None,
            total_score: Some(dec!(91)),
            grade: Some("优".into()),
            status: None,
            errors: 0,
            warnings: 1,
        }
    }

    #[test]
    fn mixed_units_are_summed_in_yuan_exactly() {
        let s = Summary::new(vec![
            row("shenzhen", MoneyUnit::Yuan, dec!(50000), dec!(3657.80)),
            row("national", MoneyUnit::WanYuan, dec!(5), dec!(0.36578)),
        ]);
        assert_eq!(s.unit, MoneyUnit::Yuan);
        assert_eq!(s.totals.annual_budget, dec!(100000));
        assert_eq!(s.totals.executed, dec!(7315.60));
        assert_eq!(s.totals.execution_rate, Some(dec!(7.32)));
        assert_eq!(s.totals.with_warnings, 2);
        let j = s.to_json();
        assert_eq!(j["forms"][1]["executed"], "3657.80");
        assert_eq!(j["totals"]["executed"], "7315.60");
    }

    #[test]
    fn one_unit_stays_that_unit() {
        let s = Summary::new(vec![
            row("national", MoneyUnit::WanYuan, dec!(5), dec!(0.36578)),
            row("national", MoneyUnit::WanYuan, dec!(1.5), dec!(1.5)),
        ]);
        assert_eq!(s.unit, MoneyUnit::WanYuan);
        assert_eq!(s.money(s.totals.executed), "1.86578");
        // JSON is in 元 to the 分, whatever the forms' unit.
        assert_eq!(s.to_json()["totals"]["executed"], "18657.80");
        assert_eq!(s.to_json()["totals"]["annual_budget"], "65000.00");
        assert!(s
            .to_json_string()
            .ends_with(r#""grades":{"优":2,"良":0,"中":0,"差":0}}}"#));
    }

    #[test]
    fn rate_chart_is_per_form_or_per_band() {
        let mut rows: Vec<SummaryRow> = (0..5)
            .map(|i| {
                let mut r = row(
                    "shenzhen",
                    MoneyUnit::Yuan,
                    dec!(100),
                    Decimal::from(55 + i * 12),
                );
                r.execution_rate = Some(Decimal::from(55 + i * 12));
                r
            })
            .collect();
        rows[0].execution_rate = None;
        let s = Summary::new(rows);
        let (bars, per_form) = s.rate_chart(10);
        assert!(per_form);
        assert_eq!(bars.len(), 5);
        assert_eq!(bars[1].text, "67.00%");
        assert_eq!(bars[0].text, "未填金额");
        let (bands, per_form) = s.rate_chart(3);
        assert!(!per_form);
        // 67 | 79 → 60–80; 91 → 90–100; 103 → 100 and above; one without.
        let counts: Vec<f64> = bands.iter().map(|b| b.value).collect();
        assert_eq!(counts, [0.0, 2.0, 0.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn no_forms_still_lists_every_grade() {
        let s = Summary::new(Vec::new());
        let j = s.to_json();
        assert_eq!(j["totals"]["forms"], 0);
        assert_eq!(j["totals"]["execution_rate"], Value::Null);
        assert_eq!(j["totals"]["average_score"], Value::Null);
        assert_eq!(
            j["totals"]["grades"],
            json!({"优": 0, "良": 0, "中": 0, "差": 0})
        );
    }
}
