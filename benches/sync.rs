//! Sync from one gate, measured (issue 13), against the real district
//! server on loopback: SQLite, then PostgreSQL when `KAKOU_TEST_POSTGRES`
//! (or the default test URL) answers.
//!
//! - 100,000 passage events pushed by the terminal's own client in one
//!   round (goal: 5 s or less);
//! - the gate's passage commits while that round runs on another
//!   connection of the same store, one every 20 ms through the real flow
//!   (goal: p99 50 ms or less, and no "database is locked");
//! - a round with nothing new (goal: 50 ms or less).
//!
//! Build the server first, in the same profile:
//! `cargo build --release -p kakou-district && cargo bench --bench sync`.
//! `KAKOU_BENCH_EVENTS` sets the number of events.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local};
use kakou::app::replay::{LineOutcome, drive};
use kakou::app::{GateSession, Terminal, demo, sync};
use kakou::store::outbox;
use kakou_core::replay::parse_line;

const DEFAULT_POSTGRES: &str = "postgres://kakou:kakou@127.0.0.1:5432/kakou_test";

fn server_binary() -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_kakou")).with_file_name("kakou-district");
    if !path.exists() {
        eprintln!(
            "{} is not built: run `cargo build --release -p kakou-district` first",
            path.display()
        );
        std::process::exit(1);
    }
    path
}

struct Server(Child, String);

impl Server {
    fn start(bin: &Path, db: &str) -> Server {
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--db", db])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kakou-district starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let first: serde_json::Value = serde_json::from_str(&line).unwrap();
        let addr = first["listening"].as_str().unwrap().to_string();
        Server(child, format!("http://{addr}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn enroll_code(bin: &Path, db: &str, community: &str, checkpoint: &str) -> String {
    let out = Command::new(bin)
        .args(["enroll-code", "--db", db, "--community", community])
        .args(["--checkpoint", checkpoint])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    line["code"].as_str().unwrap().to_string()
}

fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// Writes `count` passage events shaped like the demo day's, each with a
/// passage id of its own, in one transaction on a connection of the
/// bench's own (the terminal keeps its store to itself).
fn fill_outbox(db: &Path, count: usize) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let template: serde_json::Value = {
        let body: String = conn
            .query_row(
                "SELECT body FROM outbox WHERE kind = 'passage' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("the demo store has passages");
        serde_json::from_str(&body).unwrap()
    };
    let at = now().to_rfc3339();
    let tx = conn.transaction().unwrap();
    for _ in 0..count {
        let mut body = template.clone();
        body["id"] = uuid::Uuid::now_v7().to_string().into();
        body["at"] = at.clone().into();
        outbox::enqueue(&tx, "passage", &body.to_string(), &at).unwrap();
    }
    tx.commit().unwrap();
}

struct Commits {
    latencies: Vec<Duration>,
    errors: Vec<String>,
}

/// Commits a passage of the demo day every 20 ms through the real flow on
/// a connection of its own, until `stop`.
fn gate_beside(db: PathBuf, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Commits> {
    std::thread::spawn(move || {
        let mut session = GateSession::open(Terminal::open(&db).unwrap(), "bench");
        let mut commits = Commits {
            latencies: Vec::new(),
            errors: Vec::new(),
        };
        for line in demo::SCENARIO.lines().cycle() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(parsed) = parse_line(line) else {
                continue;
            };
            let t = Instant::now();
            match drive(&mut session, parsed) {
                Ok(LineOutcome::Committed(_)) => commits.latencies.push(t.elapsed()),
                Ok(_) => {}
                Err(e) => commits.errors.push(e.to_string()),
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        commits
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn bench(bin: &Path, backend: &str, db: &str, events: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("gate.db");
    let mut terminal = demo::setup(&store).expect("demo store");
    let community = terminal.settings().community.clone();
    let checkpoint = terminal.settings().checkpoint.clone();
    let server = Server::start(bin, db);
    let code = enroll_code(bin, db, &community, &checkpoint);
    sync::enroll(&mut terminal, &server.1, &code, None).expect("enrolled");
    // The demo's own passages, so that there is a template to copy.
    let mut session = GateSession::open(terminal, "bench");
    for line in demo::SCENARIO.lines().take(50) {
        if let Ok(parsed) = parse_line(line) {
            drive(&mut session, parsed).unwrap();
        }
    }
    let mut terminal = Terminal::open(&store).unwrap();
    drop(session);
    let (district, token) = sync::district(&terminal).unwrap();
    sync::round(&mut terminal, &district, &token, now()).expect("first round");

    fill_outbox(&store, events);
    let stop = Arc::new(AtomicBool::new(false));
    let gate = gate_beside(store.clone(), Arc::clone(&stop));
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let report = sync::round(&mut terminal, &district, &token, now()).expect("the big round");
    let took = started.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::SeqCst);
    let mut commits = gate.join().unwrap();
    commits.latencies.sort();
    println!(
        "{backend:<10} push {:>7} events in one round: {:>6.2} s ({:>7.0} events/s)",
        report.pushed,
        took.as_secs_f64(),
        report.pushed as f64 / took.as_secs_f64()
    );
    println!(
        "{backend:<10} gate commits meanwhile: {:>4}, p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>6.2} ms, errors {} {:?}",
        commits.latencies.len(),
        ms(percentile(&commits.latencies, 0.5)),
        ms(percentile(&commits.latencies, 0.99)),
        ms(percentile(&commits.latencies, 1.0)),
        commits.errors.len(),
        commits.errors.first()
    );
    // Catch up on the gate's own passages, then rounds with nothing new.
    sync::round(&mut terminal, &district, &token, now()).unwrap();
    let mut noop = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let report = sync::round(&mut terminal, &district, &token, now()).unwrap();
        noop.push(t.elapsed());
        assert_eq!(report.pushed, 0);
    }
    noop.sort();
    println!(
        "{backend:<10} round with nothing new: p50 {:>6.2} ms, max {:>6.2} ms (30 rounds)",
        ms(percentile(&noop, 0.5)),
        ms(percentile(&noop, 1.0))
    );
}

fn postgres_schema() -> Option<(String, String, String)> {
    let base = std::env::var("KAKOU_TEST_POSTGRES").unwrap_or(DEFAULT_POSTGRES.into());
    let schema = format!("kakou_bench_{}", std::process::id());
    let made = Command::new("psql")
        .args([base.as_str(), "-qc", &format!("CREATE SCHEMA {schema}")])
        .output()
        .ok()?;
    if !made.status.success() {
        eprintln!(
            "PostgreSQL skipped: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        return None;
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
    Some((base, schema, url))
}

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let bin = server_binary();
    let events = std::env::var("KAKOU_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("district.db");
    bench(&bin, "SQLite", sqlite.to_str().unwrap(), events);
    if let Some((base, schema, url)) = postgres_schema() {
        bench(&bin, "PostgreSQL", &url, events);
        let _ = Command::new("psql")
            .args([
                base.as_str(),
                "-qc",
                &format!("DROP SCHEMA {schema} CASCADE"),
            ])
            .output();
    }
}
