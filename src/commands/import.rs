//! `kakou import residents FILE`: the community's ledger into the store,
//! all or nothing.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;
use kakou_core::lang::Lang;
use kakou_core::ledger::LedgerError;
use serde_json::json;

use super::{Answer, emit};
use crate::app::Terminal;
use crate::app::import::{ImportOutcome, residents};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger: .xlsx (first sheet) or .csv (UTF-8 or GBK). See docs/ledger-format.md.
    pub file: PathBuf,
    /// Show what would change without changing anything.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(db: &Path, args: ImportArgs, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let now = SystemClock.now();
    let outcome = residents(&mut terminal, &args.file, args.dry_run, lang, now)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    match outcome {
        ImportOutcome::Imported(summary) => {
            emit(
                &mut out,
                &json!({ "dry_run": args.dry_run, "summary": summary }),
            )?;
            Ok(Answer::Yes)
        }
        ImportOutcome::Rejected(errors) => {
            for e in &errors {
                emit(&mut out, e)?;
            }
            say!("kakou: {}", LedgerError::Rows(errors).message(lang));
            Ok(Answer::No)
        }
    }
}
