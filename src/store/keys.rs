//! Trusted public keys and revoked cards: what a gate needs to verify
//! passes offline. A key is identified by its public key (two keys may share
//! a 32-bit id by chance), a revoked card by (key id, serial).

use std::collections::HashSet;

use kakou_core::pass::KeyRole;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// One trusted key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKeyRow {
    pub key_id: u32,
    pub community: String,
    pub public_key: [u8; 32],
    pub role: KeyRole,
}

type RawKey = (u32, String, Vec<u8>, String);

fn key_row(raw: RawKey) -> Result<TrustedKeyRow, StoreError> {
    let (key_id, community, bytes, role) = raw;
    let public_key = <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| StoreError::Damaged(format!("public key {key_id} is not 32 bytes")))?;
    let role = KeyRole::from_code(&role)
        .ok_or_else(|| StoreError::Damaged(format!("key role `{role}`")))?;
    Ok(TrustedKeyRow {
        key_id,
        community,
        public_key,
        role,
    })
}

fn raw_key(r: &rusqlite::Row) -> rusqlite::Result<RawKey> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

/// Every trusted key, in the order they were first trusted.
pub fn trusted(conn: &Connection) -> Result<Vec<TrustedKeyRow>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT key_id, community, public_key, role FROM trusted_keys ORDER BY rowid")?;
    let rows = stmt.query_map([], raw_key)?;
    rows.map(|row| key_row(row?)).collect()
}

pub fn by_public_key(
    conn: &Connection,
    public_key: &[u8; 32],
) -> Result<Option<TrustedKeyRow>, StoreError> {
    conn.query_row(
        "SELECT key_id, community, public_key, role FROM trusted_keys WHERE public_key = ?1",
        [public_key.as_slice()],
        raw_key,
    )
    .optional()?
    .map(key_row)
    .transpose()
}

/// Adds a key never trusted before. A key already trusted is never
/// replaced here: whether a different label for it is a conflict is the
/// caller's to decide (and refuse).
pub fn trust(conn: &Connection, key: &TrustedKeyRow) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO trusted_keys (public_key, key_id, community, role) VALUES (?1, ?2, ?3, ?4)",
        params![
            key.public_key.as_slice(),
            key.key_id,
            key.community,
            key.role.code()
        ],
    )?;
    Ok(())
}

/// Revokes a card; revoking it twice keeps the first reason and time.
/// True when it was newly revoked.
pub fn revoke(
    conn: &Connection,
    key_id: u32,
    serial: u64,
    reason: &str,
    now: &str,
) -> Result<bool, StoreError> {
    let added = conn.execute(
        "INSERT INTO revocations (key_id, serial, reason, revoked_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key_id, serial) DO NOTHING",
        params![key_id, serial as i64, reason, now],
    )?;
    Ok(added == 1)
}

/// Every revoked card as (key id, serial).
pub fn revoked(conn: &Connection) -> Result<HashSet<(u32, u64)>, StoreError> {
    let mut stmt = conn.prepare("SELECT key_id, serial FROM revocations")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A revocation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationRow {
    pub key_id: u32,
    pub serial: u64,
    pub reason: String,
    pub revoked_at: String,
}

/// Every revocation, oldest first.
pub fn revocations(conn: &Connection) -> Result<Vec<RevocationRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT key_id, serial, reason, revoked_at FROM revocations ORDER BY revoked_at, key_id, serial",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RevocationRow {
            key_id: r.get(0)?,
            serial: r.get::<_, i64>(1)? as u64,
            reason: r.get(2)?,
            revoked_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The cards ever issued to a person, as (key id, serial).
pub fn cards_of_person(conn: &Connection, person_id: i64) -> Result<Vec<(u32, u64)>, StoreError> {
    let mut stmt = conn.prepare("SELECT key_id, serial FROM passes WHERE person_id = ?1")?;
    let rows = stmt.query_map([person_id], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
