//! The audit log (`kakou_core::audit`): who did what that touches people's
//! data or leaves the terminal. Use cases append their entry inside their
//! own transaction ([`record`]), so a deed is never without its entry;
//! commands that write a file append one after it is written ([`append`]).

use chrono::{DateTime, FixedOffset, NaiveDate};
use kakou_core::audit::{AuditEntry, AuditEvent};
use rusqlite::Connection;

use super::{AppError, Terminal};
use crate::store::{StoreError, audit};

/// Appends an entry in the caller's transaction.
pub(super) fn record(
    conn: &Connection,
    who: &str,
    event: AuditEvent,
    at: DateTime<FixedOffset>,
) -> Result<(), StoreError> {
    audit::append(
        conn,
        &AuditEntry {
            at,
            who: who.to_string(),
            event,
        },
    )
}

/// Appends one entry on its own (an export, once its file is written).
pub fn append(
    terminal: &mut Terminal,
    who: &str,
    event: AuditEvent,
    now: DateTime<FixedOffset>,
) -> Result<(), AppError> {
    Ok(terminal
        .store_mut()
        .write(|tx| record(tx, who, event, now))?)
}

/// The entries of the local days `from..=to` (either end open), oldest first.
pub fn list(
    terminal: &Terminal,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<AuditEntry>, AppError> {
    Ok(audit::between(terminal.store().conn(), from, to)?)
}
