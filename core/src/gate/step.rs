use chrono::{DateTime, Duration, FixedOffset};

use crate::domain::{Answers, Outcome, Passage, Reason, Temperature};
use crate::validate::{self, Field};

use super::decide::{self, Admission};
use super::{Effect, Event, GateConfig, GateState, Pending, Prompt};

/// What a step may know besides the state and the event: the time now and
/// the community's rules. The facts about a person arrive inside
/// [`Event::Identify`], looked up by the shell.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub now: DateTime<FixedOffset>,
    pub config: &'a GateConfig,
}

impl Ctx<'_> {
    fn after(&self, seconds: i64) -> DateTime<FixedOffset> {
        self.now + Duration::seconds(seconds)
    }

    fn idle_deadline(&self) -> DateTime<FixedOffset> {
        self.after(self.config.idle_timeout_seconds)
    }
}

/// Advances the gate by one event. Events that make no sense in the current
/// state (a stray scan while the outcome shows, a double tap) change nothing
/// and have no effects, so the shell can forward every input without filtering.
pub fn step(state: &GateState, event: Event, ctx: &Ctx) -> (GateState, Vec<Effect>) {
    match (state, event) {
        (GateState::Idle | GateState::Done { .. }, Event::Begin(direction)) => {
            let deadline = ctx.idle_deadline();
            (
                GateState::Stop {
                    direction,
                    deadline,
                },
                vec![Effect::Show(Prompt::ShowPass), Effect::StartTimer(deadline)],
            )
        }
        (GateState::Stop { direction, .. }, Event::Identify(identity)) => {
            match decide::admit(*direction, &identity, ctx.config) {
                Err(invalid) => (
                    state.clone(),
                    vec![Effect::Invalid {
                        field: invalid.field,
                        reason: invalid.reason,
                    }],
                ),
                Ok(Admission::Refuse(pending, reason)) => finish(
                    pending,
                    Answers::default(),
                    Vec::new(),
                    (Outcome::Refused, Some(reason)),
                    ctx,
                ),
                Ok(Admission::Continue(pending)) => {
                    let deadline = ctx.idle_deadline();
                    let mut effects = Vec::new();
                    if let Some(status) = pending.alert {
                        effects.push(Effect::Alert(status));
                    }
                    effects.push(Effect::Show(Prompt::Questions));
                    effects.push(Effect::StartTimer(deadline));
                    (GateState::Ask { pending, deadline }, effects)
                }
            }
        }
        (GateState::Ask { pending, .. }, Event::Answer(answers)) => {
            let deadline = ctx.idle_deadline();
            (
                GateState::Measure {
                    pending: pending.clone(),
                    answers,
                    first: None,
                    rest_until: None,
                    deadline,
                },
                vec![Effect::Show(Prompt::Measure), Effect::StartTimer(deadline)],
            )
        }
        (
            GateState::Measure {
                pending,
                answers,
                first,
                rest_until,
                ..
            },
            Event::Reading(text),
        ) => {
            let reading = match validate::parse_temperature(&text) {
                Ok(t) => t,
                Err(reason) => {
                    return (
                        state.clone(),
                        vec![Effect::Invalid {
                            field: Field::Temperature,
                            reason,
                        }],
                    );
                }
            };
            measure(pending, *answers, *first, *rest_until, reading, state, ctx)
        }
        (
            GateState::Ask { pending, .. },
            manual @ (Event::Refuse | Event::Refer | Event::Cancel),
        ) => finish(
            pending.clone(),
            Answers::default(),
            Vec::new(),
            manual_outcome(&manual),
            ctx,
        ),
        (
            GateState::Measure {
                pending,
                answers,
                first,
                ..
            },
            manual @ (Event::Refuse | Event::Refer | Event::Cancel),
        ) => finish(
            pending.clone(),
            *answers,
            first.iter().copied().collect(),
            manual_outcome(&manual),
            ctx,
        ),
        (GateState::Stop { .. }, Event::Cancel) => idle(),
        (GateState::Done { .. }, Event::Acknowledge) => idle(),
        (_, Event::Timeout) => match state.deadline() {
            Some(deadline) if ctx.now >= deadline => timeout(state, ctx),
            _ => (state.clone(), Vec::new()),
        },
        _ => (state.clone(), Vec::new()),
    }
}

