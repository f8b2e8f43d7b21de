//! `kakou init`: a new store for one checkpoint of one community, with the
//! community's issuing key.

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::Args;
use ed25519_dalek::SigningKey;
use kakou_core::domain::ExitQuota;
use kakou_core::pass::TrustedKey;
use serde_json::json;

use crate::app::{load_gate_config, save_gate_config};
use crate::cli::Answer;
use crate::issuing_key;
use crate::store::{Settings, Store, keys, meta};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The community (小区/村) this terminal serves, as passes name it.
    #[arg(long)]
    pub community: String,
    /// The checkpoint (gate) this terminal stands at.
    #[arg(long)]
    pub checkpoint: String,
    /// Exit quota for every household, as OUTINGS/DAYS (e.g. 1/2); off when not given.
    #[arg(long, value_parser = parse_quota)]
    pub exit_quota: Option<ExitQuota>,
    /// Seconds to rest before the second reading after a fever.
    #[arg(long)]
    pub rest_seconds: Option<i64>,
}

pub fn parse_quota(s: &str) -> Result<ExitQuota, String> {
    let parsed = s
        .split_once('/')
        .and_then(|(o, d)| Some((o.trim().parse().ok()?, d.trim().parse().ok()?)));
    match parsed {
        Some((outings, days)) if days > 0 => Ok(ExitQuota { outings, days }),
        _ => Err(format!(
            "`{s}` is not OUTINGS/DAYS with DAYS at least 1 (e.g. 1/2: one outing per household every two days)"
        )),
    }
}

/// Creates the store, or fails without touching an existing one.
pub fn init_store(db: &Path, args: &InitArgs, key: &SigningKey) -> Result<Settings> {
    for (what, value) in [
        ("community", &args.community),
        ("checkpoint", &args.checkpoint),
    ] {
        if value.trim().is_empty() {
            bail!("the {what} name must not be empty");
        }
    }
    if db.exists() {
        bail!(
            "{} already exists; kakou init never overwrites a store",
            db.display()
        );
    }
    let key_path = issuing_key::path_for(db);
    let mut store = Store::open(db).with_context(|| format!("creating {}", db.display()))?;
    issuing_key::create(&key_path, key)?;
    let settings = Settings {
        community: args.community.trim().to_string(),
        checkpoint: args.checkpoint.trim().to_string(),
        terminal_id: uuid::Uuid::now_v7().to_string(),
    };
    let trusted = TrustedKey::new(settings.community.clone(), &key.verifying_key());
    store.write(|tx| {
        let mut config = load_gate_config(tx)?;
        config.exit_quota = args.exit_quota;
        if let Some(rest) = args.rest_seconds {
            config.rest_seconds = rest;
        }
        save_gate_config(tx, &config)?;
        keys::trust(
            tx,
            &keys::TrustedKeyRow {
                key_id: trusted.key_id,
                community: trusted.community.clone(),
                public_key: trusted.public_key,
            },
        )?;
        // Settings last, in the same transaction: a store either is fully
        // initialised or has no settings at all.
        meta::save_settings(tx, &settings)
    })?;
    Ok(settings)
}

pub fn run(db: &Path, args: InitArgs) -> Result<Answer> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let settings = init_store(db, &args, &key)?;
    crate::commands::emit(
        &mut std::io::stdout().lock(),
        &json!({
            "db": db.display().to_string(),
            "community": settings.community,
            "checkpoint": settings.checkpoint,
            "terminal_id": settings.terminal_id,
            "key_id": kakou_core::pass::key_id_for(&key.verifying_key().to_bytes()),
            "issuing_key": issuing_key::path_for(db).display().to_string(),
        }),
    )?;
    Ok(Answer::Yes)
}
