//! The store's operations end to end, on real seed forms.

mod common;

use common::{big_form, seed, seeds};
use selfeval_core::store::backup::{known_backups, last_good_backup};
use selfeval_core::store::history::KEEP_LATEST;
use selfeval_core::store::{FormId, Query, Status, Store, StoreError};
use selfeval_core::Form;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("sub/selfeval.db")).unwrap();
    (dir, store)
}

/// The ids of the forms in the list (not in the trash).
fn live_ids(s: &Store) -> Vec<FormId> {
    s.list(&Query::default())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn create_save_load_round_trip() {
    let (_d, mut s) = temp_store();
    let form = big_form(1);
    let id = s.create(&form).unwrap();
    let got = s.load(id).unwrap();
    assert_eq!(got.form, form);
    assert_eq!(got.summary.rev, 1);
    assert_eq!(got.summary.status, Status::Draft);
    assert_eq!(got.summary.code, form.header.code);

    let mut edited = form.clone();
    edited.goals.actual.push_str("补充说明。");
    let saved = s.save(id, &edited).unwrap();
    assert_eq!((saved.rev, saved.changed), (2, true));
    // Same content again: no new revision.
    let again = s.save(id, &edited).unwrap();
    assert_eq!((again.rev, again.changed), (2, false));
    assert_eq!(s.revisions(id).unwrap().len(), 2);
    assert_eq!(s.load(id).unwrap().form, edited);
    assert_eq!(s.revision_form(id, 1).unwrap(), form);
    // Header edits reach the list columns.
    edited.header.name = "新名称".into();
    s.save(id, &edited).unwrap();
    assert_eq!(s.summary(id).unwrap().name, "新名称");
    // Survives closing and reopening.
    let path = s.path().to_path_buf();
    s.close().unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(s.load(id).unwrap().form, edited);
    assert!(s.integrity_check().unwrap().is_empty());
}

#[test]
fn list_shows_score_and_errors() {
    let (_d, mut s) = temp_store();
    let id = s.create(&seed("3219")).unwrap();
    let row = s.summary(id).unwrap();
    let ev = selfeval_core::evaluate_form(&seed("3219")).unwrap();
    assert_eq!(
        row.total_score.as_deref(),
        Some(selfeval_core::money::fmt2(ev.total_score).as_str())
    );
    assert_eq!(row.error_count, Some(0));
    let blank = Form::blank(selfeval_core::Template::default_template());
    let id2 = s.create(&blank).unwrap();
    assert!(s.summary(id2).unwrap().error_count.unwrap() > 0);
}

#[test]
fn search_by_year_unit_name_code_and_status() {
    let (_d, mut s) = temp_store();
    let forms = seeds();
    let ids = s.create_many(&forms, false, "导入").unwrap();
    assert_eq!(s.list(&Query::default()).unwrap().len(), 7);
    let q = |text: &str| Query {
        text: Some(text.into()),
        ..Query::default()
    };
    let hits = s.list(&q("党政")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].name, "党政事务");
    assert_eq!(s.list(&q("3219")).unwrap().len(), 1);
    assert_eq!(s.list(&q("4403032")).unwrap().len(), 7);
    // LIKE wildcards are literal.
    assert_eq!(s.list(&q("%")).unwrap().len(), 0);
    assert_eq!(s.list(&q("_")).unwrap().len(), 0);
    let by_year = |y: &str| Query {
        year: Some(y.into()),
        ..Query::default()
    };
    assert_eq!(s.list(&by_year("2023")).unwrap().len(), 7);
    assert_eq!(s.list(&by_year("2024")).unwrap().len(), 0);
    let by_unit = Query {
        unit: Some("政务服务数据管理局".into()),
        ..Query::default()
    };
    assert_eq!(s.list(&by_unit).unwrap().len(), 7);
    s.finalise(ids[1]).unwrap();
    let finals = s
        .list(&Query {
            status: Some(Status::Final),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(finals.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[1]]);
    let both = Query {
        text: Some("党政".into()),
        status: Some(Status::Draft),
        ..Query::default()
    };
    let expect_draft = usize::from(forms[1].header.name != "党政事务");
    assert_eq!(s.list(&both).unwrap().len(), expect_draft);
}

#[test]
fn duplicate_carries_header_and_indicators_and_clears_actuals() {
    let (_d, mut s) = temp_store();
    let src = seed("3219");
    let id = s.create(&src).unwrap();
    let copy = s.duplicate(id, None).unwrap();
    let f = s.load(copy).unwrap().form;
    assert_eq!(f.header.year, "2024");
    assert_eq!(f.header.code, src.header.code);
    assert_eq!(f.header.name, src.header.name);
    assert_eq!(f.goals.expected, src.goals.expected);
    assert!(f.goals.actual.is_empty());
    assert_eq!(f.funds.total.executed, None);
    assert_eq!(f.indicators.len(), src.indicators.len());
    for (a, b) in f.indicators.iter().zip(&src.indicators) {
        assert_eq!(
            (&a.level1, &a.level2, &a.name),
            (&b.level1, &b.level2, &b.name)
        );
        assert_eq!((&a.target, a.weight), (&b.target, b.weight));
        assert!(a.actual.is_empty() && a.deviation.is_empty());
        assert_eq!((a.score, a.tier), (None, None));
    }
    let notes = s.revisions(copy).unwrap();
    assert!(notes[0].note.contains("复制自"), "{:?}", notes);
    let y = s.duplicate(id, Some("2030")).unwrap();
    assert_eq!(s.summary(y).unwrap().year, "2030");
}

#[test]
fn finalise_only_without_errors_and_finalised_is_read_only() {
    let (_d, mut s) = temp_store();
    let blank = Form::blank(selfeval_core::Template::default_template());
    let bad = s.create(&blank).unwrap();
    let e = s.finalise(bad).unwrap_err();
    assert!(matches!(e, StoreError::HasErrors { .. }), "{e:?}");
    assert!(e.to_string().contains("不能定稿"), "{e}");
    assert_eq!(s.summary(bad).unwrap().status, Status::Draft);

    let good = s.create(&seed("3219")).unwrap();
    s.finalise(good).unwrap();
    assert_eq!(s.summary(good).unwrap().status, Status::Final);
    let mut edited = seed("3219");
    edited.goals.actual.push('。');
    let e = s.save(good, &edited).unwrap_err();
    assert!(matches!(e, StoreError::Finalised { .. }), "{e:?}");
    assert!(e.to_string().contains("重新打开"), "{e}");
    let e = s.restore_revision(good, 1).unwrap_err();
    assert!(matches!(e, StoreError::Finalised { .. }), "{e:?}");
    assert_eq!(s.load(good).unwrap().form, seed("3219"));
    s.reopen(good).unwrap();
    // 定稿 and 重新打开 are named in the history (revisions 2 and 3, the
    // content unchanged); the next save is revision 4.
    assert_eq!(s.save(good, &edited).unwrap().rev, 4);
    let notes: Vec<String> = s
        .history(good)
        .unwrap()
        .into_iter()
        .map(|e| e.note)
        .collect();
    assert_eq!(notes, vec!["", "重新打开", "定稿", "新建"]);
    // An export is noted too, even on a finalised form.
    s.finalise(good).unwrap();
    let rev = s.mark(good, "导出 XLSX").unwrap();
    assert_eq!(s.history(good).unwrap()[0].note, "导出 XLSX");
    assert_eq!(s.summary(good).unwrap().rev, rev);
    assert_eq!(s.summary(good).unwrap().status, Status::Final);
    assert_eq!(s.load(good).unwrap().form, edited);
}

#[test]
fn trash_restore_and_purge() {
    let (_d, mut s) = temp_store();
    let a = s.create(&seed("3219")).unwrap();
    let b = s.create(&seed("2808")).unwrap();
    s.trash(a).unwrap();
    let live = live_ids(&s);
    assert_eq!(live, [b]);
    let trash_q = Query {
        trashed: true,
        ..Query::default()
    };
    assert_eq!(s.list(&trash_q).unwrap()[0].id, a);
    let e = s.save(a, &seed("3219")).unwrap_err();
    assert!(matches!(e, StoreError::InTrash { .. }), "{e:?}");
    let e = s.purge(b).unwrap_err();
    assert!(matches!(e, StoreError::NotInTrash { .. }), "{e:?}");
    s.restore_from_trash(a).unwrap();
    assert_eq!(s.list(&Query::default()).unwrap().len(), 2);
    assert_eq!(s.load(a).unwrap().form, seed("3219"));
    s.trash(a).unwrap();
    s.purge(a).unwrap();
    assert!(matches!(s.load(a), Err(StoreError::FormNotFound { .. })));
    assert!(matches!(
        s.revision_form(a, 1),
        Err(StoreError::RevisionNotFound { .. })
    ));
    s.trash(b).unwrap();
    assert_eq!(s.empty_trash().unwrap(), 1);
    assert!(s.list(&trash_q).unwrap().is_empty());
}

#[test]
fn examples_are_flagged_and_removed_to_trash() {
    let (_d, mut s) = temp_store();
    let ex = s.create_many(&seeds(), true, "示例").unwrap();
    let own = s.create(&big_form(3)).unwrap();
    let q = Query {
        example: Some(true),
        ..Query::default()
    };
    assert_eq!(s.list(&q).unwrap().len(), 7);
    assert_eq!(s.remove_examples().unwrap(), 7);
    let live = live_ids(&s);
    assert_eq!(live, [own]);
    // Recoverable.
    s.restore_from_trash(ex[0]).unwrap();
    assert!(s.summary(ex[0]).unwrap().example);
    s.set_example(ex[0], false).unwrap();
    assert_eq!(s.remove_examples().unwrap(), 0);
}

#[test]
fn revisions_restore_as_new_revision() {
    let (_d, mut s) = temp_store();
    let v1 = seed("3219");
    let id = s.create(&v1).unwrap();
    let mut v2 = v1.clone();
    v2.header.name = "第二版".into();
    s.save(id, &v2).unwrap();
    let mut v3 = v2.clone();
    v3.goals.expected = "第三版".into();
    s.save(id, &v3).unwrap();
    let r = s.restore_revision(id, 1).unwrap();
    assert_eq!((r.rev, r.changed), (4, true));
    assert_eq!(s.load(id).unwrap().form, v1);
    let revs = s.revisions(id).unwrap();
    assert_eq!(revs.iter().map(|r| r.rev).collect::<Vec<_>>(), [4, 3, 2, 1]);
    assert_eq!(revs[0].note, "恢复自第 1 版");
    assert_eq!(revs[0].hash, revs[3].hash);
    // Restoring the current content adds nothing.
    assert!(!s.restore_revision(id, 4).unwrap().changed);
    assert!(matches!(
        s.restore_revision(id, 99),
        Err(StoreError::RevisionNotFound { .. })
    ));
}

#[test]
fn history_is_thinned_but_newest_kept() {
    let (_d, mut s) = temp_store();
    let mut f = seed("3219");
    let id = s.create(&f).unwrap();
    for i in 0..200 {
        f.goals.actual = format!("第{i}次修改");
        s.save(id, &f).unwrap();
    }
    let revs = s.revisions(id).unwrap();
    assert_eq!(revs[0].rev, 201);
    // All saved within one hour: older ones thinned to the last of the hour,
    // the newest KEEP_LATEST intact, plus the pinned first revision (新建).
    let newest: Vec<i64> = revs.iter().take(KEEP_LATEST).map(|r| r.rev).collect();
    assert_eq!(newest, (152..=201).rev().collect::<Vec<_>>());
    assert!(revs.len() < KEEP_LATEST + 30, "{}", revs.len());
    assert!(revs.iter().any(|r| r.rev == 1));
    for r in &revs {
        let content = s.revision_content(id, r.rev).unwrap();
        assert_eq!(
            selfeval_core::store::history::content_hash(&content),
            r.hash
        );
    }
}

#[test]
fn settings_round_trip() {
    let (_d, mut s) = temp_store();
    assert_eq!(s.get_setting("zoom").unwrap(), None);
    s.set_setting("zoom", &serde_json::json!(1.25)).unwrap();
    s.set_setting(
        "signature",
        &serde_json::json!({"填报人": "张三", "电话": "0755-1234"}),
    )
    .unwrap();
    s.set_setting("zoom", &serde_json::json!(1.5)).unwrap();
    let path = s.path().to_path_buf();
    s.close().unwrap();
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.get_setting("zoom").unwrap(), Some(serde_json::json!(1.5)));
    assert_eq!(s.settings().unwrap().len(), 2);
    assert!(s.remove_setting("zoom").unwrap());
    assert_eq!(s.get_setting("zoom").unwrap(), None);
}

