//! The sync outbox: every committed fact as an event with a UUIDv7 id, a
//! contiguous `seq`, a hybrid-clock stamp and the gate's local day, kept
//! until the district acknowledges it (and kept after that: rows are never
//! deleted, so `seq` never repeats).

use chrono::{DateTime, NaiveDate};
use kakou_core::sync::hlc::{Hlc, tick};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// One event as stored, ready to be pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub body: String,
    pub body_version: u16,
    pub hlc: Hlc,
    pub day: NaiveDate,
}

/// A new event id: UUIDv7, so ids sort by creation time.
pub fn new_event_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The last stamp this terminal's hybrid clock gave or observed.
pub fn clock(conn: &Connection) -> Result<Hlc, StoreError> {
    let Some(text) = conn
        .query_row("SELECT value FROM meta WHERE key = 'hlc_last'", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    else {
        return Ok(Hlc::default());
    };
    text.split_once('.')
        .and_then(|(w, c)| Some(Hlc::new(w.parse().ok()?, c.parse().ok()?)))
        .ok_or_else(|| StoreError::Damaged(format!("hybrid clock `{text}`")))
}

/// Moves the hybrid clock to `stamp` (never back).
pub fn set_clock(conn: &Connection, stamp: Hlc) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('hlc_last', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [format!("{}.{}", stamp.wall_ms, stamp.counter)],
    )?;
    Ok(())
}

/// The next stamp of this terminal's hybrid clock at wall time `at`.
pub fn tick_clock(
    conn: &Connection,
    at: &DateTime<chrono::FixedOffset>,
) -> Result<Hlc, StoreError> {
    let stamp = tick(
        clock(conn)?,
        u64::try_from(at.timestamp_millis()).unwrap_or(0),
    );
    set_clock(conn, stamp)?;
    Ok(stamp)
}

/// Queues an event of `kind` whose body is the JSON `body`, for a fact
/// committed at `at` (RFC 3339). Call inside the transaction that commits
/// the fact itself, so that the fact and its event are never separated.
/// Returns the event's stamp.
pub fn enqueue(conn: &Connection, kind: &str, body: &str, at: &str) -> Result<Hlc, StoreError> {
    let time = DateTime::parse_from_rfc3339(at)
        .map_err(|_| StoreError::Damaged(format!("event time `{at}`")))?;
    let stamp = tick_clock(conn, &time)?;
    conn.execute(
        "INSERT INTO outbox (event_id, kind, body, created_at, hlc_wall, hlc_counter, day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            new_event_id(),
            kind,
            body,
            at,
            stamp.wall_ms as i64,
            stamp.counter,
            time.date_naive().to_string()
        ],
    )?;
    Ok(stamp)
}

fn event(r: &rusqlite::Row) -> rusqlite::Result<(OutboxEvent, String)> {
    Ok((
        OutboxEvent {
            seq: r.get(0)?,
            event_id: r.get(1)?,
            kind: r.get(2)?,
            body: r.get(3)?,
            body_version: r.get(4)?,
            hlc: Hlc::new(r.get::<_, i64>(5)? as u64, r.get(6)?),
            day: NaiveDate::MIN,
        },
        r.get(7)?,
    ))
}

/// The oldest unacknowledged events, in commit order.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<OutboxEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, event_id, kind, body, body_version, hlc_wall, hlc_counter, day
         FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?1",
    )?;
    events(stmt.query_map([limit as i64], event)?)
}

/// Rows read by [`event`], with their day parsed: a day that does not
/// parse is a damaged store, named by the event's seq.
fn events(
    rows: impl Iterator<Item = rusqlite::Result<(OutboxEvent, String)>>,
) -> Result<Vec<OutboxEvent>, StoreError> {
    rows.map(|row| {
        let (mut e, day) = row?;
        e.day = day
            .parse()
            .map_err(|_| StoreError::Damaged(format!("event {} day `{day}`", e.seq)))?;
        Ok(e)
    })
    .collect()
}

pub fn pending_count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE acked_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Marks every event up to `seq` acknowledged at `at` (those acknowledged
/// before keep their time). Returns how many were newly marked.
pub fn acknowledge_through(conn: &Connection, seq: i64, at: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE outbox SET acked_at = ?2 WHERE seq <= ?1 AND acked_at IS NULL",
        params![seq, at],
    )?)
}

/// The highest seq the district has acknowledged, 0 when none.
pub fn acked_through(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM outbox WHERE acked_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}

/// The event a passage was queued with, as retention needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageEvent {
    pub seq: i64,
    pub event_id: String,
    pub acknowledged: bool,
}

/// The `passage` events of the local days before `day`, by the id of the
/// passage each carries (its body's `id`). One pass over the outbox: the
/// retention job looks up thousands of passages at once, and the outbox has
/// no index on the body.
pub fn passage_events_before(
    conn: &Connection,
    day: NaiveDate,
) -> Result<std::collections::HashMap<String, PassageEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT json_extract(body, '$.id'), seq, event_id, acked_at IS NOT NULL
         FROM outbox WHERE kind = 'passage' AND day < ?1",
    )?;
    let rows = stmt.query_map([day.to_string()], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            PassageEvent {
                seq: r.get(1)?,
                event_id: r.get(2)?,
                acknowledged: r.get(3)?,
            },
        ))
    })?;
    let mut found = std::collections::HashMap::new();
    for row in rows {
        let (id, event) = row?;
        let id = id.ok_or_else(|| {
            StoreError::Damaged(format!("passage event {} has no passage id", event.seq))
        })?;
        found.insert(id, event);
    }
    Ok(found)
}

/// Replaces the body of the event `seq`: only retention does this, to
/// remove the personal fields its passage lost.
pub fn replace_body(conn: &Connection, seq: i64, body: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE outbox SET body = ?2 WHERE seq = ?1",
        params![seq, body],
    )?;
    Ok(())
}

/// Whether the event with `event_id` was acknowledged (retention redacts
/// a visitor's passage only once the district has it).
pub fn is_acknowledged(conn: &Connection, event_id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT acked_at IS NOT NULL FROM outbox WHERE event_id = ?1",
            [event_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// The seq of the oldest unacknowledged event, if any.
pub fn first_pending(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(
        "SELECT MIN(seq) FROM outbox WHERE acked_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Events from `seq` on, acknowledged or not, in order: what a push sends
/// (again, when the district says it lost some).
pub fn batch_from(
    conn: &Connection,
    seq: i64,
    limit: usize,
) -> Result<Vec<OutboxEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, event_id, kind, body, body_version, hlc_wall, hlc_counter, day
         FROM outbox WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
    )?;
    events(stmt.query_map(params![seq, limit as i64], event)?)
}

/// The local day of the store's first event: when it began.
pub fn first_day(conn: &Connection) -> Result<Option<NaiveDate>, StoreError> {
    let day: Option<String> = conn
        .query_row("SELECT day FROM outbox ORDER BY seq LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    day.map(|d| {
        d.parse()
            .map_err(|_| StoreError::Damaged(format!("first event day `{d}`")))
    })
    .transpose()
}
