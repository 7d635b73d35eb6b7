//! The trash: deleting a form moves it here (with its history); it can be
//! restored, or purged for good. Nothing leaves the database except by purge.

use rusqlite::params;

use super::forms::{head, FormId};
use super::{now_ms, Result, Store, StoreError};

impl Store {
    /// Move a form to the trash. A form already there stays as it is.
    pub fn trash(&mut self, id: FormId) -> Result<()> {
        let now = now_ms();
        self.write(|tx| {
            head(tx, id)?;
            tx.execute(
                "UPDATE forms SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Take a form out of the trash, as it was.
    pub fn restore_from_trash(&mut self, id: FormId) -> Result<()> {
        self.write(|tx| {
            let h = head(tx, id)?;
            if !h.trashed {
                return Err(StoreError::NotInTrash { id, name: h.name });
            }
            tx.execute("UPDATE forms SET trashed_at = NULL WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Delete a trashed form and all its revisions for good.
    /// An automatic backup is taken first (and the purge refused if it
    /// cannot be written): deleting for good is the one step that loses data.
    pub fn purge(&mut self, id: FormId) -> Result<()> {
        let h = head(&self.conn, id).map_err(|e| e.with_path(&self.path))?;
        if !h.trashed {
            return Err(StoreError::NotInTrash { id, name: h.name });
        }
        self.backup_before(super::auto_backup::Reason::Purge)?;
        self.write(|tx| {
            let h = head(tx, id)?;
            if !h.trashed {
                return Err(StoreError::NotInTrash { id, name: h.name });
            }
            tx.execute("DELETE FROM forms WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Purge everything in the trash. Returns how many forms were deleted.
    /// An automatic backup is taken first, when there is something to delete.
    pub fn empty_trash(&mut self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM forms WHERE trashed_at IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if n > 0 {
            self.backup_before(super::auto_backup::Reason::Purge)?;
        }
        self.write(|tx| Ok(tx.execute("DELETE FROM forms WHERE trashed_at IS NOT NULL", [])?))
    }
}
