//! Who is on duty at the gate: volunteers sign in and out at the kiosk,
//! and each sign-in is checked against the duty roster.

use chrono::{DateTime, FixedOffset};
use kakou_core::roster::{SignIn, SignInRules};
use kakou_core::sync::events::{EventBody, ShiftBody};

use super::{AppError, Terminal, events, roster};
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

/// What the roster said about the open shift's sign-in (its code), if
/// there was a roster to check against.
pub fn on_duty_check(terminal: &Terminal) -> Result<Option<String>, AppError> {
    Ok(shifts::current(terminal.store().conn())?.and_then(|s| s.roster_check))
}

/// Signs a volunteer in for the shift, whatever the roster says: a gate is
/// never left unattended for a spreadsheet's sake. What the roster says
/// (on time, late, not on the roster …) is returned for the screen and
/// kept with the shift; `None` when no roster was imported. Whoever was on
/// duty is signed out by it, and that end of their shift is an event too
/// (`implicit`).
pub fn sign_in(
    terminal: &mut Terminal,
    volunteer: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<SignIn>, AppError> {
    let roster = roster::load(terminal)?;
    let check = (!roster.is_empty())
        .then(|| roster.check_sign_in(volunteer, now.naive_local(), SignInRules::default()));
    let code = check.as_ref().map(SignIn::code);
    let at = now.to_rfc3339();
    terminal.store_mut().write(|tx| {
        if let Some(previous) = shifts::current(tx)? {
            let end = EventBody::ShiftEnd(shift(&previous.volunteer, now, true));
            events::record(tx, &end, &at)?;
        }
        shifts::open(tx, volunteer, &at, code)?;
        events::record(
            tx,
            &EventBody::ShiftStart(shift(volunteer, now, false)),
            &at,
        )?;
        Ok(())
    })?;
    Ok(check)
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
        assert_eq!(sign_in(&mut t, "张三", now).unwrap(), None, "no roster");
        sign_in(&mut t, "李四", now).unwrap();
        assert_eq!(on_duty(&t).unwrap().as_deref(), Some("李四"));
        assert_eq!(on_duty_check(&t).unwrap(), None);
        assert!(sign_out(&mut t, now).unwrap());
        assert_eq!(on_duty(&t).unwrap(), None);
        assert!(!sign_out(&mut t, now).unwrap());
    }

    /// The roster is asked, its answer kept with the shift, and the
    /// volunteer signed in whatever it said.
    #[test]
    fn a_sign_in_is_checked_against_the_roster_and_never_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let sheet: Vec<Vec<String>> = [
            ["日期/星期", "开始时间", "结束时间", "值班人员", "负责人"],
            ["每天", "08:00", "16:00", "张三", "王组长"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        roster::import_rows(&mut t, &sheet, kakou_core::lang::Lang::Zh).unwrap();
        let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
        let on_time = sign_in(&mut t, "张三", at("2026-11-25T08:05:00+08:00")).unwrap();
        assert_eq!(on_time.as_ref().map(SignIn::code), Some("on_time"));
        assert_eq!(on_duty_check(&t).unwrap().as_deref(), Some("on_time"));
        let stranger = sign_in(&mut t, "路人甲", at("2026-11-25T09:00:00+08:00")).unwrap();
        assert_eq!(stranger, Some(SignIn::NotOnRoster));
        assert_eq!(on_duty(&t).unwrap().as_deref(), Some("路人甲"));
        assert_eq!(on_duty_check(&t).unwrap().as_deref(), Some("not_on_roster"));
    }
}