#[test]
fn backup_and_restore_keep_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("selfeval.db");
    let mut s = Store::open(&db).unwrap();
    let id = s.create(&seed("3219")).unwrap();
    let bak = dir.path().join("备份 1.db");
    let e = s.backup_to(&dir.path().join("./selfeval.db")).unwrap_err();
    assert!(e.to_string().contains("备份到它自己"), "{e}");
    let info = s.backup_to(&bak).unwrap();
    assert!(info.size > 0);
    assert_eq!(
        known_backups(&db)[0].path,
        std::path::absolute(&bak).unwrap()
    );
    // Later work, then restore the backup.
    let mut later = seed("3219");
    later.header.name = "备份之后".into();
    s.save(id, &later).unwrap();
    let other = s.create(&seed("2808")).unwrap();
    s.close().unwrap();
    let (s, aside) = Store::restore(&db, &bak).unwrap();
    assert_eq!(s.load(id).unwrap().form, seed("3219"));
    assert!(matches!(
        s.load(other),
        Err(StoreError::FormNotFound { .. })
    ));
    // The replaced database is kept aside, whole.
    let aside = aside.unwrap();
    s.close().unwrap();
    let old = Store::open(&aside).unwrap();
    assert_eq!(old.load(id).unwrap().form.header.name, "备份之后");
    assert!(old.load(other).is_ok());
}

