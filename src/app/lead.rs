//! What the shift lead changes from the kiosk or the command line: household
//! status, revocations, shifts and the lead PIN. Each change is one
//! transaction together with its sync event, like a passage.

use chrono::{DateTime, FixedOffset};
use kakou_core::domain::{HouseholdStatus, canonical_address};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::store::{HouseholdRow, Store, StoreError, households, keys, meta, outbox, shifts};

fn event_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Revokes a pass by serial. Returns false when it was already revoked
/// (nothing changes then, and no second event is queued).
pub fn revoke(
    store: &mut Store,
    serial: u64,
    reason: &str,
    now: DateTime<FixedOffset>,
) -> Result<bool, StoreError> {
    let at = now.to_rfc3339();
    store.write(|tx| {
        let newly = keys::revoke(tx, serial, reason, &at)?;
        if newly {
            let body = json!({"serial": serial, "reason": reason, "revoked_at": at}).to_string();
            outbox::enqueue(tx, &event_id(), "revocation", &body, &at)?;
        }
        Ok(newly)
    })
}

/// Sets the status of the household at `address` (as typed: "3-2-501",
/// "3栋2单元501"). Returns the household as it is now, or None when no
/// household has that address.
pub fn set_household_status(
    store: &mut Store,
    address: &str,
    status: HouseholdStatus,
    now: DateTime<FixedOffset>,
) -> Result<Option<HouseholdRow>, StoreError> {
    let at = now.to_rfc3339();
    let canonical = canonical_address(address);
    store.write(|tx| {
        let Some(row) = households::by_address(tx, &canonical)? else {
            return Ok(None);
        };
        households::set_status(tx, row.household.id, status, &at)?;
        let body = json!({
            "household": row.household.address,
            "status": status.code(),
            "changed_at": at,
        })
        .to_string();
        outbox::enqueue(tx, &event_id(), "household_status", &body, &at)?;
        households::by_id(tx, row.household.id)
    })
}

/// Signs a volunteer in for the shift (signing out whoever was on duty).
pub fn sign_in(
    store: &mut Store,
    volunteer: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), StoreError> {
    let at = now.to_rfc3339();
    store.write(|tx| {
        shifts::open(tx, volunteer, &at)?;
        let body = json!({"volunteer": volunteer, "signed_in_at": at}).to_string();
        outbox::enqueue(tx, &event_id(), "shift_start", &body, &at)
    })
}

/// Ends the open shift; false when nobody was signed in.
pub fn sign_out(store: &mut Store, now: DateTime<FixedOffset>) -> Result<bool, StoreError> {
    let at = now.to_rfc3339();
    store.write(|tx| {
        let Some(shift) = shifts::current(tx)? else {
            return Ok(false);
        };
        shifts::close_open(tx, &at)?;
        let body = json!({"volunteer": shift.volunteer, "signed_out_at": at}).to_string();
        outbox::enqueue(tx, &event_id(), "shift_end", &body, &at)?;
        Ok(true)
    })
}

const PIN_KEY: &str = "lead_pin";

/// Whether a typed PIN opens the lead screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Ok,
    Wrong,
    /// No PIN was ever set: the lead screen stays closed until one is.
    NotSet,
}

/// A PIN is 4 to 8 digits: typed on the kiosk keypad with gloves.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn digest(salt: &str, pin: &str) -> String {
    let hash = Sha256::digest(format!("{salt}:{pin}").as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores the lead PIN salted and hashed, so that reading the store file
/// does not reveal it.
pub fn set_pin(store: &mut Store, pin: &str) -> Result<(), StoreError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt: String = salt.iter().map(|b| format!("{b:02x}")).collect();
    let value = format!("{salt}${}", digest(&salt, pin));
    store.write(|tx| meta::set(tx, PIN_KEY, &value))
}

pub fn check_pin(store: &Store, pin: &str) -> Result<PinCheck, StoreError> {
    let Some(stored) = meta::get(store.conn(), PIN_KEY)? else {
        return Ok(PinCheck::NotSet);
    };
    let Some((salt, hash)) = stored.split_once('$') else {
        return Err(StoreError::Damaged("lead PIN record".into()));
    };
    Ok(if digest(salt, pin) == hash {
        PinCheck::Ok
    } else {
        PinCheck::Wrong
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_is_checked_against_its_salted_hash() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(check_pin(&store, "1234").unwrap(), PinCheck::NotSet);
        set_pin(&mut store, "1234").unwrap();
        assert_eq!(check_pin(&store, "1234").unwrap(), PinCheck::Ok);
        assert_eq!(check_pin(&store, "4321").unwrap(), PinCheck::Wrong);
        let raw = meta::get(store.conn(), PIN_KEY).unwrap().unwrap();
        assert!(!raw.contains("1234"), "the PIN is not stored in the clear");
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid_pin("1234") && valid_pin("12345678"));
        assert!(!valid_pin("123") && !valid_pin("123456789") && !valid_pin("12a4"));
    }

    #[test]
    fn signing_in_closes_the_previous_shift() {
        let mut store = Store::open_in_memory().unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-25T08:00:00+08:00").unwrap();
        sign_in(&mut store, "张三", now).unwrap();
        sign_in(&mut store, "李四", now).unwrap();
        assert_eq!(
            shifts::current(store.conn()).unwrap().unwrap().volunteer,
            "李四"
        );
        assert!(sign_out(&mut store, now).unwrap());
        assert!(shifts::current(store.conn()).unwrap().is_none());
        assert!(!sign_out(&mut store, now).unwrap());
    }
}
