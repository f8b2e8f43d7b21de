//! The event envelope: one committed fact as a terminal pushes it.
//!
//! ```json
//! {"id":"0193…","seq":42,"kind":"passage","body_version":1,
//!  "hlc":{"wall_ms":1764000000000,"counter":0},"day":"2026-11-24",
//!  "terminal":"6f1c…","body":{…}}
//! ```
//!
//! The district stores an event once per `id`. Whether a second push of the
//! same id is the same event is decided on [`Envelope::content_hash`], a
//! SHA-256 over a canonical JSON form, so that key order or spacing cannot
//! make one event look like two.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;
use uuid::Uuid;

use super::events::{BodyError, EventBody, EventKind};
use super::hlc::{Hlc, MAX_WALL_MS};

/// The largest `seq` a terminal may use: storage columns are signed 64-bit.
pub const MAX_SEQ: u64 = i64::MAX as u64;

/// One event as pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// A UUIDv7 in canonical lower-case text; the event's identity.
    pub id: String,
    /// The terminal's contiguous sequence number, from 1.
    pub seq: u64,
    /// The event kind's code; kept as text so an unknown kind is refused
    /// with its own message rather than as a malformed envelope.
    pub kind: String,
    pub body_version: u16,
    pub hlc: Hlc,
    /// The gate's local calendar day when the fact was committed.
    pub day: NaiveDate,
    /// The terminal's id, a UUID in canonical lower-case text.
    pub terminal: String,
    pub body: Map<String, Value>,
}

/// An envelope whose every field was checked, with its typed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEvent {
    pub envelope: Envelope,
    pub kind: EventKind,
    pub body: EventBody,
    /// [`Envelope::content_hash`], computed once.
    pub hash: String,
    /// [`Envelope::body_text`], computed once: the form the district stores.
    pub body_text: String,
}

/// Why an envelope was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EnvelopeError {
    #[error("id `{0}` is not a UUIDv7 in lower-case hyphenated form")]
    Id(String),
    #[error("terminal `{0}` is not a UUID in lower-case hyphenated form")]
    Terminal(String),
    #[error("seq {0} is outside 1..=2^63-1")]
    Seq(u64),
    #[error("hlc wall_ms {0} is after the year 9999")]
    Hlc(u64),
    #[error("unknown event kind `{0}`")]
    UnknownKind(String),
    #[error(transparent)]
    Body(#[from] BodyError),
}

impl EnvelopeError {
    /// The stable machine code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::UnknownKind(_) => "unknown_kind",
            EnvelopeError::Body(BodyError::UnsupportedVersion { .. }) => "unsupported_body_version",
            _ => "invalid_event",
        }
    }
}

impl Envelope {
    /// Builds the envelope of a typed body (the terminal's side).
    pub fn new(
        id: impl Into<String>,
        seq: u64,
        hlc: Hlc,
        day: NaiveDate,
        terminal: impl Into<String>,
        body: &EventBody,
    ) -> Envelope {
        Envelope {
            id: id.into(),
            seq,
            kind: body.kind().code().to_string(),
            body_version: super::events::BODY_VERSION,
            hlc,
            day,
            terminal: terminal.into(),
            body: body.to_object(),
        }
    }

    /// Checks every field and reads the body.
    pub fn check(self) -> Result<CheckedEvent, EnvelopeError> {
        if !is_canonical_uuid(&self.id, Some(7)) {
            return Err(EnvelopeError::Id(self.id));
        }
        if !is_canonical_uuid(&self.terminal, None) {
            return Err(EnvelopeError::Terminal(self.terminal));
        }
        if self.seq == 0 || self.seq > MAX_SEQ {
            return Err(EnvelopeError::Seq(self.seq));
        }
        if self.hlc.wall_ms > MAX_WALL_MS {
            return Err(EnvelopeError::Hlc(self.hlc.wall_ms));
        }
        let kind = EventKind::from_code(&self.kind)
            .ok_or_else(|| EnvelopeError::UnknownKind(self.kind.clone()))?;
        let body = EventBody::parse(kind, self.body_version, &self.body)?;
        let body_text = self.body_text();
        let hash = self.hash_with_body(&body_text);
        Ok(CheckedEvent {
            envelope: self,
            kind,
            body,
            hash,
            body_text,
        })
    }

