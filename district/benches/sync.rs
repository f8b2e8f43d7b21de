//! `cargo bench -p kakou-district`: sync over loopback against the real
//! server binary, on SQLite and (when reachable) PostgreSQL.
//!
//! - one gate pushing 100,000 passages in batches of 1,000 (goal ≤ 5 s;
//!   `KAKOU_BENCH_BATCH=2000` measures full batches);
//! - a sync round with nothing new: an empty push and a pull at the cursor
//!   (goal ≤ 50 ms);
//! - 20 gates pushing at once (goal ≥ 20,000 events/s on PostgreSQL).
//!
//! Events are made before the clock starts; what is timed is what a gate
//! and the district do: serialise, send, check, store, commit, answer.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use kakou_core::sync::Envelope;
use support::db::{Backend, TestDb, postgres_available};
use support::events::{self as ev, test_day};
use support::gate::Gate;
use support::server::{Server, enroll_code};

const ONE_GATE_EVENTS: u64 = 100_000;
/// Events per push; `KAKOU_BENCH_BATCH` overrides it (at most 2,000).
fn batch() -> usize {
    std::env::var("KAKOU_BENCH_BATCH")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(1_000)
}
const GATES: usize = 20;
const EVENTS_PER_GATE: u64 = 10_000;
const ROUNDS: usize = 200;

/// CPU seconds (user + system) a process has used so far, from /proc. The
/// machine is shared, so CPU time says more about cost than wall time.
fn cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11).and_then(|f| f.parse().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|f| f.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

/// CPU seconds of every PostgreSQL process on the machine.
fn postgres_cpu() -> f64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .map(|pid| cpu_seconds(&pid))
        .sum()
}

/// CPU used by the server, this benchmark (the gates) and PostgreSQL
/// between two readings.
struct Cpu {
    server: f64,
    gates: f64,
    postgres: f64,
}

impl Cpu {
    fn now(server: &Server) -> Cpu {
        Cpu {
            server: cpu_seconds(&server.pid().to_string()),
            gates: cpu_seconds("self"),
            postgres: postgres_cpu(),
        }
    }

    fn since(&self, server: &Server) -> String {
        let now = Cpu::now(server);
        format!(
            "CPU: server {:.2} s, gates {:.2} s, postgres {:.2} s",
            now.server - self.server,
            now.gates - self.gates,
            now.postgres - self.postgres
        )
    }
}

fn events_for(gate: &mut Gate, from: u64, n: u64) -> Vec<Envelope> {
    let day = test_day();
    (from..from + n)
        .map(|i| {
            gate.writer.event(
                &ev::passage_body(i, day, &gate.checkpoint),
                day,
                ev::ms(ev::at(day, (i % 50_000) as i64)),
            )
        })
        .collect()
}

fn one_gate(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let events = events_for(&mut gate, 0, ONE_GATE_EVENTS);
    let cpu = Cpu::now(&server);
    let started = Instant::now();
    let acked = gate.push_all(&events, batch());
    let took = started.elapsed();
    assert_eq!(acked, ONE_GATE_EVENTS);
    println!(
        "bench {backend:?}: one gate, {ONE_GATE_EVENTS} events in batches of {}: {:.2} s ({:.0} events/s; goal ≤ 5 s); {}",
        batch(),
        took.as_secs_f64(),
        ONE_GATE_EVENTS as f64 / took.as_secs_f64(),
        cpu.since(&server)
    );

    // Rounds with nothing new, on the database that now holds 100,000 events.
    let (_, cursor) = gate.pull_all(0);
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            assert_eq!(gate.push(&[]).acked(), ONE_GATE_EVENTS);
            let page = gate.pull(cursor, None);
            assert!(page.changes.is_empty());
            started.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "bench {backend:?}: sync round with nothing new (empty push + pull): median {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal ≤ 50 ms)",
        ms(times[ROUNDS / 2]),
        ms(times[ROUNDS * 99 / 100]),
        ms(times[ROUNDS - 1])
    );
}

fn many_gates(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gates: Vec<(Gate, Vec<Envelope>)> = (0..GATES)
        .map(|n| {
            let mut gate = Gate::enroll(
                &server.url(""),
                &enroll_code(&db.url, "幸福里小区", &format!("门{n}")),
            );
            let events = events_for(&mut gate, n as u64 * EVENTS_PER_GATE, EVENTS_PER_GATE);
            (gate, events)
        })
        .collect();
    let cpu = Cpu::now(&server);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for (gate, events) in &mut gates {
            scope.spawn(move || assert_eq!(gate.push_all(events, batch()), EVENTS_PER_GATE));
        }
    });
    let took = started.elapsed();
    let total = GATES as u64 * EVENTS_PER_GATE;
    assert_eq!(
        db.query_texts("SELECT count(*) FROM events"),
        [total.to_string()]
    );
    println!(
        "bench {backend:?}: {GATES} gates at once, {total} events in batches of {}: {:.2} s ({:.0} events/s; goal ≥ 20,000 on PostgreSQL); {}",
        batch(),
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64(),
        cpu.since(&server)
    );
}

/// Where the district's CPU goes per event, in this process: reading the
/// push's JSON, then checking envelopes and bodies and hashing them.
fn per_event_cost() {
    let mut writer = support::events::Writer::new("0193f0d0-0000-7000-8000-000000000001");
    let day = test_day();
    let events: Vec<Envelope> = (0..ONE_GATE_EVENTS)
        .map(|i| writer.event(&ev::passage_body(i, day, "东门"), day, 1))
        .collect();
    let bodies: Vec<Vec<u8>> = events
        .chunks(batch())
        .map(|chunk| serde_json::to_vec(&serde_json::json!({"events": chunk})).unwrap())
        .collect();
    let bytes: usize = bodies.iter().map(Vec::len).sum();
    let started = Instant::now();
    let parsed: Vec<kakou_core::sync::protocol::PushRequest> = bodies
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let parse = started.elapsed();
    let started = Instant::now();
    let mut checked = 0;
    for request in parsed {
        for e in request.events {
            e.check().unwrap();
            checked += 1;
        }
    }
    let check = started.elapsed();
    let us = |d: Duration| d.as_secs_f64() * 1e6 / checked as f64;
    println!(
        "bench: per event on the district ({} bytes of JSON each): parse {:.1} µs, check + hash {:.1} µs",
        bytes / checked,
        us(parse),
        us(check)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and
    // then only a smoke run is wanted, which this bench does not have.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // `cargo bench -p kakou-district --bench sync -- NAME` runs only the
    // parts whose name contains NAME: cost, sqlite, postgres.
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    if "cost".contains(&filter) || filter.is_empty() {
        per_event_cost();
    }
    let mut backends = Vec::new();
    if "sqlite".contains(&filter) || filter.is_empty() {
        backends.push(Backend::Sqlite);
    }
    if ("postgres".contains(&filter) || filter.is_empty()) && postgres_available() {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        one_gate(backend);
        many_gates(backend);
    }
}
