//! This terminal's settings: which community and checkpoint it serves.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};

/// Who this terminal is. Set once by `kakou init`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub community: String,
    pub checkpoint: String,
    /// A UUID naming this terminal in sync and in the district's records.
    pub terminal_id: String,
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn save_settings(conn: &Connection, settings: &Settings) -> Result<(), StoreError> {
    set(conn, "community", &settings.community)?;
    set(conn, "checkpoint", &settings.checkpoint)?;
    set(conn, "terminal_id", &settings.terminal_id)
}

impl Store {
    /// The terminal's settings, or [`StoreError::NotInitialised`].
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let required = |key| get(self.conn(), key)?.ok_or(StoreError::NotInitialised);
        Ok(Settings {
            community: required("community")?,
            checkpoint: required("checkpoint")?,
            terminal_id: required("terminal_id")?,
        })
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<(), StoreError> {
        self.write(|tx| save_settings(tx, settings))
    }
}

/// When people or households last changed in this store: the "data as of"
/// a volunteer is shown.
pub fn master_data_changed_at(
    conn: &Connection,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, StoreError> {
    let latest: Option<String> = conn.query_row(
        "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM people
                             UNION ALL SELECT max(updated_at) FROM households)",
        [],
        |r| r.get(0),
    )?;
    latest
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(&t)
                .map_err(|_| StoreError::Damaged(format!("update time `{t}`")))
        })
        .transpose()
}

/// Whether this store issues its community's passes or only verifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The lead's terminal: holds the key, the ledger, numbers households.
    Issuing,
    /// Another gate: receives the community's master data by bundle or sync.
    Gate,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Issuing => "issuing",
            Role::Gate => "gate",
        }
    }
}

pub fn role(conn: &Connection) -> Result<Role, StoreError> {
    match get(conn, "role")?.as_deref() {
        Some("issuing") => Ok(Role::Issuing),
        Some("gate") => Ok(Role::Gate),
        None => Err(StoreError::NotInitialised),
        Some(other) => Err(StoreError::Damaged(format!("role `{other}`"))),
    }
}

pub fn set_role(conn: &Connection, role: Role) -> Result<(), StoreError> {
    set(conn, "role", role.code())
}

fn number_setting<T: std::str::FromStr>(
    conn: &Connection,
    key: &str,
) -> Result<Option<T>, StoreError> {
    get(conn, key)?
        .map(|v| {
            v.parse()
                .map_err(|_| StoreError::Damaged(format!("setting {key} = `{v}`")))
        })
        .transpose()
}

/// The key id of the community's issuing key: this store's own on the
/// issuing store, the one its first bundle pinned on a gate. `None` on a
/// gate that has imported nothing yet.
pub fn community_key_id(conn: &Connection) -> Result<Option<u32>, StoreError> {
    number_setting(conn, "community_key_id")
}

pub fn set_community_key_id(conn: &Connection, key_id: u32) -> Result<(), StoreError> {
    set(conn, "community_key_id", &key_id.to_string())
}

/// The next household number, counted up so that no number is ever given
/// twice, even to a household that has since gone.
pub fn take_household_number(conn: &Connection) -> Result<u32, StoreError> {
    let next: u32 = number_setting(conn, "next_household_number")?.unwrap_or(1);
    let after = next
        .checked_add(1)
        .ok_or_else(|| StoreError::Damaged("household numbers are used up".into()))?;
    set(conn, "next_household_number", &after.to_string())?;
    Ok(next)
}

/// The version of the newest bundle this store wrote (issuing) or imported
/// (gate), with the public key that signed it (hex) on a gate.
pub fn bundle_held(conn: &Connection) -> Result<(u64, Option<String>), StoreError> {
    Ok((
        number_setting(conn, "bundle_version")?.unwrap_or(0),
        get(conn, "bundle_issuer")?,
    ))
}

pub fn set_bundle_held(
    conn: &Connection,
    version: u64,
    issuer: Option<&str>,
) -> Result<(), StoreError> {
    set(conn, "bundle_version", &version.to_string())?;
    if let Some(issuer) = issuer {
        set(conn, "bundle_issuer", issuer)?;
    }
    Ok(())
}

/// Where this terminal syncs, once enrolled (`kakou enroll`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    /// The district's base URL.
    pub server: String,
    /// The per-terminal bearer token the district gave at enrolment.
    pub token: String,
    /// A certificate authority file to trust instead of the system's.
    pub ca: Option<String>,
}

pub fn sync_settings(conn: &Connection) -> Result<Option<SyncSettings>, StoreError> {
    let (Some(server), Some(token)) = (get(conn, "sync_server")?, get(conn, "sync_token")?) else {
        return Ok(None);
    };
    Ok(Some(SyncSettings {
        server,
        token,
        ca: get(conn, "sync_ca")?,
    }))
}

pub fn save_sync_settings(conn: &Connection, sync: &SyncSettings) -> Result<(), StoreError> {
    set(conn, "sync_server", &sync.server)?;
    set(conn, "sync_token", &sync.token)?;
    match &sync.ca {
        Some(ca) => set(conn, "sync_ca", ca),
        None => {
            conn.execute("DELETE FROM meta WHERE key = 'sync_ca'", [])?;
            Ok(())
        }
    }
}

/// Where the next pull starts: the district's change cursor.
pub fn sync_cursor(conn: &Connection) -> Result<u64, StoreError> {
    Ok(number_setting(conn, "sync_cursor")?.unwrap_or(0))
}

pub fn set_sync_cursor(conn: &Connection, cursor: u64) -> Result<(), StoreError> {
    set(conn, "sync_cursor", &cursor.to_string())
}

/// When the last round that pushed and pulled everything ended.
pub fn last_sync(conn: &Connection) -> Result<Option<String>, StoreError> {
    get(conn, "sync_last_ok")
}

pub fn set_last_sync(conn: &Connection, at: &str) -> Result<(), StoreError> {
    set(conn, "sync_last_ok", at)
}

/// The last day whose daily report was queued for the district.
pub fn reported_through(conn: &Connection) -> Result<Option<chrono::NaiveDate>, StoreError> {
    get(conn, "reported_through")?
        .map(|d| {
            d.parse()
                .map_err(|_| StoreError::Damaged(format!("setting reported_through = `{d}`")))
        })
        .transpose()
}

pub fn set_reported_through(conn: &Connection, day: chrono::NaiveDate) -> Result<(), StoreError> {
    set(conn, "reported_through", &day.to_string())
}
