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
    /// What the roster said at sign-in (`roster::SignIn` code); `None`
    /// when there was no roster to check against.
    pub roster_check: Option<String>,
}

pub fn current(conn: &Connection) -> Result<Option<Shift>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, volunteer, started_at, roster_check FROM shifts WHERE ended_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(Shift {
                    id: r.get(0)?,
                    volunteer: r.get(1)?,
                    started_at: r.get(2)?,
                    roster_check: r.get(3)?,
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
/// that at most one shift is ever open, and keeps what the roster said
/// about it. Call inside a transaction.
pub fn open(
    conn: &Connection,
    volunteer: &str,
    now: &str,
    roster_check: Option<&str>,
) -> Result<i64, StoreError> {
    close_open(conn, now)?;
    conn.execute(
        "INSERT INTO shifts (volunteer, started_at, roster_check) VALUES (?1, ?2, ?3)",
        params![volunteer, now, roster_check],
    )?;
    Ok(conn.last_insert_rowid())
}
