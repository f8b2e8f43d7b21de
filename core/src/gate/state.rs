use chrono::{DateTime, FixedOffset};

use crate::domain::{Answers, Direction, HouseholdStatus, Subject, Temperature};

/// A person identified and not yet decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub direction: Direction,
    pub subject: Subject,
    /// Raised on entry of a member (or a visitor) of a confined household.
    pub alert: Option<HouseholdStatus>,
    /// The holder shows a valid red (returned) pass, so a "yes" to the travel
    /// question is already known and registered and is no reason to refer.
    pub travel_registered: bool,
}

/// Where the gate is in the five steps. Each waiting state carries the
/// deadline after which a timeout sends it back to idle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GateState {
    /// Nobody at the gate.
    #[default]
    Idle,
    /// 拦: someone stopped, waiting for a pass or a registration form.
    Stop {
        direction: Direction,
        deadline: DateTime<FixedOffset>,
    },
    /// 问: identified, waiting for the answers.
    Ask {
        pending: Pending,
        deadline: DateTime<FixedOffset>,
    },
    /// 测: answered, waiting for a reading. After a first fever reading,
    /// `first` holds it and `rest_until` says when the second may be taken.
    Measure {
        pending: Pending,
        answers: Answers,
        first: Option<Temperature>,
        rest_until: Option<DateTime<FixedOffset>>,
        deadline: DateTime<FixedOffset>,
    },
    /// 放 (or not): decided and committed; the outcome is on screen.
    Done {
        prompt_deadline: DateTime<FixedOffset>,
    },
}

impl GateState {
    /// The time after which a [`super::Event::Timeout`] takes effect.
    pub fn deadline(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            GateState::Idle => None,
            GateState::Stop { deadline, .. }
            | GateState::Ask { deadline, .. }
            | GateState::Measure { deadline, .. } => Some(*deadline),
            GateState::Done { prompt_deadline } => Some(*prompt_deadline),
        }
    }
}
