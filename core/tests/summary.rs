//! The 汇总表 and the year overview: the seven seed forms are all 优 and
//! their totals are the sums of the printed amounts; the XLSX holds live
//! formulas with those values and prints A4 landscape with the header
//! repeated; the PDF (alone, and first in one print job with every form)
//! starts each form on a new page with its own page numbers; the overview of
//! a store reads the list columns, and an older database gets them filled.

mod common;
#[path = "support/pdf_tools.rs"]
mod tools;

use std::io::Read;

use rust_decimal::Decimal;
use selfeval_core::money::fmt2;
use selfeval_core::pdf::{export_many, export_pdf, PdfOptions};
use selfeval_core::store::{Query, Store};
use selfeval_core::summary::{self, Filter, State, Summary, SummaryRow};
use selfeval_core::{evaluate_form, Form};

fn seed_summary() -> (Vec<Form>, Summary) {
    let forms = common::seeds();
    let rows = forms
        .iter()
        .map(|f| SummaryRow::of_form(f).unwrap())
        .collect();
    (forms, Summary::new(rows))
}

/// The amounts as printed on a seed form (the typed 合计 row).
fn printed(f: &Form) -> (Decimal, Decimal) {
    (
        f.funds.total.annual_budget.expect("printed 全年预算数"),
        f.funds.total.executed.expect("printed 全年执行数"),
    )
}

#[test]
fn the_seven_seed_forms_are_all_excellent() {
    let forms = common::seeds();
    assert_eq!(forms.len(), 7);
    for f in &forms {
        let ev = evaluate_form(f).unwrap();
        assert_eq!(ev.grade, "优", "{} 总分 {}", f.header.name, ev.total_score);
    }
    let (_, s) = seed_summary();
    assert_eq!(
        s.totals.grades,
        [("优", 7), ("良", 0), ("中", 0), ("差", 0)]
            .map(|(g, n)| (g.to_string(), n))
            .to_vec()
    );
}

#[test]
fn seed_totals_are_the_sums_of_the_printed_amounts() {
    let (forms, s) = seed_summary();
    let budget: Decimal = forms.iter().map(|f| printed(f).0).sum();
    let executed: Decimal = forms.iter().map(|f| printed(f).1).sum();
    assert_eq!(s.totals.annual_budget, budget);
    assert_eq!(s.totals.executed, executed);
    assert_eq!(
        s.totals.execution_rate,
        Some((executed * Decimal::ONE_HUNDRED / budget).round_dp(2))
    );
    let scores: Vec<Decimal> = forms
        .iter()
        .map(|f| evaluate_form(f).unwrap().total_score)
        .collect();
    let mean = scores.iter().sum::<Decimal>() / Decimal::from(scores.len());
    assert_eq!(s.totals.average_score, Some(mean.round_dp(2)));
    for (row, f) in s.rows.iter().zip(&forms) {
        assert_eq!((row.annual_budget, row.executed), {
            let (b, e) = printed(f);
            (Some(b), Some(e))
        });
        assert_eq!(row.code, f.header.code);
    }
}

