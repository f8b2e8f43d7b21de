//! `kakou pass print --out cards.pdf [--all | --household A | --person ID | --serial S…]`:
//! the chosen passes as A4 sheets of cards ready to cut.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use kakou_core::lang::Lang;

use super::{Answer, cli_user, emit, write_file};
use crate::app::printing::{PrintChoice, PrintRefusal, print};
use crate::app::{Terminal, audit};
use crate::clock::{Clock, SystemClock};
use kakou_core::audit::AuditEvent;

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The PDF file to write (A4, eight cards a page).
    #[arg(long)]
    pub out: PathBuf,
    /// Every person's current pass (the default).
    #[arg(long, conflicts_with_all = ["household", "person", "serial"])]
    pub all: bool,
    /// The passes of one household (3-2-501, 3栋2单元501 …).
    #[arg(long, conflicts_with_all = ["person", "serial"])]
    pub household: Option<String>,
    /// The pass of one person, by ID document number.
    #[arg(long, conflicts_with = "serial")]
    pub person: Option<String>,
    /// These passes, by serial.
    #[arg(long, num_args = 1.., value_parser = clap::value_parser!(u64).range(1..=kakou_core::pass::MAX_SERIAL))]
    pub serial: Vec<u64>,
    /// The day of printing (YYYY-MM-DD), which decides whether a returned
    /// person's card is still red; today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Replace the PDF if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(db: &Path, args: PrintArgs, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let today = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
    let choice = if !args.serial.is_empty() {
        PrintChoice::Serials(args.serial.clone())
    } else if let Some(person) = &args.person {
        PrintChoice::Person(person.clone())
    } else if let Some(household) = &args.household {
        PrintChoice::Household(household.clone())
    } else {
        PrintChoice::Everyone
    };
    let job = match print(&terminal, &choice, today) {
        Ok(job) => job,
        Err(PrintRefusal::NothingToPrint) => {
            say!("kakou: {}", PrintRefusal::NothingToPrint.message(lang));
            return Ok(Answer::No);
        }
        Err(e) => return Err(anyhow!(e.message(lang))),
    };
    write_file(&args.out, &job.printed.pdf, args.force, db)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let what = format!("{} pass cards to {}", job.serials.len(), args.out.display());
    let pages = u32::try_from(job.printed.pages).unwrap_or(u32::MAX);
    let event = AuditEvent::print(&what, pages);
    audit::append(&mut terminal, &cli_user(), event, SystemClock.now())?;
    for m in &job.printed.missing_glyphs {
        say!(
            "kakou: {}",
            match lang {
                Lang::Zh => format!(
                    "通行证 {} 上的“{}”超出内置字库，印出来是空框，请手写补上",
                    m.serial, m.chars
                ),
                Lang::En => format!(
                    "pass {}: the bundled font has no glyph for “{}”; it prints as an empty box, write it in by hand",
                    m.serial, m.chars
                ),
            }
        );
    }
    emit(
        &mut std::io::stdout().lock(),
        &json!({
            "out": args.out,
            "cards": job.serials.len(),
            "pages": job.printed.pages,
            "serials": job.serials,
            "missing_glyphs": job.printed.missing_glyphs,
        }),
    )?;
    Ok(Answer::Yes)
}
