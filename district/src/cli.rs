//! The command line of `kakou-district` (DESIGN §6).

use std::net::SocketAddr;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::storage::Role;

/// kakou's district server. Without a command it serves the API.
#[derive(Debug, Parser)]
#[command(name = "kakou-district", version, about)]
pub struct Cli {
    /// The database: a SQLite file path (created when missing) or a
    /// postgres:// URL.
    #[arg(long, global = true, env = "KAKOU_DISTRICT_DB")]
    pub db: Option<String>,
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen; port 0 picks a free port. The first line on stdout
    /// is {"listening":"HOST:PORT"}.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// The largest request body in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// The longest a request may take, in seconds.
    #[arg(long, default_value_t = 60)]
    pub request_timeout_secs: u64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Prints a one-time enrolment code for a terminal at a checkpoint: {"code":…,"expires_at":…}.
    EnrollCode(EnrollCodeArgs),
    /// Users of the district's web pages.
    #[command(subcommand)]
    User(UserCommand),
    /// Enrolled terminals.
    #[command(subcommand)]
    Terminal(TerminalCommand),
    /// Reports.
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Args)]
pub struct EnrollCodeArgs {
    /// The community, spelled exactly as its terminals spell it.
    #[arg(long)]
    pub community: String,
    /// The checkpoint (gate) the terminal will serve.
    #[arg(long)]
    pub checkpoint: String,
    /// How long the code can be used.
    #[arg(long, default_value_t = 72)]
    pub valid_hours: u32,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds a user; the password comes from a prompt, or from the first line
    /// of stdin when stdin is not a terminal.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    pub name: String,
    #[arg(long, value_enum)]
    pub role: Role,
    /// The community a lead sees (required for a lead, refused for an admin).
    #[arg(long)]
    pub community: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TerminalCommand {
    /// One JSON line per terminal.
    List,
    /// Revokes a terminal: its token gets 403 from then on.
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One JSON line per (community, checkpoint) with the fields of
    /// `kakou report daily` plus `community`, then one
    /// {"community","checkpoint","day","not_reported":true} line per
    /// enrolled checkpoint that has not reported the day.
    Daily {
        #[arg(long)]
        day: NaiveDate,
    },
}
