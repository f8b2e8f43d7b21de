//! kakou-core: the pure domain of the kakou checkpoint terminal.
//!
//! Everything here decides and nothing here acts: no files, no database, no
//! network and no clock. Time and looked-up facts come in as parameters and
//! decisions go out as data, so every rule can be tested as a table.

pub mod activation;
pub mod audit;
pub mod bundle;
pub mod doctor;
pub mod domain;
pub mod gate;
pub mod hourly;
pub mod inside;
pub mod lang;
pub mod lead_access;
pub mod ledger;
pub mod pass;
pub mod privacy;
pub mod replay;
pub mod report;
pub mod retention;
pub mod roster;
pub mod supplies;
pub mod sync;
pub mod validate;
pub mod voice;
