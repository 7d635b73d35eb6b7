//! Every shipped template: a blank form and every seed form converted to it
//! export to XLSX and PDF in that template's layout, read back with the same
//! numbers, and give the seed's 执行率, funds 得分 and 总分. A workbook in a
//! template's layout written by another program is recognised by its labels.

#[path = "support/pdf_tools.rs"]
mod tools;
mod xlsx_util;

use rust_decimal::Decimal;
use selfeval_core::layout::{build_form, Content, LayoutOptions, RowKind};
use selfeval_core::model::{FundColumn, FundRowKind};
use selfeval_core::money::fmt2;
use selfeval_core::pdf::{export_pdf, PdfOptions};
use selfeval_core::template::convert;
use selfeval_core::xlsx::{form_workbook, import_bytes, ExportOptions};
use selfeval_core::{evaluate_form, Field, Form, Template};
use xlsx_util::{as_printed, foreign_workbook, Foreign, Override};

/// A seed made convertible to `t`: what `t` has no cell for is cleared first,
/// as an officer would before converting (the Shenzhen 项目编码 on the
/// national form).
fn converted(seed: &Form, t: &Template) -> Form {
    let mut f = seed.clone();
    if !t.shows(Field::HeaderCode) {
        f.header.code.clear();
    }
    convert(&f, t).unwrap_or_else(|e| panic!("{}: {e}", t.id))
}

fn grid_is_covered_once(form: &Form) {
    let (l, _) = build_form(form, &LayoutOptions::default()).unwrap();
    let mut grid = vec![vec![0u8; l.columns()]; l.rows.len()];
    for c in l.cells() {
        for row in grid.iter_mut().skip(c.row).take(c.row_span) {
            for n in row.iter_mut().skip(c.col).take(c.col_span) {
                *n += 1;
            }
        }
    }
    for (r, row) in grid.iter().enumerate() {
        for (k, n) in row.iter().enumerate() {
            assert_eq!(
                *n, 1,
                "{} row {r} ({:?}) col {k}",
                form.template, l.rows[r].kind
            );
        }
    }
}

fn xlsx_round_trip(form: &Form) -> Form {
    let bytes = form_workbook(form, &ExportOptions::default()).unwrap();
    let imp = import_bytes(&bytes).unwrap();
    assert!(
        imp.problems.is_empty(),
        "{}: {:?}",
        form.template,
        imp.problems
    );
    assert_eq!(imp.forms.len(), 1);
    imp.forms.into_iter().next().unwrap()
}

#[test]
fn the_shipped_templates_in_order() {
    let ids: Vec<&str> = Template::builtin().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["shenzhen", "national", "sichuan"]);
    let n = Template::by_id("national").unwrap();
    assert_eq!(n.money_unit.label(), "万元");
    assert!(!n.shows(Field::HeaderCode));
    let s = Template::by_id("sichuan").unwrap();
    assert_eq!(s.title, "部门预算项目支出绩效自评表");
}

