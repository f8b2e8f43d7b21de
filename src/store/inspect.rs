//! Looking at a store file without changing it, for `kakou doctor`: it is
//! opened read-only and never upgraded, and SQLite's own consistency check
//! says whether the file is sound.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::CURRENT_VERSION;

/// What a look at the file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspection {
    /// Not an SQLite file, or SQLite found damage: its first words.
    Damaged(String),
    /// A sound SQLite file without kakou's tables.
    NotAStore,
    /// Written by a newer kakou.
    TooNew { found: i64 },
    /// Sound, at this schema version, with the stamp of its newest passage
    /// and the district server `kakou enroll` saved, if any.
    Sound {
        version: i64,
        newest_passage: Option<String>,
        enrolled_server: Option<String>,
    },
}

/// How many of SQLite's complaints are kept: the first says enough.
const COMPLAINTS: usize = 3;

/// Inspects the store file at `path` (which must exist).
pub fn inspect(path: &Path) -> Inspection {
    match look(path) {
        Ok(found) => found,
        Err(e) => Inspection::Damaged(e.to_string()),
    }
}

fn look(path: &Path) -> rusqlite::Result<Inspection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let complaints: Vec<String> = conn
        .prepare(&format!("PRAGMA integrity_check({COMPLAINTS})"))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if complaints != ["ok"] {
        return Ok(Inspection::Damaged(complaints.join("; ")));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Ok(Inspection::TooNew { found: version });
    }
    let has_passages: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'passages'",
        [],
        |r| r.get(0),
    )?;
    if version == 0 || !has_passages {
        return Ok(Inspection::NotAStore);
    }
    let newest_passage = conn.query_row("SELECT max(at) FROM passages", [], |r| r.get(0))?;
    let enrolled_server = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'sync_server'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Inspection::Sound {
        version,
        newest_passage,
        enrolled_server,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_sound_store_a_foreign_database_and_garbage_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        drop(Store::open(&db).unwrap());
        assert_eq!(
            inspect(&db),
            Inspection::Sound {
                version: CURRENT_VERSION,
                newest_passage: None,
                enrolled_server: None,
            }
        );
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        assert_eq!(inspect(&other), Inspection::NotAStore);
        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
        assert!(matches!(inspect(&garbage), Inspection::Damaged(_)));
    }
}
