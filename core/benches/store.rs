//! Store benchmarks on 10,000 forms of realistic size (20 indicators,
//! 2000-character goals): list/search, open a form, save (autosave).
//!
//! `cargo bench -p selfeval-core --bench store`
//! The database is built once in the temp folder
//! (`selfeval-bench-10000.db`) and reused by later runs.
//! Targets (issue 3): list/search ≤ 50 ms, open ≤ 20 ms, save ≤ 5 ms (median).

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use selfeval_core::store::{Query, Status, Store};

const FORMS: usize = 10_000;

fn bench_db() -> PathBuf {
    let path = std::env::temp_dir().join(format!("selfeval-bench-{FORMS}.db"));
    if let Ok(s) = Store::open(&path) {
        if s.list(&Query::default()).map(|l| l.len()).ok() == Some(FORMS) {
            return path;
        }
    }
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let t = Instant::now();
    let mut s = Store::open(&path).unwrap();
    for chunk in (0..FORMS).collect::<Vec<_>>().chunks(500) {
        let forms: Vec<_> = chunk.iter().map(|&i| common::big_form(i)).collect();
        s.create_many(&forms, false, "导入").unwrap();
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "built {} with {FORMS} forms ({} MB) in {:?}",
        path.display(),
        size / 1_000_000,
        t.elapsed()
    );
    path
}

fn store_benches(c: &mut Criterion) {
    let path = bench_db();
    let mut s = Store::open(&path).unwrap();
    let ids: Vec<i64> = s
        .list(&Query::default())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let sample = s.load(ids[FORMS / 2]).unwrap();
    eprintln!(
        "form size: {} bytes stored, {} indicators",
        selfeval_core::store::forms::content_of(&sample.form).len(),
        sample.form.indicators.len()
    );

    let mut g = c.benchmark_group("store");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("list all 10000", |b| {
        b.iter(|| black_box(s.list(&Query::default()).unwrap()))
    });
    g.bench_function("search name or code substring", |b| {
        let q = Query {
            text: Some("党政事务123".into()),
            ..Query::default()
        };
        b.iter(|| black_box(s.list(&q).unwrap()))
    });
    g.bench_function("search year + unit + status", |b| {
        let q = Query {
            year: Some("2020".into()),
            unit: Some("政务服务数据管理局".into()),
            status: Some(Status::Draft),
            ..Query::default()
        };
        b.iter(|| black_box(s.list(&q).unwrap()))
    });
    let mut rng = fastrand::Rng::with_seed(1);
    g.bench_function("open form", |b| {
        b.iter(|| black_box(s.load(ids[rng.usize(..ids.len())]).unwrap()))
    });
    let mut form = sample.form.clone();
    let id = sample.summary.id;
    let mut n = 0u64;
    g.bench_function("save (changed, new revision)", |b| {
        b.iter(|| {
            n += 1;
            form.goals.actual = common::long_text(&format!("第{n}次自动保存。"), 2000);
            black_box(s.save(id, &form).unwrap())
        })
    });
    g.bench_function("save (unchanged, no revision)", |b| {
        b.iter(|| black_box(s.save(id, &form).unwrap()))
    });
    g.finish();
    s.close().unwrap();

    let mut g = c.benchmark_group("store open");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("open database with integrity_check", |b| {
        b.iter(|| black_box(Store::open(&path).unwrap()))
    });
    g.finish();

    // The automatic backup (VACUUM INTO + integrity_check + rename + the
    // policy), as the app takes it at the first start of a day.
    use selfeval_core::store::auto_backup::{backups_dir, list, Policy, Reason};
    let s = Store::open(&path).unwrap();
    let mut g = c.benchmark_group("store auto-backup");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("automatic backup of 10000 forms", |b| {
        b.iter(|| {
            black_box(
                s.auto_backup(&jiff::Zoned::now(), Reason::Scheduled, &Policy::default())
                    .unwrap(),
            )
        })
    });
    g.finish();
    let size = list(&backups_dir(&path)).first().map_or(0, |b| b.size);
    eprintln!(
        "automatic backup: {} MB (database {} MB)",
        size / 1_000_000,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) / 1_000_000
    );
    let _ = std::fs::remove_dir_all(backups_dir(&path));
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
