//! The validation report: required cells, limits, placeholders, weights,
//! scores, totals and the real-world mistakes listed in the domain notes.

use rust_decimal::Decimal;

use super::indicator::is_not_applicable;
use super::{Evaluation, Issue, Kind, Severity};
use crate::field::{
    fund_column_label, fund_row_label, indicator_place, Field, IndicatorColumn as C,
};
use crate::model::{Form, FundColumn, FundRowKind, Indicator};
use crate::money::fmt2;
use crate::rules::funds::parts_sum;
use crate::template::{char_count, Template};

struct Report<'a> {
    t: &'a Template,
    out: Vec<Issue>,
}

impl Report<'_> {
    fn error(&mut self, field: Option<Field>, message: String) {
        self.out.push(Issue {
            severity: Severity::Error,
            field,
            message,
            blank: false,
        });
    }
    fn warn(&mut self, field: Option<Field>, message: String) {
        self.out.push(Issue {
            severity: Severity::Warning,
            field,
            message,
            blank: false,
        });
    }
    /// A required cell left empty: an error, shown as something still to
    /// fill until the officer has left the cell (or at 定稿 / export).
    fn blank(&mut self, field: Field, message: String) {
        self.out.push(Issue {
            severity: Severity::Error,
            field: Some(field),
            message,
            blank: true,
        });
    }

    /// Required, limit and placeholder checks of a text cell. `what` names the
    /// cell for the user.
    fn text(&mut self, field: Field, what: &str, value: &str, required: bool) {
        if !self.t.shows(field) {
            return;
        }
        let spec = self.t.spec_of(field);
        let v = value.trim();
        let n = char_count(value);
        if n > spec.limit {
            self.error(
                Some(field),
                format!(
                    "{what}共 {n} 字，超过模板限制的 {} 字，请精简 {} 字（超出部分不会被自动删除）",
                    spec.limit,
                    n - spec.limit
                ),
            );
        }
        if v.is_empty() {
            if required && spec.required {
                self.blank(field, format!("{what}为必填项，请填写"));
            }
            return;
        }
        if v.contains("###") {
            self.error(
                Some(field),
                format!("{what}中有「###」，这是 Excel 列宽不足时显示的符号，不是实际内容；请填写实际数值"),
            );
        } else if let Some(p) = self
            .t
            .placeholder_texts
            .iter()
            .find(|p| v == p.as_str() || (p.chars().count() > 3 && v.contains(p.as_str())))
        {
            self.error(
                Some(field),
                format!("{what}中的「{p}」是模板提示或占位文字，请删除并填写实际内容"),
            );
        }
    }
}

pub(super) fn issues(form: &Form, t: &Template, ev: &Evaluation) -> Vec<Issue> {
    let mut r = Report { t, out: Vec::new() };
    header(form, &mut r);
    funds(form, ev, &mut r);
    indicators(form, ev, &mut r);
    r.out
}

fn header(form: &Form, r: &mut Report) {
    let t = r.t;
    // Every header, goal and text cell the template has, by its own label.
    for field in t.text_fields() {
        if matches!(field, Field::FundsReason) {
            continue;
        }
        let label = t.spec_of(field).label.clone();
        let value = crate::edit::cell_text(form, field).unwrap_or_default();
        r.text(field, &label, &value, true);
    }
    let h = &form.header;
    let code = h.code.trim();
    if let Some(digits) = t.code_digits {
        if t.shows(Field::HeaderCode)
            && !code.is_empty()
            && (code.chars().count() != digits || !code.chars().all(|c| c.is_ascii_digit()))
        {
            r.error(
                Some(Field::HeaderCode),
                format!(
                    "项目编码「{code}」应为 {digits} 位数字（当前 {} 个字符），请按预算系统中的编码填写",
                    code.chars().count()
                ),
            );
        }
    }
    let y = h.year.trim();
    let valid_year = y.len() == 4 && y.parse::<u32>().is_ok_and(|y| (2000..=2100).contains(&y));
    if t.shows(Field::HeaderYear) && !y.is_empty() && !valid_year {
        r.error(
            Some(Field::HeaderYear),
            format!(
                "{}「{y}」不是有效年份，请填写四位年份，如 2023",
                t.spec_of(Field::HeaderYear).label
            ),
        );
    }
}

