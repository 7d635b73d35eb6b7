//! Importing the official layout as other programs write it: shifted, extra
//! rows, amounts as text, `5万元`, percentages as fractions, several sheets,
//! LibreOffice's re-save; every problem with its cell; bad files explained.

mod xlsx_util;

use rust_xlsxwriter::Workbook;
use selfeval_core::field::Field;
use selfeval_core::layout::{build_form, LayoutOptions};
use selfeval_core::model::{FundColumn, FundRowKind};
use selfeval_core::rules::Severity;
use selfeval_core::xlsx::{add_form_sheet, import_bytes, styles::Styles, ExportOptions};
use xlsx_util::*;

#[test]
fn another_writers_layout_shifted_with_text_amounts_and_fractions() {
    for amounts in [Amounts::Numbers, Amounts::Text, Amounts::Wan] {
        let o = Foreign {
            rows_above: 2,
            cols_left: 1,
            amounts,
            percent_fractions: true,
            year_as_number: true,
            ..Foreign::default()
        };
        let forms = seeds();
        let imp = import_bytes(&foreign_workbook(&forms, &o)).unwrap();
        assert!(imp.problems.is_empty(), "{amounts:?}: {:?}", imp.problems);
        let expected: Vec<_> = forms.iter().map(as_printed).collect();
        assert_eq!(imp.forms, expected, "{amounts:?}");
    }
}

#[test]
fn percentages_stored_as_fractions_read_as_typed() {
    let mut f = seeds().remove(0);
    f.indicators[0].actual = "92.78%".into();
    f.indicators[1].target = "100%".into();
    let o = Foreign {
        percent_fractions: true,
        ..Foreign::default()
    };
    let imp = import_bytes(&foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    assert_eq!(imp.forms[0].indicators[0].actual, "92.78%");
    assert_eq!(imp.forms[0].indicators[1].target, "100%");
}

#[test]
fn several_forms_one_per_sheet_and_other_sheets_skipped() {
    let forms = seeds();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("填表说明")
        .unwrap()
        .write_string(0, 0, "请按要求填写")
        .unwrap();
    let mut styles = Styles::new();
    for (i, f) in forms.iter().take(3).enumerate() {
        add_form_sheet(
            &mut wb,
            &mut styles,
            f,
            &format!("表{i}"),
            &ExportOptions::default(),
        )
        .unwrap();
    }
    let imp = import_bytes(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(imp.forms, forms[..3].to_vec());
    assert_eq!(imp.sheets, ["表0", "表1", "表2"]);
    assert_eq!(imp.problems.len(), 1, "{:?}", imp.problems);
    assert_eq!(imp.problems[0].severity, Severity::Warning);
    assert_eq!(imp.problems[0].sheet, "填表说明");
}

/// The sheet cell of a form field in a foreign file without offsets.
fn cell_of(form: &selfeval_core::Form, field: Field) -> (usize, usize) {
    let (l, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let c = l.cell_of(field).unwrap();
    (c.row, c.col)
}

#[test]
fn a_bad_value_names_its_cell_in_chinese() {
    let f = seeds().remove(0);
    let exec = cell_of(&f, Field::Fund(FundRowKind::Total, FundColumn::Executed));
    let weight = cell_of(
        &f,
        Field::Indicator(2, selfeval_core::field::IndicatorColumn::Weight),
    );
    let mut o = Foreign::default();
    o.overrides.insert(exec, Override::Text("abc".into()));
    o.overrides.insert(weight, Override::Text("七分".into()));
    let imp = import_bytes(&foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    let errors: Vec<String> = imp
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    let exec_ref = rust_xlsxwriter::utility::row_col_to_cell(exec.0 as u32, exec.1 as u16);
    assert!(
        errors.iter().any(
            |e| e.starts_with(&format!("工作表「Sheet1」{exec_ref}：全年执行数"))
                && e.contains("「abc」不是数字")
                && e.contains("单位：元")
        ),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("分值「七分」不是数字") && e.contains("单位：分")),
        "{errors:?}"
    );
    // The rest of the form is still read.
    assert_eq!(imp.forms[0].header, f.header);
    assert_eq!(imp.forms[0].funds.total.executed, None);
}

#[test]
fn missing_sections_are_reported_not_guessed() {
    let f = seeds().remove(0);
    let mut o = Foreign::default();
    // Erase the 年初预算数 column header.
    let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
    let hdr = l
        .cells()
        .find(|c| c.content.display() == "年初预算数")
        .unwrap();
    o.overrides.insert((hdr.row, hdr.col), Override::Empty);
    let imp = import_bytes(&foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    assert!(
        imp.problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.message.contains("年初预算数")),
        "{:?}",
        imp.problems
    );
}

#[test]
fn bad_files_say_what_they_are() {
    let msg = |b: &[u8]| import_bytes(b).unwrap_err().to_string();
    assert!(msg(b"").contains("空"));
    assert!(msg(b"hello, world").contains("不是工作簿"));
    assert!(msg(&fixture("encrypted.xlsx")).contains("密码"));
    // Excel 97-2003 reads (tests/workbook_formats.rs has more).
    let old = import_bytes(&fixture("old-format.xls")).unwrap();
    assert_eq!(old.forms.len(), 1);
    assert_eq!(old.forms[0].header.name, "党政事务");
    // A zip that is no workbook.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut z, b"<w/>").unwrap();
        z.finish().unwrap();
    }
    assert!(
        msg(buf.get_ref()).contains("不是 Excel、WPS 或 LibreOffice 的工作簿"),
        "{}",
        msg(buf.get_ref())
    );
    // A workbook with some other table.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(0, 1, "电话").unwrap();
    assert!(msg(&wb.save_to_buffer().unwrap()).contains("没有找到项目支出绩效自评表"));
    // Half a file.
    let whole = selfeval_core::xlsx::form_workbook(&seeds()[0], &ExportOptions::default()).unwrap();
    assert!(!msg(&whole[..whole.len() / 2]).is_empty());
}

#[test]
fn check_reads_xlsx_through_read_file() {
    let dir = std::env::temp_dir().join(format!("selfeval-xlsx-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("forms.xlsx");
    let forms = seeds();
    std::fs::write(
        &p,
        selfeval_core::xlsx::forms_workbook(&forms, &ExportOptions::default()).unwrap(),
    )
    .unwrap();
    assert_eq!(selfeval_core::import::read_file(&p).unwrap(), forms);
    let bad = dir.join("bad.xlsx");
    let f = forms[0].clone();
    let exec = cell_of(&f, Field::Fund(FundRowKind::Total, FundColumn::Executed));
    let mut o = Foreign::default();
    o.overrides.insert(exec, Override::Text("abc".into()));
    std::fs::write(&bad, foreign_workbook(&[f], &o)).unwrap();
    // A bad cell no longer loses the form: it comes back with the problem.
    let read = selfeval_core::import::read_forms(&bad).unwrap();
    assert_eq!(read.forms.len(), 1);
    assert_eq!(read.forms[0].form.funds.total.executed, None);
    let e: Vec<String> = read.forms[0]
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        e.iter().any(|e| e.contains("工作表「Sheet1」")
            && e.contains("abc")
            && e.contains("已按空白导入")),
        "{e:?}"
    );
    assert!(read.forms[0].has_errors());
    let _ = std::fs::remove_dir_all(&dir);
}
