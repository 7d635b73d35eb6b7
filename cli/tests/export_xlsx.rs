//! `selfeval export --format xlsx`: one file, a folder of files, one workbook;
//! `selfeval check FILE.xlsx --json` reads the result like the JSON files.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::seed_files;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
}

/// `selfeval export FILES --format xlsx --one-workbook --out BOOK`, which must succeed.
fn export_one_workbook(files: &[PathBuf], book: &std::path::Path) {
    let out = bin()
        .arg("export")
        .args(files)
        .args(["--format", "xlsx", "--one-workbook", "--out"])
        .arg(book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

fn check_json(files: &[PathBuf]) -> serde_json::Value {
    let out = bin()
        .arg("check")
        .args(files)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn export_one_folder_and_one_workbook() {
    let dir = std::env::temp_dir().join(format!("selfeval-cli-xlsx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let seeds = seed_files();

    // One form, --out file.xlsx.
    let one = dir.join("one.xlsx");
    let out = bin()
        .args(["export"])
        .arg(&seeds[0])
        .args(["--format", "xlsx", "--out"])
        .arg(&one)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(check_json(&[one]), check_json(&seeds[..1]));

    // Several forms: a folder of safely named files.
    let folder = dir.join("folder");
    let out = bin()
        .arg("export")
        .args(&seeds)
        .args(["--format", "xlsx", "--out"])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), seeds.len());
    assert!(
        names.contains(&"党政事务-2023-绩效自评表.xlsx".to_string()),
        "{names:?}"
    );

    // Several forms, --one-workbook: same numbers as the JSON files.
    let book = dir.join("all.xlsx");
    export_one_workbook(&seeds, &book);
    assert_eq!(check_json(&[book]), check_json(&seeds));

    // Several forms to a .xlsx path without --one-workbook is refused, in Chinese.
    let out = bin()
        .arg("export")
        .args(&seeds)
        .args(["--format", "xlsx", "--out"])
        .arg(dir.join("x.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--one-workbook"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn db_import_reads_an_exported_workbook() {
    let dir = std::env::temp_dir().join(format!("selfeval-cli-xlsx-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = seed_files();
    let book = dir.join("all.xlsx");
    export_one_workbook(&seeds, &book);
    let db = dir.join("forms.db");
    let out = bin()
        .args(["db", "--db"])
        .arg(&db)
        .arg("import")
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("已导入").count(), seeds.len(), "{text}");
    assert!(text.contains("党政事务"), "{text}");
    // What the store holds is exactly the seed forms.
    let store = selfeval_core::store::Store::open(&db).unwrap();
    let key = |f: &selfeval_core::Form| (f.header.code.clone(), f.header.name.clone());
    let mut stored: Vec<selfeval_core::Form> = store
        .list(&selfeval_core::store::Query::default())
        .unwrap()
        .iter()
        .map(|s| store.load(s.id).unwrap().form)
        .collect();
    let mut expected: Vec<selfeval_core::Form> = seeds
        .iter()
        .map(|p| selfeval_core::format::from_json(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    stored.sort_by_key(key);
    expected.sort_by_key(key);
    assert_eq!(stored, expected);
    let _ = std::fs::remove_dir_all(&dir);
}
