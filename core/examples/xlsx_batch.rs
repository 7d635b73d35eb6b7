//! Export N forms (the seed forms, repeated) into one workbook, then read it
//! back, printing the times; run under `/usr/bin/time -v` for peak memory:
//!
//! ```text
//! cargo build --release -p selfeval-core --example xlsx_batch
//! /usr/bin/time -v target/release/examples/xlsx_batch 1000 export
//! /usr/bin/time -v target/release/examples/xlsx_batch 1000 both
//! ```
//!
//! `export` only writes the workbook (what `selfeval export --one-workbook`
//! does); `both` also imports it and checks the round trip.

use std::path::PathBuf;
use std::time::Instant;

use selfeval_core::xlsx::{forms_workbook, import_bytes, ExportOptions};
use selfeval_core::{format, Form};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let both = args.next().as_deref() != Some("export");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seed fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let seeds: Vec<Form> = paths
        .iter()
        .filter_map(|p| format::from_json(&std::fs::read_to_string(p).ok()?).ok())
        .collect();
    let forms: Vec<Form> = (0..n).map(|i| seeds[i % seeds.len()].clone()).collect();
    let t = Instant::now();
    let bytes = forms_workbook(&forms, &ExportOptions::default()).expect("export");
    println!(
        "{n} forms: export {:.3} s, {} bytes",
        t.elapsed().as_secs_f64(),
        bytes.len()
    );
    if both {
        let t = Instant::now();
        let imp = import_bytes(&bytes).expect("import");
        println!("{n} forms: import {:.3} s", t.elapsed().as_secs_f64());
        assert_eq!(imp.forms, forms, "round trip");
    }
}
