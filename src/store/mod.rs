//! The terminal's SQLite store: a thin set of functions over `schema.sql`.
//!
//! Every write that the gate acknowledges is one transaction with
//! `synchronous=FULL` in WAL mode, so a passage shown as registered survives
//! a killed process or a power cut. No business rules live here: the store
//! answers questions (how many exits did this household make) and the core
//! decides.

pub mod households;
pub mod keys;
pub mod meta;
pub mod outbox;
pub mod passages;
pub mod passes;
pub mod people;
mod schema;
pub mod shifts;

use std::path::Path;

use rusqlite::Connection;

pub use households::HouseholdRow;
pub use meta::Settings;
pub use outbox::OutboxEvent;
pub use passages::CommittedPassage;
pub use people::PersonRow;
pub use schema::CURRENT_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "this store was written by a newer kakou (schema version {found}; this kakou reads up to {supported})"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("this file is an SQLite database, but not a kakou store")]
    NotAStore,
    #[error("no upgrade from schema version {from}")]
    NoUpgrade { from: i64 },
    #[error(
        "this store is not initialised: run `kakou init --community NAME --checkpoint NAME` first"
    )]
    NotInitialised,
    #[error("could not create the folder for the store: {0}")]
    Folder(std::io::Error),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
}

/// An open terminal store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(StoreError::Folder)?;
        }
        Store::configure(Connection::open(path)?)
    }

    /// A store that lives in memory only, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::configure(Connection::open_in_memory()?)
    }

    fn configure(mut conn: Connection) -> Result<Store, StoreError> {
        // WAL keeps readers (the lead's screen) off the writer's back; FULL
        // makes every commit durable before we say "registered".
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: everything it wrote is committed
    /// together, or (on error) nothing is.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in a transaction that is always rolled back: what would
    /// happen, without it happening (`--dry-run`).
    pub fn dry_run<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.rollback()?;
        Ok(value)
    }

    /// Runs SQLite's own consistency check; `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}
