//! The schema-6 upgrade of events written before the district existed:
//! each gets its hybrid-clock stamp and local day, and the bodies of the
//! kinds whose shape changed are rewritten to the shape the district reads
//! (`kakou_core::sync::events`). Only events not yet acknowledged matter;
//! the others are never sent again and are left as they were.

use chrono::DateTime;
use kakou_core::sync::hlc::{Hlc, tick};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use super::StoreError;

pub(super) fn stamp_and_reshape(conn: &Connection) -> Result<(), StoreError> {
    let own_key: Option<u32> = conn
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'community_key_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let rows: Vec<(i64, String, String, String)> = conn
        .prepare("SELECT seq, kind, body, created_at FROM outbox ORDER BY seq")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut last = Hlc::default();
    for (seq, kind, body, created_at) in rows {
        let at = DateTime::parse_from_rfc3339(&created_at)
            .map_err(|_| StoreError::Damaged(format!("event {seq} time `{created_at}`")))?;
        let stamp = tick(last, u64::try_from(at.timestamp_millis()).unwrap_or(0));
        last = stamp;
        let body = reshape(conn, &kind, &body, &at.to_rfc3339(), own_key)?;
        conn.execute(
            "UPDATE outbox SET hlc_wall = ?2, hlc_counter = ?3, day = ?4, body = ?5 WHERE seq = ?1",
            params![
                seq,
                stamp.wall_ms as i64,
                stamp.counter,
                at.date_naive().to_string(),
                body
            ],
        )?;
    }
    if last != Hlc::default() {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('hlc_last', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [format!("{}.{}", last.wall_ms, last.counter)],
        )?;
    }
    Ok(())
}

/// An old body in the shape the district reads; a body already in it, or
/// one that does not parse, is kept as it is.
fn reshape(
    conn: &Connection,
    kind: &str,
    body: &str,
    at: &str,
    own_key: Option<u32>,
) -> Result<String, StoreError> {
    let Ok(Value::Object(old)) = serde_json::from_str::<Value>(body) else {
        return Ok(body.to_string());
    };
    let new = match kind {
        "revocation" if !old.contains_key("key_id") => json!({
            "key_id": own_key.unwrap_or(0),
            "serial": old.get("serial"),
            "reason": old.get("reason"),
            "revoked_at": old.get("revoked_at"),
        }),
        "household_status" if old.contains_key("household") => {
            let address = old.get("household").and_then(Value::as_str).unwrap_or("");
            let found: Option<(u32, u32, Option<u32>, Option<u32>)> = conn
                .query_row(
                    "SELECT key_id, number, quota_outings, quota_days FROM households WHERE address = ?1",
                    [address],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((key_id, number, outings, days)) = found else {
                return Ok(body.to_string());
            };
            let quota = outings
                .zip(days)
                .map(|(o, d)| json!({"outings": o, "days": d}));
            json!({"key_id": key_id, "number": number, "status": old.get("status"), "quota": quota})
        }
        "shift_start" | "shift_end" if !old.contains_key("at") => json!({
            "volunteer": old.get("volunteer"),
            "at": old.get("signed_in_at").or(old.get("signed_out_at")).cloned().unwrap_or(json!(at)),
            "implicit": false,
        }),
        _ => return Ok(body.to_string()),
    };
    Ok(new.to_string())
}
