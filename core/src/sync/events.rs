//! The typed body of every event kind a terminal pushes (body version 1).
//!
//! The envelope carries the kind and the body as a JSON object; [`EventBody::parse`]
//! turns the pair into one of these types or says precisely what is wrong.
//! Every body except the passage refuses unknown fields: a misspelt field
//! would otherwise be dropped silently, and a changed shape is a new body
//! version. The passage flattens the core's [`Passage`], which serde cannot
//! combine with refusing unknown fields.
//!
//! No body names a person's ID number or phone except the passage of a
//! visitor or a vehicle's driver, which the district needs and masks on its
//! screens (DESIGN §5). Nothing here flows back down to gates except what
//! [`super::protocol::MasterData`] lists.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::domain::{Category, ExitQuota, HouseholdStatus, Passage, Temperature};
pub use crate::pass::KeyRole;
use crate::pass::{MAX_SERIAL, TrustList, TrustedKey, key_id_for};
use crate::report::DailyReport;

/// The one body version this code reads and writes.
pub const BODY_VERSION: u16 = 1;

/// Every kind of event, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Passage,
    Household,
    HouseholdStatus,
    Revocation,
    TrustedKey,
    PassIssued,
    ShiftStart,
    ShiftEnd,
    LedgerImport,
    GateConfig,
    DailyReport,
}

impl EventKind {
    pub const ALL: [EventKind; 11] = [
        EventKind::Passage,
        EventKind::Household,
        EventKind::HouseholdStatus,
        EventKind::Revocation,
        EventKind::TrustedKey,
        EventKind::PassIssued,
        EventKind::ShiftStart,
        EventKind::ShiftEnd,
        EventKind::LedgerImport,
        EventKind::GateConfig,
        EventKind::DailyReport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Passage => "passage",
            EventKind::Household => "household",
            EventKind::HouseholdStatus => "household_status",
            EventKind::Revocation => "revocation",
            EventKind::TrustedKey => "trusted_key",
            EventKind::PassIssued => "pass_issued",
            EventKind::ShiftStart => "shift_start",
            EventKind::ShiftEnd => "shift_end",
            EventKind::LedgerImport => "ledger_import",
            EventKind::GateConfig => "gate_config",
            EventKind::DailyReport => "daily_report",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The body versions this code understands for the kind.
    pub fn supports_version(self, version: u16) -> bool {
        version == BODY_VERSION
    }
}

/// A passage as the terminal's register keeps it: the flow's decision plus
/// the id it was committed under, the checkpoint and the operator. The JSON
/// is the passage's own fields next to these three.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageRecord {
    pub id: String,
    pub checkpoint: String,
    pub operator: String,
    #[serde(flatten)]
    pub passage: Passage,
}

/// A household as the issuing store numbered it (from a ledger import). A
/// household is named in the whole community by (issuing key id, number);
/// the issuing store never reuses a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdBody {
    pub key_id: u32,
    pub number: u32,
    /// Building-unit-room or village group, as the ledger writes it.
    pub address: String,
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// A lead's edit of a household's status and quota, at any gate. Edits
/// resolve last-writer-wins on (hybrid clock, terminal id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdStatusBody {
    pub key_id: u32,
    pub number: u32,
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// A revoked pass, by (issuing key id, serial). Revocations only ever grow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationBody {
    pub key_id: u32,
    pub serial: u64,
    pub reason: String,
    pub revoked_at: DateTime<FixedOffset>,
}

/// A community's public key. Keys only ever grow, and a public key belongs
/// to one community in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKeyBody {
    pub key_id: u32,
    pub community: String,
    /// The Ed25519 public key as 64 lower-case hex digits.
    pub public_key: String,
    pub role: KeyRole,
}

impl TrustedKeyBody {
    /// The key as the pass verifier's trust list holds it. `None` when the
    /// hex is not a public key; a parsed body has already been checked.
    pub fn trusted_key(&self) -> Option<TrustedKey> {
        let bytes = decode_hex32(&self.public_key)?;
        Some(TrustedKey {
            key_id: self.key_id,
            community: self.community.clone(),
            public_key: bytes,
            role: self.role,
        })
    }
}

/// A pass was issued (or reissued). Names the holder by nothing but the
/// household number: no name, ID number or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassIssuedBody {
    pub key_id: u32,
    pub serial: u64,
    pub category: Category,
    /// The household's number in the issuing store.
    pub household: u32,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// The serial of the pass this one replaces (a lost card), if any.
    pub supersedes: Option<u64>,
}

