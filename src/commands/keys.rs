//! `kakou keys export|import FILE`: the trust list as a file, for gates that
//! never see a network.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kakou_core::lang::Lang;
use kakou_core::pass::TrustList;
use serde_json::json;

use super::input::read_text;
use super::{Answer, cli_user, emit, write_file};
use crate::app::trust::TrustRefusal;
use crate::app::{Terminal, audit, trust};
use crate::clock::{Clock, SystemClock};
use kakou_core::audit::AuditEvent;

/// A trust list names a handful of communities; a megabyte is a mistake.
const MAX_TRUST_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Write the trusted public keys to FILE (JSON, format kakou-trust-1).
    Export {
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Add the keys in FILE to this gate's trust list. A key already trusted
    /// is never relabelled: a file that would do so is refused whole.
    Import { file: PathBuf },
}

pub fn run(db: &Path, command: KeysCommand, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    match command {
        KeysCommand::Export { file, force } => {
            let list = trust::export(&terminal)?;
            write_file(&file, list.to_json().as_bytes(), force, db)
                .map_err(|e| anyhow!(e.message(lang)))?;
            let keys = u32::try_from(list.keys().len()).unwrap_or(u32::MAX);
            let event = AuditEvent::export("trust_list", &file.display().to_string(), keys);
            audit::append(&mut terminal, &cli_user(), event, SystemClock.now())?;
            emit(&mut out, &json!({"file": file, "keys": list.keys().len()}))?;
        }
        KeysCommand::Import { file } => {
            let text = read_text(&file, MAX_TRUST_BYTES).map_err(|e| anyhow!(e.message(lang)))?;
            let list = TrustList::from_json(&text)
                .map_err(|e| anyhow!("{} is not a kakou trust list: {e}", file.display()))?;
            match trust::import(&mut terminal, &list) {
                Ok(imported) => emit(&mut out, &json!({"file": file, "imported": imported}))?,
                Err(TrustRefusal::App(e)) => return Err(anyhow!(e.message(lang))),
                Err(refusal) => {
                    emit(
                        &mut out,
                        &json!({"file": file, "imported": 0, "reason": "key_conflict"}),
                    )?;
                    say!("kakou: {}", refusal.message(lang));
                    return Ok(Answer::No);
                }
            }
        }
    }
    Ok(Answer::Yes)
}
