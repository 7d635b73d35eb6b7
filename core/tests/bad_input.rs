//! Bad input of every kind gives a clear Chinese error or issue naming the
//! place, and never panics.

use std::path::Path;

use rust_decimal_macros::dec;
use selfeval_core::format::{from_json, to_json};
use selfeval_core::model::Tier;
use selfeval_core::{evaluate_form, Field, Form, Severity};

fn seed() -> Form {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/seed/440303210301500003219.json");
    from_json(&std::fs::read_to_string(p).expect("fixture")).expect("seed loads")
}

/// A load error whose path and message contain the given fragments.
fn load_err(text: &str, path: &str, msg: &str) {
    let e = from_json(text).expect_err(text);
    assert!(
        e.path.contains(path),
        "path {:?} should contain {path:?} ({e})",
        e.path
    );
    assert!(
        e.message.contains(msg),
        "message {:?} should contain {msg:?}",
        e.message
    );
}

fn with_json(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&seed())).expect("json");
    edit(&mut v);
    v.to_string()
}

/// An issue of the given severity on the field whose message has `msg`.
fn issue(f: &Form, sev: Severity, field: Option<&str>, msg: &str) {
    let ev = evaluate_form(f).expect("evaluates");
    let found = ev.issues.iter().any(|i| {
        i.severity == sev
            && i.field.map(|x| x.to_string()).as_deref() == field
            && i.message.contains(msg)
    });
    assert!(
        found,
        "expected {sev:?} on {field:?} containing {msg:?}; got {:#?}",
        ev.issues
    );
}

fn edited(edit: impl FnOnce(&mut Form)) -> Form {
    let mut f = seed();
    edit(&mut f);
    f
}

#[test]
fn broken_files() {
    load_err("{", "第1行", "不是有效的 JSON");
    load_err("", "第1行", "不是有效的 JSON");
    load_err("[]", "", "应为对象");
    load_err(
        "{\"format\":\"other\",\"version\":1}",
        "format",
        "不是绩效自评表",
    );
    load_err("{\"version\":1}", "format", "不是 SelfEval");
    load_err(&with_json(|v| v["version"] = 2.into()), "version", "升级");
    load_err(&with_json(|v| v["version"] = 0.into()), "version", "不支持");
    load_err(
        &with_json(|v| v["version"] = "1".into()),
        "version",
        "缺少格式版本号",
    );
    load_err(
        "{\"format\":\"selfeval-form\",\"version\":1}",
        "form",
        "应为对象",
    );
}

#[test]
fn wrong_fields_and_types() {
    load_err(
        &with_json(|v| v["form"]["template"] = "beijing".into()),
        "form.template",
        "未知的模板",
    );
    load_err(
        &with_json(|v| {
            v["form"].as_object_mut().map(|o| o.remove("header"));
        }),
        "form.header",
        "应为对象",
    );
    load_err(
        &with_json(|v| v["form"]["header"]["name"] = true.into()),
        "form.header.name",
        "应为文本",
    );
    load_err(
        &with_json(|v| v["form"]["funds"]["total"]["executed"] = "abc".into()),
        "form.funds.total.executed",
        "不是数字",
    );
    load_err(
        &with_json(|v| v["form"]["funds"]["total"]["executed"] = "1.234".into()),
        "executed",
        "两位小数",
    );
    load_err(
        &with_json(|v| v["form"]["funds"]["total"]["executed"] = "99999999999999999".into()),
        "executed",
        "过大",
    );
    load_err(
        &with_json(|v| v["form"]["funds"]["total"]["executed"] = serde_json::json!({"a":1})),
        "executed",
        "应为数字文本",
    );
    load_err(
        &with_json(|v| v["form"]["indicators"] = "x".into()),
        "form.indicators",
        "应为数组",
    );
    load_err(
        &with_json(|v| {
            v["form"]["indicators"][0]
                .as_object_mut()
                .map(|o| o.remove("weight"));
        }),
        "form.indicators[0].weight",
        "缺少此字段",
    );
    load_err(
        &with_json(|v| v["form"]["indicators"][2]["colour"] = "red".into()),
        "form.indicators[2].colour",
        "未知字段",
    );
    load_err(
        &with_json(|v| v["form"]["indicators"][1]["tier"] = "great".into()),
        "form.indicators[1].tier",
        "未知的达成等级",
    );
    load_err(
        &with_json(|v| v["form"]["indicators"][1]["score"] = serde_json::json!([1])),
        "form.indicators[1].score",
        "应为数字文本",
    );
}

