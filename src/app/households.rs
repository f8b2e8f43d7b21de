//! Household status, as the lead sets it (home quarantine, back to normal).

use chrono::{DateTime, FixedOffset};
use kakou_core::domain::{HouseholdStatus, canonical_address};
use kakou_core::sync::events::{EventBody, HouseholdStatusBody};

use super::{AppError, Terminal, events};
use crate::store::households;

/// A household as the lead sees it after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdView {
    pub address: String,
    pub status: HouseholdStatus,
}

/// Sets the status of the household at `address` (as typed: "3-2-501",
/// "3栋2单元501"), in one transaction with its sync event. `None` when no
/// household has that address.
pub fn set_status(
    terminal: &mut Terminal,
    address: &str,
    status: HouseholdStatus,
    now: DateTime<FixedOffset>,
) -> Result<Option<HouseholdView>, AppError> {
    let at = now.to_rfc3339();
    let canonical = canonical_address(address);
    let terminal_id = terminal.settings().terminal_id.clone();
    Ok(terminal.store_mut().write(|tx| {
        let Some(row) = households::by_address(tx, &canonical)? else {
            return Ok(None);
        };
        let reference = row.household.reference;
        let body = EventBody::HouseholdStatus(HouseholdStatusBody {
            key_id: reference.key_id,
            number: reference.number,
            status,
            quota: row.quota,
        });
        // The edit's stamp is its event's: the same edit wins or loses the
        // same way here, at the district and at every other gate.
        let stamp = events::record(tx, &body, &at)?;
        households::set_status(tx, row.id, status, &at, stamp, &terminal_id)?;
        Ok(households::by_id(tx, row.id)?.map(|h| HouseholdView {
            address: h.household.address,
            status: h.household.status,
        }))
    })?)
}
