//! What can go wrong with the store.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "this store was written by a newer kakou (schema version {found}; this kakou reads up to {supported})"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("this file is an SQLite database, but not a kakou store")]
    NotAStore,
    #[error("no upgrade from schema version {from}")]
    NoUpgrade { from: i64 },
    #[error(
        "this store is not initialised: run `kakou init --community NAME --checkpoint NAME` first"
    )]
    NotInitialised,
    #[error("could not create the folder for the store: {0}")]
    Folder(std::io::Error),
    #[error("could not create the store file: {0}")]
    Create(std::io::Error),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
}
