//! The CLI's human output names cells as the officer sees them on the form
//! (「产出指标 / 数量指标 第1行「…」 · 得分」), never by an internal address
//! (`indicators[0].score`), over every seed form, a blank form, the seeds
//! carried to the next year and the seeds with typical mistakes.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use selfeval_core::format::{from_json, to_json};
use selfeval_core::store::forms::carried_forward;
use selfeval_core::{Form, Template};

mod common;
#[path = "../../core/tests/support/field_paths.rs"]
mod field_paths;
use field_paths::internal_path;

fn write(dir: &Path, name: &str, f: &Form) -> PathBuf {
    let p = dir.join(format!("{name}.json"));
    std::fs::write(&p, to_json(f)).unwrap();
    p
}

#[test]
fn check_output_names_cells_in_chinese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let mut files = common::seed_files();
    files.push(write(
        dir,
        "blank",
        &Form::blank(Template::default_template()),
    ));
    for (k, seed) in common::seed_files().iter().enumerate() {
        let f = from_json(&std::fs::read_to_string(seed).unwrap()).unwrap();
        files.push(write(dir, &format!("next-{k}"), &carried_forward(&f, None)));
        let mut bad = f.clone();
        bad.indicators[0].score = Some(Decimal::from(99));
        bad.indicators[1].weight = None;
        bad.header.code = "12".into();
        bad.funds.total.executed = None;
        files.push(write(dir, &format!("bad-{k}"), &bad));
    }
    let args: Vec<String> = std::iter::once("check".to_string())
        .chain(files.iter().map(|p| p.to_string_lossy().to_string()))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = common::selfeval_in(dir, &args);
    assert_eq!(o.status.code(), Some(1), "forms with errors exit 1");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        out.lines().filter(|l| l.contains("[错误]")).count() > 50,
        "{out}"
    );
    assert!(out.contains("资金 · 年度资金总额 · 全年执行数："), "{out}");
    assert!(out.contains(" 第1行「"), "rows named by their group: {out}");
    for line in out.lines().chain(err.lines()) {
        assert!(internal_path(line).is_none(), "internal path in 「{line}」");
    }
}
