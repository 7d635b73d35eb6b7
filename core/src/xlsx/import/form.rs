//! Reading one form from one worksheet, by its labels.

use calamine::Data;
use rust_decimal::Decimal;

use crate::field::{Field, IndicatorColumn as C};
use crate::model::{FundRowKind, Goals, Indicator, Tier};
use crate::rules::Severity;
use crate::template::spec::FundsValue;
use crate::template::Template;
use crate::Form;

use super::labels::{normalize, LabelIndex};
use super::sheet::Sheet;
use super::values::{cell_amount, cell_text, shown};
use super::Problem;
use crate::xlsx::export::{MARKER_PREFIX, TIER_HEADER};

const TOTAL_WORDS: &[&str] = &["总分", "合计"];

/// A label with its other spellings (the template's label first).
fn spellings(label: &str, aliases: &[String]) -> Vec<String> {
    std::iter::once(label.to_string())
        .chain(aliases.iter().cloned())
        .collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The labels by which a template's form is recognised: its header, funds,
/// goal and indicator labels with their spellings.
fn key_labels(t: &Template) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (k, spec) in &t.fields {
        if k.starts_with("header.") || k.starts_with("goals.") || k.starts_with("indicator.") {
            out.push(spellings(&spec.label, &spec.aliases));
        }
    }
    if let Some(f) = t.funds_spec() {
        for c in &f.columns {
            out.push(spellings(&c.label, &c.aliases));
        }
        for r in &f.rows {
            out.push(spellings(&r.label, &r.aliases));
        }
    }
    out
}

/// How many of a template's labels a sheet has.
fn score(t: &Template, labels: &LabelIndex) -> usize {
    key_labels(t)
        .iter()
        .filter(|names| labels.has(&refs(names)))
        .count()
}

/// What a number cell holds, for the unit its message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// An amount in the template's unit.
    Money(crate::template::MoneyUnit),
    /// A 分值.
    Weight,
    /// A 得分 (empty: the rules' suggestion stands).
    Score,
}

