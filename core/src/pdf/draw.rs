//! Drawing the paginated grid as printpdf operations: thin cell borders,
//! merged cells (re-labelled on each page they reach), aligned text lines
//! and the page number.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem, TextMatrix, TextRenderingMode,
};

use super::font::Face;
use super::measure::{Prepared, BORDER, FOOTER_BASELINE, FOOTER_SIZE, MARGIN_TOP, PAD_X, PAD_Y};
use super::measure::{PAGE_H, PAGE_W};
use super::paginate::{Page, Slice};
use crate::layout::{Align, Layout, RowKind};

/// Stroke width of the synthetic bold (the CJK serif has no bold face).
const BOLD_STROKE: f32 = 0.3;

/// The text of a page number.
pub fn page_number_text(n: usize, of: usize) -> String {
    format!("第 {n} 页 共 {of} 页")
}

struct TextRun {
    x: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// A box on the page, in PDF coordinates (origin bottom left).
struct BoxPt {
    x: f32,
    top: f32,
    w: f32,
    h: f32,
}

#[derive(Clone, Copy)]
enum VAlign {
    /// Centre the lines in the box.
    Middle,
    /// Lines from the top of the box.
    Top,
    /// Last line at the bottom of the box.
    Bottom,
}

fn lines_in(
    face: &Face,
    c: &Prepared,
    b: &BoxPt,
    lines: &[String],
    v: VAlign,
    out: &mut Vec<TextRun>,
) {
    let lh = c.line_height();
    let block = lines.len() as f32 * lh;
    let first_top = match v {
        VAlign::Middle => b.top - (b.h - block) / 2.0,
        VAlign::Top => b.top - PAD_Y,
        VAlign::Bottom => b.top - b.h + PAD_Y + block,
    };
    // Baseline within a line box: the face's ascent–descent centred in it.
    let glyph_h = (face.ascender - face.descender) * c.size;
    let base_off = (lh - glyph_h) / 2.0 + face.ascender * c.size;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let w = face.width(line, c.size);
        let x = match c.align {
            Align::Left => b.x + PAD_X,
            Align::Center => b.x + (b.w - w) / 2.0,
            Align::Right => b.x + b.w - PAD_X - w,
        };
        out.push(TextRun {
            x,
            baseline: first_top - i as f32 * lh - base_off,
            size: c.size,
            bold: c.bold,
            text: line.clone(),
        });
    }
}

/// The operations of one page.
pub fn page_ops(
    layout: &Layout,
    cells: &[Prepared],
    page: &Page,
    number: usize,
    of: usize,
    face: &Face,
    font: &FontId,
) -> Vec<Op> {
    let top0 = PAGE_H - MARGIN_TOP;
    let mut boxes: Vec<BoxPt> = Vec::new();
    let mut runs: Vec<TextRun> = Vec::new();
    // Horizontal rules (x0, x1, y): blanks of the signature block.
    let mut rules: Vec<(f32, f32, f32)> = Vec::new();
    let slice_box = |s: &Slice, c: &Prepared| BoxPt {
        x: c.x,
        top: top0 - s.top,
        w: c.w,
        h: s.height,
    };
    // Merged and label cells: the part of each on this page, labelled in
    // full, drawn with the first slice it reaches (text in reading order).
    let mut merged: Vec<(usize, &Prepared, BoxPt)> = Vec::new();
    for c in cells.iter().filter(|c| c.relabel) {
        let last = c.row + c.row_span - 1;
        let inside = |s: &&Slice| c.row <= s.row && s.row <= last;
        let Some(first_i) = page.slices.iter().position(|s| inside(&s)) else {
            continue;
        };
        let first = &page.slices[first_i];
        let end = page.slices.iter().rfind(inside).unwrap_or(first);
        let b = BoxPt {
            x: c.x,
            top: top0 - first.top,
            w: c.w,
            h: end.top + end.height - first.top,
        };
        merged.push((first_i, c, b));
    }
    for (i, s) in page.slices.iter().enumerate() {
        let kind = layout.rows.get(s.row).map(|r| r.kind);
        let mut here: Vec<(&Prepared, BoxPt, bool)> = cells
            .iter()
            .filter(|c| c.row == s.row && !c.relabel)
            .map(|c| (c, slice_box(s, c), false))
            .collect();
        for (fi, c, b) in &merged {
            if *fi == i {
                here.push((
                    c,
                    BoxPt {
                        x: b.x,
                        top: b.top,
                        w: b.w,
                        h: b.h,
                    },
                    true,
                ));
            }
        }
        here.sort_by(|a, b| a.1.x.total_cmp(&b.1.x));
        for (c, b, is_merged) in here {
            match (is_merged, s.lines) {
                (false, Some((from, count))) => {
                    let to = (from + count).min(c.lines.len());
                    let part = c.lines.get(from..to).unwrap_or_default();
                    lines_in(face, c, &b, part, VAlign::Top, &mut runs);
                }
                _ if kind == Some(RowKind::Signature) => {
                    let before = runs.len();
                    lines_in(face, c, &b, &c.lines, VAlign::Bottom, &mut runs);
                    // A blank to sign or fill in by hand: underline it.
                    if let Some(r) = runs.get(before..).and_then(|r| r.last()) {
                        let start = r.x + face.width(&r.text, r.size) + 2.0;
                        let end = b.x + b.w - 3.0 * PAD_X;
                        if r.text.ends_with('：') && end - start > 20.0 {
                            rules.push((start, end, r.baseline - 2.0));
                        }
                    }
                }
                _ => lines_in(face, c, &b, &c.lines, VAlign::Middle, &mut runs),
            }
            if c.border {
                boxes.push(b);
            }
        }
    }

    let mut ops = vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale {
                percent: 0.0,
                icc_profile: None,
            }),
        },
        Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: 0.0,
                icc_profile: None,
            }),
        },
        Op::SetOutlineThickness { pt: Pt(BORDER) },
    ];
    for b in &boxes {
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(b.x),
                y: Pt(b.top - b.h),
                width: Pt(b.w),
                height: Pt(b.h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }
    for (x0, x1, y) in rules {
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x0),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }
    let footer = page_number_text(number, of);
    let fw = face.width(&footer, FOOTER_SIZE);
    runs.push(TextRun {
        x: (PAGE_W - fw) / 2.0,
        baseline: FOOTER_BASELINE,
        size: FOOTER_SIZE,
        bold: false,
        text: footer,
    });
    ops.push(Op::SetOutlineThickness {
        pt: Pt(BOLD_STROKE),
    });
    ops.push(Op::StartTextSection);
    let mut cur_size = f32::NAN;
    let mut cur_bold = None;
    for r in runs {
        if r.size != cur_size {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(r.size),
            });
            cur_size = r.size;
        }
        if cur_bold != Some(r.bold) {
            ops.push(Op::SetTextRenderingMode {
                mode: if r.bold {
                    TextRenderingMode::FillStroke
                } else {
                    TextRenderingMode::Fill
                },
            });
            cur_bold = Some(r.bold);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(r.x), Pt(r.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(r.text)],
        });
    }
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
    ops
}

/// A4 portrait in printpdf's unit.
pub fn a4() -> (Mm, Mm) {
    (Mm(210.0), Mm(297.0))
}
