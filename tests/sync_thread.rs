//! The kiosk's sync thread against the real district (issue 13): it syncs
//! on its own, notices the district going away, comes back as soon as a
//! probe reaches it again (not when the backoff runs out), and runs a round
//! at once when the lead asks.

mod common;
mod district;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::{init, run_ok};
use district::Server;
use kakou::app::sync::SyncError;
use kakou::clock::SystemClock;
use kakou::kiosk::sync_thread::{SyncNews, SyncThread};
use kakou_core::sync::schedule::{Link, Timing};

/// Short waits, except the backoff: a thread that waited it out before
/// reconnecting would miss the deadlines below.
const TIMING: Timing = Timing {
    interval_ms: 60_000,
    first_backoff_ms: 120_000,
    max_backoff_ms: 120_000,
    probe_ms: 100,
    refused_ms: 120_000,
};

const PATIENCE: Duration = Duration::from_secs(30);

fn next(news: &mpsc::Receiver<SyncNews>) -> SyncNews {
    news.recv_timeout(PATIENCE)
        .expect("the sync thread reports within the patience")
}

fn counts(store: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(store).unwrap();
    conn.query_row("SELECT count(*), count(acked_at) FROM outbox", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
}

fn visitor_passage(store: &Path, minute: u32) {
    let line = serde_json::json!({
        "at": chrono::Local::now().fixed_offset().to_rfc3339(),
        "direction": "in",
        "visitor": {"name": "访客", "id_number": common::id_number(minute as usize),
            "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
        "temperatures": ["36.6"],
    });
    let file = store.with_extension(format!("{minute}.jsonl"));
    std::fs::write(&file, line.to_string()).unwrap();
    run_ok(store, &["gate", "replay", file.to_str().unwrap()], "");
}

#[test]
fn the_kiosk_syncs_by_itself_reconnects_at_once_and_on_request() {
    let Some(bin) = district::binary() else {
        return;
    };
    let db = district::Database::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("gate.db");
    init(&store);
    let server = Server::start(&bin, &db.url);
    let addr = server.addr.clone();
    let code = district::enroll_code(&bin, &db.url, "幸福里", "东门");
    run_ok(
        &store,
        &["enroll", "--server", &server.url(), "--code", &code],
        "",
    );

    let (tx, news) = mpsc::channel();
    let thread = SyncThread::spawn(store.clone(), Box::new(SystemClock), TIMING, move |n| {
        let _ = tx.send(n);
    })
    .unwrap();
    // The first round is at once.
    let first = next(&news);
    assert_eq!(first.link, Link::Online, "{:?}", first.error);
    let (all, acked) = counts(&store);
    assert_eq!(all, acked);
    assert!(all > 0);

    // The district goes away; the lead's request finds it gone.
    server.kill();
    visitor_passage(&store, 1);
    assert!(thread.handle().sync_now());
    let lost = next(&news);
    assert_eq!(lost.link, Link::Offline);
    assert!(matches!(
        lost.error.as_deref(),
        Some(SyncError::Unreachable(_))
    ));
    assert_eq!(counts(&store).0 - counts(&store).1, 1, "one event waits");

    // It comes back: a probe notices, and a round follows at once, long
    // before the two-minute backoff would have allowed one.
    let server = Server::start_on(&bin, &db.url, &addr);
    let back = next(&news);
    assert_eq!(back.link, Link::Online, "{:?}", back.error);
    assert_eq!(back.round.as_ref().unwrap().pushed, 1);
    let (all, acked) = counts(&store);
    assert_eq!(all, acked);

    // With the next round a minute away, the lead's 立即同步 runs one now.
    visitor_passage(&store, 2);
    assert!(thread.handle().sync_now());
    let asked = next(&news);
    assert_eq!(asked.link, Link::Online);
    assert_eq!(asked.round.unwrap().pushed, 1);
    let on_server: i64 = district::query(&db, "SELECT count(*) FROM events")[0]
        .parse()
        .unwrap();
    assert_eq!(on_server, counts(&store).0);
    drop(server);
}

#[test]
fn a_store_that_is_not_enrolled_is_told_so_and_not_retried_soon() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("gate.db");
    init(&store);
    let (tx, news) = mpsc::channel();
    let _thread = SyncThread::spawn(store, Box::new(SystemClock), TIMING, move |n| {
        let _ = tx.send(n);
    })
    .unwrap();
    let first = next(&news);
    assert_eq!(first.link, Link::Refused);
    assert!(matches!(
        first.error.as_deref(),
        Some(SyncError::NotEnrolled)
    ));
    assert!(
        news.recv_timeout(Duration::from_secs(1)).is_err(),
        "no second round within a second"
    );
}
