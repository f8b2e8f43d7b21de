//! The open store: one SQLite connection, configured for durable commits,
//! and the transactions every write runs in.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{StoreError, schema};

/// An open terminal store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema
    /// up to date. A new store file is readable by its owner only: it holds
    /// people's ID numbers and phones (SQLite gives its -wal and -shm files
    /// the same permissions).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(StoreError::Folder)?;
        }
        if !path.exists() {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(path) {
                Ok(_) => {}
                // Someone else made it in between: open theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(StoreError::Create(e)),
            }
        }
        Store::configure(Connection::open(path)?)
    }

    /// Writes everything in the WAL into the database file and empties the
    /// WAL, so that the file alone holds the whole store (before it is
    /// renamed into place).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
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
        self.transaction(f)
    }

    /// [`Store::write`] for a closure with its own error type, for use cases
    /// whose refusals are not store errors (a pass that cannot be issued).
    ///
    /// The transaction takes the write lock when it begins (`BEGIN
    /// IMMEDIATE`), so a second writer (an import while the kiosk commits)
    /// waits its turn under the busy timeout instead of failing half-way
    /// when its read lock cannot be upgraded.
    pub fn transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Runs `f` in a transaction that is always rolled back: what would
    /// happen, without it happening (`--dry-run`).
    pub fn dry_run<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
