//! One module per command. Each takes its arguments as clap parsed them,
//! asks `app` for the answer and prints it as JSON lines; none of them
//! names the store (`tests/architecture.rs`).

pub mod activation;
pub mod bundle;
pub mod camera;
pub mod check;
pub mod demo;
pub mod household;
pub mod import;
pub mod import_template;
pub mod init;
mod input;
pub mod keys;
pub mod kiosk;
pub mod lead_pin;
mod output;
pub mod pass;
pub mod pass_print;
pub mod qr;
pub mod replay;
pub mod report;
pub mod roster;
pub mod sync;

pub use output::{Answer, WriteRefusal, emit, write_file};
