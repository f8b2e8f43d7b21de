//! What an accepted event changes besides the event log, decided the same
//! way for both backends: master data (households, revocations, trusted
//! keys), the "has reported" marks, and the flags a person should look at.
//! The backends read the current rows, call these functions and write what
//! they return.

use chrono::NaiveDate;
use kakou_core::domain::{ExitQuota, HouseholdStatus};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::events::{EventBody, HouseholdBody, RevocationBody, TrustedKeyBody};
use kakou_core::sync::hlc::{self, Hlc, Stamp};
use kakou_core::sync::lww::{self, Versioned};
use kakou_core::sync::protocol::{Change, HouseholdState, PullResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Terminal;

/// How far ahead of the district's clock a household edit's stamp is
/// believed (the core's default, five minutes).
pub const MAX_AHEAD_MS: u64 = hlc::DEFAULT_MAX_AHEAD_MS;

/// The part of a household that last-writer-wins decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusQuota {
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// A household edit carried by a `household` or `household_status` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdEdit {
    pub key_id: u32,
    pub number: u32,
    /// Only `household` events (ledger imports) set the address.
    pub address: Option<String>,
    /// The stamp is the event's, clamped to the district's clock.
    pub edit: Versioned<StatusQuota>,
    pub event_id: String,
}

/// What an accepted event changes besides the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Household(HouseholdEdit),
    Revocation(RevocationBody),
    TrustedKey(TrustedKeyBody),
    /// The terminal's checkpoint has reported `day`.
    Reported {
        day: NaiveDate,
    },
    None,
}

/// A flag to record; `fingerprint` makes recording the same thing twice a
/// no-op (a retried push must not pile up flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFlag {
    pub kind: &'static str,
    pub event_id: Option<String>,
    pub fingerprint: String,
    pub detail: serde_json::Value,
}

/// The effect of an accepted event, and a flag when its stamp was clamped
/// or its content is not the terminal's to say.
pub fn effect(terminal: &Terminal, event: &CheckedEvent, now_ms: u64) -> (Effect, Option<NewFlag>) {
    let id = &event.envelope.id;
    let household = |key_id, number, address: Option<&String>, status, quota| {
        let clamped = hlc::clamp(event.envelope.hlc, now_ms, MAX_AHEAD_MS);
        let flag = clamped.clamped_from.map(|from| NewFlag {
            kind: "clock_ahead",
            event_id: Some(id.clone()),
            fingerprint: id.clone(),
            detail: json!({"stamp": from, "believed": clamped.stamp, "district_ms": now_ms}),
        });
        let edit = HouseholdEdit {
            key_id,
            number,
            address: address.cloned(),
            edit: Versioned {
                hlc: clamped.stamp,
                terminal: terminal.id.clone(),
                value: StatusQuota { status, quota },
            },
            event_id: id.clone(),
        };
        (Effect::Household(edit), flag)
    };
    match &event.body {
        EventBody::Household(h) => {
            household(h.key_id, h.number, Some(&h.address), h.status, h.quota)
        }
        EventBody::HouseholdStatus(h) => household(h.key_id, h.number, None, h.status, h.quota),
        EventBody::Revocation(r) => (Effect::Revocation(r.clone()), None),
        EventBody::TrustedKey(k) if k.community == terminal.community => {
            (Effect::TrustedKey(k.clone()), None)
        }
        EventBody::TrustedKey(k) => (
            Effect::None,
            // A gate may only announce its own community's keys: anything
            // else would let one community's gate vouch for another's passes.
            Some(NewFlag {
                kind: "foreign_community_key",
                event_id: Some(id.clone()),
                fingerprint: id.clone(),
                detail: json!({"key": k, "terminal_community": terminal.community}),
            }),
        ),
        EventBody::DailyReport(r) => (Effect::Reported { day: r.day }, None),
        _ => (Effect::None, None),
    }
}

/// A household as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub address: Option<String>,
    pub address_stamp: Option<Stamp>,
    pub current: Versioned<StatusQuota>,
    pub event_id: String,
}

impl HouseholdRow {
    /// The row as it flows down to gates, with the winning edit's stamp.
    pub fn state(&self, key_id: u32, number: u32) -> Option<HouseholdState> {
        Some(HouseholdState {
            key_id,
            number,
            address: self.address.clone()?,
            status: self.current.value.status,
            quota: self.current.value.quota,
            hlc: self.current.hlc,
            terminal: self.current.terminal.clone(),
        })
    }

