//! Checks of a template file: every problem is refused with a Chinese message
//! naming the key, and a template is never half-loaded.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::spec::{CellSpec, FundsValue, Section};
use super::{Template, TemplateError, TEMPLATE_FORMAT};
use crate::field::{Field, IndicatorColumn, SPEC_KEYS};

/// A serde error of the file, in Chinese, with the key it names.
pub(super) fn parse_error(e: serde_json::Error) -> TemplateError {
    let at = format!("第{}行第{}列", e.line(), e.column());
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let quoted = backquoted;
    use serde_json::error::Category;
    let text = match e.classify() {
        Category::Syntax | Category::Eof => {
            format!("不是有效的 JSON（{at}）；请检查括号、引号和逗号")
        }
        Category::Io => format!("读取失败（{msg}）"),
        Category::Data => {
            if let Some(rest) = msg.strip_prefix("missing field ") {
                format!(
                    "缺少必需的键「{}」（{at}）",
                    quoted(rest).unwrap_or_default()
                )
            } else if msg.starts_with("unknown field ") {
                let k = quoted(&msg).unwrap_or_default();
                let allowed = msg
                    .split_once("expected ")
                    .map(|(_, r)| r.replace('`', ""))
                    .unwrap_or_default();
                format!("未知的键「{k}」（{at}）；允许的键：{allowed}")
            } else if msg.starts_with("unknown variant ") {
                let k = quoted(&msg).unwrap_or_default();
                let allowed = msg
                    .split_once("expected ")
                    .map(|(_, r)| r.replace('`', ""))
                    .unwrap_or_default();
                format!("未知的取值「{k}」（{at}）；应为 {allowed}")
            } else if let Some(rest) = msg
                .strip_prefix("invalid type: ")
                .or_else(|| msg.strip_prefix("invalid value: "))
            {
                let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                format!(
                    "值的类型不对（{at}）：这里是{}，应为{}",
                    json_kind(found),
                    json_kind(expected)
                )
            } else {
                format!("{msg}（{at}）")
            }
        }
    };
    TemplateError::Parse(text)
}

/// The first `quoted` word of a serde message.
fn backquoted(s: &str) -> Option<String> {
    let a = s.find('`')?;
    let b = s[a + 1..].find('`')?;
    Some(s[a + 1..a + 1 + b].to_string())
}

/// serde's words for a JSON value, in Chinese.
fn json_kind(s: &str) -> String {
    let s = s.trim();
    let quoted = backquoted(s);
    if s.starts_with("integer") || s.starts_with("floating point") {
        format!("数字 {}", quoted.unwrap_or_default())
    } else if s.starts_with("string") {
        format!("文本{}", s.trim_start_matches("string").trim())
    } else if s.starts_with("usize") || s.starts_with("u32") || s.starts_with("u64") {
        "非负整数".into()
    } else if s.starts_with("a string") {
        "文本".into()
    } else if s.starts_with("a sequence") || s.starts_with("sequence") {
        "数组 […]".into()
    } else if s.starts_with("struct") || s.starts_with("a map") || s.starts_with("map") {
        "对象 {…}".into()
    } else if s.starts_with("a boolean") || s.starts_with("boolean") {
        "true 或 false".into()
    } else if s.starts_with("null") {
        "空值 null".into()
    } else if s.contains("decimal") || s.contains("Decimal") {
        "数字文本（如 \"10\"）".into()
    } else {
        s.to_string()
    }
}

fn bad(key: impl Into<String>, message: impl Into<String>) -> Result<(), TemplateError> {
    Err(TemplateError::at(key, message))
}

/// Whether a spec key names a cell the model has.
fn known_key(k: &str) -> bool {
    SPEC_KEYS.contains(&k)
        || k.strip_prefix("texts.")
            .is_some_and(|t| crate::field::TextKey::new(t).is_some())
}

