//! Bad input: files that are not SelfEval databases, damaged or too new
//! files, a locked database, a read-only folder, a full disk. Each gives a
//! clear Chinese error, loses nothing and does not panic.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{big_form, seed};
use selfeval_core::store::{OpenOptions, Store, StoreError};

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

/// A closed database holding `n` realistic forms.
fn db_with_forms(dir: &Path, n: usize) -> (PathBuf, Vec<i64>) {
    let db = dir.join("selfeval.db");
    let mut s = Store::open(&db).unwrap();
    let forms: Vec<_> = (0..n).map(big_form).collect();
    let ids = s.create_many(&forms, false, "导入").unwrap();
    s.close().unwrap();
    (db, ids)
}

#[test]
fn random_bytes_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("selfeval.db");
    let mut rng = fastrand::Rng::with_seed(7);
    let bytes: Vec<u8> = (0..20_000).map(|_| rng.u8(..)).collect();
    std::fs::write(&path, &bytes).unwrap();
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::NotADatabase { .. }), "{e:?}");
    assert!(e.to_string().contains("不是 SelfEval 数据库文件"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(files_in(dir.path()), ["selfeval.db"]);
    // A text file too.
    std::fs::write(&path, "项目编码,项目名称\n").unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NotADatabase { .. })
    ));
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::NotADatabase { .. }), "{e:?}");
    assert!(e.to_string().contains("其他程序"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn truncated_database_is_reported_damaged_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = db_with_forms(dir.path(), 30);
    let full = std::fs::read(&db).unwrap();
    for keep in [full.len() / 2, 4096 + 100, 60] {
        std::fs::write(&db, &full[..keep]).unwrap();
        let e = Store::open(&db).err().unwrap();
        assert!(
            matches!(e, StoreError::Damaged { .. }),
            "truncated to {keep}: {e:?}"
        );
        assert!(e.to_string().contains("已损坏"), "{e}");
        assert_eq!(std::fs::read(&db).unwrap(), &full[..keep], "{keep}");
    }
}

#[test]
fn empty_file_becomes_a_new_database_and_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let mut s = Store::open(&path).unwrap();
    s.create(&seed("3219")).unwrap();
    let e = Store::open(dir.path()).err().unwrap();
    assert!(matches!(e, StoreError::CannotOpen { .. }), "{e:?}");
    assert!(e.to_string().contains("文件夹"), "{e}");
}

#[test]
fn locked_database_gives_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, ids) = db_with_forms(dir.path(), 2);
    let opts = OpenOptions {
        busy_timeout: Duration::from_millis(200),
        ..OpenOptions::default()
    };
    let mut s = Store::open_with(&db, &opts).unwrap();
    let before = s.load(ids[0]).unwrap().form;
    // Another program holds the write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;")
        .unwrap();
    let mut edited = before.clone();
    edited.header.name = "锁定期间".into();
    let e = s.save(ids[0], &edited).unwrap_err();
    assert!(matches!(e, StoreError::Locked { .. }), "{e:?}");
    assert!(e.to_string().contains("另一个程序"), "{e}");
    // Reading still works while locked (WAL).
    assert_eq!(s.load(ids[0]).unwrap().form, before);
    other.execute_batch("COMMIT").unwrap();
    assert_eq!(s.save(ids[0], &edited).unwrap().rev, 2);

    // A program holding an exclusive lock: even opening waits, then fails.
    s.close().unwrap();
    other
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .unwrap();
    let e = Store::open_with(&db, &opts).err().unwrap();
    assert!(matches!(e, StoreError::Locked { .. }), "{e:?}");
    drop(other);
    let s = Store::open(&db).unwrap();
    assert_eq!(s.load(ids[0]).unwrap().form, edited);
}

#[test]
fn full_database_limit_gives_disk_full_and_keeps_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (db, ids) = db_with_forms(dir.path(), 3);
    let mut s = Store::open(&db).unwrap();
    let pages: i64 = std::fs::metadata(&db).unwrap().len() as i64 / 4096;
    s.set_max_page_count(pages + 8).unwrap();
    let (saved, err) = save_until_error(&mut s, &ids);
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    assert!(err.to_string().contains("磁盘空间已满"), "{err}");
    assert!(!saved.is_empty());
    s.close().unwrap();
    check_saved(&db, &saved);
}

