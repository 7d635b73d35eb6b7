//! The editor receives only the rows that changed: a patch applied to the view
//! the editor has must give exactly the view of the new form.

mod common;

use proptest::prelude::*;
use selfeval_core::edit::Edit;
use selfeval_core::view::{self, FormView, RowRole};
use selfeval_core::view_patch::Views;
use selfeval_core::Form;

fn set(field: &str, text: &str) -> Edit {
    Edit::Set {
        field: field.parse().unwrap(),
        text: text.into(),
    }
}

/// Open `form` in a fresh session: its token and view.
fn open(views: &mut Views, form: &Form) -> (u32, FormView) {
    let p = views.render(form, None).unwrap();
    assert_eq!(p.base, None);
    let v = p.apply(&FormView {
        title: String::new(),
        column_widths_mm: vec![],
        rows: vec![],
        issues: vec![],
        errors: 0,
        warnings: 0,
        to_fill: 0,
        total_score: String::new(),
        grade: String::new(),
        groups: vec![],
    });
    assert_eq!(v, view::render(form).unwrap());
    (p.token, v)
}

#[test]
fn a_keystroke_sends_the_changed_rows_only() {
    // 得分 left empty, so 实际完成值 moves the suggested 得分 and 总分.
    let form = selfeval_core::edit::apply(&common::seed("3219"), &set("indicators[0].score", ""))
        .unwrap()
        .form;
    let mut views = Views::default();
    let (token, before) = open(&mut views, &form);
    let out = views
        .edit(&form, &set("indicators[0].actual", "1"), Some(token))
        .unwrap();
    let p = &out.view;
    assert_eq!(p.base, Some(token));
    assert_ne!(p.token, token);
    let roles: Vec<RowRole> = p
        .rows
        .iter()
        .map(|r| before.rows[r.index as usize].role)
        .collect();
    // The edited indicator row (its 得分) and the 总分 row; nothing else.
    assert!(roles.contains(&RowRole::Indicator), "{roles:?}");
    assert!(roles.contains(&RowRole::Total), "{roles:?}");
    assert!(
        p.rows.len() <= 3,
        "{} rows of {}",
        p.rows.len(),
        before.rows.len()
    );
    assert_eq!(p.apply(&before), view::render(&out.form).unwrap());
    // The same text again changes nothing: no rows, and the issues are kept.
    let again = views
        .edit(&out.form, &set("indicators[0].actual", "1"), Some(p.token))
        .unwrap();
    assert!(again.view.rows.is_empty());
    assert_eq!(again.view.issues, None);
    assert_eq!(again.view.apply(&p.apply(&before)), p.apply(&before));
}

#[test]
fn a_view_no_longer_remembered_gets_the_whole_view() {
    let form = common::seed("3219");
    let mut views = Views::default();
    let (first, _) = open(&mut views, &form);
    for _ in 0..Views::KEEP {
        views.render(&form, None).unwrap();
    }
    let p = views.render(&form, Some(first)).unwrap();
    assert_eq!(p.base, None);
    assert_eq!(p.rows.len(), p.row_count as usize);
    assert!(p.issues.is_some());
    // An unknown token too.
    let p = views.render(&form, Some(999_999)).unwrap();
    assert_eq!(p.base, None);
}

#[test]
fn rows_added_and_removed_are_patched_too() {
    let form = common::seed("3219");
    let mut views = Views::default();
    let (t0, v0) = open(&mut views, &form);
    let add = views
        .edit(
            &form,
            &Edit::InsertRows {
                at: 1,
                count: 3,
                like: Some(0),
            },
            Some(t0),
        )
        .unwrap();
    let v1 = add.view.apply(&v0);
    assert_eq!(v1.rows.len(), v0.rows.len() + 3);
    assert_eq!(v1, view::render(&add.form).unwrap());
    let del = views
        .edit(
            &add.form,
            &Edit::DeleteRows { from: 0, count: 5 },
            Some(add.view.token),
        )
        .unwrap();
    let v2 = del.view.apply(&v1);
    assert_eq!(v2, view::render(&del.form).unwrap());
    // Answering an older view than the last one (a keystroke whose answer
    // was superseded) works as well.
    let back = views.render(&form, Some(t0)).unwrap();
    assert_eq!(back.apply(&v0), v0);
    assert!(back.rows.is_empty());
}

fn any_edit(n: usize) -> impl Strategy<Value = Edit> {
    let field = prop_oneof![
        (0..n.max(1)).prop_map(|i| format!("indicators[{i}].actual")),
        (0..n.max(1)).prop_map(|i| format!("indicators[{i}].target")),
        (0..n.max(1)).prop_map(|i| format!("indicators[{i}].name")),
        Just("funds.total.executed".to_string()),
        Just("funds.total.annual_budget".to_string()),
        Just("goals.actual".to_string()),
        Just("header.name".to_string()),
    ];
    let text = prop_oneof![
        "[0-9]{0,6}",
        "[0-9]{1,3}%",
        "≥[0-9]{1,3}(%|次|万元)",
        "\\PC{0,30}",
        Just("字".repeat(2001)),
    ];
    prop_oneof![
        4 => (field, text).prop_map(|(f, t)| Edit::Set { field: f.parse().unwrap(), text: t }),
        1 => (0..n + 1, 1..3usize).prop_map(|(at, count)| Edit::InsertRows { at, count, like: None }),
        1 => (0..n.max(1), 1..3usize).prop_map(|(from, count)| Edit::DeleteRows { from, count }),
        1 => (0..n.max(1), any::<bool>()).prop_map(|(index, up)| Edit::MoveRow { index, up }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any series of edits, each answered against the view before it (and
    /// sometimes against an older one): the patched view is the rendered view.
    #[test]
    fn patched_views_equal_rendered_views(
        seed in 0usize..7,
        edits in proptest::collection::vec(any_edit(8), 1..12),
        skip in proptest::collection::vec(any::<bool>(), 12),
    ) {
        let mut form = common::seeds().swap_remove(seed);
        let mut views = Views::default();
        let (mut token, mut have) = open(&mut views, &form);
        let mut older: Option<(u32, FormView)> = None;
        for (k, e) in edits.iter().enumerate() {
            // Sometimes answer against the view before the last one.
            let (t, base) = match (&older, skip[k]) {
                (Some((t, v)), true) => (*t, v.clone()),
                _ => (token, have.clone()),
            };
            let Ok(out) = views.edit(&form, e, Some(t)) else { continue };
            prop_assert_eq!(out.view.base, Some(t));
            let next = out.view.apply(&base);
            prop_assert_eq!(&next, &view::render(&out.form).unwrap());
            older = Some((token, have));
            token = out.view.token;
            have = next;
            form = out.form;
        }
    }
}