/// The field a layout cell binds, if the key is one of a header or text cell.
fn bound_field(key: &str) -> Option<Field> {
    match key.parse::<Field>().ok()? {
        f @ (Field::HeaderCode
        | Field::HeaderName
        | Field::HeaderYear
        | Field::HeaderImplementingUnit
        | Field::HeaderBudgetUnit
        | Field::GoalsExpected
        | Field::GoalsActual
        | Field::Text(_)) => Some(f),
        _ => None,
    }
}

pub(super) fn check(t: &Template) -> Result<(), TemplateError> {
    if t.format != TEMPLATE_FORMAT {
        return bad(
            "format",
            format!(
                "模板格式版本为 {}，本软件读取版本 {TEMPLATE_FORMAT}；请使用与本软件配套的模板文件",
                t.format
            ),
        );
    }
    let id_ok = !t.id.is_empty()
        && t.id.len() <= 40
        && t.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !id_ok {
        return bad(
            "id",
            format!(
                "「{}」不能作模板标识：只能用小写字母、数字、- 和 _（最多 40 个）",
                t.id
            ),
        );
    }
    for (key, v) in [("name", &t.name), ("title", &t.title)] {
        if v.trim().is_empty() {
            return bad(key, "不能为空");
        }
    }
    check_grades(&t.grades)?;
    // Fields.
    for (k, spec) in &t.fields {
        let key = format!("fields.{k}");
        if !known_key(k) {
            return bad(
                key,
                format!(
                    "未知的单元格「{k}」；可用的有 {} 和 texts.<小写英文键>",
                    SPEC_KEYS.join("、")
                ),
            );
        }
        if spec.limit == 0 {
            return bad(format!("{key}.limit"), "字数限制必须大于 0".to_string());
        }
        if spec.label.trim().is_empty() {
            return bad(format!("{key}.label"), "标签不能为空");
        }
    }
    // Vocabularies and weights.
    if t.level1.is_empty() {
        return bad("level1", "至少需要一个一级指标");
    }
    let mut names = HashSet::new();
    for (i, l) in t.level1.iter().enumerate() {
        let key = format!("level1[{i}]");
        if l.name.trim().is_empty() {
            return bad(format!("{key}.name"), "一级指标名称不能为空");
        }
        if !names.insert(l.name.as_str()) {
            return bad(format!("{key}.name"), format!("一级指标「{}」重复", l.name));
        }
        if l.weight < Decimal::ZERO {
            return bad(format!("{key}.weight"), "分值不能为负数");
        }
        if l.level2.is_empty() {
            return bad(
                format!("{key}.level2"),
                format!("「{}」至少需要一个二级指标", l.name),
            );
        }
        let mut seen = HashSet::new();
        for (j, l2) in l.level2.iter().enumerate() {
            if l2.trim().is_empty() || !seen.insert(l2.as_str()) {
                return bad(
                    format!("{key}.level2[{j}]"),
                    format!("二级指标「{l2}」为空或重复"),
                );
            }
        }
    }
    if t.weights.funds < Decimal::ZERO {
        return bad("weights.funds", "分值不能为负数");
    }
    if t.total_weight() != Decimal::ONE_HUNDRED {
        return bad(
            "weights",
            format!(
                "资金分值与各一级指标分值之和为 {}，应为 100",
                t.total_weight().normalize()
            ),
        );
    }
    if t.far_exceeded_ratio <= Decimal::ONE {
        return bad(
            "far_exceeded_ratio",
            "「远超目标」的比例必须大于 1（如 1.3）",
        );
    }
    if let Some(r) = t.reason_below_rate {
        if r <= Decimal::ZERO || r > Decimal::ONE_HUNDRED {
            return bad(
                "reason_below_rate",
                "应为 0 到 100 之间的执行率（%），如 90",
            );
        }
    }
    if t.code_digits == Some(0) {
        return bad(
            "code_digits",
            "项目编码位数必须大于 0；没有项目编码的模板请删去此键",
        );
    }
    for (i, l2) in t.cost_default_reverse.iter().enumerate() {
        if !t.level1.iter().any(|l| l.level2.contains(l2)) {
            return bad(
                format!("cost_default_reverse[{i}]"),
                format!("「{l2}」不是本模板的二级指标"),
            );
        }
    }
    layout(t)
}

