//! The kakou terminal: the shell around `kakou-core`.
//!
//! The core decides; this crate looks facts up, keeps the clock, stores,
//! prints and talks to people. See `ARCHITECTURE.md` for the map.

pub mod app;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod kiosk;
pub mod ledger;
pub mod print;
pub mod remote;
pub mod store;