/// A volunteer signed in (`shift_start`) or out (`shift_end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftBody {
    pub volunteer: String,
    pub at: DateTime<FixedOffset>,
    /// True when the shift ended because the next volunteer signed in.
    pub implicit: bool,
}

/// What a ledger import on the issuing store did (the counts only; the
/// households themselves follow as `household` events).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerImportBody {
    pub rows: u64,
    pub households_added: u64,
    pub households_changed: u64,
    pub people_added: u64,
    pub people_changed: u64,
    pub people_unchanged: u64,
    pub moved_out: u64,
    pub passes_revoked: u64,
}

/// The gate's rules as the lead set them. The district counts fever readings
/// in its reports with each terminal's newest threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfigBody {
    pub fever_at_tenths: i32,
    pub rest_seconds: i64,
    pub exit_quota: Option<ExitQuota>,
}

impl GateConfigBody {
    pub fn fever_at(&self) -> Temperature {
        Temperature(self.fever_at_tenths)
    }
}

/// An event's body, typed by its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventBody {
    Passage(Box<PassageRecord>),
    Household(HouseholdBody),
    HouseholdStatus(HouseholdStatusBody),
    Revocation(RevocationBody),
    TrustedKey(TrustedKeyBody),
    PassIssued(PassIssuedBody),
    ShiftStart(ShiftBody),
    ShiftEnd(ShiftBody),
    LedgerImport(LedgerImportBody),
    GateConfig(GateConfigBody),
    DailyReport(Box<DailyReport>),
}

