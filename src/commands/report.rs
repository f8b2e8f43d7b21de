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
use kakou_core::supplies::{ItemDay, daily_rows};

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

/// The day's supplies beside its counts (empty until supplies are first
/// used at this terminal).
struct Supplies<'a> {
    day: NaiveDate,
    checkpoint: &'a str,
    lines: Vec<ItemDay>,
}

/// The report as JSON lines or CSV, masked like every output.
fn text(reports: &[report::DailyReport], supplies: &Supplies, format: Format) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        Format::Json | Format::Xlsx => {
            for r in reports {
                emit(&mut bytes, r)?;
            }
            if !supplies.lines.is_empty() {
                emit(
                    &mut bytes,
                    &serde_json::json!({
                        "day": supplies.day,
                        "checkpoint": supplies.checkpoint,
                        "supplies": supplies.lines,
                    }),
                )?;
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
            for line in &supplies.lines {
                let numbers = [
                    ("opening", i64::from(line.opening)),
                    ("received", i64::from(line.received)),
                    ("issued", i64::from(line.issued)),
                    ("corrected", line.corrected),
                    ("closing", i64::from(line.closing)),
                ];
                for (field, value) in numbers {
                    writer.write_record([
                        supplies.day.to_string(),
                        supplies.checkpoint.to_string(),
                        format!("supplies.{}.{field}", line.name),
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
    let checkpoint = terminal.settings().checkpoint.clone();
    let supplies = Supplies {
        day,
        checkpoint: &checkpoint,
        lines: reports::supplies(&terminal, day)?,
    };
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
            let extra = if supplies.lines.is_empty() {
                Vec::new()
            } else {
                vec![report_sheet::Sheet {
                    name: lang.pick("物资", "supplies").to_string(),
                    rows: daily_rows(&supplies.lines, lang),
                }]
            };
            report_sheet::daily_workbook(&reports, extra, lang)?
        }
        format => {
            let rows = reports.iter().map(|r| report::rows(r).len()).sum::<usize>();
            (
                text(&reports, &supplies, format)?,
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
