//! XLSX speed: one form out and back in, and 1,000 forms into one workbook.
//! Run with `cargo bench -p selfeval-core --bench xlsx`; peak memory of the
//! 1,000-form workbook with `/usr/bin/time -v target/release/examples/xlsx_batch 1000`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use selfeval_core::xlsx::{form_workbook, forms_workbook, import_bytes, ExportOptions};
use selfeval_core::{format, Form};

#[path = "../tests/xlsx_util/mod.rs"]
mod xlsx_util;
use xlsx_util::seeds;

fn bench(c: &mut Criterion) {
    let seeds = seeds();
    // 政务热线智能化建设: the largest seed form (long goals and deviations).
    let big = seeds
        .iter()
        .max_by_key(|f| format::to_json(f).len())
        .unwrap()
        .clone();
    let opts = ExportOptions::default();
    c.bench_function("xlsx export one form", |b| {
        b.iter(|| form_workbook(black_box(&big), &opts).unwrap())
    });
    let bytes = form_workbook(&big, &opts).unwrap();
    c.bench_function("xlsx import one form", |b| {
        b.iter(|| import_bytes(black_box(&bytes)).unwrap())
    });
    let thousand: Vec<Form> = (0..1000).map(|i| seeds[i % seeds.len()].clone()).collect();
    let mut g = c.benchmark_group("xlsx 1000 forms");
    g.sample_size(10);
    g.bench_function("export one workbook", |b| {
        b.iter(|| forms_workbook(black_box(&thousand), &opts).unwrap())
    });
    let book = forms_workbook(&thousand, &opts).unwrap();
    g.bench_function("import one workbook", |b| {
        b.iter(|| import_bytes(black_box(&book)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
