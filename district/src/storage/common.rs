//! Row conversions and small decisions both backends share, so that the two
//! differ only in how they talk to their database.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use kakou_core::domain::{ExitQuota, HouseholdStatus, Temperature};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::district_report::TerminalDay;
use kakou_core::sync::events::{GateConfigBody, PassageRecord, TrustedKeyBody};
use kakou_core::sync::hlc::{Hlc, Stamp};
use kakou_core::sync::ingest::{Pushed, Stop};
use kakou_core::sync::lww::Versioned;
use serde_json::json;

use super::derive::{EditRecord, HouseholdConflict, HouseholdRow, NewFlag, StatusQuota};
use super::{DayInputs, EnrollRefusal, StorageError, Terminal};

pub fn pushed(e: &CheckedEvent) -> Pushed<'_> {
    Pushed {
        id: &e.envelope.id,
        seq: e.envelope.seq,
        hash: &e.hash,
    }
}

pub fn parse_time(text: &str) -> Result<DateTime<FixedOffset>, StorageError> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|e| StorageError::Damaged(format!("time `{text}`: {e}")))
}

/// Whether a stored expiry time has passed.
pub fn expired(expires_at: &str, now: DateTime<Utc>) -> Result<bool, StorageError> {
    Ok(parse_time(expires_at)? <= now)
}

/// Why an enrolled terminal may not enrol again with a code for
/// `community`/`checkpoint`, if it may not. A terminal that lost its token
/// enrols again at its own checkpoint and keeps its events; one that is
/// revoked or blocked stays out, and a code for another checkpoint cannot
/// move a terminal (its events would change checkpoint after the fact).
pub fn re_enroll_refusal(
    existing: &Terminal,
    community: &str,
    checkpoint: &str,
) -> Option<EnrollRefusal> {
    if existing.revoked_at.is_some() {
        return Some(EnrollRefusal::Refused("the terminal was revoked".into()));
    }
    if existing.blocked_at.is_some() {
        return Some(EnrollRefusal::Refused("the terminal is blocked".into()));
    }
    if existing.community != community || existing.checkpoint != checkpoint {
        return Some(EnrollRefusal::Refused(format!(
            "the terminal is enrolled at {} / {}, the code is for {community} / {checkpoint}",
            existing.community, existing.checkpoint
        )));
    }
    None
}

pub fn cloned_flag(terminal_id: &str, stop: &Stop) -> NewFlag {
    let detail = match stop {
        Stop::Cloned {
            seq,
            pushed_id,
            stored_id,
            ..
        } => json!({"seq": seq, "pushed_id": pushed_id, "stored_id": stored_id,
                    "reason": "the terminal's seq ran backwards with other event ids (a copied terminal)"}),
        other => json!({"stop": format!("{other:?}")}),
    };
    NewFlag {
        kind: "cloned_terminal",
        event_id: None,
        fingerprint: format!("{terminal_id}:{detail}"),
        detail,
    }
}

pub fn conflict_flag(stop: &Stop, pushed: &CheckedEvent) -> NewFlag {
    let (stored_terminal, stored_seq, stored_hash) = match stop {
        Stop::Conflict { stored, .. } => (
            Some(stored.terminal.clone()),
            Some(stored.seq),
            Some(stored.hash.clone()),
        ),
        _ => (None, None, None),
    };
    NewFlag {
        kind: "event_conflict",
        event_id: Some(pushed.envelope.id.clone()),
        fingerprint: format!("{}:{}", pushed.envelope.id, pushed.hash),
        detail: json!({
            "stored": {"terminal": stored_terminal, "seq": stored_seq, "hash": stored_hash},
            "pushed": {"hash": pushed.hash, "envelope": pushed.envelope},
        }),
    }
}

pub fn key_mismatch_flag(
    event_id: &str,
    stored: Option<&TrustedKeyBody>,
    pushed: &TrustedKeyBody,
) -> NewFlag {
    NewFlag {
        kind: "key_mismatch",
        event_id: Some(event_id.to_string()),
        fingerprint: event_id.to_string(),
        detail: json!({"stored": stored, "pushed": pushed}),
    }
}

/// A household row as both databases store it (integers as i64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHousehold {
    pub address: Option<String>,
    pub address_hlc_ms: Option<i64>,
    pub address_counter: Option<i64>,
    pub address_terminal: Option<String>,
    pub status: String,
    pub quota_outings: Option<i64>,
    pub quota_days: Option<i64>,
    pub hlc_ms: i64,
    pub hlc_counter: i64,
    pub terminal_id: String,
    pub event_id: String,
}

