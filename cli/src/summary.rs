//! `selfeval summary FILE... [--db PATH] [--year Y] [--json] [--out F.xlsx|F.pdf]`:
//! the unit's 项目支出绩效自评结果汇总表 — one row per form, the totals.
//!
//! Forms come from the files given, and from the database: `--db`, or the
//! app's database when no file is given. `--year` keeps one 年度. Without
//! `--json` or `--out` the table is printed as text.
//!
//! Exit codes: 0 done; 1 the command line asks for something impossible;
//! 2 a file or the database could not be read, or the output not written.

use crate::out::outln;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selfeval_core::money::fmt2;
use selfeval_core::store::{paths, Query, Store};
use selfeval_core::summary::{self, Summary, SummaryRow};
use selfeval_core::Form;

#[derive(clap::Args)]
pub struct Args {
    /// Form files (.json; workbooks .xlsx, .xls, .ods …); none: the database.
    pub files: Vec<PathBuf>,
    /// Database whose forms to add (default, when no file is given: the app's).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Only the forms of this 年度.
    #[arg(long, value_name = "Y")]
    pub year: Option<String>,
    /// Print exactly one JSON object (amounts in 元, decimals as strings).
    #[arg(long)]
    pub json: bool,
    /// Write the 汇总表 to a file: .xlsx (for the budget system) or .pdf (to print).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Font file for the PDF (default: the settings' font, else an installed CJK font).
    #[arg(long)]
    pub font: Option<PathBuf>,
}

/// The summary of forms read from files, in the order given.
pub fn of_forms(forms: &[Form]) -> Result<Summary, String> {
    forms
        .iter()
        .map(|f| SummaryRow::of_form(f).map_err(|e| format!("「{}」：{e}", f.header.name)))
        .collect::<Result<Vec<_>, _>>()
        .map(Summary::new)
}

/// The database's live forms, by 项目编码 then 项目名称.
fn stored_rows(db: &Path, year: Option<&str>) -> Result<Vec<SummaryRow>, String> {
    if !db.is_file() {
        return Err(format!(
            "数据库文件 {} 不存在，请检查 --db 的路径",
            db.display()
        ));
    }
    let store = Store::open(db).map_err(|e| format!("无法打开数据库 {}：{e}", db.display()))?;
    let mut rows: Vec<SummaryRow> = store
        .list(&Query {
            year: year.map(str::to_string),
            ..Query::default()
        })
        .map_err(|e| e.to_string())?
        .iter()
        .map(SummaryRow::of_stored)
        .collect();
    SummaryRow::sort_by_code(&mut rows);
    Ok(rows)
}

enum Out {
    Xlsx,
    Pdf,
}

pub fn run(args: Args) -> ExitCode {
    let out_kind = match &args.out {
        None => None,
        Some(p) => match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
        {
            Some(e) if e == "xlsx" => Some(Out::Xlsx),
            Some(e) if e == "pdf" => Some(Out::Pdf),
            _ => {
                eprintln!(
                    "--out 应为 .xlsx 或 .pdf 文件，例如 --out 汇总表.xlsx（现为 {}）",
                    p.display()
                );
                return ExitCode::from(1);
            }
        },
    };
    let (forms, mut failed) = crate::export::read_all(&args.files);
    let year = args
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty());
    let forms: Vec<Form> = forms
        .into_iter()
        .map(|(_, f)| f)
        .filter(|f| year.is_none_or(|y| f.header.year.trim() == y))
        .collect();
    let mut rows = match of_forms(&forms) {
        Ok(s) => s.rows,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let db = match (&args.db, args.files.is_empty()) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => match paths::default_db_path() {
            Some(p) => Some(p),
            None => {
                eprintln!("找不到本机的应用数据文件夹；请给出自评表文件，或用 --db 指定数据库文件");
                return ExitCode::from(2);
            }
        },
        (None, false) => None,
    };
    if let Some(db) = db {
        match stored_rows(&db, year) {
            Ok(r) => rows.extend(r),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let s = Summary::new(rows);
    if let (Some(path), Some(kind)) = (&args.out, out_kind) {
        let bytes = match kind {
            Out::Xlsx => summary::xlsx::summary_workbook(&s).map_err(|e| e.to_string()),
            Out::Pdf => crate::export::pdf_options_from(
                args.db.as_deref(),
                args.font.as_deref(),
                false,
                &[],
            )
            .and_then(|o| summary::pdf::export(&s, &o).map_err(|e| e.to_string())),
        };
        match bytes.and_then(|b| {
            crate::export::make_parent(path)?;
            selfeval_core::atomic_file::write(path, &b).map_err(|e| {
                format!(
                    "无法写入 {}：{}",
                    path.display(),
                    selfeval_core::import::io_message(&e)
                )
            })
        }) {
            Ok(()) => {
                if !args.json {
                    outln!("已导出 {}（{} 张表）", path.display(), s.rows.len());
                }
            }
            Err(e) => {
                eprintln!("导出失败：{e}");
                failed = true;
            }
        }
    }
    if args.json {
        outln!("{}", s.to_json_string());
    } else if args.out.is_none() {
        print_text(&s);
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(s: &Summary) {
    outln!("{}", summary::TITLE);
    outln!("{}", summary::xlsx::subtitle(s));
    let dash = || "—".to_string();
    for (i, r) in s.rows.iter().enumerate() {
        let code = if r.code.is_empty() {
            String::new()
        } else {
            format!("【{}】", r.code)
        };
        outln!(
            "{:>3}. {code}{}（{}年度）  {}",
            i + 1,
            r.name,
            r.year,
            r.unit
        );
        outln!(
            "     全年预算数 {}  全年执行数 {}  执行率 {}%  总分 {}  等级 {}  {}",
            r.annual_budget.map_or_else(dash, |d| s.money(d)),
            r.executed.map_or_else(dash, |d| s.money(d)),
            r.execution_rate.map_or_else(dash, fmt2),
            r.total_score.map_or_else(dash, fmt2),
            r.grade.clone().unwrap_or_else(dash),
            if r.errors > 0 {
                format!("{}，{} 个错误", r.status_label(), r.errors)
            } else {
                r.status_label().to_string()
            },
        );
    }
    let t = &s.totals;
    outln!(
        "合计 {} 张：全年预算数 {}  全年执行数 {}  执行率 {}%  平均总分 {}",
        t.forms,
        s.money(t.annual_budget),
        s.money(t.executed),
        t.execution_rate.map_or_else(dash, fmt2),
        t.average_score.map_or_else(dash, fmt2),
    );
    outln!(
        "等级：{}；有错误 {} 张，有提醒 {} 张，已定稿 {} 张",
        summary::xlsx::grade_line(s),
        t.with_errors,
        t.with_warnings,
        t.finalised
    );
}
