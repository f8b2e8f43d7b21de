//! Creating a new store and upgrading old ones, by `PRAGMA user_version`.
//!
//! `schema.sql` at the crate root is the newest schema and is what a new
//! store gets. An older file is brought forward one version at a time by the
//! steps in [`upgrade_from`], each in its own transaction, so an upgrade that
//! fails half-way leaves the file at the last good version.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::StoreError;

/// The newest schema; creating a store runs it whole.
const SCHEMA: &str = include_str!("../../schema.sql");

/// The version `schema.sql` creates.
pub const CURRENT_VERSION: i64 = 7;

/// Brings the database to [`CURRENT_VERSION`], creating it when empty.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    if version == 0 {
        let has_tables: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
            [],
            |r| r.get(0),
        )?;
        if has_tables {
            return Err(StoreError::NotAStore);
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA)?;
        tx.commit()?;
        return Ok(());
    }
    for from in version..CURRENT_VERSION {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        upgrade_from(&tx, from)?;
        tx.pragma_update(None, "user_version", from + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Version 5 names households, revocations and keys the same way at every
/// gate of a community: a household by (issuing key id, number), a
/// revocation by (key id, serial), a trusted key by its public key. A store
/// from before was always its community's issuing store, so its own key is
/// the community's, and each household keeps its row id as its number:
/// every card printed before names its household by that id and stays
/// valid. Passage records (and their events not yet sent) are rewritten to
/// name households the new way.
const UPGRADE_TO_5: &str = "
    INSERT INTO meta (key, value)
        SELECT 'community_key_id', CAST(key_id AS TEXT) FROM trusted_keys
        WHERE community = (SELECT value FROM meta WHERE key = 'community')
        ORDER BY rowid LIMIT 1;
    INSERT INTO meta (key, value)
        SELECT 'role', 'issuing' WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'community');
    INSERT INTO meta (key, value)
        SELECT 'next_household_number', CAST(COALESCE(MAX(id), 0) + 1 AS TEXT) FROM households;
    CREATE TEMP TABLE v5_own AS SELECT COALESCE(
        (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'community_key_id'), 0) AS key_id;

    ALTER TABLE households ADD COLUMN key_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE households ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
    UPDATE households SET key_id = (SELECT key_id FROM v5_own), number = id;
    CREATE UNIQUE INDEX households_ref ON households(key_id, number);

    CREATE TABLE trusted_keys_v5 (
        public_key BLOB PRIMARY KEY,
        key_id     INTEGER NOT NULL,
        community  TEXT NOT NULL,
        role       TEXT NOT NULL DEFAULT 'issuing' CHECK (role IN ('issuing','visitor'))
    ) STRICT;
    INSERT INTO trusted_keys_v5 (public_key, key_id, community)
        SELECT public_key, key_id, community FROM trusted_keys ORDER BY rowid;
    DROP TABLE trusted_keys;
    ALTER TABLE trusted_keys_v5 RENAME TO trusted_keys;
    CREATE INDEX trusted_keys_id ON trusted_keys(key_id);

    CREATE TABLE revocations_v5 (
        key_id     INTEGER NOT NULL,
        serial     INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        revoked_at TEXT NOT NULL,
        PRIMARY KEY (key_id, serial)
    ) STRICT;
    INSERT INTO revocations_v5 (key_id, serial, reason, revoked_at)
        SELECT (SELECT key_id FROM v5_own), serial, reason, revoked_at FROM revocations;
    DROP TABLE revocations;
    ALTER TABLE revocations_v5 RENAME TO revocations;

    DROP TRIGGER passages_no_update;
    DROP INDEX passages_household_exits;
    ALTER TABLE passages ADD COLUMN household_key INTEGER;
    ALTER TABLE passages ADD COLUMN household_number INTEGER;
    ALTER TABLE passages ADD COLUMN replay_id TEXT;
    UPDATE passages SET household_key = (SELECT key_id FROM v5_own),
        household_number = household_id WHERE household_id IS NOT NULL;
    ALTER TABLE passages DROP COLUMN household_id;
    UPDATE passages SET body = v5_body(body);
    UPDATE outbox SET body = v5_body(body) WHERE kind = 'passage';
    CREATE INDEX passages_household_exits
        ON passages(household_key, household_number, quota_exit, day);
    CREATE UNIQUE INDEX passages_replay ON passages(replay_id) WHERE replay_id IS NOT NULL;
    CREATE TRIGGER passages_no_update BEFORE UPDATE ON passages
    BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
    DROP TABLE v5_own;
";

/// A passage record of version 4 as version 5 writes it: the household the
/// subject names (`household_id`, the row id, which version 5 keeps as the
/// number) becomes `household` = {key_id, number}, and a pass subject with
/// a household gets the key that signed it (before version 5 only the own
/// community's key had households). A record that does not parse is left
/// as it is: the upgrade does not make damage worse.
fn passage_body_v5(body: &str, own_key: u32) -> String {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(body) else {
        return body.to_string();
    };
    let reference = |id: &serde_json::Value| match id.as_u64() {
        Some(number) => serde_json::json!({"key_id": own_key, "number": number}),
        None => serde_json::Value::Null,
    };
    let Some(subject) = value.get_mut("subject").and_then(|s| s.as_object_mut()) else {
        return body.to_string();
    };
    let kind = subject
        .get("subject")
        .and_then(|k| k.as_str())
        .unwrap_or("")
        .to_string();
    let holder = match kind.as_str() {
        "vehicle" => subject.get_mut("driver").and_then(|d| d.as_object_mut()),
        _ => Some(subject),
    };
    if let Some(holder) = holder {
        let id = holder.remove("household_id").unwrap_or_default();
        if kind == "pass" {
            let key = if id.is_null() {
                serde_json::Value::Null
            } else {
                own_key.into()
            };
            holder.insert("key_id".into(), key);
        }
        holder.insert("household".into(), reference(&id));
    }
    value.to_string()
}

/// Version 6 prepares the outbox for the district: each event gets its
/// hybrid-clock stamp, local day and body version, households remember who
/// last set their status, and lost household edits are kept for the lead.
/// The events not yet sent are reshaped to the bodies the district reads
/// (`outbox_upgrade`).
const UPGRADE_TO_6: &str = "
    ALTER TABLE households ADD COLUMN status_hlc_wall INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE households ADD COLUMN status_hlc_counter INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE households ADD COLUMN status_terminal TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN body_version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE outbox ADD COLUMN hlc_wall INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN hlc_counter INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN day TEXT NOT NULL DEFAULT '';
    CREATE TABLE household_conflicts (
        id           INTEGER PRIMARY KEY,
        key_id       INTEGER NOT NULL,
        number       INTEGER NOT NULL,
        kept_status  TEXT NOT NULL,
        lost_status  TEXT NOT NULL,
        lost_quota   TEXT,
        lost_hlc     TEXT NOT NULL,
        lost_terminal TEXT NOT NULL,
        kept_hlc     TEXT NOT NULL,
        kept_terminal TEXT NOT NULL,
        noted_at     TEXT NOT NULL
    ) STRICT;
";

/// Version 7 is for running a checkpoint for weeks (issue 14): the duty
/// roster, supplies, the audit log, and the one change a passage may take,
/// the redaction of a visitor's personal fields after the retention period.
const UPGRADE_TO_7: &str = "
    ALTER TABLE passages ADD COLUMN redacted_at TEXT;
    DROP TRIGGER passages_no_update;
    CREATE TRIGGER passages_no_update BEFORE UPDATE ON passages
WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.day IS OLD.day
          AND NEW.checkpoint IS OLD.checkpoint AND NEW.operator IS OLD.operator
          AND NEW.direction IS OLD.direction AND NEW.subject_kind IS OLD.subject_kind
          AND NEW.category IS OLD.category AND NEW.household_key IS OLD.household_key
          AND NEW.household_number IS OLD.household_number AND NEW.outcome IS OLD.outcome
          AND NEW.reason IS OLD.reason AND NEW.max_temp IS OLD.max_temp
          AND NEW.alert IS OLD.alert AND NEW.quota_exit IS OLD.quota_exit
          AND NEW.replay_id IS OLD.replay_id)
BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
    ALTER TABLE shifts ADD COLUMN roster_check TEXT;

-- The duty roster of this checkpoint: one row per shift, the core's
-- `roster::Shift` as JSON, replaced whole by `kakou roster import`.
CREATE TABLE roster_shifts (
    id    INTEGER PRIMARY KEY,
    shift TEXT NOT NULL
) STRICT;

-- Supplies: the items (the core's `supplies::Item` as JSON, by its id) and
-- every movement in and out (`supplies::Movement`), never changed.
CREATE TABLE supply_items (
    id   INTEGER PRIMARY KEY,
    item TEXT NOT NULL
) STRICT;
CREATE TABLE supply_movements (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    movement TEXT NOT NULL
) STRICT;
CREATE TRIGGER supply_movements_no_update BEFORE UPDATE ON supply_movements
BEGIN SELECT RAISE(ABORT, 'supply movements are never changed; record a correction'); END;
CREATE TRIGGER supply_movements_no_delete BEFORE DELETE ON supply_movements
BEGIN SELECT RAISE(ABORT, 'supply movements are never changed; record a correction'); END;

-- Who did what that touches personal data or the lead's powers (the core's
-- `audit::AuditEvent` as JSON): lead-screen openings, wrong PINs, unmasking,
-- exports, prints, retention runs. Never changed.
CREATE TABLE audit_log (
    id    INTEGER PRIMARY KEY,
    at    TEXT NOT NULL,
    who   TEXT NOT NULL,
    entry TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
";

/// One upgrade step, from `version` to `version + 1`.
fn upgrade_from(tx: &Transaction, version: i64) -> Result<(), StoreError> {
    match version {
        // Version 2 brought passes, trust keys, revocations, the sync outbox
        // and the household alert on passages.
        1 => tx.execute_batch(
            "ALTER TABLE passages ADD COLUMN alert TEXT;
             CREATE INDEX passages_household_exits ON passages(household_id, direction, outcome, at);
             CREATE TABLE trusted_keys (
                 key_id     INTEGER PRIMARY KEY,
                 community  TEXT NOT NULL,
                 public_key BLOB NOT NULL
             ) STRICT;
             CREATE TABLE passes (
                 serial       INTEGER PRIMARY KEY,
                 person_id    INTEGER NOT NULL REFERENCES people(id),
                 key_id       INTEGER NOT NULL,
                 category     TEXT NOT NULL,
                 valid_from   TEXT NOT NULL,
                 valid_until  TEXT NOT NULL,
                 text         TEXT NOT NULL,
                 issued_at    TEXT NOT NULL
             ) STRICT;
             CREATE INDEX passes_person ON passes(person_id);
             CREATE TABLE revocations (
                 serial     INTEGER PRIMARY KEY,
                 reason     TEXT NOT NULL,
                 revoked_at TEXT NOT NULL
             ) STRICT;
             CREATE TABLE outbox (
                 seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                 event_id   TEXT NOT NULL UNIQUE,
                 kind       TEXT NOT NULL,
                 body       TEXT NOT NULL,
                 created_at TEXT NOT NULL,
                 acked_at   TEXT
             ) STRICT;
             CREATE INDEX outbox_unacked ON outbox(acked_at, seq);",
        )?,
        // Version 3 records the volunteers' shifts.
        2 => tx.execute_batch(
            "CREATE TABLE shifts (
                 id         INTEGER PRIMARY KEY,
                 volunteer  TEXT NOT NULL,
                 started_at TEXT NOT NULL,
                 ended_at   TEXT
             ) STRICT;",
        )?,
        // Version 4 keeps the core's verdict on whether a passage used one of
        // its household's outings, instead of a rule written in SQL. Older
        // rows get the verdict the version-3 query gave them.
        3 => tx.execute_batch(
            "ALTER TABLE passages ADD COLUMN quota_exit INTEGER NOT NULL DEFAULT 0
                 CHECK (quota_exit IN (0, 1));
             DROP TRIGGER passages_no_update;
             UPDATE passages SET quota_exit = 1
                 WHERE subject_kind = 'pass' AND direction = 'out' AND outcome = 'released'
                   AND household_id IS NOT NULL;
             CREATE TRIGGER passages_no_update BEFORE UPDATE ON passages
             BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
             DROP INDEX passages_household_exits;
             CREATE INDEX passages_household_exits ON passages(household_id, quota_exit, day);",
        )?,
        4 => {
            let own: u32 = tx
                .query_row(
                    "SELECT key_id FROM trusted_keys
                     WHERE community = (SELECT value FROM meta WHERE key = 'community')
                     ORDER BY rowid LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            tx.create_scalar_function(
                "v5_body",
                1,
                FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
                move |ctx| Ok(passage_body_v5(&ctx.get::<String>(0)?, own)),
            )?;
            tx.execute_batch(UPGRADE_TO_5)?;
            tx.remove_function("v5_body", 1)?;
        }
        5 => {
            tx.execute_batch(UPGRADE_TO_6)?;
            super::outbox_upgrade::stamp_and_reshape(tx)?;
        }
        6 => tx.execute_batch(UPGRADE_TO_7)?,
        other => return Err(StoreError::NoUpgrade { from: other }),
    }
    Ok(())
}

#[cfg(test)]
mod tests;
