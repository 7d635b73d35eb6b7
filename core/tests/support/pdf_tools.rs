//! Helpers of the PDF tests: seed forms, and reading PDFs back with
//! poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "host_tool.rs"]
mod host_tool;

use selfeval_core::layout::{Layout, RowKind};
use selfeval_core::pdf::measure::{column_edges, MARGIN_BOTTOM, MARGIN_TOP, PAGE_H};
use selfeval_core::Form;

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed")
}

/// The seven seed forms with their file stems.
pub fn seeds() -> Vec<(String, Form)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seed_dir())
        .expect("seed dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let mut forms = selfeval_core::import::read_file(&p).expect("seed reads");
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            (stem, forms.remove(0))
        })
        .collect()
}

/// A scratch folder for this test binary.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("selfeval-pdf-tests-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// Run a poppler tool on `pdf` (the last argument) from the Linux side.
fn run(cmd: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let out = host_tool::command(cmd)
        .args(args)
        .arg(host_tool::arg(pdf))
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} not runnable ({e}); install poppler-utils"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `pdftotext` of pages `first..=last` (1-based), with extra flags.
pub fn pdftotext(pdf: &Path, pages: Option<(usize, usize)>, flags: &[&str]) -> String {
    let mut args: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
    if let Some((f, l)) = pages {
        args.extend(["-f".into(), f.to_string(), "-l".into(), l.to_string()]);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run("pdftotext", &refs, pdf, &["-"])
}

pub fn pdffonts(pdf: &Path) -> String {
    run("pdffonts", &[], pdf, &[])
}

pub fn pdfinfo(pdf: &Path) -> BTreeMap<String, String> {
    run("pdfinfo", &[], pdf, &[])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

pub fn page_count(pdf: &Path) -> usize {
    pdfinfo(pdf)
        .get("Pages")
        .and_then(|p| p.parse().ok())
        .expect("page count")
}

/// Text without any whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text inside columns `col..col + span` of the grid, over the content
/// area of every page, one string per page (whitespace removed).
pub fn column_text(pdf: &Path, layout: &Layout, col: usize, span: usize) -> Vec<String> {
    let edges = column_edges(layout);
    let x0 = edges[col] + 1.0;
    let x1 = edges[col + span] - 1.0;
    let y0 = MARGIN_TOP;
    let y1 = PAGE_H - MARGIN_BOTTOM;
    let text = pdftotext(
        pdf,
        None,
        &[
            // -layout: no de-hyphenation of a line ending in '-'.
            "-layout",
            "-r",
            "72",
            "-x",
            &format!("{}", x0.floor() as i64),
            "-y",
            &format!("{}", y0.floor() as i64),
            "-W",
            &format!("{}", (x1 - x0).floor() as i64),
            "-H",
            &format!("{}", (y1 - y0).ceil() as i64),
        ],
    );
    let mut pages: Vec<String> = text.split('\u{c}').map(squash).collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

/// Column text of all pages joined, each continuation page's repeated
/// header labels (at its top) removed, so a cell split across pages reads
/// as one string.
pub fn column_stream(pdf: &Path, layout: &Layout, col: usize, span: usize) -> String {
    let labels: Vec<String> = layout
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::IndicatorHeader | RowKind::GoalsHeader))
        .flat_map(|r| r.cells.iter())
        .filter(|c| c.row_span == 1)
        .map(|c| squash(&c.content.display()))
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = String::new();
    for (i, page) in column_text(pdf, layout, col, span).into_iter().enumerate() {
        let mut p = page.as_str();
        if i > 0 {
            while let Some(l) = labels.iter().find(|l| p.starts_with(l.as_str())) {
                p = &p[l.len()..];
            }
        }
        out.push_str(p);
    }
    out
}

/// Assert every non-empty cell of the layout appears whole in the PDF, in
/// the columns it spans (whitespace normalised).
pub fn assert_every_value_printed(pdf: &Path, layout: &Layout) {
    let mut streams: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for cell in layout.cells() {
        let want = squash(&cell.content.display());
        if want.is_empty() {
            continue;
        }
        let s = streams
            .entry((cell.col, cell.col_span))
            .or_insert_with(|| column_stream(pdf, layout, cell.col, cell.col_span));
        assert!(
            s.contains(&want),
            "{}: cell ({}, {}) 「{want}」 not printed in its columns",
            pdf.display(),
            cell.row,
            cell.col
        );
    }
}
