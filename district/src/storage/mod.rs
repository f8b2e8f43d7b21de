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
mod postgres_web;
mod sqlite;
mod sqlite_web;
mod web_types;

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
pub use web_types::{
    AuditEntry, Community, HouseholdView, NewCommunity, NewSession, Session, StoredPassage, User,
    VisitorRecord,
};

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
    #[error("no community named `{0}`")]
    NoCommunity(String),
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

    // The web pages (issue 15).

    async fn user(&self, name: &str) -> Result<Option<User>, StorageError>;

    async fn create_session(&self, session: &NewSession) -> Result<(), StorageError>;

    /// The session a cookie's token hash belongs to, if it has not expired
    /// at `now`.
    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StorageError>;

    /// Ends a session (log-out); also drops every session expired at `now`.
    async fn delete_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    /// The community named `new.name`, created with `new`'s slug and
    /// visitor key when it does not exist yet: then the key's public half
    /// becomes a trusted key of role `visitor` in the pull feed, in the
    /// same transaction. An existing community keeps its slug and key.
    async fn ensure_community(&self, new: &NewCommunity) -> Result<Community, StorageError>;

    /// Every community, by name.
    async fn communities(&self) -> Result<Vec<Community>, StorageError>;

    /// Every community name that enrolment codes or terminals use, whether
    /// or not it has a community row yet.
    async fn named_communities(&self) -> Result<Vec<String>, StorageError>;

    /// The visitor key's seed (64 hex digits) of a community.
    async fn visitor_secret(&self, community: &str) -> Result<Option<String>, StorageError>;

    /// A community's households whose address is known.
    async fn households(&self, community: &str) -> Result<Vec<HouseholdView>, StorageError>;

    /// The passages of the days `from..=to` (the gates' local days), of one
    /// community or of all, in (day, terminal, seq) order.
    async fn passages(
        &self,
        community: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredPassage>, StorageError>;

    /// The exit quota in a community's newest `gate_config` that sets one:
    /// what its gates apply to households without a quota of their own.
    async fn default_exit_quota(
        &self,
        community: &str,
    ) -> Result<Option<kakou_core::domain::ExitQuota>, StorageError>;

    /// Takes the next serial of a community's pink passes.
    async fn next_visitor_serial(&self, community: &str) -> Result<u64, StorageError>;

    async fn add_visitor(&self, visitor: &VisitorRecord) -> Result<(), StorageError>;

    async fn visitor(&self, token_hash: &str) -> Result<Option<VisitorRecord>, StorageError>;

    /// A community's visitors for the days `from..=to`, by day and serial.
    async fn visitors(
        &self,
        community: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<VisitorRecord>, StorageError>;

    async fn add_audit(&self, entry: &AuditEntry) -> Result<(), StorageError>;

    /// The newest `limit` audit entries, newest first.
    async fn audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StorageError>;
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
