//! Page geometry, type sizes, and each layout cell's text measured and
//! wrapped into lines with the font's own advances.

use super::font::Face;
use super::wrap::{width, wrap};
use crate::layout::{Align, Cell, Content, Layout, RowKind, ValueKind};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * PT_PER_MM;
pub const PAGE_H: f32 = 297.0 * PT_PER_MM;
/// Top and bottom margins; the page number sits in the bottom margin.
pub const MARGIN_TOP: f32 = 15.0 * PT_PER_MM;
pub const MARGIN_BOTTOM: f32 = 16.0 * PT_PER_MM;
/// Baseline of the page number above the page's bottom edge.
pub const FOOTER_BASELINE: f32 = 9.0 * PT_PER_MM;

pub const BODY_SIZE: f32 = 9.0;
/// Amounts that do not fit at the body size shrink down to this.
pub const MIN_NUMBER_SIZE: f32 = 6.0;
pub const TITLE_SIZE: f32 = 16.0;
pub const FOOTER_SIZE: f32 = 8.0;
/// Line height as a multiple of the type size.
pub const LEADING: f32 = 1.35;
pub const PAD_X: f32 = 1.4 * PT_PER_MM;
pub const PAD_Y: f32 = 1.1 * PT_PER_MM;
/// Lowest height of a bordered row.
pub const MIN_ROW: f32 = BODY_SIZE * LEADING + 2.0 * PAD_Y + 1.0;
/// Height of a signature row (room to sign) and the gap above the block.
pub const SIGNATURE_ROW: f32 = 11.0 * PT_PER_MM;
pub const SIGNATURE_GAP: f32 = 4.0 * PT_PER_MM;
/// Border line width.
pub const BORDER: f32 = 0.5;

/// A cell ready to draw: its box across the columns and its wrapped lines.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub row: usize,
    pub row_span: usize,
    /// Left edge and width in points.
    pub x: f32,
    pub w: f32,
    pub lines: Vec<String>,
    pub size: f32,
    pub bold: bool,
    pub align: Align,
    pub border: bool,
    /// Drawn whole on every page the cell reaches: merged cells and the
    /// 一级/二级指标 labels, so a row split across pages is still labelled.
    pub relabel: bool,
}

impl Prepared {
    pub fn line_height(&self) -> f32 {
        self.size * LEADING
    }
    /// Height the text needs, padding included.
    pub fn need(&self) -> f32 {
        self.lines.len() as f32 * self.line_height() + 2.0 * PAD_Y
    }
}

/// Left edges of the columns (plus the right edge of the last) in points,
/// with the grid centred on the page.
pub fn column_edges(layout: &Layout) -> Vec<f32> {
    let total: f32 = layout.column_widths_mm.iter().map(|w| *w as f32).sum();
    let mut x = (PAGE_W - total * PT_PER_MM) / 2.0;
    let mut edges = vec![x];
    for w in &layout.column_widths_mm {
        x += *w as f32 * PT_PER_MM;
        edges.push(x);
    }
    edges
}

/// The text a cell prints: `display()` with tabs as spaces, and control
/// and invisible format characters (zero-width spaces, BOMs, variation
/// selectors that come with pasted text) dropped.
pub fn cell_text(cell: &Cell) -> String {
    printable(&cell.content.display())
}

fn printable(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            '\r' => None,
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF
        | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

fn is_number_cell(cell: &Cell) -> bool {
    match &cell.content {
        Content::Input { value_kind, .. } => {
            matches!(value_kind, ValueKind::Money | ValueKind::Score)
        }
        Content::Computed { .. } => true,
        Content::Label { .. } => false,
    }
}

/// A text without spaces, line breaks or CJK characters (a code, a year,
/// an amount typed as text): it has no place to break.
fn is_single_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_graphic() || matches!(c, '≥' | '≤' | '%' | '±'))
}

/// Measure and wrap every cell of the layout.
pub fn prepare(layout: &Layout, face: &Face) -> Vec<Prepared> {
    let edges = column_edges(layout);
    let adv = |c: char| face.advance_em(c);
    let mut out = Vec::new();
    // Which prepared cells hold amounts (one size for all) or scores.
    let mut money: Vec<usize> = Vec::new();
    let mut scores: Vec<(usize, usize)> = Vec::new();
    for row in &layout.rows {
        for cell in &row.cells {
            let x = edges.get(cell.col).copied().unwrap_or(0.0);
            let right = edges
                .get(cell.col + cell.col_span)
                .or(edges.last())
                .copied()
                .unwrap_or(x);
            let w = right - x;
            let inner = (w - 2.0 * PAD_X).max(1.0);
            let text = cell_text(cell);
            let mut size = match row.kind {
                RowKind::Title => TITLE_SIZE,
                _ => BODY_SIZE,
            };
            // Amounts and codes stay on one line: shrink them to fit, as
            // Excel's "shrink to fit" does, before wrapping as a last resort.
            if (is_number_cell(cell) || is_single_token(&text)) && !text.contains('\n') {
                let w1 = width(&text, &adv);
                if w1 * size > inner {
                    size = (inner / w1).clamp(MIN_NUMBER_SIZE, BODY_SIZE);
                }
            }
            let lines = wrap(&text, inner / size, &adv);
            let label_kind = matches!(
                &cell.content,
                Content::Input {
                    value_kind: ValueKind::Level1 | ValueKind::Level2,
                    ..
                }
            );
            match &cell.content {
                Content::Input {
                    value_kind: ValueKind::Money,
                    ..
                } => money.push(out.len()),
                _ if is_number_cell(cell) => scores.push((out.len(), cell.col)),
                _ => {}
            }
            out.push(Prepared {
                relabel: cell.row_span > 1 || label_kind,
                row: cell.row,
                row_span: cell.row_span.max(1),
                x,
                w,
                lines,
                size,
                bold: cell.bold,
                align: cell.align,
                border: cell.border && row.kind != RowKind::Title,
            });
        }
    }
    // A number shrunk to fit shrinks its fellows too, so a column of
    // amounts reads in one size: all amounts alike, scores per column.
    let min_of = |ids: &mut dyn Iterator<Item = usize>, out: &[Prepared]| {
        ids.filter_map(|i| out.get(i).map(|p| p.size))
            .fold(BODY_SIZE, f32::min)
    };
    let m = min_of(&mut money.iter().copied(), &out);
    for i in &money {
        if let Some(p) = out.get_mut(*i) {
            p.size = p.size.min(m);
        }
    }
    let cols: std::collections::BTreeSet<usize> = scores.iter().map(|(_, c)| *c).collect();
    for col in cols {
        let ids: Vec<usize> = scores
            .iter()
            .filter(|(_, c)| *c == col)
            .map(|(i, _)| *i)
            .collect();
        let m = min_of(&mut ids.iter().copied(), &out);
        for i in ids {
            if let Some(p) = out.get_mut(i) {
                p.size = p.size.min(m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_invisible_characters_are_dropped() {
        assert_eq!(
            printable("\u{FEFF}党建\u{200B}活动\t16次\r\n满意\u{FE0F}"),
            "党建活动 16次\n满意"
        );
    }
}
