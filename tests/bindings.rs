//! The TypeScript bindings in ui/src/lib/bindings/ are what ts-rs generates
//! from the Rust types now. Regenerate with
//! `SELFEVAL_UPDATE_BINDINGS=1 cargo test --test bindings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                out.insert(name, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/fixtures/seed-view.json")
}

#[test]
fn seed_view_fixture_is_up_to_date() {
    if std::env::var_os("SELFEVAL_UPDATE_BINDINGS").is_some() {
        return;
    }
    let have = std::fs::read_to_string(fixture_path()).unwrap_or_default();
    assert!(
        have == selfeval_app::bindings::seed_view_fixture(),
        "ui/src/lib/fixtures/seed-view.json is stale; run SELFEVAL_UPDATE_BINDINGS=1 cargo test --test bindings"
    );
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    if std::env::var_os("SELFEVAL_UPDATE_BINDINGS").is_some() {
        for (name, _) in read_dir(&committed) {
            std::fs::remove_file(committed.join(name)).unwrap();
        }
        selfeval_app::bindings::export_to(&committed).unwrap();
        std::fs::write(fixture_path(), selfeval_app::bindings::seed_view_fixture()).unwrap();
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    selfeval_app::bindings::export_to(fresh.path()).unwrap();
    let want = read_dir(fresh.path());
    let have = read_dir(&committed);
    assert!(!want.is_empty());
    let stale: Vec<&String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/lib/bindings is stale ({stale:?}); run SELFEVAL_UPDATE_BINDINGS=1 cargo test --test bindings"
    );
}