/// Why a body was refused. The message names the field; the district sends
/// it back to the terminal with the error code `invalid_event`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BodyError {
    #[error(
        "body version {version} of `{kind}` is not supported (this server reads {BODY_VERSION})"
    )]
    UnsupportedVersion { kind: &'static str, version: u16 },
    #[error("`{kind}` body: {message}")]
    Shape { kind: &'static str, message: String },
    #[error("`{kind}` body: {field} {problem}")]
    Field {
        kind: &'static str,
        field: &'static str,
        problem: &'static str,
    },
}

/// The longest text a body field may hold, in characters. Generous for
/// names and addresses; a protection against a runaway field, not a rule.
pub const MAX_TEXT_CHARS: usize = 500;

impl EventBody {
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Passage(_) => EventKind::Passage,
            EventBody::Household(_) => EventKind::Household,
            EventBody::HouseholdStatus(_) => EventKind::HouseholdStatus,
            EventBody::Revocation(_) => EventKind::Revocation,
            EventBody::TrustedKey(_) => EventKind::TrustedKey,
            EventBody::PassIssued(_) => EventKind::PassIssued,
            EventBody::ShiftStart(_) => EventKind::ShiftStart,
            EventBody::ShiftEnd(_) => EventKind::ShiftEnd,
            EventBody::LedgerImport(_) => EventKind::LedgerImport,
            EventBody::GateConfig(_) => EventKind::GateConfig,
            EventBody::DailyReport(_) => EventKind::DailyReport,
        }
    }

    /// Reads and checks a body of `kind` at `version`.
    pub fn parse(
        kind: EventKind,
        version: u16,
        body: &Map<String, Value>,
    ) -> Result<EventBody, BodyError> {
        if !kind.supports_version(version) {
            return Err(BodyError::UnsupportedVersion {
                kind: kind.code(),
                version,
            });
        }
        let parsed = match kind {
            EventKind::Passage => EventBody::Passage(Box::new(passage_record(body)?)),
            EventKind::Household => EventBody::Household(typed(kind, body)?),
            EventKind::HouseholdStatus => EventBody::HouseholdStatus(typed(kind, body)?),
            EventKind::Revocation => EventBody::Revocation(typed(kind, body)?),
            EventKind::TrustedKey => EventBody::TrustedKey(typed(kind, body)?),
            EventKind::PassIssued => EventBody::PassIssued(typed(kind, body)?),
            EventKind::ShiftStart => EventBody::ShiftStart(typed(kind, body)?),
            EventKind::ShiftEnd => EventBody::ShiftEnd(typed(kind, body)?),
            EventKind::LedgerImport => EventBody::LedgerImport(typed(kind, body)?),
            EventKind::GateConfig => EventBody::GateConfig(typed(kind, body)?),
            EventKind::DailyReport => EventBody::DailyReport(Box::new(typed(kind, body)?)),
        };
        parsed.check()?;
        Ok(parsed)
    }

    /// The body as the JSON object an envelope carries.
    pub fn to_object(&self) -> Map<String, Value> {
        let value = match self {
            EventBody::Passage(b) => serde_json::to_value(b),
            EventBody::Household(b) => serde_json::to_value(b),
            EventBody::HouseholdStatus(b) => serde_json::to_value(b),
            EventBody::Revocation(b) => serde_json::to_value(b),
            EventBody::TrustedKey(b) => serde_json::to_value(b),
            EventBody::PassIssued(b) => serde_json::to_value(b),
            EventBody::ShiftStart(b) | EventBody::ShiftEnd(b) => serde_json::to_value(b),
            EventBody::LedgerImport(b) => serde_json::to_value(b),
            EventBody::GateConfig(b) => serde_json::to_value(b),
            EventBody::DailyReport(b) => serde_json::to_value(b),
        };
        match value {
            Ok(Value::Object(map)) => map,
            // Every body is a struct of strings, numbers and nested structs
            // with string keys, which serde_json always writes as an object.
            other => unreachable!("an event body serialises to an object, got {other:?}"),
        }
    }

    /// The checks serde's types cannot express.
    fn check(&self) -> Result<(), BodyError> {
        let kind = self.kind().code();
        let field = |field, problem| {
            Err(BodyError::Field {
                kind,
                field,
                problem,
            })
        };
        match self {
            EventBody::Passage(p) => {
                text(kind, "id", &p.id)?;
                text(kind, "checkpoint", &p.checkpoint)?;
                text(kind, "operator", &p.operator)?;
            }
            EventBody::Household(h) => {
                text(kind, "address", &h.address)?;
                quota(kind, h.quota)?;
            }
            EventBody::HouseholdStatus(h) => quota(kind, h.quota)?,
            EventBody::Revocation(r) => {
                if r.serial > MAX_SERIAL {
                    return field("serial", "is beyond the 40 bits a pass carries");
                }
                text(kind, "reason", &r.reason)?;
            }
            EventBody::TrustedKey(k) => {
                text(kind, "community", &k.community)?;
                let Some(trusted) = k.trusted_key() else {
                    return field("public_key", "is not 64 lower-case hex digits");
                };
                if key_id_for(&trusted.public_key) != k.key_id {
                    return field("key_id", "is not the id of public_key");
                }
                if TrustList::new(vec![trusted]).is_err() {
                    return field("public_key", "is not a usable Ed25519 public key");
                }
            }
            EventBody::PassIssued(p) => {
                if p.serial > MAX_SERIAL || p.supersedes.is_some_and(|s| s > MAX_SERIAL) {
                    return field("serial", "is beyond the 40 bits a pass carries");
                }
                if p.valid_until < p.valid_from {
                    return field("valid_until", "is before valid_from");
                }
            }
            EventBody::ShiftStart(s) | EventBody::ShiftEnd(s) => {
                text(kind, "volunteer", &s.volunteer)?
            }
            EventBody::LedgerImport(_) => {}
            EventBody::GateConfig(g) => {
                // 30.0–45.0 °C: any threshold outside is a typing slip that
                // would turn every reading (or none) into a fever.
                if !(300..=450).contains(&g.fever_at_tenths) {
                    return field("fever_at_tenths", "is outside 300..=450 (30.0–45.0 °C)");
                }
                if g.rest_seconds < 0 {
                    return field("rest_seconds", "is negative");
                }
                quota(kind, g.exit_quota)?;
            }
            EventBody::DailyReport(r) => text(kind, "checkpoint", &r.checkpoint)?,
        }
        Ok(())
    }
}

fn typed<T: DeserializeOwned>(kind: EventKind, body: &Map<String, Value>) -> Result<T, BodyError> {
    // Deserialising from a borrowed map avoids cloning the whole body.
    T::deserialize(serde::de::value::MapDeserializer::new(
        body.iter().map(|(k, v)| (k.as_str(), v)),
    ))
    .map_err(|e: serde_json::Error| BodyError::Shape {
        kind: kind.code(),
        message: e.to_string(),
    })
}

/// Reads a passage record. Its three own fields are read from the map
/// directly and the passage from the same map (which ignores them): the
/// same JSON `#[serde(flatten)]` reads, without serde's buffering of every
/// field, which made the district's check several times slower.
fn passage_record(body: &Map<String, Value>) -> Result<PassageRecord, BodyError> {
    let kind = EventKind::Passage;
    let field = |name: &'static str| match body.get(name) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Err(BodyError::Shape {
            kind: kind.code(),
            message: format!("invalid type: {other}, expected a string for `{name}`"),
        }),
        None => Err(BodyError::Shape {
            kind: kind.code(),
            message: format!("missing field `{name}`"),
        }),
    };
    Ok(PassageRecord {
        id: field("id")?,
        checkpoint: field("checkpoint")?,
        operator: field("operator")?,
        passage: typed(kind, body)?,
    })
}

