//! Data validation on every input cell (text length, numbers) with Chinese
//! titles and messages, and the template's notes (`(限2000字以内)` …) as cell
//! notes. Cells of the same kind share one validation (a multi-range), so a
//! workbook of a thousand forms stays small.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DataValidation, DataValidationRule, Note, Worksheet, XlsxError};

use crate::field::Field;
use crate::layout::ValueKind;
use crate::money::max_amount;
use rust_decimal::prelude::ToPrimitive;

/// One input cell to validate.
pub struct Target {
    pub field: Field,
    /// The unit of the template's amounts.
    pub unit: crate::template::MoneyUnit,
    pub kind: ValueKind,
    pub limit: usize,
    /// The cell's label for messages (`项目名称`).
    pub label: String,
    /// Sheet rows and columns covered, first and last (zero-based).
    pub first: (u32, u16),
    pub last: (u32, u16),
}

impl Target {
    fn range(&self) -> String {
        if self.first == self.last {
            rust_xlsxwriter::utility::row_col_to_cell(self.first.0, self.first.1)
        } else {
            rust_xlsxwriter::utility::cell_range(
                self.first.0,
                self.first.1,
                self.last.0,
                self.last.1,
            )
        }
    }
}

/// Add the validations of all input cells of a sheet.
pub fn add_validations(ws: &mut Worksheet, targets: &[Target]) -> Result<(), XlsxError> {
    // Group by kind of cell: (spec key, value kind, limit).
    let mut groups: BTreeMap<(String, u8, usize), Vec<&Target>> = BTreeMap::new();
    for t in targets {
        let key = (t.field.spec_key().into_owned(), kind_code(t.kind), t.limit);
        groups.entry(key).or_default().push(t);
    }
    for members in groups.values() {
        let Some(anchor) = members.first() else {
            continue;
        };
        let all = members
            .iter()
            .map(|t| t.range())
            .collect::<Vec<_>>()
            .join(" ");
        let dv = validation(anchor)?.set_multi_range(all);
        ws.add_data_validation(
            anchor.first.0,
            anchor.first.1,
            anchor.last.0,
            anchor.last.1,
            &dv,
        )?;
    }
    Ok(())
}

fn kind_code(k: ValueKind) -> u8 {
    match k {
        ValueKind::Text => 0,
        ValueKind::LongText => 1,
        ValueKind::Money => 2,
        ValueKind::Score => 3,
        ValueKind::Level1 => 4,
        ValueKind::Level2 => 5,
        ValueKind::Nature => 6,
    }
}

/// Input titles are limited to 32 characters, messages to 255.
fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn validation(t: &Target) -> Result<DataValidation, XlsxError> {
    let label = &t.label;
    let max = max_amount().to_f64().unwrap_or(999_999_999_999.99);
    let dv = match t.kind {
        ValueKind::Money if t.unit == crate::template::MoneyUnit::WanYuan => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-max, max))
            .set_input_title(clip(label, 32))?
            .set_input_message(clip(
                "请填写金额（万元），最多六位小数，如 5.36578；不要带“元”或“万元”。",
                255,
            ))?
            .set_error_title("金额无效")?
            .set_error_message(clip(&format!("{label}应为数字（单位：万元）。"), 255))?,
        ValueKind::Money => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-max, max))
            .set_input_title(clip(label, 32))?
            .set_input_message(clip(
                "请填写金额（元），最多两位小数，如 50000.00；不要带“元”或“万元”。",
                255,
            ))?
            .set_error_title("金额无效")?
            .set_error_message(clip(
                &format!("{label}应为数字（单位：元），最大 999,999,999,999.99。"),
                255,
            ))?,
        ValueKind::Score => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, max))
            .set_input_title(clip(label, 32))?
            .set_input_message("请填写分数，最多两位小数，如 7.00。")?
            .set_error_title("分数无效")?
            .set_error_message(clip(&format!("{label}应为不小于 0 的数字。"), 255))?,
        _ => {
            let limit = u32::try_from(t.limit).unwrap_or(u32::MAX);
            DataValidation::new()
                .allow_text_length(DataValidationRule::LessThanOrEqualTo(limit))
                .set_input_title(clip(label, 32))?
                .set_input_message(clip(&format!("限{}字以内。", t.limit), 255))?
                .set_error_title("超出字数限制")?
                .set_error_message(clip(
                    &format!("{label}最多{}字，请精简后再输入。", t.limit),
                    255,
                ))?
        }
    };
    Ok(dv)
}

/// Add the template's note of a cell.
pub fn add_note(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    let note = Note::new(text)
        .add_author_prefix(false)
        .set_author("SelfEval")
        .set_font_name("宋体")
        .set_width(200)
        .set_height(60);
    ws.insert_note(row, col, &note)?;
    Ok(())
}
