//! Export → import gives back the same form: every seed fixture, several
//! forms in one workbook, and generated forms (property test).

use proptest::prelude::*;
use rust_decimal::Decimal;
use selfeval_core::model::{Indicator, Tier};
use selfeval_core::xlsx::{form_workbook, forms_workbook, import_bytes, ExportOptions};
use selfeval_core::{format, Form, Template};

mod xlsx_util;

/// The seed forms with their file names.
fn seeds() -> Vec<(String, Form)> {
    let files = xlsx_util::seed_files();
    assert_eq!(files.len(), 7, "seven seed forms");
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            (p.display().to_string(), format::from_json(&text).unwrap())
        })
        .collect()
}

fn round_trip(form: &Form) -> Form {
    let bytes = form_workbook(form, &ExportOptions::default()).unwrap();
    let imp = import_bytes(&bytes).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms.len(), 1);
    imp.forms.into_iter().next().unwrap()
}

#[test]
fn every_seed_form_round_trips() {
    for (path, form) in seeds() {
        assert_eq!(round_trip(&form), form, "{path}");
    }
}

#[test]
fn seeds_in_one_workbook_round_trip_in_order() {
    let forms: Vec<Form> = seeds().into_iter().map(|(_, f)| f).collect();
    let mut all = forms.clone();
    all.extend(forms.iter().cloned()); // duplicate names get unique sheet names
    let bytes = forms_workbook(&all, &ExportOptions::default()).unwrap();
    let imp = import_bytes(&bytes).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms, all);
    let mut names = imp.sheets.clone();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        all.len(),
        "unique sheet names: {:?}",
        imp.sheets
    );
}

#[test]
fn empty_inputs_stay_empty_and_blank_form_round_trips() {
    let t = Template::default_template();
    let blank = Form::blank(t);
    assert_eq!(round_trip(&blank), blank);
    // Empty totals (computed from the parts), empty scores (suggested) and an
    // empty 分值 (template default) come back empty, not as their values.
    let (_, mut f) = seeds().into_iter().next().unwrap();
    f.funds.total = Default::default();
    f.funds.weight = None;
    for ind in &mut f.indicators {
        ind.score = None;
    }
    f.indicators[0].tier = Some(Tier::Partial);
    assert_eq!(round_trip(&f), f);
}

fn text(max: usize) -> impl Strategy<Value = String> {
    // Printable text as officers type it, CJK included, with line breaks;
    // leading/trailing spaces too.
    proptest::string::string_regex(&format!(
        "[ a-zA-Z0-9%≥≤.,;；：（）()\\-\\n\u{4e00}-\u{4e60}]{{0,{max}}}"
    ))
    .unwrap()
}

fn one_line(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-zA-Z0-9%≥≤.\u{4e00}-\u{4e60}]{{0,{max}}}")).unwrap()
}

fn amount() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        Just(None),
        Just(Some(Decimal::ZERO)),
        (0i64..99_999_999_999_999).prop_map(|c| Some(Decimal::new(c, 2))),
        (0i64..100_000).prop_map(|c| Some(Decimal::new(c, 2))),
    ]
}

fn score() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        Just(None),
        (0i64..10_000).prop_map(|c| Some(Decimal::new(c, 2))),
    ]
}

fn indicator() -> impl Strategy<Value = Indicator> {
    let t = Template::default_template();
    let l1: Vec<String> = t.level1.iter().map(|l| l.name.clone()).collect();
    let l2: Vec<String> = t.level1.iter().flat_map(|l| l.level2.clone()).collect();
    (
        (
            prop_oneof![proptest::sample::select(l1), one_line(8)],
            prop_oneof![proptest::sample::select(l2), one_line(8)],
            text(30),
            text(20),
            text(20),
        ),
        (
            score(),
            score(),
            text(60),
            proptest::option::of(proptest::sample::select(Tier::ALL.to_vec())),
        ),
    )
        .prop_map(
            |((level1, level2, name, target, actual), (weight, score, deviation, tier))| {
                Indicator {
                    level1,
                    level2,
                    name,
                    target,
                    actual,
                    weight,
                    score,
                    deviation,
                    tier,
                    ..Indicator::default()
                }
            },
        )
}

fn form() -> impl Strategy<Value = Form> {
    (
        (one_line(21), text(40), one_line(4), text(30), text(30)),
        (
            proptest::collection::vec(amount(), 12),
            score(),
            text(300),
            text(300),
        ),
        proptest::collection::vec(indicator(), 0..14),
    )
        .prop_map(
            |((code, name, year, iu, bu), (amounts, weight, exp, act), inds)| {
                let mut f = Form::blank(Template::default_template());
                f.header.code = code;
                f.header.name = name;
                f.header.year = year;
                f.header.implementing_unit = iu;
                f.header.budget_unit = bu;
                use selfeval_core::model::{FundColumn, FundRowKind};
                let mut it = amounts.into_iter();
                for k in FundRowKind::ALL {
                    for c in FundColumn::ALL {
                        f.funds.row_mut(k).set(c, it.next().flatten());
                    }
                }
                f.funds.weight = weight;
                f.goals.expected = exp;
                f.goals.actual = act;
                f.indicators = inds;
                f
            },
        )
}

/// Level texts are printed merged over consecutive equal rows and read back
/// trimmed (docs/xlsx.md), so generated ones are trimmed like typed ones.
fn normalise_levels(mut f: Form) -> Form {
    for ind in &mut f.indicators {
        ind.level1 = ind.level1.trim().to_string();
        ind.level2 = ind.level2.trim().to_string();
    }
    f
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn generated_forms_round_trip(f in form().prop_map(normalise_levels)) {
        let bytes = form_workbook(&f, &ExportOptions::default()).unwrap();
        let imp = import_bytes(&bytes).unwrap();
        prop_assert!(imp.problems.is_empty(), "{:?}", imp.problems);
        prop_assert_eq!(imp.forms.len(), 1);
        prop_assert_eq!(&imp.forms[0], &f);
    }
}

#[test]
fn a_signature_block_prints_and_is_not_read_as_indicators() {
    let (_, f) = seeds().into_iter().nth(2).unwrap();
    let opts = ExportOptions {
        signature: Some(selfeval_core::layout::default_signature()),
        ..ExportOptions::default()
    };
    let bytes = form_workbook(&f, &opts).unwrap();
    let imp = import_bytes(&bytes).unwrap();
    assert!(imp.problems.is_empty(), "{:?}", imp.problems);
    assert_eq!(imp.forms, vec![f]);
}

#[test]
fn unprotected_export_round_trips_too() {
    let (_, f) = seeds().into_iter().nth(3).unwrap();
    let opts = ExportOptions {
        protect: false,
        ..ExportOptions::default()
    };
    let imp = import_bytes(&form_workbook(&f, &opts).unwrap()).unwrap();
    assert_eq!(imp.forms, vec![f]);
}
