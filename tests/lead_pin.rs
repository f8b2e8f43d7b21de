//! `kakou lead-pin` end to end: the PIN comes from stdin (or the prompt),
//! never from the command line, and a refused PIN changes nothing.

mod common;

use chrono::DateTime;
use common::{init, run, run_ok, store_dump};
use kakou::app::{Terminal, lead_pin};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_pin_on_the_command_line_or_a_bad_one_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let before = store_dump(&db);
    let on_line = run(&db, &["lead-pin", "2468"], "");
    assert_eq!(on_line.status.code(), Some(2));
    let err = stderr(&on_line);
    assert!(
        err.contains("not taken from the command line") && err.contains("stdin"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    for bad in ["", "\n", "123\n", "12a4\n", "123456789\n"] {
        let out = run(&db, &["lead-pin"], bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("4 to 8 digits"), "{bad:?}");
    }
    assert_eq!(store_dump(&db), before, "a refused PIN changes nothing");
    let zh = run(&db, &["--lang", "zh", "lead-pin", "2468"], "");
    assert!(stderr(&zh).contains("命令行"), "{}", stderr(&zh));
}

#[test]
fn the_pin_is_read_as_one_line_of_stdin_and_kept_as_argon2id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let out = run_ok(&db, &["lead-pin"], "2468\nthe rest is not read\n");
    assert!(stderr(&out).contains("lead PIN set (Argon2id m=19456 KiB t=2 p=1"));
    let record: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = 'lead_pin'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        record.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{record}"
    );
    assert!(
        !record.contains("2468"),
        "the PIN is not stored in the clear"
    );
    let now = DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap();
    let mut terminal = Terminal::open(&db).unwrap();
    assert_eq!(
        lead_pin::attempt(&mut terminal, "2468", now).unwrap(),
        lead_pin::Attempt::Opened
    );
}

#[test]
fn without_a_store_no_pin_is_asked_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing").join("gate.db");
    let out = run(&db, &["lead-pin"], "2468\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("kakou: no store at"));
    assert!(!db.parent().unwrap().exists());
}
