//! `kakou enroll` and `kakou sync`: joining the district, and one sync round.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
use crate::app::Terminal;
use crate::app::sync::{self, SyncError};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// The district's address, e.g. https://district.example:8787
    #[arg(long)]
    pub server: String,
    /// The one-time code the district printed for this checkpoint.
    #[arg(long)]
    pub code: String,
    /// A certificate authority (PEM) to trust instead of the system's, for a
    /// district with its own.
    #[arg(long)]
    pub ca: Option<PathBuf>,
}

pub fn enroll(db: &Path, args: EnrollArgs, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let ca = args.ca.as_ref().map(|p| p.display().to_string());
    match sync::enroll(&mut terminal, &args.server, &args.code, ca.as_deref()) {
        Ok(enrolled) => {
            emit(&mut std::io::stdout().lock(), &enrolled)?;
            Ok(Answer::Yes)
        }
        Err(e) => refused(e, lang),
    }
}

/// One round: push everything pending, pull everything new. Exit 0 when
/// both are complete, 2 with the reason when the district cannot be
/// reached (nothing is lost: the next round sends it), 1 when it refuses.
pub fn run(db: &Path, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let (district, token) = match sync::district(&terminal) {
        Ok(found) => found,
        Err(e) => return refused(e, lang),
    };
    match sync::round(&mut terminal, &district, &token, SystemClock.now()) {
        Ok(report) => {
            emit(
                &mut std::io::stdout().lock(),
                &json!({"complete": true, "round": report}),
            )?;
            Ok(Answer::Yes)
        }
        Err(e) => refused(e, lang),
    }
}

fn refused(e: SyncError, lang: Lang) -> Result<Answer> {
    if e.is_unreachable() || matches!(e, SyncError::App(_) | SyncError::Certificate { .. }) {
        return Err(anyhow!(e.message(lang)));
    }
    emit(
        &mut std::io::stdout().lock(),
        &json!({"complete": false, "message": e.message(lang)}),
    )?;
    say_warn!("kakou: {}", e.message(lang));
    Ok(Answer::No)
}
