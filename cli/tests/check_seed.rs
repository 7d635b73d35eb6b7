//! `selfeval check tests/fixtures/seed/*.json --json` reproduces every number
//! printed on the seven seed forms (../shared/seeds), transcribed here by hand
//! from the printed forms, independently of the fixtures' own score cells.

use std::process::Command;

use serde_json::Value;

mod common;

/// How the engine reads a row. For every kind the suggested score is the
/// printed 得分.
#[derive(Clone, Copy, Debug, PartialEq)]
enum K {
    /// Quantitative.
    Q,
    /// Qualitative with a percentage actual (达成 → the full 分值).
    L,
    /// Qualitative time target against the period the actual names
    /// (第四季度前完成 / 第三季度).
    T,
    /// Unused row (无 / 不适用): suggestion 0.
    N,
}
use K::*;

struct Seed {
    code: &'static str,
    rate: &'static str,
    funds_score: &'static str,
    total: &'static str,
    /// (三级指标, printed 得分 — for `#####` cells the value the printed total implies, kind)
    rows: &'static [(&'static str, &'static str, K)],
}

const SEEDS: &[Seed] = &[
    Seed {
        code: "440303210301500003219",
        rate: "7.32",
        funds_score: "0.73",
        total: "90.73",
        rows: &[
            ("参与党建活动人数", "7.00", Q),
            ("订阅（购置）学习刊物", "7.00", Q),
            ("开展党建活动次数", "7.00", Q),
            ("党建活动模式创新情况", "7.00", L),
            ("党建活动参与率", "7.00", Q),
            ("党建相关工作及时率；资金支出及时率", "7.00", Q),
            ("项目成本", "8.00", Q),
            ("无", "0.00", N),
            ("党建素养及知识提升员工比例", "30.00", Q),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("满意度", "10.00", Q),
            ("无", "0.00", N),
        ],
    },
    Seed {
        code: "440303210301500002808",
        rate: "95.36",
        funds_score: "9.54",
        total: "99.54",
        rows: &[
            ("健康管理干部数量", "12.50", Q),
            ("健康管理干部级别符合率", "12.50", Q),
            ("2023年1月-2023年12月", "12.50", Q),
            ("干部健康管理经费", "12.50", Q),
            ("无", "0.00", N),
            ("增强干部关心关爱", "30.00", L),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("健康管理干部满意", "10.00", L),
            ("无", "0.00", N),
        ],
    },
    Seed {
        code: "440303210301500003483",
        rate: "96.99",
        funds_score: "9.70",
        total: "99.70",
        rows: &[
            ("推文发布数", "10.00", Q),
            ("技术论证完成率", "10.00", Q),
            ("技术论证通过率", "10.00", Q),
            ("项目完成及时性", "10.00", Q),
            ("支出进度达标率", "10.00", Q),
            ("无", "0.00", N),
            ("宣传知晓率", "30.00", Q),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("公众满意度", "10.00", L),
            ("无", "0.00", N),
        ],
    },
    Seed {
        code: "440303221551547100500",
        rate: "92.78",
        funds_score: "9.28",
        total: "98.16",
        rows: &[
            ("叫号数量", "5.07", Q),
            ("辅助性人员工资发放批次", "6.00", Q),
            ("制定大厅管理系列制度", "6.00", Q),
            ("项目验收合格率", "6.00", Q),
            ("辅助性人员工资发放准确率", "6.00", Q),
            ("2023年度项目资金完成率", "6.00", Q),
            ("项目完成及时率", "6.00", Q),
            ("支出进度达标率", "7.81", Q),
            ("不适用", "0.00", N),
            ("提高企业群众办事效率", "30.00", L),
            ("不适用", "0.00", N),
            ("不适用", "0.00", N),
            ("群众满意率", "10.00", Q),
            ("不适用", "0.00", N),
        ],
    },
    Seed {
        code: "440303241553147100000",
        rate: "95.95",
        funds_score: "9.60",
        total: "99.60",
        rows: &[
            ("辅助性人员工资发放批次", "12.50", Q),
            ("辅助性人员工资发放准确率", "12.50", Q),
            ("辅助性人员工资发放及时率", "12.50", Q),
            ("支出进度达标率", "12.50", Q),
            ("无", "0.00", N),
            ("增强辅助性人员的关心关爱", "30.00", L),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("辅助性人员的满意程度", "10.00", Q),
            ("无", "0.00", N),
        ],
    },
    Seed {
        code: "440303221551547700000",
        rate: "91.63",
        funds_score: "9.16",
        total: "99.09",
        rows: &[
            ("印制创文公益广告数量；印制创文宣传手册；印制行业规范", "6.00", Q),
            ("处理合同个数；法律咨询及处理其他法律事务完成率", "6.00", Q),
            ("整理档案数量完成率", "6.00", Q),
            ("创文工作检查指标合格率", "6.00", L),
            ("合同审核完成率；法律咨询意见有效率", "6.00", Q),
            ("档案整理工作规范性", "6.00", Q),
            ("于第四季度结束前完成相关工作", "6.00", T),
            ("按年签订法律顾问合同， 一次性付款。", "6.00", T),
            ("支出进度达标率", "1.93", Q),
            ("无", "0.00", N),
            ("加强规范治理、 控制法律风险", "10.00", L),
            ("档案管理工作规范化", "10.00", L),
            ("文明氛围", "10.00", L),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("创文区考部门绩效指标得分", "4.00", Q),
            ("各科室满意度", "3.00", Q),
            ("各科室满意度", "3.00", Q),
            ("无", "0.00", N),
        ],
    },
    Seed {
        code: "440303210301500003345",
        rate: "99.93",
        funds_score: "9.99",
        total: "99.99",
        rows: &[
            ("办结分派至罗湖区的“12345政务服务便民热线”工单", "5.00", Q),
            ("知识库运维及管理更新量", "5.00", Q),
            ("政务热线标签管理；深入撰写政务热线周报与月报；区热线管理部门召开关于梳理讨论罗湖区政务热线诉求疑难事件的会议", "5.00", Q),
            ("市局对分派至罗湖区的“12345政务服务便民热线”工单最终审核通过率", "5.00", Q),
            ("2023年完成知识库运维管理", "5.00", Q),
            ("政务热线标签使用率；政务热线周报与月报的报送率；定期汇总罗湖区政务热线诉求疑难事件清单", "5.00", Q),
            ("2023年保质保量按时完成热线工单处置", "5.00", L),
            ("2023年完成知识库运维管理", "5.00", L),
            ("2023年完成标签更新、撰写形成周报与月报、罗湖区政务热线诉求疑难事件清单的更新", "5.00", L),
            ("支出进度完成情况", "5.00", Q),
            ("无", "0.00", N),
            ("2023年我区政务热线诉求工单办结率", "15.00", Q),
            ("2023年我区政务热线知识库的信息质量整改率", "15.00", Q),
            ("无", "0.00", N),
            ("无", "0.00", N),
            ("区政务热线管理部门对知识库维护运营的满意度", "2.00", Q),
            ("区政务热线管理部门对政务热线数据分析的满意度", "6.00", Q),
            ("区政务热线管理部门对政务服务热线运营管理的满意度", "2.00", Q),
            ("无", "0.00", N),
        ],
    },
];

