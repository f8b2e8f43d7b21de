//! The command line of DESIGN §6: the clap definitions and the dispatch to
//! one module of `commands` per command. Machine-readable output is one JSON
//! object per line. Exit 0 on success, 1 when the command ran and the answer
//! is "no", 2 on usage or I/O errors with a one-line message on stderr.
//!
//! Before any command runs, the configuration file is read and checked
//! (`app::config`) and the log is set up ([`logging`]).

pub mod logging;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kakou_core::lang::Lang;
use kakou_core::privacy::mask_text;

use crate::app::config::{self, Config, ConfigError};
use crate::app::setup::{default_db, default_demo_db};
use crate::commands::{self, Answer};

#[derive(Debug, Parser)]
#[command(
    name = "kakou",
    version,
    about = "卡口 kakou: offline-first checkpoint terminal"
)]
pub struct Cli {
    /// The terminal's store (SQLite file).
    #[arg(long, env = "KAKOU_DB", global = true)]
    pub db: Option<PathBuf>,
    /// The configuration file (TOML, docs/config.md). Default: KAKOU_CONFIG,
    /// else /etc/kakou/kakou.toml, else ~/.config/kakou/kakou.toml; none is fine.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language of messages: zh or en (default: from LANG, else zh).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Without a command, the kiosk starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language kakou speaks (zh, en)"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store with the community's issuing key.
    Init(commands::init::InitArgs),
    /// Validate ID numbers, phones, plates or temperatures; one JSON line per value.
    Check {
        kind: commands::check::CheckKind,
        /// Values to check; `-` or none reads one value per line from stdin.
        values: Vec<String>,
    },
    /// Decode QR codes in image files; one JSON line per file.
    #[command(subcommand)]
    Qr(QrCommand),
    /// Gate operations.
    #[command(subcommand)]
    Gate(GateCommand),
    /// Reports for the shift lead and the district.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Import the resident ledger.
    #[command(subcommand)]
    Import(ImportCommand),
    /// The duty roster: import it from a sheet, export it as xlsx.
    #[command(subcommand)]
    Roster(commands::roster::RosterCommand),
    /// Set a household's status (home quarantine, back to normal …).
    #[command(subcommand)]
    Household(commands::household::HouseholdCommand),
    /// Issue, list, verify and revoke passes.
    #[command(subcommand)]
    Pass(commands::pass::PassCommand),
    /// Move the trust list (public keys) to gates that never see a network.
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Carry the community's master data to gates that never see a network.
    #[command(subcommand)]
    Bundle(commands::bundle::BundleCommand),
    /// List the cameras and choose the one the gate screen reads passes from.
    #[command(subcommand)]
    Camera(commands::camera::CameraCommand),
    /// The gate volunteer's screen (the default command).
    Kiosk(commands::kiosk::KioskArgs),
    /// Set the shift lead's PIN (4 to 8 digits), which guards the lead
    /// screen: typed at the prompt (no echo), or one line on stdin.
    LeadPin {
        /// Refused: a PIN on the command line stays in the shell history.
        #[arg(hide = true)]
        pin: Option<String>,
    },
    /// Join the district with the one-time code it printed for this checkpoint.
    Enroll(commands::sync::EnrollArgs),
    /// One sync round: push every event pending, pull every change. Exit 0
    /// when both are complete, 2 when the district cannot be reached.
    Sync,
    /// Run the bundled demo: a fresh demo store, a day of passages replayed
    /// through the real flow and store, checked against the expected outcomes.
    Demo(commands::demo::DemoArgs),
    /// The audit log (lead-screen openings, wrong PINs, unmasking, exports,
    /// prints, retention runs) as JSON lines.
    Audit(commands::audit::AuditArgs),
    /// Remove visitors' personal fields past the retention period.
    #[command(subcommand)]
    Retention(commands::retention::RetentionCommand),
    /// Check this machine for the gate: configuration, camera, audio, disk,
    /// store, clock and server; exit 1 only for real faults.
    Doctor,
}

