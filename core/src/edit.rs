//! Edits of a form as the editor makes them: set or clear cells, choose a
//! tier, insert / delete / move indicator rows, paste a block of cells.
//!
//! Every edit is a pure function from a form to a new form. Numbers are read
//! with [`parse_amount`]; a cell whose text is not a number is refused with a
//! Chinese message and the form is left as it was (the editor keeps the text).

use serde::{Deserialize, Serialize};

use crate::field::{Field, IndicatorColumn as C};
use crate::layout::{self, Content, LayoutOptions, RowKind};
use crate::model::{Form, Indicator, Tier};
use crate::money::{fmt2, parse_amount};
use crate::template::Template;

/// One edit of the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Set a cell to the text typed.
    Set {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        field: Field,
        text: String,
    },
    /// Empty several cells (Delete on a selection).
    Clear {
        #[cfg_attr(feature = "ts", ts(type = "Array<string>"))]
        fields: Vec<Field>,
    },
    /// Choose the tier of a qualitative indicator (`None` clears it).
    SetTier { row: usize, tier: Option<Tier> },
    /// Insert `count` empty rows before row `at` (`at` = number of rows
    /// appends), in the 一级/二级 group of row `like`.
    InsertRows {
        at: usize,
        count: usize,
        like: Option<usize>,
    },
    /// Add a row to the 一级/二级 group named (a menu on any row): where the
    /// group has only its 「无」 placeholder, that row is cleared for the new
    /// indicator; otherwise a row is added after the group's last row, or,
    /// for a group not on the form yet, where the template orders it.
    InsertInto { level1: String, level2: String },
    /// Move row `index` alone into the group named, placed as `InsertInto`
    /// places a row; the group it leaves gets its 「无」 row back if emptied.
    MoveToGroup {
        index: usize,
        level1: String,
        level2: String,
    },
    /// Rename the merged 二级 label over row `index`: every row of its group.
    RenameGroup { index: usize, level2: String },
    /// Delete `count` rows from row `from`. A template group left with no
    /// row gets its 「无」 placeholder back.
    DeleteRows { from: usize, count: usize },
    /// Move one row up or down. At the edge of its 二级 group it joins the
    /// neighbouring group instead of jumping over it.
    MoveRow { index: usize, up: bool },
    /// Paste a block of cells (rows of columns, as copied from Excel) with its
    /// top-left corner on `at`.
    Paste {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        at: Field,
        block: Vec<Vec<String>>,
    },
}

/// A cell of a paste that could not be taken, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rejected {
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub field: Option<Field>,
    pub message: String,
}

/// The form after an edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditOutcome {
    pub form: Form,
    /// Pasted cells that were not taken (the rest of the paste is applied).
    pub rejected: Vec<Rejected>,
    /// The indicator row the edit put in place (inserted, moved), for the
    /// editor to select.
    pub row: Option<usize>,
}

/// An edit that was refused as a whole; the form is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[error("{message}")]
pub struct EditError {
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub field: Option<Field>,
    pub message: String,
}

fn refuse(field: Option<Field>, message: impl Into<String>) -> EditError {
    EditError {
        field,
        message: message.into(),
    }
}

/// The indicator columns of the Shenzhen table, in order (a template's own
/// order is [`crate::Template::indicator_columns`]).
pub const TABLE_COLUMNS: [C; 8] = [
    C::Level1,
    C::Level2,
    C::Name,
    C::Target,
    C::Actual,
    C::Weight,
    C::Score,
    C::Deviation,
];

/// The text a cell holds, as the editor starts editing it (amounts with two
/// decimals, the tier as its label). `None` if the cell does not exist.
pub fn cell_text(form: &Form, field: Field) -> Option<String> {
    let money = |d: Option<rust_decimal::Decimal>| d.map(fmt2).unwrap_or_default();
    let amount = |d: Option<rust_decimal::Decimal>| {
        let unit = crate::Template::by_id(&form.template)
            .map(|t| t.money_unit)
            .unwrap_or(crate::template::MoneyUnit::Yuan);
        d.map(|d| crate::money::fmt_in(d, unit)).unwrap_or_default()
    };
    Some(match field {
        Field::HeaderCode => form.header.code.clone(),
        Field::HeaderName => form.header.name.clone(),
        Field::HeaderYear => form.header.year.clone(),
        Field::HeaderImplementingUnit => form.header.implementing_unit.clone(),
        Field::HeaderBudgetUnit => form.header.budget_unit.clone(),
        Field::FundsWeight => money(form.funds.weight),
        Field::Fund(r, c) => amount(form.funds.row(r).get(c)),
        Field::FundsReason => form.funds.reason.clone(),
        Field::Text(k) => form.texts.get(k.as_str()).cloned().unwrap_or_default(),
        Field::GoalsExpected => form.goals.expected.clone(),
        Field::GoalsActual => form.goals.actual.clone(),
        Field::Indicator(i, c) => {
            let ind = form.indicators.get(i)?;
            match c {
                C::Level1 => ind.level1.clone(),
                C::Level2 => ind.level2.clone(),
                C::Name => ind.name.clone(),
                C::Target => ind.target.clone(),
                C::Actual => ind.actual.clone(),
                C::Weight => money(ind.weight),
                C::Score => money(ind.score),
                C::Deviation => ind.deviation.clone(),
                C::Tier => ind.tier.map(|t| t.label().to_string()).unwrap_or_default(),
                C::Nature => ind.nature.clone(),
                C::Unit => ind.unit.clone(),
            }
        }
    })
}

