//! Sync under faults (issue 13): an issuing store and a verifier gate sync
//! through a proxy that drops, delays, duplicates, reorders and cuts
//! requests and answers and answers 5xx; the server is killed after it
//! commits and before its answer leaves, and at random moments; the gate is
//! killed (as a `kakou sync` process) right after an answer arrives. Every
//! round adds passages, household edits and revocations first. After
//! `KAKOU_FAULT_ROUNDS` seeded rounds (1,000 by default; the seed is
//! `KAKOU_FAULT_SEED` or a fixed one, printed either way), a quiet round
//! must leave every event on the server exactly once, every outbox row
//! acknowledged, no flag raised, and both gates agreeing with each other
//! about every household and revocation.

mod common;
mod district;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Local};
use common::{id_number, json_lines, run_ok};
use district::proxy::{Fault, Proxy};
use district::{Database, Server};
use kakou::app::sync::{self, SyncError};
use kakou::app::{GateSession, Terminal, households, replay, revocation};
use kakou_core::domain::HouseholdStatus;
use kakou_core::pass::RevocationReason;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

const DEFAULT_SEED: u64 = 0x6b61_6b6f_7531;
const HOUSEHOLDS: [&str; 3] = ["1-1-101", "1-2-102", "2-1-101"];

fn settings() -> (usize, u64) {
    let rounds = std::env::var("KAKOU_FAULT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let seed = std::env::var("KAKOU_FAULT_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    (rounds, seed)
}

#[test]
fn nothing_is_lost_or_doubled_when_the_network_and_processes_fail() {
    let Some(bin) = district::binary() else {
        return;
    };
    let (rounds, seed) = settings();
    for db in district::databases() {
        eprintln!(
            "fault injection on {}: {rounds} rounds, seed {seed}",
            if db.postgres { "PostgreSQL" } else { "SQLite" }
        );
        chaos(&bin, &db, rounds, seed);
    }
}

fn ledger() -> String {
    let mut text = String::from("楼栋,单元,房号,姓名,身份证号,类别,户状态\n");
    for (i, name) in ["赵一", "钱二", "孙三", "李四", "周五", "吴六"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!(
            "{},{},10{},{name},{},居民,正常\n",
            1 + i / 4,
            1 + i % 2,
            1 + i % 2,
            id_number(i + 1)
        ));
    }
    text
}

/// One gate as the test drives it: its store in this process, and its
/// path for the `kakou sync` processes that the proxy may kill.
struct Gate {
    path: std::path::PathBuf,
    session: GateSession,
    cards: Vec<String>,
    serials: Vec<u64>,
    next_line: usize,
}

impl Gate {
    fn open(path: &Path, cards: Vec<String>, serials: Vec<u64>) -> Gate {
        let terminal = Terminal::open(path).unwrap();
        Gate {
            path: path.to_path_buf(),
            session: GateSession::open(terminal, "chaos"),
            cards,
            serials,
            next_line: 0,
        }
    }

    fn terminal(&mut self) -> &mut Terminal {
        self.session.terminal_mut()
    }