fn funds(form: &Form, ev: &Evaluation, r: &mut Report) {
    let f = &form.funds;
    if let Some(w) = f.weight {
        if w < Decimal::ZERO {
            r.error(
                Some(Field::FundsWeight),
                "资金使用情况的分值不能为负数".into(),
            );
        } else if w != r.t.weights.funds {
            r.warn(
                Some(Field::FundsWeight),
                format!(
                    "资金使用情况分值为 {}，模板规定 {} 分；仅特殊情况可调整，请确认",
                    fmt2(w),
                    fmt2(r.t.weights.funds)
                ),
            );
        }
    }
    let unit = r.t.money_unit;
    let money = |d: Decimal| crate::money::fmt_in(d, unit);
    let spec = r.t.funds_spec();
    let row_label = |k: FundRowKind| {
        spec.and_then(|s| s.rows.iter().find(|x| x.row == k))
            .map_or_else(|| fund_row_label(k).to_string(), |x| x.label.clone())
    };
    let col_label = |c: FundColumn| {
        spec.and_then(|s| {
            s.columns
                .iter()
                .find(|x| x.value == crate::template::spec::FundsValue::from_column(c))
        })
        .map_or_else(|| fund_column_label(c).to_string(), |x| x.label.clone())
    };
    let shown_rows: Vec<FundRowKind> = spec
        .map(|s| s.rows.iter().map(|x| x.row).collect())
        .unwrap_or_else(|| FundRowKind::ALL.to_vec());
    for kind in FundRowKind::ALL {
        for col in FundColumn::ALL {
            if let Some(v) = f.row(kind).get(col) {
                if v < Decimal::ZERO {
                    r.error(
                        Some(Field::Fund(kind, col)),
                        format!(
                            "{}的{}为负数（{}），金额不能为负，请检查",
                            row_label(kind),
                            col_label(col),
                            money(v)
                        ),
                    );
                }
                if !shown_rows.contains(&kind) {
                    r.error(
                        Some(Field::Fund(kind, col)),
                        format!(
                            "「{}」的{}有金额 {}，但本表格的模板没有这一行；请改用有此行的模板",
                            fund_row_label(kind),
                            fund_column_label(col),
                            money(v)
                        ),
                    );
                }
            }
        }
    }
    let parts: Vec<String> = shown_rows
        .iter()
        .filter(|k| **k != FundRowKind::Total)
        .map(|k| row_label(*k).trim_start_matches("其中：").to_string())
        .collect();
    for col in FundColumn::ALL {
        if let (Some(total), Some(sum)) = (f.total.get(col), parts_sum(f, col)) {
            if total != sum {
                r.error(
                    Some(Field::Fund(FundRowKind::Total, col)),
                    format!(
                        "{}的{}为 {}，但{}之和为 {}；请核对（总额应等于各分项之和）",
                        row_label(FundRowKind::Total),
                        col_label(col),
                        money(total),
                        parts.join("、"),
                        money(sum)
                    ),
                );
            }
        }
    }
    if let (Some(below), Some(rate)) = (r.t.reason_below_rate, ev.funds.execution_rate) {
        if rate < below && f.reason.trim().is_empty() {
            r.error(
                Some(Field::FundsReason),
                format!(
                    "预算执行率为 {}%，低于 {}%，须在「{}」中说明原因",
                    fmt2(rate),
                    below.normalize(),
                    r.t.spec_of(Field::FundsReason).label
                ),
            );
        }
    }
    if r.t.shows(Field::FundsReason) {
        let label = r.t.spec_of(Field::FundsReason).label.clone();
        r.text(Field::FundsReason, &label, &f.reason, false);
    }
    let total = ev.funds.total;
    let budget_field = Field::Fund(FundRowKind::Total, FundColumn::AnnualBudget);
    let exec_field = Field::Fund(FundRowKind::Total, FundColumn::Executed);
    let (bl, el) = (
        col_label(FundColumn::AnnualBudget),
        col_label(FundColumn::Executed),
    );
    let tl = row_label(FundRowKind::Total);
    match total.annual_budget {
        None => r.blank(
            budget_field,
            format!("{bl}未填写，无法计算执行率和得分；请填写{tl}或其分项的{bl}"),
        ),
        Some(b) if b == Decimal::ZERO => r.error(
            Some(budget_field),
            format!("{bl}为 0，无法计算执行率；请填写调整后的{bl}"),
        ),
        _ => {}
    }
    match (total.annual_budget, total.executed) {
        (_, None) => r.blank(
            exec_field,
            format!("{el}未填写，无法计算执行率和得分；请填写（无支出时填 0）"),
        ),
        (Some(b), Some(e)) if b > Decimal::ZERO && e > b => r.warn(
            Some(exec_field),
            format!(
                "{el} {} 超过{bl} {}，执行率超过 100%；请核对金额（得分按满分计）",
                money(e),
                money(b)
            ),
        ),
        _ => {}
    }
}

