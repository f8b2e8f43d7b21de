//! Making a new store, and where stores live.
//!
//! A community has one issuing store (`kakou init`: the lead's terminal,
//! with the community's private key) and any number of verifier gates
//! (`kakou init --gate`: no key; they receive the community's master data by
//! bundle or sync). Making either is all or nothing: the store and its key
//! are built under temporary names and linked into place only when whole,
//! so a failure leaves no half-made store, and an existing file is never
//! replaced.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use kakou_core::domain::ExitQuota;
use kakou_core::pass::TrustedKey;

use chrono::{DateTime, FixedOffset};
use kakou_core::sync::events::{EventBody, GateConfigBody, TrustedKeyBody};

use super::{AppError, Settings, Terminal, events};
use crate::store::meta::Role;
use crate::store::{Store, StoreError, gate_config, issuing_key, keys, meta};

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
    #[error("{0} already exists; kakou init never overwrites a store or a key")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for InitError {
    fn from(e: StoreError) -> InitError {
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

/// The file the issuing key of the store at `db` is kept in.
pub fn issuing_key_path(db: &Path) -> PathBuf {
    issuing_key::path_for(db)
}

/// The files that are the store at `db`: nothing may ever be written over
/// them (an export given the store's own name must not destroy it).
pub fn store_files(db: &Path) -> Vec<PathBuf> {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    vec![
        db.to_path_buf(),
        with("-wal"),
        with("-shm"),
        with("-journal"),
        issuing_key::path_for(db),
    ]
}

/// Makes the issuing store of a community at `db`, with `key` as the
/// community's issuing key.
pub fn init(
    db: &Path,
    options: &InitOptions,
    key: &SigningKey,
    now: DateTime<FixedOffset>,
) -> Result<Terminal, InitError> {
    create(db, options, Some(key), now)
}

/// Makes a verifier gate at `db`: no key, no ledger; it trusts nothing
/// until the community's first bundle pins the community's key.
pub fn init_gate(
    db: &Path,
    options: &InitOptions,
    now: DateTime<FixedOffset>,
) -> Result<Terminal, InitError> {
    create(db, options, None, now)
}

fn create(
    db: &Path,
    options: &InitOptions,
    key: Option<&SigningKey>,
    now: DateTime<FixedOffset>,
) -> Result<Terminal, InitError> {
    let community = options.community.trim();
    let checkpoint = options.checkpoint.trim();
    if community.is_empty() {
        return Err(InitError::EmptyName("community"));
    }
    if checkpoint.is_empty() {
        return Err(InitError::EmptyName("checkpoint"));
    }
    if let Some(existing) = store_files(db).into_iter().find(|p| p.exists()) {
        return Err(InitError::Exists(existing));
    }
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|source| InitError::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    let temp = Temporary::new(db);
    let result = build(&temp, options, key, now).and_then(|()| temp.publish(db, key.is_some()));
    temp.clean();
    result?;
    Ok(Terminal::open_as_stored(db)?)
}

/// Writes the whole store (and key) under the temporary names. The
/// community's key and the gate's rules are the store's first events: the
/// district learns the key's community and counts fevers by the rules.
fn build(
    temp: &Temporary,
    options: &InitOptions,
    key: Option<&SigningKey>,
    now: DateTime<FixedOffset>,
) -> Result<(), InitError> {
    let at = now.to_rfc3339();
    let mut store = Store::open(&temp.db)?;
    if let Some(key) = key {
        issuing_key::create(&temp.key, key).map_err(AppError::from)?;
    }
    let settings = Settings {
        community: options.community.trim().to_string(),
        checkpoint: options.checkpoint.trim().to_string(),
        terminal_id: uuid::Uuid::now_v7().to_string(),
    };
    store.write(|tx| {
        let mut config = gate_config::load(tx)?;
        config.exit_quota = options.exit_quota;
        if let Some(rest) = options.rest_seconds {
            config.rest_seconds = rest;
        }
        gate_config::save(tx, &config)?;
        let rules = EventBody::GateConfig(GateConfigBody {
            fever_at_tenths: config.fever_at.tenths(),
            rest_seconds: config.rest_seconds,
            exit_quota: config.exit_quota,
        });
        events::record(tx, &rules, &at)?;
        match key {
            Some(key) => {
                let own = TrustedKey::new(settings.community.clone(), &key.verifying_key());
                let body = EventBody::TrustedKey(TrustedKeyBody {
                    key_id: own.key_id,
                    community: own.community.clone(),
                    public_key: own.public_key.iter().map(|b| format!("{b:02x}")).collect(),
                    role: own.role,
                });
                events::record(tx, &body, &at)?;
                keys::trust(
                    tx,
                    &keys::TrustedKeyRow {
                        key_id: own.key_id,
                        community: own.community.clone(),
                        public_key: own.public_key,
                        role: own.role,
                    },
                )?;
                meta::set_community_key_id(tx, own.key_id)?;
                meta::set_role(tx, Role::Issuing)?;
            }
            None => meta::set_role(tx, Role::Gate)?,
        }
        // Settings last, in the same transaction: a store either is fully
        // initialised or has no settings at all.
        meta::save_settings(tx, &settings)
    })?;
    store.checkpoint()?;
    Ok(())
}

/// The temporary names a new store is built under, next to its final ones
/// (the same folder, so linking into place is atomic).
struct Temporary {
    db: PathBuf,
    key: PathBuf,
}

impl Temporary {
    fn new(db: &Path) -> Temporary {
        let mut name = db.as_os_str().to_owned();
        name.push(format!(".init-{}", uuid::Uuid::now_v7().simple()));
        let db = PathBuf::from(name);
        let key = issuing_key::path_for(&db);
        Temporary { db, key }
    }

    /// Links the finished files to their final names. A hard link fails
    /// when the name is taken, so nothing made in the meantime is replaced;
    /// the key goes first, and is taken back if the store cannot follow.
    fn publish(&self, db: &Path, with_key: bool) -> Result<(), InitError> {
        let link = |from: &Path, to: &Path| {
            std::fs::hard_link(from, to).map_err(|source| {
                if source.kind() == std::io::ErrorKind::AlreadyExists {
                    InitError::Exists(to.to_path_buf())
                } else {
                    InitError::Write {
                        path: to.to_path_buf(),
                        source,
                    }
                }
            })
        };
        let key = issuing_key::path_for(db);
        if with_key {
            link(&self.key, &key)?;
        }
        if let Err(e) = link(&self.db, db) {
            if with_key {
                let _ = std::fs::remove_file(&key);
            }
            return Err(e);
        }
        Ok(())
    }

    /// Removes the temporary names (the published files keep their links).
    fn clean(&self) {
        for path in store_files(&self.db) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A fresh issuing store in `dir` for the tests of `app`.
#[cfg(test)]
pub(crate) fn test_terminal(dir: &Path) -> Terminal {
    let options = InitOptions {
        community: "幸福里".into(),
        checkpoint: "东门".into(),
        exit_quota: None,
        rest_seconds: None,
    };
    let key = SigningKey::from_bytes(&[9; 32]);
    let now = DateTime::parse_from_rfc3339("2026-11-24T06:00:00+08:00").unwrap();
    init(&dir.join("t.db"), &options, &key, now).unwrap()
}