    /// Adds what a gate does between rounds: passages, and now and then a
    /// household's status or a revocation.
    fn work(&mut self, rng: &mut StdRng, now: DateTime<FixedOffset>) {
        for _ in 0..rng.gen_range(0..3) {
            self.next_line += 1;
            let at = now.to_rfc3339();
            let line = if rng.gen_bool(0.5) {
                json!({
                    "id": format!("chaos-{}", self.next_line),
                    "at": at,
                    "direction": if rng.gen_bool(0.5) { "in" } else { "out" },
                    "pass": self.cards[rng.gen_range(0..self.cards.len())],
                    "temperatures": ["36.5"],
                })
            } else {
                json!({
                    "id": format!("chaos-{}", self.next_line),
                    "at": at,
                    "direction": "in",
                    "visitor": {"name": "访客", "id_number": id_number(200 + self.next_line % 500),
                        "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
                    "temperatures": ["36.6"],
                })
            };
            let parsed = kakou_core::replay::parse_line(&line.to_string()).unwrap();
            replay::drive(&mut self.session, parsed).unwrap();
        }
        if rng.gen_bool(0.15) {
            let address = HOUSEHOLDS[rng.gen_range(0..HOUSEHOLDS.len())];
            let status = [
                HouseholdStatus::Normal,
                HouseholdStatus::HomeQuarantine,
                HouseholdStatus::CloseContact,
            ][rng.gen_range(0..3)];
            households::set_status(self.terminal(), address, status, now).unwrap();
        }
        if rng.gen_bool(0.05) {
            let serial = self.serials[rng.gen_range(0..self.serials.len())];
            revocation::revoke(self.terminal(), serial, RevocationReason::Lost, now).unwrap();
        }
    }

    /// One round in this process. An error is allowed only when it says
    /// the district was not (fully) there: a refusal would mean the
    /// district took a faithful gate for a broken or cloned one.
    fn round_in_process(&mut self, now: DateTime<FixedOffset>) -> bool {
        let (client, token) = sync::district(self.terminal()).unwrap();
        match sync::round(self.terminal(), &client, &token, now) {
            Ok(report) => report.pending == 0,
            Err(SyncError::Unreachable(_)) => false,
            Err(SyncError::Call(kakou::remote::CallError::Garbled(_))) => false,
            Err(other) => panic!("{:?}: a round failed with {other}", self.path),
        }
    }

    /// One round as a `kakou sync` process, which the proxy may kill as
    /// soon as an answer reached it. Returns whether it was killed.
    fn round_as_process(&self, proxy: &Proxy) -> bool {
        let mut child = common::kakou()
            .arg("--db")
            .arg(&self.path)
            .arg("sync")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        *proxy.gate_pid().lock().unwrap() = Some(child.id());
        let status = loop {
            {
                let mut armed = proxy.gate_pid().lock().unwrap();
                if let Some(status) = child.try_wait().unwrap() {
                    *armed = None;
                    break status;
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let out = child.wait_with_output().unwrap();
        use std::os::unix::process::ExitStatusExt;
        match (status.code(), status.signal()) {
            (Some(0 | 2), _) => false,
            (None, Some(libc::SIGKILL)) => true,
            other => panic!(
                "kakou sync ended with {other:?}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
}

fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

fn enroll(bin: &Path, db: &Database, proxy: &Proxy, store: &Path, checkpoint: &str) {
    let code = district::enroll_code(bin, &db.url, "幸福里", checkpoint);
    run_ok(
        store,
        &["enroll", "--server", &proxy.url(), "--code", &code],
        "",
    );
}

fn start(bin: &Path, db: &Database, proxy: &Proxy) -> Server {
    let server = Server::start(bin, &db.url);
    proxy.set_server(server.addr.parse().unwrap(), server.pid());
    server
}

fn chaos(bin: &Path, db: &Database, rounds: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let (x, y) = (dir.path().join("x.db"), dir.path().join("y.db"));
    run_ok(
        &x,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
    run_ok(
        &y,
        &[
            "init",
            "--gate",
            "--community",
            "幸福里",
            "--checkpoint",
            "西门",
        ],
        "",
    );
    let file = dir.path().join("ledger.csv");
    std::fs::write(&file, ledger()).unwrap();
    run_ok(&x, &["import", "residents", file.to_str().unwrap()], "");
    let issued = json_lines(&run_ok(&x, &["pass", "issue", "--all"], ""));
    let cards: Vec<String> = issued
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    let serials: Vec<u64> = issued
        .iter()
        .map(|p| p["serial"].as_u64().unwrap())
        .collect();

    let mut server = Server::start(bin, &db.url);
    let proxy = Proxy::start(server.addr.parse().unwrap(), seed);
    proxy.set_server(server.addr.parse().unwrap(), server.pid());
    enroll(bin, db, &proxy, &x, "东门");
    enroll(bin, db, &proxy, &y, "西门");
    let mut gates = [
        Gate::open(&x, cards.clone(), serials.clone()),
        Gate::open(&y, cards, serials),
    ];

    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let (mut restarts, mut gate_kills, mut complete) = (0, 0, 0);
    proxy.faults(true);
    for _ in 0..rounds {
        if server.exited() {
            server = start(bin, db, &proxy);
            restarts += 1;
        }
        let gate = &mut gates[rng.gen_range(0..2)];
        gate.work(&mut rng, now());
        match rng.gen_range(0..100) {
            0..=6 => {
                if gate.round_as_process(&proxy) {
                    gate_kills += 1;
                }
            }
            7..=9 => {
                // The server dies at a moment of its own choosing.
                let pid = server.pid() as libc::pid_t;
                let after = Duration::from_millis(rng.gen_range(0..40));
                let killer = std::thread::spawn(move || {
                    std::thread::sleep(after);
                    // SAFETY: kill(2) of the server this test started; it
                    // is reaped only by `server.exited()` below.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                });
                gate.round_in_process(now());
                killer.join().unwrap();
            }
            _ => {
                if gate.round_in_process(now()) {
                    complete += 1;
                }
            }
        }
    }
    proxy.faults(false);
    let applied = proxy.applied();
    eprintln!(
        "faults applied: {applied:?}; server restarts {restarts}, gates killed {gate_kills}, rounds complete {complete}"
    );
    for fault in [
        Fault::DropRequest,
        Fault::CutRequest,
        Fault::Delay,
        Fault::Unavailable,
        Fault::BadGatewayAfterServer,
        Fault::DropResponse,
        Fault::CutResponse,
        Fault::Duplicate,
        Fault::StaleBefore,
        Fault::StaleAfter,
        Fault::KillServerBeforeReply,
        Fault::KillGateAfterReply,
    ] {
        assert!(
            applied.get(&fault).copied().unwrap_or(0) > 0,
            "{fault:?} never happened in {rounds} rounds: the test did not test it"
        );
    }
    assert!(
        gate_kills > 0,
        "no gate was killed between answer and marking"
    );

    // A quiet network: each gate catches up, and then once more so that
    // each has pulled what the other pushed last.
    if server.exited() {
        server = start(bin, db, &proxy);
    }
    for _ in 0..2 {
        for gate in gates.iter_mut() {
            assert!(
                gate.round_in_process(now()),
                "{:?} did not complete a quiet round",
                gate.path
            );
        }
    }
    check(db, &x, &y);
    drop(server);
}

/// Every event of both outboxes on the server exactly once, with the same
/// body; every outbox row acknowledged; no flag; both gates agreeing.
fn check(db: &Database, x: &Path, y: &Path) {
    let mut sent: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for store in [x, y] {
        let conn = rusqlite::Connection::open(store).unwrap();
        let unacked: i64 = conn
            .query_row(
                "SELECT count(*) FROM outbox WHERE acked_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unacked, 0, "{store:?} has unacknowledged events");
        let mut stmt = conn.prepare("SELECT event_id, body FROM outbox").unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        for row in rows {
            let (id, body) = row.unwrap();
            let body: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(
                sent.insert(id, body).is_none(),
                "an id twice in the outboxes"
            );
        }
    }
    let count: usize = district::query(db, "SELECT count(*) FROM events")[0]
        .parse()
        .unwrap();
    let mut stored: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for line in district::query(db, "SELECT id || ' ' || body FROM events") {
        let (id, body) = line.split_once(' ').unwrap();
        stored.insert(id.to_string(), serde_json::from_str(body).unwrap());
    }
    assert_eq!(count, stored.len(), "an event id is stored twice");
    let lost: Vec<_> = sent.keys().filter(|id| !stored.contains_key(*id)).collect();
    let extra: Vec<_> = stored.keys().filter(|id| !sent.contains_key(*id)).collect();
    assert!(lost.is_empty(), "{} events lost: {lost:?}", lost.len());
    assert!(
        extra.is_empty(),
        "{} events nobody sent: {extra:?}",
        extra.len()
    );
    for (id, body) in &sent {
        assert_eq!(&stored[id], body, "event {id} changed on the way");
    }
    eprintln!("{} events, each once", stored.len());
    let flags = district::query(db, "SELECT kind || ': ' || detail FROM flags");
    assert!(flags.is_empty(), "the district raised flags: {flags:?}");
    let blocked = district::query(
        db,
        "SELECT id FROM terminals WHERE blocked_at IS NOT NULL OR revoked_at IS NOT NULL",
    );
    assert!(blocked.is_empty(), "terminals blocked: {blocked:?}");

    // Both gates mean the same by every household and revocation.
    let master = |store: &Path| {
        let conn = rusqlite::Connection::open(store).unwrap();
        let households: BTreeSet<(i64, i64, String)> = conn
            .prepare("SELECT key_id, number, status FROM households")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let revoked: BTreeSet<(i64, i64)> = conn
            .prepare("SELECT key_id, serial FROM revocations")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (households, revoked)
    };
    let (xh, xr) = master(x);
    let (yh, yr) = master(y);
    assert_eq!(xh, yh, "the gates disagree about households");
    assert_eq!(xr, yr, "the gates disagree about revocations");
    assert!(
        !xr.is_empty(),
        "no revocation was made: the test did not test them"
    );
}