fn run_check() -> (Value, i32) {
    let files = common::seed_files();
    assert_eq!(files.len(), 7, "seven seed forms");
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("check")
        .args(&files)
        .arg("--json")
        .output()
        .expect("run selfeval");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        text.trim().lines().count(),
        1,
        "exactly one JSON object: {text}"
    );
    (
        serde_json::from_str(&text).expect("valid JSON"),
        out.status.code().unwrap_or(-1),
    )
}

fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .expect("decimal string")
        .parse()
        .expect("decimal")
}

#[test]
fn every_printed_number_is_reproduced() {
    let (v, _) = run_check();
    let forms = v["forms"].as_array().expect("forms");
    assert_eq!(forms.len(), SEEDS.len());
    for seed in SEEDS {
        let f = forms
            .iter()
            .find(|f| f["code"] == seed.code)
            .unwrap_or_else(|| panic!("form {} missing", seed.code));
        let who = f["name"].as_str().unwrap_or_default();
        assert_eq!(f["funds"]["execution_rate"], seed.rate, "{who} 执行率");
        assert_eq!(f["funds"]["score"], seed.funds_score, "{who} 资金得分");
        assert_eq!(f["total_score"], seed.total, "{who} 总分");
        let rows = f["indicators"].as_array().expect("indicators");
        assert_eq!(rows.len(), seed.rows.len(), "{who}: every row kept");
        for (i, ((name, printed, kind), row)) in seed.rows.iter().zip(rows).enumerate() {
            assert_eq!(row["name"], *name, "{who} row {i}");
            let sug = &row["suggested_score"];
            assert!(
                !sug.is_null(),
                "{who} row {i} {name} ({kind:?}): a suggestion"
            );
            assert_eq!(
                dec(sug),
                printed.parse().expect("printed"),
                "{who} row {i} {name} ({kind:?}): suggested score"
            );
            // The fixture keeps the printed score (null where the form printed #####).
            if who != "干部健康管理" && !row["score"].is_null() {
                assert_eq!(
                    dec(&row["score"]),
                    printed.parse().expect("printed"),
                    "{who} row {i} fixture"
                );
            }
        }
    }
}

#[test]
fn every_row_of_every_seed_form_gets_a_suggestion() {
    // Including the qualitative ones: 基本满意 with 97.42 % (平台运营及项目管理) and
    // the two 时效指标 rows of 综合管理事务 that compare seasons.
    let (v, _) = run_check();
    let mut unjudged = Vec::new();
    let mut kinds = std::collections::BTreeMap::new();
    for f in v["forms"].as_array().expect("forms") {
        for row in f["indicators"].as_array().expect("rows") {
            if row["suggested_score"].is_null() {
                unjudged.push(format!(
                    "{}/{}",
                    f["name"].as_str().unwrap_or_default(),
                    row["name"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    for seed in SEEDS {
        for (_, _, k) in seed.rows {
            *kinds.entry(format!("{k:?}")).or_insert(0) += 1;
        }
    }
    assert_eq!(unjudged, Vec::<String>::new());
    // The kinds the seeds exercise, so a rule change shows here.
    assert_eq!(kinds.get("L"), Some(&13), "{kinds:?}");
    assert_eq!(kinds.get("T"), Some(&2), "{kinds:?}");
}

#[test]
fn seed_mistakes_are_caught() {
    let (v, code) = run_check();
    // Warnings only: the seed forms were accepted by the budget system.
    assert_eq!(code, 0, "no seed form has an error");
    let form = |name: &str| {
        v["forms"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("{name}"))
    };
    let msgs = |f: &Value| -> Vec<String> {
        f["issues"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let aux = msgs(&form("辅助性人力资源经费"));
    assert_eq!(
        aux.iter().filter(|m| m.contains("100% 写成了 1")).count(),
        2,
        "{aux:?}"
    );
    let platform = msgs(&form("平台运营及项目管理"));
    assert!(
        platform
            .iter()
            .any(|m| m.contains("推文发布数") && m.contains("远超")),
        "{platform:?}"
    );
}
