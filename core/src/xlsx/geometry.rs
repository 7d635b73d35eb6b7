//! Column widths and row heights of the exported sheet, and where each layout
//! row lands on the sheet.
//!
//! Column widths start from the layout's millimetres and are widened where a
//! number must fit (amounts up to 999,999,999,999.99 with separators), so no
//! cell shows `#####`; fit-to-one-page-wide then scales the whole grid onto A4.
//! Row heights are measured from the text each cell holds. A layout row taller
//! than Excel's row limit (409 pt) becomes several sheet rows, and every cell
//! of that layout row is merged over all of them.

use crate::field::Field;
use crate::layout::{Cell, Content, Layout, RowKind, ValueKind};
use crate::money::{fmt_money, max_amount};

use super::measure::{label_text, text_height, text_width, width_em};

/// Body font size, points.
pub const BODY_PT: f64 = 10.0;
/// Title font size, points.
pub const TITLE_PT: f64 = 18.0;
/// The tallest sheet row we write (Excel's limit is 409.5 pt).
pub const MAX_ROW_PT: f64 = 400.0;
/// The lowest row we write.
pub const MIN_ROW_PT: f64 = 20.0;
/// Labels of one column keep words up to this many em on one line
/// (`年度绩效指标`, `年度总体目标`).
pub const LABEL_WORD_EM: f64 = 6.0;
/// Score, weight and rate cells fit this without shrinking.
pub const WIDEST_SCORE: &str = "99999.99";

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Page margins in inches (left, right, top, bottom, header, footer).
pub const MARGINS_IN: (f64, f64, f64, f64, f64, f64) = (0.5, 0.5, 0.6, 0.7, 0.3, 0.35);
/// A4 in points.
const A4_PT: (f64, f64) = (595.0, 842.0);

/// Where the layout lands on the sheet.
#[derive(Debug, Clone)]
pub struct Geometry {
    /// Width of each grid column, points.
    pub col_pt: Vec<f64>,
    /// First sheet row of each layout row.
    pub row_start: Vec<u32>,
    /// Number of sheet rows of each layout row.
    pub row_count: Vec<u32>,
    /// Height of each sheet row, points.
    pub sheet_row_pt: Vec<f64>,
}

impl Geometry {
    /// The sheet rows a cell covers, first and last.
    pub fn rows_of(&self, c: &Cell) -> (u32, u32) {
        let first = self.row_start.get(c.row).copied().unwrap_or(0);
        let last_layout = c.row + c.row_span.max(1) - 1;
        let last = match (
            self.row_start.get(last_layout),
            self.row_count.get(last_layout),
        ) {
            (Some(s), Some(n)) => s + n - 1,
            _ => first,
        };
        (first, last.max(first))
    }

    /// Total number of sheet rows.
    pub fn sheet_rows(&self) -> u32 {
        self.sheet_row_pt.len() as u32
    }
}

/// The font size a cell is written in.
pub fn font_pt(layout: &Layout, c: &Cell) -> f64 {
    let title = layout.rows.get(c.row).map(|r| r.kind) == Some(RowKind::Title);
    if title {
        TITLE_PT
    } else {
        BODY_PT
    }
}

fn is_numeric(c: &Cell) -> Option<bool> {
    match &c.content {
        Content::Input { value_kind, .. } => match value_kind {
            ValueKind::Money => Some(true),
            ValueKind::Score => Some(false),
            _ => None,
        },
        Content::Computed { .. } => Some(false),
        Content::Label { .. } => None,
    }
}

/// Column widths in points: the layout's widths, widened so that numbers fit.
pub fn column_widths(layout: &Layout) -> Vec<f64> {
    let mut w: Vec<f64> = layout
        .column_widths_mm
        .iter()
        .map(|mm| f64::from(*mm) * PT_PER_MM)
        .collect();
    let money = text_width(&format!("-{}", fmt_money(max_amount())), BODY_PT);
    let score = text_width(WIDEST_SCORE, BODY_PT);
    for c in layout.cells() {
        let need = match (&c.content, is_numeric(c)) {
            (_, Some(true)) => money,
            (_, Some(false)) => score,
            // 项目编码 (21 digits) stays on one line.
            (
                Content::Input {
                    field: Field::HeaderCode,
                    limit,
                    ..
                },
                None,
            ) => text_width(&"0".repeat(*limit), BODY_PT),
            // Column labels keep short words whole.
            (Content::Label { text, .. }, None)
                if c.col_span == 1
                    && layout.rows.get(c.row).map(|r| r.kind) != Some(RowKind::Title) =>
            {
                let word = text
                    .split(['\n', '（', '('])
                    .map(width_em)
                    .fold(0.0, f64::max)
                    .min(LABEL_WORD_EM);
                word * BODY_PT + super::measure::CELL_PAD_X
            }
            _ => continue,
        };
        let span: f64 = w.iter().skip(c.col).take(c.col_span).sum();
        if span < need && c.col_span > 0 {
            let extra = (need - span) / c.col_span as f64;
            for x in w.iter_mut().skip(c.col).take(c.col_span) {
                *x += extra;
            }
        }
    }
    w
}

/// Width of a cell, points.
pub fn cell_width(c: &Cell, col_pt: &[f64]) -> f64 {
    col_pt.iter().skip(c.col).take(c.col_span).sum()
}

/// The text a cell prints: labels break before brackets when they must wrap.
pub fn printed_text(layout: &Layout, c: &Cell, col_pt: &[f64]) -> String {
    let text = c.content.display();
    match c.content {
        Content::Label { .. } => label_text(&text, cell_width(c, col_pt), font_pt(layout, c)),
        _ => text,
    }
}

