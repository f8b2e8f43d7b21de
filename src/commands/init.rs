//! `kakou init`: a new store for one checkpoint of one community, with the
//! community's issuing key.

use std::path::Path;

use anyhow::Result;
use clap::Args;
use ed25519_dalek::SigningKey;
use kakou_core::domain::ExitQuota;
use serde_json::json;

use super::{Answer, emit};
use crate::app::setup::{InitOptions, init, issuing_key_path};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The community (小区/村) this terminal serves, as passes name it.
    #[arg(long)]
    pub community: String,
    /// The checkpoint (gate) this terminal stands at.
    #[arg(long)]
    pub checkpoint: String,
    /// Exit quota for every household, as OUTINGS/DAYS (e.g. 1/2); off when not given.
    #[arg(long)]
    pub exit_quota: Option<ExitQuota>,
    /// Seconds to rest before the second reading after a fever.
    #[arg(long)]
    pub rest_seconds: Option<i64>,
}

pub fn run(db: &Path, args: InitArgs) -> Result<Answer> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let options = InitOptions {
        community: args.community,
        checkpoint: args.checkpoint,
        exit_quota: args.exit_quota,
        rest_seconds: args.rest_seconds,
    };
    let terminal = init(db, &options, &key)?;
    let settings = terminal.settings();
    emit(
        &mut std::io::stdout().lock(),
        &json!({
            "db": db.display().to_string(),
            "community": settings.community,
            "checkpoint": settings.checkpoint,
            "terminal_id": settings.terminal_id,
            "key_id": kakou_core::pass::key_id_for(&key.verifying_key().to_bytes()),
            "issuing_key": issuing_key_path(db).display().to_string(),
        }),
    )?;
    Ok(Answer::Yes)
}