fn number(
    form: &Form,
    field: Field,
    text: &str,
) -> Result<Option<rust_decimal::Decimal>, EditError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let unit = crate::Template::by_id(&form.template)
        .map(|t| t.money_unit)
        .unwrap_or(crate::template::MoneyUnit::Yuan);
    let parsed = if field.holds_score() {
        parse_amount(text)
    } else {
        crate::money::parse_decimals(text, unit.max_decimals())
    };
    parsed.map(Some).map_err(|m| {
        let hint = crate::money::unit_hint_in(field.holds_score(), unit);
        refuse(
            Some(field),
            format!("{}：{m}，{hint}", field.describe_in(form)),
        )
    })
}

fn tier_of_text(field: Field, text: &str) -> Result<Option<Tier>, EditError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Tier::ALL
        .into_iter()
        .find(|x| x.label() == t || x.key() == t)
        .map(Some)
        .ok_or_else(|| {
            let all: Vec<&str> = Tier::ALL.iter().map(|x| x.label()).collect();
            refuse(
                Some(field),
                format!("达成等级「{t}」无法识别；应为 {} 之一", all.join("、")),
            )
        })
}

/// Set one text or number cell as typed, for the importers (a 一级/二级
/// cell stands for its row only).
pub fn apply_text(form: &mut Form, field: Field, text: &str) -> Result<(), EditError> {
    set(form, field, text, false)
}

/// The contiguous run of rows around `i` for which `same` holds.
fn run(inds: &[Indicator], i: usize, same: impl Fn(&Indicator) -> bool) -> std::ops::Range<usize> {
    let mut a = i;
    while a > 0 && same(&inds[a - 1]) {
        a -= 1;
    }
    let mut b = i + 1;
    while b < inds.len() && same(&inds[b]) {
        b += 1;
    }
    a..b
}

fn same_group(a: &Indicator, b: &Indicator) -> bool {
    a.in_group(&b.level1, &b.level2)
}

/// Set one cell. `merged` says whether a 一级/二级 cell stands for its whole
/// merged group (typing into the merged cell) or for its row only (paste).
fn set(form: &mut Form, field: Field, text: &str, merged: bool) -> Result<(), EditError> {
    let h = &mut form.header;
    match field {
        Field::HeaderCode => h.code = text.to_string(),
        Field::HeaderName => h.name = text.to_string(),
        Field::HeaderYear => h.year = text.to_string(),
        Field::HeaderImplementingUnit => h.implementing_unit = text.to_string(),
        Field::HeaderBudgetUnit => h.budget_unit = text.to_string(),
        Field::FundsWeight => form.funds.weight = number(form, field, text)?,
        Field::Fund(r, c) => {
            let v = number(form, field, text)?;
            form.funds.row_mut(r).set(c, v);
        }
        Field::FundsReason => form.funds.reason = text.to_string(),
        Field::Text(k) => {
            let known =
                crate::Template::by_id(&form.template).is_ok_and(|t| t.text_keys().contains(&k));
            if !known {
                return Err(refuse(
                    Some(field),
                    format!("此表格的模板没有「{}」单元格", k.as_str()),
                ));
            }
            if text.is_empty() {
                form.texts.remove(k.as_str());
            } else {
                form.texts.insert(k.as_str().to_string(), text.to_string());
            }
        }
        Field::GoalsExpected => form.goals.expected = text.to_string(),
        Field::GoalsActual => form.goals.actual = text.to_string(),
        Field::Indicator(i, c) => {
            let n = form.indicators.len();
            let Some(ind) = form.indicators.get(i) else {
                return Err(refuse(
                    Some(field),
                    format!("绩效指标第{}行不存在（共 {n} 行）", i + 1),
                ));
            };
            match c {
                C::Level1 | C::Level2 => {
                    let rows = if !merged {
                        i..i + 1
                    } else if c == C::Level1 {
                        let l1 = ind.level1.trim().to_string();
                        run(&form.indicators, i, |x| x.level1.trim() == l1)
                    } else {
                        let me = ind.clone();
                        run(&form.indicators, i, |x| same_group(x, &me))
                    };
                    for r in &mut form.indicators[rows] {
                        if c == C::Level1 {
                            r.level1 = text.to_string();
                        } else {
                            r.level2 = text.to_string();
                        }
                    }
                }
                C::Weight => {
                    let v = number(form, field, text)?;
                    form.indicators[i].weight = v;
                }
                C::Score => {
                    let v = number(form, field, text)?;
                    form.indicators[i].score = v;
                }
                C::Tier => {
                    let v = tier_of_text(field, text)?;
                    form.indicators[i].tier = v;
                }
                C::Name => form.indicators[i].name = text.to_string(),
                C::Target => form.indicators[i].target = text.to_string(),
                C::Actual => form.indicators[i].actual = text.to_string(),
                C::Deviation => form.indicators[i].deviation = text.to_string(),
                C::Nature => form.indicators[i].nature = text.to_string(),
                C::Unit => form.indicators[i].unit = text.to_string(),
            }
        }
    }
    Ok(())
}

