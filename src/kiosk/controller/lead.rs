//! The shift lead's screen behind the PIN: the day's report, recent
//! passages, household status, revocation and the volunteers' shifts. The
//! PIN screen counts down the wait after wrong PINs; the lead screen locks
//! itself when left untouched (`kakou_core::lead_access` says how long).

use chrono::{DateTime, FixedOffset};
use kakou_core::domain::{HouseholdStatus, Outcome, Subject};
use kakou_core::lead_access;
use kakou_core::pass::RevocationReason;
use kakou_core::validate;

use super::context::{Context, NO_VOLUNTEER};
use crate::app::lead_pin::{self, Attempt};
use crate::app::revocation::{self, RevokeOutcome};
use crate::app::{AppError, households, passages, reports, shifts};
use crate::kiosk::view::{PassageLine, ScreenId};
use crate::kiosk::words::report_row;

/// How many recent passages the lead screen lists.
const RECENT: usize = 200;

/// Report lines shown even at zero, so the lead sees the day is counted.
const ALWAYS_SHOWN: [&str; 4] = [
    "passages",
    "people_in_total",
    "people_out_total",
    "fever_readings",
];

#[derive(Default)]
pub(super) struct LeadScreen {
    /// The lead's search over recent passages.
    search: String,
    /// When the lead last did something on the lead screen.
    last_touch: Option<DateTime<FixedOffset>>,
}

impl LeadScreen {
    /// The PIN screen, with the wait still to run after wrong PINs (which
    /// the store keeps across restarts).
    pub(super) fn open(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let now = cx.now();
        cx.view.lead.pin_error.clear();
        cx.view.lead.pin_wait = lead_pin::wait_left(cx.session.terminal(), now)?;
        cx.view.screen = ScreenId::Pin;
        Ok(())
    }

    /// Opens the lead screen on the right PIN; true when it opened.
    pub(super) fn pin_submit(&mut self, cx: &mut Context, pin: &str) -> Result<bool, AppError> {
        let words = cx.words();
        if pin.is_empty() {
            // A tap on 确定 with nothing typed is no guess; it costs no try.
            cx.view.lead.pin_error = words.type_the_pin().into();
            return Ok(false);
        }
        let now = cx.now();
        let (error, wait) = match lead_pin::attempt(cx.session.terminal_mut(), pin, now)? {
            Attempt::Opened => {
                let lead = &mut cx.view.lead;
                lead.pin_error.clear();
                lead.pin_wait = 0;
                lead.household_result.clear();
                lead.revoke_result.clear();
                cx.view.screen = ScreenId::Lead;
                self.last_touch = Some(now);
                self.refresh(cx)?;
                return Ok(true);
            }
            Attempt::Wrong { tries_left, wait } => (words.wrong_pin(tries_left), wait),
            Attempt::Waiting { wait } => (words.pin_not_checked().into(), wait),
            Attempt::NotSet => (words.no_pin_set().into(), 0),
        };
        cx.view.lead.pin_error = error;
        cx.view.lead.pin_wait = wait;
        Ok(false)
    }

    /// The lead did something on the lead screen: it stays unlocked for
    /// another [`lead_access::IDLE_LOCK_SECONDS`].
    pub(super) fn touch(&mut self, cx: &Context) {
        if cx.view.screen == ScreenId::Lead {
            self.last_touch = Some(cx.now());
        }
    }

    /// Once a second: counts the PIN screen's wait down, and locks a lead
    /// screen left untouched. True when it locked (the gate screen is next).
    pub(super) fn tick(&mut self, cx: &mut Context) -> Result<bool, AppError> {
        let now = cx.now();
        match cx.view.screen {
            ScreenId::Pin if cx.view.lead.pin_wait > 0 => {
                let wait = lead_pin::wait_left(cx.session.terminal(), now)?;
                if wait == 0 {
                    cx.view.lead.pin_error.clear();
                }
                cx.view.lead.pin_wait = wait;
                Ok(false)
            }
            ScreenId::Lead => {
                let locked = self
                    .last_touch
                    .is_none_or(|touched| lead_access::idle_locked(touched, now));
                if locked {
                    self.last_touch = None;
                }
                Ok(locked)
            }
            _ => Ok(false),
        }
    }