    /// The row as gates receive it; None while no ledger import named its
    /// address (a status edit can arrive before the import it refers to).
    pub fn body(&self, key_id: u32, number: u32) -> Option<HouseholdBody> {
        Some(HouseholdBody {
            key_id,
            number,
            address: self.address.clone()?,
            status: self.current.value.status,
            quota: self.current.value.quota,
        })
    }
}

/// One side of a household conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRecord {
    pub event_id: String,
    pub terminal: String,
    pub hlc: Hlc,
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// An edit that arrived after a newer one and lost, kept for the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdConflict {
    pub community: String,
    pub key_id: u32,
    pub number: u32,
    pub winner: EditRecord,
    pub loser: EditRecord,
    pub recorded_at: String,
}

/// What to write for a household edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdWrite {
    pub row: HouseholdRow,
    /// Whether gates see something new: the row needs a new change number.
    pub visible_change: bool,
    /// (winner, loser) when the edit lost to a newer one with another value.
    pub conflict: Option<(EditRecord, EditRecord)>,
}

/// Meets an edit with the stored row: the address follows the newest
/// `household` event, status and quota follow last-writer-wins over both
/// kinds of event.
pub fn resolve_household(current: Option<&HouseholdRow>, edit: &HouseholdEdit) -> HouseholdWrite {
    let stamp = edit.edit.stamp();
    let (address, address_stamp) = match (&edit.address, current) {
        (Some(_), Some(row)) if row.address_stamp.as_ref().is_some_and(|s| *s >= stamp) => {
            (row.address.clone(), row.address_stamp.clone())
        }
        (Some(address), _) => (Some(address.clone()), Some(stamp.clone())),
        (None, Some(row)) => (row.address.clone(), row.address_stamp.clone()),
        (None, None) => (None, None),
    };
    let merged = lww::merge(current.map(|r| &r.current), edit.edit.clone());
    let event_id = if merged.incoming_won {
        edit.event_id.clone()
    } else {
        current.map(|r| r.event_id.clone()).unwrap_or_default()
    };
    let conflict = merged.is_conflict().then(|| {
        let record = |v: &Versioned<StatusQuota>, event_id: &str| EditRecord {
            event_id: event_id.to_string(),
            terminal: v.terminal.clone(),
            hlc: v.hlc,
            status: v.value.status,
            quota: v.value.quota,
        };
        let loser = merged.loser.as_ref().expect("a conflict has a loser");
        (
            record(&merged.winner, &event_id),
            record(loser, &edit.event_id),
        )
    });
    let row = HouseholdRow {
        address,
        address_stamp,
        current: merged.winner,
        event_id,
    };
    let visible_before = current.and_then(|r| r.body(0, 0));
    let visible_change = row.body(0, 0).is_some() && row.body(0, 0) != visible_before;
    HouseholdWrite {
        row,
        visible_change,
        conflict,
    }
}

/// What to do with an announced key, given the key stored under the same
/// public key (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyDecision {
    Insert,
    /// Announced before, identically.
    Known,
    /// The public key is stored for another community, id or role: flagged,
    /// never changed (keys only grow, and a key belongs to one community).
    Mismatch,
}

pub fn decide_key(stored: Option<&TrustedKeyBody>, incoming: &TrustedKeyBody) -> KeyDecision {
    match stored {
        None => KeyDecision::Insert,
        Some(s) if s == incoming => KeyDecision::Known,
        Some(_) => KeyDecision::Mismatch,
    }
}

