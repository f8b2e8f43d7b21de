//! Killing `kakou gate replay` with SIGKILL at random moments never loses a
//! line that was printed and never corrupts the store.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rusqlite::Connection;

const KILLS: usize = 24;

#[test]
fn sigkill_never_loses_a_printed_passage_nor_corrupts_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    kakou::app::demo::setup(&db).unwrap();
    let scenario = common::repo_file("demo/scenario.jsonl");
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut printed: HashSet<String> = HashSet::new();
    let mut kills_mid_run = 0;

    for round in 0..KILLS {
        let mut child = common::kakou()
            .arg("--db")
            .arg(&db)
            .args(["gate", "replay"])
            .arg(&scenario)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    match line {
                        Ok(l) => lines.lock().unwrap().push(l),
                        Err(_) => break,
                    }
                }
            })
        };
        // Anywhere from before the first commit to well into the run.
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..1500)));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        if still_running {
            kills_mid_run += 1;
        }

        let lines = lines.lock().unwrap();
        for line in lines.iter() {
            // A line cut by the kill is not a printed line; every whole one
            // must parse, so lines are never interleaved or half-written.
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("round {round}: half a line {line:?}: {e}"));
            if let Some(id) = value["passage_id"].as_str() {
                printed.insert(id.to_string());
            }
        }

        let conn = Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let stored: HashSet<String> = conn
            .prepare("SELECT id FROM passages")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let lost: Vec<_> = printed.difference(&stored).collect();
        assert!(lost.is_empty(), "round {round}: printed but lost: {lost:?}");
        // A passage and its sync event are one transaction.
        let events: i64 = conn
            .query_row(
                "SELECT count(*) FROM outbox WHERE kind = 'passage'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(events as usize, stored.len(), "round {round}");
        // At most the one passage being printed when the kill came is stored
        // without its line.
        assert!(stored.len() <= printed.len() + round + 1, "round {round}");
    }
    assert!(
        kills_mid_run >= 20,
        "only {kills_mid_run} kills landed mid-run"
    );
}
