//! The store and the file writers under the file rules of Windows, where
//! officers use SelfEval: Chinese, long and spaced names, a file another
//! program holds open, two programs (the app and the CLI) on one database,
//! the per-user data folder and the font folder. Every test runs on Linux
//! too; the Windows-only rules are checked where they apply, which
//! scripts/test-windows.sh does under Wine.

mod common;

use std::path::{Path, PathBuf};

use selfeval_core::store::{Query, Store};

/// A folder with a Chinese name and spaces.
fn awkward_dir(root: &Path) -> PathBuf {
    let d = root.join("深圳 龙岗区 财政局").join("2024 年度 绩效自评");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A file name at the length limit: 80 Chinese characters and
/// ` (第 1 份).db`, 255 bytes in UTF-8 (the most a Linux name holds; 93 of
/// Windows' 255 UTF-16 units), with spaces and brackets.
fn long_name(ext: &str) -> String {
    let stem: String = "项目支出绩效自评表备份".chars().cycle().take(80).collect();
    let name = format!("{stem} (第 1 份).{ext}");
    assert!(name.len() <= 255, "{}", name.len());
    name
}

#[test]
fn backup_and_restore_work_with_chinese_long_and_spaced_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = awkward_dir(tmp.path());
    let db = dir.join("绩效 自评.db");
    let mut store = Store::open(&db).unwrap();
    let id = store.create(&common::seed("3219")).unwrap();
    let backup = dir.join(long_name("db"));
    let info = store.backup_to(&backup).unwrap();
    assert!(backup.is_file());
    assert!(info.size > 0);
    // No partial file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    // The form is changed, then the backup brings it back.
    let mut f = store.load(id).unwrap().form;
    f.header.name = "改过的名称".into();
    store.save(id, &f).unwrap();
    store.close().unwrap();
    let (store, aside) = Store::restore(&db, &backup).unwrap();
    assert_eq!(store.load(id).unwrap().form.header.name, "党政事务");
    let aside = aside.expect("the replaced database is kept aside");
    let kept = Store::open(&aside).unwrap();
    assert_eq!(kept.load(id).unwrap().form.header.name, "改过的名称");
}

#[test]
fn a_backup_over_an_existing_file_replaces_it_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = awkward_dir(tmp.path());
    let mut store = Store::open(dir.join("a.db")).unwrap();
    store.create(&common::seed("3219")).unwrap();
    let backup = dir.join("备份 副本.db");
    std::fs::write(&backup, b"an older file of the same name").unwrap();
    store.backup_to(&backup).unwrap();
    selfeval_core::store::backup::verify_backup(&backup).unwrap();
}

#[test]
fn two_programs_share_one_database() {
    // The app keeps its store open while the officer runs `selfeval db …`.
    let tmp = tempfile::tempdir().unwrap();
    let db = awkward_dir(tmp.path()).join("selfeval.db");
    let mut app = Store::open(&db).unwrap();
    let mut cli = Store::open(&db).unwrap();
    let a = app.create(&common::seed("3219")).unwrap();
    let b = cli.create(&common::seed("3345")).unwrap();
    assert_eq!(app.list(&Query::default()).unwrap().len(), 2);
    assert_eq!(cli.list(&Query::default()).unwrap().len(), 2);
    for round in 0..5 {
        let mut f = cli.load(a).unwrap().form;
        f.goals.actual = format!("命令行第{round}次");
        cli.save(a, &f).unwrap();
        let mut g = app.load(b).unwrap().form;
        g.goals.actual = format!("窗口第{round}次");
        app.save(b, &g).unwrap();
    }
    assert_eq!(app.load(a).unwrap().form.goals.actual, "命令行第4次");
    assert_eq!(cli.load(b).unwrap().form.goals.actual, "窗口第4次");
    assert!(app.integrity_check().unwrap().is_empty());
}

