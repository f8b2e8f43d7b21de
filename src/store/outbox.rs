//! The sync outbox: every committed fact as an event with a UUIDv7 id,
//! kept until the district acknowledges it.

use rusqlite::{Connection, params};

use super::StoreError;

/// One event waiting to be pushed (or already pushed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub body: String,
}

/// A new event id: UUIDv7, so ids sort by creation time.
pub fn new_event_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Queues an event; call inside the transaction that commits the fact itself,
/// so that the fact and its event are never separated.
pub fn enqueue(
    conn: &Connection,
    event_id: &str,
    kind: &str,
    body: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO outbox (event_id, kind, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![event_id, kind, body, now],
    )?;
    Ok(())
}

/// The oldest unacknowledged events, in commit order.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<OutboxEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, event_id, kind, body FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(OutboxEvent {
            seq: r.get(0)?,
            event_id: r.get(1)?,
            kind: r.get(2)?,
            body: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn pending_count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE acked_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}
