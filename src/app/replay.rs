//! `gate replay`: scripted passages driven through the gate flow step by
//! step, exactly as a volunteer would on the screen, one result per line.

use std::io::BufRead;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use kakou_core::domain::{Outcome, Reason};
use kakou_core::gate::{Effect, Event};
use kakou_core::replay::{Arrival, ReplayLine, parse_line};
use kakou_core::validate::Field;

use super::{AppError, CommittedPassage, GateSession};

/// How a replayed passage ended.
#[derive(Debug)]
pub enum LineOutcome {
    /// Committed: the passage is on disk.
    Committed(Box<CommittedPassage>),
    /// A line with this id was committed before: its passage, and nothing
    /// was written now.
    Repeated(Box<CommittedPassage>),
    /// The input was wrong; nothing was committed.
    Rejected { field: Field, detail: String },
}

impl LineOutcome {
    pub fn outcome_and_reason(&self) -> (String, Option<String>) {
        match self {
            LineOutcome::Committed(c) | LineOutcome::Repeated(c) => (
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
pub fn drive(session: &mut GateSession, line: ReplayLine) -> Result<LineOutcome, AppError> {
    if let Some(id) = &line.id {
        if let Some(earlier) = super::passages::by_replay_id(session.terminal(), id)? {
            return Ok(LineOutcome::Repeated(Box::new(earlier)));
        }
    }
    session.set_replay_id(line.id.clone());
    let outcome = drive_steps(session, line);
    session.set_replay_id(None);
    outcome
}

fn drive_steps(session: &mut GateSession, line: ReplayLine) -> Result<LineOutcome, AppError> {
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

/// One result line, as `gate replay` prints it after the line's commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    pub line: usize,
    pub outcome: String,
    pub reason: Option<String>,
    #[serde(default)]
    pub passage_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The line's id was committed before; this is that earlier result and
    /// nothing was written now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
}

impl ResultLine {
    fn rejected(line: usize, field: Field, detail: String) -> ResultLine {
        ResultLine {
            line,
            outcome: "rejected_input".into(),
            reason: Some(field.rejection_code().to_string()),
            passage_id: None,
            alert: None,
            // Details quote what the line said; a number typed into the
            // wrong field must not come back whole.
            detail: Some(kakou_core::privacy::mask_text(&detail)),
            repeated: false,
        }
    }
}

/// Replays every line of `input`, handing each result to `done` as soon as
/// it is durable (so a killed replay never printed a line it did not
/// keep). A line that is not valid UTF-8 or not a passage is rejected by
/// itself; the lines after it still run. Returns every result.
pub fn replay(
    session: &mut GateSession,
    mut input: impl BufRead,
    mut done: impl FnMut(&ResultLine) -> std::io::Result<()>,
) -> Result<Vec<ResultLine>, ReplayError> {
    let mut results = Vec::new();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        if input
            .read_until(b'\n', &mut bytes)
            .map_err(ReplayError::Input)?
            == 0
        {
            break;
        }
        number += 1;
        let result = match std::str::from_utf8(&bytes) {
            Err(e) => ResultLine::rejected(
                number,
                Field::Json,
                format!(
                    "the line is not UTF-8 text (bad byte at {})",
                    e.valid_up_to()
                ),
            ),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => match parse_line(text.trim_end_matches(['\r', '\n'])) {
                Err(e) => ResultLine::rejected(number, e.field, e.detail),
                Ok(parsed) => {
                    let outcome = drive(session, parsed)?;
                    let (outcome_code, reason) = outcome.outcome_and_reason();
                    match outcome {
                        LineOutcome::Committed(c) => ResultLine {
                            line: number,
                            outcome: outcome_code,
                            reason,
                            passage_id: Some(c.id.clone()),
                            alert: c.passage.alert.map(|s| s.code().to_string()),
                            detail: None,
                            repeated: false,
                        },
                        LineOutcome::Repeated(c) => ResultLine {
                            line: number,
                            outcome: outcome_code,
                            reason,
                            passage_id: Some(c.id.clone()),
                            alert: c.passage.alert.map(|s| s.code().to_string()),
                            detail: None,
                            repeated: true,
                        },
                        LineOutcome::Rejected { field, detail } => {
                            ResultLine::rejected(number, field, detail)
                        }
                    }
                }
            },
        };
        done(&result).map_err(ReplayError::Output)?;
        results.push(result);
    }
    Ok(results)
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("reading the replay input: {0}")]
    Input(std::io::Error),
    #[error("writing a result: {0}")]
    Output(std::io::Error),
    #[error(transparent)]
    App(#[from] AppError),
}

/// The differences between results and expectations, as readable lines.
pub fn compare(results: &[ResultLine], expected: &[ResultLine]) -> Vec<String> {
    let mut problems = Vec::new();
    if results.len() != expected.len() {
        problems.push(format!(
            "{} results for {} expected lines",
            results.len(),
            expected.len()
        ));
    }
    for (got, want) in results.iter().zip(expected) {
        let same = got.line == want.line
            && got.outcome == want.outcome
            && got.reason == want.reason
            && got.alert == want.alert;
        if !same {
            problems.push(format!(
                "line {}: got {} {:?} alert {:?}, expected {} {:?} alert {:?}",
                want.line,
                got.outcome,
                got.reason,
                got.alert,
                want.outcome,
                want.reason,
                want.alert
            ));
        }
    }
    problems
}

/// Reads expected outcomes: one [`ResultLine`] per non-blank line.
pub fn read_expected(text: &str) -> Result<Vec<ResultLine>, serde_json::Error> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
}
