use crate::domain::{Answers, Direction};

use super::Identity;

/// Everything that can happen at the gate, as the shell reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The volunteer stops the next person (拦), going in or out.
    Begin(Direction),
    /// A pass was read, or a visitor or vehicle form was submitted.
    Identify(Identity),
    /// The three questions were answered (问).
    Answer(Answers),
    /// A temperature was typed (测), as text, validated by the flow.
    Reading(String),
    /// The volunteer refuses by hand.
    Refuse,
    /// The volunteer refers by hand (to the lead or the medical point).
    Refer,
    /// The volunteer lets the person go without a decision.
    Cancel,
    /// A timer the flow asked for has fired.
    Timeout,
    /// The volunteer dismissed the outcome screen.
    Acknowledge,
}