/// A row as the officer sees it: 「产出指标 / 数量指标 第1行「叫号数量」」.
fn row_name(form: &Form, i: usize) -> String {
    let place = indicator_place(form, i);
    match form.indicators.get(i).map(|r| r.name.trim()) {
        Some(n) if !n.is_empty() => format!("{place}「{n}」"),
        _ => place,
    }
}

fn indicators(form: &Form, ev: &Evaluation, r: &mut Report) {
    let t = r.t;
    if form.indicators.is_empty() {
        r.error(
            None,
            "尚未填写任何绩效指标；请至少为每个二级指标填写一行（未使用的填「无」，分值 0）".into(),
        );
        return;
    }
    // Vocabulary and grouping.
    let mut seen_l1: Vec<&str> = Vec::new();
    for (i, ind) in form.indicators.iter().enumerate() {
        let name = row_name(form, i);
        let l1 = ind.level1.trim();
        let l2 = ind.level2.trim();
        if t.level1_weight(l1).is_none() {
            let all: Vec<&str> = t.level1.iter().map(|l| l.name.as_str()).collect();
            r.error(
                Some(Field::Indicator(i, C::Level1)),
                format!(
                    "{name}的一级指标「{l1}」不在模板中；应为 {} 之一",
                    all.join("、")
                ),
            );
        } else if !t.level2_of(l1, l2) {
            let all = &t
                .level1
                .iter()
                .find(|l| l.name == l1)
                .map(|l| l.level2.join("、"))
                .unwrap_or_default();
            r.error(
                Some(Field::Indicator(i, C::Level2)),
                format!("{name}的二级指标「{l2}」不属于「{l1}」；应为 {all} 之一"),
            );
        }
        if seen_l1.last() != Some(&l1) {
            if seen_l1.contains(&l1) {
                r.warn(
                    Some(Field::Indicator(i, C::Level1)),
                    format!("{name}：一级指标「{l1}」的行不相邻，打印时会分成两块；请把同一一级指标的行移到一起"),
                );
            }
            seen_l1.push(l1);
        }
    }
    for l1 in &t.level1 {
        for l2 in &l1.level2 {
            if !form
                .indicators
                .iter()
                .any(|i| i.level1.trim() == l1.name && i.level2.trim() == l2)
            {
                r.warn(
                    None,
                    format!(
                        "缺少二级指标「{}—{l2}」；未使用时请填一行「无」，分值 0",
                        l1.name
                    ),
                );
            }
        }
        let rows: Vec<&Indicator> = form
            .indicators
            .iter()
            .filter(|i| i.level1.trim() == l1.name)
            .collect();
        if !rows.is_empty() {
            let sum: Decimal = rows.iter().filter_map(|i| i.weight).sum();
            if sum != l1.weight {
                r.warn(
                    None,
                    format!(
                        "「{}」各行分值合计 {}，模板规定 {} 分；仅特殊情况可调整，请确认",
                        l1.name,
                        fmt2(sum),
                        fmt2(l1.weight)
                    ),
                );
            }
        }
    }
    if ev.total_weight != t.total_weight() {
        r.warn(
            None,
            format!(
                "总分的分值合计为 {}，应为 {}；请检查各行分值",
                fmt2(ev.total_weight),
                fmt2(t.total_weight())
            ),
        );
    }
    for (i, (ind, e)) in form.indicators.iter().zip(&ev.indicators).enumerate() {
        indicator(form, i, ind, e, r);
    }
}

