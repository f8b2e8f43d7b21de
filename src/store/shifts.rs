//! Who is on duty: a shift opens when a volunteer signs in at the kiosk and
//! closes when they sign out (or when the next volunteer signs in).

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// The open shift, if anyone is signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub id: i64,
    pub volunteer: String,
    pub started_at: String,
}

pub fn current(conn: &Connection) -> Result<Option<Shift>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, volunteer, started_at FROM shifts WHERE ended_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(Shift {
                    id: r.get(0)?,
                    volunteer: r.get(1)?,
                    started_at: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Closes every open shift at `now`; returns how many were open.
pub fn close_open(conn: &Connection, now: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE shifts SET ended_at = ?1 WHERE ended_at IS NULL",
        params![now],
    )?)
}

/// Opens a shift for `volunteer`, closing whoever was on duty before, so
/// that at most one shift is ever open. Call inside a transaction.
pub fn open(conn: &Connection, volunteer: &str, now: &str) -> Result<i64, StoreError> {
    close_open(conn, now)?;
    conn.execute(
        "INSERT INTO shifts (volunteer, started_at) VALUES (?1, ?2)",
        params![volunteer, now],
    )?;
    Ok(conn.last_insert_rowid())
}