#[test]
fn unreadable_files() {
    use selfeval_core::import::read_file;
    let dir = std::env::temp_dir().join(format!("selfeval-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let latin1 = dir.join("latin1.json");
    std::fs::write(&latin1, [0xff, 0xfe, 0x7b]).expect("write");
    assert!(read_file(&latin1).unwrap_err().message.contains("UTF-8"));
    assert!(read_file(&dir.join("missing.json"))
        .unwrap_err()
        .message
        .contains("不存在"));
    let doc = dir.join("form.docx");
    std::fs::write(&doc, b"PK").expect("write");
    assert!(read_file(&doc)
        .unwrap_err()
        .message
        .contains("不支持的文件类型"));
    // A BOM at the start is fine.
    let bom = dir.join("bom.json");
    std::fs::write(&bom, format!("\u{feff}{}", to_json(&seed()))).expect("write");
    assert_eq!(read_file(&bom).expect("bom").len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn funds_mistakes() {
    let zero = edited(|f| {
        f.funds.total.annual_budget = Some(dec!(0));
        f.funds.current_year.annual_budget = Some(dec!(0));
    });
    issue(
        &zero,
        Severity::Error,
        Some("funds.total.annual_budget"),
        "全年预算数为 0",
    );
    let neg = edited(|f| f.funds.other.executed = Some(dec!(-5)));
    issue(
        &neg,
        Severity::Error,
        Some("funds.other.executed"),
        "不能为负",
    );
    let sums = edited(|f| f.funds.total.executed = Some(dec!(3000)));
    issue(
        &sums,
        Severity::Error,
        Some("funds.total.executed"),
        "之和为 3657.80",
    );
    let over = edited(|f| {
        f.funds.total.executed = Some(dec!(60000));
        f.funds.current_year.executed = Some(dec!(60000));
    });
    issue(
        &over,
        Severity::Warning,
        Some("funds.total.executed"),
        "超过全年预算数",
    );
    let missing = edited(|f| {
        f.funds.total.executed = None;
        f.funds.current_year.executed = None;
        f.funds.carried_over.executed = None;
        f.funds.other.executed = None;
    });
    issue(
        &missing,
        Severity::Error,
        Some("funds.total.executed"),
        "全年执行数未填写",
    );
    let weight = edited(|f| f.funds.weight = Some(dec!(20)));
    issue(
        &weight,
        Severity::Warning,
        Some("funds.weight"),
        "模板规定 10.00 分",
    );
}

#[test]
fn header_and_text_mistakes() {
    issue(
        &edited(|f| f.header.name.clear()),
        Severity::Error,
        Some("header.name"),
        "必填项",
    );
    issue(
        &edited(|f| f.header.name = "字".repeat(41)),
        Severity::Error,
        Some("header.name"),
        "共 41 字，超过模板限制的 40 字",
    );
    issue(
        &edited(|f| f.goals.expected = "目".repeat(2001)),
        Severity::Error,
        Some("goals.expected"),
        "超过模板限制的 2000 字",
    );
    issue(
        &edited(|f| f.indicators[0].deviation = "偏".repeat(2001)),
        Severity::Error,
        Some("indicators[0].deviation"),
        "2000 字",
    );
    issue(
        &edited(|f| f.header.code = "4403032103015000032".into()),
        Severity::Error,
        Some("header.code"),
        "21 位数字",
    );
    issue(
        &edited(|f| f.header.year = "二〇二三".into()),
        Severity::Error,
        Some("header.year"),
        "不是有效年份",
    );
    issue(
        &edited(|f| f.header.name = "(限40字以内)".into()),
        Severity::Error,
        Some("header.name"),
        "模板提示",
    );
    issue(
        &edited(|f| f.goals.actual.clear()),
        Severity::Error,
        Some("goals.actual"),
        "必填项",
    );
}

#[test]
fn indicator_mistakes() {
    issue(
        &edited(|f| f.indicators[0].name = "……".into()),
        Severity::Error,
        Some("indicators[0].name"),
        "占位",
    );
    issue(
        &edited(|f| f.indicators[0].actual = "#####".into()),
        Severity::Error,
        Some("indicators[0].actual"),
        "###",
    );
    issue(
        &edited(|f| f.indicators[0].score = Some(dec!(8))),
        Severity::Error,
        Some("indicators[0].score"),
        "超过分值",
    );
    issue(
        &edited(|f| f.indicators[0].score = Some(dec!(-1))),
        Severity::Error,
        Some("indicators[0].score"),
        "负数",
    );
    issue(
        &edited(|f| f.indicators[0].weight = None),
        Severity::Error,
        Some("indicators[0].weight"),
        "必填项",
    );
    issue(
        &edited(|f| f.indicators[0].level1 = "投入指标".into()),
        Severity::Error,
        Some("indicators[0].level1"),
        "不在模板中",
    );
    issue(
        &edited(|f| f.indicators[0].level2 = "社会效益指标".into()),
        Severity::Error,
        Some("indicators[0].level2"),
        "不属于「产出指标」",
    );
    issue(
        &edited(|f| f.indicators[0].target.clear()),
        Severity::Error,
        Some("indicators[0].target"),
        "必填项",
    );
    let mixed = edited(|f| {
        f.indicators[0].target = "≥5人".into();
        f.indicators[0].actual = "3次".into();
        f.indicators[0].score = None;
    });
    issue(
        &mixed,
        Severity::Error,
        Some("indicators[0].score"),
        "单位不一致",
    );
    let one = edited(|f| {
        f.indicators[4].target = "1".into();
        f.indicators[4].actual = "100%".into();
    });
    issue(
        &one,
        Severity::Warning,
        Some("indicators[4].target"),
        "100% 写成了 1",
    );
    let parts = edited(|f| f.indicators[5].actual = "100%".into());
    issue(
        &parts,
        Severity::Warning,
        Some("indicators[5].score"),
        "年度指标值有 2 项，实际完成值有 1 项",
    );
    let unmet = edited(|f| {
        f.indicators[0].actual = "150人次".into();
        f.indicators[0].score = None;
    });
    issue(
        &unmet,
        Severity::Warning,
        Some("indicators[0].deviation"),
        "未达到年度指标值",
    );
    let qual = edited(|f| {
        f.indicators[3].actual = "明显提升".into();
        f.indicators[3].score = None;
    });
    issue(
        &qual,
        Severity::Error,
        Some("indicators[3].score"),
        "请选择达成等级",
    );
    let band = edited(|f| {
        f.indicators[3].tier = Some(Tier::Achieved);
        f.indicators[3].score = Some(dec!(3));
    });
    issue(
        &band,
        Severity::Error,
        Some("indicators[3].score"),
        "不在「达成年度指标」对应的 5.60–7.00 分区间内",
    );
    let weights = edited(|f| f.indicators[0].weight = Some(dec!(5)));
    issue(
        &weights,
        Severity::Warning,
        None,
        "「产出指标」各行分值合计 48.00，模板规定 50.00 分",
    );
    let na = edited(|f| f.indicators[7].score = Some(dec!(2)));
    issue(
        &na,
        Severity::Error,
        Some("indicators[7].score"),
        "未使用的行",
    );
    let none = edited(|f| f.indicators.clear());
    issue(&none, Severity::Error, None, "尚未填写任何绩效指标");
    let apart = edited(|f| {
        let r = f.indicators.remove(0);
        f.indicators.push(r);
    });
    issue(
        &apart,
        Severity::Warning,
        Some("indicators[12].level1"),
        "不相邻",
    );
}

#[test]
fn issue_fields_point_at_real_cells() {
    // Every issue's field parses back and, for indicator rows, is within the form.
    let f = edited(|f| {
        f.header.name = "字".repeat(50);
        f.indicators[2].score = Some(dec!(100));
    });
    let ev = evaluate_form(&f).expect("evaluates");
    assert!(ev.has_errors());
    for i in &ev.issues {
        if let Some(Field::Indicator(n, _)) = i.field {
            assert!(n < f.indicators.len());
        }
        assert!(!i.message.is_empty());
    }
}

/// A qualitative row with its tier chosen and no 得分 never counts 0 silently.
#[test]
fn an_empty_qualitative_score_with_a_tier_names_the_band() {
    let f = edited(|f| {
        let i = f
            .indicators
            .iter()
            .position(|x| x.weight.is_some_and(|w| w == dec!(7)))
            .expect("a row of 分值 7");
        f.indicators[i].target = "有所提升".into();
        f.indicators[i].actual = "明显提升".into();
        f.indicators[i].tier = Some(Tier::Achieved);
        f.indicators[i].score = None;
    });
    let i = f.indicators.iter().position(|x| x.tier.is_some()).unwrap();
    issue(
        &f,
        Severity::Error,
        Some(&format!("indicators[{i}].score")),
        "请在 5.60–7.00 分内填写得分",
    );
}
