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
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            for r in &reports {
                emit(&mut out, r)?;
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
            writer.flush()?;
        }
    }
    Ok(Answer::Yes)
}
