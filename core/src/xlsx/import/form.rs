//! Reading one form from one worksheet, by its labels.

use calamine::Data;
use rust_decimal::Decimal;

use crate::field::{fund_column_label, fund_row_label};
use crate::model::{FundColumn, FundRowKind, Goals, Header, Indicator, Tier};
use crate::rules::Severity;
use crate::template::Template;
use crate::Form;

use super::labels::LabelIndex;
use super::sheet::Sheet;
use super::values::{cell_amount, cell_text, shown};
use super::Problem;
use crate::xlsx::export::{MARKER_PREFIX, TIER_HEADER};

const CODE: &[&str] = &["项目编码"];
const NAME: &[&str] = &["项目名称"];
const YEAR: &[&str] = &["绩效自评年度", "自评年度"];
const IMPLEMENTING: &[&str] = &["实施单位"];
const BUDGET_UNIT: &[&str] = &["一级预算单位", "主管部门"];
const INITIAL: &[&str] = &["年初预算数"];
const ANNUAL: &[&str] = &["全年预算数"];
const EXECUTED: &[&str] = &["全年执行数"];
const WEIGHT: &[&str] = &["分值"];
const EXPECTED: &[&str] = &["预期目标"];
const ACTUAL_GOAL: &[&str] = &["实际完成情况"];
const LEVEL1: &[&str] = &["一级指标"];
const LEVEL2: &[&str] = &["二级指标"];
const IND_NAME: &[&str] = &["三级指标"];
const TARGET: &[&str] = &["年度指标值"];
const IND_ACTUAL: &[&str] = &["实际完成值"];
const SCORE: &[&str] = &["得分"];
const DEVIATION: &[&str] = &[
    "偏差原因分析及改进措施",
    "偏差原因分析",
    "未完成原因分析及改进措施",
];
const TOTAL: &[&str] = &["总分", "合计"];

fn fund_row_names(k: FundRowKind) -> &'static [&'static str] {
    match k {
        FundRowKind::Total => &["年度资金总额"],
        FundRowKind::CurrentYear => &["其中：当年财政拨款", "当年财政拨款", "其中：财政拨款"],
        FundRowKind::CarriedOver => &["上年结转资金"],
        FundRowKind::Other => &["其他资金"],
    }
}

/// What a number cell holds, for the unit its message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// An amount in 元.
    Money,
    /// A 分值.
    Weight,
    /// A 得分 (empty: the rules' suggestion stands).
    Score,
}

impl Unit {
    /// What follows from an empty cell, and what to type there.
    fn then_what(self) -> &'static str {
        match self {
            Unit::Money => "，请核对并填写金额（单位：元，如 50000.00）",
            Unit::Weight => "，请核对并填写分值（单位：分，如 7.00）",
            Unit::Score => "，得分将采用建议得分；请核对（单位：分，如 7.00）",
        }
    }
}

/// An unreadable number cell, by what it holds.
enum Unreadable {
    /// `#####`: what Excel prints where a column is too narrow.
    HashMarks,
    /// `无`, `不适用`, `—`: nothing to score.
    NoneWord,
    Other,
}

impl Unreadable {
    fn of(v: &Data) -> Unreadable {
        let Data::String(s) = v else {
            return Unreadable::Other;
        };
        let t = s.trim();
        if t.len() >= 2 && t.chars().all(|c| c == '#') {
            Unreadable::HashMarks
        } else if [
            "无",
            "不适用",
            "—",
            "-",
            "－",
            "/",
            "／",
            "——",
            "空",
            "N/A",
            "n/a",
        ]
        .contains(&t)
        {
            Unreadable::NoneWord
        } else {
            Unreadable::Other
        }
    }
}

/// A reason from the value readers, as the middle of a sentence: `「x」不是数字`
/// gives `不是数字` (the value is already named), `是日期…` stays.
fn why_text(why: &str) -> String {
    let w = why.trim();
    match w.find('」') {
        Some(i) if w.starts_with('「') => w[i + '」'.len_utf8()..]
            .trim_start_matches(['，', ','])
            .to_string(),
        _ => w.to_string(),
    }
}

