//! A pulled page of master data into the gate's store: keys and
//! revocations only ever added, households met with the gate's own edits
//! by last-writer-wins (`kakou_core::sync::plan::merge_household`), the
//! losers kept for the lead. One transaction per page, with the cursor, so
//! a page is applied whole or pulled again.

use chrono::{DateTime, FixedOffset};
use kakou_core::domain::HouseholdRef;
use kakou_core::pass::{KeyRole, new_keys};
use kakou_core::sync::lww::Versioned;
use kakou_core::sync::plan::{StatusQuota, merge_household};
use kakou_core::sync::protocol::{HouseholdState, MasterData, PullResponse};
use rusqlite::Connection;

use crate::app::{Lookup, Terminal};
use crate::store::keys::{self, TrustedKeyRow};
use crate::store::{StoreError, households, meta};

/// What a page changed that the round reports.
#[derive(Debug, Default)]
pub(super) struct Applied {
    pub conflicts: u64,
    pub clamped: u64,
    pub key_conflicts: u64,
}

pub(super) fn page(
    terminal: &mut Terminal,
    page: &PullResponse,
    now: DateTime<FixedOffset>,
) -> Result<Applied, StoreError> {
    let community = terminal.settings().community.clone();
    let mut held = Lookup::new(terminal)
        .trust_list()
        .map_err(|e| StoreError::Damaged(e.to_string()))?
        .keys()
        .to_vec();
    let at = now.to_rfc3339();
    let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    terminal.store_mut().write(|tx| {
        let mut applied = Applied::default();
        for change in &page.changes {
            match &change.item {
                MasterData::TrustedKey(body) => {
                    let Some(key) = body.trusted_key() else {
                        continue;
                    };
                    match new_keys(&held, std::slice::from_ref(&key)) {
                        Ok(new) => {
                            for k in new {
                                keys::trust(
                                    tx,
                                    &TrustedKeyRow {
                                        key_id: k.key_id,
                                        community: k.community.clone(),
                                        public_key: k.public_key,
                                        role: k.role,
                                    },
                                )?;
                                // A gate learns its community's key from the
                                // first one the district sends, as from a
                                // first bundle.
                                if k.community == community
                                    && k.role == KeyRole::Issuing
                                    && meta::community_key_id(tx)?.is_none()
                                {
                                    meta::set_community_key_id(tx, k.key_id)?;
                                }
                                held.push(k);
                            }
                        }
                        Err(_) => applied.key_conflicts += 1,
                    }
                }
                MasterData::Household(state) => {
                    if is_community_key(tx, &community, state.key_id)? {
                        household(tx, state, &at, now_ms, &mut applied)?;
                    }
                }
                MasterData::Revocation(r) => {
                    keys::revoke(
                        tx,
                        r.key_id,
                        r.serial,
                        &r.reason,
                        &r.revoked_at.to_rfc3339(),
                    )?;
                }
            }
        }
        meta::set_sync_cursor(tx, page.cursor)?;
        Ok(applied)
    })
}

/// Whether households under `key_id` are this gate's community's.
fn is_community_key(conn: &Connection, community: &str, key_id: u32) -> Result<bool, StoreError> {
    Ok(keys::trusted(conn)?
        .iter()
        .any(|k| k.key_id == key_id && k.community == community && k.role == KeyRole::Issuing))
}

fn household(
    conn: &Connection,
    state: &HouseholdState,
    at: &str,
    now_ms: u64,
    applied: &mut Applied,
) -> Result<(), StoreError> {
    let reference = HouseholdRef {
        key_id: state.key_id,
        number: state.number,
    };
    let local = match households::by_reference(conn, reference)? {
        Some(row) => {
            let (hlc, terminal) = households::status_stamp(conn, row.id)?;
            Some(Versioned {
                hlc,
                terminal,
                value: StatusQuota {
                    status: row.household.status,
                    quota: row.quota,
                },
            })
        }
        None => None,
    };
    let remote = Versioned {
        hlc: state.hlc,
        terminal: state.terminal.clone(),
        value: StatusQuota {
            status: state.status,
            quota: state.quota,
        },
    };
    let decided = merge_household(local.as_ref(), remote, now_ms);
    if decided.clamped_from.is_some() {
        applied.clamped += 1;
    }
    let winner = &decided.merged.winner;
    if decided.merged.incoming_won {
        households::put_from_district(
            conn,
            reference,
            &state.address,
            winner.value.status,
            winner.value.quota,
            at,
            winner.hlc,
            &winner.terminal,
        )?;
    }
    if decided.merged.is_conflict() {
        if let Some(lost) = &decided.merged.loser {
            households::note_conflict(
                conn,
                &households::Conflict {
                    reference,
                    kept_status: winner.value.status,
                    lost_status: lost.value.status,
                    lost_quota: lost.value.quota,
                    lost: (lost.hlc, lost.terminal.clone()),
                    kept: (winner.hlc, winner.terminal.clone()),
                    noted_at: at.to_string(),
                },
            )?;
            applied.conflicts += 1;
        }
    }
    Ok(())
}
