//! One gate's running flow: the core's state machine plus the store that
//! carries out its commits.

use chrono::{DateTime, FixedOffset};

use kakou_core::gate::{Ctx, Effect, Event, GateConfig, GateState, step};

use super::{Lookup, load_gate_config};
use crate::store::{CommittedPassage, Settings, Store, StoreError};

/// What one event did: the effects for the screen, and the passage if one
/// was committed (already durable when this is returned).
#[derive(Debug)]
pub struct StepResult {
    pub effects: Vec<Effect>,
    pub committed: Option<CommittedPassage>,
}

pub type SessionError = StoreError;

/// The gate flow of one terminal, bound to its store.
pub struct GateSession {
    store: Store,
    settings: Settings,
    config: GateConfig,
    operator: String,
    state: GateState,
}

impl GateSession {
    /// Opens a session on an initialised store.
    pub fn open(store: Store, operator: &str) -> Result<GateSession, SessionError> {
        let settings = store.settings()?;
        let config = load_gate_config(store.conn())?;
        Ok(GateSession {
            store,
            settings,
            config,
            operator: operator.to_string(),
            state: GateState::Idle,
        })
    }

    pub fn state(&self) -> &GateState {
        &self.state
    }

    pub fn config(&self) -> &GateConfig {
        &self.config
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn set_operator(&mut self, operator: &str) {
        operator.clone_into(&mut self.operator);
    }

    /// The lookups for identifying whoever is at the gate.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            conn: self.store.conn(),
            settings: &self.settings,
            config: &self.config,
        }
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
    ) -> Result<StepResult, SessionError> {
        let ctx = Ctx {
            now,
            config: &self.config,
        };
        let (next, effects) = step(&self.state, event, &ctx);
        let mut committed = None;
        for effect in &effects {
            if let Effect::Commit(passage) = effect {
                committed = Some(self.store.commit_passage(
                    (**passage).clone(),
                    &self.settings.checkpoint,
                    &self.operator,
                )?);
            }
        }
        self.state = next;
        Ok(StepResult { effects, committed })
    }
}
