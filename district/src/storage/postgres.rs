//! The district on PostgreSQL, for districts that outgrow one file.
//!
//! Same tables as SQLite (postgres_schema.sql). Concurrency is real here, so
//! two locks carry the rules SQLite gets from its single writer: a push
//! locks its terminal's row (`FOR UPDATE`), which serialises overlapping
//! pushes from one terminal, and every transaction that writes master data
//! locks the one change-counter row until it commits, so change numbers are
//! handed out in commit order and a reader never skips a row.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::events::{KeyRole, RevocationBody, TrustedKeyBody};
use kakou_core::sync::ingest::{self, Holdings, Pushed, Stop, Stored};
use kakou_core::sync::protocol::{Change, MasterData, PullResponse};
use serde_json::json;
use tokio_postgres::NoTls;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use super::common::{self, day_inputs_from};
use super::derive::{self, Effect, HouseholdConflict, HouseholdEdit, KeyDecision, NewFlag};
use super::{
    AuditEntry, Community, DayInputs, EnrollAttempt, EnrollRefusal, Flag, HouseholdView,
    NewCommunity, NewEnrollCode, NewSession, NewUser, PushOutcome, Session, Storage, StorageError,
    StoredPassage, Terminal, User, VisitorRecord, epoch_ms, time_text,
};

const SCHEMA: &str = include_str!("postgres_schema.sql");
/// Version 2 adds the web pages' tables to a version 1 database.
const SCHEMA_WEB: &str = include_str!("postgres_web.sql");
const SCHEMA_VERSION: i64 = 2;
/// Connections in the pool: enough for a district's gates to push at once
/// without one PostgreSQL backend per request.
const POOL_SIZE: usize = 16;
/// Any fixed number, the same for every kakou-district: the advisory lock
/// that keeps two servers starting at once from both creating the schema.
const SCHEMA_LOCK: i64 = 0x6b61_6b6f_7500_0001;

/// The PostgreSQL storage. Cheap to clone.
#[derive(Clone)]
pub struct PostgresStorage {
    pool: Pool,
}

fn pool_error(e: impl std::fmt::Display) -> StorageError {
    StorageError::Pool(e.to_string())
}

fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn u32_of(v: i64) -> Result<u32, StorageError> {
    u32::try_from(v).map_err(|_| StorageError::Damaged(format!("{v} is not a 32-bit number")))
}

const TERMINAL_COLUMNS: &str = "id, community, checkpoint, stored_through, enrolled_at, \
     last_push_at, revoked_at, blocked_at, blocked_reason";

fn terminal_row(r: &Row) -> Terminal {
    Terminal {
        id: r.get(0),
        community: r.get(1),
        checkpoint: r.get(2),
        acked_through: u64_of(r.get(3)),
        enrolled_at: r.get(4),
        last_push_at: r.get(5),
        revoked_at: r.get(6),
        blocked_at: r.get(7),
        blocked_reason: r.get(8),
    }
}

async fn terminal_by_id(
    c: &impl GenericClient,
    id: &str,
    for_update: bool,
) -> Result<Option<Terminal>, StorageError> {
    let lock = if for_update { " FOR UPDATE" } else { "" };
    let stmt = c
        .prepare_cached(&format!(
            "SELECT {TERMINAL_COLUMNS} FROM terminals WHERE id = $1{lock}"
        ))
        .await?;
    Ok(c.query_opt(&stmt, &[&id]).await?.as_ref().map(terminal_row))
}

fn stored_row(r: &Row) -> Stored {
    Stored {
        id: r.get(0),
        terminal: r.get(1),
        seq: u64_of(r.get(2)),
        hash: r.get(3),
    }
}

/// Hands out change numbers. The first one locks the counter row until the
/// transaction ends: that lock is what serialises master-data writers.
#[derive(Default)]
pub(super) struct ChangeCounter {
    value: Option<i64>,
}

impl ChangeCounter {
    pub(super) async fn next(&mut self, c: &impl GenericClient) -> Result<i64, StorageError> {
        let current = match self.value {
            Some(v) => v,
            None => c
                .query_one(
                    "SELECT value FROM change_counter WHERE id = 1 FOR UPDATE",
                    &[],
                )
                .await?
                .get(0),
        };
        self.value = Some(current + 1);
        Ok(current + 1)
    }

