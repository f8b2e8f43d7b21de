//! `kakou bundle export|import FILE`: the community's signed master data,
//! carried by hand from the issuing store to gates without a network.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kakou_core::lang::Lang;
use serde_json::json;

use super::input::read_text;
use super::{Answer, cli_user, emit, write_file};
use crate::app::bundle::{BundleRefusal, export, import};
use crate::app::{Terminal, audit};
use crate::clock::{Clock, SystemClock};
use kakou_core::audit::AuditEvent;

/// A bundle for a few thousand households is well under a megabyte.
const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// On the issuing store: write the community's master data (keys,
    /// households, revocations; no people), signed, to FILE.
    Export {
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// On a verifier gate: replace the community's master data with FILE's.
    /// The first bundle pins the community's key.
    Import { file: PathBuf },
}

pub fn run(db: &Path, command: BundleCommand, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    let refused = |e: BundleRefusal, out: &mut std::io::StdoutLock| -> Result<Answer> {
        if let BundleRefusal::App(app) = e {
            return Err(anyhow!(app.message(lang)));
        }
        emit(
            out,
            &json!({"done": false, "reason": e.code(), "message": e.message(lang)}),
        )?;
        say!("kakou: {}", e.message(lang));
        Ok(Answer::No)
    };
    match command {
        BundleCommand::Export { file, force } => {
            let (text, summary) = match export(&mut terminal, SystemClock.now()) {
                Ok(done) => done,
                Err(e) => return refused(e, &mut out),
            };
            write_file(&file, text.as_bytes(), force, db).map_err(|e| anyhow!(e.message(lang)))?;
            let rows = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
            let event = AuditEvent::export("bundle", &file.display().to_string(), rows);
            audit::append(&mut terminal, &cli_user(), event, SystemClock.now())?;
            emit(
                &mut out,
                &json!({"done": true, "file": file, "exported": summary}),
            )?;
            Ok(Answer::Yes)
        }
        BundleCommand::Import { file } => {
            let text = read_text(&file, MAX_BUNDLE_BYTES).map_err(|e| anyhow!(e.message(lang)))?;
            match import(&mut terminal, &text) {
                Ok(summary) => {
                    emit(
                        &mut out,
                        &json!({"done": true, "file": file, "imported": summary}),
                    )?;
                    Ok(Answer::Yes)
                }
                Err(e) => refused(e, &mut out),
            }
        }
    }
}
