//! The district on one SQLite file: WAL, `synchronous=FULL`, one writer.
//!
//! rusqlite is synchronous, so every call runs on tokio's blocking pool.
//! Writes go through the one writer connection (SQLite allows one writer at
//! a time anyway), which also serialises overlapping pushes from one
//! terminal; reads use a small pool of their own connections and, thanks to
//! WAL, never wait for a writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::events::{KeyRole, RevocationBody, TrustedKeyBody};
use kakou_core::sync::ingest::{self, Holdings, Pushed, Stop, Stored};
use kakou_core::sync::protocol::{Change, MasterData, PullResponse};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use super::common::{self, day_inputs_from};
use super::derive::{self, Effect, HouseholdConflict, HouseholdEdit, KeyDecision, NewFlag};
use super::{
    AuditEntry, Community, DayInputs, EnrollAttempt, EnrollRefusal, Flag, HouseholdView,
    NewCommunity, NewEnrollCode, NewSession, NewUser, PushOutcome, Session, Storage, StorageError,
    StoredPassage, Terminal, User, VisitorRecord, epoch_ms, time_text,
};

const SCHEMA: &str = include_str!("sqlite_schema.sql");
/// Version 2 adds the web pages' tables to a version 1 database.
const SCHEMA_WEB: &str = include_str!("sqlite_web.sql");
const SCHEMA_VERSION: i64 = 2;
/// Read connections kept open between calls.
const READERS: usize = 4;