    pub(super) async fn finish(self, c: &impl GenericClient) -> Result<(), StorageError> {
        if let Some(v) = self.value {
            c.execute("UPDATE change_counter SET value = $1 WHERE id = 1", &[&v])
                .await?;
        }
        Ok(())
    }
}

impl PostgresStorage {
    /// Connects to `url` (a `postgres://` URL; `?options=-csearch_path%3D…`
    /// selects a schema) and creates the tables when they are missing.
    pub async fn connect(url: &str) -> Result<PostgresStorage, StorageError> {
        let mut config: tokio_postgres::Config =
            url.parse().map_err(|e: tokio_postgres::Error| {
                StorageError::Invalid(format!("database URL: {e}"))
            })?;
        // An acknowledgement promises a durable commit: insist on it even
        // when the server's default was turned down.
        let options = format!(
            "{} -c synchronous_commit=on",
            config.get_options().unwrap_or_default()
        );
        config.options(options.trim());
        if config.get_application_name().is_none() {
            config.application_name("kakou-district");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(pool_error)?;
        let storage = PostgresStorage { pool };
        storage.create_schema().await?;
        Ok(storage)
    }

    pub(super) async fn client(&self) -> Result<deadpool_postgres::Client, StorageError> {
        self.pool.get().await.map_err(pool_error)
    }

    async fn create_schema(&self) -> Result<(), StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .await?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
            .await?
            .get(0);
        if exists {
            let version: i64 = tx
                .query_one("SELECT max(version) FROM schema_version", &[])
                .await?
                .get(0);
            if version > SCHEMA_VERSION {
                return Err(StorageError::NewerSchema {
                    found: version,
                    known: SCHEMA_VERSION,
                });
            }
            if version < 2 {
                tx.batch_execute(SCHEMA_WEB).await?;
            }
        } else {
            tx.batch_execute(SCHEMA).await?;
            tx.batch_execute(SCHEMA_WEB).await?;
        }
        tx.execute(
            "UPDATE schema_version SET version = $1 WHERE version < $1",
            &[&SCHEMA_VERSION],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_flag(
    c: &impl GenericClient,
    terminal_id: &str,
    flag: &NewFlag,
    now: &str,
) -> Result<(), StorageError> {
    c.execute(
        "INSERT INTO flags (kind, terminal_id, event_id, fingerprint, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[
            &flag.kind,
            &terminal_id,
            &flag.event_id,
            &flag.fingerprint,
            &flag.detail.to_string(),
            &now,
        ],
    )
    .await?;
    Ok(())
}

const HOUSEHOLD_COLUMNS: &str = "address, address_hlc_ms, address_counter, address_terminal, status, \
     quota_outings, quota_days, hlc_ms, hlc_counter, terminal_id, event_id";

fn raw_household(r: &Row, from: usize) -> common::RawHousehold {
    common::RawHousehold {
        address: r.get(from),
        address_hlc_ms: r.get(from + 1),
        address_counter: r.get(from + 2),
        address_terminal: r.get(from + 3),
        status: r.get(from + 4),
        quota_outings: r.get(from + 5),
        quota_days: r.get(from + 6),
        hlc_ms: r.get(from + 7),
        hlc_counter: r.get(from + 8),
        terminal_id: r.get(from + 9),
        event_id: r.get(from + 10),
    }
}

fn key_of(r: &Row, from: usize) -> Result<TrustedKeyBody, StorageError> {
    let role: String = r.get(from + 3);
    Ok(TrustedKeyBody {
        key_id: u32_of(r.get(from))?,
        community: r.get(from + 1),
        public_key: r.get(from + 2),
        role: KeyRole::from_code(&role)
            .ok_or_else(|| StorageError::Damaged(format!("key role `{role}`")))?,
    })
}

async fn apply_household(
    c: &impl GenericClient,
    terminal: &Terminal,
    edit: &HouseholdEdit,
    changes: &mut ChangeCounter,
    now: &str,
) -> Result<(), StorageError> {
    // The counter lock comes first, so two pushes of one community cannot
    // both read "no such household" and then both insert it.
    let change_if_visible = changes.next(c).await?;
    let key_id = i64::from(edit.key_id);
    let number = i64::from(edit.number);
    let current = c
        .query_opt(
            &format!(
                "SELECT {HOUSEHOLD_COLUMNS} FROM households
                 WHERE community = $1 AND key_id = $2 AND number = $3"
            ),
            &[&terminal.community, &key_id, &number],
        )
        .await?
        .map(|r| raw_household(&r, 0).into_row())
        .transpose()?;
    let write = derive::resolve_household(current.as_ref(), edit);
    // A number taken but not used leaves a hole in the sequence, which pull
    // does not mind: cursors only need change numbers to rise.
    let change = write.visible_change.then_some(change_if_visible);
    let raw = common::RawHousehold::from_row(&write.row);
    c.execute(
        "INSERT INTO households (community, key_id, number, address, address_hlc_ms, address_counter,
             address_terminal, status, quota_outings, quota_days, hlc_ms, hlc_counter, terminal_id,
             event_id, change)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (community, key_id, number) DO UPDATE SET
             address = excluded.address, address_hlc_ms = excluded.address_hlc_ms,
             address_counter = excluded.address_counter, address_terminal = excluded.address_terminal,
             status = excluded.status, quota_outings = excluded.quota_outings,
             quota_days = excluded.quota_days, hlc_ms = excluded.hlc_ms,
             hlc_counter = excluded.hlc_counter, terminal_id = excluded.terminal_id,
             event_id = excluded.event_id, change = coalesce(excluded.change, households.change)",
        &[
            &terminal.community,
            &key_id,
            &number,
            &raw.address,
            &raw.address_hlc_ms,
            &raw.address_counter,
            &raw.address_terminal,
            &raw.status,
            &raw.quota_outings,
            &raw.quota_days,
            &raw.hlc_ms,
            &raw.hlc_counter,
            &raw.terminal_id,
            &raw.event_id,
            &change,
        ],
    )
    .await?;
    if let Some((winner, loser)) = write.conflict {
        c.execute(
            "INSERT INTO household_conflicts (community, key_id, number, winner, loser, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &terminal.community,
                &key_id,
                &number,
                &json!(winner).to_string(),
                &json!(loser).to_string(),
                &now,
            ],
        )
        .await?;
    }
    Ok(())
}

