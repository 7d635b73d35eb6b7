//! The 汇总表 as a [`Layout`] of labels, printed by the forms' own PDF
//! pipeline ([`crate::pdf`]): same font, wrapping, page breaks (the column
//! header repeated on every page) and 第 N 页 共 M 页 numbering.

use super::xlsx::{counts_line, subtitle, HEADERS};
use super::{Summary, TITLE};
use crate::layout::{Align, Cell, Content, Layout, Row, RowKind};
use crate::money::fmt2;

/// Column widths in millimetres (182 mm: the forms' printed width).
pub const COLUMNS_MM: [u32; 10] = [8, 30, 38, 26, 21, 21, 11, 10, 7, 10];

fn label(text: impl Into<String>) -> Content {
    Content::Label {
        text: text.into(),
        required: false,
    }
}

struct Grid {
    rows: Vec<Row>,
}

impl Grid {
    fn row(&mut self, kind: RowKind) -> usize {
        self.rows.push(Row {
            kind,
            cells: Vec::new(),
        });
        self.rows.len() - 1
    }
    fn put(&mut self, row: usize, col: usize, span: usize, text: String, align: Align, bold: bool) {
        self.rows[row].cells.push(Cell {
            row,
            col,
            row_span: 1,
            col_span: span,
            content: label(text),
            align,
            bold,
            border: true,
        });
    }
}

/// The 汇总表's grid: title, a line of 年度 and unit, the column header, one
/// row per form, the totals.
pub fn layout(s: &Summary) -> Layout {
    let cols = COLUMNS_MM.len();
    let mut g = Grid { rows: Vec::new() };
    let r = g.row(RowKind::Title);
    g.put(r, 0, cols, TITLE.into(), Align::Center, true);
    let r = g.row(RowKind::Header);
    g.put(r, 0, cols, subtitle(s), Align::Left, false);
    if let Some(c) = g.rows[r].cells.last_mut() {
        c.border = false;
    }
    let r = g.row(RowKind::IndicatorHeader);
    for (c, h) in HEADERS.iter().enumerate() {
        let h = h.replace("（%）", "\n（%）");
        g.put(r, c, 1, h, Align::Center, true);
    }
    let opt = |d: Option<rust_decimal::Decimal>, f: &dyn Fn(rust_decimal::Decimal) -> String| {
        d.map(f).unwrap_or_default()
    };
    for (i, f) in s.rows.iter().enumerate() {
        let r = g.row(RowKind::Indicator(i));
        let money = |d| s.money(d);
        let cells = [
            ((i + 1).to_string(), Align::Center),
            (f.code.clone(), Align::Left),
            (f.name.clone(), Align::Left),
            (f.unit.clone(), Align::Left),
            (opt(f.annual_budget, &money), Align::Right),
            (opt(f.executed, &money), Align::Right),
            (opt(f.execution_rate, &fmt2), Align::Right),
            (opt(f.total_score, &fmt2), Align::Right),
            (f.grade.clone().unwrap_or_default(), Align::Center),
            (f.status_label().to_string(), Align::Center),
        ];
        for (c, (text, align)) in cells.into_iter().enumerate() {
            g.put(r, c, 1, text, align, false);
        }
    }
    let t = &s.totals;
    let r = g.row(RowKind::Total);
    g.put(
        r,
        0,
        4,
        format!("合计（{} 个项目）", t.forms),
        Align::Center,
        true,
    );
    let money = |d| s.money(d);
    let totals = [
        (money(t.annual_budget), Align::Right),
        (money(t.executed), Align::Right),
        (opt(t.execution_rate, &fmt2), Align::Right),
        (opt(t.average_score, &fmt2), Align::Right),
        (String::new(), Align::Center),
        (String::new(), Align::Center),
    ];
    for (k, (text, align)) in totals.into_iter().enumerate() {
        g.put(r, 4 + k, 1, text, align, true);
    }
    let r = g.row(RowKind::Closing);
    g.put(r, 0, cols, counts_line(s), Align::Left, false);
    if let Some(c) = g.rows[r].cells.last_mut() {
        c.border = false;
    }
    Layout {
        title: TITLE.into(),
        template: String::new(),
        column_widths_mm: COLUMNS_MM.to_vec(),
        rows: g.rows,
    }
}

/// The 汇总表 alone as a PDF.
pub fn export(s: &Summary, opts: &crate::pdf::PdfOptions) -> Result<Vec<u8>, crate::pdf::PdfError> {
    crate::pdf::export_many(&[], Some(s), opts)
}
