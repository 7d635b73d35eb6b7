//! Templates as files: a fourth region's template added as a file only (no
//! code) fills, checks, exports and imports a form; broken template files are
//! each refused whole with a Chinese message naming the key, never a panic.

mod xlsx_util;

use std::path::PathBuf;

use rust_decimal::Decimal;
use selfeval_core::edit::{apply, Edit};
use selfeval_core::layout::{build_form, LayoutOptions};
use selfeval_core::pdf::{export_pdf, PdfOptions};
use selfeval_core::template::{convert, load_user_dir, register_file};
use selfeval_core::xlsx::{form_workbook, import_bytes, ExportOptions};
use selfeval_core::{evaluate_form, format, Field, Form, Template};
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/templates/hubei.json")
}

fn set(form: &Form, field: &str, text: &str) -> Form {
    let field: Field = field.parse().unwrap();
    let out = apply(
        form,
        &Edit::Set {
            field,
            text: text.into(),
        },
    )
    .unwrap();
    assert!(out.rejected.is_empty(), "{field}: {:?}", out.rejected);
    out.form
}

#[test]
fn a_fourth_template_is_a_file_only() {
    let t = register_file(&fixture()).unwrap();
    assert_eq!(t.id, "hubei");
    assert!(Template::available().iter().any(|x| x.id == "hubei"));
    // Fill a blank form the way the editor does.
    let mut f = Form::blank(t);
    assert!(f.indicators.iter().any(|i| i.level1 == "过程指标"));
    for (k, v) in [
        ("header.name", "社区养老服务"),
        ("header.year", "2024"),
        ("header.budget_unit", "某市民政局"),
        ("header.implementing_unit", "某市养老服务中心"),
        ("texts.fill_date", "2025年3月1日"),
        ("texts.contact", "李四"),
        ("texts.phone", "027-12345678"),
        ("funds.current_year.annual_budget", "200000.00"),
        ("funds.current_year.executed", "190000.00"),
        ("goals.expected", "为辖区老人提供日间照料"),
        ("goals.actual", "全年服务老人1200人次"),
    ] {
        f = set(&f, k, v);
    }
    // An unknown text cell of this template is refused, not stored.
    let bad = apply(
        &f,
        &Edit::Set {
            field: "texts.conclusion".parse().unwrap(),
            text: "x".into(),
        },
    );
    assert!(bad.is_err());
    for (i, ind) in f.indicators.clone().iter().enumerate() {
        let w = t.level1_weight(&ind.level1).unwrap();
        let n = f
            .indicators
            .iter()
            .filter(|x| x.level1 == ind.level1)
            .count();
        let weight = w / Decimal::from(n as u32);
        f.indicators[i].name = format!("指标{}", i + 1);
        f.indicators[i].target = "≥100人次".into();
        f.indicators[i].actual = "95人次".into();
        f.indicators[i].weight = Some(weight.round_dp(2));
        f.indicators[i].deviation = "受天气影响".into();
    }
    let ev = evaluate_form(&f).unwrap();
    assert_eq!(ev.funds.execution_rate, Some(Decimal::new(9500, 2)));
    assert_eq!(ev.funds.score, Some(Decimal::new(950, 2)));
    // The layout follows the file: 预算数(A) and 填报日期 are on the form.
    let (layout, _) = build_form(&f, &LayoutOptions::default()).unwrap();
    let texts: Vec<String> = layout.cells().map(|c| c.content.display()).collect();
    for want in [
        "预算数(A)",
        "填报日期",
        "2025年3月1日",
        "（2024年度）",
        "过程指标\n(10分)",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
    }
    // JSON, XLSX and PDF.
    assert_eq!(format::from_json(&format::to_json(&f)).unwrap(), f);
    let bytes = form_workbook(&f, &ExportOptions::default()).unwrap();
    let imp = import_bytes(&bytes).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms[0], f);
    let foreign =
        xlsx_util::foreign_workbook(std::slice::from_ref(&f), &xlsx_util::Foreign::default());
    let imp = import_bytes(&foreign).unwrap();
    assert_eq!(imp.forms[0].template, "hubei");
    assert_eq!(imp.forms[0], xlsx_util::as_printed(&f));
    assert!(export_pdf(&f, &PdfOptions::default())
        .unwrap()
        .starts_with(b"%PDF-"));
    // A Shenzhen form with 上年结转资金 cannot lose it to this template.
    let mut s = Form::blank(Template::default_template());
    s.funds.carried_over.executed = Some(Decimal::ONE);
    assert!(convert(&s, t).is_err());
}

