use chrono::{DateTime, FixedOffset};

use crate::domain::{HouseholdStatus, Passage, Reason};
use crate::validate::{Field, Rule};

/// What the screen should say next; the shell words it in the UI language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// "请出示通行证和身份证" — waiting for a pass or a registration.
    ShowPass,
    /// The three questions, with the two standing advisories (wear a mask,
    /// keep one metre apart).
    Questions,
    /// "请测量体温".
    Measure,
    /// A fever on the first reading: rest until the time given, then measure again.
    Remeasure {
        until: DateTime<FixedOffset>,
    },
    /// A second reading came before the rest period was over.
    StillResting {
        until: DateTime<FixedOffset>,
    },
    Released,
    Refused(Reason),
    Referred(Reason),
    Cancelled,
    /// Back to the home screen.
    Idle,
}

/// What the shell must do after a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Show(Prompt),
    /// A member of a confined household came in: the lead must know.
    Alert(HouseholdStatus),
    /// Typed input was wrong; nothing changed. `reason` is the validator's code.
    Invalid {
        field: Field,
        reason: Rule,
    },
    /// Send [`super::Event::Timeout`] at this time (it replaces any earlier timer).
    StartTimer(DateTime<FixedOffset>),
    /// Store this passage in one transaction; it is immutable from then on.
    Commit(Box<Passage>),
}
