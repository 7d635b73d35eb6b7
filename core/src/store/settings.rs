//! App settings (signature names, default units, PDF font path, zoom, window
//! geometry …): key → JSON value, in the same database as the forms.

use rusqlite::OptionalExtension;
use serde_json::Value;

use super::{Result, Store, StoreError};

impl Store {
    /// The value of a setting, or `None` if never set.
    pub fn get_setting(&self, key: &str) -> Result<Option<Value>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| StoreError::BadSetting {
                key: key.to_string(),
                message: e.to_string(),
            })
        })
        .transpose()
    }

    /// Set (or replace) a setting.
    pub fn set_setting(&mut self, key: &str, value: &Value) -> Result<()> {
        let text = value.to_string();
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, text.as_str()])?;
            Ok(())
        })
    }

    /// Forget a setting. Returns whether it existed.
    pub fn remove_setting(&mut self, key: &str) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0))
    }

    /// Every setting, by key.
    pub fn settings(&self) -> Result<std::collections::BTreeMap<String, Value>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, value FROM settings ORDER BY key")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut out = std::collections::BTreeMap::new();
        for row in rows {
            let (k, t) = row.map_err(|e| self.err(e))?;
            let v = serde_json::from_str(&t).map_err(|e| StoreError::BadSetting {
                key: k.clone(),
                message: e.to_string(),
            })?;
            out.insert(k, v);
        }
        Ok(out)
    }
}