/// Whether a sheet holds this form at all: most of its key labels are there.
pub fn looks_like_form(labels: &LabelIndex) -> bool {
    [CODE, NAME, IND_NAME, INITIAL, EXECUTED, LEVEL1, TARGET]
        .iter()
        .filter(|l| labels.has(l))
        .count()
        >= 3
}

struct Reader<'a> {
    sheet: &'a Sheet,
    labels: LabelIndex,
    problems: &'a mut Vec<Problem>,
    /// Written by SelfEval: a formula in an input cell means "left empty".
    selfeval: bool,
    template: &'static Template,
}

/// Read the form on a sheet; problems go to `problems`.
pub fn read_form(sheet: &Sheet, labels: LabelIndex, problems: &mut Vec<Problem>) -> Form {
    let mut r = Reader {
        sheet,
        labels,
        problems,
        selfeval: false,
        template: Template::default_template(),
    };
    r.find_template();
    let header = r.header();
    let mut form = Form {
        template: r.template.id.clone(),
        header,
        ..Form::default()
    };
    r.funds(&mut form);
    form.goals = r.goals();
    form.indicators = r.indicators();
    form
}

impl Reader<'_> {
    fn error_at(&mut self, pos: (u32, u32), message: String) {
        self.problems.push(Problem {
            severity: Severity::Error,
            sheet: self.sheet.name.clone(),
            cell: Some(super::sheet::a1(pos.0, pos.1)),
            message,
        });
    }

    fn missing(&mut self, what: &str, consequence: &str) {
        self.problems.push(Problem {
            severity: Severity::Error,
            sheet: self.sheet.name.clone(),
            cell: None,
            message: format!("找不到「{what}」标签，{consequence}；请使用官方绩效自评表格式"),
        });
    }

    fn find_template(&mut self) {
        let marker = self.sheet.cells().find_map(|(pos, v)| match v {
            Data::String(s) => s.strip_prefix(MARKER_PREFIX).map(|id| (*pos, id.trim())),
            _ => None,
        });
        if let Some((pos, id)) = marker {
            self.selfeval = true;
            match Template::by_id(id) {
                Ok(t) => self.template = t,
                Err(e) => self.error_at(pos, e.to_string()),
            }
        }
    }

    /// Text of the cell at `pos` (its merged region's value).
    fn text_at(&mut self, pos: (u32, u32), label: &str) -> String {
        let anchor = self.sheet.anchor(pos.0, pos.1);
        let v = self.sheet.raw(anchor.0, anchor.1);
        match cell_text(v, self.sheet.num_format(anchor.0, anchor.1)) {
            Ok(s) => s,
            Err(m) => {
                self.error_at(anchor, format!("{label}：{m}"));
                String::new()
            }
        }
    }

    /// An amount or score at `pos`; a SelfEval formula there means empty.
    /// A cell that cannot be read is imported as what it safely means (see
    /// [`Unreadable`]) and an error names the cell, what was found and what
    /// was done: the form is never lost for one cell.
    fn amount_at(&mut self, pos: (u32, u32), label: &str, unit: Unit) -> Option<Decimal> {
        self.number_at(pos, label, unit, false)
    }

    /// [`Self::amount_at`] for a 分值/得分 of a row that scores nothing (its
    /// 分值 is 0, or it is a 无/不适用 row): `无` there means 0.
    fn number_at(
        &mut self,
        pos: (u32, u32),
        label: &str,
        unit: Unit,
        unused_row: bool,
    ) -> Option<Decimal> {
        let anchor = self.sheet.anchor(pos.0, pos.1);
        let formula = self.sheet.formula(anchor.0, anchor.1);
        if self.selfeval && formula.is_some() {
            return None;
        }
        let v = self.sheet.raw(anchor.0, anchor.1);
        let blank = match v {
            Data::Empty => true,
            Data::String(t) => t.trim().is_empty(),
            _ => false,
        };
        if let (Some(f), true) = (formula, blank) {
            let f: String = f.chars().take(40).collect();
            let msg = format!(
                "{label}是公式「={}」，但文件没有保存它的计算结果（可能由其他程序生成、从未在 Excel 中计算）；已按空白导入{}",
                f.trim_start_matches('='),
                unit.then_what()
            );
            self.error_at(anchor, msg);
            return None;
        }
        match cell_amount(v) {
            Ok(d) => d,
            Err(why) => {
                let found = shown(v);
                let (value, done) = match Unreadable::of(v) {
                    Unreadable::HashMarks => (
                        None,
                        format!(
                            "「{found}」是列宽不够时 Excel 打印出的符号，不是数字；已按空白导入{}",
                            unit.then_what()
                        ),
                    ),
                    Unreadable::NoneWord if unused_row => (
                        Some(Decimal::new(0, 2)),
                        format!("「{found}」不是数字，此行不计分，已按 0 导入；请改为 0"),
                    ),
                    Unreadable::NoneWord | Unreadable::Other => (
                        None,
                        format!(
                            "「{found}」{}；已按空白导入{}",
                            why_text(&why),
                            unit.then_what()
                        ),
                    ),
                };
                self.error_at(anchor, format!("{label}{done}"));
                value
            }
        }
    }

    /// The value right of a label (after its merged region).
    fn right_of(&mut self, names: &[&str]) -> Option<String> {
        let p = self.labels.first(names)?;
        let end = self.sheet.region_end(p.0, p.1);
        Some(self.text_at((p.0, end.1 + 1), names[0]))
    }

    fn header(&mut self) -> Header {
        let get = |r: &mut Self, names: &[&str]| match r.right_of(names) {
            Some(v) => v,
            None => {
                r.missing(names[0], "无法读取表头");
                String::new()
            }
        };
        Header {
            code: get(self, CODE),
            name: get(self, NAME),
            year: get(self, YEAR),
            implementing_unit: get(self, IMPLEMENTING),
            budget_unit: get(self, BUDGET_UNIT),
        }
    }

    fn funds(&mut self, form: &mut Form) {
        let Some(exec) = self.labels.first(EXECUTED) else {
            self.missing("全年执行数", "无法读取资金使用情况");
            return;
        };
        let hr = exec.0;
        let mut cols = Vec::new();
        for (col, names) in [
            (FundColumn::InitialBudget, INITIAL),
            (FundColumn::AnnualBudget, ANNUAL),
            (FundColumn::Executed, EXECUTED),
        ] {
            match self.labels.in_row(names, hr) {
                Some(p) => cols.push((col, p.1)),
                None => self.missing(names[0], "无法读取资金使用情况"),
            }
        }
        let header_end = self.sheet.region_end(exec.0, exec.1).0;
        let weight_col = self
            .labels
            .all(WEIGHT)
            .into_iter()
            .find(|p| p.0 == hr && p.1 > exec.1)
            .map(|p| p.1);
        for kind in FundRowKind::ALL {
            let Some(p) = self
                .labels
                .first_below(fund_row_names(kind), header_end + 1)
            else {
                self.missing(fund_row_label(kind), "无法读取资金使用情况");
                continue;
            };
            for (col, c) in &cols {
                let label = format!("{}（{}）", fund_column_label(*col), fund_row_label(kind));
                let v = self.amount_at((p.0, *c), &label, Unit::Money);
                form.funds.row_mut(kind).set(*col, v);
            }
            if kind == FundRowKind::Total {
                if let Some(wc) = weight_col {
                    form.funds.weight =
                        self.amount_at((p.0, wc), "资金使用情况 分值", Unit::Weight);
                }
            }
        }
    }

    /// The text under a label (after its merged region).
    fn below(&mut self, names: &[&str]) -> String {
        match self.labels.first(names) {
            Some(p) => {
                let end = self.sheet.region_end(p.0, p.1);
                self.text_at((end.0 + 1, p.1), names[0])
            }
            None => {
                self.missing(names[0], "无法读取项目目标");
                String::new()
            }
        }
    }

    fn goals(&mut self) -> Goals {
        Goals {
            expected: self.below(EXPECTED),
            actual: self.below(ACTUAL_GOAL),
        }
    }

    fn indicators(&mut self) -> Vec<Indicator> {
        let Some(h) = self.labels.first(IND_NAME) else {
            self.missing("三级指标", "无法读取年度绩效指标");
            return Vec::new();
        };
        let hr = h.0;
        let col = |r: &Self, names: &[&str]| r.labels.in_row(names, hr).map(|p| p.1);
        let c_l1 = col(self, LEVEL1);
        let c_l2 = col(self, LEVEL2);
        let c_name = h.1;
        let c_target = col(self, TARGET);
        let c_actual = col(self, IND_ACTUAL);
        let c_weight = col(self, WEIGHT);
        let c_score = col(self, SCORE);
        let c_dev = col(self, DEVIATION);
        let c_tier = col(self, &[TIER_HEADER]);
        for (c, names) in [
            (c_target, TARGET),
            (c_actual, IND_ACTUAL),
            (c_weight, WEIGHT),
            (c_score, SCORE),
        ] {
            if c.is_none() {
                self.missing(names[0], "无法读取年度绩效指标");
            }
        }
        let start = self.sheet.region_end(h.0, h.1).0 + 1;
        let end = match self.labels.first_below(TOTAL, start) {
            Some(p) => p.0,
            None => self.sheet.last_row().map_or(start, |r| r + 1),
        };
        let mut out: Vec<Indicator> = Vec::new();
        let mut r = start;
        while r < end {
            let next = self.sheet.region_end(r, c_name).0.max(r) + 1;
            let text = |me: &mut Self, c: Option<u32>, label: &str| match c {
                Some(c) => me.text_at((r, c), label),
                None => String::new(),
            };
            let row_no = out.len() + 1;
            let level1_text = text(self, c_l1, "一级指标");
            let mut level1 = self.level1(level1_text);
            let mut level2 = text(self, c_l2, "二级指标");
            let name = text(self, Some(c_name), "三级指标");
            let target = text(self, c_target, "年度指标值");
            let actual = text(self, c_actual, "实际完成值");
            // The row as the officer finds it: `第3行「叫号数量」`.
            let short: String = name.trim().chars().take(24).collect();
            let row_label = if short.is_empty() {
                format!("绩效指标第{row_no}行 ")
            } else {
                format!("第{row_no}行「{short}」")
            };
            let unused = [&name, &target]
                .iter()
                .any(|t| !t.trim().is_empty() && self.template.is_not_applicable(t));
            let weight = match c_weight {
                Some(c) => {
                    self.number_at((r, c), &format!("{row_label}分值"), Unit::Weight, unused)
                }
                None => None,
            };
            let unused = unused || weight.is_some_and(|w| w.is_zero());
            let score = match c_score {
                Some(c) => self.number_at((r, c), &format!("{row_label}得分"), Unit::Score, unused),
                None => None,
            };
            // A workbook without merged regions (`.xlsb`, or one typed
            // without merging): a group's 一级/二级 is written on its first row.
            if !self.sheet.has_merges() {
                if let Some(prev) = out.last() {
                    if level1.trim().is_empty() && !name.trim().is_empty() {
                        level1.clone_from(&prev.level1);
                    }
                    if level2.trim().is_empty() && !name.trim().is_empty() {
                        level2.clone_from(&prev.level2);
                    }
                }
            }
            let ind = Indicator {
                level1,
                level2,
                name,
                target,
                actual,
                weight,
                score,
                deviation: text(self, c_dev, "偏差原因分析及改进措施"),
                tier: match c_tier {
                    Some(c) => self.tier((r, c)),
                    None => None,
                },
            };
            if ind != Indicator::default() {
                out.push(ind);
            }
            r = next;
        }
        out
    }

    /// `产出指标\n(50分)` as printed → `产出指标`.
    fn level1(&self, text: String) -> String {
        let t = text.trim_end();
        let Some(open) = t.rfind(['(', '（']) else {
            return text;
        };
        let inner = t[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        let base = t[..open].trim_end();
        let is_weight = inner
            .strip_suffix('分')
            .is_some_and(|n| n.trim().parse::<Decimal>().is_ok());
        if is_weight && t.ends_with([')', '）']) && self.template.level1_weight(base).is_some() {
            base.to_string()
        } else {
            text
        }
    }

    fn tier(&mut self, pos: (u32, u32)) -> Option<Tier> {
        let t = self.text_at(pos, TIER_HEADER);
        let t = t.trim();
        if t.is_empty() {
            return None;
        }
        let found = Tier::ALL
            .into_iter()
            .find(|x| x.label() == t || x.key() == t);
        if found.is_none() {
            self.error_at(
                pos,
                format!(
                    "达成等级「{t}」无法识别；应为 {}",
                    Tier::ALL.map(|x| x.label()).join("、")
                ),
            );
        }
        found
    }
}
