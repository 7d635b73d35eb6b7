//! `selfeval check FILE... [--json]`.

use crate::out::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;
use selfeval_core::money::fmt2;
use selfeval_core::xlsx::Problem;
use selfeval_core::{evaluate_form, Evaluation, Form, Severity};
use serde_json::{json, Value};

fn opt(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(fmt2(d)))
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn severity_tag(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "提醒",
    }
}

/// The `--json` shape of one form; `problems`: what reading its file found
/// (issues with the sheet and cell instead of a field).
pub fn form_json(form: &Form, ev: &Evaluation, problems: &[Problem]) -> Value {
    let mut issues: Vec<Value> = problems
        .iter()
        .map(|p| {
            json!({
                "severity": severity_key(p.severity),
                "field": null,
                "sheet": p.sheet,
                "cell": p.cell,
                "message": p.message,
            })
        })
        .collect();
    issues.extend(ev.issues.iter().map(|is| {
        json!({
            "severity": severity_key(is.severity),
            "field": is.field.map(|f| f.to_string()),
            "message": is.message,
        })
    }));
    json!({
        "template": form.template,
        "code": form.header.code,
        "name": form.header.name,
        "funds": {
            "execution_rate": opt(ev.funds.execution_rate),
            "score": opt(ev.funds.score),
        },
        "indicators": form.indicators.iter().zip(&ev.indicators).map(|(i, e)| json!({
            "name": i.name,
            "weight": opt(i.weight),
            "score": opt(i.score),
            "suggested_score": opt(e.judgement.suggested),
        })).collect::<Vec<_>>(),
        "total_score": fmt2(ev.total_score),
        "grade": ev.grade,
        "issues": issues,
    })
}

fn print_text(form: &Form, ev: &Evaluation, problems: &[Problem]) {
    let h = &form.header;
    if h.code.trim().is_empty() {
        outln!("{}（{}年度）", h.name, h.year);
    } else {
        outln!("【{}】{}（{}年度）", h.code, h.name, h.year);
    }
    outln!(
        "  资金：执行率 {}%，得分 {} / {}",
        ev.funds
            .execution_rate
            .map(fmt2)
            .unwrap_or_else(|| "—".into()),
        ev.funds.score.map(fmt2).unwrap_or_else(|| "—".into()),
        fmt2(ev.funds.weight)
    );
    for (i, (ind, e)) in form.indicators.iter().zip(&ev.indicators).enumerate() {
        outln!(
            "  {:>2}. {}/{} {}：分值 {}，得分 {}，建议 {}",
            i + 1,
            ind.level1,
            ind.level2,
            ind.name,
            ind.weight.map(fmt2).unwrap_or_else(|| "—".into()),
            ind.score.map(fmt2).unwrap_or_else(|| "—".into()),
            e.judgement
                .suggested
                .map(fmt2)
                .unwrap_or_else(|| "—".into()),
        );
    }
    outln!(
        "  总分：{} / {}（等级：{}）",
        fmt2(ev.total_score),
        fmt2(ev.total_weight),
        ev.grade
    );
    if ev.issues.is_empty() && problems.is_empty() {
        outln!("  没有发现问题。");
    }
    for p in problems {
        outln!("  [{}] {p}", severity_tag(p.severity));
    }
    for is in &ev.issues {
        let tag = severity_tag(is.severity);
        outln!("  [{tag}] {}", is.text_in(form));
    }
    outln!();
}

pub fn run(files: &[PathBuf], as_json: bool) -> ExitCode {
    let mut forms = Vec::new();
    let mut unreadable = false;
    let mut has_errors = false;
    for path in files {
        match selfeval_core::import::read_forms(path) {
            Ok(read) => {
                for note in &read.notes {
                    eprintln!("{}：{note}", path.display());
                }
                for rf in read.forms {
                    let f = &rf.form;
                    match evaluate_form(f) {
                        Ok(ev) => {
                            has_errors |= ev.has_errors() || rf.has_errors();
                            if !as_json {
                                print_text(f, &ev, &rf.problems);
                            }
                            forms.push(form_json(f, &ev, &rf.problems));
                        }
                        Err(e) => {
                            eprintln!("{}：{e}", path.display());
                            unreadable = true;
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("无法读取 {e}");
                unreadable = true;
            }
        }
    }
    if as_json {
        outln!("{}", json!({ "forms": forms }));
    }
    if unreadable {
        ExitCode::from(2)
    } else if has_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