#[test]
fn json_has_the_documented_shape_in_order() {
    let (forms, s) = seed_summary();
    let text = s.to_json_string();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 2);
    let first = &v["forms"][0];
    let keys = [
        "code",
        "name",
        "unit",
        "year",
        "annual_budget",
        "executed",
        "execution_rate",
        "total_score",
        "grade",
        "errors",
        "warnings",
    ];
    assert_eq!(first.as_object().unwrap().len(), keys.len());
    let mut at = 0;
    for k in keys {
        let found = text[at..]
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k}"));
        at += found;
    }
    assert_eq!(first["code"], forms[0].header.code.as_str());
    assert_eq!(first["grade"], "优");
    assert_eq!(first["annual_budget"], fmt2(printed(&forms[0]).0).as_str());
    assert!(first["errors"].is_i64() && first["warnings"].is_i64());
    let t = &v["totals"];
    assert_eq!(t["forms"], 7);
    for k in [
        "annual_budget",
        "executed",
        "execution_rate",
        "average_score",
    ] {
        let s = t[k].as_str().unwrap();
        assert_eq!(s.split('.').nth(1).map(str::len), Some(2), "{k}: {s}");
    }
    assert!(
        text.ends_with(r#""grades":{"优":7,"良":0,"中":0,"差":0}}}"#),
        "{text}"
    );
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn summary_workbook_has_live_totals_and_prints_landscape() {
    use calamine::{Data, Reader};
    let (forms, s) = seed_summary();
    let bytes = summary::xlsx::summary_workbook(&s).unwrap();
    let mut xl: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
    let values = xl.worksheet_range("汇总表").unwrap();
    let formulas = xl.worksheet_formula("汇总表").unwrap();
    let at = |r: u32, c: u32| values.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let num = |r, c| match at(r, c) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({r},{c}) {other:?}"),
    };
    assert_eq!(at(0, 0), Data::String(summary::TITLE.into()));
    for (c, h) in summary::xlsx::HEADERS.iter().enumerate() {
        assert_eq!(at(2, c as u32), Data::String((*h).into()));
    }
    for (i, f) in forms.iter().enumerate() {
        let r = 3 + i as u32;
        assert_eq!(num(r, 0), (i + 1) as f64);
        assert_eq!(at(r, 2), Data::String(f.header.name.clone()));
        assert_eq!(at(r, 8), Data::String("优".into()));
        let (b, e) = printed(f);
        assert_eq!(num(r, 4).to_string(), b.normalize().to_string());
        assert_eq!(num(r, 5).to_string(), e.normalize().to_string());
    }
    let total = 3 + forms.len() as u32;
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula(total, 4), "SUM(E4:E10)");
    assert_eq!(formula(total, 5), "SUM(F4:F10)");
    assert!(formula(total, 7).contains("AVERAGE(H4:H10)"));
    assert!(formula(3, 6).contains("F4/E4"));
    assert_eq!(
        format!("{:.2}", num(total, 4)),
        fmt2(s.totals.annual_budget)
    );
    assert_eq!(format!("{:.2}", num(total, 5)), fmt2(s.totals.executed));
    assert_eq!(
        format!("{:.2}", num(total, 6)),
        fmt2(s.totals.execution_rate.unwrap())
    );
    assert_eq!(
        at(total + 1, 0),
        Data::String("评价等级：优 7 张，良 0 张，中 0 张，差 0 张".into())
    );
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"paperSize="9""#));
    assert!(sheet.contains(r#"fitToHeight="0""#));
    let wb = zip_part(&bytes, "xl/workbook.xml");
    assert!(
        wb.contains("_xlnm.Print_Titles") && wb.contains("$1:$3"),
        "{wb}"
    );
}

#[test]
fn one_print_job_starts_every_form_on_its_own_page() {
    let (forms, s) = seed_summary();
    let opts = PdfOptions::default();
    let each: Vec<usize> = forms
        .iter()
        .map(|f| {
            let p = tools::scratch("one.pdf");
            std::fs::write(&p, export_pdf(f, &opts).unwrap()).unwrap();
            tools::page_count(&p)
        })
        .collect();
    let pdf = tools::scratch("all.pdf");
    std::fs::write(&pdf, export_many(&forms, Some(&s), &opts).unwrap()).unwrap();
    let summary_pdf = tools::scratch("summary.pdf");
    std::fs::write(&summary_pdf, summary::pdf::export(&s, &opts).unwrap()).unwrap();
    let summary_pages = tools::page_count(&summary_pdf);
    assert_eq!(summary_pages, 1, "seven forms fit one page");
    assert_eq!(
        tools::page_count(&pdf),
        summary_pages + each.iter().sum::<usize>()
    );
    // The 汇总表 first, with every name, amount total and grade.
    let first = tools::squash(&tools::pdftotext(&pdf, Some((1, 1)), &[]));
    assert!(first.contains(&tools::squash(summary::TITLE)), "{first}");
    for f in &forms {
        assert!(
            first.contains(&tools::squash(&f.header.name)),
            "{}",
            f.header.name
        );
    }
    assert!(first.contains(&s.money(s.totals.annual_budget)));
    assert!(first.contains("第1页共1页"), "{first}");
    assert!(
        first.contains("评价等级：优7张，良0张，中0张，差0张"),
        "{first}"
    );
    // Each form from a new page, numbered on its own.
    let mut page = summary_pages + 1;
    for (f, n) in forms.iter().zip(&each) {
        let text = tools::squash(&tools::pdftotext(&pdf, Some((page, page)), &[]));
        assert!(
            text.contains(&tools::squash(&f.header.name)),
            "page {page}: {}",
            f.header.name
        );
        assert!(
            text.contains(&format!("第1页共{n}页")),
            "page {page}: {text}"
        );
        let last = tools::squash(&tools::pdftotext(
            &pdf,
            Some((page + n - 1, page + n - 1)),
            &[],
        ));
        assert!(
            last.contains(&format!("第{n}页共{n}页")),
            "page {}",
            page + n - 1
        );
        page += n;
    }
    // The same job gives the same bytes.
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        export_many(&forms, Some(&s), &opts).unwrap()
    );
}

