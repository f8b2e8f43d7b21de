//! Revoking a pass: the one function the lead screen and `kakou pass
//! revoke` both call, so a rule kept on one is kept on the other. A card is
//! one serial of one key: the community's issuing key on this terminal.

use chrono::{DateTime, FixedOffset};
use kakou_core::pass::RevocationReason;
use kakou_core::sync::events::{EventBody, RevocationBody};
use rusqlite::Connection;

use super::{AppError, Terminal, events};
use crate::store::{StoreError, keys, meta, passes};

/// What a revocation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// Revoked now; every gate refuses the card once it hears of it.
    Revoked,
    /// It was revoked before; the first reason and time are kept.
    AlreadyRevoked,
    /// This store keeps the pass register and never issued that serial: a
    /// typo would otherwise revoke nobody and reassure the lead.
    UnknownSerial,
    /// A gate that has not received its community's key yet does not know
    /// whose serial it is.
    NoCommunityKey,
}

impl RevokeOutcome {
    pub fn code(self) -> &'static str {
        match self {
            RevokeOutcome::Revoked => "revoked",
            RevokeOutcome::AlreadyRevoked => "already_revoked",
            RevokeOutcome::UnknownSerial => "unknown_serial",
            RevokeOutcome::NoCommunityKey => "no_community_key",
        }
    }
}

/// Revokes the community's card with `serial`, in one transaction with its
/// sync event. A store without a pass register (a verifier gate) takes the
/// lead's word for the serial.
pub fn revoke(
    terminal: &mut Terminal,
    serial: u64,
    reason: RevocationReason,
    now: DateTime<FixedOffset>,
) -> Result<RevokeOutcome, AppError> {
    let at = now.to_rfc3339();
    Ok(terminal.store_mut().write(|tx| {
        let Some(key_id) = meta::community_key_id(tx)? else {
            return Ok(RevokeOutcome::NoCommunityKey);
        };
        if passes::any(tx)? && !passes::exists(tx, serial)? {
            return Ok(RevokeOutcome::UnknownSerial);
        }
        Ok(if record(tx, key_id, serial, reason, &at)? {
            RevokeOutcome::Revoked
        } else {
            RevokeOutcome::AlreadyRevoked
        })
    })?)
}

/// Revokes one card with its sync event, inside the caller's transaction;
/// false when it was revoked already (nothing is written then).
pub(super) fn record(
    conn: &Connection,
    key_id: u32,
    serial: u64,
    reason: RevocationReason,
    at: &str,
) -> Result<bool, StoreError> {
    if !keys::revoke(conn, key_id, serial, reason.code(), at)? {
        return Ok(false);
    }
    let revoked_at = chrono::DateTime::parse_from_rfc3339(at)
        .map_err(|_| StoreError::Damaged(format!("revocation time `{at}`")))?;
    let body = EventBody::Revocation(RevocationBody {
        key_id,
        serial,
        reason: reason.code().to_string(),
        revoked_at,
    });
    events::record(conn, &body, at)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    #[test]
    fn a_store_without_a_register_takes_the_serial_and_never_revokes_twice() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let now = DateTime::parse_from_rfc3339("2026-11-25T08:00:00+08:00").unwrap();
        let lost = RevocationReason::Lost;
        assert_eq!(
            revoke(&mut t, 5, lost, now).unwrap(),
            RevokeOutcome::Revoked
        );
        assert_eq!(
            revoke(&mut t, 5, RevocationReason::Moved, now).unwrap(),
            RevokeOutcome::AlreadyRevoked
        );
        // The store's own making queued its gate configuration and key.
        let pending: Vec<_> = crate::store::outbox::pending(t.store().conn(), 10)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "revocation")
            .collect();
        assert_eq!(pending.len(), 1, "one event for one revocation");
        assert!(pending[0].body.contains("\"lost\""), "{}", pending[0].body);
        let key_id = meta::community_key_id(t.store().conn()).unwrap().unwrap();
        let revoked = keys::revoked(t.store().conn()).unwrap();
        assert!(revoked.contains(&(key_id, 5)));
        assert!(!revoked.contains(&(key_id.wrapping_add(1), 5)));
    }
}
