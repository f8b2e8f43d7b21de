//! Issuing passes: claims from the ledger, signed with the community's key,
//! stored with their exact text.

use chrono::{Days, NaiveDate};
use ed25519_dalek::SigningKey;
use rusqlite::Connection;
use serde::Serialize;

use kakou_core::domain::Category;
use kakou_core::pass::{self, PassClaims, RevocationReason, card_category, key_id_for};

use kakou_core::sync::events::{EventBody, PassIssuedBody};

use super::{events, revocation};
use crate::store::passes::{self, PassRow};
use crate::store::{PersonRow, StoreError, households};

/// A pass just issued, as `pass issue` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedPass {
    pub serial: u64,
    pub holder: String,
    pub category: Category,
    pub address: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub text: String,
    /// The serials of the holder's earlier cards, revoked as replaced.
    pub supersedes: Vec<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot issue a pass for {holder}: {source}")]
    Pass {
        holder: String,
        source: kakou_core::pass::PassError,
    },
}

/// Issues one pass per person, valid for `days` days from `from`. One
/// person holds one card: a card of theirs still in force on `from` is
/// revoked as replaced (and says so in [`IssuedPass::supersedes`]). Call
/// inside a transaction so that a failure issues and revokes nothing.
pub(super) fn issue(
    conn: &Connection,
    key: &SigningKey,
    people: &[PersonRow],
    from: NaiveDate,
    days: u32,
    issued_at: &str,
) -> Result<Vec<IssuedPass>, IssueError> {
    let key_id = key_id_for(&key.verifying_key().to_bytes());
    let until = from
        .checked_add_days(Days::new(u64::from(days.max(1) - 1)))
        .unwrap_or(from);
    let first_serial = passes::next_serial(conn)?;
    let mut issued = Vec::with_capacity(people.len());
    for (serial, person) in (first_serial..).zip(people) {
        let home = households::by_id(conn, person.person.household_id)?
            .ok_or_else(|| StoreError::Damaged(format!("{} lives in no household", person.id)))?;
        let mut supersedes = Vec::new();
        for (old_key, old_serial) in passes::in_force_for(conn, person.id, from)? {
            if revocation::record(
                conn,
                old_key,
                old_serial,
                RevocationReason::Replaced,
                issued_at,
            )? {
                supersedes.push(old_serial);
            }
        }
        let (category, returned_until) =
            card_category(person.person.category, person.returned_until, from);
        let claims = PassClaims {
            serial,
            key_id,
            category,
            returned_until,
            household_ref: home.household.reference.number,
            holder: person.person.name.clone(),
            valid_from: from,
            valid_until: until,
        };
        let text = pass::issue(&claims, key).map_err(|source| IssueError::Pass {
            holder: person.person.name.clone(),
            source,
        })?;
        passes::insert(
            conn,
            &PassRow {
                serial,
                person_id: person.id,
                key_id,
                category: claims.effective_category(from).code().to_string(),
                valid_from: from,
                valid_until: until,
                text: text.clone(),
                revoked: None,
            },
            issued_at,
        )?;
        let body = EventBody::PassIssued(PassIssuedBody {
            key_id,
            serial,
            category: claims.category,
            household: home.household.reference.number,
            valid_from: from,
            valid_until: until,
            supersedes: supersedes.last().copied(),
        });
        events::record(conn, &body, issued_at)?;
        issued.push(IssuedPass {
            serial,
            category: claims.effective_category(from),
            holder: claims.holder,
            address: home.household.address,
            valid_from: from,
            valid_until: until,
            text,
            supersedes,
        });
    }
    Ok(issued)
}
