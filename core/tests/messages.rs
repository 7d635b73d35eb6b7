//! What the officer reads: every issue, cell mark and cell place names cells
//! in Chinese as they appear on the form, never by an internal address; one
//! issue per cause; a blank form shows what is still to fill rather than a
//! wall of errors; a 得分 above its 分值 marks the 总分.

mod common;
#[path = "support/field_paths.rs"]
mod field_paths;
use field_paths::internal_path;

use rust_decimal::Decimal;
use selfeval_core::edit::Edit;
use selfeval_core::field::IndicatorColumn as C;
use selfeval_core::store::forms::carried_forward;
use selfeval_core::view::{self, CellKind, FormView, RowRole};
use selfeval_core::{evaluate_form, Field, Form, Severity, Template};

fn blank() -> Form {
    Form::blank(Template::default_template())
}

/// Forms a person meets: the seven seeds, a blank form, each seed carried
/// to the next year, and a seed with typical mistakes.
fn forms() -> Vec<(String, Form)> {
    let mut out = vec![("blank".to_string(), blank())];
    for f in common::seeds() {
        let name = f.header.name.clone();
        out.push((format!("{name} next year"), carried_forward(&f, None)));
        let mut bad = f.clone();
        bad.indicators[0].score = Some(Decimal::from(99));
        bad.indicators[1].weight = None;
        bad.header.code = "12".into();
        bad.funds.total.executed = None;
        bad.goals.actual.clear();
        out.push((format!("{name} with mistakes"), bad));
        out.push((name, f));
    }
    out
}

fn strings_of(v: &FormView) -> Vec<String> {
    let mut all = Vec::new();
    for is in &v.issues {
        all.push(is.message.clone());
    }
    for c in v.rows.iter().flat_map(|r| &r.cells) {
        all.push(c.place.clone());
        all.push(c.text.clone());
        all.extend(c.messages.iter().cloned());
        all.extend(c.note.iter().cloned());
    }
    all
}

#[test]
fn the_scan_finds_an_internal_path() {
    assert!(internal_path("indicators[5].weight：超过").is_some());
    assert!(internal_path("[错误] header.code：必填").is_some());
    assert!(internal_path("funds.current_year.executed").is_some());
    assert!(internal_path("资金 · 当年财政拨款 · 全年执行数").is_none());
    assert!(internal_path("SelfEval 不会删减 ≥90% 1.5").is_none());
}

#[test]
fn no_message_or_place_names_an_internal_path() {
    let mut seen = 0;
    for (name, f) in forms() {
        let v = view::render(&f).unwrap();
        for s in strings_of(&v) {
            seen += 1;
            assert!(
                internal_path(&s).is_none(),
                "{name}: internal path in 「{s}」"
            );
        }
    }
    assert!(seen > 1000, "scanned {seen} strings");
}

#[test]
fn cells_are_placed_as_the_officer_sees_them() {
    let f = &common::seeds()[0];
    let v = view::render(f).unwrap();
    let place = |field: &str| -> String {
        v.rows
            .iter()
            .flat_map(|r| &r.cells)
            .find(|c| c.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("no {field}"))
            .place
            .clone()
    };
    assert_eq!(place("header.name"), "项目名称");
    assert_eq!(
        place("funds.current_year.executed"),
        "资金 · 当年财政拨款 · 全年执行数"
    );
    let first = &f.indicators[0];
    assert_eq!(
        place("indicators[0].name"),
        format!(
            "{} / {} 第1行 · 三级指标",
            first.level1.trim(),
            first.level2.trim()
        )
    );
    // The second row of a group is its 第2行, whatever its index overall.
    let (f, k) = common::seeds()
        .into_iter()
        .find_map(|f| {
            let k = (1..f.indicators.len()).find(|&k| {
                let (a, b) = (&f.indicators[k], &f.indicators[k - 1]);
                a.level1 == b.level1 && a.level2 == b.level2
            })?;
            Some((f, k))
        })
        .expect("a seed with two rows in one group");
    let n = f.indicators[..=k]
        .iter()
        .filter(|r| r.level2 == f.indicators[k].level2 && r.level1 == f.indicators[k].level1)
        .count();
    assert!(n >= 2);
    let v = view::render(&f).unwrap();
    let c = v
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .find(|c| c.field.as_deref() == Some(&format!("indicators[{k}].actual")))
        .unwrap();
    assert!(
        c.place.ends_with(&format!(" 第{n}行 · 实际完成值")),
        "{}",
        c.place
    );
}

#[test]
fn only_text_cells_count_characters() {
    let v = view::render(&common::seeds()[0]).unwrap();
    for c in v.rows.iter().flat_map(|r| &r.cells) {
        if c.kind != CellKind::Input {
            continue;
        }
        let text = matches!(
            c.value_kind,
            Some(
                selfeval_core::layout::ValueKind::Text | selfeval_core::layout::ValueKind::LongText
            )
        );
        assert_eq!(c.limit > 0, text, "{}: limit {}", c.place, c.limit);
    }
}

#[test]
fn a_blank_form_has_only_cells_to_fill() {
    let v = view::render(&blank()).unwrap();
    assert!(v.to_fill >= 10, "to fill {}", v.to_fill);
    let other: Vec<_> = v
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error && !i.blank)
        .map(|i| i.message.clone())
        .collect();
    assert!(other.is_empty(), "errors besides empty cells: {other:?}");
    assert_eq!(v.errors, v.to_fill);
    // They are errors all the same where it matters (定稿, export).
    assert!(evaluate_form(&blank()).unwrap().has_errors());
    let quiet = v
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.blank)
        .count();
    assert!(quiet > 0);
}

#[test]
fn a_row_carried_to_next_year_has_one_issue_per_cause() {
    for f in common::seeds() {
        let next = carried_forward(&f, None);
        let ev = evaluate_form(&next).unwrap();
        for i in 0..next.indicators.len() {
            let errors: Vec<_> = ev
                .issues
                .iter()
                .filter(|is| {
                    is.severity == Severity::Error
                        && matches!(is.field, Some(Field::Indicator(k, _)) if k == i)
                })
                .collect();
            assert!(
                errors.len() <= 1,
                "{} row {i}: {:?}",
                f.header.name,
                errors.iter().map(|e| &e.message).collect::<Vec<_>>()
            );
            for e in &errors {
                assert!(
                    !e.message.contains("请手工填写得分"),
                    "asks for a 得分 when the 实际完成值 is missing: {}",
                    e.message
                );
            }
        }
    }
}

#[test]
fn a_score_above_its_weight_marks_the_total() {
    let f = common::seeds()[0].clone();
    let w = f.indicators[0].weight.unwrap();
    let over = view::edit_and_render(
        &f,
        &Edit::Set {
            field: Field::Indicator(0, C::Score),
            text: (w + Decimal::from(3)).to_string(),
        },
    )
    .unwrap();
    let total = |v: &FormView| {
        v.rows
            .iter()
            .find(|r| r.role == RowRole::Total)
            .unwrap()
            .cells
            .iter()
            .find(|c| c.badge.is_some())
            .unwrap()
            .clone()
    };
    let t = total(&over.view);
    assert_eq!(t.severity, Some(Severity::Error));
    assert!(
        t.messages.iter().any(|m| m.contains("超过分值")),
        "{:?}",
        t.messages
    );
    let ok = total(&view::render(&f).unwrap());
    assert_eq!(ok.severity, None);
}
