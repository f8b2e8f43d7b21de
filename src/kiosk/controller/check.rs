//! The person at the gate, from identification to the outcome: the check
//! screen (who it is, the questions, the temperature), the re-measure after
//! a first fever, and the outcome. Every decision is the core flow's; this
//! carries the volunteer's taps to it and shows the effects it returns.

use chrono::{DateTime, FixedOffset};

use kakou_core::domain::{Answers, Outcome, Reason};
use kakou_core::gate::{Effect, Event, GateState, Identity, Prompt};
use kakou_core::pass::PassClaims;
use kakou_core::validate::{self, Field, explain};

use super::context::{Context, Moved};
use crate::app::{AppError, StepResult};
use crate::kiosk::view::{Band, ScreenId};

/// A scanned pass as looked up: who it names, and the card's own claims
/// when they are authentic (for its dates and number).
pub(super) struct PassRead {
    pub identity: Identity,
    pub claims: Option<PassClaims>,
}

#[derive(Default)]
pub(super) struct CheckScreen {
    /// When to send the flow a timeout, as it last asked.
    timer: Option<DateTime<FixedOffset>>,
    /// The end of the rest before a second reading.
    rest_until: Option<DateTime<FixedOffset>>,
}

impl CheckScreen {
    /// A pass was read: shows the card and hands the holder to the flow.
    pub(super) fn identify_pass(
        &mut self,
        cx: &mut Context,
        read: PassRead,
    ) -> Result<Moved, AppError> {
        let words = cx.words();
        if let Identity::Pass(facts) = &read.identity {
            let household = facts.household.as_ref();
            let check = &mut cx.view.check;
            check.holder = facts
                .holder
                .clone()
                .unwrap_or_else(|| words.holder_unknown().into());
            check.category_label = facts
                .category
                .map(|c| words.category(c).to_string())
                .unwrap_or_default();
            check.band = facts.category.map_or(Band::Unknown, Band::Card);
            check.address = household.map(|h| h.address.clone()).unwrap_or_default();
            check.household_status = household
                .map(|h| words.household_status(h.status).to_string())
                .unwrap_or_default();
            check.household_alert = household.is_some_and(|h| h.status.confines_members());
            check.validity = read
                .claims
                .as_ref()
                .map(|c| words.validity(c.valid_from, c.valid_until, c.serial))
                .unwrap_or_default();
            check.error.clear();
        }
        self.identify(cx, read.identity)
    }

    /// A visitor or vehicle was registered: shows them and hands them to
    /// the flow.
    pub(super) fn identify_registered(
        &mut self,
        cx: &mut Context,
        identity: Identity,
    ) -> Result<Moved, AppError> {
        let words = cx.words();
        let (name, detail, visited, band, label) = match &identity {
            Identity::Visitor(form, visited) => (
                form.person.name.clone(),
                words.visitor_from(&form.from),
                visited,
                Band::Card(kakou_core::domain::Category::Visitor),
                words.category(kakou_core::domain::Category::Visitor),
            ),
            Identity::Vehicle(form, visited) => (
                format!("{} · {}", form.plate, form.driver.name),
                words.vehicle_detail(form.kind, form.occupants),
                visited,
                Band::Vehicle,
                words.vehicle(),
            ),
            Identity::Pass(_) => return self.identify(cx, identity),
        };
        let check = &mut cx.view.check;
        check.holder = name;
        check.category_label = label.into();
        check.band = band;
        check.address = match visited {
            Some(h) => words.visiting(&h.address),
            None => words.visited_not_matched().into(),
        };
        check.household_status = visited
            .as_ref()
            .map(|h| words.household_status(h.status).to_string())
            .unwrap_or_default();
        check.household_alert = visited
            .as_ref()
            .is_some_and(|h| h.status.confines_members());
        check.validity = detail;
        check.error.clear();
        self.identify(cx, identity)
    }

    fn identify(&mut self, cx: &mut Context, identity: Identity) -> Result<Moved, AppError> {
        let now = cx.now();
        let result = cx.step(Event::Identify(identity), now)?;
        cx.view.inputs_generation += 1;
        self.apply(cx, result)
    }

    /// Takes over the flow's deadline after a step outside this screen
    /// (the registration form started the flow).
    pub(super) fn follow_deadline(&mut self, cx: &Context) {
        self.timer = cx.session.state().deadline();
    }

    /// 放行: the answers and the reading, in that order.
    pub(super) fn release(
        &mut self,
        cx: &mut Context,
        answers: Answers,
        temperature: &str,
    ) -> Result<Moved, AppError> {
        if cx.view.screen != ScreenId::Check {
            return Ok(Moved::Stayed);
        }
        // The reading is checked before anything reaches the flow, so that a
        // typing slip leaves the answers and the flow untouched.
        if let Err(reason) = validate::parse_temperature(temperature) {
            cx.view.check.error = explain(Field::Temperature, reason, cx.lang);
            return Ok(Moved::Stayed);
        }
        let now = cx.now();
        let mut moved = Moved::Stayed;
        if matches!(cx.session.state(), GateState::Ask { .. }) {
            let result = cx.step(Event::Answer(answers), now)?;
            moved = self.apply(cx, result)?;
        }
        if moved != Moved::Stayed {
            return Ok(moved);
        }
        let result = cx.step(Event::Reading(temperature.to_string()), now)?;
        self.apply(cx, result)
    }

