//! Schema migrations: a fixture database per earlier schema version
//! (`tests/fixtures/db/v<N>.sqlite`) opens with the current code, is
//! migrated, and keeps every form, revision, status, trash entry and setting.
//!
//! The fixtures are made by the ignored test `generate_fixtures`:
//! `cargo test -p selfeval-core --test store_migrations -- --ignored generate_fixtures`.
//! Once committed, a fixture is never regenerated: it stands for databases
//! that users already have.

mod common;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};
use selfeval_core::store::history::content_hash;
use selfeval_core::store::schema::SCHEMA_VERSION;
use selfeval_core::store::{OpenOptions, Query, Status, Store, StoreError};

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/db/v{version}.sqlite"))
}

/// The forms in every fixture: three seeds; the first edited once (2
/// revisions), the second finalised, the third in the trash.
fn fixture_forms() -> Vec<selfeval_core::Form> {
    common::seeds().into_iter().take(3).collect()
}

fn content(f: &selfeval_core::Form) -> String {
    selfeval_core::store::forms::content_of(f)
}

#[test]
#[ignore = "writes tests/fixtures/db/v1.sqlite; run by hand, once per schema version"]
fn generate_fixtures() {
    let path = fixture(1);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    let opts = OpenOptions::default();
    Store::open_at_version(&path, &opts, 1)
        .unwrap()
        .close()
        .unwrap();
    // Schema 1 has no score columns: write with plain SQL of that version.
    let conn = Connection::open(&path).unwrap();
    let forms = fixture_forms();
    let t0 = 1_700_000_000_000i64;
    for (i, f) in forms.iter().enumerate() {
        let id = i as i64 + 1;
        let h = &f.header;
        let status = if i == 1 { "final" } else { "draft" };
        let trashed: Option<i64> = (i == 2).then_some(t0 + 9);
        let mut revs = vec![content(f)];
        if i == 0 {
            let mut g = f.clone();
            g.goals.actual.push_str("（第二版）");
            revs.push(content(&g));
        }
        conn.execute(
            "INSERT INTO forms (id, code, name, year, implementing_unit, budget_unit, status,
             example, rev, created_at, updated_at, trashed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?9, ?10)",
            params![
                id,
                h.code,
                h.name,
                h.year,
                h.implementing_unit,
                h.budget_unit,
                status,
                revs.len() as i64,
                t0 + id,
                trashed
            ],
        )
        .unwrap();
        for (r, c) in revs.iter().enumerate() {
            conn.execute(
                "INSERT INTO revisions (form_id, rev, saved_at, hash, note, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, r as i64 + 1, t0 + id, content_hash(c), "", c],
            )
            .unwrap();
        }
    }
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('signature', '{\"填报人\":\"张三\"}')",
        [],
    )
    .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.execute_batch("VACUUM").unwrap();
}

/// Fixture `version`: the fixture before it migrated one step by that
/// step's code, as databases of that release are.
fn generate_migrated_fixture(version: i64) {
    let path = fixture(version);
    let _ = std::fs::remove_file(&path);
    std::fs::copy(fixture(version - 1), &path).unwrap();
    Store::open_at_version(&path, &OpenOptions::default(), version)
        .unwrap()
        .close()
        .unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.execute_batch("VACUUM").unwrap();
    // What the migration kept beside it is not part of the fixture.
    let dir = path.parent().unwrap();
    let _ = std::fs::remove_file(dir.join(format!("v{version}.sqlite.v{}.bak", version - 1)));
    let _ = std::fs::remove_dir_all(dir.join("backups"));
}

/// Schema 2: the score columns filled.
#[test]
#[ignore = "writes tests/fixtures/db/v2.sqlite from v1; run by hand, once"]
fn generate_fixture_v2() {
    generate_migrated_fixture(2);
}

/// Schema 3: the template column filled.
#[test]
#[ignore = "writes tests/fixtures/db/v3.sqlite from v2; run by hand, once"]
fn generate_fixture_v3() {
    generate_migrated_fixture(3);
}

