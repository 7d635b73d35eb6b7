//! `selfeval export FILE... --format pdf --out PATH`: one file per form in a
//! folder with safe names, or one named file; bad input is a clear error.

use std::process::Command;

mod common;
#[path = "../../core/tests/support/host_tool.rs"]
mod host_tool;
use common::seed_files;

/// Run the CLI with no app database in reach (so a developer's own
/// settings do not leak into the tests).
fn selfeval(args: &[&str]) -> std::process::Output {
    let home = std::env::temp_dir().join(format!("selfeval-export-home-{}", std::process::id()));
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LOCALAPPDATA", &home)
        .env("APPDATA", &home)
        .output()
        .expect("selfeval runs")
}

#[test]
fn several_forms_go_to_a_folder_with_one_pdf_each() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("导出");
    let mut args: Vec<String> = vec!["export".into()];
    args.extend(seed_files().iter().map(|p| p.to_string_lossy().to_string()));
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
    let seed = seed_files()[1].to_string_lossy().to_string();
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
    let seed = seed_files()[0].to_string_lossy().to_string();
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

#[test]
fn signature_names_and_font_come_from_the_settings() {
    use selfeval_core::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("selfeval.db");
    {
        let mut store = Store::open(&db).unwrap();
        store
            .set_setting(
                "pdf.signature",
                &serde_json::json!([
                    {"label": "填报人", "value": "李四"},
                    {"label": "单位负责人（签字）", "value": ""}
                ]),
            )
            .unwrap();
    }
    let seed = seed_files()[0].to_string_lossy().to_string();
    let out = dir.path().join("a.pdf");
    let run = |db: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            &seed,
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        selfeval(&args)
    };
    let o = run(&db, &["--signature"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = host_tool::command("pdftotext")
        .arg(host_tool::arg(&out))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("填报人：李四"), "{text}");
    assert!(!text.contains("联系电话"), "only the settings' lines");

    // A font path in the settings is used (here: a missing one, reported).
    {
        let mut store = Store::open(&db).unwrap();
        store
            .set_setting(
                "pdf.font_path",
                &serde_json::json!("/nonexistent/simsun.ttc"),
            )
            .unwrap();
    }
    let o = run(&db, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/simsun.ttc"));

    // A --db that does not exist is an error, not a new database.
    let missing = dir.path().join("none.db");
    let o = run(&missing, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists());
}
