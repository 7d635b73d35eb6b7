//! `selfeval check FILE... [--json]`.

use crate::out::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;
use selfeval_core::money::fmt2;
use selfeval_core::{evaluate_form, Evaluation, Form, Severity};
use serde_json::{json, Value};

fn opt(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(fmt2(d)))
}

/// The `--json` shape of one form.
pub fn form_json(form: &Form, ev: &Evaluation) -> Value {
    json!({
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
        "issues": ev.issues.iter().map(|is| json!({
            "severity": match is.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "field": is.field.map(|f| f.to_string()),
            "message": is.message,
        })).collect::<Vec<_>>(),
    })
}

fn print_text(form: &Form, ev: &Evaluation) {
    let h = &form.header;
    outln!("【{}】{}（{}年度）", h.code, h.name, h.year);
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
        "  总分：{} / {}",
        fmt2(ev.total_score),
        fmt2(ev.total_weight)
    );
    if ev.issues.is_empty() {
        outln!("  没有发现问题。");
    }
    for is in &ev.issues {
        let tag = match is.severity {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        };
        match is.field {
            Some(f) => outln!("  [{tag}] {f}：{}", is.message),
            None => outln!("  [{tag}] {}", is.message),
        }
    }
    outln!();
}

pub fn run(files: &[PathBuf], as_json: bool) -> ExitCode {
    let mut forms = Vec::new();
    let mut unreadable = false;
    let mut has_errors = false;
    for path in files {
        match selfeval_core::import::read_file(path) {
            Ok(fs) => {
                for f in fs {
                    match evaluate_form(&f) {
                        Ok(ev) => {
                            has_errors |= ev.has_errors();
                            if !as_json {
                                print_text(&f, &ev);
                            }
                            forms.push(form_json(&f, &ev));
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