#[derive(Debug, Subcommand)]
pub enum QrCommand {
    /// Print the texts found in each image: {"file","texts","ms"}.
    Decode {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum GateCommand {
    /// Drive scripted passages (JSON lines) through the real flow and store.
    Replay(commands::replay::ReplayArgs),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The day's counts per checkpoint, with the zero report.
    Daily(commands::report::DailyArgs),
    /// Cards used at the gate but not on the ledger, and people without a card.
    Activation(commands::activation::ActivationArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import households and people from an xlsx or CSV ledger.
    Residents(commands::import::ImportArgs),
    /// Write a blank ledger (.xlsx) with the accepted headers, examples and
    /// an explanation sheet.
    Template(commands::import_template::TemplateArgs),
}

/// The language: `--lang`, else the configuration's, else the
/// environment's, else Chinese.
pub fn resolve_lang(flag: Option<Lang>, configured: Option<Lang>) -> Lang {
    flag.or(configured)
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .and_then(|v| Lang::parse(&v))
        })
        .unwrap_or_default()
}

fn run(command: Command, db: &std::path::Path, lang: Lang) -> anyhow::Result<Answer> {
    use commands::*;
    match command {
        Command::Init(args) => init::run(db, args, lang),
        Command::Check { kind, values } => check::run(kind, values, lang),
        Command::Qr(QrCommand::Decode { files }) => qr::run(&files),
        Command::Gate(GateCommand::Replay(args)) => replay::run(db, args),
        Command::Report(ReportCommand::Daily(args)) => report::run(db, args, lang),
        Command::Report(ReportCommand::Activation(args)) => activation::run(db, args),
        Command::Import(ImportCommand::Residents(args)) => import::run(db, args, lang),
        Command::Import(ImportCommand::Template(args)) => import_template::run(db, args, lang),
        Command::Pass(cmd) => pass::run(db, cmd, lang),
        Command::Household(cmd) => household::run(db, cmd, lang),
        Command::Roster(cmd) => roster::run(db, cmd, lang),
        Command::Keys(cmd) => keys::run(db, cmd, lang),
        Command::Bundle(cmd) => bundle::run(db, cmd, lang),
        Command::Demo(args) => demo::run(args),
        Command::Kiosk(args) => kiosk::run(db, args, lang),
        Command::LeadPin { pin } => lead_pin::run(db, pin.as_deref(), lang),
        Command::Camera(cmd) => camera::run(db, cmd),
        Command::Audit(args) => audit::run(db, args, lang),
        Command::Retention(cmd) => retention::run(db, cmd, lang),
        Command::Doctor => doctor::run(db, Ok(config::current()), lang),
        Command::Enroll(args) => sync::enroll(db, args, lang),
        Command::Sync => sync::run(db, lang),
    }
}

/// Runs `command` under the configuration as read: installed for the
/// process when valid; when refused, only the doctor runs (to say so).
fn run_configured(
    command: Command,
    db: &std::path::Path,
    lang: Lang,
    config: Result<Config, ConfigError>,
) -> anyhow::Result<Answer> {
    match (config, command) {
        (Ok(config), command) => {
            config::install(config);
            run(command, db, lang)
        }
        (Err(refused), Command::Doctor) => commands::doctor::run(db, Err(&refused), lang),
        (Err(refused), _) => Err(anyhow::anyhow!(refused.message(lang))),
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Clap quotes the arguments it refused, which may be numbers.
            let text = e.render().to_string();
            if e.use_stderr() {
                eprint!("{}", mask_text(&text));
            } else {
                print!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    let db = cli.db.clone().unwrap_or_else(default_db);
    // The demo builds its own store: its log goes beside that one, never
    // into the real store's folder.
    let logged_store = match &cli.command {
        Some(Command::Demo(args)) => args.store.clone().unwrap_or_else(default_demo_db),
        _ => db.clone(),
    };
    logging::init(&logged_store);
    let config = config::load(cli.config.as_deref());
    let configured = config.as_ref().ok().and_then(|c| c.language);
    let lang = resolve_lang(cli.lang, configured);
    let command = cli
        .command
        .unwrap_or_else(|| Command::Kiosk(commands::kiosk::KioskArgs::default()));
    match run_configured(command, &db, lang, config) {
        Ok(Answer::Yes) => ExitCode::SUCCESS,
        Ok(Answer::No) => ExitCode::from(1),
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            tracing::error!(target: logging::SAY, "kakou: {message}");
            ExitCode::from(2)
        }
    }
}
