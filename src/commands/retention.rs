//! `kakou retention run [--today D]`: the daily retention job by hand (the
//! kiosk runs it by itself once a day).

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
use crate::app::{Terminal, config, retention};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Remove visitors' and drivers' personal fields from passages past the
    /// retention period (docs/config.md, `[retention]`); one JSON line of
    /// what was done.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The day to run for (YYYY-MM-DD); today when not given.
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

pub fn run(db: &Path, command: RetentionCommand, lang: Lang) -> Result<Answer> {
    let RetentionCommand::Run(args) = command;
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let today = args.today.unwrap_or_else(|| SystemClock.now().date_naive());
    let policy = config::current().retention;
    let plan =
        retention::run(&mut terminal, today, policy).map_err(|e| anyhow!(e.message(lang)))?;
    let warning = plan.warning_message(lang);
    emit(
        &mut std::io::stdout().lock(),
        &json!({
            "today": today,
            "policy": policy,
            "redacted": plan.redact.len(),
            "held": plan.held.len(),
            "warned": plan.warnings.len(),
            "warning": warning,
        }),
    )?;
    if let Some(warning) = warning {
        say_warn!("kakou: {warning}");
    }
    Ok(Answer::Yes)
}
