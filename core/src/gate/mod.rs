//! The gate flow state machine of DESIGN §3: 拦 stop, 问 ask, 测 measure,
//! 登 register, 放 release (or refuse / refer / cancel).
//!
//! [`step`] is a pure function `(state, event, ctx) -> (state, effects)`.
//! The shell (kiosk screen or `gate replay`) looks facts up, feeds events in
//! and carries the effects out: it shows prompts, starts timers and commits
//! passages. Nothing here reads a clock or a database.

mod config;
mod decide;
mod effect;
mod event;
mod form;
mod identity;
mod state;
mod step;

#[cfg(test)]
mod tests;

pub use config::GateConfig;
pub use decide::{Invalid, vehicle_errors, visitor_errors};
pub use effect::{Effect, Prompt};
pub use event::Event;
pub use form::{PersonForm, VehicleForm, VisitorForm};
pub use identity::{HouseholdFacts, Identity, PassFacts};
pub use state::{GateState, Pending};
pub use step::{Ctx, step};