    /// SHA-256 (lower-case hex) of the canonical JSON of the whole envelope.
    pub fn content_hash(&self) -> String {
        self.hash_with_body(&self.body_text())
    }

    /// The hash from the body's canonical text: the envelope's other fields
    /// are written in canonical (sorted) key order around it, which is what
    /// [`canonical_json`] of the whole envelope gives, without first copying
    /// the body into a new JSON value.
    fn hash_with_body(&self, body_text: &str) -> String {
        let mut out = String::with_capacity(body_text.len() + 256);
        out.push_str("{\"body\":");
        out.push_str(body_text);
        out.push_str(&format!(
            ",\"body_version\":{},\"day\":\"{}\",\"hlc\":{{\"counter\":{},\"wall_ms\":{}}},\"id\":",
            self.body_version, self.day, self.hlc.counter, self.hlc.wall_ms
        ));
        write_string(&self.id, &mut out);
        out.push_str(",\"kind\":");
        write_string(&self.kind, &mut out);
        out.push_str(&format!(",\"seq\":{},\"terminal\":", self.seq));
        write_string(&self.terminal, &mut out);
        out.push('}');
        let digest = Sha256::digest(out.as_bytes());
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        hex
    }

    /// The body as canonical JSON text, the form the district stores.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        write_canonical_object(&self.body, &mut out);
        out
    }
}

/// Whether `text` is a UUID written the one canonical way (lower-case,
/// hyphenated), optionally of one version. Accepting only one spelling keeps
/// one event from being stored twice under two spellings of its id.
pub fn is_canonical_uuid(text: &str, version: Option<usize>) -> bool {
    match Uuid::try_parse(text) {
        Ok(uuid) => {
            uuid.hyphenated().to_string() == text
                && version.is_none_or(|v| uuid.get_version_num() == v)
        }
        Err(_) => false,
    }
}

/// JSON with object keys sorted (by their UTF-8 bytes) and no whitespace.
/// Strings and numbers are written as serde_json writes them, which is one
/// form per value for the integers and strings events hold.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// Writes a JSON string exactly as serde_json escapes it (a test holds the
/// two together): `"` and `\\`, the short escapes, other control characters
/// as `\u00xx`, everything else as it is.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => write_canonical_object(map, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            use std::fmt::Write;
            write!(out, "{n}").expect("writing to a String cannot fail");
        }
    }
}