/// The SQLite storage. Cheap to clone.
#[derive(Clone)]
pub struct SqliteStorage {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

fn connect(path: &Path) -> Result<Connection, StorageError> {
    let conn = Connection::open(path)?;
    // WAL lets readers work beside the writer; FULL makes every commit
    // durable before it returns, which is when a push is acknowledged.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

impl SqliteStorage {
    /// Opens (creating when missing) the district database at `path`.
    pub fn open(path: &Path) -> Result<SqliteStorage, StorageError> {
        let mut conn = connect(path)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StorageError::NewerSchema {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if version == 0 {
                tx.execute_batch(SCHEMA)?;
            }
            tx.execute_batch(SCHEMA_WEB)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        }
        Ok(SqliteStorage {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer: Mutex::new(conn),
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    pub(super) async fn write<T, F>(&self, f: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StorageError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = inner
                .writer
                .lock()
                .map_err(|_| StorageError::Task("the writer connection was poisoned".into()))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| StorageError::Task(e.to_string()))?
    }

    pub(super) async fn read<T, F>(&self, f: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StorageError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.readers.lock().ok().and_then(|mut pool| pool.pop());
            let conn = match pooled {
                Some(conn) => conn,
                None => connect(&inner.path)?,
            };
            let result = f(&conn);
            if let Ok(mut pool) = inner.readers.lock()
                && pool.len() < READERS
            {
                pool.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StorageError::Task(e.to_string()))?
    }
}

fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn u32_of(v: i64) -> Result<u32, StorageError> {
    u32::try_from(v).map_err(|_| StorageError::Damaged(format!("{v} is not a 32-bit number")))
}

const TERMINAL_COLUMNS: &str = "id, community, checkpoint, stored_through, enrolled_at, \
     last_push_at, revoked_at, blocked_at, blocked_reason";

fn terminal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Terminal> {
    Ok(Terminal {
        id: r.get(0)?,
        community: r.get(1)?,
        checkpoint: r.get(2)?,
        acked_through: u64_of(r.get(3)?),
        enrolled_at: r.get(4)?,
        last_push_at: r.get(5)?,
        revoked_at: r.get(6)?,
        blocked_at: r.get(7)?,
        blocked_reason: r.get(8)?,
    })
}

fn terminal_by_id(conn: &Connection, id: &str) -> Result<Option<Terminal>, StorageError> {
    Ok(conn
        .query_row(
            &format!("SELECT {TERMINAL_COLUMNS} FROM terminals WHERE id = ?1"),
            [id],
            terminal_row,
        )
        .optional()?)
}

fn enroll_tx(
    conn: &mut Connection,
    a: &EnrollAttempt,
) -> Result<Result<Terminal, EnrollRefusal>, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let code: Option<(String, String, String, Option<String>)> = tx
        .query_row(
            "SELECT community, checkpoint, expires_at, used_at FROM enroll_codes WHERE code_hash = ?1",
            [&a.code_hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((community, checkpoint, expires_at, used_at)) = code else {
        return Ok(Err(EnrollRefusal::UnknownCode));
    };
    if used_at.is_some() {
        return Ok(Err(EnrollRefusal::UsedCode));
    }
    if common::expired(&expires_at, a.now)? {
        return Ok(Err(EnrollRefusal::ExpiredCode));
    }
    let now = time_text(a.now);
    match terminal_by_id(&tx, &a.terminal)? {
        Some(existing) => {
            if let Some(refusal) = common::re_enroll_refusal(&existing, &community, &checkpoint) {
                return Ok(Err(refusal));
            }
            tx.execute(
                "UPDATE terminals SET token_hash = ?2 WHERE id = ?1",
                params![a.terminal, a.token_hash],
            )?;
        }
        None => {
            tx.execute(
                "INSERT INTO terminals (id, community, checkpoint, token_hash, enrolled_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![a.terminal, community, checkpoint, a.token_hash, now],
            )?;
        }
    }
    tx.execute(
        "UPDATE enroll_codes SET used_at = ?2, terminal_id = ?3 WHERE code_hash = ?1",
        params![a.code_hash, now, a.terminal],
    )?;
    let terminal = terminal_by_id(&tx, &a.terminal)?
        .ok_or_else(|| StorageError::Damaged("the enrolled terminal vanished".into()))?;
    tx.commit()?;
    Ok(Ok(terminal))
}

fn stored_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        terminal: r.get(1)?,
        seq: u64_of(r.get(2)?),
        hash: r.get(3)?,
    })
}

fn push_tx(
    conn: &mut Connection,
    terminal_id: &str,
    events: &[CheckedEvent],
    now: DateTime<Utc>,
) -> Result<PushOutcome, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(terminal) = terminal_by_id(&tx, terminal_id)? else {
        return Ok(PushOutcome::Refused { revoked: true });
    };
    if terminal.revoked_at.is_some() || terminal.blocked_at.is_some() {
        return Ok(PushOutcome::Refused {
            revoked: terminal.revoked_at.is_some(),
        });
    }
    let mut holdings = Holdings {
        stored_through: terminal.acked_through,
        ..Default::default()
    };
    {
        let mut by_id =
            tx.prepare_cached("SELECT id, terminal_id, seq, hash FROM events WHERE id = ?1")?;
        let mut at_seq = tx.prepare_cached(
            "SELECT id, terminal_id, seq, hash FROM events WHERE terminal_id = ?1 AND seq = ?2",
        )?;
        for e in events {
            let env = &e.envelope;
            if let Some(s) = by_id.query_row([&env.id], stored_row).optional()? {
                holdings.by_id.insert(env.id.clone(), s);
            }
            if env.seq <= terminal.acked_through
                && let Some(s) = at_seq
                    .query_row(params![terminal_id, env.seq as i64], stored_row)
                    .optional()?
            {
                holdings.at_seq.insert(env.seq, s);
            }
        }
    }
    let pushed: Vec<Pushed<'_>> = events.iter().map(common::pushed).collect();
    let plan =
        ingest::plan(&holdings, &pushed).map_err(|e| StorageError::Invalid(e.to_string()))?;
    let received = time_text(now);

    if let Some(Stop::Cloned { .. }) | Some(Stop::Missing { .. }) = &plan.stop {
        let stop = plan.stop.as_ref().expect("matched above");
        if let Stop::Missing { seq } = stop {
            return Err(StorageError::Damaged(format!(
                "terminal {terminal_id} is stored through {} but seq {seq} is missing",
                terminal.acked_through
            )));
        }
        let flag = common::cloned_flag(terminal_id, stop);
        tx.execute(
            "UPDATE terminals SET blocked_at = ?2, blocked_reason = ?3 WHERE id = ?1",
            params![terminal_id, received, flag.detail.to_string()],
        )?;
        insert_flag(&tx, terminal_id, &flag, &received)?;
        tx.commit()?;
        return Ok(PushOutcome::Blocked);
    }

    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO events (id, terminal_id, seq, kind, body_version, hlc_ms, hlc_counter,
                 day, body, hash, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT DO NOTHING",
        )?;
        for &i in &plan.accept {
            let e = &events[i];
            let env = &e.envelope;
            let inserted = insert.execute(params![
                env.id,
                terminal_id,
                env.seq as i64,
                env.kind,
                env.body_version,
                env.hlc.wall_ms as i64,
                env.hlc.counter,
                env.day.to_string(),
                e.body_text,
                e.hash,
                received,
            ])?;
            if inserted != 1 {
                // Only another terminal storing the same id between our
                // lookup and now gets here; the writer lock rules it out,
                // but the answer stays right if that ever changes.
                return Ok(PushOutcome::Retry);
            }
        }
    }

