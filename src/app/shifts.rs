//! Who is on duty at the gate: volunteers sign in and out at the kiosk.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{AppError, Terminal};
use crate::store::{outbox, shifts};

/// The volunteer signed in now, if any.
pub fn on_duty(terminal: &Terminal) -> Result<Option<String>, AppError> {
    Ok(shifts::current(terminal.store().conn())?.map(|s| s.volunteer))
}

/// Signs a volunteer in for the shift (signing out whoever was on duty).
pub fn sign_in(
    terminal: &mut Terminal,
    volunteer: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), AppError> {
    let at = now.to_rfc3339();
    Ok(terminal.store_mut().write(|tx| {
        shifts::open(tx, volunteer, &at)?;
        let body = json!({"volunteer": volunteer, "signed_in_at": at}).to_string();
        outbox::enqueue(tx, &outbox::new_event_id(), "shift_start", &body, &at)
    })?)
}

/// Ends the open shift; false when nobody was signed in.
pub fn sign_out(terminal: &mut Terminal, now: DateTime<FixedOffset>) -> Result<bool, AppError> {
    let at = now.to_rfc3339();
    Ok(terminal.store_mut().write(|tx| {
        let Some(shift) = shifts::current(tx)? else {
            return Ok(false);
        };
        shifts::close_open(tx, &at)?;
        let body = json!({"volunteer": shift.volunteer, "signed_out_at": at}).to_string();
        outbox::enqueue(tx, &outbox::new_event_id(), "shift_end", &body, &at)?;
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
