//! A stress form: 2000-character goals and 偏差原因, 60 indicator rows and
//! 12-digit amounts. Shared by the PDF tests and benchmarks.

use rust_decimal::Decimal;
use selfeval_core::model::{Form, Indicator};
use selfeval_core::Template;

/// A text of exactly `n` characters made of numbered sentences, so a test
/// can find every part of it (`【标记7】`).
pub fn long_text(tag: &str, n: usize) -> String {
    let mut s = String::new();
    let mut k = 0;
    while s.chars().count() < n {
        k += 1;
        s.push_str(&format!(
            "【{tag}{k}】推进项目建设，完成率达到98.5%（较上年提升3.2个百分点）；"
        ));
    }
    s.chars().take(n).collect()
}

/// The 二级 groups in print order with their 一级.
const GROUPS: [(&str, &str); 10] = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("满意度指标", "其他满意度指标"),
];

/// Rows whose 偏差原因 is 2000 characters long.
pub const LONG_DEVIATION_ROWS: [usize; 3] = [0, 29, 59];

pub fn stress_form() -> Form {
    let t = Template::default_template();
    let mut f = Form::blank(t);
    f.header.code = "440303210301500009999".into();
    f.header.name = "压力测试项目（超长文本与六十行指标）".into();
    f.header.year = "2023".into();
    f.header.implementing_unit = "深圳市罗湖区政务服务数据管理局（本级）".into();
    f.header.budget_unit = "深圳市罗湖区政务服务数据管理局（本级）".into();
    let big = |s: &str| s.parse::<Decimal>().ok();
    f.funds.weight = big("10");
    f.funds.total.initial_budget = big("987654321098.76");
    f.funds.total.annual_budget = big("123456789012.34");
    f.funds.total.executed = big("111111111111.11");
    f.funds.current_year.initial_budget = big("987654321098.76");
    f.funds.current_year.annual_budget = big("123456789012.34");
    f.funds.current_year.executed = big("111111111111.11");
    f.funds.carried_over = Default::default();
    f.funds.other = Default::default();
    f.goals.expected = long_text("预期", 2000);
    f.goals.actual = long_text("实际", 2000);
    f.indicators = (0..60)
        .map(|i| {
            let (l1, l2) = GROUPS[i * GROUPS.len() / 60];
            Indicator {
                level1: l1.into(),
                level2: l2.into(),
                name: format!("第{}项三级指标名称", i + 1),
                target: format!("≥{}次", 100 + i),
                actual: format!("{}次", 120 + i),
                weight: big("1.5"),
                score: big("1.5"),
                deviation: if LONG_DEVIATION_ROWS.contains(&i) {
                    long_text(&format!("偏差{}-", i + 1), 2000)
                } else {
                    format!("第{}行无偏差", i + 1)
                },
                tier: None,
                ..Indicator::default()
            }
        })
        .collect();
    f
}