    let mut changes = ChangeCounter::default();
    let now_ms = epoch_ms(now);
    for &i in &plan.accept {
        let (effect, flag) = derive::effect(&terminal, &events[i], now_ms);
        if let Some(flag) = flag {
            insert_flag(&tx, terminal_id, &flag, &received)?;
        }
        apply_effect(
            &tx,
            &terminal,
            &events[i].envelope.id,
            effect,
            &mut changes,
            &received,
        )?;
    }
    changes.finish(&tx)?;

    let outcome = match &plan.stop {
        None => PushOutcome::Stored {
            acked_through: plan.acked_through,
        },
        Some(Stop::Gap { expected }) => PushOutcome::Gap {
            acked_through: plan.acked_through,
            expected: *expected,
        },
        Some(stop @ (Stop::Conflict { index, .. } | Stop::RepeatedId { index, .. })) => {
            let flag = common::conflict_flag(stop, &events[*index]);
            insert_flag(&tx, terminal_id, &flag, &received)?;
            PushOutcome::Conflict {
                acked_through: plan.acked_through,
                index: *index,
                id: events[*index].envelope.id.clone(),
            }
        }
        Some(Stop::Cloned { .. } | Stop::Missing { .. }) => unreachable!("handled above"),
    };
    if plan.stored_through != terminal.acked_through || !plan.accept.is_empty() {
        tx.execute(
            "UPDATE terminals SET stored_through = ?2, last_push_at = ?3 WHERE id = ?1",
            params![terminal_id, plan.stored_through as i64, received],
        )?;
    }
    tx.commit()?;
    Ok(outcome)
}

/// Hands out change numbers from the one counter and writes the last one
/// back before commit. SQLite's single writer already serialises this.
#[derive(Default)]
pub(super) struct ChangeCounter {
    value: Option<i64>,
    dirty: bool,
}

impl ChangeCounter {
    pub(super) fn next(&mut self, conn: &Connection) -> Result<i64, StorageError> {
        let current = match self.value {
            Some(v) => v,
            None => conn.query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
                r.get(0)
            })?,
        };
        self.value = Some(current + 1);
        self.dirty = true;
        Ok(current + 1)
    }

    pub(super) fn finish(self, conn: &Connection) -> Result<(), StorageError> {
        if let (true, Some(v)) = (self.dirty, self.value) {
            conn.execute("UPDATE change_counter SET value = ?1 WHERE id = 1", [v])?;
        }
        Ok(())
    }
}