#[test]
fn a_blank_form_of_each_template_builds_exports_and_reads_back() {
    for t in Template::builtin() {
        let f = Form::blank(t);
        grid_is_covered_once(&f);
        assert_eq!(xlsx_round_trip(&f), f, "{}", t.id);
        let pdf = export_pdf(&f, &PdfOptions::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{}", t.id);
    }
}

#[test]
fn every_seed_converted_to_every_template_keeps_its_numbers() {
    for (name, seed) in tools::seeds() {
        let want = evaluate_form(&seed).unwrap();
        for t in Template::builtin() {
            let f = converted(&seed, t);
            grid_is_covered_once(&f);
            let ev = evaluate_form(&f).unwrap();
            let what = format!("{name} as {}", t.id);
            assert_eq!(ev.funds.execution_rate, want.funds.execution_rate, "{what}");
            assert_eq!(ev.funds.score, want.funds.score, "{what}");
            assert_eq!(ev.total_score, want.total_score, "{what}");
            assert_eq!(ev.total_weight, want.total_weight, "{what}");
            // Amounts in the template's unit, exactly.
            let scale = t.money_unit.yuan();
            for col in FundColumn::ALL {
                let a = seed.funds.total.get(col).map(|d| (d / scale).normalize());
                let b = f.funds.total.get(col).map(|d| d.normalize());
                assert_eq!(a, b, "{what} {col:?}");
            }
            // XLSX in the template's layout reads back the same.
            let back = xlsx_round_trip(&f);
            assert_eq!(back, f, "{what}");
            // Another program's copy (no marker, no formulas) is recognised
            // by its labels.
            let bytes = foreign_workbook(std::slice::from_ref(&f), &Foreign::default());
            let imp = import_bytes(&bytes).unwrap();
            assert!(imp.problems.is_empty(), "{what}: {:?}", imp.problems);
            assert_eq!(imp.forms[0].template, t.id, "{what}");
            assert_eq!(imp.forms[0], as_printed(&f), "{what}");
        }
    }
}

#[test]
fn the_pdf_of_each_template_prints_its_labels_and_numbers() {
    let seed = tools::seeds().remove(1).1; // 3219: 执行率 7.32, 0.36578 万元
    for t in Template::builtin() {
        let f = converted(&seed, t);
        let bytes = export_pdf(&f, &PdfOptions::default()).unwrap();
        let p = tools::scratch(&format!("template-{}.pdf", t.id));
        std::fs::write(&p, &bytes).unwrap();
        let (layout, ev) = build_form(&f, &LayoutOptions::default()).unwrap();
        tools::assert_every_value_printed(&p, &layout);
        let text = tools::squash(&tools::pdftotext(&p, None, &[]));
        for want in [
            t.title.clone(),
            fmt2(ev.total_score),
            fmt2(ev.funds.execution_rate.unwrap()),
        ] {
            assert!(text.contains(&tools::squash(&want)), "{}: {want}", t.id);
        }
        for l in layout.cells() {
            if let Content::Label { text: label, .. } = &l.content {
                // Side labels run down narrow columns, a few characters a line.
                let side = l.col == 0 && l.row_span > 1;
                if layout.rows[l.row].kind != RowKind::Signature && !label.is_empty() && !side {
                    let first = label.lines().next().unwrap_or("");
                    assert!(
                        text.contains(&tools::squash(first)),
                        "{}: label {first}",
                        t.id
                    );
                }
            }
        }
    }
    // 0.36578 万元 is printed whole on the national form.
    let f = converted(&seed, Template::by_id("national").unwrap());
    let bytes = export_pdf(&f, &PdfOptions::default()).unwrap();
    let p = tools::scratch("template-national-wan.pdf");
    std::fs::write(&p, &bytes).unwrap();
    assert!(tools::pdftotext(&p, None, &[]).contains("0.36578"));
}

#[test]
fn central_units_a_b_spellings_are_read() {
    let seed = tools::seeds().remove(1).1;
    let t = Template::by_id("national").unwrap();
    let f = converted(&seed, t);
    let (layout, _) = build_form(&f, &LayoutOptions::default()).unwrap();
    let mut o = Foreign::default();
    for c in layout.cells() {
        if let Content::Label { text, .. } = &c.content {
            let spelt = match text.as_str() {
                "全年预算数" => "全年预算数(A)",
                "全年执行数" => "全年执行数(B)",
                "执行率" => "执行率(B/A)",
                "年度指标值" => "年度指标值(A)",
                "实际完成值" => "实际完成值(B)",
                _ => continue,
            };
            o.overrides
                .insert((c.row, c.col), Override::Text(spelt.into()));
        }
    }
    let imp = import_bytes(&foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms[0].template, "national");
    assert_eq!(imp.forms[0], as_printed(&f));
}

#[test]
fn sichuan_splits_the_operator_and_unit_and_needs_a_reason_under_90_percent() {
    let seed = tools::seeds().remove(1).1;
    let t = Template::by_id("sichuan").unwrap();
    let f = converted(&seed, t);
    let split: Vec<_> = f
        .indicators
        .iter()
        .filter(|i| !i.nature.is_empty())
        .map(|i| (i.nature.as_str(), i.target.as_str(), i.unit.as_str()))
        .collect();
    assert!(split.iter().any(|(n, _, _)| *n != "定性"), "{split:?}");
    // 执行率 7.32 % < 90 %: 原因 is required.
    let ev = evaluate_form(&f).unwrap();
    assert!(
        ev.issues
            .iter()
            .any(|i| i.field == Some(Field::FundsReason) && i.message.contains("90%")),
        "{:?}",
        ev.issues
    );
    let mut g = f.clone();
    g.funds.reason = "项目延期".into();
    let ev = evaluate_form(&g).unwrap();
    assert!(!ev
        .issues
        .iter()
        .any(|i| i.field == Some(Field::FundsReason)));
    // The code written after the name in brackets is read as the code.
    let mut h = g.clone();
    h.header.name = format!("{}（{}）", h.header.name, h.header.code);
    let code = std::mem::take(&mut h.header.code);
    let (layout, _) = build_form(&h, &LayoutOptions::default()).unwrap();
    let mut o = Foreign::default();
    for c in layout.cells() {
        if matches!(c.content, Content::Label { ref text, .. } if text == "项目编码") {
            o.overrides
                .insert((c.row, c.col), Override::Text("备注".into()));
        }
    }
    let imp = import_bytes(&foreign_workbook(&[h], &o)).unwrap();
    assert_eq!(imp.forms[0].header.code, code);
    assert_eq!(imp.forms[0].header.name, g.header.name);
}

#[test]
fn conversion_refuses_where_a_cell_would_be_lost() {
    let seed = tools::seeds().remove(1).1;
    let national = Template::by_id("national").unwrap();
    let e = convert(&seed, national).unwrap_err().to_string();
    assert!(
        e.contains("项目编码") && e.contains(&seed.header.code),
        "{e}"
    );
    let mut f = seed.clone();
    f.header.code.clear();
    f.funds.carried_over.executed = Some(Decimal::ONE_HUNDRED);
    let sichuan = Template::by_id("sichuan").unwrap();
    let e = convert(&f, sichuan).unwrap_err().to_string();
    assert!(e.contains("上年结转资金"), "{e}");
    // Back from Sichuan to Shenzhen: 财政专户管理资金 has no row there.
    let mut s = converted(&seed, sichuan);
    s.funds.special_account.executed = Some(Decimal::ONE);
    let e = convert(&s, Template::default_template())
        .unwrap_err()
        .to_string();
    assert!(e.contains("财政专户管理资金"), "{e}");
    // A national form goes to Shenzhen and back unchanged in numbers.
    let n = converted(&seed, national);
    let back = convert(
        &convert(&n, Template::default_template()).unwrap(),
        national,
    )
    .unwrap();
    assert_eq!(back.funds, n.funds);
    assert_eq!(
        evaluate_form(&back).unwrap().total_score,
        evaluate_form(&n).unwrap().total_score
    );
    let _ = FundRowKind::ALL;
}
