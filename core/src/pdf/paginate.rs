//! Row heights from measured text, and the page breaks.
//!
//! - A row is as tall as its tallest single-row cell; a merged cell taller
//!   than the rows it spans spreads the difference over them.
//! - A row that does not fit moves to the next page; a tall goals or
//!   indicator row is split line by line across pages instead.
//! - On a page that continues the indicator table (or the goals), that
//!   table's column header row is repeated at the top.
//! - Header rows are kept with what follows them (never orphaned at the
//!   bottom of a page); the funds block and the signature block stay whole.
//! - A merged cell (一级/二级指标, 年度绩效指标 …) cut by a page break is drawn
//!   on each page with its label again, and its part on a page is made tall
//!   enough for that label.

use super::measure::{Prepared, BODY_SIZE, LEADING, MARGIN_BOTTOM, MARGIN_TOP, MIN_ROW, PAD_Y};
use super::measure::{PAGE_H, SIGNATURE_GAP, SIGNATURE_ROW};
use crate::layout::{Layout, RowKind};

/// Height available for rows on a page.
pub const CONTENT_H: f32 = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
const LINE: f32 = BODY_SIZE * LEADING;
/// Fewest lines of a row worth starting at the bottom of a page.
const MIN_SPLIT_LINES: usize = 3;
const EPS: f32 = 0.01;

/// A row, or part of a split row, placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub row: usize,
    /// Distance of the slice's top from the top of the content area.
    pub top: f32,
    pub height: f32,
    /// `None`: the whole row, text centred vertically. `Some((from, count))`:
    /// lines `from..from + count` of each cell, from the top.
    pub lines: Option<(usize, usize)>,
    /// A header row repeated on a continuation page.
    pub repeated: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub slices: Vec<Slice>,
}

impl Page {
    pub fn bottom(&self) -> f32 {
        self.slices.last().map_or(0.0, |s| s.top + s.height)
    }
}

/// A cell drawn whole on each page it reaches (merged cells, 一级/二级
/// labels) spanning rows `first..=last`, needing `need` points.
struct Span {
    first: usize,
    last: usize,
    need: f32,
}

/// Row heights and line counts from the prepared cells.
pub struct Rows {
    pub heights: Vec<f32>,
    /// Lines of the row's tallest single-row cell (labels drawn whole on
    /// each page aside).
    pub lines: Vec<usize>,
}

pub fn measure_rows(layout: &Layout, cells: &[Prepared]) -> Rows {
    let n = layout.rows.len();
    let mut heights = vec![0.0f32; n];
    let mut lines = vec![0usize; n];
    let mut first_signature = true;
    for (r, row) in layout.rows.iter().enumerate() {
        heights[r] = match row.kind {
            RowKind::Title => 0.0,
            RowKind::Signature => {
                let h = SIGNATURE_ROW + if first_signature { SIGNATURE_GAP } else { 0.0 };
                first_signature = false;
                h
            }
            _ => MIN_ROW,
        };
    }
    for c in cells.iter().filter(|c| c.row_span == 1) {
        if let Some(h) = heights.get_mut(c.row) {
            *h = h.max(c.need());
        }
        if let (Some(l), false) = (lines.get_mut(c.row), c.relabel) {
            *l = (*l).max(c.lines.len());
        }
    }
    // Merged cells, narrowest span first, spread what they lack evenly.
    let mut spans: Vec<&Prepared> = cells.iter().filter(|c| c.row_span > 1).collect();
    spans.sort_by_key(|c| c.row_span);
    for c in spans {
        let range = c.row..(c.row + c.row_span).min(n);
        let have: f32 = heights[range.clone()].iter().sum();
        let lack = c.need() - have;
        if lack > 0.0 && !range.is_empty() {
            let each = lack / range.len() as f32;
            for h in &mut heights[range] {
                *h += each;
            }
        }
    }
    Rows { heights, lines }
}

struct Pager<'a> {
    layout: &'a Layout,
    rows: &'a Rows,
    spans: Vec<Span>,
    pages: Vec<Page>,
    cur: Page,
    /// What the last slice must grow by if the page ends after it.
    pending: f32,
}

