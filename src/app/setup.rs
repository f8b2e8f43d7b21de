//! Making a new store, and where stores live.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use kakou_core::domain::ExitQuota;
use kakou_core::pass::TrustedKey;

use super::{AppError, Settings, Terminal};
use crate::store::{Store, gate_config, issuing_key, keys, meta};

/// What a new store is for, as the lead says it (`kakou init`, the demo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOptions {
    /// The community (小区/村) this terminal serves, as passes name it.
    pub community: String,
    /// The checkpoint (gate) this terminal stands at.
    pub checkpoint: String,
    /// The exit quota for every household; off when `None`.
    pub exit_quota: Option<ExitQuota>,
    /// Seconds to rest before the second reading after a fever.
    pub rest_seconds: Option<i64>,
}

/// Why a store was not made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("the {0} name must not be empty")]
    EmptyName(&'static str),
    #[error("{0} already exists; kakou init never overwrites a store")]
    Exists(PathBuf),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<crate::store::StoreError> for InitError {
    fn from(e: crate::store::StoreError) -> InitError {
        InitError::App(e.into())
    }
}

/// Where the store lives when `--db` is not given: the user's data folder.
pub fn default_db() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("kakou").join("kakou.db")
}

/// Where the demo store lives by default: beside the real one, never it.
pub fn default_demo_db() -> PathBuf {
    default_db().with_file_name("kakou-demo.db")
}

/// Creates the store at `db` with the community's issuing key, or fails
/// without touching an existing one.
pub fn init(db: &Path, options: &InitOptions, key: &SigningKey) -> Result<Terminal, InitError> {
    let community = options.community.trim();
    let checkpoint = options.checkpoint.trim();
    if community.is_empty() {
        return Err(InitError::EmptyName("community"));
    }
    if checkpoint.is_empty() {
        return Err(InitError::EmptyName("checkpoint"));
    }
    if db.exists() {
        return Err(InitError::Exists(db.to_path_buf()));
    }
    let mut store = Store::open(db)?;
    issuing_key::create(&issuing_key::path_for(db), key).map_err(AppError::from)?;
    let settings = Settings {
        community: community.to_string(),
        checkpoint: checkpoint.to_string(),
        terminal_id: uuid::Uuid::now_v7().to_string(),
    };
    let trusted = TrustedKey::new(settings.community.clone(), &key.verifying_key());
    store.write(|tx| {
        let mut config = gate_config::load(tx)?;
        config.exit_quota = options.exit_quota;
        if let Some(rest) = options.rest_seconds {
            config.rest_seconds = rest;
        }
        gate_config::save(tx, &config)?;
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
    Ok(Terminal::from_store(store, Some(db.to_path_buf()))?)
}

/// The file the issuing key of the store at `db` is kept in.
pub fn issuing_key_path(db: &Path) -> PathBuf {
    issuing_key::path_for(db)
}

/// A fresh store in `dir` for the tests of `app`.
#[cfg(test)]
pub(crate) fn test_terminal(dir: &Path) -> Terminal {
    let options = InitOptions {
        community: "幸福里".into(),
        checkpoint: "东门".into(),
        exit_quota: None,
        rest_seconds: None,
    };
    let key = SigningKey::from_bytes(&[9; 32]);
    init(&dir.join("t.db"), &options, &key).unwrap()
}
