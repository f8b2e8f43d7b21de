//! The command line of `kakou-district` (DESIGN §6).

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{FixedOffset, NaiveDate};
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
    /// The gates' time zone: what "today" is on the web pages.
    #[arg(long, default_value = "+08:00", allow_hyphen_values = true)]
    pub utc_offset: FixedOffset,
    /// The address visitors' phones reach the district at (e.g.
    /// https://district.example), for the posters' QR codes; without it the
    /// poster page uses the address the browser asked for.
    #[arg(long)]
    pub public_url: Option<String>,
    /// Marks the cookies Secure (when TLS is in front of the district).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Takes the client's address from X-Forwarded-For (only behind a
    /// proxy that sets it), for the rate limits.
    #[arg(long)]
    pub behind_proxy: bool,
    /// Visitor registrations one client address may make: N/SECONDS, a
    /// burst of N and one more every SECONDS.
    #[arg(long, default_value = "10/60")]
    pub visitor_rate_per_client: RateArg,
    /// Visitor registrations one community's page takes: N/SECONDS.
    #[arg(long, default_value = "300/1")]
    pub visitor_rate_per_community: RateArg,
    /// Failed log-ins per client address and per user name: N/SECONDS.
    #[arg(long, default_value = "5/180")]
    pub login_rate: RateArg,
}

/// A rate limit as typed: `N/SECONDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateArg(pub crate::web::limiter::Rule);

impl std::str::FromStr for RateArg {
    type Err = String;

    fn from_str(s: &str) -> Result<RateArg, String> {
        let parsed = s.split_once('/').and_then(|(n, secs)| {
            Some((
                n.trim().parse::<u32>().ok()?,
                secs.trim().parse::<u64>().ok()?,
            ))
        });
        match parsed {
            Some((capacity, secs)) if capacity > 0 && secs > 0 => {
                Ok(RateArg(crate::web::limiter::Rule {
                    capacity,
                    refill_ms: secs * 1000,
                }))
            }
            _ => Err(format!(
                "`{s}` is not N/SECONDS with both above 0 (e.g. 10/60)"
            )),
        }
    }
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
    /// Communities: their web addresses and visitor keys.
    #[command(subcommand)]
    Community(CommunityCommand),
    /// Writes the QR poster of a community's visitor page as a PDF.
    Poster(PosterArgs),
}

#[derive(Debug, Subcommand)]
pub enum CommunityCommand {
    /// One JSON line per community: name, slug (its pages are /c/SLUG and
    /// the visitor form /v/SLUG) and its visitor key.
    List,
    /// Creates a community (its slug and visitor key) before any gate
    /// enrols; enroll-code does this too.
    Add { name: String },
}

#[derive(Debug, Args)]
pub struct PosterArgs {
    /// The community, as its gates spell it.
    #[arg(long)]
    pub community: String,
    /// The gate the poster hangs at, named in the instructions.
    #[arg(long)]
    pub checkpoint: Option<String>,
    /// The address visitors' phones reach the district at.
    #[arg(long)]
    pub base_url: String,
    /// Where to write the PDF.
    #[arg(long)]
    pub out: PathBuf,
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
