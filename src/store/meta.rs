//! This terminal's settings: which community and checkpoint it serves.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};

/// Who this terminal is. Set once by `kakou init`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub community: String,
    pub checkpoint: String,
    /// A UUID naming this terminal in sync and in the district's records.
    pub terminal_id: String,
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn save_settings(conn: &Connection, settings: &Settings) -> Result<(), StoreError> {
    set(conn, "community", &settings.community)?;
    set(conn, "checkpoint", &settings.checkpoint)?;
    set(conn, "terminal_id", &settings.terminal_id)
}

impl Store {
    /// The terminal's settings, or [`StoreError::NotInitialised`].
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let required = |key| get(self.conn(), key)?.ok_or(StoreError::NotInitialised);
        Ok(Settings {
            community: required("community")?,
            checkpoint: required("checkpoint")?,
            terminal_id: required("terminal_id")?,
        })
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<(), StoreError> {
        self.write(|tx| save_settings(tx, settings))
    }
}

/// When people or households last changed in this store: the "data as of"
/// a volunteer is shown.
pub fn master_data_changed_at(
    conn: &Connection,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, StoreError> {
    let latest: Option<String> = conn.query_row(
        "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM people
                             UNION ALL SELECT max(updated_at) FROM households)",
        [],
        |r| r.get(0),
    )?;
    latest
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(&t)
                .map_err(|_| StoreError::Damaged(format!("update time `{t}`")))
        })
        .transpose()
}
