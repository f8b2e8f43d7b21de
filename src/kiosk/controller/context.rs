//! What every screen's controller works with: the gate session, the clock,
//! the language, the voice prompts and the view being built.

use chrono::{DateTime, FixedOffset};
use kakou_core::gate::Event;
use kakou_core::lang::Lang;

use super::voice::Voice;
use crate::app::{AppError, GateSession, StepResult};
use crate::clock::Clock;
use crate::kiosk::view::View;
use crate::kiosk::words::{Words, words};

/// Who is recorded as operator while nobody has signed in for the shift.
pub const NO_VOLUNTEER: &str = "kiosk";

/// What every screen's controller works with.
pub(super) struct Context {
    pub(super) session: GateSession,
    pub(super) clock: Box<dyn Clock>,
    pub(super) lang: Lang,
    pub(super) voice: Voice,
    pub(super) view: View,
}

impl Context {
    pub(super) fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    pub(super) fn words(&self) -> &'static dyn Words {
        words(self.lang)
    }

    /// Feeds one event to the gate flow at `now`, and notes the voice
    /// prompt its effects call for.
    pub(super) fn step(
        &mut self,
        event: Event,
        now: DateTime<FixedOffset>,
    ) -> Result<StepResult, AppError> {
        let result = self.session.handle(event, now)?;
        self.voice.heard(&result.effects);
        Ok(result)
    }
}

/// Where a flow step left the gate, so the dispatcher can bring the gate
/// screen's counters and banner up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Moved {
    /// Still with the same person.
    Stayed,
    /// A passage was decided; its outcome is on screen.
    ToOutcome,
    /// Back at the waiting gate.
    ToGate,
}
