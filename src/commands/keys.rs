//! `kakou keys export|import FILE`: the trust list as a file, for gates that
//! never see a network.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;
use kakou_core::pass::TrustList;
use serde_json::json;

use crate::app::GateSession;
use crate::cli::Answer;
use crate::store::keys::{self, TrustedKeyRow};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Write the trusted public keys to FILE (JSON, format kakou-trust-1).
    Export { file: PathBuf },
    /// Add the keys in FILE to this gate's trust list.
    Import { file: PathBuf },
}

pub fn run(db: &Path, command: KeysCommand) -> Result<Answer> {
    let store = super::open_existing(db)?;
    let mut out = std::io::stdout().lock();
    match command {
        KeysCommand::Export { file } => {
            let session = GateSession::open(store, "cli")?;
            let list = session.lookup().trust_list()?;
            std::fs::write(&file, list.to_json())
                .with_context(|| format!("writing {}", file.display()))?;
            super::emit(&mut out, &json!({"file": file, "keys": list.keys().len()}))?;
        }
        KeysCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let list = TrustList::from_json(&text)
                .with_context(|| format!("{} is not a kakou trust list", file.display()))?;
            let mut store = store;
            store.write(|tx| {
                for k in list.keys() {
                    keys::trust(
                        tx,
                        &TrustedKeyRow {
                            key_id: k.key_id,
                            community: k.community.clone(),
                            public_key: k.public_key,
                        },
                    )?;
                }
                Ok(())
            })?;
            super::emit(
                &mut out,
                &json!({"file": file, "imported": list.keys().len()}),
            )?;
        }
    }
    Ok(Answer::Yes)
}