fn layout(t: &Template) -> Result<(), TemplateError> {
    let cols = t.layout.columns_mm.len();
    if cols == 0 {
        return bad("layout.columns_mm", "至少需要一列");
    }
    if let Some(i) = t.layout.columns_mm.iter().position(|w| *w == 0) {
        return bad(format!("layout.columns_mm[{i}]"), "列宽必须大于 0 毫米");
    }
    let width: u32 = t.layout.columns_mm.iter().sum();
    if width > 182 {
        return bad(
            "layout.columns_mm",
            format!("各列宽度之和为 {width} 毫米，超过 A4 纵向可打印宽度 182 毫米"),
        );
    }
    let mut bound: HashSet<String> = HashSet::new();
    let mut once = |key: &str, what: String| -> Result<(), TemplateError> {
        if !bound.insert(what.clone()) {
            return bad(key, format!("「{what}」在版式中出现了不止一次"));
        }
        Ok(())
    };
    let mut kinds = HashSet::new();
    let needs_spec = |key: &str, field: &str| -> Result<(), TemplateError> {
        if !t.fields.contains_key(field) {
            return bad(
                key,
                format!("版式用到「{field}」，但 fields 中没有它的设置"),
            );
        }
        Ok(())
    };
    for (si, s) in t.layout.sections.iter().enumerate() {
        let key = format!("layout.sections[{si}]");
        let kind = std::mem::discriminant(s);
        if !matches!(s, Section::Rows { .. }) && !kinds.insert(kind) {
            return bad(key, "此类版块只能出现一次");
        }
        // Widths: every row of the section covers the grid exactly.
        let fits = |what: &str, n: usize| -> Result<(), TemplateError> {
            if n != cols {
                return bad(
                    key.clone(),
                    format!(
                        "{what}共占 {n} 列，但版式有 {cols} 列；每行必须正好铺满（不重叠、不留空）"
                    ),
                );
            }
            Ok(())
        };
        match s {
            Section::Title | Section::Signature => {}
            Section::Rows { rows } => {
                if rows.is_empty() {
                    return bad(format!("{key}.rows"), "至少需要一行");
                }
                for (ri, row) in rows.iter().enumerate() {
                    let rkey = format!("{key}.rows[{ri}]");
                    for (ci, c) in row.iter().enumerate() {
                        let ckey = format!("{rkey}[{ci}]");
                        cell(t, &ckey, c)?;
                        if let Some(f) = &c.field {
                            once(&ckey, f.clone())?;
                        }
                    }
                    let n: usize = row.iter().map(|c| c.span).sum();
                    if n != cols {
                        return bad(
                            rkey,
                            format!("此行共占 {n} 列，但版式有 {cols} 列；每行必须正好铺满（不重叠、不留空）"),
                        );
                    }
                }
            }
            Section::Funds(f) => {
                needs_spec(&key, "funds.amount")?;
                if f.side_label.span == 0 || f.row_label_span == 0 {
                    return bad(key, "span 必须大于 0");
                }
                let left = f.side_label.span + f.row_label_span;
                if let Some(l) = &f.label {
                    if l.span != left {
                        return bad(
                            format!("{key}.label.span"),
                            format!("应等于 side_label.span + row_label_span（{left}）"),
                        );
                    }
                }
                let n: usize = left + f.columns.iter().map(|c| c.span).sum::<usize>();
                fits("资金表", n)?;
                let mut seen = HashSet::new();
                for (i, c) in f.columns.iter().enumerate() {
                    if c.span == 0 {
                        return bad(format!("{key}.columns[{i}].span"), "span 必须大于 0");
                    }
                    if !seen.insert(c.value) {
                        return bad(format!("{key}.columns[{i}].value"), "资金表的列重复");
                    }
                    if c.value == FundsValue::Reason {
                        needs_spec(&format!("{key}.columns[{i}]"), "funds.reason")?;
                    }
                }
                for need in [FundsValue::AnnualBudget, FundsValue::Executed] {
                    if !seen.contains(&need) {
                        return bad(
                            format!("{key}.columns"),
                            format!(
                                "缺少「{}」列：执行率由它计算",
                                serde_json::to_string(&need).unwrap_or_default()
                            ),
                        );
                    }
                }
                if t.reason_below_rate.is_some() && !seen.contains(&FundsValue::Reason) {
                    return bad(
                        "reason_below_rate",
                        "设定了需说明原因的执行率，但资金表没有 reason 列",
                    );
                }
                let mut rows = HashSet::new();
                for (i, r) in f.rows.iter().enumerate() {
                    if !rows.insert(r.row) {
                        return bad(format!("{key}.rows[{i}].row"), "资金表的行重复");
                    }
                }
                if !rows.contains(&crate::model::FundRowKind::Total) {
                    return bad(format!("{key}.rows"), "缺少 total（资金总额）行");
                }
            }
            Section::Goals(g) => {
                if g.side_label.span == 0 {
                    return bad(key, "span 必须大于 0");
                }
                let n = g.side_label.span + g.columns.iter().map(|c| c.span).sum::<usize>();
                fits("目标表", n)?;
                for (i, c) in g.columns.iter().enumerate() {
                    let ckey = format!("{key}.columns[{i}]");
                    if !matches!(c.field.as_str(), "goals.expected" | "goals.actual") {
                        return bad(
                            ckey,
                            format!(
                                "「{}」不是目标单元格；应为 goals.expected 或 goals.actual",
                                c.field
                            ),
                        );
                    }
                    if c.span == 0 {
                        return bad(ckey, "span 必须大于 0");
                    }
                    needs_spec(&ckey, &c.field)?;
                    once(&ckey, c.field.clone())?;
                }
            }
            Section::Indicators(s) => {
                if s.side_label.span == 0 {
                    return bad(key, "span 必须大于 0");
                }
                let n = s.side_label.span + s.columns.iter().map(|c| c.span).sum::<usize>();
                fits("指标表", n)?;
                let mut seen = HashSet::new();
                for (i, c) in s.columns.iter().enumerate() {
                    let ckey = format!("{key}.columns[{i}]");
                    let Some(col) = IndicatorColumn::from_key(&c.column) else {
                        return bad(
                            format!("{ckey}.column"),
                            format!(
                                "未知的指标列「{}」；应为 level1、level2、name、nature、target、unit、actual、weight、score、deviation 之一",
                                c.column
                            ),
                        );
                    };
                    if col == IndicatorColumn::Tier {
                        return bad(
                            format!("{ckey}.column"),
                            "tier 不是表中的列（达成等级随得分单元格选择）",
                        );
                    }
                    if c.span == 0 {
                        return bad(ckey, "span 必须大于 0");
                    }
                    if !seen.insert(col) {
                        return bad(
                            format!("{ckey}.column"),
                            format!("指标列「{}」重复", c.column),
                        );
                    }
                    needs_spec(&ckey, &Field::Indicator(0, col).spec_key())?;
                }
                for need in [
                    IndicatorColumn::Level1,
                    IndicatorColumn::Level2,
                    IndicatorColumn::Name,
                    IndicatorColumn::Target,
                    IndicatorColumn::Actual,
                    IndicatorColumn::Weight,
                    IndicatorColumn::Score,
                ] {
                    if !seen.contains(&need) {
                        return bad(
                            format!("{key}.columns"),
                            format!("缺少指标列「{}」", need.key()),
                        );
                    }
                }
                if seen.contains(&IndicatorColumn::Nature) && t.natures.is_empty() {
                    return bad(
                        "natures",
                        "指标表有 nature（指标性质）列，但没有给出可选的指标性质",
                    );
                }
                let w = s.columns.iter().position(|c| c.column == "weight");
                if w == Some(0) {
                    return bad(
                        format!("{key}.columns"),
                        "weight 列左边需要有列放「总分」标签",
                    );
                }
            }
        }
    }
    for need in ["title", "funds", "goals", "indicators"] {
        let has = t.layout.sections.iter().any(|s| {
            matches!(
                (need, s),
                ("title", Section::Title)
                    | ("funds", Section::Funds(_))
                    | ("goals", Section::Goals(_))
                    | ("indicators", Section::Indicators(_))
            )
        });
        if !has {
            return bad("layout.sections", format!("缺少 {need} 版块"));
        }
    }
    // Every header/text cell that has a spec must be on the form.
    for k in t.fields.keys() {
        if (k.starts_with("header.") || k.starts_with("texts.") || k.starts_with("goals."))
            && !bound.contains(k)
        {
            return bad(format!("fields.{k}"), "设置了此单元格，但版式中没有放置它");
        }
    }
    if !bound.contains("header.name") {
        return bad("layout.sections", "版式中没有项目名称（header.name）");
    }
    Ok(())
}