async fn apply_effect(
    c: &impl GenericClient,
    terminal: &Terminal,
    event_id: &str,
    effect: Effect,
    changes: &mut ChangeCounter,
    now: &str,
) -> Result<(), StorageError> {
    match effect {
        Effect::None => {}
        Effect::Reported { day } => {
            c.execute(
                "INSERT INTO reports_received (event_id, community, checkpoint, day)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[
                    &event_id,
                    &terminal.community,
                    &terminal.checkpoint,
                    &day.to_string(),
                ],
            )
            .await?;
        }
        Effect::Revocation(r) => {
            let change = changes.next(c).await?;
            // Revocations only grow: the first one for a serial stands.
            c.execute(
                "INSERT INTO revocations (community, key_id, serial, reason, revoked_at, event_id, change)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (community, key_id, serial) DO NOTHING",
                &[
                    &terminal.community,
                    &i64::from(r.key_id),
                    &(r.serial as i64),
                    &r.reason,
                    &r.revoked_at.to_rfc3339(),
                    &event_id,
                    &change,
                ],
            )
            .await?;
        }
        Effect::TrustedKey(k) => {
            let change = changes.next(c).await?;
            let stored = c
                .query_opt(
                    "SELECT key_id, community, public_key, role FROM trusted_keys WHERE public_key = $1",
                    &[&k.public_key],
                )
                .await?
                .map(|r| key_of(&r, 0))
                .transpose()?;
            match derive::decide_key(stored.as_ref(), &k) {
                KeyDecision::Known => {}
                KeyDecision::Insert => {
                    c.execute(
                        "INSERT INTO trusted_keys (public_key, key_id, community, role, event_id, change)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                        &[
                            &k.public_key,
                            &i64::from(k.key_id),
                            &k.community,
                            &k.role.code(),
                            &event_id,
                            &change,
                        ],
                    )
                    .await?;
                }
                KeyDecision::Mismatch => {
                    let flag = common::key_mismatch_flag(event_id, stored.as_ref(), &k);
                    insert_flag(c, &terminal.id, &flag, now).await?;
                }
            }
        }
        Effect::Household(edit) => apply_household(c, terminal, &edit, changes, now).await?,
    }
    Ok(())
}