fn insert_flag(
    conn: &Connection,
    terminal_id: &str,
    flag: &NewFlag,
    now: &str,
) -> Result<(), StorageError> {
    conn.execute(
        "INSERT INTO flags (kind, terminal_id, event_id, fingerprint, detail, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![
            flag.kind,
            terminal_id,
            flag.event_id,
            flag.fingerprint,
            flag.detail.to_string(),
            now
        ],
    )?;
    Ok(())
}

fn apply_effect(
    conn: &Connection,
    terminal: &Terminal,
    event_id: &str,
    effect: Effect,
    changes: &mut ChangeCounter,
    now: &str,
) -> Result<(), StorageError> {
    match effect {
        Effect::None => {}
        Effect::Reported { day } => {
            conn.execute(
                "INSERT INTO reports_received (event_id, community, checkpoint, day)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![
                    event_id,
                    terminal.community,
                    terminal.checkpoint,
                    day.to_string()
                ],
            )?;
        }
        Effect::Revocation(r) => {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM revocations WHERE community = ?1 AND key_id = ?2 AND serial = ?3)",
                params![terminal.community, r.key_id, r.serial as i64],
                |row| row.get(0),
            )?;
            if !exists {
                let change = changes.next(conn)?;
                conn.execute(
                    "INSERT INTO revocations (community, key_id, serial, reason, revoked_at, event_id, change)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        terminal.community,
                        r.key_id,
                        r.serial as i64,
                        r.reason,
                        r.revoked_at.to_rfc3339(),
                        event_id,
                        change
                    ],
                )?;
            }
        }
        Effect::TrustedKey(k) => {
            let stored = conn
                .query_row(
                    "SELECT key_id, community, public_key, role FROM trusted_keys WHERE public_key = ?1",
                    [&k.public_key],
                    key_row,
                )
                .optional()?
                .transpose()?;
            match derive::decide_key(stored.as_ref(), &k) {
                KeyDecision::Known => {}
                KeyDecision::Insert => {
                    let change = changes.next(conn)?;
                    conn.execute(
                        "INSERT INTO trusted_keys (public_key, key_id, community, role, event_id, change)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![k.public_key, k.key_id, k.community, k.role.code(), event_id, change],
                    )?;
                }
                KeyDecision::Mismatch => {
                    let flag = common::key_mismatch_flag(event_id, stored.as_ref(), &k);
                    insert_flag(conn, &terminal.id, &flag, now)?;
                }
            }
        }
        Effect::Household(edit) => apply_household(conn, terminal, &edit, changes, now)?,
    }
    Ok(())
}

fn key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<TrustedKeyBody, StorageError>> {
    let role: String = r.get(3)?;
    let key_id: i64 = r.get(0)?;
    Ok((|| {
        Ok(TrustedKeyBody {
            key_id: u32_of(key_id)?,
            community: r.get(1)?,
            public_key: r.get(2)?,
            role: KeyRole::from_code(&role)
                .ok_or_else(|| StorageError::Damaged(format!("key role `{role}`")))?,
        })
    })())
}

const HOUSEHOLD_COLUMNS: &str = "address, address_hlc_ms, address_counter, address_terminal, status, \
     quota_outings, quota_days, hlc_ms, hlc_counter, terminal_id, event_id";

fn household_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<common::RawHousehold> {
    Ok(common::RawHousehold {
        address: r.get(0)?,
        address_hlc_ms: r.get(1)?,
        address_counter: r.get(2)?,
        address_terminal: r.get(3)?,
        status: r.get(4)?,
        quota_outings: r.get(5)?,
        quota_days: r.get(6)?,
        hlc_ms: r.get(7)?,
        hlc_counter: r.get(8)?,
        terminal_id: r.get(9)?,
        event_id: r.get(10)?,
    })
}

