//! `kakou init`: a new store for one checkpoint of one community: the
//! community's issuing store with its key, or (`--gate`) a verifier gate
//! that receives the community's master data by bundle or sync.

use std::path::Path;

use anyhow::{Result, anyhow};
use clap::Args;
use ed25519_dalek::SigningKey;
use kakou_core::domain::ExitQuota;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
use crate::app::setup::{InitError, InitOptions, init, init_gate, issuing_key_path};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The community (小区/村) this terminal serves, as passes name it.
    #[arg(long)]
    pub community: String,
    /// The checkpoint (gate) this terminal stands at.
    #[arg(long)]
    pub checkpoint: String,
    /// A verifier gate: no key and no ledger of its own; it takes the
    /// community's master data from `kakou bundle import` or sync.
    #[arg(long)]
    pub gate: bool,
    /// Exit quota for every household, as OUTINGS/DAYS (e.g. 1/2); off when not given.
    #[arg(long)]
    pub exit_quota: Option<ExitQuota>,
    /// Seconds to rest before the second reading after a fever.
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..=3600))]
    pub rest_seconds: Option<i64>,
}

fn message(e: &InitError, lang: Lang) -> String {
    match (e, lang) {
        (InitError::EmptyName(what), Lang::Zh) => format!(
            "{}名称不能为空",
            if *what == "community" {
                "社区"
            } else {
                "卡口"
            }
        ),
        (InitError::Exists(path), Lang::Zh) => {
            format!("{} 已存在；kakou init 从不覆盖数据库或密钥", path.display())
        }
        (InitError::App(e), lang) => e.message(lang),
        (other, _) => other.to_string(),
    }
}

pub fn run(db: &Path, args: InitArgs, lang: Lang) -> Result<Answer> {
    // A store for another gate than the configured one is refused before
    // anything is made.
    crate::app::config::current()
        .check_names(args.community.trim(), args.checkpoint.trim())
        .map_err(|e| anyhow!(e.message(lang)))?;
    let options = InitOptions {
        community: args.community,
        checkpoint: args.checkpoint,
        exit_quota: args.exit_quota,
        rest_seconds: args.rest_seconds,
    };
    let (terminal, key_id) = if args.gate {
        (init_gate(db, &options, SystemClock.now()), None)
    } else {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        let key_id = kakou_core::pass::key_id_for(&key.verifying_key().to_bytes());
        (init(db, &options, &key, SystemClock.now()), Some(key_id))
    };
    let terminal = terminal.map_err(|e| anyhow!(message(&e, lang)))?;
    let settings = terminal.settings();
    emit(
        &mut std::io::stdout().lock(),
        &json!({
            "db": db.display().to_string(),
            "community": settings.community,
            "checkpoint": settings.checkpoint,
            "terminal_id": settings.terminal_id,
            "role": terminal.role().code(),
            "key_id": key_id,
            "issuing_key": key_id.map(|_| issuing_key_path(db).display().to_string()),
        }),
    )?;
    Ok(Answer::Yes)
}
