//! `selfeval export` refuses a form the rules find errors in — the file
//! would go to the budget system wrong — listing each error by form and
//! cell, and writes nothing; `--allow-errors` exports it anyway.

use std::path::Path;

mod common;

fn selfeval(args: &[&str], home: &Path) -> std::process::Output {
    common::selfeval_in(home, args)
}

/// The 党政事务 seed with 得分 18 on its first row (分值 7).
fn over_scored(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(common::seed("440303210301500003219")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["form"]["indicators"][0]["score"] = "18".into();
    let p = dir.join("党政事务-得分过高.json");
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

#[test]
fn a_form_with_errors_is_refused_unless_allowed() {
    let home = tempfile::tempdir().unwrap();
    let bad = over_scored(home.path());
    let bad_s = bad.to_string_lossy().to_string();
    for (format, out) in [("xlsx", "a.xlsx"), ("pdf", "a.pdf")] {
        let target = home.path().join(out);
        let t = target.to_string_lossy().to_string();
        let o = selfeval(
            &["export", &bad_s, "--format", format, "--out", &t],
            home.path(),
        );
        assert_eq!(o.status.code(), Some(1), "{format}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("「党政事务」有 1 个错误"), "{err}");
        assert!(
            err.contains("[错误]") && err.contains("--allow-errors"),
            "{err}"
        );
        assert!(!err.contains("indicators[0]"), "no internal path: {err}");
        assert!(!target.exists(), "nothing written for {format}");
        let o = selfeval(
            &[
                "export",
                &bad_s,
                "--format",
                format,
                "--out",
                &t,
                "--allow-errors",
            ],
            home.path(),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(target.is_file());
    }
    // One print job: refused whole when one of its forms has errors.
    let good = common::seed("440303210301500002808");
    let all = home.path().join("all.pdf");
    let o = selfeval(
        &[
            "export",
            &good.to_string_lossy(),
            &bad_s,
            "--format",
            "pdf",
            "--one-file",
            "--out",
            &all.to_string_lossy(),
        ],
        home.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!all.exists());
}