/// Save growing forms round-robin until a save fails; the forms saved last.
fn save_until_error(s: &mut Store, ids: &[i64]) -> (Vec<(i64, selfeval_core::Form)>, StoreError) {
    let mut last: Vec<(i64, selfeval_core::Form)> = Vec::new();
    for step in 0..100_000 {
        let id = ids[step % ids.len()];
        let mut f = s.load(id).unwrap().form;
        f.goals.actual = common::long_text(&format!("第{step}次保存，"), 2000);
        f.indicators[step % 20].deviation = common::long_text(&format!("{step}"), 500);
        match s.save(id, &f) {
            Ok(r) => {
                assert!(r.changed);
                last.retain(|(i, _)| *i != id);
                last.push((id, f));
            }
            Err(e) => return (last, e),
        }
    }
    panic!("the disk never filled up");
}

fn check_saved(db: &Path, saved: &[(i64, selfeval_core::Form)]) {
    let s = Store::open(db).unwrap();
    assert!(s.integrity_check().unwrap().is_empty());
    for (id, f) in saved {
        assert_eq!(&s.load(*id).unwrap().form, f, "form {id}");
    }
}

/// Read-only folders and full disks, simulated with mounts (Unix). Not run
/// under Windows (Wine): they need a read-only bind mount and a small tmpfs,
/// which only Linux gives a test; the store's error mapping they check is
/// the same code on Windows, and scripts/test-windows.sh lists them as not
/// run there.
#[cfg(unix)]
mod unix {
    use super::*;

    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }

    /// A mount that is undone when dropped.
    struct Mount(PathBuf);

    impl Drop for Mount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }

    fn mount(args: &[&str], target: &Path) -> Mount {
        let ok = std::process::Command::new("mount")
            .args(args)
            .arg(target)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mount {args:?} {} failed", target.display());
        Mount(target.to_path_buf())
    }

    /// Make `dir` read-only in a way root cannot bypass (a read-only bind
    /// mount), or with permission bits when not root. Checked by trying to write.
    fn make_read_only(dir: &Path) -> Option<Mount> {
        let guard = if is_root() {
            let m = mount(&["--bind", dir.to_str().unwrap()], dir);
            let ok = std::process::Command::new("mount")
                .args(["-o", "remount,bind,ro"])
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "remount read-only failed");
            Some(m)
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            None
        };
        assert!(
            std::fs::write(dir.join("probe"), b"x").is_err(),
            "could not make {} read-only",
            dir.display()
        );
        guard
    }

    #[test]
    fn read_only_folder_gives_a_clear_error_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        let (db, ids) = db_with_forms(&ro, 2);
        let before = std::fs::read(&db).unwrap();
        let guard = make_read_only(&ro);

        // The existing database in the read-only folder.
        let e = Store::open(&db).err().unwrap();
        assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
        assert!(e.to_string().contains("只读"), "{e}");
        // A new database there.
        let e = Store::open(ro.join("new.db")).err().unwrap();
        assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
        // A backup into the read-only folder, from a database elsewhere.
        let rw = dir.path().join("rw");
        let (db2, ids2) = db_with_forms(&rw, 1);
        let mut s = Store::open(&db2).unwrap();
        let e = s.backup_to(&ro.join("backup.db")).unwrap_err();
        assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
        assert!(s.save(ids2[0], &seed("3219")).unwrap().changed);
        drop(guard);
        if !is_root() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert_eq!(files_in(&ro), ["selfeval.db"]);
        assert_eq!(std::fs::read(&db).unwrap(), before);
        let s = Store::open(&db).unwrap();
        assert_eq!(
            s.list(&selfeval_core::store::Query::default())
                .unwrap()
                .len(),
            ids.len()
        );
    }

    #[test]
    fn full_disk_gives_a_clear_error_and_keeps_saves() {
        if !is_root() {
            eprintln!("skipped: mounting a small tmpfs needs root (see full_database_limit_…)");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        std::fs::create_dir(&small).unwrap();
        let _m = mount(&["-t", "tmpfs", "-o", "size=1536k", "tmpfs"], &small);
        let (db, ids) = db_with_forms(&small, 3);
        let mut s = Store::open(&db).unwrap();
        let (saved, err) = save_until_error(&mut s, &ids);
        assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
        assert!(err.to_string().contains("磁盘空间已满"), "{err}");
        assert!(saved.len() == ids.len(), "{}", saved.len());
        // The store is still usable for reading, and nothing saved is lost.
        for (id, f) in &saved {
            assert_eq!(&s.load(*id).unwrap().form, f);
        }
        drop(s);
        check_saved(&db, &saved);
    }
}