/// Apply one edit to a form.
pub fn apply(form: &Form, edit: &Edit) -> Result<EditOutcome, EditError> {
    let mut f = form.clone();
    let mut rejected = Vec::new();
    let mut row = None;
    let n = f.indicators.len();
    match edit {
        // One row's 二级 chosen (typed, or picked on the merged cell): that
        // row moves into the group; renaming the label is `RenameGroup`.
        Edit::Set {
            field: Field::Indicator(i, C::Level2),
            text,
        } if *i < n && f.indicators[*i].level2.trim() != text.trim() && !text.trim().is_empty() => {
            let l1 = f.indicators[*i].level1.clone();
            row = Some(move_to_group(&mut f, *i, &l1, text));
        }
        Edit::Set { field, text } => set(&mut f, *field, text, true)?,
        Edit::Clear { fields } => {
            for field in fields {
                set(&mut f, *field, "", true)?;
            }
        }
        Edit::SetTier { row, tier } => {
            let ind = f.indicators.get_mut(*row).ok_or_else(|| {
                refuse(None, format!("绩效指标第{}行不存在（共 {n} 行）", row + 1))
            })?;
            ind.tier = *tier;
        }
        Edit::InsertRows { at, count, like } => {
            if *at > n {
                return Err(refuse(None, format!("无法在第{}行插入：共 {n} 行", at + 1)));
            }
            let model = like
                .or(at.checked_sub(1))
                .or(if n > 0 { Some(0) } else { None })
                .and_then(|k| f.indicators.get(k));
            // One row into a group that has only its 「无」 row: that row
            // gives way to the new one.
            let t = Template::by_id(&f.template).ok();
            if let (1, Some(m)) = (*count, model) {
                let group: Vec<&Indicator> =
                    f.indicators.iter().filter(|x| same_group(x, m)).collect();
                if !group.is_empty() && group.iter().all(|x| is_vacant(t, x)) {
                    let (l1, l2) = (m.level1.clone(), m.level2.clone());
                    row = Some(insert_into(&mut f, &l1, &l2));
                    return Ok(EditOutcome {
                        form: f,
                        rejected,
                        row,
                    });
                }
            }
            row = Some(*at);
            let blank = Indicator {
                level1: model.map(|m| m.level1.clone()).unwrap_or_default(),
                level2: model.map(|m| m.level2.clone()).unwrap_or_default(),
                ..Indicator::default()
            };
            for _ in 0..*count {
                f.indicators.insert(*at, blank.clone());
            }
        }
        Edit::InsertInto { level1, level2 } => {
            row = Some(insert_into(&mut f, level1, level2));
        }
        Edit::MoveToGroup {
            index,
            level1,
            level2,
        } => {
            if *index >= n {
                return Err(refuse(
                    None,
                    format!("绩效指标第{}行不存在（共 {n} 行）", index + 1),
                ));
            }
            row = Some(move_to_group(&mut f, *index, level1, level2));
        }
        Edit::RenameGroup { index, level2 } => {
            let me = f.indicators.get(*index).cloned().ok_or_else(|| {
                refuse(
                    None,
                    format!("绩效指标第{}行不存在（共 {n} 行）", index + 1),
                )
            })?;
            for r in run(&f.indicators, *index, |x| same_group(x, &me)) {
                f.indicators[r].level2 = level2.clone();
            }
        }
        Edit::DeleteRows { from, count } => {
            if *from >= n || *count == 0 {
                return Err(refuse(None, "没有选中要删除的绩效指标行"));
            }
            let end = (from + count).min(n);
            let gone: Vec<Indicator> = f.indicators.drain(*from..end).collect();
            for g in &gone {
                keep_group(&mut f, &g.level1, &g.level2);
            }
        }
        Edit::MoveRow { index, up } => row = Some(move_row(&mut f, *index, *up)?),
        Edit::Paste { at, block } => paste(&mut f, *at, block, &mut rejected)?,
    }
    Ok(EditOutcome {
        form: f,
        rejected,
        row,
    })
}

