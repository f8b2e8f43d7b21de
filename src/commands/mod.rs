//! One module per command. Each takes its arguments as clap parsed them,
//! asks `app` for the answer and prints it as JSON lines; none of them
//! names the store (`tests/architecture.rs`).
//!
//! What a command tells its user besides its JSON goes through [`say!`]
//! (and [`say_warn!`]): to stderr as it is, and into the log, masked
//! (`cli::logging`).

/// Tells the user something on stderr, and logs it; personal numbers are
/// masked on the way. The target is `cli::logging::SAY`.
macro_rules! say {
    ($($arg:tt)+) => { tracing::info!(target: "kakou::say", $($arg)+) };
}

/// [`say!`] for what went wrong or needs the user's attention.
macro_rules! say_warn {
    ($($arg:tt)+) => { tracing::warn!(target: "kakou::say", $($arg)+) };
}

pub mod activation;
pub mod audit;
pub mod bundle;
pub mod camera;
pub mod check;
pub mod demo;
pub mod doctor;
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
pub mod retention;
pub mod roster;
pub mod sync;

pub use output::{Answer, WriteRefusal, cli_user, emit, write_file};