    /// The day's report and the recent passages, worded anew.
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let today = cx.now().date_naive();
        let report = reports::own(cx.session.terminal(), today)?;
        let lead = &mut cx.view.lead;
        lead.report_title = words.report_title(today);
        lead.zero_report = report.zero_report;
        lead.report = kakou_core::report::rows(&report)
            .into_iter()
            .filter(|(code, n)| {
                code != "zero_report" && (*n > 0 || ALWAYS_SHOWN.contains(&code.as_str()))
            })
            .map(|(code, n)| (report_row(words, &code), n.to_string()))
            .collect();
        self.refresh_recent(cx)
    }

    pub(super) fn search(&mut self, cx: &mut Context, text: String) -> Result<(), AppError> {
        self.search = text;
        self.refresh_recent(cx)
    }

    fn refresh_recent(&self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let needle = self.search.trim();
        cx.view.lead.recent = passages::recent(cx.session.terminal(), RECENT)?
            .into_iter()
            .map(|c| {
                let p = c.passage;
                let who = match &p.subject {
                    Subject::Pass { holder, .. } => {
                        holder.clone().unwrap_or_else(|| words.unread_pass().into())
                    }
                    Subject::Visitor(v) => words.visitor_line(&v.name, &v.visiting),
                    Subject::Vehicle(v) => format!("{} · {}", v.plate, v.driver.name),
                };
                let outcome = match p.reason {
                    Some(r) if p.outcome != Outcome::Released => {
                        format!("{} · {}", words.outcome(p.outcome), words.reason(r))
                    }
                    _ => words.outcome(p.outcome).into(),
                };
                PassageLine {
                    time: p.at.format("%H:%M").to_string(),
                    who,
                    direction: words.direction(p.direction).into(),
                    released: p.outcome == Outcome::Released,
                    outcome,
                }
            })
            .filter(|line| needle.is_empty() || line.who.contains(needle))
            .collect();
        Ok(())
    }

    pub(super) fn set_household_status(
        &mut self,
        cx: &mut Context,
        address: &str,
        status: HouseholdStatus,
    ) -> Result<(), AppError> {
        let words = cx.words();
        if address.trim().is_empty() {
            cx.view.lead.household_result = words.type_address_first().into();
            return Ok(());
        }
        let now = cx.now();
        let changed = households::set_status(cx.session.terminal_mut(), address, status, now)?;
        cx.view.lead.household_result = match changed {
            Some(h) => words.status_changed(&h.address, h.status),
            None => words.no_household_at(address.trim()),
        };
        Ok(())
    }

    /// Revokes a card through the same function as `kakou pass revoke`.
    pub(super) fn revoke(
        &mut self,
        cx: &mut Context,
        serial: &str,
        reason: RevocationReason,
    ) -> Result<(), AppError> {
        let words = cx.words();
        let Ok(serial) = serial.trim().parse::<u64>() else {
            cx.view.lead.revoke_result = words.serial_is_digits().into();
            return Ok(());
        };
        let now = cx.now();
        let outcome = revocation::revoke(cx.session.terminal_mut(), serial, reason, now)?;
        cx.view.lead.revoke_result = match outcome {
            RevokeOutcome::Revoked => words.revoked(serial, reason),
            RevokeOutcome::AlreadyRevoked => words.already_revoked(serial),
            RevokeOutcome::UnknownSerial => words.unknown_serial(serial),
            RevokeOutcome::NoCommunityKey => words.no_community_key().into(),
        };
        Ok(())
    }

    pub(super) fn sign_in(&mut self, cx: &mut Context, name: &str) -> Result<(), AppError> {
        let verdict = validate::person_name(name);
        let Some(name) = verdict.normalized.filter(|_| verdict.valid) else {
            cx.view.lead.shift_result =
                validate::explain(validate::Field::Name, verdict.reason, cx.lang);
            return Ok(());
        };
        let now = cx.now();
        shifts::sign_in(cx.session.terminal_mut(), &name, now)?;
        cx.session.set_operator(&name);
        cx.view.lead.shift_result = cx.words().signed_in(&name);
        cx.view.app.volunteer = name;
        Ok(())
    }

    pub(super) fn sign_out(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let now = cx.now();
        let was = shifts::sign_out(cx.session.terminal_mut(), now)?;
        cx.session.set_operator(NO_VOLUNTEER);
        cx.view.app.volunteer.clear();
        let words = cx.words();
        cx.view.lead.shift_result = if was {
            words.signed_out().into()
        } else {
            words.nobody_signed_in().into()
        };
        Ok(())
    }
}