    /// The second reading after the rest.
    pub(super) fn remeasure(
        &mut self,
        cx: &mut Context,
        temperature: &str,
    ) -> Result<Moved, AppError> {
        if cx.view.screen != ScreenId::Remeasure {
            return Ok(Moved::Stayed);
        }
        if let Err(reason) = validate::parse_temperature(temperature) {
            cx.view.remeasure.error = explain(Field::Temperature, reason, cx.lang);
            return Ok(Moved::Stayed);
        }
        self.event(cx, Event::Reading(temperature.to_string()))
    }

    pub(super) fn refuse(&mut self, cx: &mut Context) -> Result<Moved, AppError> {
        self.event(cx, Event::Refuse)
    }

    pub(super) fn cancel(&mut self, cx: &mut Context) -> Result<Moved, AppError> {
        self.event(cx, Event::Cancel)
    }

    pub(super) fn refer(&mut self, cx: &mut Context) -> Result<Moved, AppError> {
        self.event(cx, Event::Refer)
    }

    pub(super) fn acknowledge(&mut self, cx: &mut Context) -> Result<Moved, AppError> {
        self.event(cx, Event::Acknowledge)
    }

    fn event(&mut self, cx: &mut Context, event: Event) -> Result<Moved, AppError> {
        let now = cx.now();
        let result = cx.step(event, now)?;
        self.apply(cx, result)
    }

    /// Once a second: the re-measure countdown, and the flow's timeout.
    pub(super) fn tick(&mut self, cx: &mut Context) -> Result<Moved, AppError> {
        let now = cx.now();
        if let Some(until) = self.rest_until {
            cx.view.remeasure.seconds_left = (until - now).num_seconds().max(0)
                + i64::from((until - now).subsec_nanos() > 0 && until > now);
        }
        match self.timer {
            Some(deadline) if now >= deadline => {
                let abandoned = !matches!(cx.session.state(), GateState::Done { .. });
                let result = cx.step(Event::Timeout, now)?;
                let committed = result.committed.is_some();
                let moved = self.apply(cx, result)?;
                if abandoned && committed {
                    cx.view.gate.scan_error = cx.words().abandoned_and_cancelled().into();
                }
                Ok(moved)
            }
            _ => Ok(Moved::Stayed),
        }
    }

    /// Moves to the screens the flow's effects ask for.
    fn apply(&mut self, cx: &mut Context, result: StepResult) -> Result<Moved, AppError> {
        let words = cx.words();
        let mut moved = Moved::Stayed;
        for effect in &result.effects {
            match effect {
                Effect::StartTimer(at) => self.timer = Some(*at),
                Effect::Invalid { field, reason } => {
                    let message = explain(*field, *reason, cx.lang);
                    match cx.view.screen {
                        ScreenId::Remeasure => cx.view.remeasure.error = message,
                        ScreenId::Visitor => cx.view.visitor.form_error = message,
                        _ => cx.view.check.error = message,
                    }
                }
                Effect::Alert(status) => {
                    cx.view.check.household_status = format!(
                        "{} {}",
                        words.household_status(*status),
                        words.lead_alerted()
                    );
                    cx.view.check.household_alert = true;
                }
                Effect::Show(prompt) => {
                    let shown = self.show(cx, prompt, &result)?;
                    if shown != Moved::Stayed {
                        moved = shown;
                    }
                }
                Effect::Commit(_) => {}
            }
        }
        Ok(moved)
    }

    fn show(
        &mut self,
        cx: &mut Context,
        prompt: &Prompt,
        result: &StepResult,
    ) -> Result<Moved, AppError> {
        let words = cx.words();
        match prompt {
            Prompt::ShowPass => Ok(Moved::Stayed),
            Prompt::Questions | Prompt::Measure => {
                self.rest_until = None;
                cx.view.screen = ScreenId::Check;
                Ok(Moved::Stayed)
            }
            Prompt::Remeasure { until } => {
                let first = match cx.session.state() {
                    GateState::Measure { first, .. } => first.map(|t| t.to_string()),
                    _ => None,
                };
                self.rest_until = Some(*until);
                let remeasure = &mut cx.view.remeasure;
                remeasure.first_reading = first.unwrap_or_default();
                remeasure.seconds_left = (*until - cx.clock.now()).num_seconds().max(0);
                remeasure.error.clear();
                cx.view.inputs_generation += 1;
                cx.view.screen = ScreenId::Remeasure;
                Ok(Moved::Stayed)
            }
            Prompt::StillResting { until } => {
                let left = (*until - cx.now()).num_seconds().max(1);
                cx.view.remeasure.error = words.still_resting(left);
                Ok(Moved::Stayed)
            }
            Prompt::Released | Prompt::Refused(_) | Prompt::Referred(_) | Prompt::Cancelled => {
                let (outcome, reason) = match &result.committed {
                    Some(c) => (c.passage.outcome, c.passage.reason),
                    None => (Outcome::Cancelled, None),
                };
                self.rest_until = None;
                let shown = &mut cx.view.outcome;
                shown.released = outcome == Outcome::Released;
                shown.title = words.outcome(outcome).into();
                shown.reason = reason
                    .filter(|r| *r != Reason::Operator || outcome != Outcome::Cancelled)
                    .map(|r| words.reason(r).to_string())
                    .unwrap_or_default();
                shown.advice = words.advice(outcome, reason).into();
                shown.holder = cx.view.check.holder.clone();
                if outcome == Outcome::Cancelled && reason.is_none() {
                    // A plain cancel needs no screen of its own.
                    self.event(cx, Event::Acknowledge)
                } else {
                    cx.view.screen = ScreenId::Outcome;
                    Ok(Moved::ToOutcome)
                }
            }
            Prompt::Idle => {
                self.rest_until = None;
                self.timer = None;
                Ok(Moved::ToGate)
            }
        }
    }
}
