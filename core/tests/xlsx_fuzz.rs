//! Bounded-time fuzzing of the importer (proptest): mutated file bytes,
//! mutated XML inside the zip, and mutated cell values must never panic, and
//! every error on a value names its cell. The `.xls` (BIFF) and `.ods`
//! (OpenDocument) readers get the same: mutated bytes of a seed export saved
//! by LibreOffice in those formats (tests/fixtures/xlsx/), and mutated
//! `content.xml` of the `.ods`. (`.xlsb` is read by calamine too, but no
//! program here writes one to start from.) 128 cases each keep the run to a
//! few seconds; raise PROPTEST_CASES for a longer hunt.

mod xlsx_util;

use std::io::{Read, Write};
use std::sync::OnceLock;

use proptest::prelude::*;
use selfeval_core::layout::{build_form, LayoutOptions};
use selfeval_core::rules::Severity;
use selfeval_core::xlsx::import::import_bytes_unguarded;
use selfeval_core::xlsx::{form_workbook, ExportOptions};
use xlsx_util::*;

fn exported() -> Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES
        .get_or_init(|| form_workbook(&seeds()[1], &ExportOptions::default()).unwrap())
        .clone()
}

fn exported_parts() -> Vec<(String, Vec<u8>)> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| unzip(&exported())).clone()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

fn xls_bytes() -> Vec<u8> {
    fixture("old-format.xls")
}

fn ods_parts() -> Vec<(String, Vec<u8>)> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS
        .get_or_init(|| unzip(&fixture("seed-export.ods")))
        .clone()
}

/// The parts of a zip, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().unwrap().to_string(), v)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in parts {
            z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippets = prop_oneof![
        Just(b"<".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"r=\"XFD1048576\"".to_vec()),
        Just(b"t=\"s\"".to_vec()),
        Just(b"<v>99999999</v>".to_vec()),
        Just(b"<mergeCell ref=\"A1:ZZ9\"/>".to_vec()),
        Just("总分".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), snippets).prop_map(|(i, s)| Edit::Insert(i, s)),
    ]
}

fn apply(data: &mut Vec<u8>, edits: &[Edit]) {
    for e in edits {
        if data.is_empty() {
            return;
        }
        match e {
            Edit::Flip(i, b) => {
                let i = i % data.len();
                data[i] ^= b | 1;
            }
            Edit::Delete(i, n) => {
                let i = i % data.len();
                let end = (i + n).min(data.len());
                data.drain(i..end);
            }
            Edit::Insert(i, s) => {
                let i = i % (data.len() + 1);
                data.splice(i..i, s.iter().copied());
            }
        }
    }
}

thread_local! {
    /// The source file of the last panic on this thread.
    static PANIC_FILE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// [`check_result`] for the `.xls` reader: calamine's own `.xls` parser
/// panics on some damaged files (an arithmetic overflow in `xls.rs`, found by
/// this test); the app reads through `import_bytes`, whose guard turns that
/// into a message, which is checked instead. A panic anywhere else fails.
fn check_result_xls(bytes: &[u8]) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file().to_string());
            PANIC_FILE.with(|p| *p.borrow_mut() = file);
            prev(info);
        }));
    });
    let Err(e) = std::panic::catch_unwind(|| check_result(bytes)) else {
        return;
    };
    let file = PANIC_FILE
        .with(|p| p.borrow_mut().take())
        .unwrap_or_default();
    if !file.contains("calamine") {
        std::panic::resume_unwind(e);
    }
    let guarded = selfeval_core::xlsx::import_bytes(bytes);
    assert!(
        guarded.as_ref().is_err_and(|f| f.0.contains("损坏")),
        "the guard gives a message: {:?}",
        guarded.err()
    );
}

/// Errors on values name their cell; file-level failures are messages.
fn check_result(bytes: &[u8]) {
    match import_bytes_unguarded(bytes) {
        Ok(imp) => {
            for p in &imp.problems {
                assert!(!p.message.is_empty());
                if p.severity == Severity::Error && p.cell.is_none() {
                    // Sheet-level errors say what is missing or broken.
                    assert!(
                        p.message.contains("找不到") || p.message.contains("损坏"),
                        "{p}"
                    );
                }
            }
        }
        Err(e) => assert!(!e.0.is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_file_bytes_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut bytes = exported();
        apply(&mut bytes, &edits);
        check_result(&bytes);
    }

    #[test]
    fn mutated_xml_inside_the_zip_never_panics(
        part in 0usize..64,
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let mut parts = exported_parts();
        // Sheet, shared strings, styles and workbook XML are the interesting parts.
        let xml: Vec<usize> = parts
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| n.starts_with("xl/") && n.ends_with(".xml"))
            .map(|(i, _)| i)
            .collect();
        let k = xml[part % xml.len()];
        apply(&mut parts[k].1, &edits);
        check_result(&rezip(&parts));
    }

    #[test]
    fn mutated_xls_bytes_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut bytes = xls_bytes();
        apply(&mut bytes, &edits);
        check_result_xls(&bytes);
    }

    #[test]
    fn mutated_ods_never_panics(
        in_xml in any::<bool>(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let mut parts = ods_parts();
        if in_xml {
            let k = parts.iter().position(|(n, _)| n == "content.xml").unwrap();
            apply(&mut parts[k].1, &edits);
            check_result(&rezip(&parts));
        } else {
            let mut bytes = rezip(&parts);
            apply(&mut bytes, &edits);
            check_result(&bytes);
        }
    }

    #[test]
    fn mutated_cell_values_never_panic_and_errors_name_cells(
        cells in proptest::collection::vec(
            (0usize..60, 0usize..9, prop_oneof![
                Just(Override::Empty),
                "[a-z0-9万元%.,总分三级指标年初预算数 ]{0,12}".prop_map(Override::Text),
                any::<f64>().prop_map(Override::Number),
            ]),
            1..12,
        ),
        rows_above in 0u32..3,
        cols_left in 0u16..3,
    ) {
        let form = seeds()[0].clone();
        let (l, _) = build_form(&form, &LayoutOptions::default()).unwrap();
        let mut o = Foreign { rows_above, cols_left, ..Foreign::default() };
        for (r, c, v) in cells {
            let r = r % l.rows.len();
            // Only cells that start somewhere can be overridden.
            if l.cells().any(|x| x.row == r && x.col == c) {
                o.overrides.insert((r, c), v);
            }
        }
        check_result(&foreign_workbook(&[form], &o));
    }
}
