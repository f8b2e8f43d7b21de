//! Households: their name in the community (key id and number), address,
//! status and exit quota, and the exits they made.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use kakou_core::domain::{ExitQuota, Household, HouseholdRef, HouseholdStatus};
use kakou_core::sync::hlc::Hlc;

use super::{StoreError, meta};

/// A household as stored, with its own exit quota if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    /// This store's row id, which its people point at; never shown or sent.
    pub id: i64,
    pub household: Household,
    pub quota: Option<ExitQuota>,
}

const COLUMNS: &str = "id, key_id, number, address, status, quota_outings, quota_days";

fn from_row(row: &Row) -> rusqlite::Result<Result<HouseholdRow, StoreError>> {
    let status: String = row.get(4)?;
    let outings: Option<u32> = row.get(5)?;
    let days: Option<u32> = row.get(6)?;
    let Some(status) = HouseholdStatus::from_code(&status) else {
        return Ok(Err(StoreError::Damaged(format!(
            "household status `{status}`"
        ))));
    };
    Ok(Ok(HouseholdRow {
        id: row.get(0)?,
        household: Household {
            reference: HouseholdRef {
                key_id: row.get(1)?,
                number: row.get(2)?,
            },
            address: row.get(3)?,
            status,
        },
        quota: outings
            .zip(days)
            .map(|(outings, days)| ExitQuota { outings, days }),
    }))
}

fn one(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Option<HouseholdRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM households WHERE {filter}");
    conn.query_row(&sql, params, from_row)
        .optional()?
        .transpose()
}

pub fn by_address(conn: &Connection, address: &str) -> Result<Option<HouseholdRow>, StoreError> {
    one(conn, "address = ?1", [address])
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<HouseholdRow>, StoreError> {
    one(conn, "id = ?1", [id])
}

pub fn by_reference(
    conn: &Connection,
    reference: HouseholdRef,
) -> Result<Option<HouseholdRow>, StoreError> {
    one(
        conn,
        "key_id = ?1 AND number = ?2",
        params![reference.key_id, reference.number],
    )
}

pub fn all(conn: &Connection) -> Result<Vec<HouseholdRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM households ORDER BY key_id, number"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| r?).collect()
}

/// Every household's address by its row id, for commands that name people's
/// homes in bulk.
pub fn addresses(conn: &Connection) -> Result<HashMap<i64, String>, StoreError> {
    Ok(all(conn)?
        .into_iter()
        .map(|h| (h.id, h.household.address))
        .collect())
}

/// On the issuing store: updates the household at `address`, or numbers a
/// new one under the community's key. Returns its row id.
pub fn upsert(
    conn: &Connection,
    key_id: u32,
    address: &str,
    status: HouseholdStatus,
    quota: Option<ExitQuota>,
    now: &str,
) -> Result<i64, StoreError> {
    if let Some(row) = by_address(conn, address)? {
        conn.execute(
            "UPDATE households SET status = ?2, quota_outings = ?3, quota_days = ?4,
                 updated_at = ?5 WHERE id = ?1",
            params![
                row.id,
                status.code(),
                quota.map(|q| q.outings),
                quota.map(|q| q.days),
                now
            ],
        )?;
        return Ok(row.id);
    }
    let number = meta::take_household_number(conn)?;
    insert(
        conn,
        HouseholdRef { key_id, number },
        address,
        status,
        quota,
        now,
    )
}

fn insert(
    conn: &Connection,
    reference: HouseholdRef,
    address: &str,
    status: HouseholdStatus,
    quota: Option<ExitQuota>,
    now: &str,
) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "INSERT INTO households (key_id, number, address, status, quota_outings, quota_days,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![
            reference.key_id,
            reference.number,
            address,
            status.code(),
            quota.map(|q| q.outings),
            quota.map(|q| q.days),
            now
        ],
        |r| r.get(0),
    )?)
}

/// On a verifier gate: the households of the community of `key_id`
/// become exactly `households` (from a bundle). Call inside a transaction.
pub fn replace_community(
    conn: &Connection,
    key_id: u32,
    households: &[(u32, String, HouseholdStatus, Option<ExitQuota>)],
    now: &str,
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM households WHERE key_id = ?1", [key_id])?;
    for (number, address, status, quota) in households {
        let reference = HouseholdRef {
            key_id,
            number: *number,
        };
        insert(conn, reference, address, *status, *quota, now)?;
    }
    Ok(())
}

