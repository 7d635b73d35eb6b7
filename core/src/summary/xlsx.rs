//! The 汇总表 as a workbook: one sheet, A4 landscape fit to one page wide,
//! the title and column header repeated on every printed page, page numbers
//! in the footer, 宋体 as on the forms. 执行率 of each row and every figure
//! of the totals row are live formulas (SUM, AVERAGE) with cached values, so
//! the sheet reads right before and after a spreadsheet recalculates it.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook};

use super::{Summary, TITLE};
use crate::money::fmt2;
use crate::template::MoneyUnit;
use crate::xlsx::measure::text_height;
use crate::xlsx::styles::{FONT, MONEY_FORMAT, MONEY_WAN_FORMAT, SCORE_FORMAT};
use crate::xlsx::ExportError;

/// Column headers, left to right.
pub const HEADERS: [&str; 10] = [
    "序号",
    "项目编码",
    "项目名称",
    "实施单位",
    "全年预算数",
    "全年执行数",
    "执行率（%）",
    "总分",
    "等级",
    "状态",
];
/// Column widths in points (A4 landscape, 1 page wide).
const COL_PT: [f64; 10] = [
    30.0, 130.0, 170.0, 130.0, 90.0, 90.0, 56.0, 44.0, 34.0, 44.0,
];
const BODY_PT: f64 = 10.0;
const TITLE_PT: f64 = 16.0;
const MIN_ROW_PT: f64 = 20.0;
/// First sheet row of the forms (after title, subtitle, header).
const FIRST: u32 = 3;

fn base(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(134)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter)
}

