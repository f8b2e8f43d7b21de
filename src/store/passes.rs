//! Issued passes: the exact QR text of every card, so it can be printed again.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::StoreError;

/// A pass as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassRow {
    pub serial: u64,
    pub person_id: i64,
    pub key_id: u32,
    pub category: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub text: String,
    pub revoked: Option<String>,
}

/// The next free serial: one more than the highest ever issued.
pub fn next_serial(conn: &Connection) -> Result<u64, StoreError> {
    let max: Option<i64> = conn.query_row("SELECT max(serial) FROM passes", [], |r| r.get(0))?;
    Ok(max.map_or(1, |m| m as u64 + 1))
}

pub fn insert(conn: &Connection, pass: &PassRow, issued_at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO passes (serial, person_id, key_id, category, valid_from, valid_until, text, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            pass.serial as i64,
            pass.person_id,
            pass.key_id,
            pass.category,
            pass.valid_from.to_string(),
            pass.valid_until.to_string(),
            pass.text,
            issued_at
        ],
    )?;
    Ok(())
}

/// Every pass, oldest first, with its revocation reason if revoked.
pub fn all(conn: &Connection) -> Result<Vec<PassRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT p.serial, p.person_id, p.key_id, p.category, p.valid_from, p.valid_until, p.text, r.reason
         FROM passes p LEFT JOIN revocations r ON r.key_id = p.key_id AND r.serial = p.serial
         ORDER BY p.serial",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (serial, person_id, key_id, category, from, until, text, revoked) = row?;
        let date = |s: String| {
            s.parse::<NaiveDate>()
                .map_err(|_| StoreError::Damaged(format!("pass {serial} date `{s}`")))
        };
        Ok(PassRow {
            serial: serial as u64,
            person_id,
            key_id,
            category,
            valid_from: date(from)?,
            valid_until: date(until)?,
            text,
            revoked,
        })
    })
    .collect()
}

/// People who hold a pass valid on `day` that is not revoked.
pub fn holders_valid_on(conn: &Connection, day: NaiveDate) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT p.person_id FROM passes p
         WHERE p.valid_from <= ?1 AND p.valid_until >= ?1
           AND NOT EXISTS (SELECT 1 FROM revocations r
                           WHERE r.key_id = p.key_id AND r.serial = p.serial)",
    )?;
    let rows = stmt.query_map([day.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A person's cards not revoked and not expired on `day`, as (key id,
/// serial): the cards a new one replaces.
pub fn in_force_for(
    conn: &Connection,
    person_id: i64,
    day: NaiveDate,
) -> Result<Vec<(u32, u64)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT p.key_id, p.serial FROM passes p
         WHERE p.person_id = ?1 AND p.valid_until >= ?2
           AND NOT EXISTS (SELECT 1 FROM revocations r
                           WHERE r.key_id = p.key_id AND r.serial = p.serial)
         ORDER BY p.serial",
    )?;
    let rows = stmt.query_map(rusqlite::params![person_id, day.to_string()], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether this store issued (or imported) the pass with `serial`.
pub fn exists(conn: &Connection, serial: u64) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM passes WHERE serial = ?1)",
        [serial as i64],
        |r| r.get(0),
    )?)
}

/// Whether this store keeps the pass register at all (a gate that only
/// received the trust list does not).
pub fn any(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM passes)", [], |r| r.get(0))?)
}
