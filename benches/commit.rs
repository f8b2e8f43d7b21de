//! Commit throughput and latency of `gate replay` (parse, look up, run the
//! flow, commit durably), next to a bare rusqlite insert+commit with the
//! same pragmas on the same disk, measured in the same run.
//!
//! `cargo bench --bench commit` prints one table. The store lives in a
//! temporary folder on the disk the machine gives `std::env::temp_dir()`.

use std::time::{Duration, Instant};

use kakou::app::GateSession;
use kakou::app::replay::{LineOutcome, drive};
use kakou_core::replay::parse_line;
use rusqlite::{Connection, params};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn summary(name: &str, mut latencies: Vec<Duration>, total: Duration) {
    latencies.sort();
    println!(
        "{name:<32} {:>6} commits  {:>8.0} /s   p50 {:>7.3} ms   p99 {:>7.3} ms",
        latencies.len(),
        latencies.len() as f64 / total.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );
}

fn replay(dir: &std::path::Path) {
    let db = dir.join("demo.db");
    let terminal = kakou::app::demo::setup(&db).expect("demo store");
    let mut session = GateSession::open(terminal, "bench");
    let mut latencies = Vec::new();
    let started = Instant::now();
    for line in kakou::app::demo::SCENARIO.lines() {
        let t = Instant::now();
        if let Ok(parsed) = parse_line(line) {
            if let LineOutcome::Committed(_) = drive(&mut session, parsed).unwrap() {
                latencies.push(t.elapsed());
            }
        }
    }
    summary("gate replay (demo day)", latencies, started.elapsed());
}

fn bare(dir: &std::path::Path, file: &str, rows: usize) {
    let conn = Connection::open(dir.join(file)).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn.execute_batch(
        "CREATE TABLE t (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL) STRICT",
    )
    .unwrap();
    let body = "x".repeat(400);
    let mut latencies = Vec::with_capacity(rows);
    let started = Instant::now();
    for i in 0..rows {
        let t = Instant::now();
        let tx = conn.unchecked_transaction().unwrap();
        tx.execute(
            "INSERT INTO t (id, at, body) VALUES (?1, ?2, ?3)",
            params![format!("row-{i}"), "2026-11-24T08:00:00+08:00", body],
        )
        .unwrap();
        tx.commit().unwrap();
        latencies.push(t.elapsed());
    }
    summary("bare rusqlite insert+commit", latencies, started.elapsed());
}

fn main() {
    // `cargo test --benches` passes --bench too; only run when benchmarking.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    println!("store folder: {}", dir.path().display());
    // Bare inserts before and after, so that a change in the disk's mood
    // during the run shows up as a difference between the two.
    bare(dir.path(), "bare-before.db", 3000);
    replay(dir.path());
    bare(dir.path(), "bare-after.db", 3000);
}