/// The pull answer from the rows after `since` (each backend's three
/// queries, each sorted and at most `limit + 1` long) and the newest change
/// number read in the same snapshot.
pub fn pull_page(mut rows: Vec<Change>, since: u64, limit: u32, latest: u64) -> PullResponse {
    rows.sort_by_key(|c| c.change);
    let limit = limit as usize;
    if rows.len() > limit {
        rows.truncate(limit);
        let cursor = rows.last().map_or(since, |c| c.change);
        PullResponse {
            changes: rows,
            cursor,
            more: true,
        }
    } else {
        // The newest change even when it is below `since`: a district
        // restored from a backup counts again from where the backup stood,
        // and a terminal that always keeps the cursor it is given goes back
        // with it and misses nothing written after the restore.
        PullResponse {
            changes: rows,
            cursor: latest,
            more: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use kakou_core::domain::HouseholdStatus::*;

    use super::*;

    const A: &str = "0193a000-0000-7000-8000-00000000000a";
    const B: &str = "0193a000-0000-7000-8000-00000000000b";

    fn edit(
        wall: u64,
        terminal: &str,
        address: Option<&str>,
        status: HouseholdStatus,
        id: &str,
    ) -> HouseholdEdit {
        HouseholdEdit {
            key_id: 1,
            number: 2,
            address: address.map(str::to_string),
            edit: Versioned {
                hlc: Hlc::new(wall, 0),
                terminal: terminal.into(),
                value: StatusQuota {
                    status,
                    quota: None,
                },
            },
            event_id: id.into(),
        }
    }

    #[test]
    fn a_status_edit_before_the_import_stays_invisible_until_the_address_arrives() {
        let first = resolve_household(None, &edit(20, B, None, HomeQuarantine, "e1"));
        assert!(!first.visible_change);
        assert_eq!(first.row.body(1, 2), None);
        // The older import names the address; the newer status stands.
        let second = resolve_household(
            Some(&first.row),
            &edit(10, A, Some("3-2-501"), Normal, "e0"),
        );
        assert!(second.visible_change);
        let body = second.row.body(1, 2).unwrap();
        assert_eq!(
            (body.address.as_str(), body.status),
            ("3-2-501", HomeQuarantine)
        );
        // The import's "normal" lost to the newer edit: a conflict for the lead.
        let (winner, loser) = second.conflict.unwrap();
        assert_eq!(
            (winner.event_id.as_str(), loser.event_id.as_str()),
            ("e1", "e0")
        );
    }

    #[test]
    fn newer_edits_replace_and_repeats_change_nothing() {
        let a = resolve_household(None, &edit(10, A, Some("3-2-501"), Normal, "e0"));
        assert!(a.visible_change);
        let b = resolve_household(Some(&a.row), &edit(11, B, None, CloseContact, "e1"));
        assert!(b.visible_change);
        assert_eq!(b.conflict, None);
        assert_eq!(b.row.event_id, "e1");
        let again = resolve_household(Some(&b.row), &edit(11, B, None, CloseContact, "e1"));
        assert!(!again.visible_change);
        assert_eq!(again.conflict, None);
        // An older import with a new address: the address stays the newer one.
        let old = resolve_household(Some(&b.row), &edit(5, A, Some("9-9-999"), Normal, "e2"));
        assert_eq!(old.row.address.as_deref(), Some("3-2-501"));
        assert!(!old.visible_change);
        assert!(old.conflict.is_some());
    }

    #[test]
    fn keys_insert_once_and_flag_a_mismatch() {
        let key = TrustedKeyBody {
            key_id: 1,
            community: "A".into(),
            public_key: "00".repeat(32),
            role: kakou_core::sync::events::KeyRole::Issuing,
        };
        assert_eq!(decide_key(None, &key), KeyDecision::Insert);
        assert_eq!(decide_key(Some(&key), &key), KeyDecision::Known);
        let mut other = key.clone();
        other.community = "B".into();
        assert_eq!(decide_key(Some(&key), &other), KeyDecision::Mismatch);
    }

    #[test]
    fn pull_pages_stop_at_the_limit_or_reach_the_newest_change() {
        let change = |n| Change {
            change: n,
            item: kakou_core::sync::protocol::MasterData::Revocation(RevocationBody {
                key_id: 1,
                serial: n,
                reason: "x".into(),
                revoked_at: chrono::DateTime::parse_from_rfc3339("2026-11-24T00:00:00+08:00")
                    .unwrap(),
            }),
        };
        let page = pull_page(vec![change(5), change(3), change(4)], 2, 2, 9);
        assert_eq!(
            page.changes.iter().map(|c| c.change).collect::<Vec<_>>(),
            [3, 4]
        );
        assert_eq!((page.cursor, page.more), (4, true));
        let page = pull_page(vec![change(3)], 2, 2, 9);
        assert_eq!((page.cursor, page.more), (9, false));
        // Nothing new for this community: the cursor still moves on.
        let page = pull_page(vec![], 2, 2, 9);
        assert_eq!((page.changes.len(), page.cursor, page.more), (0, 9, false));
        // A terminal ahead of the district (restored from a backup) is told so.
        assert_eq!(pull_page(vec![], 12, 2, 9).cursor, 9);
    }
}
