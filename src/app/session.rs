//! One gate's running flow: the core's state machine plus the terminal that
//! carries out its commits.

use chrono::{DateTime, FixedOffset};

use kakou_core::gate::{Ctx, Effect, Event, GateConfig, GateState, step};

use super::{AppError, CommittedPassage, Lookup, Settings, Terminal};

/// What one event did: the effects for the screen, and the passage if one
/// was committed (already durable when this is returned).
#[derive(Debug)]
pub struct StepResult {
    pub effects: Vec<Effect>,
    pub committed: Option<CommittedPassage>,
}

/// The gate flow of one terminal. The kiosk and `gate replay` both drive
/// passages through it, so they cannot disagree.
pub struct GateSession {
    terminal: Terminal,
    operator: String,
    state: GateState,
    /// The `gate replay` line being driven, recorded with its passage.
    replay_id: Option<String>,
}

impl GateSession {
    pub fn open(terminal: Terminal, operator: &str) -> GateSession {
        GateSession {
            terminal,
            operator: operator.to_string(),
            state: GateState::Idle,
            replay_id: None,
        }
    }

    pub fn state(&self) -> &GateState {
        &self.state
    }

    pub fn config(&self) -> &GateConfig {
        self.terminal.config()
    }

    pub fn settings(&self) -> &Settings {
        self.terminal.settings()
    }

    /// The terminal, for the use cases of `app` beside the flow (the lead's
    /// changes, reports).
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    pub fn terminal_mut(&mut self) -> &mut Terminal {
        &mut self.terminal
    }

    pub fn set_operator(&mut self, operator: &str) {
        operator.clone_into(&mut self.operator);
    }

    /// The id of the `gate replay` line the next passage comes from.
    pub fn set_replay_id(&mut self, replay_id: Option<String>) {
        self.replay_id = replay_id;
    }

    /// The lookups for identifying whoever is at the gate.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup::new(&self.terminal)
    }

    /// Forgets a person who was never identified or whose input was
    /// rejected; nothing was committed for them, so nothing is lost.
    pub fn reset(&mut self) {
        self.state = GateState::Idle;
    }

    /// Feeds one event to the flow and carries out its commit. When the
    /// commit fails the flow stays where it was, so the volunteer can try
    /// again and the screen never says "registered" for a lost passage.
    pub fn handle(
        &mut self,
        event: Event,
        now: DateTime<FixedOffset>,
    ) -> Result<StepResult, AppError> {
        let ctx = Ctx {
            now,
            config: self.terminal.config(),
        };
        let (next, effects) = step(&self.state, event, &ctx);
        let mut committed = None;
        for effect in &effects {
            if let Effect::Commit(passage) = effect {
                let checkpoint = self.terminal.settings().checkpoint.clone();
                committed = Some(self.terminal.store_mut().commit_passage(
                    (**passage).clone(),
                    &checkpoint,
                    &self.operator,
                    self.replay_id.as_deref(),
                )?);
            }
        }
        self.state = next;
        Ok(StepResult { effects, committed })
    }
}
