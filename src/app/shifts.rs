//! Who is on duty at the gate: volunteers sign in and out at the kiosk.

use chrono::{DateTime, FixedOffset};
use kakou_core::sync::events::{EventBody, ShiftBody};

use super::{AppError, Terminal, events};
use crate::store::shifts;

/// The volunteer signed in now, if any.
pub fn on_duty(terminal: &Terminal) -> Result<Option<String>, AppError> {
    Ok(shifts::current(terminal.store().conn())?.map(|s| s.volunteer))
}

fn shift(volunteer: &str, now: DateTime<FixedOffset>, implicit: bool) -> ShiftBody {
    ShiftBody {
        volunteer: volunteer.to_string(),
        at: now,
        implicit,
    }
}

/// Signs a volunteer in for the shift. Whoever was on duty is signed out
/// by it, and that end of their shift is an event too (`implicit`).
pub fn sign_in(
    terminal: &mut Terminal,
    volunteer: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), AppError> {
    let at = now.to_rfc3339();
    Ok(terminal.store_mut().write(|tx| {
        if let Some(previous) = shifts::current(tx)? {
            let end = EventBody::ShiftEnd(shift(&previous.volunteer, now, true));
            events::record(tx, &end, &at)?;
        }
        shifts::open(tx, volunteer, &at)?;
        events::record(
            tx,
            &EventBody::ShiftStart(shift(volunteer, now, false)),
            &at,
        )?;
        Ok(())
    })?)
}

/// Ends the open shift; false when nobody was signed in.
pub fn sign_out(terminal: &mut Terminal, now: DateTime<FixedOffset>) -> Result<bool, AppError> {
    let at = now.to_rfc3339();
    Ok(terminal.store_mut().write(|tx| {
        let Some(current) = shifts::current(tx)? else {
            return Ok(false);
        };
        shifts::close_open(tx, &at)?;
        let end = EventBody::ShiftEnd(shift(&current.volunteer, now, false));
        events::record(tx, &end, &at)?;
        Ok(true)
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    #[test]
    fn signing_in_closes_the_previous_shift() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let now = DateTime::parse_from_rfc3339("2026-11-25T08:00:00+08:00").unwrap();
        sign_in(&mut t, "张三", now).unwrap();
        sign_in(&mut t, "李四", now).unwrap();
        assert_eq!(on_duty(&t).unwrap().as_deref(), Some("李四"));
        assert!(sign_out(&mut t, now).unwrap());
        assert_eq!(on_duty(&t).unwrap(), None);
        assert!(!sign_out(&mut t, now).unwrap());
    }
}
