//! One file per command; `main` parses and dispatches.

pub mod community;
pub mod enroll_code;
pub mod poster;
pub mod report;
pub mod serve;
pub mod terminal;
pub mod user;

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::storage::{self, Storage};

/// How a command ended: 0 done, 1 ran and the answer is "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

/// Opens the `--db` storage or says that it is missing.
pub async fn open(db: Option<&str>) -> Result<Arc<dyn Storage>> {
    let Some(db) = db else {
        bail!(
            "--db is required (a SQLite file path or a postgres:// URL; or set KAKOU_DISTRICT_DB)"
        );
    };
    storage::open(db)
        .await
        .with_context(|| format!("cannot open the database {}", redact(db)))
}

/// A database argument fit for messages: a URL's password is left out.
pub fn redact(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &db[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &db[..scheme + 3], &db[at..]),
                None => db.to_string(),
            }
        }
        _ => db.to_string(),
    }
}

/// Writes one JSON object as one line.
pub fn emit(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Checks a community or checkpoint name: terminals compare names byte for
/// byte, so leading or trailing spaces would make a name nobody can match.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        bail!("the {what} name is empty");
    }
    if name.trim() != name {
        bail!("the {what} name `{name}` starts or ends with spaces");
    }
    if name.chars().any(char::is_control) {
        bail!("the {what} name contains control characters");
    }
    if name.chars().count() > 100 {
        bail!("the {what} name is longer than 100 characters");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(
            redact("postgres://kakou:secret@127.0.0.1/db"),
            "postgres://kakou:***@127.0.0.1/db"
        );
        assert_eq!(
            redact("/var/lib/district.sqlite3"),
            "/var/lib/district.sqlite3"
        );
        assert_eq!(
            redact("postgres://kakou@host/db"),
            "postgres://kakou@host/db"
        );
    }

    #[test]
    fn names_must_be_matchable() {
        assert!(check_name("community", "幸福里小区").is_ok());
        for bad in ["", "  ", " 东门", "东门 ", "a\tb"] {
            assert!(check_name("checkpoint", bad).is_err(), "{bad:?}");
        }
    }
}