fn cell(t: &Template, key: &str, c: &CellSpec) -> Result<(), TemplateError> {
    let n = [c.text.is_some(), c.label_of.is_some(), c.field.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    if n != 1 {
        return bad(key, "每个单元格必须且只能有 text、label_of、field 之一");
    }
    if c.span == 0 {
        return bad(format!("{key}.span"), "span 必须大于 0");
    }
    for k in [&c.label_of, &c.field].into_iter().flatten() {
        if bound_field(k).is_none() {
            return bad(
                key,
                format!("「{k}」不能放在这里；可用表头单元格（header.*）或模板文本（texts.*）"),
            );
        }
        if !t.fields.contains_key(k.as_str()) {
            return bad(key, format!("版式用到「{k}」，但 fields 中没有它的设置"));
        }
    }
    if let Some(f) = &c.format {
        if c.field.is_none() || f.matches("{}").count() != 1 {
            return bad(
                format!("{key}.format"),
                "format 只用于 field 单元格，且必须含一个 {}",
            );
        }
    }
    Ok(())
}

/// Grades: named, highest first, the lowest starting at 0 so every 总分 has one.
fn check_grades(grades: &[super::Grade]) -> Result<(), TemplateError> {
    let Some(last) = grades.last() else {
        return bad(
            "grades",
            "至少要有一个等级，例如 {\"name\": \"优\", \"min\": \"90\"}",
        );
    };
    for (i, g) in grades.iter().enumerate() {
        let key = format!("grades[{i}]");
        let name = g.name.trim();
        if name.is_empty() || name.chars().count() > 10 {
            return bad(key, "等级名称不能为空，最多 10 个字");
        }
        if grades[..i].iter().any(|x| x.name.trim() == name) {
            return bad(key, format!("等级「{name}」重复"));
        }
        if g.min < Decimal::ZERO || g.min > Decimal::ONE_HUNDRED {
            return bad(key, format!("min 为 {}，应在 0–100 之间", g.min));
        }
        if let Some(prev) = i.checked_sub(1).map(|j| &grades[j]) {
            if g.min >= prev.min {
                return bad(
                    key,
                    format!(
                        "等级应从高到低排列：「{name}」的 min {} 不低于上一等级「{}」的 {}",
                        g.min, prev.name, prev.min
                    ),
                );
            }
        }
    }
    if !last.min.is_zero() {
        return bad(
            format!("grades[{}]", grades.len() - 1),
            format!(
                "最低等级「{}」的 min 应为 0，否则低于 {} 分的总分没有等级",
                last.name, last.min
            ),
        );
    }
    Ok(())
}