impl Pager<'_> {
    fn used(&self) -> f32 {
        self.cur.bottom()
    }
    fn room(&self) -> f32 {
        CONTENT_H - self.used()
    }
    fn has_body(&self) -> bool {
        self.cur.slices.iter().any(|s| !s.repeated)
    }

    /// Growth a slice of row `r` at the bottom of the page needs so every
    /// merged cell over it has room for its label: (now, if the page ends).
    fn deficits(&self, r: usize, h: f32, partial: bool) -> (f32, f32) {
        let top = self.used();
        let (mut now, mut later) = (0.0f32, 0.0f32);
        for s in self.spans.iter().filter(|s| s.first <= r && r <= s.last) {
            let frag_top = self
                .cur
                .slices
                .iter()
                .find(|x| s.first <= x.row && x.row <= s.last)
                .map_or(top, |x| x.top);
            let lack = s.need - (top + h - frag_top);
            if lack > 0.0 {
                if s.last == r && !partial {
                    now = now.max(lack);
                } else {
                    later = later.max(lack);
                }
            }
        }
        (now, later)
    }

    fn fits(&self, r: usize, h: f32, partial: bool, with: f32) -> bool {
        let (now, later) = self.deficits(r, h, partial);
        h + now + later + with <= self.room() + EPS
    }

    /// Put a slice of row `r` at the bottom of the page; `partial`: more
    /// of the row follows on the next page.
    fn place(
        &mut self,
        r: usize,
        h: f32,
        lines: Option<(usize, usize)>,
        repeated: bool,
        partial: bool,
    ) {
        let (now, later) = self.deficits(r, h, partial);
        let top = self.used();
        self.cur.slices.push(Slice {
            row: r,
            top,
            height: h + now,
            lines,
            repeated,
        });
        self.pending = later;
    }

    fn close_page(&mut self) {
        let grow = self.pending.min(self.room().max(0.0));
        if let Some(last) = self.cur.slices.last_mut() {
            last.height += grow;
        }
        self.pending = 0.0;
        self.pages.push(std::mem::take(&mut self.cur));
    }

    fn kind(&self, r: usize) -> Option<RowKind> {
        self.layout.rows.get(r).map(|row| row.kind)
    }

    fn find(&self, k: RowKind) -> Option<usize> {
        self.layout.rows.iter().position(|row| row.kind == k)
    }

    /// The header row repeated above row `r` on a continuation page.
    fn header_for(&self, r: usize) -> Option<usize> {
        let h = match self.kind(r)? {
            RowKind::Indicator(_) | RowKind::Total => self.find(RowKind::IndicatorHeader)?,
            RowKind::Goals => self.find(RowKind::GoalsHeader)?,
            _ => return None,
        };
        (h < r).then_some(h)
    }

    fn splittable(&self, r: usize) -> bool {
        matches!(self.kind(r), Some(RowKind::Goals | RowKind::Indicator(_)))
            && self.rows.lines.get(r).copied().unwrap_or(0) >= 2
    }

    /// Height of the smallest first part of row `r` on a page.
    fn first_part(&self, r: usize) -> f32 {
        let whole = self.rows.heights.get(r).copied().unwrap_or(0.0);
        if self.splittable(r) {
            whole.min(MIN_SPLIT_LINES as f32 * LINE + 2.0 * PAD_Y)
        } else {
            whole
        }
    }

    /// What must fit on the page together with row `r`.
    fn keep_with(&self, r: usize) -> f32 {
        let n = self.layout.rows.len();
        let sum_while = |pred: &dyn Fn(RowKind) -> bool| -> f32 {
            (r + 1..n)
                .take_while(|&j| self.kind(j).is_some_and(pred))
                .map(|j| self.rows.heights[j])
                .sum()
        };
        match self.kind(r) {
            Some(RowKind::Title) => self.rows.heights.get(r + 1).copied().unwrap_or(0.0),
            Some(RowKind::FundsHeader) => sum_while(&|k| k == RowKind::Funds),
            Some(RowKind::GoalsHeader | RowKind::IndicatorHeader) => self.first_part(r + 1),
            Some(RowKind::Signature)
                if self.kind(r.wrapping_sub(1)) != Some(RowKind::Signature) =>
            {
                sum_while(&|k| k == RowKind::Signature)
            }
            _ => 0.0,
        }
    }
}