#[test]
fn there_is_a_fixture_for_every_earlier_version() {
    for v in 1..SCHEMA_VERSION {
        let conn =
            Connection::open_with_flags(fixture(v), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap_or_else(|e| panic!("fixture v{v}: {e}"));
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(found, v, "fixture v{v} has user_version {found}");
    }
}

fn schema_sql(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut st = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    st.query_map([], |r| {
        Ok(format!(
            "{} {} {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn every_earlier_version_migrates_and_keeps_data() {
    for v in 1..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("selfeval.db");
        std::fs::copy(fixture(v), &db).unwrap();
        let mut s = Store::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(s.integrity_check().unwrap().is_empty());
        let forms = fixture_forms();
        let live = s.list(&Query::default()).unwrap();
        assert_eq!(live.len(), 2, "v{v}");
        let trashed = s
            .list(&Query {
                trashed: true,
                ..Query::default()
            })
            .unwrap();
        assert_eq!(trashed.len(), 1);
        assert_eq!(trashed[0].code, forms[2].header.code);
        // Form 1: two revisions, the second current.
        let one = s.load(1).unwrap();
        assert!(one.form.goals.actual.ends_with("（第二版）"));
        assert_eq!(s.revisions(1).unwrap().len(), 2);
        assert_eq!(s.revision_form(1, 1).unwrap(), forms[0]);
        // Form 2 is still finalised; the migrated score columns are filled.
        let two = s.load(2).unwrap();
        assert_eq!(two.form, forms[1]);
        assert_eq!(two.summary.status, Status::Final);
        let ev = selfeval_core::evaluate_form(&forms[1]).unwrap();
        assert_eq!(
            two.summary.total_score.as_deref(),
            Some(selfeval_core::money::fmt2(ev.total_score).as_str())
        );
        assert_eq!(two.summary.error_count, Some(0));
        assert_eq!(two.summary.template, "shenzhen");
        // Step 4's figures too, for the overview and the 汇总表.
        let warnings = ev.count(selfeval_core::Severity::Warning) as i64;
        assert_eq!(two.summary.warning_count, Some(warnings), "v{v}");
        assert_eq!(
            two.summary.annual_budget,
            ev.funds.total.annual_budget.map(|d| d.to_string())
        );
        assert_eq!(
            two.summary.executed,
            ev.funds.total.executed.map(|d| d.to_string())
        );
        assert_eq!(
            two.summary.execution_rate,
            ev.funds.execution_rate.map(selfeval_core::money::fmt2)
        );
        assert_eq!(two.summary.grade.as_deref(), Some(ev.grade.as_str()));
        assert_eq!(
            s.get_setting("signature").unwrap(),
            Some(serde_json::json!({"填报人": "张三"}))
        );
        // Work continues normally.
        let mut g = one.form.clone();
        g.header.name = "迁移之后".into();
        assert_eq!(s.save(1, &g).unwrap().rev, 3);
        s.close().unwrap();
        // A copy of the database as it was is kept before migrating.
        let kept = dir.path().join(format!("selfeval.db.v{v}.bak"));
        let conn = Connection::open(&kept).unwrap();
        let kept_v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(kept_v, v);
        drop(conn);
        // Same schema as a database created by this version.
        let fresh = dir.path().join("fresh.db");
        Store::open(&fresh).unwrap().close().unwrap();
        assert_eq!(schema_sql(&db), schema_sql(&fresh), "v{v}");
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("selfeval.db");
    let mut s = Store::open(&db).unwrap();
    s.create(&common::seed("3219")).unwrap();
    s.close().unwrap();
    {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let e = Store::open(&db).err().unwrap();
    assert!(
        matches!(e, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
        "{e:?}"
    );
    assert!(e.to_string().contains("升级"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["selfeval.db"], "no side files left");
}