fn write_canonical_object(map: &Map<String, Value>, out: &mut String) {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out.push('{');
    for (i, (key, item)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        write_canonical(item, out);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sync::events::GateConfigBody;

    const ID: &str = "0193a000-0000-7000-8000-000000000001";
    const TERMINAL: &str = "6f1c0b7e-3d2a-4c1b-9e8f-0a1b2c3d4e5f";

    fn envelope() -> Envelope {
        let body = EventBody::GateConfig(GateConfigBody {
            fever_at_tenths: 373,
            rest_seconds: 300,
            exit_quota: None,
        });
        Envelope::new(
            ID,
            1,
            Hlc::new(1_764_000_000_000, 0),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            TERMINAL,
            &body,
        )
    }

    #[test]
    fn a_good_envelope_checks() {
        let checked = envelope().check().unwrap();
        assert_eq!(checked.kind, EventKind::GateConfig);
        assert_eq!(checked.hash.len(), 64);
        let json = serde_json::to_value(&checked.envelope).unwrap();
        assert_eq!(json["kind"], "gate_config");
        assert_eq!(json["body_version"], 1);
        assert_eq!(json["day"], "2026-11-24");
    }

    /// (how the envelope is broken, the error code, words of the message)
    #[test]
    fn broken_envelopes_are_refused() {
        type Break = fn(&mut Envelope);
        let cases: [(Break, &str, &str); 9] = [
            (|e| e.id = ID.to_uppercase(), "invalid_event", "UUIDv7"),
            (
                |e| e.id = "0193a000-0000-4000-8000-000000000001".into(),
                "invalid_event",
                "UUIDv7",
            ),
            (|e| e.id = "not-a-uuid".into(), "invalid_event", "UUIDv7"),
            (
                |e| e.terminal = TERMINAL.replace('-', ""),
                "invalid_event",
                "terminal",
            ),
            (|e| e.seq = 0, "invalid_event", "seq 0"),
            (|e| e.hlc.wall_ms = MAX_WALL_MS + 1, "invalid_event", "9999"),
            (|e| e.kind = "passages".into(), "unknown_kind", "passages"),
            (
                |e| e.body_version = 2,
                "unsupported_body_version",
                "version 2",
            ),
            (
                |e| {
                    e.body.insert("fever_at_tenths".into(), json!("37.3"));
                },
                "invalid_event",
                "invalid type",
            ),
        ];
        for (i, (break_it, code, words)) in cases.into_iter().enumerate() {
            let mut e = envelope();
            break_it(&mut e);
            let err = e.check().expect_err(&format!("case {i} must be refused"));
            assert_eq!(err.code(), code, "case {i}: {err}");
            assert!(
                err.to_string().contains(words),
                "case {i}: `{err}` lacks `{words}`"
            );
        }
    }

    #[test]
    fn envelopes_refuse_unknown_fields_and_non_object_bodies() {
        let mut json = serde_json::to_value(envelope()).unwrap();
        json["extra"] = json!(1);
        assert!(serde_json::from_value::<Envelope>(json).is_err());
        let mut json = serde_json::to_value(envelope()).unwrap();
        json["body"] = json!([1, 2]);
        assert!(serde_json::from_value::<Envelope>(json).is_err());
    }

    #[test]
    fn the_hash_ignores_key_order_and_spacing_but_not_content() {
        let a = envelope();
        let text = serde_json::to_string(&a).unwrap();
        // The same envelope written with keys reversed and spaces added.
        let value: Value = serde_json::from_str(&text).unwrap();
        let Value::Object(map) = value else { panic!() };
        let mut reversed = String::from("{ ");
        for (i, (k, v)) in map.iter().rev().enumerate() {
            if i > 0 {
                reversed.push_str(" , ");
            }
            reversed.push_str(&format!("{} : {}", Value::String(k.clone()), v));
        }
        reversed.push_str(" }");
        let b: Envelope = serde_json::from_str(&reversed).unwrap();
        assert_eq!(a.content_hash(), b.content_hash());

        let mut c = envelope();
        c.body.insert("rest_seconds".into(), json!(301));
        assert_ne!(a.content_hash(), c.content_hash());
        let mut d = envelope();
        d.seq = 2;
        assert_ne!(a.content_hash(), d.content_hash());
    }

    #[test]
    fn the_hash_is_the_canonical_json_of_the_whole_envelope() {
        let mut e = envelope();
        e.kind = "gate\"config\u{7}".into();
        let canonical = canonical_json(&serde_json::to_value(&e).unwrap());
        let digest = Sha256::digest(canonical.as_bytes());
        let want: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(e.content_hash(), want);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str("幸福里\u{2028}é😀");
        let mut ours = String::new();
        write_string(&text, &mut ours);
        assert_eq!(ours, serde_json::to_string(&text).unwrap());
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let value = json!({"b": [{"z": 1, "a": "é\"<"}], "a": null});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":null,"b":[{"a":"é\"<","z":1}]}"#
        );
    }
}