fn hlc_of(ms: i64, counter: i64) -> Result<Hlc, StorageError> {
    Ok(Hlc::new(
        u64::try_from(ms).map_err(|_| StorageError::Damaged(format!("hlc {ms}")))?,
        u32::try_from(counter)
            .map_err(|_| StorageError::Damaged(format!("hlc counter {counter}")))?,
    ))
}

fn quota_of(outings: Option<i64>, days: Option<i64>) -> Result<Option<ExitQuota>, StorageError> {
    match (outings, days) {
        (Some(o), Some(d)) => Ok(Some(ExitQuota {
            outings: u32::try_from(o).map_err(|_| StorageError::Damaged(format!("quota {o}")))?,
            days: u32::try_from(d).map_err(|_| StorageError::Damaged(format!("quota days {d}")))?,
        })),
        (None, None) => Ok(None),
        _ => Err(StorageError::Damaged(
            "a quota with one half missing".into(),
        )),
    }
}

impl RawHousehold {
    pub fn into_row(self) -> Result<HouseholdRow, StorageError> {
        let address_stamp = match (
            self.address_hlc_ms,
            self.address_counter,
            self.address_terminal,
        ) {
            (Some(ms), Some(counter), Some(terminal)) => Some(Stamp {
                hlc: hlc_of(ms, counter)?,
                terminal,
            }),
            _ => None,
        };
        let status = HouseholdStatus::from_code(&self.status)
            .ok_or_else(|| StorageError::Damaged(format!("household status `{}`", self.status)))?;
        Ok(HouseholdRow {
            address: self.address,
            address_stamp,
            current: Versioned {
                hlc: hlc_of(self.hlc_ms, self.hlc_counter)?,
                terminal: self.terminal_id,
                value: StatusQuota {
                    status,
                    quota: quota_of(self.quota_outings, self.quota_days)?,
                },
            },
            event_id: self.event_id,
        })
    }

    pub fn from_row(row: &HouseholdRow) -> RawHousehold {
        let stamp = row.address_stamp.as_ref();
        RawHousehold {
            address: row.address.clone(),
            address_hlc_ms: stamp.map(|s| s.hlc.wall_ms as i64),
            address_counter: stamp.map(|s| i64::from(s.hlc.counter)),
            address_terminal: stamp.map(|s| s.terminal.clone()),
            status: row.current.value.status.code().to_string(),
            quota_outings: row.current.value.quota.map(|q| i64::from(q.outings)),
            quota_days: row.current.value.quota.map(|q| i64::from(q.days)),
            hlc_ms: row.current.hlc.wall_ms as i64,
            hlc_counter: i64::from(row.current.hlc.counter),
            terminal_id: row.current.terminal.clone(),
            event_id: row.event_id.clone(),
        }
    }
}

pub fn conflict_from(
    community: String,
    key_id: i64,
    number: i64,
    winner: &str,
    loser: &str,
    recorded_at: String,
) -> Result<HouseholdConflict, StorageError> {
    let record = |text: &str| {
        serde_json::from_str::<EditRecord>(text)
            .map_err(|e| StorageError::Damaged(format!("household conflict: {e}")))
    };
    Ok(HouseholdConflict {
        community,
        key_id: u32::try_from(key_id)
            .map_err(|_| StorageError::Damaged(format!("key id {key_id}")))?,
        number: u32::try_from(number)
            .map_err(|_| StorageError::Damaged(format!("number {number}")))?,
        winner: record(winner)?,
        loser: record(loser)?,
        recorded_at,
    })
}

/// Puts together what the daily report needs: every terminal's passages of
/// the day under its enrolled (community, checkpoint), counted with the
/// fever threshold of its newest `gate_config` (37.3 °C without one).
pub fn day_inputs_from(
    terminals: Vec<Terminal>,
    configs: Vec<(String, i64, String)>,
    passages: Vec<(String, String)>,
    reported: Vec<(String, String)>,
) -> Result<DayInputs, StorageError> {
    let mut newest: HashMap<String, (i64, Temperature)> = HashMap::new();
    for (terminal, seq, body) in configs {
        let config: GateConfigBody = serde_json::from_str(&body)
            .map_err(|e| StorageError::Damaged(format!("gate_config body: {e}")))?;
        let entry = newest.entry(terminal).or_insert((seq, config.fever_at()));
        if seq >= entry.0 {
            *entry = (seq, config.fever_at());
        }
    }
    let by_id: HashMap<&str, &Terminal> = terminals.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut per_terminal: BTreeMap<String, Vec<kakou_core::domain::Passage>> = BTreeMap::new();
    for (terminal, body) in passages {
        let record: PassageRecord = serde_json::from_str(&body)
            .map_err(|e| StorageError::Damaged(format!("passage body: {e}")))?;
        per_terminal
            .entry(terminal)
            .or_default()
            .push(record.passage);
    }
    let mut inputs = DayInputs::default();
    for t in &terminals {
        if t.revoked_at.is_none() {
            inputs
                .enrolled
                .insert((t.community.clone(), t.checkpoint.clone()));
        }
    }
    for (terminal, passages) in per_terminal {
        let t = by_id.get(terminal.as_str()).ok_or_else(|| {
            StorageError::Damaged(format!("events of unknown terminal {terminal}"))
        })?;
        let fever_at = newest
            .get(&terminal)
            .map_or(Temperature::DEFAULT_FEVER, |(_, f)| *f);
        inputs
            .passages
            .entry((t.community.clone(), t.checkpoint.clone()))
            .or_default()
            .push(TerminalDay { fever_at, passages });
    }
    inputs.reported = reported.into_iter().collect();
    Ok(inputs)
}