fn cell(align: FormatAlign) -> Format {
    base(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(align)
}

fn num(fmt: &str) -> Format {
    base(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Right)
        .set_num_format(fmt)
        .set_shrink()
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The title line under the heading: 年度, 实施单位, 金额单位.
pub fn subtitle(s: &Summary) -> String {
    let mut parts = Vec::new();
    if let Some(y) = s.year() {
        parts.push(format!("年度：{y}"));
    }
    if let Some(u) = s.unit_name() {
        parts.push(format!("实施单位：{u}"));
    }
    parts.push(format!("金额单位：{}", s.unit.label()));
    parts.join("        ")
}

/// The grade counts as the totals row prints them: `优 7 良 0 中 0 差 0`.
pub fn grade_line(s: &Summary) -> String {
    s.totals
        .grades
        .iter()
        .map(|(g, n)| format!("{g}{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The line under the totals: forms per grade and, for stored forms, how
/// many are finalised.
pub fn counts_line(s: &Summary) -> String {
    let grades = s
        .totals
        .grades
        .iter()
        .map(|(g, n)| format!("{g} {n} 张"))
        .collect::<Vec<_>>()
        .join("，");
    let stored = s.rows.iter().filter(|r| r.status.is_some()).count();
    if stored == 0 {
        format!("评价等级：{grades}")
    } else {
        format!(
            "评价等级：{grades}；已定稿 {} 张，草稿 {} 张",
            s.totals.finalised,
            stored - s.totals.finalised
        )
    }
}

/// The 汇总表 as XLSX bytes.
pub fn summary_workbook(s: &Summary) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("汇总表")?;
    ws.set_formula_result_default("");
    for (i, w) in COL_PT.iter().enumerate() {
        ws.set_column_width_pixels(i as u16, (w * 96.0 / 72.0).ceil() as u32)?;
    }
    let last_col = (HEADERS.len() - 1) as u16;
    let title = base(TITLE_PT).set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, last_col, TITLE, &title)?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(1, 0, 1, last_col, &subtitle(s), &base(BODY_PT))?;
    ws.set_row_height(1, MIN_ROW_PT)?;
    let head = cell(FormatAlign::Center).set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    ws.set_row_height(2, 28)?;

    let money_fmt = match s.unit {
        MoneyUnit::Yuan => MONEY_FORMAT,
        MoneyUnit::WanYuan => MONEY_WAN_FORMAT,
    };
    let (text_l, text_c) = (cell(FormatAlign::Left), cell(FormatAlign::Center));
    let (money, score) = (num(money_fmt), num(SCORE_FORMAT));
    let n = s.rows.len() as u32;
    for (i, r) in s.rows.iter().enumerate() {
        let row = FIRST + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &text_c)?;
        ws.write_string_with_format(row, 1, &r.code, &text_l)?;
        ws.write_string_with_format(row, 2, &r.name, &text_l)?;
        ws.write_string_with_format(row, 3, &r.unit, &text_l)?;
        for (col, v) in [(4u16, r.annual_budget), (5, r.executed)] {
            match v {
                Some(d) => ws.write_number_with_format(row, col, f64_of(d), &money)?,
                None => ws.write_blank(row, col, &money)?,
            };
        }
        let (e, f) = (row_col_to_cell(row, 4), row_col_to_cell(row, 5));
        let rate = Formula::new(format!(
            "=IF(AND(ISNUMBER({e}),ISNUMBER({f}),{e}>0),ROUND({f}/{e}*100,2),\"\")"
        ))
        .set_result(r.execution_rate.map(fmt2).unwrap_or_default());
        ws.write_formula_with_format(row, 6, rate, &score)?;
        match r.total_score {
            Some(d) => ws.write_number_with_format(row, 7, f64_of(d), &score)?,
            None => ws.write_blank(row, 7, &score)?,
        };
        ws.write_string_with_format(row, 8, r.grade.as_deref().unwrap_or(""), &text_c)?;
        ws.write_string_with_format(row, 9, r.status_label(), &text_c)?;
        let tallest = [(1usize, &r.code), (2, &r.name), (3, &r.unit)]
            .iter()
            .map(|(c, t)| text_height(t, COL_PT[*c], BODY_PT))
            .fold(MIN_ROW_PT, f64::max);
        ws.set_row_height(row, tallest.min(400.0))?;
    }

    // Totals: live formulas over the rows above, with the values cached.
    let total = FIRST + n;
    let t = &s.totals;
    let range = |col: u16| {
        format!(
            "{}:{}",
            row_col_to_cell(FIRST, col),
            row_col_to_cell(FIRST + n.max(1) - 1, col)
        )
    };
    let bold_c = cell(FormatAlign::Center).set_bold();
    ws.merge_range(
        total,
        0,
        total,
        3,
        &format!("合计（{} 个项目）", t.forms),
        &bold_c,
    )?;
    let money_b = num(money_fmt).set_bold();
    let score_b = num(SCORE_FORMAT).set_bold();
    if n == 0 {
        for col in 4..=7u16 {
            ws.write_blank(total, col, &score_b)?;
        }
    } else {
        let sum = |col| Formula::new(format!("=SUM({})", range(col)));
        ws.write_formula_with_format(
            total,
            4,
            sum(4).set_result(t.annual_budget.normalize().to_string()),
            &money_b,
        )?;
        ws.write_formula_with_format(
            total,
            5,
            sum(5).set_result(t.executed.normalize().to_string()),
            &money_b,
        )?;
        let (e, f) = (row_col_to_cell(total, 4), row_col_to_cell(total, 5));
        ws.write_formula_with_format(
            total,
            6,
            Formula::new(format!("=IF({e}>0,ROUND({f}/{e}*100,2),\"\")"))
                .set_result(t.execution_rate.map(fmt2).unwrap_or_default()),
            &score_b,
        )?;
        ws.write_formula_with_format(
            total,
            7,
            Formula::new(format!("=IFERROR(ROUND(AVERAGE({}),2),\"\")", range(7)))
                .set_result(t.average_score.map(fmt2).unwrap_or_default()),
            &score_b,
        )?;
    }
    ws.write_blank(total, 8, &cell(FormatAlign::Center))?;
    ws.write_blank(total, 9, &cell(FormatAlign::Center))?;
    ws.set_row_height(total, MIN_ROW_PT)?;
    ws.merge_range(
        total + 1,
        0,
        total + 1,
        last_col,
        &counts_line(s),
        &base(BODY_PT),
    )?;
    ws.set_row_height(total + 1, MIN_ROW_PT)?;
    ws.write_string_with_format(
        total + 2,
        0,
        "说明：执行率 = 全年执行数 ÷ 全年预算数 × 100；合计行的执行率按合计金额计算，总分为平均分；等级按各表模板的评价等级。",
        &base(9.0),
    )?;

    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.35);
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_repeat_rows(0, 2)?;
    ws.set_print_area(0, 0, total + 2, last_col)?;
    ws.set_freeze_panes(FIRST, 0)?;
    Ok(wb.save_to_buffer()?)
}
