//! Applying a validated ledger to the store, in one transaction.

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;

use kakou_core::domain::Person;
use kakou_core::ledger::LedgerRow;
use kakou_core::pass::RevocationReason;

use kakou_core::sync::events::{EventBody, HouseholdBody, LedgerImportBody};

use super::{events, revocation};
use crate::store::people::Change;
use crate::store::{StoreError, households, keys, people};

/// What an import did (or, with --dry-run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub households_added: usize,
    pub households_changed: usize,
    pub people_added: usize,
    pub people_changed: usize,
    pub people_unchanged: usize,
    /// Active people not in the new ledger: marked moved out, passes revoked.
    pub moved_out: usize,
    pub passes_revoked: usize,
}

/// Brings the store in line with a complete ledger: households new to it
/// are numbered under the community's key `key_id`, people who left are
/// marked moved out and their cards revoked. Every household added or
/// changed is an event for the district (the only way the other gates
/// learn of it by sync), and so is the import's summary. `terminal` is this
/// terminal's id, which stamps the households' status for
/// last-writer-wins. Call inside a transaction.
pub fn apply(
    conn: &Connection,
    key_id: u32,
    terminal: &str,
    rows: &[LedgerRow],
    now: &str,
) -> Result<ImportSummary, StoreError> {
    let mut summary = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    let mut seen_households = HashSet::new();
    let mut touched = Vec::new();
    let mut in_ledger = HashSet::new();
    for row in rows {
        let existing = households::by_address(conn, &row.address)?;
        let household_id = match existing {
            Some(h) => {
                if h.household.status != row.status && seen_households.insert(h.id) {
                    summary.households_changed += 1;
                    touched.push(h.id);
                }
                households::upsert(conn, key_id, &row.address, row.status, h.quota, now)?
            }
            None => {
                summary.households_added += 1;
                let id = households::upsert(conn, key_id, &row.address, row.status, None, now)?;
                touched.push(id);
                id
            }
        };
        seen_households.insert(household_id);
        let person = Person {
            name: row.name.clone(),
            document_type: row.document_type,
            document_number: row.id_number.clone(),
            phone: row.phone.clone(),
            household_id,
            category: row.category,
        };
        let (id, change) = people::upsert(conn, &person, row.returned_until, now)?;
        in_ledger.insert(id);
        match change {
            Change::Added => summary.people_added += 1,
            Change::Changed => summary.people_changed += 1,
            Change::Unchanged => summary.people_unchanged += 1,
        }
    }
    for gone in people::active(conn)?
        .into_iter()
        .filter(|p| !in_ledger.contains(&p.id))
    {
        people::deactivate(conn, gone.id, now)?;
        summary.moved_out += 1;
        for (card_key, serial) in keys::cards_of_person(conn, gone.id)? {
            if revocation::record(conn, card_key, serial, RevocationReason::Moved, now)? {
                summary.passes_revoked += 1;
            }
        }
    }
    for id in touched {
        let Some(row) = households::by_id(conn, id)? else {
            continue;
        };
        let body = EventBody::Household(HouseholdBody {
            key_id: row.household.reference.key_id,
            number: row.household.reference.number,
            address: row.household.address.clone(),
            status: row.household.status,
            quota: row.quota,
        });
        let stamp = events::record(conn, &body, now)?;
        households::set_status_and_quota(
            conn,
            id,
            row.household.status,
            row.quota,
            now,
            stamp,
            terminal,
        )?;
    }
    let count = |n: usize| n as u64;
    let body = EventBody::LedgerImport(LedgerImportBody {
        rows: count(summary.rows),
        households_added: count(summary.households_added),
        households_changed: count(summary.households_changed),
        people_added: count(summary.people_added),
        people_changed: count(summary.people_changed),
        people_unchanged: count(summary.people_unchanged),
        moved_out: count(summary.moved_out),
        passes_revoked: count(summary.passes_revoked),
    });
    events::record(conn, &body, now)?;
    Ok(summary)
}