/// Sets a household's status, as edited at `stamp` by `terminal`; false
/// when no such household exists.
pub fn set_status(
    conn: &Connection,
    id: i64,
    status: HouseholdStatus,
    now: &str,
    stamp: Hlc,
    terminal: &str,
) -> Result<bool, StoreError> {
    let changed = conn.execute(
        "UPDATE households SET status = ?2, updated_at = ?3, status_hlc_wall = ?4,
             status_hlc_counter = ?5, status_terminal = ?6 WHERE id = ?1",
        params![
            id,
            status.code(),
            now,
            stamp.wall_ms as i64,
            stamp.counter,
            terminal
        ],
    )?;
    Ok(changed == 1)
}

/// Who last set a household's status and quota, and when.
pub fn status_stamp(conn: &Connection, id: i64) -> Result<(Hlc, String), StoreError> {
    Ok(conn.query_row(
        "SELECT status_hlc_wall, status_hlc_counter, status_terminal FROM households WHERE id = ?1",
        [id],
        |r| Ok((Hlc::new(r.get::<_, i64>(0)? as u64, r.get(1)?), r.get(2)?)),
    )?)
}

/// Takes a household's status and quota from an edit that won elsewhere.
pub fn set_status_and_quota(
    conn: &Connection,
    id: i64,
    status: HouseholdStatus,
    quota: Option<ExitQuota>,
    now: &str,
    stamp: Hlc,
    terminal: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE households SET status = ?2, quota_outings = ?3, quota_days = ?4, updated_at = ?5,
             status_hlc_wall = ?6, status_hlc_counter = ?7, status_terminal = ?8 WHERE id = ?1",
        params![
            id,
            status.code(),
            quota.map(|q| q.outings),
            quota.map(|q| q.days),
            now,
            stamp.wall_ms as i64,
            stamp.counter,
            terminal
        ],
    )?;
    Ok(())
}

/// The outings the household used on `first_day` or later (the passages the
/// core counted as household exits when they were committed).
pub fn exits_since(
    conn: &Connection,
    household: HouseholdRef,
    first_day: NaiveDate,
) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM passages
         WHERE household_key = ?1 AND household_number = ?2 AND quota_exit = 1 AND day >= ?3",
        params![household.key_id, household.number, first_day.to_string()],
        |r| r.get(0),
    )?)
}

/// A household as the district holds it, taken whole (a gate that did not
/// have it, or whose edit lost): inserted or replaced by (key id, number).
#[allow(clippy::too_many_arguments)]
pub fn put_from_district(
    conn: &Connection,
    reference: HouseholdRef,
    address: &str,
    status: HouseholdStatus,
    quota: Option<ExitQuota>,
    now: &str,
    stamp: Hlc,
    terminal: &str,
) -> Result<(), StoreError> {
    let id = match by_reference(conn, reference)? {
        Some(row) => {
            conn.execute(
                "UPDATE households SET address = ?2 WHERE id = ?1",
                params![row.id, address],
            )?;
            row.id
        }
        None => insert(conn, reference, address, status, quota, now)?,
    };
    set_status_and_quota(conn, id, status, quota, now, stamp, terminal)
}

/// One household edit that lost last-writer-wins, for the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub reference: HouseholdRef,
    pub kept_status: HouseholdStatus,
    pub lost_status: HouseholdStatus,
    pub lost_quota: Option<ExitQuota>,
    pub lost: (Hlc, String),
    pub kept: (Hlc, String),
    pub noted_at: String,
}

fn stamp_text(stamp: Hlc) -> String {
    format!("{}.{}", stamp.wall_ms, stamp.counter)
}

pub fn note_conflict(conn: &Connection, c: &Conflict) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO household_conflicts (key_id, number, kept_status, lost_status, lost_quota,
             lost_hlc, lost_terminal, kept_hlc, kept_terminal, noted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            c.reference.key_id,
            c.reference.number,
            c.kept_status.code(),
            c.lost_status.code(),
            c.lost_quota.map(|q| format!("{}/{}", q.outings, q.days)),
            stamp_text(c.lost.0),
            c.lost.1,
            stamp_text(c.kept.0),
            c.kept.1,
            c.noted_at
        ],
    )?;
    Ok(())
}

/// How many lost edits are kept for the lead.
pub fn conflict_count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM household_conflicts", [], |r| r.get(0))?)
}