fn text(kind: &'static str, field: &'static str, value: &str) -> Result<(), BodyError> {
    let problem = if value.trim().is_empty() {
        "is empty"
    } else if value.chars().count() > MAX_TEXT_CHARS {
        "is longer than 500 characters"
    } else if value.chars().any(|c| c.is_control()) {
        "contains control characters"
    } else {
        return Ok(());
    };
    Err(BodyError::Field {
        kind,
        field,
        problem,
    })
}

fn quota(kind: &'static str, quota: Option<ExitQuota>) -> Result<(), BodyError> {
    match quota {
        Some(q) if q.outings == 0 || q.days == 0 => Err(BodyError::Field {
            kind,
            field: "quota",
            problem: "needs at least one outing in at least one day",
        }),
        _ => Ok(()),
    }
}

fn decode_hex32(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let nibble = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in digits.chunks_exact(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    fn key_body() -> Value {
        let key = SigningKey::from_bytes(&[7; 32]).verifying_key();
        let trusted = TrustedKey::new("幸福里小区", &key);
        let hex: String = trusted
            .public_key
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        json!({"key_id": trusted.key_id, "community": "幸福里小区", "public_key": hex, "role": "issuing"})
    }

    fn passage_body() -> Value {
        json!({
            "id": "0193a000-0000-7000-8000-000000000001",
            "checkpoint": "东门",
            "operator": "王五",
            "at": "2026-11-24T08:00:00+08:00",
            "direction": "in",
            "subject": {"subject": "pass", "key_id": 7, "serial": 12, "category": "resident", "holder": "张三", "household": {"key_id": 7, "number": 3}},
            "temperatures": [365],
            "answers": {"travel_14d": false, "contact_14d": false, "symptoms": false},
            "outcome": "released",
            "reason": null,
            "alert": null
        })
    }

    #[test]
    fn every_kind_has_a_round_tripping_code() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.code()));
        }
        assert_eq!(EventKind::from_code("passages"), None);
    }

    /// (kind, body) that must parse, and then serialise back to the same object.
    #[test]
    fn valid_bodies_parse_and_round_trip() {
        let cases = [
            (EventKind::Passage, passage_body()),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 12, "address": "3-2-501", "status": "normal", "quota": {"outings": 1, "days": 2}}),
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 13, "address": "'); DROP TABLE events;-- <b>x</b>", "status": "vacant", "quota": null}),
            ),
            (
                EventKind::HouseholdStatus,
                json!({"key_id": 7, "number": 12, "status": "home_quarantine", "quota": null}),
            ),
            (
                EventKind::Revocation,
                json!({"key_id": 7, "serial": 99, "reason": "lost", "revoked_at": "2026-11-24T09:00:00+08:00"}),
            ),
            (EventKind::TrustedKey, key_body()),
            (
                EventKind::PassIssued,
                json!({"key_id": 7, "serial": 100, "category": "tenant", "household": 12, "valid_from": "2026-11-24", "valid_until": "2026-12-24", "supersedes": 99}),
            ),
            (
                EventKind::ShiftStart,
                json!({"volunteer": "王五", "at": "2026-11-24T08:00:00+08:00", "implicit": false}),
            ),
            (
                EventKind::ShiftEnd,
                json!({"volunteer": "王五", "at": "2026-11-24T12:00:00+08:00", "implicit": true}),
            ),
            (
                EventKind::LedgerImport,
                json!({"rows": 10, "households_added": 3, "households_changed": 0, "people_added": 10, "people_changed": 0, "people_unchanged": 0, "moved_out": 0, "passes_revoked": 0}),
            ),
            (
                EventKind::GateConfig,
                json!({"fever_at_tenths": 373, "rest_seconds": 300, "exit_quota": null}),
            ),
            (
                EventKind::DailyReport,
                serde_json::to_value(
                    crate::report::daily(
                        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                        "东门",
                        &[],
                        Temperature::DEFAULT_FEVER,
                    )
                    .remove(0),
                )
                .unwrap(),
            ),
        ];
        for (kind, body) in cases {
            let map = object(body.clone());
            let parsed = EventBody::parse(kind, 1, &map)
                .unwrap_or_else(|e| panic!("{kind:?} should parse: {e}"));
            assert_eq!(parsed.kind(), kind);
            assert_eq!(
                Value::Object(parsed.to_object()),
                body,
                "{kind:?} round trip"
            );
        }
    }

    /// (kind, body, the words the error must contain).
    #[test]
    fn invalid_bodies_name_the_problem() {
        let mut bad_key = key_body();
        bad_key["key_id"] = json!(1);
        let mut upper_key = key_body();
        upper_key["public_key"] = json!(upper_key["public_key"].as_str().unwrap().to_uppercase());
        let mut passage_without_at = passage_body();
        passage_without_at.as_object_mut().unwrap().remove("at");
        let mut passage_empty_id = passage_body();
        passage_empty_id["id"] = json!(" ");
        let mut passage_numeric_operator = passage_body();
        passage_numeric_operator["operator"] = json!(7);
        let mut passage_without_checkpoint = passage_body();
        passage_without_checkpoint
            .as_object_mut()
            .unwrap()
            .remove("checkpoint");
        let cases = [
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 12, "status": "normal", "quota": null}),
                "missing field `address`",
            ),
            (
                EventKind::Household,
                json!({"key_id": "7", "number": 12, "address": "x", "status": "normal", "quota": null}),
                "invalid type",
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": -1, "address": "x", "status": "normal", "quota": null}),
                "invalid value",
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 1, "address": "", "status": "normal", "quota": null}),
                "address is empty",
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 1, "address": "a\u{0}b", "status": "normal", "quota": null}),
                "control",
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 1, "address": "x", "status": "sick", "quota": null}),
                "unknown variant",
            ),
            (
                EventKind::Household,
                json!({"key_id": 7, "number": 1, "address": "x", "status": "normal", "quota": {"outings": 0, "days": 2}}),
                "quota",
            ),
            (
                EventKind::HouseholdStatus,
                json!({"key_id": 7, "number": 1, "status": "normal", "quota": null, "name": "张三"}),
                "unknown field",
            ),
            (
                EventKind::Revocation,
                json!({"key_id": 7, "serial": 1u64 << 41, "reason": "x", "revoked_at": "2026-11-24T09:00:00+08:00"}),
                "40 bits",
            ),
            (
                EventKind::Revocation,
                json!({"key_id": 7, "serial": 1, "reason": "x", "revoked_at": "yesterday"}),
                "input",
            ),
            (EventKind::TrustedKey, bad_key, "key_id is not the id"),
            (EventKind::TrustedKey, upper_key, "hex"),
            (
                EventKind::PassIssued,
                json!({"key_id": 7, "serial": 100, "category": "tenant", "household": 12, "valid_from": "2026-11-24", "valid_until": "2026-11-23", "supersedes": null}),
                "before valid_from",
            ),
            (
                EventKind::ShiftStart,
                json!({"volunteer": "", "at": "2026-11-24T08:00:00+08:00", "implicit": false}),
                "volunteer is empty",
            ),
            (
                EventKind::GateConfig,
                json!({"fever_at_tenths": 0, "rest_seconds": 300, "exit_quota": null}),
                "fever_at_tenths",
            ),
            (EventKind::Passage, passage_without_at, "missing field `at`"),
            (EventKind::Passage, passage_empty_id, "id is empty"),
            (
                EventKind::Passage,
                passage_numeric_operator,
                "expected a string for `operator`",
            ),
            (
                EventKind::Passage,
                passage_without_checkpoint,
                "missing field `checkpoint`",
            ),
        ];
        for (kind, body, words) in cases {
            let err = EventBody::parse(kind, 1, &object(body.clone()))
                .expect_err(&format!("{kind:?} {body} must be refused"));
            let message = err.to_string();
            assert!(
                message.contains(words),
                "{kind:?}: `{message}` lacks `{words}`"
            );
            assert!(
                message.contains(kind.code()),
                "the message names the kind: {message}"
            );
        }
    }

    #[test]
    fn unsupported_versions_are_refused() {
        let err = EventBody::parse(EventKind::GateConfig, 2, &object(json!({}))).unwrap_err();
        assert_eq!(
            err,
            BodyError::UnsupportedVersion {
                kind: "gate_config",
                version: 2
            }
        );
    }

    #[test]
    fn a_trusted_key_body_yields_the_verifier_key() {
        let body = key_body();
        let parsed = EventBody::parse(EventKind::TrustedKey, 1, &object(body)).unwrap();
        let EventBody::TrustedKey(k) = parsed else {
            panic!()
        };
        let trusted = k.trusted_key().unwrap();
        assert_eq!(trusted.key_id, k.key_id);
        assert_eq!(trusted.community, "幸福里小区");
        assert!(trusted.verifying_key().is_some());
    }
}
