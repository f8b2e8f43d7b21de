//! The waiting gate: the direction toggle, scans from the camera, the USB
//! scanner, the manual field or the demo button, and the day's counters.

use kakou_core::domain::Direction;
use kakou_core::gate::{Event, GateState};

use super::check::PassRead;
use super::context::Context;
use crate::app::{AppError, reports};
use crate::kiosk::view::ScreenId;

pub(super) struct GateScreen {
    direction: Direction,
    /// Demo mode: the cards "模拟扫码" cycles through, and the next one.
    demo_cards: Vec<String>,
    demo_next: usize,
}

impl GateScreen {
    pub(super) fn new(demo_cards: Vec<String>) -> GateScreen {
        GateScreen {
            direction: Direction::In,
            demo_cards,
            demo_next: 0,
        }
    }

    pub(super) fn direction(&self) -> Direction {
        self.direction
    }

    pub(super) fn set_direction(&mut self, cx: &mut Context, direction: Direction) {
        self.direction = direction;
        if cx.view.screen == ScreenId::Gate {
            self.show(cx);
        }
    }

    /// Reads a scanned pass for the check screen. A scan is heard on the
    /// gate screen and over an outcome (the next person is already at the
    /// gate); elsewhere someone is being checked, and a stray read of a card
    /// in the queue must not replace them.
    pub(super) fn scan(
        &mut self,
        cx: &mut Context,
        text: &str,
    ) -> Result<Option<PassRead>, AppError> {
        if !matches!(cx.view.screen, ScreenId::Gate | ScreenId::Outcome) || text.is_empty() {
            return Ok(None);
        }
        let now = cx.now();
        cx.step(Event::Begin(self.direction), now)?;
        let (identity, claims) = cx.session.lookup().read_pass(text, now)?;
        Ok(Some(PassRead { identity, claims }))
    }

    /// Demo mode: scans the given demo card, or the next one in turn.
    pub(super) fn demo_scan(
        &mut self,
        cx: &mut Context,
        which: Option<usize>,
    ) -> Result<Option<PassRead>, AppError> {
        if self.demo_cards.is_empty() {
            return Ok(None);
        }
        let index = which.unwrap_or_else(|| {
            self.demo_next += 1;
            self.demo_next - 1
        });
        let text = self.demo_cards[index % self.demo_cards.len()].clone();
        self.scan(cx, &text)
    }

    /// Shows the waiting gate, worded for the direction.
    pub(super) fn show(&self, cx: &mut Context) {
        let (banner, detail) = cx.words().banner_idle(self.direction);
        let gate = &mut cx.view.gate;
        gate.banner = banner.into();
        gate.banner_detail = detail.into();
        gate.direction_in = self.direction == Direction::In;
        if cx.view.screen != ScreenId::Gate {
            cx.view.gate.scan_error.clear();
        }
        // Leaving the visitor form or the lead screen abandons nobody: the
        // flow is back at idle unless a person is mid-check.
        if matches!(cx.session.state(), GateState::Stop { .. }) {
            cx.session.reset();
        }
        cx.view.screen = ScreenId::Gate;
    }

    /// The four counters, from the same report the lead reads.
    pub(super) fn refresh_counts(&self, cx: &mut Context) -> Result<(), AppError> {
        let day = cx.now().date_naive();
        let counts = reports::gate_counts(cx.session.terminal(), day)?;
        let gate = &mut cx.view.gate;
        gate.count_in = counts.people_in;
        gate.count_out = counts.people_out;
        gate.count_fever = counts.fever;
        gate.count_refused = counts.refused;
        Ok(())
    }
}
