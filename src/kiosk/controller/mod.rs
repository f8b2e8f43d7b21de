//! The kiosk's controller: turns what the volunteer does (an [`Intent`])
//! into gate-flow events and lead actions through `app`, and words the
//! result as a [`View`]. It owns the terminal, so it runs on the worker
//! thread; it holds no business rules of its own — the core decides every
//! outcome.
//!
//! One controller per screen, each owning its state: [`gate`] (the waiting
//! screen, scans and counters), [`check`] (the resident check, re-measure
//! and outcome: the flow's effects), [`registration`] (visitors and
//! vehicles), [`lead`] (PIN and the lead screen's pages) and [`camera`].
//! What they share is in [`context`], the voice prompts among it
//! ([`voice`]); this file only dispatches intents.

mod camera;
mod check;
mod context;
mod gate;
mod lead;
mod registration;
mod sync;
mod voice;

use std::sync::Arc;

use kakou_core::lang::Lang;
use kakou_voice::{Speaker, VoiceSettings};

use super::intent::Intent;
use super::view::{ScreenId, View};
use context::{Context, Moved};

use crate::app::{self, AppError, GateSession, camera_choice, reports, retention, shifts};
use crate::clock::Clock;
use crate::kiosk::sync_thread::SyncHandle;
pub use context::NO_VOLUNTEER;

pub struct Controller {
    cx: Context,
    gate: gate::GateScreen,
    check: check::CheckScreen,
    registration: registration::RegistrationScreen,
    lead: lead::LeadScreen,
    camera: camera::CameraScreen,
    sync: sync::SyncScreen,
}

impl Controller {
    /// A controller on an opened session. `demo_cards` are pass texts the
    /// "模拟扫码" button cycles through; empty outside demo mode.
    pub fn new(
        mut session: GateSession,
        clock: Box<dyn Clock>,
        lang: Lang,
        demo_cards: Vec<String>,
    ) -> Result<Controller, AppError> {
        let camera = camera::CameraScreen::new(camera_choice::load(session.terminal())?);
        let voice = voice::Voice::new(app::voice::load(session.terminal())?);
        let volunteer = shifts::on_duty(session.terminal())?.unwrap_or_default();
        if !volunteer.is_empty() {
            session.set_operator(&volunteer);
        }
        let mut view = View::default();
        view.app.volunteer = volunteer;
        view.app.demo = !demo_cards.is_empty();
        view.app.checkpoint = session.settings().checkpoint.clone();
        let mut controller = Controller {
            cx: Context {
                session,
                clock,
                lang,
                voice,
                view,
            },
            gate: gate::GateScreen::new(demo_cards),
            check: check::CheckScreen::default(),
            registration: registration::RegistrationScreen::default(),
            lead: lead::LeadScreen::default(),
            camera,
            sync: sync::SyncScreen::default(),
        };
        controller.refresh_status()?;
        controller.gate.show(&mut controller.cx);
        Ok(controller)
    }

    /// Says the voice prompts through `speaker` (silent until given one),
    /// with the lead's saved settings.
    pub fn with_speaker(mut self, speaker: Arc<dyn Speaker>) -> Controller {
        self.cx.voice.set_speaker(speaker);
        self.cx.view.app.voice_note = self.cx.voice.note(self.cx.lang);
        self
    }

    /// Hears the sync thread's news and passes the lead's 立即同步 to it
    /// through `handle` (without one, 立即同步 is not offered).
    pub fn with_sync(mut self, handle: SyncHandle) -> Result<Controller, AppError> {
        self.sync.set_handle(handle);
        self.sync.word(&mut self.cx)?;
        Ok(self)
    }

    /// The lead's voice settings as saved, for starting a speaker with them.
    pub fn voice_settings(&self) -> VoiceSettings {
        self.cx.voice.settings()
    }

    /// The session, for reading what was committed (tests).
    pub fn session(&self) -> &GateSession {
        &self.cx.session
    }

    pub fn view(&self) -> &View {
        &self.cx.view
    }

    /// Carries out one intent. An error is shown on the current screen and
    /// nothing is claimed as registered; the flow stays where it was.
    pub fn handle(&mut self, intent: Intent) {
        let done = self.try_handle(intent);
        let cx = &mut self.cx;
        if done.is_ok() {
            cx.voice.say_pending(cx.lang);
        } else {
            // A step that failed is not announced: the person at the gate
            // hears nothing the screen does not show.
            cx.voice.forget_pending();
        }
        if let Err(e) = done {
            let message = format!(
                "{}: {}",
                cx.words().store_error_not_saved(),
                e.message(cx.lang)
            );
            let view = &mut cx.view;
            match view.screen {
                ScreenId::Check => view.check.error = message,
                ScreenId::Remeasure => view.remeasure.error = message,
                ScreenId::Visitor => view.visitor.form_error = message,
                ScreenId::Lead | ScreenId::Pin => view.lead.pin_error = message,
                _ => view.gate.scan_error = message,
            }
        }
    }

