//! Helpers shared by the core's tests and benches: the seed forms.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use selfeval_core::Form;

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed")
}

/// The seven seed form files, in file-name order.
pub fn seed_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seed_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The seven seed forms, in file-name order.
pub fn seeds() -> Vec<Form> {
    seed_files()
        .iter()
        .flat_map(|p| selfeval_core::import::read_file(p).unwrap())
        .collect()
}

pub fn seed(code_suffix: &str) -> Form {
    seeds()
        .into_iter()
        .find(|f| f.header.code.ends_with(code_suffix))
        .unwrap()
}

/// A form of realistic size: a seed form with 20 indicators and 2000-character
/// goals.
pub fn big_form(i: usize) -> Form {
    let mut f = seed("3219");
    let base = f.indicators.clone();
    while f.indicators.len() < 20 {
        let mut ind = base[f.indicators.len() % base.len()].clone();
        ind.name = format!("{}（{}）", ind.name, f.indicators.len());
        f.indicators.push(ind);
    }
    f.indicators.truncate(20);
    f.goals.expected = long_text(&f.goals.expected, 2000);
    f.goals.actual = long_text(&f.goals.actual, 2000);
    f.header.code = format!("4403032103015{:08}", i);
    f.header.name = format!("{}{}", f.header.name, i);
    f.header.year = (2015 + (i % 10)).to_string();
    f
}

pub fn long_text(seed: &str, chars: usize) -> String {
    seed.chars().cycle().take(chars).collect()
}

/// Scribble over every page after the first two (keeps the header valid).
pub fn corrupt_pages(bytes: &mut [u8]) {
    let page = 4096;
    let len = bytes.len();
    for p in (2 * page..len).step_by(page) {
        for b in &mut bytes[p..(p + 64).min(len)] {
            *b = 0xA5;
        }
    }
}
