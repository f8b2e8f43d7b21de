//! `kakou import residents FILE`: the community's ledger into the store,
//! all or nothing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use kakou_core::lang::Lang;
use kakou_core::ledger::{self, LedgerError};
use serde_json::json;

use crate::cli::Answer;
use crate::clock::{Clock, SystemClock};
use crate::ledger::{apply, read_rows};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger: .xlsx (first sheet) or .csv (UTF-8 or GBK). See docs/ledger-format.md.
    pub file: PathBuf,
    /// Show what would change without changing anything.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(db: &Path, args: ImportArgs, lang: Lang) -> Result<Answer> {
    let mut store = super::open_existing(db)?;
    let rows = read_rows(&args.file).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    let parsed = match ledger::parse(&rows, lang, SystemClock.now().date_naive()) {
        Ok(parsed) => parsed,
        Err(LedgerError::Rows(errors)) => {
            for e in &errors {
                super::emit(&mut out, e)?;
            }
            eprintln!("kakou: {}", LedgerError::Rows(errors.clone()).message(lang));
            return Ok(Answer::No);
        }
        Err(other) => anyhow::bail!("{}: {}", args.file.display(), other.message(lang)),
    };
    let now = SystemClock.now().to_rfc3339();
    let summary = if args.dry_run {
        store.dry_run(|tx| apply(tx, &parsed, &now))?
    } else {
        store.write(|tx| apply(tx, &parsed, &now))?
    };
    super::emit(
        &mut out,
        &json!({ "dry_run": args.dry_run, "summary": summary }),
    )?;
    Ok(Answer::Yes)
}
