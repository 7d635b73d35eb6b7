//! `selfeval summary FILE... [--db PATH] [--year Y] [--json] [--out F.xlsx|F.pdf]`
//! and `selfeval export FILE... --format pdf --one-file --out all.pdf [--summary]`:
//! the contract's JSON shape, the files written, the grade in `check`, and
//! clear refusals.

use std::path::Path;

mod common;
#[path = "../../core/tests/support/host_tool.rs"]
mod host_tool;
use common::seed_files;

fn selfeval(args: &[&str], home: &Path) -> std::process::Output {
    common::selfeval_in(home, args)
}

fn seeds_then(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = seed_files()
        .iter()
        .map(|p| p.to_string_lossy().to_string())
        .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn run(cmd: &str, args: &[String], home: &Path) -> std::process::Output {
    let mut all: Vec<&str> = vec![cmd];
    all.extend(args.iter().map(String::as_str));
    selfeval(&all, home)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn summary_json_is_one_object_of_the_contract() {
    let home = tempfile::tempdir().unwrap();
    let o = run("summary", &seeds_then(&["--json"]), home.path());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let forms = v["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 7);
    let keys: Vec<&str> = forms[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = [
        "code",
        "name",
        "unit",
        "year",
        "annual_budget",
        "executed",
        "execution_rate",
        "total_score",
        "grade",
        "errors",
        "warnings",
    ];
    let mut got = keys.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(forms.iter().all(|f| f["grade"] == "优"));
    let d = forms.iter().find(|f| f["name"] == "党政事务").unwrap();
    assert_eq!(d["annual_budget"], "50000.00");
    assert_eq!(d["executed"], "3657.80");
    assert_eq!(d["execution_rate"], "7.32");
    assert_eq!(d["year"], "2023");
    let t = &v["totals"];
    assert_eq!(t["forms"], 7);
    // Σ of the printed 全年预算数 / 全年执行数 of the seven seeds.
    let sum = |k: &str| -> rust_decimal::Decimal {
        forms
            .iter()
            .map(|f| {
                f[k].as_str()
                    .unwrap()
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum()
    };
    assert_eq!(t["annual_budget"], format!("{:.2}", sum("annual_budget")));
    assert_eq!(t["executed"], format!("{:.2}", sum("executed")));
    assert!(
        out.ends_with("\"grades\":{\"优\":7,\"良\":0,\"中\":0,\"差\":0}}}\n"),
        "{out}"
    );
    // --year keeps one year.
    let o = run(
        "summary",
        &seeds_then(&["--json", "--year", "2024"]),
        home.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["forms"], 0);
}

#[test]
fn summary_reads_the_database_and_writes_xlsx_and_pdf() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.db");
    let db_s = db.to_string_lossy().to_string();
    let mut import = vec![
        "db".to_string(),
        "--db".into(),
        db_s.clone(),
        "import".into(),
    ];
    import.extend(seeds_then(&[]));
    let o = selfeval(
        &import.iter().map(String::as_str).collect::<Vec<_>>(),
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = selfeval(
        &["summary", "--db", &db_s, "--year", "2023", "--json"],
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["forms"], 7);
    // Sorted by 项目编码, as the 汇总表 prints them.
    let codes: Vec<&str> = v["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);

    let xlsx = home.path().join("out/汇总表.xlsx");
    let o = selfeval(
        &["summary", "--db", &db_s, "--out", &xlsx.to_string_lossy()],
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("已导出"), "{}", text(&o.stdout));
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let pdf = home.path().join("out/汇总表.pdf");
    let o = selfeval(
        &["summary", "--db", &db_s, "--out", &pdf.to_string_lossy()],
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let t = host_tool::command("pdftotext")
        .arg(host_tool::arg(&pdf))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let t: String = text(&t.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(t.contains("项目支出绩效自评结果汇总表"), "{t}");
    assert!(
        t.contains("党政事务") && t.contains("合计（7个项目）"),
        "{t}"
    );

    // Text output names every form and the totals.
    let o = selfeval(&["summary", "--db", &db_s], home.path());
    let out = text(&o.stdout);
    assert!(
        out.contains("合计 7 张") && out.contains("优7 良0 中0 差0"),
        "{out}"
    );
}

#[test]
fn summary_refuses_what_it_cannot_do() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        "summary",
        &seeds_then(&["--out", "汇总表.docx"]),
        home.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains(".xlsx 或 .pdf"),
        "{}",
        text(&o.stderr)
    );
    let missing = home.path().join("none.db");
    let o = selfeval(
        &["summary", "--db", &missing.to_string_lossy(), "--json"],
        home.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("不存在"), "{}", text(&o.stderr));
}

fn pages(pdf: &Path) -> usize {
    let o = host_tool::command("pdfinfo")
        .arg(host_tool::arg(pdf))
        .output()
        .expect("pdfinfo");
    text(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn one_file_pdf_holds_every_form_after_the_summary() {
    let home = tempfile::tempdir().unwrap();
    let one = home.path().join("one");
    let o = run(
        "export",
        &seeds_then(&["--format", "pdf", "--out", &one.to_string_lossy()]),
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let each: usize = std::fs::read_dir(&one)
        .unwrap()
        .flatten()
        .map(|e| pages(&e.path()))
        .sum();
    let all = home.path().join("all.pdf");
    let o = run(
        "export",
        &seeds_then(&[
            "--format",
            "pdf",
            "--one-file",
            "--summary",
            "--out",
            &all.to_string_lossy(),
        ]),
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("7 张表，汇总表在前"));
    assert_eq!(pages(&all), each + 1);
    let without = home.path().join("forms.pdf");
    let o = run(
        "export",
        &seeds_then(&[
            "--format",
            "pdf",
            "--one-file",
            "--out",
            &without.to_string_lossy(),
        ]),
        home.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(pages(&without), each);

    // Refused: XLSX, --summary alone, a folder.
    for (extra, want) in [
        (
            vec!["--format", "xlsx", "--one-file", "--out", "a.xlsx"],
            "--one-workbook",
        ),
        (
            vec!["--format", "pdf", "--summary", "--out", "a.pdf"],
            "--one-file",
        ),
        (
            vec!["--format", "pdf", "--one-file", "--out", "folder"],
            ".pdf 文件",
        ),
    ] {
        let o = run("export", &seeds_then(&extra), home.path());
        assert_eq!(o.status.code(), Some(1), "{extra:?}");
        assert!(
            text(&o.stderr).contains(want),
            "{extra:?}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn check_shows_the_grade() {
    let home = tempfile::tempdir().unwrap();
    let o = run("check", &seeds_then(&[]), home.path());
    let out = text(&o.stdout);
    assert_eq!(out.matches("（等级：优）").count(), 7, "{out}");
    let o = run("check", &seeds_then(&["--json"]), home.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in v["forms"].as_array().unwrap() {
        assert_eq!(f["grade"], "优");
        assert!(f["total_score"].is_string());
    }
}
