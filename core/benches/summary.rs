//! The year at a glance and the 汇总表 at scale (docs/benchmarks.md,
//! "## Year overview and 汇总表"): the overview of 10,000 stored forms
//! (target ≤ 100 ms), the 汇总表 XLSX and PDF of 1,000 forms (≤ 1 s), and
//! one PDF of 100 forms (≤ 3 s). Run:
//! `cargo bench -p selfeval-core --bench summary`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use selfeval_core::pdf::{export_many, export_pdf, PdfOptions};
use selfeval_core::store::Store;
use selfeval_core::summary::{self, Filter, Summary, SummaryRow};
use selfeval_core::Form;

/// `n` forms: the seven seeds, renamed and numbered, over ten years.
fn forms(n: usize) -> Vec<Form> {
    let seeds = common::seeds();
    (0..n)
        .map(|i| {
            let mut f = seeds[i % seeds.len()].clone();
            f.header.name = format!("{}{}", f.header.name, i);
            f.header.code = format!("4403{i:017}");
            f.header.year = (2015 + i % 10).to_string();
            f
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("s.db")).expect("store");
    store
        .create_many(&forms(10_000), false, "导入")
        .expect("10,000 forms");
    let mut g = c.benchmark_group("overview");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("10000 forms, every year", |b| {
        b.iter(|| summary::overview(&store, None, None, &Filter::default(), true).unwrap())
    });
    g.bench_function("10000 forms, one year (1000)", |b| {
        b.iter(|| summary::overview(&store, Some("2020"), None, &Filter::default(), true).unwrap())
    });
    let search = Filter {
        text: Some("党政事务12".into()),
        ..Filter::default()
    };
    g.bench_function("10000 forms, a search", |b| {
        b.iter(|| summary::overview(&store, None, None, black_box(&search), false).unwrap())
    });
    g.finish();

    let thousand = forms(1000);
    let s = Summary::new(
        thousand
            .iter()
            .map(|f| SummaryRow::of_form(f).unwrap())
            .collect(),
    );
    let pdf = PdfOptions::default();
    // Load and cache the font once, as the app does after its first export.
    export_pdf(&thousand[0], &pdf).expect("export");
    let mut g = c.benchmark_group("summary of 1000 forms");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("rows from forms", |b| {
        b.iter(|| {
            Summary::new(
                black_box(&thousand)
                    .iter()
                    .map(|f| SummaryRow::of_form(f).unwrap())
                    .collect(),
            )
        })
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| summary::xlsx::summary_workbook(black_box(&s)).unwrap())
    });
    g.bench_function("pdf", |b| {
        b.iter(|| summary::pdf::export(black_box(&s), &pdf).unwrap())
    });
    g.finish();

    let hundred = forms(100);
    let mut g = c.benchmark_group("one print job");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("100 forms in one pdf", |b| {
        b.iter(|| export_many(black_box(&hundred), None, &pdf).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