fn indicator(form: &Form, i: usize, ind: &Indicator, e: &super::IndicatorEval, r: &mut Report) {
    let t = r.t;
    let name = row_name(form, i);
    let lab = |c: C| t.spec_of(Field::Indicator(0, c)).label.clone();
    let f = |c| Some(Field::Indicator(i, c));
    let na = is_not_applicable(t, ind);
    r.text(
        Field::Indicator(i, C::Level1),
        &format!("{name}的一级指标"),
        &ind.level1,
        true,
    );
    r.text(
        Field::Indicator(i, C::Level2),
        &format!("{name}的二级指标"),
        &ind.level2,
        true,
    );
    r.text(
        Field::Indicator(i, C::Name),
        &format!("{}的三级指标", indicator_place(form, i)),
        &ind.name,
        true,
    );
    r.text(
        Field::Indicator(i, C::Target),
        &format!("{name}的{}", lab(C::Target)),
        &ind.target,
        !na,
    );
    // 指标性质 is needed where the value does not carry its own operator
    // and is one target (`≥90%；≥95%` has several).
    let own_op = ind
        .target
        .trim_start()
        .starts_with(['≥', '≤', '>', '<', '=', '＞', '＜']);
    let parts = crate::rules::target::split_parts(&ind.target).len();
    r.text(
        Field::Indicator(i, C::Nature),
        &format!("{name}的{}", lab(C::Nature)),
        &ind.nature,
        !na && !own_op && parts <= 1,
    );
    r.text(
        Field::Indicator(i, C::Unit),
        &format!("{name}的{}", lab(C::Unit)),
        &ind.unit,
        false,
    );
    let nature = ind.nature.trim();
    if t.shows(Field::Indicator(i, C::Nature))
        && !nature.is_empty()
        && !na
        && !t.natures.iter().any(|n| n == nature)
    {
        r.error(
            f(C::Nature),
            format!(
                "{name}的{}「{nature}」无法识别；应为 {} 之一",
                lab(C::Nature),
                t.natures.join("、")
            ),
        );
    }
    r.text(
        Field::Indicator(i, C::Actual),
        &format!("{name}的{}", lab(C::Actual)),
        &ind.actual,
        !na,
    );
    r.text(
        Field::Indicator(i, C::Deviation),
        &format!("{name}的{}", lab(C::Deviation)),
        &ind.deviation,
        false,
    );
    let Some(weight) = ind.weight else {
        r.blank(
            Field::Indicator(i, C::Weight),
            format!(
                "{name}的{}为必填项，请填写（未使用的行填 0）",
                lab(C::Weight)
            ),
        );
        return;
    };
    if weight < Decimal::ZERO {
        r.error(
            f(C::Weight),
            format!("{name}的{}不能为负数", lab(C::Weight)),
        );
        return;
    }
    if na {
        if weight != Decimal::ZERO {
            r.warn(
                f(C::Weight),
                format!(
                    "{name}是未使用的行（无/不适用），分值应为 0，当前为 {}",
                    fmt2(weight)
                ),
            );
        }
        if ind.score.is_some_and(|s| s > Decimal::ZERO) {
            r.error(
                f(C::Score),
                format!("{name}是未使用的行（无/不适用），得分应为 0"),
            );
        }
        return;
    }
    if let Some(s) = ind.score {
        if s < Decimal::ZERO {
            r.error(f(C::Score), format!("{name}的得分不能为负数"));
        } else if e.over_weight {
            r.error(
                f(C::Score),
                format!(
                    "{name}的得分 {} 超过分值 {}；得分不能超过分值，请改正",
                    fmt2(s),
                    fmt2(weight)
                ),
            );
        }
    }
    let j = &e.judgement;
    if j.one_for_hundred {
        r.warn(
            f(C::Target),
            format!(
                "{name}的年度指标值「{}」疑似把 100% 写成了 1；已按 100% 计算，请改为带 % 的数值",
                ind.target.trim()
            ),
        );
    }
    match j.kind {
        Kind::Unjudged => {
            let why = j.note.clone().unwrap_or_default();
            // An empty 年度指标值 or 实际完成值 is the one cause (reported
            // above as a cell to fill): fill it and the score follows, so
            // asking for a 得分 too would send the officer the wrong way.
            let empty = |c: C, v: &str| t.shows(Field::Indicator(i, c)) && v.trim().is_empty();
            if ind.score.is_none()
                && (empty(C::Target, &ind.target) || empty(C::Actual, &ind.actual))
            {
                // Said once, on the empty cell.
            } else if ind.score.is_none() {
                r.error(f(C::Score), format!("{name}：{why}；请手工填写得分"));
            } else {
                r.warn(
                    f(C::Score),
                    format!("{name}：{why}；已使用填写的得分，请自行核对"),
                );
            }
        }
        Kind::Qualitative => {
            if let Some(note) = &j.note {
                if ind.score.is_none() {
                    r.error(f(C::Score), format!("{name}：{note}"));
                } else {
                    r.warn(f(C::Tier), format!("{name}：{note}"));
                }
            }
            // A tier chosen, no 得分 typed and none suggested: the row would
            // count 0 in 总分 without a word. Say which band to fill.
            if let (None, None, None, Some((lo, hi)), Some(tier)) =
                (&j.note, ind.score, j.suggested, e.band, j.tier)
            {
                r.error(
                    f(C::Score),
                    format!(
                        "{name}已选「{}」，但{}未填写；请在 {}–{} 分内填写{}",
                        tier.label(),
                        lab(C::Score),
                        fmt2(lo),
                        fmt2(hi),
                        lab(C::Score)
                    ),
                );
            }
            if let (Some((lo, hi)), Some(s), Some(tier)) = (e.band, ind.score, j.tier) {
                if s < lo || s > hi {
                    r.error(
                        f(C::Score),
                        format!(
                            "{name}的得分 {} 不在「{}」对应的 {}–{} 分区间内；请调整得分或达成等级",
                            fmt2(s),
                            tier.label(),
                            fmt2(lo),
                            fmt2(hi)
                        ),
                    );
                }
            }
        }
        Kind::Quantitative => {
            if let (Some(s), Some(sug)) = (ind.score, j.suggested) {
                if s != sug && s <= weight {
                    r.warn(
                        f(C::Score),
                        format!(
                            "{name}的得分 {} 与按规则计算的 {} 不一致；请核对，或在偏差原因中说明",
                            fmt2(s),
                            fmt2(sug)
                        ),
                    );
                }
            }
        }
        Kind::NotApplicable => {}
    }
    let explained = {
        let d = ind.deviation.trim();
        !(d.is_empty() || d == "无偏差" || t.is_not_applicable(d))
    };
    if !explained {
        if j.met == Some(false) {
            r.warn(
                f(C::Deviation),
                format!(
                    "{name}未达到{}，请填写{}",
                    lab(C::Target),
                    lab(C::Deviation)
                ),
            );
        } else if j.max_ratio.is_some_and(|m| m >= t.far_exceeded_ratio) {
            r.warn(
                f(C::Deviation),
                format!(
                    "{name}的{}远超{}（达到 {}% 及以上），请在{}中说明并改进目标设定",
                    lab(C::Actual),
                    lab(C::Target),
                    fmt2(t.far_exceeded_ratio * Decimal::ONE_HUNDRED).trim_end_matches(".00"),
                    lab(C::Deviation)
                ),
            );
        }
    }
}
