//! Helpers of the XLSX tests: the seed forms, and "another writer" that puts
//! the official layout into a workbook the way other programs do (plain
//! values, no formulas, no hidden column, shifted, amounts as text …).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use selfeval_core::field::{Field, IndicatorColumn};
use selfeval_core::layout::{build_form, Content, LayoutOptions, ValueKind};
use selfeval_core::money::fmt2;
use selfeval_core::Form;

#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)] // each test binary uses some of them
pub use common::{seed_files, seeds};

pub fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/xlsx")
        .join(name);
    std::fs::read(p).unwrap()
}

/// How amounts are written by the other program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amounts {
    Numbers,
    /// `50000.00` as text.
    Text,
    /// `5万元` as text.
    Wan,
}

/// A cell value the other program writes instead of the form's.
#[derive(Debug, Clone)]
pub enum Override {
    Text(String),
    Number(f64),
    Empty,
    /// A date (what a cell typed as `2024/3/1` holds).
    Date,
    /// A formula, with the result Excel saved for it (`None`: none saved, as
    /// programs that write workbooks without calculating them leave it).
    Formula(String, Option<String>),
}

#[derive(Debug, Clone)]
pub struct Foreign {
    /// Extra rows above (a second title, a unit line).
    pub rows_above: u32,
    /// Extra columns to the left.
    pub cols_left: u16,
    pub amounts: Amounts,
    /// Texts like `92.78%` written as the number 0.9278 with a `0.00%` format.
    pub percent_fractions: bool,
    /// 绩效自评年度 written as a number.
    pub year_as_number: bool,
    /// Replace the value of layout cells at (layout row, col).
    pub overrides: HashMap<(usize, usize), Override>,
}

impl Default for Foreign {
    fn default() -> Self {
        Foreign {
            rows_above: 0,
            cols_left: 0,
            amounts: Amounts::Numbers,
            percent_fractions: false,
            year_as_number: false,
            overrides: HashMap::new(),
        }
    }
}

fn percent(text: &str) -> Option<(f64, usize)> {
    let body = text.strip_suffix('%')?;
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let d: Decimal = body.parse().ok()?;
    let decimals = body.split_once('.').map_or(0, |(_, f)| f.len());
    let f: f64 = (d / Decimal::ONE_HUNDRED).to_string().parse().ok()?;
    Some((f, decimals))
}

/// Write one form as another program would, on a sheet of `wb`.
pub fn write_foreign(ws: &mut Worksheet, form: &Form, o: &Foreign) {
    let (layout, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let plain = Format::new();
    if o.rows_above > 0 {
        ws.write_string(0, 0, "附件2").unwrap();
    }
    for c in layout.cells() {
        let r = c.row as u32 + o.rows_above;
        let col = c.col as u16 + o.cols_left;
        let r2 = r + c.row_span as u32 - 1;
        let c2 = col + c.col_span as u16 - 1;
        if r2 != r || c2 != col {
            ws.merge_range(r, col, r2, c2, "", &plain).unwrap();
        }
        if let Some(v) = o.overrides.get(&(c.row, c.col)) {
            match v {
                Override::Text(s) => ws.write_string(r, col, s).map(|_| ()).unwrap(),
                Override::Number(n) => ws.write_number(r, col, *n).map(|_| ()).unwrap(),
                Override::Empty => {}
                Override::Date => {
                    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
                    let f = Format::new().set_num_format("yyyy/m/d");
                    ws.write_datetime_with_format(r, col, &d, &f).unwrap();
                }
                Override::Formula(f, result) => {
                    let mut formula = rust_xlsxwriter::Formula::new(f);
                    if let Some(v) = result {
                        formula = formula.set_result(v);
                    }
                    ws.write_formula(r, col, formula).unwrap();
                }
            }
            continue;
        }
        let is_money = matches!(
            c.content,
            Content::Input {
                value_kind: ValueKind::Money,
                ..
            }
        );
        match (&c.content, c.content.display_number()) {
            (Content::Input { .. } | Content::Computed { .. }, Some(n)) => {
                if is_money && o.amounts != Amounts::Numbers {
                    let s = match o.amounts {
                        Amounts::Wan => format!("{}万元", (n / Decimal::from(10_000)).normalize()),
                        _ => fmt2(n),
                    };
                    ws.write_string(r, col, s).unwrap();
                } else {
                    let f: f64 = n.to_string().parse().unwrap();
                    ws.write_number(r, col, f).unwrap();
                }
            }
            (content, _) => {
                let text = content.display();
                if text.is_empty() {
                    continue;
                }
                let field = match content {
                    Content::Input { field, .. } => Some(*field),
                    _ => None,
                };
                let pct = matches!(
                    field,
                    Some(Field::Indicator(
                        _,
                        IndicatorColumn::Actual | IndicatorColumn::Target
                    ))
                ) && o.percent_fractions;
                if let (true, Some((f, decimals))) = (pct, percent(&text)) {
                    let code = if decimals == 0 {
                        "0%".to_string()
                    } else {
                        format!("0.{}%", "0".repeat(decimals))
                    };
                    ws.write_number_with_format(r, col, f, &Format::new().set_num_format(code))
                        .unwrap();
                } else if field == Some(Field::HeaderYear)
                    && o.year_as_number
                    && text.parse::<u32>().is_ok()
                {
                    ws.write_number(r, col, f64::from(text.parse::<u32>().unwrap()))
                        .unwrap();
                } else {
                    ws.write_string(r, col, &text).unwrap();
                }
            }
        }
    }
}

pub fn foreign_workbook(forms: &[Form], o: &Foreign) -> Vec<u8> {
    let mut wb = Workbook::new();
    for f in forms {
        let ws = wb.add_worksheet();
        write_foreign(ws, f, o);
    }
    wb.save_to_buffer().unwrap()
}

/// What a form reads back as from another program's file: the values the
/// rules filled in where the officer left cells empty are printed, so they
/// come back typed; the tier (kept only by SelfEval) is gone.
pub fn as_printed(form: &Form) -> Form {
    let (layout, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let mut f = form.clone();
    for c in layout.cells() {
        if let Content::Input {
            field,
            number: None,
            fallback_number: Some(v),
            ..
        } = &c.content
        {
            match *field {
                Field::Fund(k, col) => f.funds.row_mut(k).set(col, Some(*v)),
                Field::FundsWeight => f.funds.weight = Some(*v),
                Field::Indicator(i, IndicatorColumn::Score) => f.indicators[i].score = Some(*v),
                _ => {}
            }
        }
    }
    for ind in &mut f.indicators {
        ind.tier = None;
    }
    f
}
