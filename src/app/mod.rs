//! The application layer: the one door to the store.
//!
//! The command line and the kiosk ask `app` for what they need (open a
//! terminal, run a passage, revoke a pass, compute the day's report) and
//! never name the store themselves; `tests/architecture.rs` keeps it so.
//! Each use case is computed once here, so the kiosk's lead screen and
//! `kakou report daily` cannot disagree, and a rule the lead screen keeps
//! is also kept by the command line. What decides lives in `kakou-core`;
//! this layer looks facts up, calls the core and writes what it decided,
//! each change in one transaction together with its sync event.

pub mod activation;
pub mod audit;
pub mod bundle;
pub mod camera_choice;
pub mod config;
pub mod demo;
pub mod doctor;
mod error;
mod events;
pub mod households;
pub mod import;
pub mod inside;
pub mod issuing;
pub mod lead_pin;
mod ledger_apply;
mod lookup;
pub mod passages;
pub mod passes;
pub mod printing;
pub mod privacy;
pub mod replay;
pub mod report_sheet;
pub mod reports;
pub mod retention;
pub mod revocation;
pub mod roster;
mod session;
pub mod setup;
pub mod shifts;
pub mod supplies;
pub mod sync;
mod terminal;
#[cfg(test)]
mod testing;
pub mod trust;
pub mod voice;

pub use error::AppError;
pub use ledger_apply::ImportSummary;
pub use lookup::Lookup;
pub use session::{GateSession, StepResult};
pub use terminal::Terminal;

/// A passage as the register keeps it.
pub use crate::store::CommittedPassage;
/// Who this terminal is (community, checkpoint, terminal id).
pub use crate::store::Settings;
/// The issuing store of a community, or a verifier gate.
pub use crate::store::meta::Role;
