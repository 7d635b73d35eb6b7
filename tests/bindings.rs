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

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/fixtures")
}

#[test]
fn ui_fixtures_are_up_to_date() {
    if std::env::var_os("SELFEVAL_UPDATE_BINDINGS").is_some() {
        return;
    }
    for (name, want) in selfeval_app::bindings::fixtures() {
        assert!(want.len() > 100, "{name} is empty");
        let have = std::fs::read_to_string(fixture_dir().join(name)).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/lib/fixtures/{name} is stale; run SELFEVAL_UPDATE_BINDINGS=1 cargo test --test bindings"
        );
    }
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    if std::env::var_os("SELFEVAL_UPDATE_BINDINGS").is_some() {
        for (name, _) in read_dir(&committed) {
            std::fs::remove_file(committed.join(name)).unwrap();
        }
        selfeval_app::bindings::export_to(&committed).unwrap();
        for (name, text) in selfeval_app::bindings::fixtures() {
            std::fs::write(fixture_dir().join(name), text).unwrap();
        }
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
