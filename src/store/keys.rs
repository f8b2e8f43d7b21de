//! Trusted public keys and revoked pass serials: what a gate needs to
//! verify passes offline.

use std::collections::HashSet;

use rusqlite::{Connection, params};

use super::StoreError;

/// One trusted issuing key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKeyRow {
    pub key_id: u32,
    pub community: String,
    pub public_key: [u8; 32],
}

pub fn trusted(conn: &Connection) -> Result<Vec<TrustedKeyRow>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT key_id, community, public_key FROM trusted_keys ORDER BY key_id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (key_id, community, bytes) = row?;
        let public_key = <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| StoreError::Damaged(format!("public key {key_id} is not 32 bytes")))?;
        Ok(TrustedKeyRow {
            key_id,
            community,
            public_key,
        })
    })
    .collect()
}

/// Adds or replaces a trusted key.
pub fn trust(conn: &Connection, key: &TrustedKeyRow) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO trusted_keys (key_id, community, public_key) VALUES (?1, ?2, ?3)
         ON CONFLICT (key_id) DO UPDATE SET community = excluded.community,
             public_key = excluded.public_key",
        params![key.key_id, key.community, key.public_key.as_slice()],
    )?;
    Ok(())
}

/// Revokes a serial; revoking twice keeps the first reason and time.
pub fn revoke(conn: &Connection, serial: u64, reason: &str, now: &str) -> Result<bool, StoreError> {
    let added = conn.execute(
        "INSERT INTO revocations (serial, reason, revoked_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (serial) DO NOTHING",
        params![serial as i64, reason, now],
    )?;
    Ok(added == 1)
}

pub fn revoked(conn: &Connection) -> Result<HashSet<u64>, StoreError> {
    let mut stmt = conn.prepare("SELECT serial FROM revocations")?;
    let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    Ok(rows
        .map(|r| r.map(|s| s as u64))
        .collect::<Result<_, _>>()?)
}

/// The serials of every pass ever issued to a person.
pub fn serials_of_person(conn: &Connection, person_id: i64) -> Result<Vec<u64>, StoreError> {
    let mut stmt = conn.prepare("SELECT serial FROM passes WHERE person_id = ?1")?;
    let rows = stmt.query_map([person_id], |r| r.get::<_, i64>(0))?;
    Ok(rows
        .map(|r| r.map(|s| s as u64))
        .collect::<Result<_, _>>()?)
}