/// What the server holds that concerns a batch: the rows with its ids (any
/// terminal) and this terminal's rows at its already stored seqs.
async fn holdings_of(
    c: &impl GenericClient,
    terminal_id: &str,
    stored_through: u64,
    events: &[CheckedEvent],
) -> Result<Holdings, StorageError> {
    let mut holdings = Holdings {
        stored_through,
        ..Default::default()
    };
    let ids: Vec<&str> = events.iter().map(|e| e.envelope.id.as_str()).collect();
    let by_id = c
        .prepare_cached("SELECT id, terminal_id, seq, hash FROM events WHERE id = ANY($1)")
        .await?;
    for row in c.query(&by_id, &[&ids]).await? {
        let s = stored_row(&row);
        holdings.by_id.insert(s.id.clone(), s);
    }
    let old_seqs: Vec<i64> = events
        .iter()
        .map(|e| e.envelope.seq)
        .filter(|&s| s <= stored_through)
        .map(|s| s as i64)
        .collect();
    if !old_seqs.is_empty() {
        let at_seq = c
            .prepare_cached(
                "SELECT id, terminal_id, seq, hash FROM events WHERE terminal_id = $1 AND seq = ANY($2)",
            )
            .await?;
        for row in c.query(&at_seq, &[&terminal_id, &old_seqs]).await? {
            let s = stored_row(&row);
            holdings.at_seq.insert(s.seq, s);
        }
    }
    Ok(holdings)
}

/// Inserts events (`ON CONFLICT DO NOTHING`) in one statement; returns how
/// many rows went in.
async fn insert_events(
    c: &impl GenericClient,
    terminal_id: &str,
    received: &str,
    accepted: &[&CheckedEvent],
) -> Result<u64, StorageError> {
    let ids: Vec<&str> = accepted.iter().map(|e| e.envelope.id.as_str()).collect();
    let seqs: Vec<i64> = accepted.iter().map(|e| e.envelope.seq as i64).collect();
    let kinds: Vec<&str> = accepted.iter().map(|e| e.envelope.kind.as_str()).collect();
    let versions: Vec<i64> = accepted
        .iter()
        .map(|e| i64::from(e.envelope.body_version))
        .collect();
    let hlc_ms: Vec<i64> = accepted
        .iter()
        .map(|e| e.envelope.hlc.wall_ms as i64)
        .collect();
    let hlc_counter: Vec<i64> = accepted
        .iter()
        .map(|e| i64::from(e.envelope.hlc.counter))
        .collect();
    let days: Vec<String> = accepted
        .iter()
        .map(|e| e.envelope.day.to_string())
        .collect();
    let bodies: Vec<&str> = accepted.iter().map(|e| e.body_text.as_str()).collect();
    let hashes: Vec<&str> = accepted.iter().map(|e| e.hash.as_str()).collect();
    let insert = c
        .prepare_cached(
            "INSERT INTO events (id, terminal_id, seq, kind, body_version, hlc_ms, hlc_counter,
                 day, body, hash, received_at)
             SELECT u.id, $2, u.seq, u.kind, u.body_version, u.hlc_ms, u.hlc_counter,
                 u.day, u.body, u.hash, $3
             FROM UNNEST($1::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[],
                 $8::bigint[], $9::text[], $10::text[], $11::text[])
                 AS u(id, seq, kind, body_version, hlc_ms, hlc_counter, day, body, hash)
             ON CONFLICT DO NOTHING",
        )
        .await?;
    let params: [&(dyn ToSql + Sync); 11] = [
        &ids,
        &terminal_id,
        &received,
        &seqs,
        &kinds,
        &versions,
        &hlc_ms,
        &hlc_counter,
        &days,
        &bodies,
        &hashes,
    ];
    Ok(c.execute(&insert, &params).await?)
}

