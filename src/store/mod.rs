//! The terminal's SQLite store: a thin set of functions over `schema.sql`.
//!
//! Every write that the gate acknowledges is one transaction with
//! `synchronous=FULL` in WAL mode, so a passage shown as registered survives
//! a killed process or a power cut. No business rules live here: the store
//! answers questions (how many exits did this household make) and the core
//! decides.

pub mod audit;
mod connection;
mod error;
pub mod gate_config;
pub mod households;
pub mod inspect;
pub mod issuing_key;
pub mod keys;
pub mod meta;
pub mod outbox;
mod outbox_upgrade;
pub mod passages;
pub mod passes;
pub mod people;
pub mod roster;
mod schema;
pub mod shifts;
pub mod supplies;

pub use connection::Store;
pub use error::StoreError;
pub use households::HouseholdRow;
pub use meta::Settings;
pub use outbox::OutboxEvent;
pub use passages::CommittedPassage;
pub use people::PersonRow;
pub use schema::CURRENT_VERSION;
