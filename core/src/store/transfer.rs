//! Moving to a new computer: 导出全部 writes every form (with its history, or
//! only its current state) to one file, a checked SelfEval database, and
//! 导入全部 adds the forms of such a file (or of any backup) to this database
//! as they were: status, 示例 mark, history and times; the trash stays
//! behind. Importing the same file twice adds the forms twice, as importing
//! any file does.

use std::path::Path;

use super::backup::verify_backup;
use super::error::from_sqlite;
use super::forms::FormId;
use super::{Result, Store, StoreError};

impl Store {
    /// Write every form to `dest` (a SelfEval database, checked before it
    /// replaces anything there). Without `history`, each form keeps only its
    /// current revision and the trash is left out.
    pub fn export_all(&self, dest: &Path, history: bool) -> Result<u64> {
        self.write_backup(dest)?;
        if !history {
            let conn = rusqlite::Connection::open(dest).map_err(|e| from_sqlite(dest, e))?;
            let sq = |e| from_sqlite(dest, e);
            conn.execute_batch(
                "PRAGMA foreign_keys = ON;
                 DELETE FROM forms WHERE trashed_at IS NOT NULL;
                 DELETE FROM revisions WHERE rev <> (SELECT f.rev FROM forms f WHERE f.id = revisions.form_id);
                 VACUUM;",
            )
            .map_err(sq)?;
            drop(conn);
            verify_backup(dest)?;
        }
        Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
    }

    /// Add the forms of the SelfEval database `src` (an 导出全部 file or a
    /// backup) to this one, with their history. Returns the new ids.
    pub fn import_all(&mut self, src: &Path) -> Result<Vec<FormId>> {
        verify_backup(src)?;
        let src_str = src.to_str().ok_or_else(|| StoreError::Io {
            path: src.to_path_buf(),
            message: "路径含有无法识别的字符，请换一个文件名".into(),
        })?;
        if std::fs::canonicalize(src).ok() == std::fs::canonicalize(&self.path).ok() {
            return Err(StoreError::Io {
                path: src.to_path_buf(),
                message: "这就是当前的数据库，不能导入它自己".into(),
            });
        }
        self.conn
            .execute("ATTACH DATABASE ?1 AS other", [src_str])
            .map_err(|e| from_sqlite(src, e))?;
        let result = self.write(|tx| {
            let ids: Vec<i64> = tx
                .prepare("SELECT id FROM other.forms WHERE trashed_at IS NULL ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            // The list columns are computed here from each form's current
            // revision: the file may be of an older schema or version.
            let insert_form = "INSERT INTO forms (code, name, year, implementing_unit, budget_unit,
                                    status, example, rev, created_at, updated_at, trashed_at)
                 SELECT code, name, year, implementing_unit, budget_unit, status, example,
                        rev, created_at, updated_at, NULL
                 FROM other.forms WHERE id = ?1";
            let mut new_ids = Vec::with_capacity(ids.len());
            for old in ids {
                tx.execute(insert_form, [old])?;
                let new = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO revisions (form_id, rev, saved_at, hash, note, content)
                     SELECT ?2, rev, saved_at, hash, note, content
                     FROM other.revisions WHERE form_id = ?1",
                    [old, new],
                )?;
                let content: String = tx.query_row(
                    "SELECT r.content FROM forms f JOIN revisions r
                     ON r.form_id = f.id AND r.rev = f.rev WHERE f.id = ?1",
                    [new],
                    |r| r.get(0),
                )?;
                super::forms::set_list_columns_of_content(tx, new, &content)?;
                new_ids.push(new);
            }
            Ok(new_ids)
        });
        let _ = self.conn.execute("DETACH DATABASE other", []);
        result
    }
}
