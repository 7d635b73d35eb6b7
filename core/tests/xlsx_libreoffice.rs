//! The exported XLSX as LibreOffice prints it: every seed form converts to
//! PDF, the PDF's text holds every value of the form, and no `###`. A form at
//! the limits (2000-character texts, the largest amounts) prints whole too.
//!
//! Needs `soffice` and `pdftotext` (scripts/setup-system.sh installs both);
//! without them the test says so loudly and passes, except under CI, where
//! it fails. Under Wine they run from the Linux side (support/host_tool.rs).

use std::path::{Path, PathBuf};

use selfeval_core::layout::{build_form, Content, LayoutOptions, ValueKind};
use selfeval_core::money::{fmt2, fmt_money};
use selfeval_core::xlsx::{form_workbook, ExportOptions};
use selfeval_core::Form;

mod xlsx_util;
use xlsx_util::seeds;

#[path = "support/host_tool.rs"]
mod host_tool;
use host_tool::missing;

/// Convert XLSX files to PDF with a private LibreOffice profile, so parallel
/// runs do not collide; returns the PDF texts in the same order.
fn print(dir: &Path, files: &[PathBuf]) -> Vec<String> {
    let profile = dir.join("lo-profile");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    host_tool::soffice_convert(&profile, "pdf", dir, &refs);
    files
        .iter()
        .map(|f| {
            let pdf = dir.join(f.with_extension("pdf").file_name().unwrap());
            let out = host_tool::command("pdftotext")
                .arg(host_tool::arg(&pdf))
                .arg("-")
                .output()
                .expect("pdftotext runs");
            assert!(out.status.success(), "{}: {out:?}", pdf.display());
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

/// An empty working folder of this test run.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selfeval-xlsx-lo-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `value` is printed: in pieces (a long cell breaks over lines and
/// pages, with the footer, the repeated header and neighbouring cells in
/// between), each piece found in the text; a piece shorter than 3 characters
/// must be a whole printed line (`情况` of a wrapped label).
fn printed(text: &str, value: &str) -> Result<(), String> {
    let flat = squeeze(text);
    let lines: Vec<String> = text.lines().map(squeeze).collect();
    let mut rest: Vec<char> = squeeze(value).chars().collect();
    let total = rest.len();
    while !rest.is_empty() {
        let mut n = rest.len();
        while n > 0 && !flat.contains(&rest[..n].iter().collect::<String>()) {
            n -= 1;
        }
        let piece: String = rest[..n].iter().collect();
        let whole_line = lines.contains(&piece);
        if n == 0 || (n < 3 && n < total && !whole_line) {
            let missing: String = rest.iter().take(30).collect();
            return Err(format!("not printed: 「{missing}」"));
        }
        rest.drain(..n);
    }
    Ok(())
}

/// What each cell of the form shows, as a printout shows it.
fn shown_values(form: &Form) -> Vec<String> {
    let (layout, _) = build_form(form, &LayoutOptions::default()).unwrap();
    layout
        .cells()
        .filter_map(|c| {
            let money = matches!(
                c.content,
                Content::Input {
                    value_kind: ValueKind::Money,
                    ..
                }
            );
            let s = match c.content.display_number() {
                Some(n) if money => fmt_money(n),
                Some(n) => fmt2(n),
                None => c.content.display(),
            };
            (!s.trim().is_empty()).then_some(s)
        })
        .collect()
}

fn check_printout(forms: &[Form], tag: &str) {
    if missing(&["soffice", "pdftotext"], tag) {
        return;
    }
    let dir = scratch(tag);
    let files: Vec<PathBuf> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = dir.join(format!("form{i}.xlsx"));
            std::fs::write(&p, form_workbook(f, &ExportOptions::default()).unwrap()).unwrap();
            p
        })
        .collect();
    let texts = print(&dir, &files);
    for (f, text) in forms.iter().zip(&texts) {
        assert!(!text.contains("###"), "{}: ### printed", f.header.name);
        for v in shown_values(f) {
            if let Err(e) = printed(text, &v) {
                panic!("{}: {e}\nvalue: {v}", f.header.name);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_seed_form_prints_every_value_and_no_hashes() {
    check_printout(&seeds(), "seeds");
}

#[test]
fn a_form_at_the_limits_prints_whole() {
    let mut f = seeds().into_iter().next().unwrap();
    // Numbered sentences, so a lost page or a clipped line shows.
    let long = |tag: &str| {
        let mut s = String::new();
        let mut i = 1;
        while s.chars().count() < 1990 {
            s.push_str(&format!("{tag}第{i}句文字。"));
            i += 1;
        }
        s.chars().take(2000).collect::<String>()
    };
    f.goals.expected = long("目标");
    f.goals.actual = long("完成");
    f.indicators[0].deviation = long("偏差");
    f.header.name = "名".repeat(40);
    let max = selfeval_core::money::max_amount();
    for k in selfeval_core::model::FundRowKind::ALL {
        for c in selfeval_core::model::FundColumn::ALL {
            f.funds.row_mut(k).set(c, Some(max));
        }
    }
    f.funds.other.executed = Some(-max);
    check_printout(&[f], "limits");
}

#[test]
fn the_printed_check_can_fail() {
    assert!(printed("党政事务第1句", "党政事务第1句").is_ok());
    assert!(printed("党政事务……第1句", "党政事务第1句").is_ok());
    assert!(printed("党政事务", "党政事务第2句").is_err());
    assert!(printed("项目目标完成\n其他\n情况\n", "项目目标完成情况").is_ok());
    assert!(printed("项目目标完成\n其他情况\n", "项目目标完成情况").is_err());
}

#[test]
fn a_workbook_saved_again_by_libreoffice_reads_back_the_same() {
    if missing(&["soffice"], "LibreOffice") {
        return;
    }
    let dir = scratch("resave");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let mut forms = seeds();
    // Empty inputs (left to the rules) and a tier survive the re-save too.
    forms[0].funds.total = Default::default();
    forms[0].indicators[3].score = None;
    forms[0].indicators[3].tier = Some(selfeval_core::model::Tier::Achieved);
    let src = dir.join("forms.xlsx");
    std::fs::write(
        &src,
        selfeval_core::xlsx::forms_workbook(&forms, &ExportOptions::default()).unwrap(),
    )
    .unwrap();
    host_tool::soffice_convert(
        &dir.join("lo-profile"),
        "xlsx:Calc MS Excel 2007 XML",
        &dir.join("out"),
        &[&src],
    );
    let bytes = std::fs::read(dir.join("out/forms.xlsx")).unwrap();
    let imp = selfeval_core::xlsx::import_bytes(&bytes).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms, forms);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn latin_and_digit_heavy_texts_print_whole() {
    let mut f = seeds().into_iter().nth(1).unwrap();
    let words = |tag: &str, n: usize| {
        (1..=n)
            .map(|i| {
                format!(
                    "{tag}{i} WWW.EXAMPLE.GOV.CN/path?id={} MMMM wwww 1234567.89",
                    i * 7919
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    f.goals.expected = words("Goal", 25);
    f.goals.actual = words("Done", 25);
    f.indicators[0].name = "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW".into();
    f.indicators[0].deviation = words("Dev", 12);
    f.indicators[1].target = "≥100000000000张；≥50000000000份".into();
    f.header.implementing_unit = "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM".into();
    check_printout(&[f], "latin");
}

/// Every formula cell's value, by sheet and position.
fn formula_values(bytes: &[u8]) -> Vec<(String, (u32, u32), String, calamine::Data)> {
    use calamine::Reader;
    let mut xl: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in xl.sheet_names() {
        let values = xl.worksheet_range(&name).unwrap();
        let formulas = xl.worksheet_formula(&name).unwrap();
        for (r, c, f) in formulas.used_cells() {
            let start = formulas.start().unwrap();
            let pos = (start.0 + r as u32, start.1 + c as u32);
            let v = values
                .get_value(pos)
                .cloned()
                .unwrap_or(calamine::Data::Empty);
            out.push((name.clone(), pos, f.clone(), v));
        }
    }
    out
}

fn as_number(v: &calamine::Data) -> Option<f64> {
    match v {
        calamine::Data::Float(f) => Some(*f),
        calamine::Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn libreoffice_recalculating_every_formula_gets_our_numbers() {
    if missing(&["soffice"], "LibreOffice") {
        return;
    }
    let dir = scratch("recalc");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    // The seeds as typed, and with every total, 分值 and 得分 left to the rules,
    // so the fallback formulas (SUM of parts, rule ratios) are computed too.
    let mut forms = seeds();
    for f in seeds() {
        let mut g = f.clone();
        g.funds.total = Default::default();
        g.funds.weight = None;
        for ind in &mut g.indicators {
            ind.score = None;
        }
        forms.push(g);
    }
    let ours = selfeval_core::xlsx::forms_workbook(&forms, &ExportOptions::default()).unwrap();
    std::fs::write(dir.join("forms.xlsx"), &ours).unwrap();
    // A canary whose cached result is wrong: proves LibreOffice recalculated.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .unwrap();
    std::fs::write(dir.join("canary.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let profile = host_tool::recalculating_profile(&dir);
    host_tool::soffice_convert(
        &profile,
        "xlsx:Calc MS Excel 2007 XML",
        &dir.join("out"),
        &[&dir.join("forms.xlsx"), &dir.join("canary.xlsx")],
    );
    let canary = formula_values(&std::fs::read(dir.join("out/canary.xlsx")).unwrap());
    assert_eq!(
        as_number(&canary[0].3),
        Some(2.0),
        "LibreOffice did not recalculate"
    );

    let mine = formula_values(&ours);
    let theirs = formula_values(&std::fs::read(dir.join("out/forms.xlsx")).unwrap());
    assert!(mine.len() > 100, "{} formulas", mine.len());
    let lookup: std::collections::HashMap<_, _> = theirs
        .iter()
        .map(|(s, p, _, v)| ((s.clone(), *p), v.clone()))
        .collect();
    for (sheet, pos, formula, cached) in &mine {
        let recalculated = lookup
            .get(&(sheet.clone(), *pos))
            .unwrap_or_else(|| panic!("{sheet} {pos:?} lost its formula"));
        match (as_number(cached), as_number(recalculated)) {
            (Some(a), Some(b)) => assert!(
                (a - b).abs() < 1e-9,
                "{sheet} {pos:?} ={formula}: ours {a}, LibreOffice {b}"
            ),
            (None, None) => {}
            (a, b) => {
                panic!("{sheet} {pos:?} ={formula}: ours {a:?} ({cached:?}), LibreOffice {b:?}")
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