async fn push_tx(
    client: &mut deadpool_postgres::Client,
    terminal_id: &str,
    events: &[CheckedEvent],
    now: DateTime<Utc>,
) -> Result<PushOutcome, StorageError> {
    let tx = client.transaction().await?;
    // The row lock serialises overlapping pushes of one terminal.
    let Some(terminal) = terminal_by_id(&tx, terminal_id, true).await? else {
        return Ok(PushOutcome::Refused { revoked: true });
    };
    if terminal.revoked_at.is_some() || terminal.blocked_at.is_some() {
        return Ok(PushOutcome::Refused {
            revoked: terminal.revoked_at.is_some(),
        });
    }
    let received = time_text(now);
    let pushed: Vec<Pushed<'_>> = events.iter().map(common::pushed).collect();
    // The common case is a batch that simply continues the terminal's
    // sequence. Then nothing stored can be at its seqs, and the insert's
    // ON CONFLICT DO NOTHING alone tells whether any of its ids is stored
    // anywhere: if every row went in, the plan is "accept all" without
    // looking the ids up first. Otherwise the savepoint undoes the insert
    // and the batch takes the careful path.
    let appends = !events.is_empty()
        && events
            .iter()
            .enumerate()
            .all(|(i, e)| e.envelope.seq == terminal.acked_through + 1 + i as u64);
    let mut stored_already = false;
    let mut plan = None;
    if appends {
        tx.batch_execute("SAVEPOINT append").await?;
        let all: Vec<&CheckedEvent> = events.iter().collect();
        if insert_events(&tx, terminal_id, &received, &all).await? == all.len() as u64 {
            let holdings = Holdings {
                stored_through: terminal.acked_through,
                ..Default::default()
            };
            let appended = ingest::plan(&holdings, &pushed)
                .map_err(|e| StorageError::Invalid(e.to_string()))?;
            debug_assert_eq!(appended.accept.len(), events.len());
            plan = Some(appended);
            stored_already = true;
        } else {
            tx.batch_execute("ROLLBACK TO SAVEPOINT append").await?;
        }
    }
    let plan = match plan {
        Some(plan) => plan,
        None => {
            let holdings = holdings_of(&tx, terminal_id, terminal.acked_through, events).await?;
            ingest::plan(&holdings, &pushed).map_err(|e| StorageError::Invalid(e.to_string()))?
        }
    };

    match &plan.stop {
        Some(Stop::Missing { seq }) => {
            return Err(StorageError::Damaged(format!(
                "terminal {terminal_id} is stored through {} but seq {seq} is missing",
                terminal.acked_through
            )));
        }
        Some(stop @ Stop::Cloned { .. }) => {
            let flag = common::cloned_flag(terminal_id, stop);
            tx.execute(
                "UPDATE terminals SET blocked_at = $2, blocked_reason = $3 WHERE id = $1",
                &[&terminal_id, &received, &flag.detail.to_string()],
            )
            .await?;
            insert_flag(&tx, terminal_id, &flag, &received).await?;
            tx.commit().await?;
            return Ok(PushOutcome::Blocked);
        }
        _ => {}
    }

    if !stored_already && !plan.accept.is_empty() {
        let accepted: Vec<&CheckedEvent> = plan.accept.iter().map(|&i| &events[i]).collect();
        if insert_events(&tx, terminal_id, &received, &accepted).await? != accepted.len() as u64 {
            // Another terminal stored one of these ids after our lookup;
            // dropping the transaction rolls everything back.
            return Ok(PushOutcome::Retry);
        }
    }

    let mut changes = ChangeCounter::default();
    let now_ms = epoch_ms(now);
    for &i in &plan.accept {
        let (effect, flag) = derive::effect(&terminal, &events[i], now_ms);
        if let Some(flag) = flag {
            insert_flag(&tx, terminal_id, &flag, &received).await?;
        }
        apply_effect(
            &tx,
            &terminal,
            &events[i].envelope.id,
            effect,
            &mut changes,
            &received,
        )
        .await?;
    }
    changes.finish(&tx).await?;

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
            insert_flag(&tx, terminal_id, &flag, &received).await?;
            PushOutcome::Conflict {
                acked_through: plan.acked_through,
                index: *index,
                id: events[*index].envelope.id.clone(),
            }
        }
        Some(Stop::Cloned { .. } | Stop::Missing { .. }) => unreachable!("handled above"),
    };
    if !plan.accept.is_empty() {
        tx.execute(
            "UPDATE terminals SET stored_through = $2, last_push_at = $3 WHERE id = $1",
            &[&terminal_id, &(plan.stored_through as i64), &received],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

#[async_trait]
impl Storage for PostgresStorage {
    async fn create_enroll_code(&self, code: &NewEnrollCode) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO enroll_codes (code_hash, community, checkpoint, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    &code.code_hash,
                    &code.community,
                    &code.checkpoint,
                    &time_text(code.created_at),
                    &time_text(code.expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    async fn enroll(
        &self,
        a: &EnrollAttempt,
    ) -> Result<Result<Terminal, EnrollRefusal>, StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let Some(code) = tx
            .query_opt(
                "SELECT community, checkpoint, expires_at, used_at FROM enroll_codes
                 WHERE code_hash = $1 FOR UPDATE",
                &[&a.code_hash],
            )
            .await?
        else {
            return Ok(Err(EnrollRefusal::UnknownCode));
        };
        let (community, checkpoint, expires_at, used_at): (String, String, String, Option<String>) =
            (code.get(0), code.get(1), code.get(2), code.get(3));
        if used_at.is_some() {
            return Ok(Err(EnrollRefusal::UsedCode));
        }
        if common::expired(&expires_at, a.now)? {
            return Ok(Err(EnrollRefusal::ExpiredCode));
        }
        let now = time_text(a.now);
        match terminal_by_id(&tx, &a.terminal, true).await? {
            Some(existing) => {
                if let Some(refusal) = common::re_enroll_refusal(&existing, &community, &checkpoint)
                {
                    return Ok(Err(refusal));
                }
                tx.execute(
                    "UPDATE terminals SET token_hash = $2 WHERE id = $1",
                    &[&a.terminal, &a.token_hash],
                )
                .await?;
            }
            None => {
                tx.execute(
                    "INSERT INTO terminals (id, community, checkpoint, token_hash, enrolled_at)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&a.terminal, &community, &checkpoint, &a.token_hash, &now],
                )
                .await?;
            }
        }
        tx.execute(
            "UPDATE enroll_codes SET used_at = $2, terminal_id = $3 WHERE code_hash = $1",
            &[&a.code_hash, &now, &a.terminal],
        )
        .await?;
        let terminal = terminal_by_id(&tx, &a.terminal, false)
            .await?
            .ok_or_else(|| StorageError::Damaged("the enrolled terminal vanished".into()))?;
        tx.commit().await?;
        Ok(Ok(terminal))
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Option<Terminal>, StorageError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {TERMINAL_COLUMNS} FROM terminals WHERE token_hash = $1"
            ))
            .await?;
        Ok(client
            .query_opt(&stmt, &[&token_hash])
            .await?
            .as_ref()
            .map(terminal_row))
    }

    async fn push(
        &self,
        terminal: &Terminal,
        events: Vec<CheckedEvent>,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, StorageError> {
        let mut client = self.client().await?;
        push_tx(&mut client, &terminal.id, &events, now).await
    }

    async fn pull(
        &self,
        community: &str,
        since: u64,
        limit: u32,
    ) -> Result<PullResponse, StorageError> {
        let mut client = self.client().await?;
        // One snapshot for the rows and the newest change number.
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let since_i = since.min(i64::MAX as u64) as i64;
        let take = i64::from(limit) + 1;
        let mut rows = Vec::new();
        for r in tx
            .query(
                "SELECT change, key_id, community, public_key, role FROM trusted_keys
                 WHERE change > $1 ORDER BY change LIMIT $2",
                &[&since_i, &take],
            )
            .await?
        {
            rows.push(Change {
                change: u64_of(r.get(0)),
                item: MasterData::TrustedKey(key_of(&r, 1)?),
            });
        }
        for r in tx
            .query(
                &format!(
                    "SELECT change, key_id, number, {HOUSEHOLD_COLUMNS} FROM households
                     WHERE community = $1 AND change > $2 ORDER BY change LIMIT $3"
                ),
                &[&community, &since_i, &take],
            )
            .await?
        {
            let row = raw_household(&r, 3).into_row()?;
            if let Some(state) = row.state(u32_of(r.get(1))?, u32_of(r.get(2))?) {
                rows.push(Change {
                    change: u64_of(r.get(0)),
                    item: MasterData::Household(state),
                });
            }
        }
        for r in tx
            .query(
                "SELECT change, key_id, serial, reason, revoked_at FROM revocations
                 WHERE community = $1 AND change > $2 ORDER BY change LIMIT $3",
                &[&community, &since_i, &take],
            )
            .await?
        {
            let revoked_at: String = r.get(4);
            rows.push(Change {
                change: u64_of(r.get(0)),
                item: MasterData::Revocation(RevocationBody {
                    key_id: u32_of(r.get(1))?,
                    serial: u64_of(r.get(2)),
                    reason: r.get(3),
                    revoked_at: common::parse_time(&revoked_at)?,
                }),
            });
        }
        let latest: i64 = tx
            .query_one("SELECT value FROM change_counter WHERE id = 1", &[])
            .await?
            .get(0);
        tx.commit().await?;
        Ok(derive::pull_page(rows, since, limit, u64_of(latest)))
    }

    async fn latest_change(&self) -> Result<u64, StorageError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached("SELECT value FROM change_counter WHERE id = 1")
            .await?;
        Ok(u64_of(client.query_one(&stmt, &[]).await?.get(0)))
    }

    async fn add_user(&self, user: &NewUser) -> Result<(), StorageError> {
        let client = self.client().await?;
        let inserted = client
            .execute(
                "INSERT INTO users (name, role, community, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[
                    &user.name,
                    &user.role.code(),
                    &user.community,
                    &user.password_hash,
                    &time_text(user.created_at),
                ],
            )
            .await?;
        if inserted == 0 {
            return Err(StorageError::UserExists(user.name.clone()));
        }
        Ok(())
    }

    async fn terminals(&self) -> Result<Vec<Terminal>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query(
                &format!(
                    "SELECT {TERMINAL_COLUMNS} FROM terminals
                     ORDER BY community, checkpoint, enrolled_at, id"
                ),
                &[],
            )
            .await?
            .iter()
            .map(terminal_row)
            .collect())
    }

    async fn revoke_terminal(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let exists = terminal_by_id(&tx, id, true).await?.is_some();
        tx.execute(
            "UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &time_text(now)],
        )
        .await?;
        tx.commit().await?;
        Ok(exists)
    }

    async fn day_inputs(&self, day: NaiveDate) -> Result<DayInputs, StorageError> {
        let mut client = self.client().await?;
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let day = day.to_string();
        let terminals = tx
            .query(&format!("SELECT {TERMINAL_COLUMNS} FROM terminals"), &[])
            .await?
            .iter()
            .map(terminal_row)
            .collect();
        let configs = tx
            .query(
                "SELECT terminal_id, seq, body FROM events WHERE kind = 'gate_config'",
                &[],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        let passages = tx
            .query(
                "SELECT terminal_id, body FROM events WHERE kind = 'passage' AND day = $1
                 ORDER BY terminal_id, seq",
                &[&day],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let reported = tx
            .query(
                "SELECT DISTINCT community, checkpoint FROM reports_received WHERE day = $1",
                &[&day],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        tx.commit().await?;
        day_inputs_from(terminals, configs, passages, reported)
    }

    async fn household_conflicts(
        &self,
        community: &str,
    ) -> Result<Vec<HouseholdConflict>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                "SELECT community, key_id, number, winner, loser, recorded_at FROM household_conflicts
                 WHERE community = $1 ORDER BY id DESC",
                &[&community],
            )
            .await?
            .iter()
            .map(|r| {
                let winner: String = r.get(3);
                let loser: String = r.get(4);
                common::conflict_from(r.get(0), r.get(1), r.get(2), &winner, &loser, r.get(5))
            })
            .collect()
    }

    async fn flags(&self) -> Result<Vec<Flag>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                "SELECT kind, terminal_id, event_id, detail, created_at FROM flags ORDER BY id",
                &[],
            )
            .await?
            .iter()
            .map(|r| {
                let detail: String = r.get(3);
                Ok(Flag {
                    kind: r.get(0),
                    terminal: r.get(1),
                    event_id: r.get(2),
                    detail: serde_json::from_str(&detail)
                        .map_err(|e| StorageError::Damaged(format!("flag detail: {e}")))?,
                    created_at: r.get(4),
                })
            })
            .collect()
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
