//! `kakou keys export|import FILE`: the trust list as a file, for gates that
//! never see a network.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;
use kakou_core::pass::TrustList;
use serde_json::json;

use super::{Answer, emit};
use crate::app::{Terminal, trust};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Write the trusted public keys to FILE (JSON, format kakou-trust-1).
    Export { file: PathBuf },
    /// Add the keys in FILE to this gate's trust list.
    Import { file: PathBuf },
}

pub fn run(db: &Path, command: KeysCommand) -> Result<Answer> {
    let mut terminal = Terminal::open(db)?;
    let mut out = std::io::stdout().lock();
    match command {
        KeysCommand::Export { file } => {
            let list = trust::export(&terminal)?;
            std::fs::write(&file, list.to_json())
                .with_context(|| format!("writing {}", file.display()))?;
            emit(&mut out, &json!({"file": file, "keys": list.keys().len()}))?;
        }
        KeysCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let list = TrustList::from_json(&text)
                .with_context(|| format!("{} is not a kakou trust list", file.display()))?;
            let imported = trust::import(&mut terminal, &list)?;
            emit(&mut out, &json!({"file": file, "imported": imported}))?;
        }
    }
    Ok(Answer::Yes)
}
