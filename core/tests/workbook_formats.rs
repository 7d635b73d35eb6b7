//! Colleagues' workbooks: `.xlsx`, `.xls` and `.ods` (the latter two written
//! by LibreOffice in the test, from the same workbook), with the damage real
//! files carry (`#####`, `无`, a text where a number belongs, a date, an error
//! value, a formula without a saved result). Each imports: the form is kept,
//! every damaged cell is imported as what it safely means, and an error names
//! the sheet and cell, what was found and what was done. Every seed form's
//! own export, saved again by LibreOffice as `.xls` and `.ods`, reads back as
//! the same form. Kinds are told by content, not by the file name.
//!
//! Needs `soffice` (scripts/setup-system.sh); without it the LibreOffice parts
//! say so loudly and pass on a developer's machine, and fail under CI.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use selfeval_core::field::{Field, IndicatorColumn};
use selfeval_core::layout::{build_form, LayoutOptions};
use selfeval_core::model::{FundColumn, FundRowKind};
use selfeval_core::xlsx::{form_workbook, import_bytes, ExportOptions, Imported};
use selfeval_core::{Form, Severity};

mod xlsx_util;
use xlsx_util::{as_printed, foreign_workbook, seeds, Foreign, Override};

#[path = "support/host_tool.rs"]
mod host_tool;

fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("selfeval-formats-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Save `src` again with LibreOffice as `filter`'s format into `dir`.
fn resave(dir: &Path, src: &Path, ext: &str, filter: &str) -> PathBuf {
    let out = dir.join(ext);
    std::fs::create_dir_all(&out).unwrap();
    host_tool::soffice_convert(
        &dir.join("lo-profile"),
        &format!("{ext}:{filter}"),
        &out,
        &[src],
    );
    let p = out.join(src.with_extension(ext).file_name().unwrap());
    assert!(p.is_file(), "LibreOffice wrote no {}", p.display());
    p
}

fn cell_ref(form: &Form, field: Field) -> String {
    let (l, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let c = l.cell_of(field).unwrap();
    rust_xlsxwriter::utility::row_col_to_cell(c.row as u32, c.col as u16)
}

fn at(form: &Form, field: Field) -> (usize, usize) {
    let (l, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let c = l.cell_of(field).unwrap();
    (c.row, c.col)
}

const SCORE: IndicatorColumn = IndicatorColumn::Score;

/// The damage, on 干部健康管理 (the seed whose printout has `#####`).
fn damaged() -> (Form, Foreign) {
    let f = seeds().remove(0);
    assert_eq!(f.header.name, "干部健康管理");
    let mut o = Foreign::default();
    let mut put = |field, v| {
        o.overrides.insert(at(&f, field), v);
    };
    put(Field::Indicator(0, SCORE), Override::Text("#####".into()));
    // The unused 经济效益指标 row (分值 0): 得分 `无`, as 政务热线 prints it.
    assert!(f.indicators[4].weight.unwrap().is_zero());
    put(Field::Indicator(4, SCORE), Override::Text("无".into()));
    put(
        Field::Indicator(1, SCORE),
        Override::Text("十二分半".into()),
    );
    put(Field::Indicator(2, SCORE), Override::Date);
    put(
        Field::Fund(FundRowKind::CarriedOver, FundColumn::Executed),
        Override::Formula("=1/0".into(), Some("#DIV/0!".into())),
    );
    (f, o)
}

fn errors(imp: &Imported) -> Vec<String> {
    imp.problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

/// What every format must give for [`damaged`].
fn check_damage(kind: &str, imp: &Imported, f: &Form) {
    assert_eq!(imp.forms.len(), 1, "{kind}: the form is kept");
    let g = &imp.forms[0];
    assert_eq!(g.header, f.header, "{kind}");
    assert_eq!(g.indicators.len(), f.indicators.len(), "{kind}");
    let e = errors(imp);
    let find = |field: Field, needle: &str| -> String {
        let r = cell_ref(f, field);
        e.iter()
            .find(|m| m.contains(&format!("」{r}：")))
            .unwrap_or_else(|| panic!("{kind}: no problem at {r} ({needle}): {e:#?}"))
            .clone()
    };
    // `#####` → empty: the suggestion stands.
    assert_eq!(g.indicators[0].score, None, "{kind}");
    let m = find(Field::Indicator(0, SCORE), "#####");
    assert!(
        m.contains("#####") && m.contains("已按空白导入") && m.contains("建议得分"),
        "{kind}: {m}"
    );
    assert!(
        m.contains("单位：分") && !m.contains("元"),
        "{kind}: a score is not an amount: {m}"
    );
    // `无` on a 分值 0 row → 0.
    assert_eq!(g.indicators[4].score, Some(Decimal::ZERO), "{kind}");
    let m = find(Field::Indicator(4, SCORE), "无");
    assert!(
        m.contains("「无」") && m.contains("已按 0 导入"),
        "{kind}: {m}"
    );
    // A text where a number belongs → empty.
    assert_eq!(g.indicators[1].score, None, "{kind}");
    let m = find(Field::Indicator(1, SCORE), "text");
    assert!(
        m.contains("十二分半") && m.contains("已按空白导入"),
        "{kind}: {m}"
    );
    // A date → empty.
    assert_eq!(g.indicators[2].score, None, "{kind}");
    let m = find(Field::Indicator(2, SCORE), "date");
    assert!(
        m.contains("日期") && m.contains("已按空白导入"),
        "{kind}: {m}"
    );
    // An error value → empty, an amount's unit named.
    assert_eq!(g.funds.carried_over.executed, None, "{kind}");
    let m = find(
        Field::Fund(FundRowKind::CarriedOver, FundColumn::Executed),
        "error",
    );
    assert!(
        m.contains("DIV/0") && m.contains("已按空白导入") && m.contains("元"),
        "{kind}: {m}"
    );
    // Nothing else is touched.
    for i in [3, 5, 6, 7, 8, 9] {
        assert_eq!(
            g.indicators[i],
            as_printed(f).indicators[i],
            "{kind} row {i}"
        );
    }
    assert_eq!(e.len(), 5, "{kind}: exactly the damaged cells: {e:#?}");
}

#[test]
fn damaged_cells_in_xlsx_keep_the_form() {
    let (f, o) = damaged();
    let bytes = foreign_workbook(std::slice::from_ref(&f), &o);
    check_damage("xlsx", &import_bytes(&bytes).unwrap(), &f);
}

/// `xlsx` with `from` replaced by `to` in its first worksheet's XML.
fn without_cached_result(xlsx: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let t = String::from_utf8(data).unwrap();
            replaced = t.contains(from);
            data = t.replace(from, to).into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(replaced, "{from} not in the sheet");
    out.finish().unwrap().into_inner()
}

#[test]
fn a_formula_without_a_saved_result_is_named() {
    let mut f = seeds().remove(0);
    f.funds.other.executed = None;
    let mut o = Foreign::default();
    o.overrides.insert(
        at(&f, Field::Fund(FundRowKind::Other, FundColumn::Executed)),
        Override::Formula("=SUM(Z1:Z9)".into(), None),
    );
    // rust_xlsxwriter always saves a result (0); drop it, as a program that
    // writes workbooks without calculating them does.
    let bytes = without_cached_result(
        &foreign_workbook(std::slice::from_ref(&f), &o),
        "<f>SUM(Z1:Z9)</f><v>0</v>",
        "<f>SUM(Z1:Z9)</f>",
    );
    let imp = import_bytes(&bytes).unwrap();
    assert_eq!(imp.forms.len(), 1);
    let r = cell_ref(&f, Field::Fund(FundRowKind::Other, FundColumn::Executed));
    let e = errors(&imp);
    assert!(
        e.iter().any(|m| m.contains(&format!("」{r}："))
            && m.contains("SUM(Z1:Z9)")
            && m.contains("计算结果")),
        "{e:#?}"
    );
}

#[test]
fn damaged_cells_in_xls_and_ods_keep_the_form() {
    if host_tool::missing(&["soffice"], "LibreOffice (.xls/.ods)") {
        return;
    }
    let (f, o) = damaged();
    let dir = scratch("damaged");
    let src = dir.join("damaged.xlsx");
    std::fs::write(&src, foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    for (ext, filter) in [("xls", "MS Excel 97"), ("ods", "calc8")] {
        let p = resave(&dir, &src, ext, filter);
        let bytes = std::fs::read(&p).unwrap();
        check_damage(ext, &import_bytes(&bytes).unwrap(), &f);
        // Told by content: the same bytes under a WPS name read the same.
        let et = p.with_extension("et");
        std::fs::copy(&p, &et).unwrap();
        let read = selfeval_core::import::read_forms(&et).unwrap();
        assert_eq!(read.forms.len(), 1, "{ext} as .et");
        assert!(
            read.forms[0].has_errors(),
            "{ext} as .et: the damage is reported"
        );
    }
}

#[test]
fn every_seed_export_resaved_as_xls_and_ods_reads_back_the_same() {
    if host_tool::missing(&["soffice"], "LibreOffice (.xls/.ods)") {
        return;
    }
    let dir = scratch("seeds");
    let forms = seeds();
    let mut files = Vec::new();
    for (i, f) in forms.iter().enumerate() {
        let p = dir.join(format!("seed{i}.xlsx"));
        std::fs::write(&p, form_workbook(f, &ExportOptions::default()).unwrap()).unwrap();
        files.push(p);
    }
    for (ext, filter) in [("xls", "MS Excel 97"), ("ods", "calc8")] {
        for (f, src) in forms.iter().zip(&files) {
            let p = resave(&dir, src, ext, filter);
            let imp = import_bytes(&std::fs::read(&p).unwrap()).unwrap();
            assert!(
                imp.problems.iter().all(|p| p.severity != Severity::Error),
                "{ext} {}: {:#?}",
                f.header.name,
                imp.problems
            );
            assert_eq!(imp.forms.len(), 1, "{ext} {}", f.header.name);
            assert_eq!(&imp.forms[0], f, "{ext} {}: the same form", f.header.name);
        }
    }
}

#[test]
fn encrypted_corrupt_and_other_files_say_what_they_are() {
    let msg = |b: &[u8]| import_bytes(b).unwrap_err().0;
    assert!(msg(b"").contains("空"));
    assert!(msg(b"hello").contains("不是工作簿"));
    // A ZIP that is no workbook, a truncated one.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"x").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    assert!(msg(&zip).contains("不是 Excel、WPS 或 LibreOffice 的工作簿"));
    let f = seeds().remove(0);
    let good = form_workbook(&f, &ExportOptions::default()).unwrap();
    assert!(msg(&good[..good.len() / 2]).contains("损坏"));
    // An OLE file holding an encrypted workbook.
    let enc = xlsx_util::fixture("encrypted.xlsx");
    assert!(msg(&enc).contains("密码"), "{}", msg(&enc));
}
