//! Drives one replay line through the gate flow, step by step, exactly as a
//! volunteer would on the screen.

use chrono::Duration;

use kakou_core::domain::{Outcome, Reason};
use kakou_core::gate::{Effect, Event};
use kakou_core::replay::{Arrival, ReplayLine};
use kakou_core::validate::Field;

use super::{GateSession, SessionError};
use crate::store::CommittedPassage;

/// How a replayed passage ended.
#[derive(Debug)]
pub enum LineOutcome {
    /// Committed: the passage is on disk.
    Committed(Box<CommittedPassage>),
    /// The input was wrong; nothing was committed.
    Rejected { field: Field, detail: String },
}

impl LineOutcome {
    pub fn outcome_and_reason(&self) -> (String, Option<String>) {
        match self {
            LineOutcome::Committed(c) => (
                c.passage.outcome.code().to_string(),
                c.passage.reason.map(|r: Reason| r.code().to_string()),
            ),
            LineOutcome::Rejected { field, .. } => (
                "rejected_input".to_string(),
                Some(field.rejection_code().to_string()),
            ),
        }
    }

    pub fn is_outcome(&self, outcome: Outcome) -> bool {
        matches!(self, LineOutcome::Committed(c) if c.passage.outcome == outcome)
    }
}

/// Replays one passage: stop, identify, answer, then the readings, the
/// second one after the rest period as the re-measure rule demands.
pub fn drive(session: &mut GateSession, line: ReplayLine) -> Result<LineOutcome, SessionError> {
    session.reset();
    session.set_operator(line.operator.as_deref().unwrap_or("replay"));
    let at = line.at;
    session.handle(Event::Begin(line.direction), at)?;
    let identity = {
        let lookup = session.lookup();
        match line.arrival {
            Arrival::Pass(text) => lookup.pass(&text, at)?,
            Arrival::Visitor(form) => lookup.visitor(form, at)?,
            Arrival::Vehicle(form) => lookup.vehicle(form, at)?,
        }
    };
    let rest = Duration::seconds(session.config().rest_seconds);
    let mut events = vec![
        (at, Event::Identify(identity)),
        (at, Event::Answer(line.answers)),
    ];
    let mut reading_at = at;
    for reading in line.temperatures {
        events.push((reading_at, Event::Reading(reading)));
        reading_at += rest;
    }
    for (now, event) in events {
        let result = session.handle(event, now)?;
        if let Some(committed) = result.committed {
            return Ok(LineOutcome::Committed(Box::new(committed)));
        }
        if let Some((field, reason)) = result.effects.iter().find_map(|e| match e {
            Effect::Invalid { field, reason } => Some((*field, *reason)),
            _ => None,
        }) {
            session.reset();
            return Ok(LineOutcome::Rejected {
                field,
                detail: format!("{} is {reason}", field.code()),
            });
        }
    }
    session.reset();
    Ok(LineOutcome::Rejected {
        field: Field::Temperature,
        detail: "the passage needs a temperature reading (two after a first fever)".into(),
    })
}