/// Height a cell's text needs, points.
fn cell_need(layout: &Layout, c: &Cell, col_pt: &[f64]) -> f64 {
    let text = printed_text(layout, c, col_pt);
    text_height(&text, cell_width(c, col_pt), font_pt(layout, c))
}

/// Lay the layout's rows onto sheet rows.
pub fn geometry(layout: &Layout) -> Geometry {
    let col_pt = column_widths(layout);
    let n = layout.rows.len();
    let mut h = vec![MIN_ROW_PT; n];
    let mut tall: Vec<&Cell> = Vec::new();
    for c in layout.cells() {
        if c.row >= n {
            continue;
        }
        if c.row_span <= 1 {
            h[c.row] = h[c.row].max(cell_need(layout, c, &col_pt));
        } else {
            tall.push(c);
        }
    }
    // Cells over several rows: spread what is missing over their rows.
    tall.sort_by_key(|c| c.row_span);
    for c in tall {
        let end = (c.row + c.row_span).min(n);
        let have: f64 = h[c.row..end].iter().sum();
        let need = cell_need(layout, c, &col_pt);
        if need > have && end > c.row {
            let extra = (need - have) / (end - c.row) as f64;
            for x in &mut h[c.row..end] {
                *x += extra;
            }
        }
    }
    let mut row_start = Vec::with_capacity(n);
    let mut row_count = Vec::with_capacity(n);
    let mut sheet_row_pt = Vec::new();
    for height in h {
        let k = (height / MAX_ROW_PT).ceil().max(1.0);
        row_start.push(sheet_row_pt.len() as u32);
        row_count.push(k as u32);
        for _ in 0..k as usize {
            // Whole points round up, so the text never loses a fraction of a line.
            sheet_row_pt.push((height / k).ceil());
        }
    }
    Geometry {
        col_pt,
        row_start,
        row_count,
        sheet_row_pt,
    }
}

/// Where printing would leave the indicator table's header alone at the foot
/// of a page: the sheet row to break before, so the header starts the next
/// page with its first row. Simulates fit-to-one-page-wide on A4 with
/// [`MARGINS_IN`]: the grid is scaled by the whole percent that fits (as
/// Excel and LibreOffice do) and rows never split.
pub fn header_page_break(layout: &Layout, geo: &Geometry) -> Option<u32> {
    let h = layout
        .rows
        .iter()
        .position(|r| r.kind == RowKind::IndicatorHeader)?;
    let (l, r, t, b, _, _) = MARGINS_IN;
    let width: f64 = geo.col_pt.iter().sum();
    let printable_w = A4_PT.0 - (l + r) * 72.0;
    let printable_h = A4_PT.1 - (t + b) * 72.0;
    let scale = ((printable_w / width * 100.0).floor() / 100.0).min(1.0);
    let page = printable_h / scale;
    let header_first = geo.row_start[h] as usize;
    let header_rows = geo.row_count[h] as usize;
    let header_pt: f64 = geo.sheet_row_pt[header_first..header_first + header_rows]
        .iter()
        .sum();
    // The first indicator row (or the total row) must follow on the same page.
    let next_pt = geo
        .sheet_row_pt
        .get(header_first + header_rows)
        .copied()
        .unwrap_or(0.0);
    let mut y = 0.0;
    for row_pt in &geo.sheet_row_pt[..header_first] {
        if y + row_pt > page && y > 0.0 {
            y = 0.0;
        }
        y += row_pt;
    }
    let fits_here = y + header_pt + next_pt <= page;
    (!fits_here && y > 0.0).then_some(header_first as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{build_form, LayoutOptions};
    use crate::Form;

    #[test]
    fn long_goal_spreads_over_rows_within_the_limit() {
        let mut f = Form::blank(crate::Template::default_template());
        f.goals.expected = "字".repeat(2000);
        let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
        let g = geometry(&l);
        let goals = l
            .rows
            .iter()
            .position(|r| r.kind == crate::layout::RowKind::Goals)
            .unwrap();
        assert!(g.row_count[goals] >= 2, "{:?}", g.row_count);
        assert!(g.sheet_row_pt.iter().all(|h| *h <= 409.0));
        let total: f64 = (0..g.row_count[goals])
            .map(|k| g.sheet_row_pt[(g.row_start[goals] + k) as usize])
            .sum();
        let width: f64 = g.col_pt[1..5].iter().sum();
        assert!(total >= text_height(&f.goals.expected, width, BODY_PT));
    }

    #[test]
    fn the_indicator_header_never_ends_a_page() {
        let t = crate::Template::default_template();
        let blank = Form::blank(t);
        let (l, _) = build_form(&blank, &LayoutOptions::default()).unwrap();
        assert_eq!(header_page_break(&l, &geometry(&l)), None);
        // Goals of growing length push the header down the first page; at
        // some length it would be the page's last row, and then it moves.
        let mut breaks = 0;
        for n in (100..2000).step_by(2) {
            let mut f = blank.clone();
            f.goals.expected = "字".repeat(n);
            let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
            let g = geometry(&l);
            if let Some(row) = header_page_break(&l, &g) {
                let h = l
                    .rows
                    .iter()
                    .position(|r| r.kind == RowKind::IndicatorHeader)
                    .unwrap();
                assert_eq!(row, g.row_start[h]);
                breaks += 1;
            }
        }
        assert!(breaks > 0 && breaks < 900, "{breaks}");
    }

    #[test]
    fn amount_columns_fit_the_largest_amount() {
        let f = Form::blank(crate::Template::default_template());
        let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
        let w = column_widths(&l);
        let need = text_width("-999,999,999,999.99", BODY_PT);
        for (c, width) in w.iter().enumerate().take(6).skip(3) {
            assert!(*width >= need - 1e-9, "column {c}: {width} < {need}");
        }
    }
}