fn shenzhen() -> Value {
    serde_json::to_value(Template::default_template()).unwrap()
}

/// Write `v` as a template file and try to load it.
fn refused(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(format!("{name}.json"));
    std::fs::write(&p, text).unwrap();
    let e = register_file(&p).expect_err(name).to_string();
    // Refused whole: nothing of it is offered.
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        if let Some(id) = v["id"].as_str() {
            if id != "shenzhen" {
                assert!(Template::by_id(id).is_err(), "{name}: half-loaded");
            }
        }
    }
    e
}

fn with(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = shenzhen();
    v["id"] = json!("broken");
    edit(&mut v);
    v.to_string()
}

#[test]
fn broken_template_files_are_refused_with_the_key() {
    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "syntax",
            "{\"format\": 1, \"id\": ".into(),
            &["不是有效的 JSON", "第1行"],
        ),
        ("not an object", "[1, 2]".into(), &["值的类型不对"]),
        (
            "missing id",
            with(|v| {
                v.as_object_mut().unwrap().remove("id");
            }),
            &["缺少必需的键「id」"],
        ),
        (
            "missing layout",
            with(|v| {
                v.as_object_mut().unwrap().remove("layout");
            }),
            &["「layout」"],
        ),
        (
            "unknown key",
            with(|v| v["colour"] = json!("red")),
            &["未知的键「colour」"],
        ),
        (
            "newer format",
            with(|v| v["format"] = json!(2)),
            &["format", "版本为 2"],
        ),
        (
            "bad id",
            with(|v| v["id"] = json!("Bad Id")),
            &["「id」", "Bad Id"],
        ),
        (
            "builtin id",
            {
                let mut v = shenzhen();
                v["name"] = json!("另一个");
                v.to_string()
            },
            &["「id」", "内置模板"],
        ),
        (
            "limit zero",
            with(|v| v["fields"]["header.name"]["limit"] = json!(0)),
            &["fields.header.name.limit", "大于 0"],
        ),
        (
            "limit negative",
            with(|v| v["fields"]["header.name"]["limit"] = json!(-5)),
            &["值的类型不对"],
        ),
        (
            "unknown cell",
            with(|v| {
                v["fields"]["header.phone"] =
                    json!({"label": "电话", "limit": 20, "required": false})
            }),
            &["fields.header.phone", "未知的单元格"],
        ),
        (
            "weights",
            with(|v| v["level1"][0]["weight"] = json!("40")),
            &["「weights」", "90", "应为 100"],
        ),
        (
            "duplicate level1",
            with(|v| {
                let l = v["level1"][1].clone();
                v["level1"][1]["name"] = l["name"].clone();
                v["level1"][1]["name"] = json!("产出指标");
            }),
            &["level1[1].name", "重复"],
        ),
        (
            "unknown funds meaning",
            with(|v| v["layout"]["sections"][2]["columns"][0]["value"] = json!("budget")),
            &["未知的取值「budget」"],
        ),
        (
            "unknown money unit",
            with(|v| v["money_unit"] = json!("千元")),
            &["未知的取值「千元」"],
        ),
        (
            "overlapping cells",
            with(|v| v["layout"]["sections"][1]["rows"][0][1]["span"] = json!(3)),
            &["layout.sections[1].rows[0]", "共占 10 列", "不重叠"],
        ),
        (
            "row not covered",
            with(|v| v["layout"]["sections"][1]["rows"][1][1]["span"] = json!(1)),
            &["layout.sections[1].rows[1]", "共占 7 列"],
        ),
        (
            "unknown indicator column",
            with(|v| v["layout"]["sections"][4]["columns"][3]["column"] = json!("goal")),
            &["layout.sections[4].columns[3].column", "goal"],
        ),
        (
            "duplicate indicator column",
            with(|v| v["layout"]["sections"][4]["columns"][4]["column"] = json!("target")),
            &["layout.sections[4].columns[4].column", "重复"],
        ),
        (
            "field without settings",
            with(|v| {
                v["fields"].as_object_mut().unwrap().remove("header.year");
            }),
            &["header.year", "fields 中没有"],
        ),
        (
            "cell with two contents",
            with(|v| v["layout"]["sections"][1]["rows"][0][0]["text"] = json!("编码")),
            &["layout.sections[1].rows[0][0]", "只能有"],
        ),
        (
            "too wide",
            with(|v| v["layout"]["columns_mm"][8] = json!(80)),
            &["layout.columns_mm", "182"],
        ),
        (
            "cost of unknown group",
            with(|v| v["cost_default_reverse"] = json!(["费用指标"])),
            &["cost_default_reverse[0]", "费用指标"],
        ),
        (
            "no funds section",
            with(|v| {
                v["layout"]["sections"].as_array_mut().unwrap().remove(2);
            }),
            &["缺少 funds 版块"],
        ),
        (
            "far exceeded ratio",
            with(|v| v["far_exceeded_ratio"] = json!("0.8")),
            &["far_exceeded_ratio"],
        ),
        (
            "placed twice",
            with(|v| v["layout"]["sections"][1]["rows"][1][1]["field"] = json!("header.name")),
            &["header.name", "不止一次"],
        ),
        (
            "grades out of order",
            with(|v| {
                v["grades"] = json!([{"name": "优", "min": "80"}, {"name": "良", "min": "90"},
                    {"name": "差", "min": "0"}])
            }),
            &["grades[1]", "从高到低"],
        ),
        (
            "grades leave low scores without a grade",
            with(|v| {
                v["grades"] = json!([{"name": "优", "min": "90"}, {"name": "良", "min": "60"}])
            }),
            &["grades[1]", "应为 0"],
        ),
        (
            "grade named twice",
            with(|v| {
                v["grades"] = json!([{"name": "优", "min": "90"}, {"name": "优", "min": "0"}])
            }),
            &["grades[1]", "重复"],
        ),
        (
            "no grades",
            with(|v| v["grades"] = json!([])),
            &["grades", "至少"],
        ),
    ];
    assert!(cases.len() >= 15);
    for (name, text, wants) in cases {
        let e = refused(name, &text);
        assert!(e.starts_with("模板文件"), "{name}: {e}");
        for w in wants {
            assert!(e.contains(w), "{name}: «{w}» not in «{e}»");
        }
    }
}

#[test]
fn a_folder_of_templates_loads_the_good_and_names_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(), dir.path().join("hubei.json")).unwrap();
    std::fs::write(dir.path().join("坏的.json"), "{ not json").unwrap();
    std::fs::write(dir.path().join("readme.txt"), "not a template").unwrap();
    let got = load_user_dir(dir.path());
    assert_eq!(got.loaded.len(), 1);
    assert_eq!(got.loaded[0].0, "hubei");
    assert_eq!(got.refused.len(), 1);
    assert!(got.refused[0].0.ends_with("坏的.json"));
    // A second template with the same id but other content is refused.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    v["name"] = json!("另一个湖北");
    let p = dir.path().join("other.json");
    std::fs::write(&p, v.to_string()).unwrap();
    let e = register_file(&p).unwrap_err().to_string();
    assert!(e.contains("已有另一个 id 为「hubei」的模板"), "{e}");
    // A missing folder offers none.
    assert!(load_user_dir(&dir.path().join("none")).loaded.is_empty());
}
