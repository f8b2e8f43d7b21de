//! An opened terminal: its store, who it is and its gate rules.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use kakou_core::gate::GateConfig;

use super::{AppError, Role, Settings};
use crate::store::{Store, StoreError, gate_config, issuing_key, meta};

/// The terminal's store with its settings and gate rules read once. Every
/// use case of `app` takes a `Terminal`; nothing outside `app` reaches the
/// store behind it.
pub struct Terminal {
    store: Store,
    settings: Settings,
    config: GateConfig,
    role: Role,
    /// Where the store lives, which is also where its issuing key lives;
    /// `None` for a store in memory.
    db: Option<PathBuf>,
}

impl Terminal {
    /// Opens the initialised store at `db` as this machine is configured
    /// (`app::config`): a store of another community or checkpoint is
    /// refused, and the configured gate values apply over the store's. A
    /// missing file is an error, not a new store: only `init` and the demo
    /// create stores.
    pub fn open(db: &Path) -> Result<Terminal, AppError> {
        let mut terminal = Terminal::open_as_stored(db)?;
        let config = super::config::current();
        config.check_store(&terminal.settings)?;
        config.apply(&mut terminal.config);
        Ok(terminal)
    }

    /// Opens the store at `db` with its own settings only, whatever the
    /// configuration says: the demo store, and a store just made.
    pub(super) fn open_as_stored(db: &Path) -> Result<Terminal, AppError> {
        if !db.exists() {
            return Err(AppError::NoStore(db.to_path_buf()));
        }
        Terminal::from_store(Store::open(db)?, Some(db.to_path_buf()))
    }

    /// A terminal on a store already open (a new one, or one in memory).
    pub(crate) fn from_store(store: Store, db: Option<PathBuf>) -> Result<Terminal, AppError> {
        let settings = store.settings()?;
        let config = gate_config::load(store.conn())?;
        let role = meta::role(store.conn())?;
        Ok(Terminal {
            store,
            settings,
            config,
            role,
            db,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn config(&self) -> &GateConfig {
        &self.config
    }

    /// The issuing store of its community, or a verifier gate.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The key id of the community's issuing key: this store's own, or the
    /// one a gate's first bundle pinned (`None` before that).
    pub fn community_key_id(&self) -> Result<Option<u32>, AppError> {
        Ok(meta::community_key_id(self.store.conn())?)
    }

    /// The file the store lives in.
    pub fn db_path(&self) -> Option<&Path> {
        self.db.as_deref()
    }

    /// The community's private key, which only the issuing store holds.
    pub fn issuing_key(&self) -> Result<SigningKey, AppError> {
        let db = self.db.as_deref().ok_or_else(|| {
            AppError::Store(StoreError::Damaged("a store in memory has no key".into()))
        })?;
        issuing_key::load(&issuing_key::path_for(db)).map_err(AppError::NotIssuing)
    }

    pub(super) fn store(&self) -> &Store {
        &self.store
    }

    pub(super) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Runs SQLite's own consistency check; `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, AppError> {
        Ok(self.store.integrity_check()?)
    }
}
