//! Helpers shared by the end-to-end tests: run the real `kakou` binary.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::Datelike;

pub fn kakou() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kakou"));
    // Pin the language and keep the developer's own store and
    // configuration out of reach; logs go to the file beside the store
    // even when the tests run under systemd.
    cmd.env("LANG", "en_US.UTF-8")
        .env_remove("KAKOU_DB")
        .env("KAKOU_CONFIG", "")
        .env_remove("JOURNAL_STREAM");
    cmd
}

/// Runs kakou with `--db db` and the arguments, feeding `stdin`.
pub fn run(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = kakou()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kakou starts");
    // A command refused before it reads its input closes the pipe first;
    // what it answered is what the test checks, not the write.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

/// [`run`], which must succeed; a failure shows what kakou printed.
pub fn run_ok(db: &Path, args: &[&str], stdin: &str) -> Output {
    let out = run(db, args, stdin);
    assert!(
        out.status.success(),
        "kakou {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every stdout line as JSON.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The shared test data beside the checkout. On a developer's laptop a
/// test may skip without it (and says so); under CI (`CI` set) its absence
/// fails the test, so a missing folder can never pass as a green run.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is absent and CI is set: the shared test data must be there",
        dir.display()
    );
    eprintln!("skipped: ../shared/data is absent");
    None
}

pub fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Creates a store for the community 幸福里 at the east gate.
pub fn init(db: &Path) {
    run_ok(
        db,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
}

/// The `i`-th of a series of distinct, valid mainland ID numbers: born one
/// week apart from 1950 on, in Beijing's Chaoyang district, with the check
/// character worked out by the validator's own rule.
pub fn id_number(i: usize) -> String {
    let born =
        chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(7 * i as u64);
    assert!(born.year_ce().1 <= 2025, "only {i} people fit the series");
    let first17 = format!("110105{}{:03}", born.format("%Y%m%d"), i % 1000);
    let check = kakou_core::validate::check_character(&first17).unwrap();
    format!("{first17}{check}")
}

/// Writes `rows` (the first is the header) as the first sheet of an xlsx file,
/// every cell as text, as community offices' spreadsheets hold them.
pub fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// Everything the store holds that an import or issue could change, as text
/// to compare before and after: every row of every table but the schema's.
pub fn store_dump(db: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut dump = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            dump.push_str(&table);
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                dump.push_str(&format!(" {value:?}"));
            }
            dump.push('\n');
        }
    }
    dump
}

/// How many households, people and passes the store has.
pub fn counts(db: &Path) -> (i64, i64, i64) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (count("households"), count("people"), count("passes"))
}
