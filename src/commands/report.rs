//! `kakou report daily`: the day's counts per checkpoint, with the zero report.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use kakou_core::report;

use super::{Answer, emit};
use crate::app::{Terminal, reports};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct DailyArgs {
    /// The day (YYYY-MM-DD); today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

pub fn run(db: &Path, args: DailyArgs) -> Result<Answer> {
    let terminal = Terminal::open(db)?;
    let day = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
    let reports = reports::daily(&terminal, day)?;
    // Empty until supplies are first used at this terminal.
    let supplies = reports::supplies(&terminal, day)?;
    let checkpoint = &terminal.settings().checkpoint;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            for r in &reports {
                emit(&mut out, r)?;
            }
            if !supplies.is_empty() {
                emit(
                    &mut out,
                    &serde_json::json!({"day": day, "checkpoint": checkpoint, "supplies": supplies}),
                )?;
            }
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(["day", "checkpoint", "metric", "value"])?;
            for r in &reports {
                for (metric, value) in report::rows(r) {
                    writer.write_record([
                        r.day.to_string(),
                        r.checkpoint.clone(),
                        metric,
                        value.to_string(),
                    ])?;
                }
            }
            for line in &supplies {
                let numbers = [
                    ("opening", i64::from(line.opening)),
                    ("received", i64::from(line.received)),
                    ("issued", i64::from(line.issued)),
                    ("corrected", line.corrected),
                    ("closing", i64::from(line.closing)),
                ];
                for (field, value) in numbers {
                    writer.write_record([
                        day.to_string(),
                        checkpoint.clone(),
                        format!("supplies.{}.{field}", line.name),
                        value.to_string(),
                    ])?;
                }
            }
            writer.flush()?;
        }
    }
    Ok(Answer::Yes)
}
