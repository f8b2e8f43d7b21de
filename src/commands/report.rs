//! `kakou report daily`: the day's counts per checkpoint, with the zero report.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use kakou_core::report::{self, DailyReport};

use crate::app::load_gate_config;
use crate::cli::Answer;
use crate::clock::{Clock, SystemClock};
use crate::store::passages;

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

/// The reports of one day from the store.
pub fn daily_reports(store: &crate::store::Store, day: NaiveDate) -> Result<Vec<DailyReport>> {
    let settings = store.settings()?;
    let config = load_gate_config(store.conn())?;
    let passages: Vec<_> = passages::on_day(store.conn(), day)?
        .into_iter()
        .map(|c| (c.checkpoint, c.passage))
        .collect();
    Ok(report::daily(
        day,
        &settings.checkpoint,
        &passages,
        config.fever_at,
    ))
}

pub fn run(db: &Path, args: DailyArgs) -> Result<Answer> {
    let store = super::open_existing(db)?;
    let day = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
    let reports = daily_reports(&store, day)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            for r in &reports {
                super::emit(&mut out, r)?;
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
