//! The application layer: carries out what the core decides, against the
//! store. Both the kiosk screen and `gate replay` drive passages through
//! [`GateSession`], so they cannot disagree.

pub mod camera_choice;
mod gate_config;
mod gate_session;
pub mod issuing;
pub mod lead;
mod lookup;
pub mod replay_driver;

pub use gate_config::{load_gate_config, save_gate_config};
pub use gate_session::{GateSession, SessionError, StepResult};
pub use lookup::Lookup;