#[test]
fn the_default_database_is_in_the_local_profile() {
    let p = selfeval_core::store::paths::default_db_path().expect("a home or profile folder");
    assert!(p.ends_with(Path::new("cn.selfeval.app").join("selfeval.db")));
    if cfg!(windows) {
        // %LOCALAPPDATA%, never the roaming profile that follows the user
        // between machines.
        let local = std::env::var("LOCALAPPDATA").expect("LOCALAPPDATA is set on Windows");
        assert!(p.starts_with(&local), "{} not under {local}", p.display());
        if let Ok(roaming) = std::env::var("APPDATA") {
            assert!(!p.starts_with(roaming), "{}", p.display());
        }
    }
}

#[test]
fn fonts_are_found_where_the_system_keeps_them() {
    use selfeval_core::pdf::font;
    let files = font::installed_font_files();
    if cfg!(windows) {
        // 宋体 as Windows installs it: %WINDIR%\Fonts\simsun.ttc.
        let windir = std::env::var("WINDIR").unwrap_or_else(|_| r"C:\Windows".into());
        let simsun = Path::new(&windir).join("Fonts").join("simsun.ttc");
        assert!(simsun.is_file(), "{} missing", simsun.display());
        let choice = font::resolve(None).unwrap();
        assert!(
            choice
                .path
                .to_string_lossy()
                .eq_ignore_ascii_case(&simsun.to_string_lossy()),
            "chose {} instead of {}",
            choice.path.display(),
            simsun.display()
        );
        let face = font::load(&choice).unwrap();
        assert!((face.advance_em('项') - 1.0).abs() < 1e-3);
    } else {
        assert!(!files.is_empty(), "no CJK font installed");
    }
}

/// Hold `path` open the way Excel and WPS hold an open workbook: no
/// sharing at all (no reading, writing or deleting by others).
#[cfg(windows)]
fn hold_open(path: &Path) -> std::fs::File {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(path)
        .unwrap()
}

#[cfg(windows)]
#[test]
fn a_file_held_open_by_another_program_is_reported_and_left_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = awkward_dir(tmp.path());
    let target = dir.join("党政事务-2023-绩效自评表.xlsx");
    std::fs::write(&target, b"the workbook as it was").unwrap();
    let held = hold_open(&target);
    let err = selfeval_core::atomic_file::write(&target, b"new").unwrap_err();
    let msg = selfeval_core::import::io_message(&err);
    assert!(msg.contains("其他程序"), "{err:?}: {msg}");
    // Nothing half-written is left, and the file is as it was.
    drop(held);
    assert_eq!(std::fs::read(&target).unwrap(), b"the workbook as it was");
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Closed, the same write goes through.
    selfeval_core::atomic_file::write(&target, b"new").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");

    // A backup onto a file held open: refused with a message, nothing lost.
    let mut store = Store::open(dir.join("selfeval.db")).unwrap();
    store.create(&common::seed("3219")).unwrap();
    let backup = dir.join("备份.db");
    std::fs::write(&backup, b"old").unwrap();
    let held = hold_open(&backup);
    let e = store.backup_to(&backup).unwrap_err();
    assert!(
        matches!(
            e,
            selfeval_core::store::StoreError::InUse { .. }
                | selfeval_core::store::StoreError::ReadOnly { .. }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("备份.db"), "{e}");
    drop(held);
    assert_eq!(std::fs::read(&backup).unwrap(), b"old");
    store.backup_to(&backup).unwrap();
}

#[cfg(windows)]
#[test]
fn restore_while_another_program_holds_the_database_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = awkward_dir(tmp.path());
    let db = dir.join("selfeval.db");
    let mut store = Store::open(&db).unwrap();
    let id = store.create(&common::seed("3219")).unwrap();
    let backup = dir.join("备份.db");
    store.backup_to(&backup).unwrap();
    let mut f = store.load(id).unwrap().form;
    f.header.name = "备份之后的修改".into();
    store.save(id, &f).unwrap();
    store.close().unwrap();
    // Another program (a virus scan, a sync client) has the file open.
    let held = hold_open(&db);
    let Err(e) = Store::restore(&db, &backup) else {
        panic!("the database was replaced while another program held it open");
    };
    assert!(e.to_string().contains("selfeval.db"), "{e}");
    drop(held);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.load(id).unwrap().form.header.name, "备份之后的修改");
}
