//! Properties of the rules over generated forms.

use proptest::prelude::*;
use rust_decimal::Decimal;
use selfeval_core::model::{Indicator, Tier};
use selfeval_core::rules::indicator::judge;
use selfeval_core::{evaluate, Field, Form, Severity, Template};

fn amount() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn unit() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "%", "人次", "万", "万元", "元", "个", "次"])
}

fn op() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "≥", "≤", "不少于", "不超过", "全年突破"])
}

fn target_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (op(), 0u32..100_000, unit()).prop_map(|(o, n, u)| format!("{o}{n}{u}")),
        (0u32..1000, 0u32..1000).prop_map(|(a, b)| format!("≥{a}张；≥{b}份")),
        prop::sample::select(vec![
            "有所提升",
            "有效",
            "基本满意",
            "按时完成",
            "无",
            "不适用"
        ])
        .prop_map(String::from),
        "\\PC{0,12}",
    ]
}

fn actual_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..200_000, unit()).prop_map(|(n, u)| format!("{n}{u}")),
        (0u32..100_000, 0u32..100).prop_map(|(n, f)| format!("{n}.{f:02}%")),
        (0u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a}张；{b}份")),
        "\\PC{0,12}",
    ]
}

fn indicator() -> impl Strategy<Value = Indicator> {
    let t = Template::default_template();
    let groups: Vec<(String, String)> = t
        .level1
        .iter()
        .flat_map(|l| l.level2.iter().map(move |g| (l.name.clone(), g.clone())))
        .collect();
    (
        prop::sample::select(groups),
        "\\PC{0,20}",
        target_text(),
        actual_text(),
        prop::option::of((0i64..5000).prop_map(|c| Decimal::new(c, 2))),
        prop::option::of((0i64..6000).prop_map(|c| Decimal::new(c, 2))),
        prop::option::of(prop::sample::select(Tier::ALL.to_vec())),
        "\\PC{0,40}",
    )
        .prop_map(
            |((l1, l2), name, target, actual, weight, score, tier, deviation)| Indicator {
                level1: l1,
                level2: l2,
                name,
                target,
                actual,
                weight,
                score,
                deviation,
                tier,
                ..Indicator::default()
            },
        )
}

fn form() -> impl Strategy<Value = Form> {
    (
        "\\PC{0,60}",
        prop::collection::vec(indicator(), 0..25),
        amount(),
        amount(),
        "\\PC{0,2100}",
    )
        .prop_map(|(name, indicators, budget, executed, goal)| {
            let mut f = Form::blank(Template::default_template());
            f.header.name = name;
            f.funds.current_year.annual_budget = Some(budget);
            f.funds.current_year.executed = Some(executed);
            f.goals.expected = goal;
            f.indicators = indicators;
            f
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_score_never_exceeds_its_weight(f in form()) {
        let t = Template::default_template();
        let ev = evaluate(&f, t);
        if let Some(s) = ev.funds.score {
            prop_assert!(s <= ev.funds.weight && s >= Decimal::ZERO);
        }
        for (ind, e) in f.indicators.iter().zip(&ev.indicators) {
            if let (Some(s), Some(w)) = (e.judgement.suggested, ind.weight) {
                prop_assert!(s <= w, "suggested {} > weight {} for {:?}", s, w, ind);
                prop_assert!(s >= Decimal::ZERO);
            }
            // A typed score above the weight is always an error.
            if let (Some(s), Some(w)) = (ind.score, ind.weight) {
                if s > w {
                    prop_assert!(ev.issues.iter().any(|i| i.severity == Severity::Error));
                }
            }
        }
    }

    #[test]
    fn raising_the_actual_never_lowers_a_positive_suggestion(
        target in 1u32..100_000, a in 0u32..200_000, b in 0u32..200_000,
        w in 1i64..5000, u in unit(), op in prop::sample::select(vec!["≥", "不少于", "全年突破", ""])
    ) {
        let t = Template::default_template();
        let (lo, hi) = (a.min(b), a.max(b));
        let mk = |actual: u32| Indicator {
            level1: "产出指标".into(), level2: "数量指标".into(), name: "x".into(),
            target: format!("{op}{target}{u}"), actual: format!("{actual}{u}"),
            weight: Some(Decimal::new(w, 2)), ..Indicator::default()
        };
        let s_lo = judge(t, &mk(lo)).suggested;
        let s_hi = judge(t, &mk(hi)).suggested;
        prop_assert!(s_lo.is_some() && s_hi.is_some());
        prop_assert!(s_hi >= s_lo, "{:?} < {:?}", s_hi, s_lo);
    }

    #[test]
    fn over_limit_text_is_always_reported(extra in 1usize..50, which in 0usize..4, ch in "\\PC") {
        let t = Template::default_template();
        let mut f = Form::blank(t);
        let (field, limit) = match which {
            0 => (Field::HeaderName, 40),
            1 => (Field::GoalsExpected, 2000),
            2 => (Field::GoalsActual, 2000),
            _ => (Field::Indicator(0, selfeval_core::field::IndicatorColumn::Deviation), 2000),
        };
        let text = ch.repeat(limit + extra);
        match field {
            Field::HeaderName => f.header.name = text,
            Field::GoalsExpected => f.goals.expected = text,
            Field::GoalsActual => f.goals.actual = text,
            _ => f.indicators[0].deviation = text,
        }
        let ev = evaluate(&f, t);
        let needle = format!("{} 字", limit + extra);
        let reported = ev.issues.iter().any(|i| i.field == Some(field) && i.severity == Severity::Error
            && i.message.contains(&needle));
        prop_assert!(reported, "no over-limit error for {}", field);
    }

    #[test]
    fn json_round_trip(f in form()) {
        let back = selfeval_core::format::from_json(&selfeval_core::format::to_json(&f)).unwrap();
        prop_assert_eq!(back, f);
    }
}
