//! The shift lead's PIN, which guards the kiosk's lead screen: kept as an
//! Argon2id hash ([`record`]), and checked no sooner than
//! `kakou_core::lead_access` allows after wrong PINs.
//!
//! The wrong PINs in a row are counted in the store, not in the kiosk's
//! memory: restarting the kiosk (pulling the plug is enough) must not
//! give a guesser five fresh tries and no wait.

mod record;

use chrono::{DateTime, FixedOffset};
use kakou_core::audit::AuditEvent;
use kakou_core::lead_access::PinFailures;
use rusqlite::Connection;

use super::{AppError, Terminal, audit};
use crate::store::{StoreError, meta, shifts};
use record::{RecordError, Verdict};

pub use record::{LANES, MEMORY_KIB, PASSES};

const PIN_KEY: &str = "lead_pin";
/// `<count> <time of the last wrong PIN, RFC 3339>`, or `0` after a right one.
const FAILURES_KEY: &str = "lead_pin_failures";

/// What came of a PIN typed on the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The right PIN: the lead screen opens.
    Opened,
    /// A wrong PIN. `tries_left`: wrong PINs still free of a wait;
    /// `wait`: seconds before the next PIN is checked (0: none).
    Wrong { tries_left: u32, wait: i64 },
    /// Not checked at all: wrong PINs came too fast, and the wait after
    /// them has `wait` seconds to go.
    Waiting { wait: i64 },
    /// No PIN was ever set: the lead screen stays closed until one is.
    NotSet,
}

/// A PIN is 4 to 8 digits: typed on the kiosk keypad with gloves.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// Stores the lead PIN as an Argon2id hash, and forgets earlier wrong PINs:
/// whoever sets the PIN on the terminal itself may clear the wait.
pub fn set(terminal: &mut Terminal, pin: &str) -> Result<(), AppError> {
    let value = record::hash(pin).map_err(record_error)?;
    Ok(terminal.store_mut().write(|tx| {
        meta::set(tx, PIN_KEY, &value)?;
        meta::set(tx, FAILURES_KEY, "0")
    })?)
}

/// Whether a lead PIN has been set.
pub fn is_set(terminal: &Terminal) -> Result<bool, AppError> {
    Ok(meta::get(terminal.store().conn(), PIN_KEY)?.is_some())
}

/// Seconds before the next PIN will be checked (0: now), for the PIN
/// screen to show as it opens.
pub fn wait_left(terminal: &Terminal, now: DateTime<FixedOffset>) -> Result<i64, AppError> {
    Ok(failures(terminal)?.seconds_left(now))
}

/// Who the audit log names for what happens at the PIN screen: the lead
/// shares one PIN, so the volunteer signed in at the gate, if any.
pub const NOBODY_SIGNED_IN: &str = "(nobody signed in)";

fn at_the_gate(conn: &Connection) -> Result<String, StoreError> {
    Ok(shifts::current(conn)?.map_or_else(|| NOBODY_SIGNED_IN.to_string(), |s| s.volunteer))
}

/// Checks a PIN typed on the kiosk at `now`, unless wrong PINs came too
/// fast. A wrong PIN is counted; a right one clears the count, and an
/// outdated record is rewritten with today's hash. The lead screen's
/// opening and every wrong PIN go to the audit log in the same
/// transaction as the count.
pub fn attempt(
    terminal: &mut Terminal,
    pin: &str,
    now: DateTime<FixedOffset>,
) -> Result<Attempt, AppError> {
    let Some(stored) = meta::get(terminal.store().conn(), PIN_KEY)? else {
        return Ok(Attempt::NotSet);
    };
    let before = failures(terminal)?;
    let wait = before.seconds_left(now);
    if wait > 0 {
        return Ok(Attempt::Waiting { wait });
    }
    match record::verify(&stored, pin).map_err(record_error)? {
        Verdict::Right { outdated } => {
            let upgraded = if outdated {
                Some(record::hash(pin).map_err(record_error)?)
            } else {
                None
            };
            terminal.store_mut().write(|tx| {
                if before.count > 0 {
                    meta::set(tx, FAILURES_KEY, "0")?;
                }
                if let Some(upgraded) = &upgraded {
                    meta::set(tx, PIN_KEY, upgraded)?;
                }
                let who = at_the_gate(tx)?;
                audit::record(tx, &who, AuditEvent::LeadScreenOpened, now)
            })?;
            Ok(Attempt::Opened)
        }
        Verdict::Wrong => {
            let after = before.wrong(now);
            let value = format!("{} {}", after.count, now.to_rfc3339());
            terminal.store_mut().write(|tx| {
                meta::set(tx, FAILURES_KEY, &value)?;
                let who = at_the_gate(tx)?;
                let event = AuditEvent::WrongPin {
                    attempt: after.count,
                };
                audit::record(tx, &who, event, now)
            })?;
            Ok(Attempt::Wrong {
                tries_left: kakou_core::lead_access::FREE_TRIES.saturating_sub(after.count),
                wait: after.seconds_left(now),
            })
        }
    }
}

fn failures(terminal: &Terminal) -> Result<PinFailures, AppError> {
    let Some(value) = meta::get(terminal.store().conn(), FAILURES_KEY)? else {
        return Ok(PinFailures::default());
    };
    let damaged = || StoreError::Damaged(format!("lead PIN failures `{value}`"));
    let mut parts = value.split(' ');
    let count = parts
        .next()
        .and_then(|c| c.parse().ok())
        .ok_or_else(damaged)?;
    let last = parts
        .next()
        .map(DateTime::parse_from_rfc3339)
        .transpose()
        .map_err(|_| damaged())?;
    if parts.next().is_some() || (count > 0 && last.is_none()) {
        return Err(damaged().into());
    }
    Ok(PinFailures { count, last })
}

fn record_error(e: RecordError) -> AppError {
    match e {
        RecordError::Damaged => StoreError::Damaged("lead PIN record".into()).into(),
        RecordError::Hash(why) => AppError::PinHash(why),
    }
}

#[cfg(test)]
mod tests;