/// Paste rows that carry their own 一级/二级 (as copied from another form):
/// each row goes to its group — over the row under the cursor when that is
/// of the same group (row for row, as Excel overwrites), else over the
/// group's vacant (「无」 or empty) row, else after the group's last row or,
/// for a group not on the form yet, where the template orders it. A group
/// is never split in two. An empty 一级/二级 cell means "as the row above".
fn paste_grouped(
    f: &mut Form,
    i: usize,
    columns: &[C],
    block: &[Vec<String>],
    rejected: &mut Vec<Rejected>,
) {
    let t = Template::by_id(&f.template).ok();
    let mut l1 = f.indicators[i].level1.clone();
    let mut l2 = f.indicators[i].level2.clone();
    let mut cursor = i;
    let mut written: Vec<usize> = Vec::new();
    for (r, cells) in block.iter().enumerate() {
        let at_col = |want: C| {
            columns
                .iter()
                .position(|c| *c == want)
                .and_then(|k| cells.get(k))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        if let Some(v) = at_col(C::Level1) {
            l1 = t.map_or_else(|| v.to_string(), |t| t.level1_name(v));
        }
        if let Some(v) = at_col(C::Level2) {
            l2 = v.to_string();
        }
        let member = |f: &Form, k: usize| f.indicators[k].in_group(&l1, &l2);
        let target =
            if cursor < f.indicators.len() && member(f, cursor) && !written.contains(&cursor) {
                cursor
            } else if let Some(k) = (0..f.indicators.len())
                .find(|&k| member(f, k) && !written.contains(&k) && is_vacant(t, &f.indicators[k]))
            {
                k
            } else {
                let at = group_slot(f, &l1, &l2);
                f.indicators.insert(at, Indicator::default());
                for w in &mut written {
                    if *w >= at {
                        *w += 1;
                    }
                }
                at
            };
        if is_vacant(t, &f.indicators[target]) {
            f.indicators[target] = Indicator::default();
        }
        f.indicators[target].level1 = l1.clone();
        f.indicators[target].level2 = l2.clone();
        written.push(target);
        cursor = target + 1;
        for (k, text) in cells.iter().enumerate() {
            let Some(c) = columns.get(k) else {
                if !text.trim().is_empty() {
                    rejected.push(Rejected {
                        field: None,
                        message: format!("粘贴内容第{}行超出表格右边界的部分已忽略", r + 1),
                    });
                }
                break;
            };
            if matches!(c, C::Level1 | C::Level2) {
                continue;
            }
            if let Err(e) = set(f, Field::Indicator(target, *c), text, false) {
                rejected.push(Rejected {
                    field: e.field,
                    message: e.message,
                });
            }
        }
    }
}

/// A row that stands for an unused 二级 group: 「无」 and 分值 0, as the
/// template's notes ask.
fn placeholder(level1: &str, level2: &str) -> Indicator {
    Indicator {
        level1: level1.to_string(),
        level2: level2.to_string(),
        name: "无".into(),
        weight: Some(rust_decimal::Decimal::ZERO),
        ..Indicator::default()
    }
}

/// Whether a row is its group's 「无」 placeholder (or a row not filled in
/// at all): the first real row added to the group takes its place.
fn is_vacant(t: Option<&Template>, ind: &Indicator) -> bool {
    let empty = ind.name.trim().is_empty()
        && ind.target.trim().is_empty()
        && ind.actual.trim().is_empty()
        && ind.deviation.trim().is_empty()
        && ind.score.is_none()
        && ind.weight.is_none_or(|w| w.is_zero());
    empty
        || t.is_some_and(|t| crate::rules::indicator::is_not_applicable(t, ind))
            && ind.score.is_none_or(|s| s.is_zero())
            && ind.weight.is_none_or(|w| w.is_zero())
}

/// The template's order of a group: (一级 position, 二级 position); groups
/// not in the template come after.
fn group_order(t: Option<&Template>, l1: &str, l2: &str) -> (usize, usize) {
    let Some(t) = t else {
        return (usize::MAX, usize::MAX);
    };
    match t.level1.iter().position(|l| l.name == l1.trim()) {
        Some(a) => {
            let b = t.level1[a]
                .level2
                .iter()
                .position(|x| x == l2.trim())
                .unwrap_or(usize::MAX);
            (a, b)
        }
        None => (usize::MAX, usize::MAX),
    }
}

/// Where a new row of group (l1, l2) goes: after the group's last row, or,
/// for a group not on the form, after the last row the template orders
/// before it.
fn group_slot(f: &Form, l1: &str, l2: &str) -> usize {
    if let Some(last) = f.indicators.iter().rposition(|x| x.in_group(l1, l2)) {
        return last + 1;
    }
    let t = Template::by_id(&f.template).ok();
    let want = group_order(t, l1, l2);
    f.indicators
        .iter()
        .rposition(|x| group_order(t, &x.level1, &x.level2) <= want)
        .map_or(0, |k| k + 1)
}

/// Put `row` into its group: over the group's vacant (「无」 or empty) row
/// where it has one, else after the group's last row, or where the template
/// orders a group not on the form. Returns the row's index.
fn place_in_group(f: &mut Form, row: Indicator) -> usize {
    let t = Template::by_id(&f.template).ok();
    let vacant = f
        .indicators
        .iter()
        .position(|x| x.in_group(&row.level1, &row.level2) && is_vacant(t, x));
    match vacant {
        Some(k) => {
            f.indicators[k] = row;
            k
        }
        None => {
            let at = group_slot(f, &row.level1, &row.level2);
            f.indicators.insert(at, row);
            at
        }
    }
}

/// Add an empty row to group (l1, l2) (see [`place_in_group`]).
fn insert_into(f: &mut Form, l1: &str, l2: &str) -> usize {
    place_in_group(
        f,
        Indicator {
            level1: l1.to_string(),
            level2: l2.to_string(),
            ..Indicator::default()
        },
    )
}

/// A template group that has no row left gets its 「无」 placeholder back.
/// Returns where it was put.
fn keep_group(f: &mut Form, l1: &str, l2: &str) -> Option<usize> {
    let in_template = Template::by_id(&f.template).is_ok_and(|t| t.level2_of(l1.trim(), l2.trim()));
    if !in_template || f.indicators.iter().any(|x| x.in_group(l1, l2)) {
        return None;
    }
    let at = group_slot(f, l1, l2);
    f.indicators.insert(at, placeholder(l1.trim(), l2.trim()));
    Some(at)
}

/// Row `at` after [`keep_group`] put a placeholder at `added`.
fn shifted(at: usize, added: Option<usize>) -> usize {
    match added {
        Some(p) if p <= at => at + 1,
        _ => at,
    }
}

/// Row `i` alone leaves its group for (l1, l2). Returns its new index.
fn move_to_group(f: &mut Form, i: usize, l1: &str, l2: &str) -> usize {
    let mut row = f.indicators.remove(i);
    let (old1, old2) = (row.level1.clone(), row.level2.clone());
    row.level1 = l1.to_string();
    row.level2 = l2.to_string();
    let at = place_in_group(f, row);
    let added = keep_group(f, &old1, &old2);
    shifted(at, added)
}

/// Move row `i` one step; returns where it is now.
fn move_row(f: &mut Form, i: usize, up: bool) -> Result<usize, EditError> {
    let n = f.indicators.len();
    if i >= n {
        return Err(refuse(
            None,
            format!("绩效指标第{}行不存在（共 {n} 行）", i + 1),
        ));
    }
    let j = match (up, i) {
        (true, 0) => return Err(refuse(None, "已是第一行，不能再上移")),
        (true, _) => i - 1,
        (false, _) if i + 1 >= n => return Err(refuse(None, "已是最后一行，不能再下移")),
        (false, _) => i + 1,
    };
    if same_group(&f.indicators[i], &f.indicators[j]) {
        f.indicators.swap(i, j);
        return Ok(j);
    }
    // At the edge of its group: join the neighbouring group, in place (the
    // last row of the group above, the first of the group below). The
    // group's vacant rows give way to a real row; the group left gets its
    // 「无」 row back if it is empty now.
    let t = Template::by_id(&f.template).ok();
    let (l1, l2) = (
        f.indicators[j].level1.clone(),
        f.indicators[j].level2.clone(),
    );
    let (old1, old2) = (
        f.indicators[i].level1.clone(),
        f.indicators[i].level2.clone(),
    );
    let mut me = f.indicators[i].clone();
    me.level1 = l1.clone();
    me.level2 = l2.clone();
    let real = !is_vacant(t, &me);
    f.indicators[i] = me.clone();
    let mut at = i;
    if real {
        let mut k = 0;
        f.indicators.retain(|x| {
            let keep = k == i || !(x.in_group(&l1, &l2) && is_vacant(t, x));
            if !keep && k < i {
                at -= 1;
            }
            k += 1;
            keep
        });
    }
    let added = keep_group(f, &old1, &old2);
    Ok(shifted(at, added))
}

/// Paste a block. In the indicator table the columns follow the table and the
/// block overwrites rows from the selected one to the end of its 二级 group;
/// rows beyond are inserted, in the group. An empty 一级/二级 in a pasted row
/// (a merged cell copied from Excel) means "same as the row above".
/// Elsewhere the block fills the input cells of the printed grid, row by row.
fn paste(
    f: &mut Form,
    at: Field,
    block: &[Vec<String>],
    rejected: &mut Vec<Rejected>,
) -> Result<(), EditError> {
    let take = |f: &mut Form, field: Field, text: &str, rejected: &mut Vec<Rejected>| {
        if let Err(e) = set(f, field, text, false) {
            rejected.push(Rejected {
                field: e.field,
                message: e.message,
            });
        }
    };
    if let Field::Indicator(i, col) = at {
        let n = f.indicators.len();
        if i >= n {
            return Err(refuse(Some(at), format!("绩效指标第{}行不存在", i + 1)));
        }
        let col = if col == C::Tier { C::Score } else { col };
        let columns = crate::Template::by_id(&f.template)
            .map(|t| t.indicator_columns())
            .unwrap_or_else(|_| TABLE_COLUMNS.to_vec());
        let start = columns.iter().position(|c| *c == col).unwrap_or(0);
        let level2_at = columns
            .iter()
            .position(|c| *c == C::Level2)
            .and_then(|p| p.checked_sub(start));
        let carries_groups = level2_at.is_some_and(|k| {
            block
                .iter()
                .any(|cells| cells.get(k).is_some_and(|t| !t.trim().is_empty()))
        });
        if carries_groups {
            paste_grouped(f, i, &columns[start..], block, rejected);
            return Ok(());
        }
        let first = f.indicators[i].clone();
        let mut group_end = run(&f.indicators, i, |x| same_group(x, &first)).end - 1;
        for (r, cells) in block.iter().enumerate() {
            let idx = i + r;
            if idx > group_end {
                f.indicators.insert(
                    idx,
                    Indicator {
                        level1: first.level1.clone(),
                        level2: first.level2.clone(),
                        ..Indicator::default()
                    },
                );
                group_end = idx;
            }
            for (k, text) in cells.iter().enumerate() {
                let Some(c) = columns.get(start + k) else {
                    if !text.trim().is_empty() {
                        rejected.push(Rejected {
                            field: None,
                            message: format!("粘贴内容第{}行超出表格右边界的部分已忽略", r + 1),
                        });
                    }
                    break;
                };
                let inherit = matches!(c, C::Level1 | C::Level2) && text.trim().is_empty();
                if inherit {
                    if r > 0 {
                        let prev = f.indicators[idx - 1].clone();
                        let me = &mut f.indicators[idx];
                        if *c == C::Level1 {
                            me.level1 = prev.level1;
                        } else {
                            me.level2 = prev.level2;
                        }
                    }
                    continue;
                }
                take(f, Field::Indicator(idx, *c), text, rejected);
            }
        }
        return Ok(());
    }
    // Outside the indicator table: the input cells of the printed grid.
    let t = Template::by_id(&f.template).map_err(|e| refuse(Some(at), e.to_string()))?;
    let ev = crate::rules::evaluate(f, t);
    let grid = layout::build(f, t, &ev, &LayoutOptions::default());
    let rows: Vec<(RowKind, Vec<Field>)> = grid
        .rows
        .iter()
        .map(|row| {
            let fields = row
                .cells
                .iter()
                .filter_map(|c| match &c.content {
                    Content::Input { field, .. } => Some(*field),
                    _ => None,
                })
                .collect();
            (row.kind, fields)
        })
        .collect();
    let Some((r0, c0)) = rows
        .iter()
        .enumerate()
        .find_map(|(r, (_, fs))| fs.iter().position(|x| *x == at).map(|c| (r, c)))
    else {
        return Err(refuse(Some(at), "这个单元格不能粘贴"));
    };
    let kind = rows[r0].0;
    let mut dropped = false;
    for (r, cells) in block.iter().enumerate() {
        let target = rows
            .get(r0 + r)
            .filter(|(k, _)| std::mem::discriminant(k) == std::mem::discriminant(&kind));
        for (k, text) in cells.iter().enumerate() {
            match target.and_then(|(_, fs)| fs.get(c0 + k)) {
                Some(field) => take(f, *field, text, rejected),
                None => dropped |= !text.trim().is_empty(),
            }
        }
    }
    if dropped {
        rejected.push(Rejected {
            field: None,
            message: "粘贴内容超出本区域的部分已忽略".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FundColumn, FundRowKind};

    fn blank() -> Form {
        Form::blank(Template::default_template())
    }

    fn set_ok(f: &Form, field: Field, text: &str) -> Form {
        apply(
            f,
            &Edit::Set {
                field,
                text: text.into(),
            },
        )
        .unwrap()
        .form
    }

    #[test]
    fn numbers_are_parsed_and_bad_numbers_refused() {
        let f = blank();
        let field = Field::Fund(FundRowKind::Total, FundColumn::Executed);
        let g = set_ok(&f, field, "3,657.8");
        assert_eq!(cell_text(&g, field).unwrap(), "3657.80");
        let e = apply(
            &g,
            &Edit::Set {
                field,
                text: "三千".into(),
            },
        )
        .unwrap_err();
        assert_eq!(e.field, Some(field));
        assert!(
            e.message.contains("资金 · 年度资金总额 · 全年执行数"),
            "{}",
            e.message
        );
        let g = set_ok(&g, field, "");
        assert_eq!(cell_text(&g, field).unwrap(), "");
    }

    fn ok(f: &Form, e: Edit) -> EditOutcome {
        apply(f, &e).unwrap()
    }

    /// The groups of the form in order, each with its rows' names.
    fn groups(f: &Form) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for r in &f.indicators {
            match out.last_mut() {
                Some((g, names)) if *g == r.level2 => names.push(r.name.clone()),
                _ => out.push((r.level2.clone(), vec![r.name.clone()])),
            }
        }
        out
    }

    fn names_of<'a>(f: &'a Form, level2: &str) -> Vec<&'a str> {
        f.indicators
            .iter()
            .filter(|r| r.level2 == level2)
            .map(|r| r.name.as_str())
            .collect()
    }

    #[test]
    fn choosing_one_rows_level2_moves_that_row_and_renaming_is_explicit() {
        let mut f = blank();
        let k = f
            .indicators
            .iter()
            .position(|r| r.level2 == "经济效益指标")
            .unwrap();
        f.indicators[k].name = "带动就业".into();
        let out = ok(
            &f,
            Edit::InsertRows {
                at: k + 1,
                count: 1,
                like: Some(k),
            },
        );
        assert_eq!(out.row, Some(k + 1));
        let mut f = out.form;
        f.indicators[k + 1].name = "增加税收".into();
        // The row moves into 生态效益指标 (taking its empty row's place); the
        // rest of 经济效益指标 stays.
        let out = apply(
            &f,
            &Edit::Set {
                field: Field::Indicator(k + 1, C::Level2),
                text: "生态效益指标".into(),
            },
        )
        .unwrap();
        let g = out.form;
        assert_eq!(names_of(&g, "经济效益指标"), vec!["带动就业"]);
        assert_eq!(names_of(&g, "生态效益指标"), vec!["增加税收"]);
        assert_eq!(g.indicators.len(), f.indicators.len() - 1);
        assert_eq!(g.indicators[out.row.unwrap()].name, "增加税收");
        // The last row of 经济效益指标 moved away: its 「无」 comes back.
        let k2 = g
            .indicators
            .iter()
            .position(|r| r.name == "带动就业")
            .unwrap();
        let h = apply(
            &g,
            &Edit::Set {
                field: Field::Indicator(k2, C::Level2),
                text: "社会效益指标".into(),
            },
        )
        .unwrap()
        .form;
        assert_eq!(names_of(&h, "经济效益指标"), vec!["无"]);
        let z = h.indicators.iter().find(|r| r.name == "无").unwrap();
        assert_eq!(z.weight, Some(rust_decimal::Decimal::ZERO));
        // One block per group, in the template's order.
        let order: Vec<String> = groups(&h).into_iter().map(|(g, _)| g).collect();
        let want: Vec<String> = Template::default_template()
            .level1
            .iter()
            .flat_map(|l| l.level2.iter().cloned())
            .collect();
        assert_eq!(order, want);
        // Renaming the merged label is its own edit.
        let r = ok(
            &h,
            Edit::RenameGroup {
                index: 0,
                level2: "数量".into(),
            },
        )
        .form;
        assert_eq!(r.indicators[0].level2, "数量");
    }

    #[test]
    fn a_row_inserted_into_a_group_takes_its_placeholder_and_deleting_brings_it_back() {
        let mut f = blank();
        let k = f
            .indicators
            .iter()
            .position(|r| r.level2 == "生态效益指标")
            .unwrap();
        f.indicators[k] = placeholder("效益指标", "生态效益指标");
        let out = ok(
            &f,
            Edit::InsertInto {
                level1: "效益指标".into(),
                level2: "生态效益指标".into(),
            },
        );
        assert_eq!(out.row, Some(k));
        assert_eq!(out.form.indicators.len(), f.indicators.len());
        assert_eq!(out.form.indicators[k].name, "", "「无」 gave way");
        assert_eq!(out.form.indicators[k].weight, None);
        let mut g = out.form;
        g.indicators[k].name = "空气质量".into();
        // A second row goes after it.
        let out = ok(
            &g,
            Edit::InsertInto {
                level1: "效益指标".into(),
                level2: "生态效益指标".into(),
            },
        );
        assert_eq!(out.row, Some(k + 1));
        assert_eq!(names_of(&out.form, "生态效益指标"), vec!["空气质量", ""]);
        // Deleting both: the placeholder comes back.
        let h = ok(&out.form, Edit::DeleteRows { from: k, count: 2 }).form;
        assert_eq!(names_of(&h, "生态效益指标"), vec!["无"]);
        assert_eq!(h.indicators.len(), f.indicators.len());
        // A group not on the form is placed where the template orders it.
        let mut e = blank();
        e.indicators.retain(|r| r.level2 != "社会效益指标");
        let out = ok(
            &e,
            Edit::InsertInto {
                level1: "效益指标".into(),
                level2: "社会效益指标".into(),
            },
        );
        let at = out.row.unwrap();
        assert_eq!(out.form.indicators[at - 1].level2, "经济效益指标");
        assert_eq!(out.form.indicators[at + 1].level2, "生态效益指标");
    }

    #[test]
    fn pasting_rows_with_their_own_groups_places_each_in_its_group() {
        // The officer's form: 效益指标 with one real 经济效益 row and 「无」
        // rows elsewhere; four rows copied from last year's form, 一级 as
        // printed (with its weight).
        let mut f = blank();
        for r in &mut f.indicators {
            r.name = "无".into();
            r.weight = Some(rust_decimal::Decimal::ZERO);
        }
        let k = f
            .indicators
            .iter()
            .position(|r| r.level2 == "经济效益指标")
            .unwrap();
        f.indicators[k].name = "旧指标".into();
        let before = f.indicators.len();
        let row = |l1: &str, l2: &str, name: &str| -> Vec<String> {
            vec![
                l1.into(),
                l2.into(),
                name.into(),
                "≥1".into(),
                "1".into(),
                "5".into(),
            ]
        };
        let block = vec![
            row("效益指标(30分)", "经济效益指标", "带动产值"),
            row("", "社会效益指标", "服务人次"),
            row("", "生态效益指标", "节能"),
            row("满意度指标(10分)", "服务对象满意度指标", "满意度"),
        ];
        let out = ok(
            &f,
            Edit::Paste {
                at: Field::Indicator(k, C::Level1),
                block,
            },
        );
        assert!(out.rejected.is_empty(), "{:?}", out.rejected);
        let g = out.form;
        assert_eq!(g.indicators.len(), before, "four rows over four rows");
        assert_eq!(names_of(&g, "经济效益指标"), vec!["带动产值"]);
        assert_eq!(names_of(&g, "社会效益指标"), vec!["服务人次"]);
        assert_eq!(names_of(&g, "生态效益指标"), vec!["节能"]);
        assert_eq!(names_of(&g, "服务对象满意度指标"), vec!["满意度"]);
        let l1s: Vec<&str> = g.indicators.iter().map(|r| r.level1.as_str()).collect();
        assert!(!l1s.iter().any(|l| l.contains('分')), "{l1s:?}");
        let gs = groups(&g);
        let mut seen = std::collections::HashSet::new();
        assert!(
            gs.iter().all(|(g, _)| seen.insert(g.clone())),
            "a group twice: {gs:?}"
        );
        // Pasted again over the same rows: the same form.
        let block2 = vec![
            row("效益指标", "经济效益指标", "带动产值"),
            row("", "社会效益指标", "服务人次"),
        ];
        let h = ok(
            &g,
            Edit::Paste {
                at: Field::Indicator(k, C::Level1),
                block: block2,
            },
        )
        .form;
        assert_eq!(h, g);
        // A second row for a group that has a real one is added after it.
        let one = vec![row("效益指标", "经济效益指标", "第二个")];
        let h = ok(
            &g,
            Edit::Paste {
                at: Field::Indicator(0, C::Level1),
                block: one,
            },
        )
        .form;
        assert_eq!(names_of(&h, "经济效益指标"), vec!["带动产值", "第二个"]);
    }

    #[test]
    fn pasting_rows_overwrites_the_group_then_adds_rows() {
        let f = blank();
        let block: Vec<Vec<String>> = (1..=3)
            .map(|k| {
                vec![
                    format!("指标{k}"),
                    format!("≥{k}0次"),
                    format!("{k}0次"),
                    "5".into(),
                ]
            })
            .collect();
        let out = apply(
            &f,
            &Edit::Paste {
                at: Field::Indicator(0, C::Name),
                block,
            },
        )
        .unwrap();
        assert!(out.rejected.is_empty());
        let g = out.form;
        assert_eq!(g.indicators.len(), f.indicators.len() + 2);
        assert_eq!(g.indicators[2].name, "指标3");
        assert_eq!(g.indicators[2].level2, "数量指标");
        assert_eq!(g.indicators[2].weight, Some(5.into()));
        assert_eq!(g.indicators[3].level2, "质量指标", "next group untouched");
    }

    #[test]
    fn paste_keeps_good_cells_and_reports_bad_numbers() {
        let f = blank();
        let out = apply(
            &f,
            &Edit::Paste {
                at: Field::Indicator(0, C::Weight),
                block: vec![vec!["abc".into(), "4".into()]],
            },
        )
        .unwrap();
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].field, Some(Field::Indicator(0, C::Weight)));
        assert_eq!(out.form.indicators[0].score, Some(4.into()));
    }

    #[test]
    fn paste_from_excel_with_merged_levels_inherits_them() {
        let f = blank();
        let block = vec![
            vec!["效益指标".into(), "社会效益指标".into(), "甲".into()],
            vec!["".into(), "".into(), "乙".into()],
        ];
        let g = apply(
            &f,
            &Edit::Paste {
                at: Field::Indicator(0, C::Level1),
                block,
            },
        )
        .unwrap()
        .form;
        assert_eq!(names_of(&g, "社会效益指标"), vec!["甲", "乙"]);
        assert_eq!(g.indicators[0].level2, "数量指标", "row 0 keeps its group");
    }

    #[test]
    fn paste_into_the_funds_fills_the_grid() {
        let f = blank();
        let block = vec![
            vec!["100".into(), "200".into(), "150".into()],
            vec!["100".into(), "200".into(), "150".into()],
        ];
        let g = apply(
            &f,
            &Edit::Paste {
                at: Field::Fund(FundRowKind::Total, FundColumn::InitialBudget),
                block,
            },
        )
        .unwrap()
        .form;
        assert_eq!(g.funds.total.executed, Some(150.into()));
        assert_eq!(g.funds.current_year.annual_budget, Some(200.into()));
    }

    #[test]
    fn moving_a_real_row_across_a_group_edge_joins_the_group_in_place() {
        let mut f = blank();
        for r in &mut f.indicators {
            r.name = "无".into();
            r.weight = Some(rust_decimal::Decimal::ZERO);
        }
        f.indicators[1].name = "合格率".into();
        f.indicators[1].weight = Some(10.into());
        f.indicators[2].name = "及时率".into();
        f.indicators[2].weight = Some(10.into());
        // 合格率 (质量's only row) up: the last row of 数量, whose 「无」 gives
        // way; 质量, left empty, gets its 「无」 back.
        let out = ok(&f, Edit::MoveRow { index: 1, up: true });
        let g = &out.form;
        assert_eq!(names_of(g, "数量指标"), vec!["合格率"]);
        assert_eq!(names_of(g, "质量指标"), vec!["无"]);
        assert_eq!(g.indicators[out.row.unwrap()].name, "合格率");
        assert_eq!(g.indicators.len(), f.indicators.len());
        // 及时率 (时效) up into 质量: first real row there, 「无」 gone, 时效's back.
        let k = g
            .indicators
            .iter()
            .position(|r| r.name == "及时率")
            .unwrap();
        let out = ok(g, Edit::MoveRow { index: k, up: true });
        assert_eq!(names_of(&out.form, "质量指标"), vec!["及时率"]);
        assert_eq!(names_of(&out.form, "时效指标"), vec!["无"]);
        let order: Vec<String> = groups(&out.form).into_iter().map(|(g, _)| g).collect();
        assert_eq!(
            &order[..4],
            ["数量指标", "质量指标", "时效指标", "成本指标"]
        );
    }

    #[test]
    fn moving_a_row_across_a_group_edge_joins_the_group() {
        let f = blank();
        let g = apply(&f, &Edit::MoveRow { index: 1, up: true })
            .unwrap()
            .form;
        assert_eq!(g.indicators[1].level2, "数量指标");
        let h = apply(
            &g,
            &Edit::MoveRow {
                index: 0,
                up: false,
            },
        )
        .unwrap()
        .form;
        assert_eq!(h.indicators.len(), g.indicators.len());
        assert!(apply(&f, &Edit::MoveRow { index: 0, up: true }).is_err());
    }

    #[test]
    fn delete_and_tier() {
        let f = apply(
            &blank(),
            &Edit::InsertRows {
                at: 1,
                count: 2,
                like: Some(0),
            },
        )
        .unwrap()
        .form;
        let g = apply(&f, &Edit::DeleteRows { from: 0, count: 2 })
            .unwrap()
            .form;
        assert_eq!(g.indicators.len(), f.indicators.len() - 2);
        // The group's last row deleted: its 「无」 row comes back.
        let z = apply(&g, &Edit::DeleteRows { from: 0, count: 1 })
            .unwrap()
            .form;
        assert_eq!(z.indicators.len(), g.indicators.len());
        assert_eq!(
            (
                z.indicators[0].level2.as_str(),
                z.indicators[0].name.as_str()
            ),
            ("数量指标", "无")
        );
        let h = apply(
            &g,
            &Edit::SetTier {
                row: 0,
                tier: Some(Tier::Partial),
            },
        )
        .unwrap()
        .form;
        assert_eq!(h.indicators[0].tier, Some(Tier::Partial));
        assert!(apply(
            &g,
            &Edit::SetTier {
                row: 99,
                tier: None
            }
        )
        .is_err());
    }
}