fn manual_outcome(event: &Event) -> (Outcome, Option<Reason>) {
    match event {
        Event::Refuse => (Outcome::Refused, Some(Reason::Operator)),
        Event::Refer => (Outcome::Referred, Some(Reason::Operator)),
        _ => (Outcome::Cancelled, None),
    }
}

/// Takes one reading. A first fever asks for a rest and a second reading;
/// two fevers refer, a normal second reading lets the answers decide.
fn measure(
    pending: &Pending,
    answers: Answers,
    first: Option<Temperature>,
    rest_until: Option<DateTime<FixedOffset>>,
    reading: Temperature,
    state: &GateState,
    ctx: &Ctx,
) -> (GateState, Vec<Effect>) {
    let readings = match (first, rest_until) {
        (None, _) if reading >= ctx.config.fever_at => {
            let until = ctx.after(ctx.config.rest_seconds);
            let deadline = until + Duration::seconds(ctx.config.idle_timeout_seconds);
            return (
                GateState::Measure {
                    pending: pending.clone(),
                    answers,
                    first: Some(reading),
                    rest_until: Some(until),
                    deadline,
                },
                vec![
                    Effect::Show(Prompt::Remeasure { until }),
                    Effect::StartTimer(deadline),
                ],
            );
        }
        (None, _) => vec![reading],
        (Some(_), Some(until)) if ctx.now < until => {
            return (
                state.clone(),
                vec![Effect::Show(Prompt::StillResting { until })],
            );
        }
        (Some(first), _) => vec![first, reading],
    };
    let decision = decide::conclude(pending, answers, &readings, ctx.config);
    finish(pending.clone(), answers, readings, decision, ctx)
}

/// Ends a passage: commits it and shows the outcome until acknowledged or
/// timed out.
fn finish(
    pending: Pending,
    answers: Answers,
    temperatures: Vec<Temperature>,
    (outcome, reason): (Outcome, Option<Reason>),
    ctx: &Ctx,
) -> (GateState, Vec<Effect>) {
    let prompt = match outcome {
        Outcome::Released => Prompt::Released,
        Outcome::Refused => Prompt::Refused(reason.unwrap_or(Reason::Operator)),
        Outcome::Referred => Prompt::Referred(reason.unwrap_or(Reason::Operator)),
        Outcome::Cancelled => Prompt::Cancelled,
    };
    let passage = record(pending, answers, temperatures, (outcome, reason), ctx);
    let prompt_deadline = ctx.after(ctx.config.outcome_seconds);
    (
        GateState::Done { prompt_deadline },
        vec![
            Effect::Commit(Box::new(passage)),
            Effect::Show(prompt),
            Effect::StartTimer(prompt_deadline),
        ],
    )
}

/// The screen was left alone: whoever was identified is recorded as
/// cancelled by timeout, so that the day's register has no silent gaps.
fn timeout(state: &GateState, ctx: &Ctx) -> (GateState, Vec<Effect>) {
    let abandoned = match state {
        GateState::Ask { pending, .. } => Some((pending.clone(), Answers::default(), Vec::new())),
        GateState::Measure {
            pending,
            answers,
            first,
            ..
        } => Some((pending.clone(), *answers, first.iter().copied().collect())),
        _ => None,
    };
    let (_, mut effects) = idle();
    if let Some((pending, answers, temperatures)) = abandoned {
        let decision = (Outcome::Cancelled, Some(Reason::Timeout));
        let passage = record(pending, answers, temperatures, decision, ctx);
        effects.insert(0, Effect::Commit(Box::new(passage)));
    }
    (GateState::Idle, effects)
}

/// The passage as it will be committed, stamped with the time of the decision.
fn record(
    pending: Pending,
    answers: Answers,
    temperatures: Vec<Temperature>,
    (outcome, reason): (Outcome, Option<Reason>),
    ctx: &Ctx,
) -> Passage {
    Passage {
        at: ctx.now,
        direction: pending.direction,
        subject: pending.subject,
        temperatures,
        answers,
        outcome,
        reason,
        alert: pending.alert,
    }
}

fn idle() -> (GateState, Vec<Effect>) {
    (GateState::Idle, vec![Effect::Show(Prompt::Idle)])
}
