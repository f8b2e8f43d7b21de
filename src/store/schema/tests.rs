use std::collections::BTreeSet;

use super::*;

/// (table, column, type, not-null, primary-key).
type Column = (String, String, String, bool, bool);

/// Every column and every index and trigger name.
fn shape(conn: &Connection) -> (BTreeSet<Column>, BTreeSet<String>) {
    let mut columns = BTreeSet::new();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk
             FROM sqlite_schema m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, i64>(4)? > 0,
            ))
        })
        .unwrap();
    for row in rows {
        columns.insert(row.unwrap());
    }
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('index','trigger') AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let names = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (columns, names)
}

#[test]
fn an_upgraded_version_1_file_matches_a_new_store_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../schema_v1.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO households (id, address, updated_at) VALUES (1, '3-2-501', '2026-11-01');
             INSERT INTO passages (id, at, day, checkpoint, operator, direction, subject_kind, outcome, body)
             VALUES ('p1', '2026-11-01T08:00:00+08:00', '2026-11-01', 'east', 'v', 'in', 'pass', 'released', '{}');",
        )
        .unwrap();
    }
    let mut upgraded = Connection::open(&path).unwrap();
    migrate(&mut upgraded).unwrap();
    let mut fresh = Connection::open_in_memory().unwrap();
    migrate(&mut fresh).unwrap();

    assert_eq!(shape(&upgraded), shape(&fresh));
    let version: i64 = upgraded
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, CURRENT_VERSION);
    let kept: String = upgraded
        .query_row("SELECT address FROM households WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "3-2-501");
    let passages: i64 = upgraded
        .query_row("SELECT count(*) FROM passages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(passages, 1);
}

#[test]
fn a_newer_file_is_refused_and_left_alone() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", CURRENT_VERSION + 1)
        .unwrap();
    assert!(matches!(migrate(&mut conn), Err(StoreError::TooNew { .. })));
}

#[test]
fn a_foreign_database_is_refused() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE photos (id INTEGER)")
        .unwrap();
    assert!(matches!(migrate(&mut conn), Err(StoreError::NotAStore)));
}

#[test]
fn schema_sql_declares_the_current_version() {
    assert!(SCHEMA.contains(&format!("PRAGMA user_version = {CURRENT_VERSION};")));
}