    fn try_handle(&mut self, intent: Intent) -> Result<(), AppError> {
        let cx = &mut self.cx;
        if intent.touches_lead_screen() {
            self.lead.touch(cx);
        }
        let moved = match intent {
            Intent::Scan(text) => match self.gate.scan(cx, text.trim())? {
                Some(read) => self.check.identify_pass(cx, read)?,
                None => Moved::Stayed,
            },
            Intent::DemoScan(which) => match self.gate.demo_scan(cx, which)? {
                Some(read) => self.check.identify_pass(cx, read)?,
                None => Moved::Stayed,
            },
            Intent::SetDirection(direction) => {
                self.gate.set_direction(cx, direction);
                Moved::Stayed
            }
            Intent::StartRegistration { vehicle } => {
                let direction = self.gate.direction();
                self.registration.start(cx, direction, vehicle)?;
                self.check.follow_deadline(cx);
                Moved::Stayed
            }
            Intent::FieldEdited { field, text } => {
                self.registration.field_edited(cx, field, &text)?;
                Moved::Stayed
            }
            Intent::SubmitRegistration(input) => match self.registration.submit(cx, input)? {
                Some(identity) => self.check.identify_registered(cx, identity)?,
                None => Moved::Stayed,
            },
            Intent::Release {
                answers,
                temperature,
            } => self.check.release(cx, answers, &temperature)?,
            Intent::Refuse => self.check.refuse(cx)?,
            Intent::Cancel => self.check.cancel(cx)?,
            Intent::Remeasure(temperature) => self.check.remeasure(cx, &temperature)?,
            Intent::Refer => self.check.refer(cx)?,
            Intent::Acknowledge => self.check.acknowledge(cx)?,
            Intent::Tick => {
                if cx.voice.status_changed() {
                    cx.view.app.voice_note = cx.voice.note(cx.lang);
                }
                retention::daily(cx.now(), cx.session.terminal_mut());
                let moved = self.check.tick(cx)?;
                if self.lead.tick(cx)? {
                    Moved::ToGate
                } else {
                    moved
                }
            }
            Intent::OpenLead => {
                self.lead.open(cx)?;
                Moved::Stayed
            }
            Intent::PinSubmit(pin) => {
                if self.lead.pin_submit(cx, &pin)? {
                    self.camera.word(cx);
                }
                Moved::Stayed
            }
            Intent::CloseLead => Moved::ToGate,
            Intent::Search(_)
            | Intent::SetHouseholdStatus(..)
            | Intent::Revoke(..)
            | Intent::SignIn(_)
            | Intent::SignOut
            | Intent::LeadPage(_)
            | Intent::Supply { .. }
            | Intent::VoiceEnabled(_)
            | Intent::VoiceVolume(_)
            | Intent::VoiceTest
            | Intent::Unmask(_) => {
                self.lead.handle(cx, intent)?;
                Moved::Stayed
            }
            Intent::SetLanguage(lang) => {
                cx.lang = lang;
                self.refresh_status()?;
                let cx = &mut self.cx;
                if cx.view.screen == ScreenId::Gate {
                    self.gate.show(cx);
                }
                if cx.view.screen == ScreenId::Lead {
                    self.lead.refresh(cx)?;
                }
                Moved::Stayed
            }
            Intent::Camera(status) => {
                self.camera.status(cx, status);
                Moved::Stayed
            }
            Intent::CameraDevices(devices) => {
                self.camera.devices(cx, devices);
                Moved::Stayed
            }
            Intent::NextCamera => {
                self.camera.next(cx)?;
                Moved::Stayed
            }
            Intent::CameraCounters(counters) => {
                self.camera.counters(cx, counters);
                Moved::Stayed
            }
            Intent::Sync(seen) => {
                self.sync.news(cx, seen)?;
                Moved::Stayed
            }
            Intent::SyncNow => {
                self.sync.now(cx)?;
                Moved::Stayed
            }
        };
        let cx = &mut self.cx;
        match moved {
            Moved::Stayed => {}
            Moved::ToOutcome => {
                self.gate.refresh_counts(cx)?;
                // A passage is one more event waiting for the district.
                self.sync.word(cx)?;
            }
            Moved::ToGate => {
                self.gate.refresh_counts(cx)?;
                self.gate.show(cx);
            }
        }
        Ok(())
    }

    /// The status bar and counters, reworded (after a language switch, on start).
    fn refresh_status(&mut self) -> Result<(), AppError> {
        let cx = &mut self.cx;
        cx.view.app.lang = cx.lang;
        self.sync.word(cx)?;
        cx.view.app.voice_note = cx.voice.note(cx.lang);
        cx.view.app.data_as_of = match reports::data_as_of(cx.session.terminal())? {
            Some(at) => at.format("%m-%d %H:%M").to_string(),
            None => cx.words().no_ledger().into(),
        };
        self.camera.word(cx);
        self.gate.refresh_counts(cx)
    }
}