fn store_with_seeds(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    store.create_many(&common::seeds(), false, "导入").unwrap();
    store
}

#[test]
fn overview_of_the_store_matches_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_seeds(&dir);
    let (_, from_files) = seed_summary();
    let o = summary::overview(&store, Some("2023"), None, &Filter::default(), true).unwrap();
    assert_eq!(o.rows.len(), 7);
    assert_eq!(
        o.summary.as_ref().unwrap().totals.annual_budget,
        from_files.totals.annual_budget
    );
    assert_eq!(
        o.summary.as_ref().unwrap().totals.executed,
        from_files.totals.executed
    );
    assert_eq!(
        o.summary.as_ref().unwrap().totals.average_score,
        from_files.totals.average_score
    );
    assert_eq!(
        o.summary.as_ref().unwrap().totals.grades,
        from_files.totals.grades
    );
    assert_eq!(
        o.summary.as_ref().unwrap().totals.with_warnings,
        from_files.totals.with_warnings
    );
    assert_eq!(o.units.len(), 1);
    assert!(o.rows.iter().all(|r| r.grade.as_deref() == Some("优")));

    // A figure filters the list, never the overview.
    let good = Filter {
        grade: Some("良".into()),
        ..Filter::default()
    };
    let o = summary::overview(&store, Some("2023"), None, &good, true).unwrap();
    assert!(o.rows.is_empty());
    assert_eq!(o.summary.as_ref().unwrap().totals.forms, 7);

    // Break one form: its grade, errors and amounts follow on save.
    let id = store.list(&Query::default()).unwrap()[0].id;
    let mut f = store.load(id).unwrap().form;
    for ind in &mut f.indicators {
        ind.score = Some(Decimal::ZERO);
    }
    f.funds.total.executed = Some(Decimal::ZERO);
    store.save(id, &f).unwrap();
    let o = summary::overview(&store, Some("2023"), None, &Filter::default(), true).unwrap();
    let row = o.rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.grade.as_deref(), Some("差"));
    assert_eq!(row.execution_rate.as_deref(), Some("0.00"));
    assert_eq!(
        o.summary.as_ref().unwrap().totals.grades[3],
        ("差".to_string(), 1)
    );
    let errors = Filter {
        state: Some(State::Errors),
        ..Filter::default()
    };
    let with_errors: Vec<_> = summary::overview(&store, Some("2023"), None, &errors, true)
        .unwrap()
        .rows;
    assert_eq!(
        with_errors.len(),
        o.summary.as_ref().unwrap().totals.with_errors,
        "the figure and the list agree"
    );
    // Text search: any case, name, code or unit.
    let t = Filter {
        text: Some("党政".into()),
        ..Filter::default()
    };
    let hits = summary::overview(&store, None, None, &t, true)
        .unwrap()
        .rows;
    assert_eq!(hits.len(), 1);
    // A search alone (no figures) reads only what it finds: the same rows.
    let quick = summary::overview(&store, None, None, &t, false).unwrap();
    assert!(quick.summary.is_none());
    assert_eq!(quick.rows, hits);
    for text in ["440303", "罗湖区", "ZZZ", "%", "_"] {
        let f = Filter {
            text: Some(text.into()),
            ..Filter::default()
        };
        assert_eq!(
            summary::overview(&store, None, None, &f, false)
                .unwrap()
                .rows,
            summary::overview(&store, None, None, &f, true)
                .unwrap()
                .rows,
            "{text}"
        );
    }
    assert_eq!(store.years().unwrap(), ["2023"]);
    // Another year is not in this year's overview.
    let next = store.duplicate(id, Some("2024")).unwrap();
    assert_eq!(store.years().unwrap(), ["2024", "2023"]);
    let o = summary::overview(&store, Some("2024"), None, &Filter::default(), true).unwrap();
    assert_eq!(o.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [next]);
}

#[test]
fn unit_filter_picks_one_implementing_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_seeds(&dir);
    let mut other = common::seed("3219");
    other.header.implementing_unit = "另一个单位".into();
    store.create(&other).unwrap();
    let all = summary::overview(&store, Some("2023"), None, &Filter::default(), true).unwrap();
    assert_eq!(all.units.len(), 2);
    assert_eq!(all.summary.as_ref().unwrap().totals.forms, 8);
    let one = summary::overview(
        &store,
        Some("2023"),
        Some("另一个单位"),
        &Filter::default(),
        true,
    )
    .unwrap();
    assert_eq!(one.summary.as_ref().unwrap().totals.forms, 1);
    assert_eq!(one.rows.len(), 1);
    assert_eq!(one.units, all.units, "the picker still offers every unit");
}
