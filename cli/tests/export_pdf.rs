//! `selfeval export FILE... --format pdf --out PATH`: one file per form in a
//! folder with safe names, or one named file; bad input is a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed")
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(seed_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn selfeval(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .output()
        .expect("selfeval runs")
}

#[test]
fn several_forms_go_to_a_folder_with_one_pdf_each() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("导出");
    let mut args: Vec<String> = vec!["export".into()];
    args.extend(seeds().iter().map(|p| p.to_string_lossy().to_string()));
    args.extend([
        "--format".into(),
        "pdf".into(),
        "--out".into(),
        out.to_string_lossy().to_string(),
        "--sign".into(),
        "填报人=张三".into(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = selfeval(&refs);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(
        names.contains(&"党政事务-2023-绩效自评表.pdf".to_string()),
        "{names:?}"
    );
    for n in &names {
        let bytes = std::fs::read(out.join(n)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{n}");
    }
}

#[test]
fn one_form_goes_to_the_named_file_and_the_same_name_twice_is_numbered() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("表.pdf");
    let seed = seeds()[1].to_string_lossy().to_string();
    let o = selfeval(&[
        "export",
        &seed,
        "--format",
        "pdf",
        "--out",
        &one.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&one).unwrap().starts_with(b"%PDF-"));

    // The same form twice into a folder: the second gets "(2)".
    let folder = dir.path().join("out");
    let o = selfeval(&[
        "export",
        &seed,
        &seed,
        "--format",
        "pdf",
        "--out",
        &folder.to_string_lossy(),
    ]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn bad_font_and_unreadable_files_fail_with_chinese_messages() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seeds()[0].to_string_lossy().to_string();
    let out = dir.path().join("x.pdf");
    let o = selfeval(&[
        "export",
        &seed,
        "--format",
        "pdf",
        "--out",
        &out.to_string_lossy(),
        "--font",
        "/nonexistent/font.ttc",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("字体文件") && err.contains("文件不存在"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written on error");

    let o = selfeval(&[
        "export",
        "/nonexistent/a.json",
        "--format",
        "pdf",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法读取"));
}
