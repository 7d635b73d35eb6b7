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
    /// Delete `count` rows from row `from`.
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
    a.level1.trim() == b.level1.trim() && a.level2.trim() == b.level2.trim()
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
    let n = f.indicators.len();
    match edit {
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
            let blank = Indicator {
                level1: model.map(|m| m.level1.clone()).unwrap_or_default(),
                level2: model.map(|m| m.level2.clone()).unwrap_or_default(),
                ..Indicator::default()
            };
            for _ in 0..*count {
                f.indicators.insert(*at, blank.clone());
            }
        }
        Edit::DeleteRows { from, count } => {
            if *from >= n || *count == 0 {
                return Err(refuse(None, "没有选中要删除的绩效指标行"));
            }
            let end = (from + count).min(n);
            f.indicators.drain(*from..end);
        }
        Edit::MoveRow { index, up } => move_row(&mut f, *index, *up)?,
        Edit::Paste { at, block } => paste(&mut f, *at, block, &mut rejected)?,
    }
    Ok(EditOutcome { form: f, rejected })
}

fn move_row(f: &mut Form, i: usize, up: bool) -> Result<(), EditError> {
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
    } else {
        // At the edge of its group: join the neighbouring group, in place.
        let (l1, l2) = (
            f.indicators[j].level1.clone(),
            f.indicators[j].level2.clone(),
        );
        let me = &mut f.indicators[i];
        me.level1 = l1;
        me.level2 = l2;
    }
    Ok(())
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
            e.message.contains("年度资金总额 全年执行数"),
            "{}",
            e.message
        );
        let g = set_ok(&g, field, "");
        assert_eq!(cell_text(&g, field).unwrap(), "");
    }

    #[test]
    fn typing_into_a_merged_level_cell_renames_the_group() {
        let mut f = blank();
        f = apply(
            &f,
            &Edit::InsertRows {
                at: 1,
                count: 2,
                like: Some(0),
            },
        )
        .unwrap()
        .form;
        assert_eq!(f.indicators[2].level2, "数量指标");
        let g = set_ok(&f, Field::Indicator(1, C::Level2), "质量指标");
        assert!(g.indicators[0..3].iter().all(|i| i.level2 == "质量指标"));
        assert_eq!(g.indicators[3].level2, "质量指标");
        assert_eq!(g.indicators[4].level2, "时效指标");
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
        assert_eq!(g.indicators[1].level1, "效益指标");
        assert_eq!(g.indicators[1].level2, "社会效益指标");
        assert_eq!(g.indicators[1].name, "乙");
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
        let f = blank();
        let g = apply(&f, &Edit::DeleteRows { from: 0, count: 2 })
            .unwrap()
            .form;
        assert_eq!(g.indicators.len(), f.indicators.len() - 2);
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
