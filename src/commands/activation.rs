//! `kakou report activation`: cards used at the gate that the ledger does not
//! know, and people on the ledger without a valid card.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use super::{Answer, emit};
use crate::app::{Terminal, activation};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Args)]
pub struct ActivationArgs {
    /// The day whose gate records to compare (YYYY-MM-DD); today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

pub fn run(db: &Path, args: ActivationArgs) -> Result<Answer> {
    let terminal = Terminal::open(db)?;
    let day = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
    let mut out = std::io::stdout().lock();
    for line in activation::compare_day(&terminal, day)? {
        emit(&mut out, &line)?;
    }
    Ok(Answer::Yes)
}