#[test]
fn restore_refuses_a_bad_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("selfeval.db");
    let mut s = Store::open(&db).unwrap();
    s.create(&seed("3219")).unwrap();
    s.close().unwrap();
    let before = std::fs::read(&db).unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"SQLite format 3\0 but then garbage garbage garbage").unwrap();
    let e = Store::restore(&db, &junk).err().unwrap();
    assert!(matches!(e, StoreError::BadBackup { .. }), "{e:?}");
    assert!(e.to_string().contains("未作任何改动"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // A damaged copy of a real database is refused too.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = before.clone();
    common::corrupt_pages(&mut bytes);
    std::fs::write(&damaged, &bytes).unwrap();
    assert!(matches!(
        Store::restore(&db, &damaged),
        Err(StoreError::BadBackup { .. })
    ));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn damage_found_at_open_offers_the_last_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("selfeval.db");
    let mut s = Store::open(&db).unwrap();
    let forms: Vec<Form> = (0..20).map(big_form).collect();
    s.create_many(&forms, false, "导入").unwrap();
    let bak = dir.path().join("backup.db");
    s.backup_to(&bak).unwrap();
    s.close().unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    common::corrupt_pages(&mut bytes);
    std::fs::write(&db, &bytes).unwrap();
    let e = Store::open(&db).err().unwrap();
    match &e {
        StoreError::Damaged { last_backup, .. } => {
            assert_eq!(
                last_backup.as_deref(),
                Some(std::path::absolute(&bak).unwrap().as_path())
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("已损坏"), "{e}");
    assert!(e.to_string().contains("从备份恢复"), "{e}");
    // The damaged file was not touched; restoring the offered backup works.
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(
        last_good_backup(&db).unwrap(),
        std::path::absolute(&bak).unwrap()
    );
    let (s, aside) = Store::restore(&db, &bak).unwrap();
    assert_eq!(s.list(&Query::default()).unwrap().len(), 20);
    assert_eq!(std::fs::read(aside.unwrap()).unwrap(), bytes);
}
