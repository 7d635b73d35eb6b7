//! PDF export speed: one seed form with the parsed font cached, 100 forms,
//! and the stress form. Run: `cargo bench -p selfeval-core --bench pdf`.
//! The sizes of the seed PDFs are printed too (see docs/benchmarks.md).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/support/stress.rs"]
mod stress;
use common::seeds;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use selfeval_core::pdf::{export_pdf, PdfOptions};

fn bench(c: &mut Criterion) {
    let forms = seeds();
    let opts = PdfOptions::default();
    // Load and cache the font once, as the app does after its first export.
    let first = export_pdf(&forms[0], &opts).expect("export");
    println!("font cached; first seed PDF {} bytes", first.len());
    for f in &forms {
        let b = export_pdf(f, &opts).expect("export");
        let pages = String::from_utf8_lossy(&b).matches("/Type/Page/").count();
        println!(
            "seed {} {}: {} bytes ({:.1} KB), {pages} page(s)",
            f.header.code,
            f.header.name,
            b.len(),
            b.len() as f64 / 1024.0
        );
    }
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20);
    // The largest seed (most text, 3 pages).
    let biggest = forms
        .iter()
        .max_by_key(|f| selfeval_core::format::to_json(f).len())
        .expect("seed");
    g.bench_function("one seed form (largest)", |b| {
        b.iter(|| export_pdf(black_box(biggest), &opts).expect("export"))
    });
    g.sample_size(10);
    g.bench_function("100 forms (seeds cycled)", |b| {
        b.iter(|| {
            for f in forms.iter().cycle().take(100) {
                black_box(export_pdf(f, &opts).expect("export"));
            }
        })
    });
    let s = stress::stress_form();
    g.bench_function("stress form", |b| {
        b.iter(|| export_pdf(black_box(&s), &opts).expect("export"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