/// Break the rows into pages.
pub fn paginate(layout: &Layout, cells: &[Prepared], rows: &Rows) -> Vec<Page> {
    let spans = cells
        .iter()
        .filter(|c| c.relabel)
        .map(|c| Span {
            first: c.row,
            last: c.row + c.row_span - 1,
            need: c.need(),
        })
        .collect();
    let mut p = Pager {
        layout,
        rows,
        spans,
        pages: Vec::new(),
        cur: Page::default(),
        pending: 0.0,
    };
    let n = layout.rows.len();
    let mut r = 0usize;
    // Lines of row r already printed on earlier pages.
    let mut done = 0usize;
    // Guard against any rule combination that would not progress.
    let mut budget = 64 * (n + 1) + rows.lines.iter().sum::<usize>();
    while r < n && budget > 0 {
        budget -= 1;
        if p.cur.slices.is_empty() && !p.pages.is_empty() {
            if let Some(h) = p.header_for(r) {
                p.place(h, rows.heights[h], None, true, false);
            }
        }
        let total_lines = rows.lines[r];
        let left = total_lines.saturating_sub(done);
        let whole = if done == 0 {
            rows.heights[r]
        } else {
            (left as f32 * LINE + 2.0 * PAD_Y).max(MIN_ROW)
        };
        let keep = if done == 0 { p.keep_with(r) } else { 0.0 };
        let cont = (done > 0).then_some((done, left));
        if p.fits(r, whole, false, keep) {
            p.place(r, whole, cont, false, false);
            r += 1;
            done = 0;
            continue;
        }
        let lines_fit = ((p.room() - 2.0 * PAD_Y) / LINE).floor();
        let lines_fit = if lines_fit > 0.0 {
            lines_fit as usize
        } else {
            0
        };
        let fresh = !p.has_body();
        let header_h = p.header_for(r).map_or(0.0, |h| rows.heights[h]);
        let taller_than_page = whole > CONTENT_H - header_h;
        let worth_splitting = taller_than_page || whole > CONTENT_H / 3.0;
        if p.splittable(r) && left > 1 && keep <= 0.0 {
            let min_lines = if fresh { 1 } else { MIN_SPLIT_LINES };
            if lines_fit >= min_lines && lines_fit < left && (fresh || worth_splitting) {
                let h = p.room();
                p.place(r, h, Some((done, lines_fit)), false, true);
                done += lines_fit;
                p.close_page();
                continue;
            }
        }
        if fresh {
            // Nothing else on this page: place the row even if it overflows
            // (only a row that cannot be split and is taller than a page).
            p.place(r, whole, cont, false, false);
            r += 1;
            done = 0;
            continue;
        }
        p.close_page();
    }
    if !p.cur.slices.is_empty() {
        p.close_page();
    }
    p.pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Align, Row};

    /// A one-column layout of rows of the given kinds; `lines[i]` lines of
    /// text in row i; `spans` adds merged label cells (first, rows, lines).
    fn grid(
        kinds: &[RowKind],
        lines: &[usize],
        spans: &[(usize, usize, usize)],
    ) -> (Layout, Vec<Prepared>) {
        let layout = Layout {
            title: String::new(),
            template: String::new(),
            column_widths_mm: vec![180],
            rows: kinds
                .iter()
                .map(|k| Row {
                    kind: *k,
                    cells: Vec::new(),
                })
                .collect(),
        };
        let cell = |row: usize, row_span: usize, n: usize, relabel: bool| Prepared {
            row,
            row_span,
            x: 0.0,
            w: 100.0,
            lines: (0..n).map(|i| format!("l{i}")).collect(),
            size: BODY_SIZE,
            bold: false,
            align: Align::Left,
            border: true,
            relabel,
        };
        let mut cells: Vec<Prepared> = lines
            .iter()
            .enumerate()
            .map(|(r, n)| cell(r, 1, *n, false))
            .collect();
        for (first, rows, n) in spans {
            cells.push(cell(*first, *rows, *n, true));
        }
        (layout, cells)
    }

    fn pages_of(kinds: &[RowKind], lines: &[usize], spans: &[(usize, usize, usize)]) -> Vec<Page> {
        let (layout, cells) = grid(kinds, lines, spans);
        let rows = measure_rows(&layout, &cells);
        paginate(&layout, &cells, &rows)
    }

    fn check_fit(pages: &[Page]) {
        for (i, p) in pages.iter().enumerate() {
            assert!(
                p.bottom() <= CONTENT_H + 0.5,
                "page {i} overflows: {}",
                p.bottom()
            );
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_with_every_line_once() {
        use RowKind::*;
        let kinds = [Title, GoalsHeader, Goals];
        let pages = pages_of(&kinds, &[1, 1, 200], &[]);
        check_fit(&pages);
        assert!(pages.len() >= 3);
        let mut next = 0;
        for p in &pages {
            for s in p.slices.iter().filter(|s| s.row == 2) {
                let (from, count) = s.lines.expect("split slices list their lines");
                assert_eq!(from, next);
                next += count;
            }
        }
        assert_eq!(next, 200);
        // Continuation pages start with the repeated goals header.
        for p in &pages[1..] {
            assert_eq!((p.slices[0].row, p.slices[0].repeated), (1, true));
        }
    }

    #[test]
    fn the_indicator_header_is_never_left_at_the_bottom() {
        use RowKind::*;
        // Fill the first page almost completely, so only the header would fit.
        let filler = ((CONTENT_H - 3.0 * MIN_ROW) / LINE) as usize;
        let kinds = [
            Title,
            Funds,
            IndicatorHeader,
            Indicator(0),
            Indicator(1),
            Total,
        ];
        let pages = pages_of(&kinds, &[1, filler, 1, 3, 1, 1], &[]);
        check_fit(&pages);
        for p in &pages {
            let last = p.slices.last().unwrap();
            assert_ne!(last.row, 2, "header orphaned: {pages:?}");
        }
        // The header moved to page 2 with its first row; no repeat needed there.
        assert_eq!(pages[1].slices[0].row, 2);
        assert!(!pages[1].slices[0].repeated);
    }

    #[test]
    fn continuation_pages_repeat_the_indicator_header() {
        use RowKind::*;
        let mut kinds = vec![Title, IndicatorHeader];
        kinds.extend((0..80).map(Indicator));
        kinds.push(Total);
        let mut lines = vec![1; kinds.len()];
        lines[10] = 4;
        let pages = pages_of(&kinds, &lines, &[(2, 40, 2), (42, 40, 2)]);
        check_fit(&pages);
        assert!(pages.len() >= 3);
        for p in &pages[1..] {
            assert_eq!(p.slices[0].row, 1, "header first");
            assert!(p.slices[0].repeated);
            assert!(p.slices.len() > 1);
        }
        // Every row once, in order.
        let rows: Vec<usize> = pages
            .iter()
            .flat_map(|p| p.slices.iter().filter(|s| !s.repeated).map(|s| s.row))
            .collect();
        assert_eq!(rows, (0..kinds.len()).collect::<Vec<_>>());
    }

    #[test]
    fn a_merged_label_cut_by_a_page_break_gets_room_on_each_page() {
        use RowKind::*;
        let mut kinds = vec![Title, IndicatorHeader];
        kinds.extend((0..60).map(Indicator));
        kinds.push(Total);
        let lines = vec![1; kinds.len()];
        // A 4-line label over all indicator rows: each page's part must be
        // at least 4 lines tall.
        let pages = pages_of(&kinds, &lines, &[(2, 60, 4)]);
        check_fit(&pages);
        let need = 4.0 * LINE + 2.0 * PAD_Y;
        for p in &pages {
            let part: Vec<&Slice> = p
                .slices
                .iter()
                .filter(|s| (2..62).contains(&s.row))
                .collect();
            if let (Some(a), Some(b)) = (part.first(), part.last()) {
                assert!(b.top + b.height - a.top >= need - 0.01);
            }
        }
    }
}
