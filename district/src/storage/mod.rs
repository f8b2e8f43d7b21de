//! The district's storage: one trait, a SQLite implementation (the default,
//! one file) and a PostgreSQL one (for districts that outgrow a file), with
//! one test suite run against both (`tests/storage.rs`).
//!
//! Handlers only call [`Storage`]. What to do with a pushed batch is decided
//! by `kakou_core::sync::ingest` and `derive`; the implementations look up,
//! carry out and commit, and acknowledge only after a durable commit
//! (SQLite: WAL with `synchronous=FULL`; PostgreSQL: `synchronous_commit=on`).

mod common;
mod derive;
mod postgres;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::district_report::{CheckpointKey, TerminalDay};
use kakou_core::sync::protocol::PullResponse;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub use derive::{HouseholdConflict, MAX_AHEAD_MS};
pub use postgres::PostgresStorage;
pub use sqlite::SqliteStorage;

/// A terminal as the district knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terminal {
    pub id: String,
    pub community: String,
    pub checkpoint: String,
    /// The highest seq stored for this terminal.
    pub acked_through: u64,
    pub enrolled_at: String,
    pub last_push_at: Option<String>,
    pub revoked_at: Option<String>,
    pub blocked_at: Option<String>,
    pub blocked_reason: Option<String>,
}

/// A new enrolment code, already hashed.
#[derive(Debug, Clone)]
pub struct NewEnrollCode {
    pub code_hash: String,
    pub community: String,
    pub checkpoint: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// One enrolment attempt.
#[derive(Debug, Clone)]
pub struct EnrollAttempt {
    pub code_hash: String,
    pub terminal: String,
    pub token_hash: String,
    pub now: DateTime<Utc>,
}

/// Why an enrolment was refused. Nothing is written then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrollRefusal {
    UnknownCode,
    UsedCode,
    ExpiredCode,
    /// The terminal exists for another checkpoint, or is revoked or blocked.
    Refused(String),
}

/// What became of a pushed batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// Every event is stored (or was already, identically).
    Stored { acked_through: u64 },
    /// The batch skipped ahead; the events before the gap are stored.
    Gap { acked_through: u64, expected: u64 },
    /// An event reused a stored id with other content (refused and flagged);
    /// the events before it are stored.
    Conflict {
        acked_through: u64,
        index: usize,
        id: String,
    },
    /// The batch showed a cloned terminal: nothing stored, terminal blocked.
    Blocked,
    /// The terminal was revoked or blocked before this push.
    Refused { revoked: bool },
    /// Another writer stored one of these ids at the same moment; nothing
    /// stored, try again.
    Retry,
}

/// A user of the district's web pages (issue 15).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    pub community: Option<String>,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sees every community.
    Admin,
    /// Sees one community.
    Lead,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Lead => "lead",
        }
    }
}

/// Something the district flags for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// `event_conflict`, `cloned_terminal`, `clock_ahead`,
    /// `foreign_community_key`, `key_mismatch`.
    pub kind: String,
    pub terminal: String,
    pub event_id: Option<String>,
    pub detail: serde_json::Value,
    pub created_at: String,
}

/// What `report daily` needs of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayInputs {
    /// Every (community, checkpoint) with an enrolled terminal that is not revoked.
    pub enrolled: BTreeSet<CheckpointKey>,
    /// The day's passages per checkpoint and terminal.
    pub passages: BTreeMap<CheckpointKey, Vec<TerminalDay>>,
    /// The checkpoints that sent a daily report for the day.
    pub reported: BTreeSet<CheckpointKey>,
}

/// A failure of the storage itself (not of the request).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("database connection pool: {0}")]
    Pool(String),
    #[error("the stored data is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Invalid(String),
    #[error("a user named `{0}` exists already")]
    UserExists(String),
    #[error(
        "the database was made by a newer kakou-district (schema {found}, this one knows {known})"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("storage task failed: {0}")]
    Task(String),
}

/// The district's storage.
#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Stores a new enrolment code.
    async fn create_enroll_code(&self, code: &NewEnrollCode) -> Result<(), StorageError>;

    /// Uses a code to enrol a terminal (or give an enrolled one a new token).
    async fn enroll(
        &self,
        attempt: &EnrollAttempt,
    ) -> Result<Result<Terminal, EnrollRefusal>, StorageError>;

    /// The terminal a token hash belongs to, revoked and blocked ones included.
    async fn authenticate(&self, token_hash: &str) -> Result<Option<Terminal>, StorageError>;

    /// Stores a checked batch for a terminal (see [`PushOutcome`]). `now` is
    /// the district's clock: received times and the limit for stamps ahead.
    async fn push(
        &self,
        terminal: &Terminal,
        events: Vec<CheckedEvent>,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, StorageError>;

    /// Master data changes after `since` for a terminal of `community`.
    async fn pull(
        &self,
        community: &str,
        since: u64,
        limit: u32,
    ) -> Result<PullResponse, StorageError>;

    /// The newest change number.
    async fn latest_change(&self) -> Result<u64, StorageError>;

    async fn add_user(&self, user: &NewUser) -> Result<(), StorageError>;

    async fn terminals(&self) -> Result<Vec<Terminal>, StorageError>;

    /// Revokes a terminal; false when no such terminal exists. Revoking
    /// twice keeps the first time.
    async fn revoke_terminal(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StorageError>;

    async fn day_inputs(&self, day: NaiveDate) -> Result<DayInputs, StorageError>;

    /// Household edits that lost last-writer-wins, newest first.
    async fn household_conflicts(
        &self,
        community: &str,
    ) -> Result<Vec<HouseholdConflict>, StorageError>;

    async fn flags(&self) -> Result<Vec<Flag>, StorageError>;
}

/// Opens the storage a `--db` argument names: a `postgres://` or
/// `postgresql://` URL, or else a SQLite file path (created when missing).
pub async fn open(db: &str) -> Result<Arc<dyn Storage>, StorageError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStorage::connect(db).await?))
    } else {
        let path = std::path::PathBuf::from(db);
        let storage = tokio::task::spawn_blocking(move || SqliteStorage::open(&path))
            .await
            .map_err(|e| StorageError::Task(e.to_string()))??;
        Ok(Arc::new(storage))
    }
}

/// Milliseconds since the epoch of a district clock reading.
pub(crate) fn epoch_ms(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp_millis()).unwrap_or(0)
}

/// The text form of district times in the database.
pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
