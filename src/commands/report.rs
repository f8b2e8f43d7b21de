//! `kakou report daily`: the day's counts per checkpoint, with the zero
//! report, as JSON lines, CSV or a spreadsheet; to stdout, or to `--out`
//! (which an xlsx needs). A file written goes to the audit log.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use kakou_core::audit::AuditEvent;
use kakou_core::lang::Lang;
use kakou_core::privacy::mask_text;
use kakou_core::report;

use super::{Answer, cli_user, emit, write_file};
use crate::app::{Terminal, audit, report_sheet, reports};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct DailyArgs {
    /// The day (YYYY-MM-DD); today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Write the report to FILE instead of stdout (needed for xlsx).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The report as JSON lines or CSV, masked like every output.
fn text(reports: &[report::DailyReport], format: Format) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        Format::Json | Format::Xlsx => {
            for r in reports {
                emit(&mut bytes, r)?;
            }
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(["day", "checkpoint", "metric", "value"])?;
            for r in reports {
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
    Ok(mask_text(&String::from_utf8(bytes)?).into_bytes())
}

pub fn run(db: &Path, args: DailyArgs, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let now = SystemClock.now();
    let day = args.date.unwrap_or_else(|| now.date_naive());
    let reports = reports::daily(&terminal, day)?;
    let (bytes, rows) = match args.format {
        Format::Xlsx => {
            if args.out.is_none() {
                bail!(
                    "{}",
                    lang.pick(
                        "xlsx 报表要写进文件：加上 --out 文件名.xlsx",
                        "an xlsx report goes to a file: add --out FILE.xlsx"
                    )
                );
            }
            // Further sheets of the day (supplies) join the counts here.
            report_sheet::daily_workbook(&reports, Vec::new(), lang)?
        }
        format => {
            let rows = reports.iter().map(|r| report::rows(r).len()).sum::<usize>();
            (
                text(&reports, format)?,
                u32::try_from(rows).unwrap_or(u32::MAX),
            )
        }
    };
    let Some(out) = args.out else {
        use std::io::Write;
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(Answer::Yes);
    };
    write_file(&out, &bytes, args.force, db).map_err(|e| anyhow!(e.message(lang)))?;
    let what = format!("report_daily {day}");
    let event = AuditEvent::export(&what, &out.display().to_string(), rows);
    audit::append(&mut terminal, &cli_user(), event, now)?;
    emit(
        &mut std::io::stdout().lock(),
        &serde_json::json!({"out": out, "day": day, "checkpoints": reports.len(), "rows": rows}),
    )?;
    Ok(Answer::Yes)
}
