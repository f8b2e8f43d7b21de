//! Households: address, status and exit quota, and the exits they made.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use kakou_core::domain::{ExitQuota, Household, HouseholdStatus};

use super::StoreError;

/// A household as stored, with its own exit quota if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub household: Household,
    pub quota: Option<ExitQuota>,
}

const COLUMNS: &str = "id, address, status, quota_outings, quota_days";

fn from_row(row: &Row) -> rusqlite::Result<Result<HouseholdRow, StoreError>> {
    let status: String = row.get(2)?;
    let outings: Option<u32> = row.get(3)?;
    let days: Option<u32> = row.get(4)?;
    let Some(status) = HouseholdStatus::from_code(&status) else {
        return Ok(Err(StoreError::Damaged(format!(
            "household status `{status}`"
        ))));
    };
    Ok(Ok(HouseholdRow {
        household: Household {
            id: row.get(0)?,
            address: row.get(1)?,
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
    param: impl rusqlite::ToSql,
) -> Result<Option<HouseholdRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM households WHERE {filter}");
    conn.query_row(&sql, [param], from_row)
        .optional()?
        .transpose()
}

pub fn by_address(conn: &Connection, address: &str) -> Result<Option<HouseholdRow>, StoreError> {
    one(conn, "address = ?1", address)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<HouseholdRow>, StoreError> {
    one(conn, "id = ?1", id)
}

pub fn all(conn: &Connection) -> Result<Vec<HouseholdRow>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM households ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| r?).collect()
}

/// Every household's address by its id, for commands that name people's
/// homes in bulk.
pub fn addresses(conn: &Connection) -> Result<HashMap<i64, String>, StoreError> {
    Ok(all(conn)?
        .into_iter()
        .map(|h| (h.household.id, h.household.address))
        .collect())
}

/// Inserts a household or updates the one at the same address; returns its id.
pub fn upsert(
    conn: &Connection,
    address: &str,
    status: HouseholdStatus,
    quota: Option<ExitQuota>,
    now: &str,
) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "INSERT INTO households (address, status, quota_outings, quota_days, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (address) DO UPDATE SET status = excluded.status,
             quota_outings = excluded.quota_outings, quota_days = excluded.quota_days,
             updated_at = excluded.updated_at
         RETURNING id",
        params![
            address,
            status.code(),
            quota.map(|q| q.outings),
            quota.map(|q| q.days),
            now
        ],
        |r| r.get(0),
    )?)
}

/// Sets a household's status; false when no such household exists.
pub fn set_status(
    conn: &Connection,
    id: i64,
    status: HouseholdStatus,
    now: &str,
) -> Result<bool, StoreError> {
    let changed = conn.execute(
        "UPDATE households SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.code(), now],
    )?;
    Ok(changed == 1)
}

/// The outings the household used on `first_day` or later (the passages the
/// core counted as household exits when they were committed).
pub fn exits_since(
    conn: &Connection,
    household_id: i64,
    first_day: NaiveDate,
) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM passages WHERE household_id = ?1 AND quota_exit = 1 AND day >= ?2",
        params![household_id, first_day.to_string()],
        |r| r.get(0),
    )?)
}