fn apply_household(
    conn: &Connection,
    terminal: &Terminal,
    edit: &HouseholdEdit,
    changes: &mut ChangeCounter,
    now: &str,
) -> Result<(), StorageError> {
    let key = params![terminal.community, edit.key_id, edit.number];
    let current = conn
        .query_row(
            &format!(
                "SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE community = ?1 AND key_id = ?2 AND number = ?3"
            ),
            key,
            household_row,
        )
        .optional()?
        .map(common::RawHousehold::into_row)
        .transpose()?;
    let write = derive::resolve_household(current.as_ref(), edit);
    let change = if write.visible_change {
        Some(changes.next(conn)?)
    } else {
        None
    };
    let raw = common::RawHousehold::from_row(&write.row);
    conn.execute(
        "INSERT INTO households (community, key_id, number, address, address_hlc_ms, address_counter,
             address_terminal, status, quota_outings, quota_days, hlc_ms, hlc_counter, terminal_id,
             event_id, change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (community, key_id, number) DO UPDATE SET
             address = excluded.address, address_hlc_ms = excluded.address_hlc_ms,
             address_counter = excluded.address_counter, address_terminal = excluded.address_terminal,
             status = excluded.status, quota_outings = excluded.quota_outings,
             quota_days = excluded.quota_days, hlc_ms = excluded.hlc_ms,
             hlc_counter = excluded.hlc_counter, terminal_id = excluded.terminal_id,
             event_id = excluded.event_id, change = coalesce(excluded.change, households.change)",
        params![
            terminal.community,
            edit.key_id,
            edit.number,
            raw.address,
            raw.address_hlc_ms,
            raw.address_counter,
            raw.address_terminal,
            raw.status,
            raw.quota_outings,
            raw.quota_days,
            raw.hlc_ms,
            raw.hlc_counter,
            raw.terminal_id,
            raw.event_id,
            change
        ],
    )?;
    if let Some((winner, loser)) = write.conflict {
        conn.execute(
            "INSERT INTO household_conflicts (community, key_id, number, winner, loser, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                terminal.community,
                edit.key_id,
                edit.number,
                json!(winner).to_string(),
                json!(loser).to_string(),
                now
            ],
        )?;
    }
    Ok(())
}

