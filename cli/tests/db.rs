//! `selfeval db …` end to end, on the seed forms.

use std::path::Path;
use std::process::{Command, Output};

use selfeval_core::store::Store;

mod common;
use common::seed_files;

fn db(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("db")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(db_path: &Path, args: &[&str]) -> String {
    let out = db(db_path, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn import_seeds(path: &Path) -> String {
    let mut args = vec!["import".to_string()];
    args.extend(seed_files().iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(path, &args)
}

#[test]
fn import_list_search_show_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("selfeval.db");
    let out = import_seeds(&path);
    assert_eq!(out.matches("已导入").count(), 7, "{out}");
    let list = ok(&path, &["list"]);
    assert!(list.contains("共 7 张"), "{list}");
    assert!(
        list.contains("党政事务") && list.contains("90.73"),
        "{list}"
    );
    let hits = ok(&path, &["list", "--search", "热线"]);
    assert!(
        hits.contains("政务热线智能化建设") && hits.contains("共 1 张"),
        "{hits}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&path, &["list", "--json", "--year", "2023"])).unwrap();
    let forms = json["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 7);
    let id = forms.iter().find(|f| f["name"] == "党政事务").unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(ok(&path, &["show", &id]).contains("党政事务"));
    // Export gives back the seed file's form exactly.
    let out_file = dir.path().join("out.json");
    ok(&path, &["export", &id, "--out", out_file.to_str().unwrap()]);
    let exported = selfeval_core::import::read_file(&out_file).unwrap();
    let seed = seed_files()
        .iter()
        .flat_map(|p| selfeval_core::import::read_file(p).unwrap())
        .find(|f| f.header.name == "党政事务")
        .unwrap();
    assert_eq!(exported, [seed]);
    // No overwrite without --force.
    let again = db(&path, &["export", &id, "--out", out_file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn trash_revisions_backup_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("selfeval.db");
    import_seeds(&path);
    ok(&path, &["trash", "1"]);
    assert!(ok(&path, &["list"]).contains("共 6 张"));
    assert!(ok(&path, &["trash"]).contains("#1 "));
    ok(&path, &["trash", "--restore", "1"]);
    assert!(ok(&path, &["trash"]).contains("回收站是空的"));
    let e = db(&path, &["trash", "--purge", "1"]);
    assert_eq!(e.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&e.stderr).contains("不在回收站"));

    // Edit form 2 through the library, then use the CLI's history.
    {
        let mut s = Store::open(&path).unwrap();
        let mut f = s.load(2).unwrap().form;
        f.header.name = "改过的名称".into();
        s.save(2, &f).unwrap();
    }
    let revs = ok(&path, &["revisions", "2"]);
    assert!(
        revs.contains("当前第 2 版") && revs.contains("第    1 版"),
        "{revs}"
    );
    assert!(ok(&path, &["revisions", "2", "--restore", "1"]).contains("成为第 3 版"));
    assert!(!ok(&path, &["show", "2"]).contains("改过的名称"));

    let bak = dir.path().join("backup.db");
    assert!(ok(&path, &["backup", "--out", bak.to_str().unwrap()]).contains("完整性检查"));
    ok(&path, &["trash", "3"]);
    ok(&path, &["trash", "--purge", "3"]);
    assert!(ok(&path, &["list"]).contains("共 6 张"));
    let restored = ok(&path, &["restore", bak.to_str().unwrap()]);
    assert!(
        restored.contains("7 张表") && restored.contains("另存为"),
        "{restored}"
    );
    assert!(ok(&path, &["list"]).contains("共 7 张"));
    assert!(ok(&path, &["check"]).contains("通过"));
}

#[test]
fn finalise_reopen_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("selfeval.db");
    import_seeds(&path);
    ok(&path, &["finalise", "2"]);
    assert!(ok(&path, &["list", "--status", "final"]).contains("共 1 张"));
    ok(&path, &["reopen", "2"]);
    let dup = ok(&path, &["duplicate", "2"]);
    assert!(dup.contains("#8") && dup.contains("2024年度"), "{dup}");
    assert!(ok(&path, &["list", "--year", "2024"]).contains("共 1 张"));
}

#[test]
fn bad_database_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "这不是数据库").unwrap();
    let out = db(&path, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不是 SelfEval 数据库文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "这不是数据库");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    let out = db(
        &dir.path().join("ok.db"),
        &["import", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法导入"));
}

#[test]
fn auto_backup_applies_the_policy_and_backups_lists_them_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("selfeval.db");
    import_seeds(&path);
    // Backups of earlier days (named as the policy names them), so there is
    // something to keep and something to remove.
    let bdir = selfeval_core::store::auto_backup::backups_dir(&path);
    std::fs::create_dir_all(&bdir).unwrap();
    let store = Store::open(&path).unwrap();
    for day in 1..=9 {
        let name = format!("selfeval-202001{day:02}-090000-start.db");
        store.backup_to(&bdir.join(name)).unwrap();
    }
    store.backup_to(&dir.path().join("手动.db")).unwrap();
    let usb = dir.path().join("U盘");
    std::fs::create_dir_all(&usb).unwrap();
    let mut store = store;
    store
        .set_setting(
            selfeval_core::store::auto_backup::SECOND_COPY_SETTING,
            &serde_json::json!(usb.display().to_string()),
        )
        .unwrap();
    store.close().unwrap();

    let out = ok(&path, &["auto-backup"]);
    assert!(out.starts_with("已备份："), "{out}");
    // The 7 newest days (today and 4–9 January 2020, whose weeks and month
    // they also are): 7 kept, the 3 oldest removed.
    assert!(out.contains("保留 7 份："), "{out}");
    assert!(out.contains("删除 3 份："), "{out}");
    assert!(out.contains("selfeval-20200101-090000-start.db"), "{out}");
    assert!(out.contains("已复制到第二备份位置"), "{out}");
    assert!(!bdir.join("selfeval-20200101-090000-start.db").exists());
    assert!(bdir.join("selfeval-20200109-090000-start.db").exists());

    let out = ok(&path, &["backups"]);
    let lines: Vec<&str> = out.lines().collect();
    // 7 automatic, the manual one, the second copy.
    assert_eq!(lines.len(), 9, "{out}");
    for l in &lines {
        assert!(l.contains("7 张表"), "{l}");
        assert!(l.contains(" KB") || l.contains(" MB"), "{l}");
    }
    assert!(lines.last().unwrap().contains("20200104"), "{out}");
    assert!(
        out.contains("手动备份") && out.contains("第二备份位置"),
        "{out}"
    );
    // Times are in order, newest first.
    let times: Vec<&str> = lines.iter().map(|l| &l[..19]).collect();
    let mut sorted = times.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(times, sorted);

    // The stick is gone: a warning, not an error.
    std::fs::remove_dir_all(&usb).unwrap();
    let o = db(&path, &["auto-backup"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("提醒") && err.contains("无法访问"), "{err}");
}

#[test]
fn export_all_then_import_all_on_another_database() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("旧.db");
    import_seeds(&old);
    let file = dir.path().join("全部 自评表.db");
    let out = ok(&old, &["export-all", "--out", file.to_str().unwrap()]);
    assert!(out.contains("已导出全部 7 张自评表及历史版本"), "{out}");
    let new = dir.path().join("新.db");
    let out = ok(&new, &["import-all", file.to_str().unwrap()]);
    assert!(out.contains("导入 7 张自评表"), "{out}");
    let list = ok(&new, &["list"]);
    assert!(list.contains("共 7 张"), "{list}");
    // A file that is no SelfEval database: a clear error, exit 1.
    let o = db(&new, &["import-all", seed_files()[0].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是 SQLite 数据库文件"));
}

/// `db list` shows the computer's local time, as the app does: the same
/// database read under two time zones 8 hours apart shows times 8 hours apart.
#[cfg(unix)]
#[test]
fn list_times_are_the_computers_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    import_seeds(&path);
    let list_in = |tz: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
            .args(["db", "--db", path.to_str().unwrap(), "list"])
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        // The first `YYYY-MM-DD HH:MM` of the listing.
        let at = text
            .char_indices()
            .find(|(i, _)| {
                let s = &text[*i..];
                s.len() >= 16
                    && s.as_bytes()[4] == b'-'
                    && s.as_bytes()[13] == b':'
                    && s[..4].bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(i, _)| text[i..i + 16].to_string())
            .expect("a time in the list");
        jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", &at).unwrap()
    };
    let utc = list_in("UTC");
    let china = list_in("Asia/Shanghai");
    let diff = utc.until(china).unwrap().get_hours();
    assert_eq!(diff, 8, "{utc} vs {china}");
}