/// A visitor row as both databases store it (integers as i64, the day and
/// document type as text).
pub struct RawVisitor {
    pub token_hash: String,
    pub community: String,
    pub serial: i64,
    pub name: String,
    pub document_type: String,
    pub id_number: String,
    pub phone: String,
    pub from: String,
    pub address: String,
    pub key_id: i64,
    pub number: i64,
    pub visit_day: String,
    pub pass: String,
    pub created_at: String,
}

/// The columns of `visitors` in the order [`RawVisitor`] reads them.
pub const VISITOR_COLUMNS: &str = "token_hash, community, serial, name, document_type, id_number, \
     phone, from_place, address, key_id, number, visit_day, pass, created_at";

impl RawVisitor {
    pub fn into_record(self) -> Result<super::VisitorRecord, StorageError> {
        let damaged = |what: &str| StorageError::Damaged(format!("visitor {what}"));
        Ok(super::VisitorRecord {
            token_hash: self.token_hash,
            community: self.community,
            serial: u64::try_from(self.serial).map_err(|_| damaged("serial"))?,
            name: self.name,
            document_type: kakou_core::domain::DocumentType::from_code(&self.document_type)
                .ok_or_else(|| damaged("document type"))?,
            id_number: self.id_number,
            phone: self.phone,
            from: self.from,
            address: self.address,
            key_id: u32::try_from(self.key_id).map_err(|_| damaged("key id"))?,
            number: u32::try_from(self.number).map_err(|_| damaged("household number"))?,
            visit_day: self.visit_day.parse().map_err(|_| damaged("day"))?,
            pass: self.pass,
            created_at: self.created_at,
        })
    }
}

/// A stored role's text as a [`super::Role`].
pub fn role_of(text: &str) -> Result<super::Role, StorageError> {
    match text {
        "admin" => Ok(super::Role::Admin),
        "lead" => Ok(super::Role::Lead),
        other => Err(StorageError::Damaged(format!("user role `{other}`"))),
    }
}

/// A passage event's body under its terminal's community and checkpoint.
pub fn stored_passage(
    terminal: String,
    community: String,
    checkpoint: String,
    body: &str,
) -> Result<super::StoredPassage, StorageError> {
    Ok(super::StoredPassage {
        terminal,
        community,
        checkpoint,
        record: serde_json::from_str(body)
            .map_err(|e| StorageError::Damaged(format!("passage body: {e}")))?,
    })
}

/// The exit quota of a stored `gate_config` body.
pub fn gate_config_quota(body: &str) -> Result<Option<ExitQuota>, StorageError> {
    let config: GateConfigBody = serde_json::from_str(body)
        .map_err(|e| StorageError::Damaged(format!("gate_config body: {e}")))?;
    Ok(config.exit_quota)
}

/// A household row's status and quota columns.
pub fn household_view(
    key_id: i64,
    number: i64,
    address: String,
    status: &str,
    outings: Option<i64>,
    days: Option<i64>,
) -> Result<super::HouseholdView, StorageError> {
    Ok(super::HouseholdView {
        key_id: u32::try_from(key_id)
            .map_err(|_| StorageError::Damaged(format!("key id {key_id}")))?,
        number: u32::try_from(number)
            .map_err(|_| StorageError::Damaged(format!("number {number}")))?,
        address,
        status: HouseholdStatus::from_code(status)
            .ok_or_else(|| StorageError::Damaged(format!("household status `{status}`")))?,
        quota: quota_of(outings, days)?,
    })
}

/// The trusted-key row a new community's visitor key becomes; its event id
/// says the district made it, not a gate.
pub fn visitor_key_event_id(slug: &str) -> String {
    format!("district:visitor_key:{slug}")
}
