//! Layout and export time of each shipped template, on the largest seed form
//! converted to it (the national form without its 项目编码), beside the
//! Shenzhen figures of the same run. Run:
//! `cargo bench -p selfeval-core --bench templates` (see docs/benchmarks.md).

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use selfeval_core::layout::{build_form, LayoutOptions};
use selfeval_core::pdf::{export_pdf, PdfOptions};
use selfeval_core::xlsx::{form_workbook, ExportOptions};
use selfeval_core::{Field, Form, Template};

fn bench(c: &mut Criterion) {
    let seeds = common::seeds();
    let big = seeds
        .iter()
        .max_by_key(|f| selfeval_core::format::to_json(f).len())
        .expect("seed")
        .clone();
    let pdf = PdfOptions::default();
    // Load and cache the font once, as the app does after its first export.
    export_pdf(&big, &pdf).expect("export");
    for t in Template::builtin() {
        let mut f: Form = big.clone();
        if !t.shows(Field::HeaderCode) {
            f.header.code.clear();
        }
        let f = selfeval_core::template::convert(&f, t).expect("convertible");
        let mut g = c.benchmark_group(format!("template {}", t.id));
        g.sample_size(30)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_secs(1));
        g.bench_function("layout", |b| {
            b.iter(|| build_form(black_box(&f), &LayoutOptions::default()).unwrap())
        });
        g.bench_function("xlsx export", |b| {
            b.iter(|| form_workbook(black_box(&f), &ExportOptions::default()).unwrap())
        });
        g.bench_function("pdf export", |b| {
            b.iter(|| export_pdf(black_box(&f), &pdf).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