impl Unit {
    /// What follows from an empty cell, and what to type there.
    fn then_what(self) -> &'static str {
        match self {
            Unit::Money(crate::template::MoneyUnit::Yuan) => {
                "，请核对并填写金额（单位：元，如 50000.00）"
            }
            Unit::Money(crate::template::MoneyUnit::WanYuan) => {
                "，请核对并填写金额（单位：万元，如 5.36578）"
            }
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

/// Whether a sheet holds a form of any template: enough of its labels are there.
pub fn looks_like_form(labels: &LabelIndex) -> bool {
    Template::available().iter().any(|t| score(t, labels) >= 5)
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
    let mut form = Form {
        template: r.template.id.clone(),
        ..Form::default()
    };
    r.header(&mut form);
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

    /// SelfEval's marker names the template; another workbook's template is
    /// the one whose labels it has most of (Shenzhen on a tie).
    fn find_template(&mut self) {
        let marker = self.sheet.cells().find_map(|(pos, v)| match v {
            Data::String(s) => s.strip_prefix(MARKER_PREFIX).map(|id| (*pos, id.trim())),
            _ => None,
        });
        if let Some((pos, id)) = marker {
            self.selfeval = true;
            match Template::by_id(id) {
                Ok(t) => {
                    self.template = t;
                    return;
                }
                Err(e) => self.error_at(pos, e.to_string()),
            }
        }
        let mut best = (0, Template::default_template());
        for t in Template::available() {
            let n = score(t, &self.labels);
            if n > best.0 {
                best = (n, t);
            }
        }
        self.template = best.1;
    }

    /// The spellings of a field's label in this template.
    fn names_of(&self, field: Field) -> Vec<String> {
        let spec = self.template.spec_of(field);
        spellings(&spec.label, &spec.aliases)
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
        let decimals = match unit {
            Unit::Money(u) => u.max_decimals(),
            _ => 2,
        };
        match cell_amount(v, decimals) {
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

    fn header(&mut self, form: &mut Form) {
        let t = self.template;
        // Cells printed inside a pattern (`（2023年度）`) are read from it.
        let mut formatted: Vec<(Field, String)> = Vec::new();
        for sec in &t.layout.sections {
            if let crate::template::Section::Rows { rows } = sec {
                for c in rows.iter().flatten() {
                    if let (Some(f), Some(fmt)) = (&c.field, &c.format) {
                        if let Ok(f) = f.parse::<Field>() {
                            formatted.push((f, fmt.clone()));
                        }
                    }
                }
            }
        }
        for field in t.text_fields() {
            if matches!(
                field,
                Field::GoalsExpected | Field::GoalsActual | Field::FundsReason
            ) {
                continue;
            }
            let names = self.names_of(field);
            let label = names[0].clone();
            let value = match self.right_of(&refs(&names)) {
                Some(v) => Some(v),
                None => formatted
                    .iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, fmt)| self.in_pattern(fmt)),
            };
            let value = match value {
                Some(v) => v,
                None => {
                    if t.spec_of(field).required {
                        self.missing(&label, "无法读取此项");
                    }
                    String::new()
                }
            };
            // A value given to a field is never a hard error; the template
            // declares the field, so `set` accepts it.
            let _ = crate::edit::apply_text(form, field, &value);
        }
        // 项目名称（510000…）: a code written in brackets after the name.
        if t.shows(Field::HeaderCode) && form.header.code.trim().is_empty() {
            let name = form.header.name.trim_end().to_string();
            if let Some(open) = name.rfind(['(', '（']) {
                let inner = name[open..]
                    .trim_start_matches(['(', '（'])
                    .trim_end_matches([')', '）']);
                let closed = name.ends_with([')', '）']);
                if closed
                    && inner.len() >= 6
                    && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    form.header.code = inner.to_string();
                    form.header.name = name[..open].trim_end().to_string();
                }
            }
        }
    }

    /// The value inside a printed pattern such as `（{}年度）`.
    fn in_pattern(&mut self, fmt: &str) -> Option<String> {
        let (pre, post) = fmt.split_once("{}")?;
        let (pre, post) = (normalize(pre), normalize(post));
        self.sheet.cells().find_map(|(_, v)| match v {
            Data::String(s) => {
                let n = normalize(s);
                let inner = n.strip_prefix(&pre)?.strip_suffix(&post)?;
                (inner.chars().count() <= 10).then(|| inner.to_string())
            }
            _ => None,
        })
    }

    fn funds(&mut self, form: &mut Form) {
        let t = self.template;
        let Some(spec) = t.funds_spec() else {
            return;
        };
        let unit = t.money_unit;
        let col_names = |v: FundsValue| {
            spec.columns
                .iter()
                .find(|c| c.value == v)
                .map(|c| spellings(&c.label, &c.aliases))
        };
        let exec_names = col_names(FundsValue::Executed).unwrap_or_default();
        let Some(exec) = self.labels.first(&refs(&exec_names)) else {
            self.missing(&exec_names[0], "无法读取资金使用情况");
            return;
        };
        let hr = exec.0;
        let mut cols = Vec::new();
        for c in &spec.columns {
            let names = spellings(&c.label, &c.aliases);
            match self.labels.in_row(&refs(&names), hr) {
                Some(p) => cols.push((c.value, c.label.clone(), p.1)),
                None if c.value.column().is_some() || c.value == FundsValue::Weight => {
                    self.missing(&c.label, "无法读取资金使用情况")
                }
                None => {}
            }
        }
        let header_end = self.sheet.region_end(exec.0, exec.1).0;
        for row in &spec.rows {
            let names = spellings(&row.label, &row.aliases);
            let Some(p) = self.labels.first_below(&refs(&names), header_end + 1) else {
                self.missing(&row.label, "无法读取资金使用情况");
                continue;
            };
            for (value, col_label, c) in &cols {
                let label = format!("{col_label}（{}）", row.label);
                if let Some(col) = value.column() {
                    let v = self.amount_at((p.0, *c), &label, Unit::Money(unit));
                    form.funds.row_mut(row.row).set(col, v);
                } else if row.row == FundRowKind::Total {
                    match value {
                        FundsValue::Weight => {
                            form.funds.weight = self.amount_at((p.0, *c), &label, Unit::Weight)
                        }
                        FundsValue::Reason => {
                            form.funds.reason = self.text_at((p.0, *c), col_label)
                        }
                        _ => {}
                    }
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
        let e = self.names_of(Field::GoalsExpected);
        let a = self.names_of(Field::GoalsActual);
        Goals {
            expected: self.below(&refs(&e)),
            actual: self.below(&refs(&a)),
        }
    }

    fn indicators(&mut self) -> Vec<Indicator> {
        let name_names = self.names_of(Field::Indicator(0, C::Name));
        // The header row of the table is the row of 三级指标 (below the funds).
        let Some(h) = self.labels.first(&refs(&name_names)) else {
            self.missing(&name_names[0], "无法读取年度绩效指标");
            return Vec::new();
        };
        let hr = h.0;
        let col = |r: &Self, c: C| -> Option<u32> {
            if !r.template.shows(Field::Indicator(0, c)) {
                return None;
            }
            let names = r.names_of(Field::Indicator(0, c));
            r.labels.in_row(&refs(&names), hr).map(|p| p.1)
        };
        let c_l1 = col(self, C::Level1);
        let c_l2 = col(self, C::Level2);
        let c_name = h.1;
        let c_nature = col(self, C::Nature);
        let c_target = col(self, C::Target);
        let c_unit = col(self, C::Unit);
        let c_actual = col(self, C::Actual);
        let c_weight = col(self, C::Weight);
        let c_score = col(self, C::Score);
        let c_dev = col(self, C::Deviation);
        let c_tier = self.labels.in_row(&[TIER_HEADER], hr).map(|p| p.1);
        for (c, which) in [
            (c_target, C::Target),
            (c_actual, C::Actual),
            (c_weight, C::Weight),
            (c_score, C::Score),
        ] {
            if c.is_none() {
                let l = self.names_of(Field::Indicator(0, which))[0].clone();
                self.missing(&l, "无法读取年度绩效指标");
            }
        }
        let lab = |r: &Self, c: C| r.names_of(Field::Indicator(0, c))[0].clone();
        let (l_l1, l_l2, l_name, l_nature, l_target, l_unit, l_actual, l_weight, l_score, l_dev) = (
            lab(self, C::Level1),
            lab(self, C::Level2),
            lab(self, C::Name),
            lab(self, C::Nature),
            lab(self, C::Target),
            lab(self, C::Unit),
            lab(self, C::Actual),
            lab(self, C::Weight),
            lab(self, C::Score),
            lab(self, C::Deviation),
        );
        let start = self.sheet.region_end(h.0, h.1).0 + 1;
        let total_words: Vec<&str> = self
            .template
            .indicators_spec()
            .map(|s| s.total_label.as_str())
            .into_iter()
            .chain(TOTAL_WORDS.iter().copied())
            .collect();
        let end = match self.labels.first_below(&total_words, start) {
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
            let level1_text = text(self, c_l1, &l_l1);
            let mut level1 = self.template.level1_name(&level1_text);
            let mut level2 = text(self, c_l2, &l_l2);
            let name = text(self, Some(c_name), &l_name);
            let nature = text(self, c_nature, &l_nature);
            let target = text(self, c_target, &l_target);
            let unit = text(self, c_unit, &l_unit);
            let actual = text(self, c_actual, &l_actual);
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
                Some(c) => self.number_at(
                    (r, c),
                    &format!("{row_label}{l_weight}"),
                    Unit::Weight,
                    unused,
                ),
                None => None,
            };
            let unused = unused || weight.is_some_and(|w| w.is_zero());
            let score = match c_score {
                Some(c) => self.number_at(
                    (r, c),
                    &format!("{row_label}{l_score}"),
                    Unit::Score,
                    unused,
                ),
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
                deviation: text(self, c_dev, &l_dev),
                tier: match c_tier {
                    Some(c) => self.tier((r, c)),
                    None => None,
                },
                nature,
                unit,
            };
            if ind != Indicator::default() {
                out.push(ind);
            }
            r = next;
        }
        out
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
