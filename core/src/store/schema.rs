//! The schema: one SQL file per step in `migrations/`, applied in order inside
//! one transaction, with `PRAGMA user_version` counting the steps applied.

use rusqlite::{params, Connection, Transaction, TransactionBehavior};

/// `PRAGMA application_id` of a SelfEval database ('SEVL').
pub const APPLICATION_ID: i64 = 0x5345_564C;

/// One migration step: its SQL, and an optional data step in Rust run right
/// after it in the same transaction.
pub struct Step {
    pub name: &'static str,
    pub sql: &'static str,
    pub after: Option<fn(&Transaction) -> rusqlite::Result<()>>,
}

pub const STEPS: &[Step] = &[
    Step {
        name: "001_initial",
        sql: include_str!("migrations/001_initial.sql"),
        after: None,
    },
    Step {
        name: "002_list_scores",
        sql: include_str!("migrations/002_list_scores.sql"),
        after: Some(backfill_scores),
    },
    Step {
        name: "003_template",
        sql: include_str!("migrations/003_template.sql"),
        after: Some(backfill_templates),
    },
    Step {
        name: "004_list_figures",
        sql: include_str!("migrations/004_list_figures.sql"),
        after: Some(backfill_list_columns),
    },
];

/// The schema version this build writes: the number of steps.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Apply the steps after the database's version up to `target` (at most
/// [`SCHEMA_VERSION`]), all in one transaction: a crash leaves the old schema.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = user_version(&tx)?;
    if from >= target {
        return Ok(());
    }
    for step in STEPS
        .iter()
        .skip(usize::try_from(from).unwrap_or(0))
        .take(usize::try_from(target - from).unwrap_or(0))
    {
        tx.execute_batch(step.sql)?;
        if let Some(after) = step.after {
            after(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()
}

/// Every form's id with the content of its current revision.
fn current_contents(tx: &Transaction) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut st = tx.prepare(
        "SELECT f.id, r.content FROM forms f
         JOIN revisions r ON r.form_id = f.id AND r.rev = f.rev",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Step 2: compute 总分 and the error count of every form's current revision.
fn backfill_scores(tx: &Transaction) -> rusqlite::Result<()> {
    let rows: Vec<_> = current_contents(tx)?
        .into_iter()
        .map(|(id, content)| (id, super::forms::scores_of_content(&content)))
        .collect();
    let mut up = tx.prepare("UPDATE forms SET total_score = ?2, error_count = ?3 WHERE id = ?1")?;
    for (id, (score, errors)) in rows {
        up.execute(params![id, score, errors])?;
    }
    Ok(())
}

/// Step 3: the template of every form's current revision.
fn backfill_templates(tx: &Transaction) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = current_contents(tx)?
        .into_iter()
        .filter_map(|(id, content)| {
            let v = serde_json::from_str::<serde_json::Value>(&content).ok()?;
            Some((id, v["form"]["template"].as_str()?.to_string()))
        })
        .collect();
    let mut up = tx.prepare("UPDATE forms SET template = ?2 WHERE id = ?1")?;
    for (id, t) in rows {
        up.execute(params![id, t])?;
    }
    Ok(())
}

/// Step 4: every list column of every form from its current revision.
fn backfill_list_columns(tx: &Transaction) -> rusqlite::Result<()> {
    for (id, content) in current_contents(tx)? {
        super::forms::set_list_columns_of_content(tx, id, &content)?;
    }
    Ok(())
}