fn pull_tx(
    conn: &Connection,
    community: &str,
    since: u64,
    limit: u32,
) -> Result<PullResponse, StorageError> {
    // One read transaction: the rows and the newest change number come from
    // the same snapshot, so the cursor never passes a row not yet seen.
    let tx = conn.unchecked_transaction()?;
    let since_i = since.min(i64::MAX as u64) as i64;
    let take = i64::from(limit) + 1;
    let mut rows = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT change, key_id, community, public_key, role FROM trusted_keys
             WHERE change > ?1 ORDER BY change LIMIT ?2",
        )?;
        let found = stmt.query_map(params![since_i, take], |r| {
            let change: i64 = r.get(0)?;
            let role: String = r.get(4)?;
            Ok((change, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, role))
        })?;
        for row in found {
            let (change, key_id, community, public_key, role) = row?;
            rows.push(Change {
                change: u64_of(change),
                item: MasterData::TrustedKey(TrustedKeyBody {
                    key_id: u32_of(key_id)?,
                    community,
                    public_key,
                    role: KeyRole::from_code(&role)
                        .ok_or_else(|| StorageError::Damaged(format!("key role `{role}`")))?,
                }),
            });
        }
    }
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT change, key_id, number, {HOUSEHOLD_COLUMNS} FROM households
             WHERE community = ?1 AND change > ?2 ORDER BY change LIMIT ?3"
        ))?;
        let found = stmt.query_map(params![community, since_i, take], |r| {
            let change: i64 = r.get(0)?;
            let key_id: i64 = r.get(1)?;
            let number: i64 = r.get(2)?;
            let raw = common::RawHousehold {
                address: r.get(3)?,
                address_hlc_ms: r.get(4)?,
                address_counter: r.get(5)?,
                address_terminal: r.get(6)?,
                status: r.get(7)?,
                quota_outings: r.get(8)?,
                quota_days: r.get(9)?,
                hlc_ms: r.get(10)?,
                hlc_counter: r.get(11)?,
                terminal_id: r.get(12)?,
                event_id: r.get(13)?,
            };
            Ok((change, key_id, number, raw))
        })?;
        for row in found {
            let (change, key_id, number, raw) = row?;
            let row = raw.into_row()?;
            if let Some(state) = row.state(u32_of(key_id)?, u32_of(number)?) {
                rows.push(Change {
                    change: u64_of(change),
                    item: MasterData::Household(state),
                });
            }
        }
    }
    {
        let mut stmt = tx.prepare_cached(
            "SELECT change, key_id, serial, reason, revoked_at FROM revocations
             WHERE community = ?1 AND change > ?2 ORDER BY change LIMIT ?3",
        )?;
        let found = stmt.query_map(params![community, since_i, take], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in found {
            let (change, key_id, serial, reason, revoked_at) = row?;
            rows.push(Change {
                change: u64_of(change),
                item: MasterData::Revocation(RevocationBody {
                    key_id: u32_of(key_id)?,
                    serial: u64_of(serial),
                    reason,
                    revoked_at: common::parse_time(&revoked_at)?,
                }),
            });
        }
    }
    let latest: i64 = tx.query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    tx.commit()?;
    Ok(derive::pull_page(rows, since, limit, u64_of(latest)))
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn create_enroll_code(&self, code: &NewEnrollCode) -> Result<(), StorageError> {
        let code = code.clone();
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO enroll_codes (code_hash, community, checkpoint, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    code.code_hash,
                    code.community,
                    code.checkpoint,
                    time_text(code.created_at),
                    time_text(code.expires_at)
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn enroll(
        &self,
        attempt: &EnrollAttempt,
    ) -> Result<Result<Terminal, EnrollRefusal>, StorageError> {
        let attempt = attempt.clone();
        self.write(move |conn| enroll_tx(conn, &attempt)).await
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Option<Terminal>, StorageError> {
        let token_hash = token_hash.to_string();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {TERMINAL_COLUMNS} FROM terminals WHERE token_hash = ?1"
                ))?
                .query_row([token_hash], terminal_row)
                .optional()?)
        })
        .await
    }

    async fn push(
        &self,
        terminal: &Terminal,
        events: Vec<CheckedEvent>,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, StorageError> {
        let terminal_id = terminal.id.clone();
        self.write(move |conn| push_tx(conn, &terminal_id, &events, now))
            .await
    }

    async fn pull(
        &self,
        community: &str,
        since: u64,
        limit: u32,
    ) -> Result<PullResponse, StorageError> {
        let community = community.to_string();
        self.read(move |conn| pull_tx(conn, &community, since, limit))
            .await
    }

    async fn latest_change(&self) -> Result<u64, StorageError> {
        self.read(|conn| {
            let v: i64 =
                conn.query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
            Ok(u64_of(v))
        })
        .await
    }

    async fn add_user(&self, user: &NewUser) -> Result<(), StorageError> {
        let user = user.clone();
        self.write(move |conn| {
            let inserted = conn.execute(
                "INSERT INTO users (name, role, community, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                params![
                    user.name,
                    user.role.code(),
                    user.community,
                    user.password_hash,
                    time_text(user.created_at)
                ],
            )?;
            if inserted == 0 {
                return Err(StorageError::UserExists(user.name));
            }
            Ok(())
        })
        .await
    }

    async fn terminals(&self) -> Result<Vec<Terminal>, StorageError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {TERMINAL_COLUMNS} FROM terminals ORDER BY community, checkpoint, enrolled_at, id"
            ))?;
            let rows = stmt.query_map([], terminal_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn revoke_terminal(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StorageError> {
        let id = id.to_string();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let exists = terminal_by_id(&tx, &id)?.is_some();
            tx.execute(
                "UPDATE terminals SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, time_text(now)],
            )?;
            tx.commit()?;
            Ok(exists)
        })
        .await
    }

    async fn day_inputs(&self, day: NaiveDate) -> Result<DayInputs, StorageError> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let terminals: Vec<Terminal> = {
                let mut stmt = tx.prepare(&format!("SELECT {TERMINAL_COLUMNS} FROM terminals"))?;
                let rows = stmt.query_map([], terminal_row)?;
                rows.collect::<Result<_, _>>()?
            };
            let configs: Vec<(String, i64, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT terminal_id, seq, body FROM events WHERE kind = 'gate_config'",
                )?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let passages: Vec<(String, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT terminal_id, body FROM events WHERE kind = 'passage' AND day = ?1
                     ORDER BY terminal_id, seq",
                )?;
                let rows = stmt.query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let reported: Vec<(String, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT DISTINCT community, checkpoint FROM reports_received WHERE day = ?1",
                )?;
                let rows = stmt.query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            tx.commit()?;
            day_inputs_from(terminals, configs, passages, reported)
        })
        .await
    }

    async fn household_conflicts(
        &self,
        community: &str,
    ) -> Result<Vec<HouseholdConflict>, StorageError> {
        let community = community.to_string();
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT community, key_id, number, winner, loser, recorded_at FROM household_conflicts
                 WHERE community = ?1 ORDER BY id DESC",
            )?;
            let rows = stmt.query_map([community], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            rows.map(|row| {
                let (community, key_id, number, winner, loser, recorded_at) = row?;
                common::conflict_from(community, key_id, number, &winner, &loser, recorded_at)
            })
            .collect()
        })
        .await
    }

    async fn flags(&self) -> Result<Vec<Flag>, StorageError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT kind, terminal_id, event_id, detail, created_at FROM flags ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            rows.map(|row| {
                let (kind, terminal, event_id, detail, created_at) = row?;
                Ok(Flag {
                    kind,
                    terminal,
                    event_id,
                    detail: serde_json::from_str(&detail)
                        .map_err(|e| StorageError::Damaged(format!("flag detail: {e}")))?,
                    created_at,
                })
            })
            .collect()
        })
        .await
    }

    async fn user(&self, name: &str) -> Result<Option<User>, StorageError> {
        self.web_user(name).await
    }

    async fn create_session(&self, session: &NewSession) -> Result<(), StorageError> {
        self.web_create_session(session).await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StorageError> {
        self.web_session(token_hash, now).await
    }

    async fn delete_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.web_delete_session(token_hash, now).await
    }

    async fn ensure_community(&self, new: &NewCommunity) -> Result<Community, StorageError> {
        self.web_ensure_community(new).await
    }

    async fn communities(&self) -> Result<Vec<Community>, StorageError> {
        self.web_communities().await
    }

    async fn named_communities(&self) -> Result<Vec<String>, StorageError> {
        self.web_named_communities().await
    }

    async fn visitor_secret(&self, community: &str) -> Result<Option<String>, StorageError> {
        self.web_visitor_secret(community).await
    }

    async fn households(&self, community: &str) -> Result<Vec<HouseholdView>, StorageError> {
        self.web_households(community).await
    }

    async fn passages(
        &self,
        community: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredPassage>, StorageError> {
        self.web_passages(community, from, to).await
    }

    async fn default_exit_quota(
        &self,
        community: &str,
    ) -> Result<Option<kakou_core::domain::ExitQuota>, StorageError> {
        self.web_default_exit_quota(community).await
    }

    async fn next_visitor_serial(&self, community: &str) -> Result<u64, StorageError> {
        self.web_next_visitor_serial(community).await
    }

    async fn add_visitor(&self, visitor: &VisitorRecord) -> Result<(), StorageError> {
        self.web_add_visitor(visitor).await
    }

    async fn visitor(&self, token_hash: &str) -> Result<Option<VisitorRecord>, StorageError> {
        self.web_visitor(token_hash).await
    }

    async fn visitors(
        &self,
        community: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<VisitorRecord>, StorageError> {
        self.web_visitors(community, from, to).await
    }

    async fn add_audit(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        self.web_add_audit(entry).await
    }

    async fn audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StorageError> {
        self.web_audit(limit).await
    }
}
