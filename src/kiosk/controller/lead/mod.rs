//! The shift lead's screen behind the PIN, in pages: today (the report,
//! its chart, recent passages), the roster and sign-in, supplies, who is
//! inside, and the settings. The PIN screen counts down the wait after
//! wrong PINs; the lead screen locks itself when left untouched
//! (`kakou_core::lead_access` says how long).

mod inside;
mod roster;
mod settings;
mod supplies;
mod today;

use chrono::{DateTime, FixedOffset};
use kakou_core::lead_access;

use super::context::Context;
use crate::app::AppError;
use crate::app::lead_pin::{self, Attempt};
use crate::kiosk::intent::Intent;
use crate::kiosk::view::{LeadPage, ScreenId};

#[derive(Default)]
pub(super) struct LeadScreen {
    /// When the lead last did something on the lead screen.
    last_touch: Option<DateTime<FixedOffset>>,
    today: today::TodayPage,
    roster: roster::RosterPage,
    supplies: supplies::SuppliesPage,
    inside: inside::InsidePage,
    settings: settings::SettingsPage,
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

    /// Opens the lead screen on the right PIN, at its first page; true
    /// when it opened.
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
                lead.roster.shift_result.clear();
                lead.supplies.result.clear();
                lead.unmask_error.clear();
                lead.page = LeadPage::Today;
                self.today.forget();
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

    /// The page on screen, worded anew (on opening, a page change, a new
    /// language).
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        match cx.view.lead.page {
            LeadPage::Today => self.today.refresh(cx),
            LeadPage::Roster => self.roster.refresh(cx),
            LeadPage::Supplies => self.supplies.refresh(cx),
            LeadPage::Inside => self.inside.refresh(cx),
            LeadPage::Settings => {
                self.settings.refresh(cx);
                Ok(())
            }
        }
    }

    /// Carries out what the lead did on one of the pages. Only the lead
    /// screen's own intents come here, and only while it is open: a stale
    /// tap queued behind the lock changes nothing.
    pub(super) fn handle(&mut self, cx: &mut Context, intent: Intent) -> Result<(), AppError> {
        if cx.view.screen != ScreenId::Lead {
            return Ok(());
        }
        match intent {
            Intent::LeadPage(page) => {
                cx.view.lead.page = page;
                self.refresh(cx)
            }
            Intent::Search(text) => self.today.search(cx, text),
            Intent::Unmask(id) => self.today.unmask(cx, &id),
            Intent::SetHouseholdStatus(address, status) => {
                self.settings.set_household_status(cx, &address, status)
            }
            Intent::Revoke(serial, reason) => self.settings.revoke(cx, &serial, reason),
            Intent::VoiceEnabled(on) => self.settings.set_voice(cx, |s| s.enabled = on),
            Intent::VoiceVolume(volume) => self.settings.set_voice(cx, |s| s.volume = volume),
            Intent::VoiceTest => {
                cx.voice.test(cx.lang);
                Ok(())
            }
            Intent::SignIn(name) => {
                self.roster.sign_in(cx, &name)?;
                self.roster.refresh(cx)
            }
            Intent::SignOut => {
                self.roster.sign_out(cx)?;
                self.roster.refresh(cx)
            }
            Intent::Supply {
                item,
                action,
                quantity,
                note,
            } => self.supplies.record(cx, item, action, &quantity, &note),
            _ => Ok(()),
        }
    }
}
