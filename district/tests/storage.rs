//! The storage suite: every rule of the district's storage, run against
//! SQLite and PostgreSQL through the one `Storage` trait.

mod support;

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use kakou_core::domain::{HouseholdStatus, Temperature};
use kakou_core::pass::TrustedKey;
use kakou_core::report;
use kakou_core::sync::events::{EventBody, KeyRole, TrustedKeyBody};
use kakou_core::sync::hlc::Hlc;
use kakou_core::sync::protocol::MasterData;
use kakou_core::sync::{CheckedEvent, Envelope};
use kakou_district::secrets::sha256_hex;
use kakou_district::storage::{
    self, EnrollAttempt, EnrollRefusal, NewEnrollCode, PushOutcome, Storage, Terminal,
};
use support::db::{Backend, TestDb, postgres_available};
use support::events::{self as ev, Writer, test_day};

/// Runs `case` against a fresh database of `backend` on a two-thread runtime.
fn run<F, Fut>(backend: Backend, case: F) -> TestDb
where
    F: FnOnce(Arc<dyn Storage>) -> Fut,
    Fut: Future<Output = ()>,
{
    let db = TestDb::new(backend);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let storage = storage::open(&db.url).await.expect("the storage opens");
        case(storage).await;
    });
    db
}

/// One test per backend; the PostgreSQL one skips (or fails under CI) when
/// no server answers.
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Backend::Sqlite);
            }
            #[test]
            fn postgres() {
                if super::postgres_available() {
                    super::$name(super::Backend::Postgres);
                }
            }
        }
    )*};
}

both!(
    enrolment_codes_are_single_use_and_expire,
    a_push_is_idempotent_and_contiguous,
    the_same_id_with_another_body_is_refused_and_flagged,
    a_gap_answers_the_expected_seq,
    a_cloned_terminal_is_blocked_not_merged,
    overlapping_pushes_from_one_terminal_are_serialised,
    household_status_resolves_last_writer_wins,
    a_clock_far_ahead_is_clamped_and_flagged,
    pull_pages_by_cursor_and_keeps_to_the_community,
    concurrent_writers_never_make_a_reader_skip,
    revocations_and_keys_only_grow,
    day_inputs_use_each_terminals_fever_threshold,
    a_revoked_terminal_cannot_push,
    the_web_pages_storage_keeps_sessions_communities_visitors_and_audit,
    a_version_1_database_gains_the_web_tables,
);

fn now() -> DateTime<Utc> {
    Utc::now()
}

async fn new_code(s: &dyn Storage, code: &str, community: &str, checkpoint: &str, valid: Duration) {
    s.create_enroll_code(&NewEnrollCode {
        code_hash: sha256_hex(code),
        community: community.into(),
        checkpoint: checkpoint.into(),
        created_at: now(),
        expires_at: now() + valid,
    })
    .await
    .unwrap();
}

async fn try_enroll(
    s: &dyn Storage,
    code: &str,
    terminal: &str,
    token: &str,
) -> Result<Terminal, EnrollRefusal> {
    s.enroll(&EnrollAttempt {
        code_hash: sha256_hex(code),
        terminal: terminal.into(),
        token_hash: sha256_hex(token),
        now: now(),
    })
    .await
    .unwrap()
}

/// A newly enrolled terminal and its writer.
async fn enrolled(s: &dyn Storage, community: &str, checkpoint: &str) -> (Terminal, Writer) {
    let code = format!("code-{}", uuid::Uuid::now_v7());
    let id = uuid::Uuid::now_v7().to_string();
    new_code(s, &code, community, checkpoint, Duration::hours(1)).await;
    let terminal = try_enroll(s, &code, &id, &format!("token-{id}"))
        .await
        .unwrap();
    (terminal, Writer::new(&id))
}

fn checked(events: &[Envelope]) -> Vec<CheckedEvent> {
    events
        .iter()
        .map(|e| e.clone().check().expect("a valid event"))
        .collect()
}

async fn push(s: &dyn Storage, t: &Terminal, events: &[Envelope]) -> PushOutcome {
    s.push(t, checked(events), now()).await.unwrap()
}

fn passages(w: &mut Writer, from: u64, n: u64) -> Vec<Envelope> {
    (from..from + n)
        .map(|i| {
            w.event(
                &ev::passage_body(i, test_day(), "东门"),
                test_day(),
                ev::ms(ev::at(test_day(), i as i64)),
            )
        })
        .collect()
}

async fn terminal(s: &dyn Storage, id: &str) -> Terminal {
    s.terminals()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id == id)
        .unwrap()
}

fn enrolment_codes_are_single_use_and_expire(backend: Backend) {
    let db = run(backend, |s| async move {
        let s = &*s;
        new_code(s, "AAAA", "幸福里", "东门", Duration::hours(1)).await;
        new_code(s, "BBBB", "幸福里", "东门", Duration::seconds(-1)).await;
        new_code(s, "CCCC", "幸福里", "西门", Duration::hours(1)).await;
        new_code(s, "DDDD", "幸福里", "东门", Duration::hours(1)).await;
        let t1 = uuid::Uuid::now_v7().to_string();
        assert_eq!(
            try_enroll(s, "NOPE", &t1, "x").await,
            Err(EnrollRefusal::UnknownCode)
        );
        assert_eq!(
            try_enroll(s, "BBBB", &t1, "x").await,
            Err(EnrollRefusal::ExpiredCode)
        );
        let first = try_enroll(s, "AAAA", &t1, "token-1").await.unwrap();
        assert_eq!(
            (
                first.community.as_str(),
                first.checkpoint.as_str(),
                first.acked_through
            ),
            ("幸福里", "东门", 0)
        );
        assert_eq!(
            try_enroll(s, "AAAA", &uuid::Uuid::now_v7().to_string(), "y").await,
            Err(EnrollRefusal::UsedCode)
        );
        // The token authenticates; only its hash is stored.
        assert_eq!(
            s.authenticate(&sha256_hex("token-1"))
                .await
                .unwrap()
                .unwrap()
                .id,
            t1
        );
        assert!(s.authenticate("token-1").await.unwrap().is_none());
        // A code for another checkpoint cannot move an enrolled terminal.
        assert!(matches!(
            try_enroll(s, "CCCC", &t1, "z").await,
            Err(EnrollRefusal::Refused(_))
        ));
        // Enrolling again at its own checkpoint replaces the token.
        let mut w = Writer::new(&t1);
        push(s, &first, &passages(&mut w, 0, 3)).await;
        let again = try_enroll(s, "DDDD", &t1, "token-2").await.unwrap();
        assert_eq!(again.acked_through, 3);
        assert!(
            s.authenticate(&sha256_hex("token-1"))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.authenticate(&sha256_hex("token-2"))
                .await
                .unwrap()
                .is_some()
        );
    });
    // Refused attempts left the unused codes unused.
    let used =
        db.query_texts("SELECT code_hash FROM enroll_codes WHERE used_at IS NOT NULL ORDER BY 1");
    let mut want = vec![sha256_hex("AAAA"), sha256_hex("DDDD")];
    want.sort();
    assert_eq!(used, want);
}

fn a_push_is_idempotent_and_contiguous(backend: Backend) {
    let db = run(backend, |s| async move {
        let s = &*s;
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        let events = passages(&mut w, 0, 15);
        assert_eq!(
            push(s, &t, &events[..10]).await,
            PushOutcome::Stored { acked_through: 10 }
        );
        // The answer was lost; the same batch again changes nothing.
        assert_eq!(
            push(s, &t, &events[..10]).await,
            PushOutcome::Stored { acked_through: 10 }
        );
        // A retry overlapping new events stores only the new ones.
        assert_eq!(
            push(s, &t, &events[5..]).await,
            PushOutcome::Stored { acked_through: 15 }
        );
        // An old batch is acknowledged up to its own end only.
        assert_eq!(
            push(s, &t, &events[2..4]).await,
            PushOutcome::Stored { acked_through: 4 }
        );
        assert_eq!(
            push(s, &t, &[]).await,
            PushOutcome::Stored { acked_through: 15 }
        );
        assert_eq!(terminal(s, &t.id).await.acked_through, 15);
    });
    let seqs = db.query_texts("SELECT seq FROM events ORDER BY seq");
    assert_eq!(seqs, (1..=15).map(|n| n.to_string()).collect::<Vec<_>>());
}

fn the_same_id_with_another_body_is_refused_and_flagged(backend: Backend) {
    let db = run(backend, |s| async move {
        let s = &*s;
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        let events = passages(&mut w, 0, 4);
        push(s, &t, &events[..3]).await;
        let mut changed = events[1].clone();
        changed.body.insert("operator".into(), "赵六".into());
        // Already stored at its seq: refused, nothing at or after it acknowledged.
        let outcome = push(
            s,
            &t,
            &[events[0].clone(), changed.clone(), events[2].clone()],
        )
        .await;
        assert_eq!(
            outcome,
            PushOutcome::Conflict {
                acked_through: 1,
                index: 1,
                id: events[1].id.clone()
            }
        );
        // Pushing it again does not pile up flags.
        push(s, &t, &[changed]).await;
        // A new seq reusing a stored id: the events before it are stored.
        let mut reused = events[3].clone();
        reused.id = events[0].id.clone();
        reused.seq = 5;
        let outcome = push(s, &t, &[events[3].clone(), reused]).await;
        assert_eq!(
            outcome,
            PushOutcome::Conflict {
                acked_through: 4,
                index: 1,
                id: events[0].id.clone()
            }
        );
        let flags = s.flags().await.unwrap();
        let conflicts: Vec<_> = flags
            .iter()
            .filter(|f| f.kind == "event_conflict")
            .collect();
        assert_eq!(conflicts.len(), 2, "{flags:?}");
        assert_eq!(
            conflicts[0].event_id.as_deref(),
            Some(events[1].id.as_str())
        );
        assert_eq!(
            conflicts[0].detail["pushed"]["envelope"]["body"]["operator"],
            "赵六"
        );
        assert_eq!(terminal(s, &t.id).await.acked_through, 4);
    });
    // The stored body is the first one, never merged.
    let operators = db.query_texts("SELECT body FROM events WHERE seq = 2");
    assert!(operators[0].contains("王五") && !operators[0].contains("赵六"));
}

fn a_gap_answers_the_expected_seq(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        let events = passages(&mut w, 0, 8);
        push(s, &t, &events[..3]).await;
        assert_eq!(
            push(s, &t, &events[5..]).await,
            PushOutcome::Gap {
                acked_through: 3,
                expected: 4
            }
        );
        // A batch with a hole in the middle keeps what comes before it.
        let holey = [events[3].clone(), events[4].clone(), events[6].clone()];
        assert_eq!(
            push(s, &t, &holey).await,
            PushOutcome::Gap {
                acked_through: 5,
                expected: 6
            }
        );
        assert_eq!(
            push(s, &t, &events[5..]).await,
            PushOutcome::Stored { acked_through: 8 }
        );
    });
}

fn a_cloned_terminal_is_blocked_not_merged(backend: Backend) {
    let db = run(backend, |s| async move {
        let s = &*s;
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        let mut copy = w.clone();
        let original = passages(&mut w, 0, 5);
        push(s, &t, &original).await;
        // The copied card wrote its own events from seq 1 on, new and old mixed.
        let cloned = passages(&mut copy, 100, 6);
        assert_eq!(push(s, &t, &cloned[3..]).await, PushOutcome::Blocked);
        assert!(terminal(s, &t.id).await.blocked_at.is_some());
        assert_eq!(
            push(s, &t, &passages(&mut w, 5, 1)).await,
            PushOutcome::Refused { revoked: false }
        );
        let flags = s.flags().await.unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].kind, "cloned_terminal");
        assert_eq!(flags[0].detail["seq"], 4);
        assert_eq!(flags[0].detail["stored_id"], original[3].id.as_str());
    });
    // Nothing of the copy's batch was stored, not even its new seq 6.
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["5"]);
}

fn overlapping_pushes_from_one_terminal_are_serialised(backend: Backend) {
    let db = run(backend, |s| async move {
        let (t, mut w) = enrolled(&*s, "幸福里", "东门").await;
        let events = Arc::new(checked(&passages(&mut w, 0, 300)));
        // Eight pushers send overlapping windows at once, as retries after
        // lost answers would; every answer must be a clean acknowledgement
        // or a gap, never an error or a conflict.
        let mut tasks = Vec::new();
        for pusher in 0..8usize {
            let (s, t, events) = (s.clone(), t.clone(), events.clone());
            tasks.push(tokio::spawn(async move {
                let mut start = 0usize;
                let mut rounds = 0;
                while start < events.len() && rounds < 200 {
                    rounds += 1;
                    let end = (start + 20 + pusher * 7).min(events.len());
                    match s
                        .push(&t, events[start..end].to_vec(), now())
                        .await
                        .unwrap()
                    {
                        PushOutcome::Stored { acked_through } => start = acked_through as usize,
                        PushOutcome::Gap { expected, .. } => start = expected as usize - 1,
                        other => panic!("pusher {pusher}: {other:?}"),
                    }
                }
                assert_eq!(start, events.len(), "pusher {pusher} finished");
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(terminal(&*s, &t.id).await.acked_through, 300);
    });
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["300"]);
    assert_eq!(
        db.query_texts("SELECT count(DISTINCT seq) FROM events"),
        ["300"]
    );
    assert_eq!(db.query_texts("SELECT max(seq) FROM events"), ["300"]);
}

fn households_of(
    changes: &[kakou_core::sync::protocol::Change],
) -> Vec<(u32, String, HouseholdStatus)> {
    changes
        .iter()
        .filter_map(|c| match &c.item {
            MasterData::Household(h) => Some((h.number, h.address.clone(), h.status)),
            _ => None,
        })
        .collect()
}

fn household_status_resolves_last_writer_wins(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (issuing, mut wi) = enrolled(s, "幸福里", "东门").await;
        let (gate, mut wg) = enrolled(s, "幸福里", "西门").await;
        let t0 = ev::ms(ev::at(test_day(), 0));
        use HouseholdStatus::*;
        // The import at t0; a lead at the west gate quarantines at t0+10 s.
        push(
            s,
            &issuing,
            &[wi.stamped(&ev::household(7, 1, "3-2-501", Normal), Hlc::new(t0, 0))],
        )
        .await;
        push(
            s,
            &gate,
            &[wg.stamped(
                &ev::household_status(7, 1, HomeQuarantine),
                Hlc::new(t0 + 10_000, 0),
            )],
        )
        .await;
        // The east gate was offline and set "close contact" at t0+5 s: older, it loses.
        push(
            s,
            &issuing,
            &[wi.stamped(
                &ev::household_status(7, 1, CloseContact),
                Hlc::new(t0 + 5_000, 0),
            )],
        )
        .await;
        let page = s.pull("幸福里", 0, 100).await.unwrap();
        assert_eq!(
            households_of(&page.changes),
            [(1, "3-2-501".to_string(), HomeQuarantine)]
        );
        let conflicts = s.household_conflicts("幸福里").await.unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].winner.status, HomeQuarantine);
        assert_eq!(conflicts[0].winner.terminal, gate.id);
        assert_eq!(conflicts[0].loser.status, CloseContact);
        assert_eq!(conflicts[0].loser.terminal, issuing.id);
        // The lost edit changed nothing visible: no new change for gates.
        assert!(
            s.pull("幸福里", page.cursor, 100)
                .await
                .unwrap()
                .changes
                .is_empty()
        );
        // Equal stamps: the greater terminal id wins, on every replica.
        let tie = Hlc::new(t0 + 20_000, 0);
        push(
            s,
            &issuing,
            &[wi.stamped(&ev::household_status(7, 1, Vacant), tie)],
        )
        .await;
        push(
            s,
            &gate,
            &[wg.stamped(&ev::household_status(7, 1, SecondaryContact), tie)],
        )
        .await;
        let want = if gate.id > issuing.id {
            SecondaryContact
        } else {
            Vacant
        };
        let page = s.pull("幸福里", 0, 100).await.unwrap();
        assert_eq!(households_of(&page.changes)[0].2, want);
    });
}

fn a_clock_far_ahead_is_clamped_and_flagged(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (a, mut wa) = enrolled(s, "幸福里", "东门").await;
        let (b, mut wb) = enrolled(s, "幸福里", "西门").await;
        let now_ms = now().timestamp_millis() as u64;
        use HouseholdStatus::*;
        push(
            s,
            &a,
            &[wa.stamped(
                &ev::household(7, 1, "3-2-501", Normal),
                Hlc::new(now_ms - 60_000, 0),
            )],
        )
        .await;
        // A gate whose clock says next year quarantines the household...
        let year_ahead = now_ms + 365 * 86_400_000;
        push(
            s,
            &a,
            &[wa.stamped(
                &ev::household_status(7, 1, HomeQuarantine),
                Hlc::new(year_ahead, 0),
            )],
        )
        .await;
        let flags = s.flags().await.unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].kind, "clock_ahead");
        assert_eq!(flags[0].detail["stamp"]["wall_ms"], year_ahead);
        // ...and a correct gate lifting it ten minutes from now still wins,
        // which it would not without the clamp.
        let later = now_ms + 10 * 60_000;
        push(
            s,
            &b,
            &[wb.stamped(&ev::household_status(7, 1, Normal), Hlc::new(later, 0))],
        )
        .await;
        let page = s.pull("幸福里", 0, 100).await.unwrap();
        assert_eq!(households_of(&page.changes)[0].2, Normal);
    });
}

fn key_body(seed: u8, community: &str, role: KeyRole) -> TrustedKeyBody {
    let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]).verifying_key();
    let trusted = TrustedKey::new(community, &key);
    TrustedKeyBody {
        key_id: trusted.key_id,
        community: community.into(),
        public_key: trusted
            .public_key
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        role,
    }
}

fn pull_pages_by_cursor_and_keeps_to_the_community(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (a, mut wa) = enrolled(s, "幸福里", "东门").await;
        let (b, mut wb) = enrolled(s, "和平村", "村口").await;
        let mut events = vec![wa.event(
            &EventBody::TrustedKey(key_body(1, "幸福里", KeyRole::Issuing)),
            test_day(),
            1,
        )];
        for n in 1..=5 {
            events.push(wa.event(
                &ev::household(7, n, &format!("1-1-{n}01"), HouseholdStatus::Normal),
                test_day(),
                2,
            ));
        }
        events.push(wa.event(&ev::revocation(7, 42, "lost"), test_day(), 3));
        push(s, &a, &events).await;
        push(
            s,
            &b,
            &[
                wb.event(
                    &EventBody::TrustedKey(key_body(2, "和平村", KeyRole::Visitor)),
                    test_day(),
                    1,
                ),
                wb.event(
                    &ev::household(9, 1, "一组", HouseholdStatus::Vacant),
                    test_day(),
                    2,
                ),
                wb.event(&ev::revocation(9, 1, "moved"), test_day(), 3),
            ],
        )
        .await;
        // Page through 幸福里's view three changes at a time.
        let mut cursor = 0;
        let mut seen = Vec::new();
        loop {
            let page = s.pull("幸福里", cursor, 3).await.unwrap();
            assert!(page.changes.len() <= 3);
            assert!(page.changes.iter().all(|c| c.change > cursor));
            seen.extend(page.changes);
            cursor = page.cursor;
            if !page.more {
                break;
            }
        }
        let changes: Vec<u64> = seen.iter().map(|c| c.change).collect();
        assert!(changes.windows(2).all(|w| w[0] < w[1]), "{changes:?}");
        // Both communities' keys, but only its own households and revocations.
        let keys: BTreeSet<String> = seen
            .iter()
            .filter_map(|c| match &c.item {
                MasterData::TrustedKey(k) => Some(k.community.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from(["和平村".to_string(), "幸福里".to_string()])
        );
        assert_eq!(households_of(&seen).len(), 5);
        let revocations: Vec<_> = seen
            .iter()
            .filter_map(|c| match &c.item {
                MasterData::Revocation(r) => Some((r.key_id, r.serial)),
                _ => None,
            })
            .collect();
        assert_eq!(revocations, [(7, 42)]);
        // The cursor is past 和平村's rows too, and nothing is left.
        assert_eq!(cursor, s.latest_change().await.unwrap());
        assert_eq!(cursor, 10);
        let rest = s.pull("幸福里", cursor, 3).await.unwrap();
        assert!(rest.changes.is_empty() && !rest.more);
    });
}

fn concurrent_writers_never_make_a_reader_skip(backend: Backend) {
    run(backend, |s| async move {
        const WRITERS: u64 = 4;
        const EACH: u64 = 60;
        let mut tasks = Vec::new();
        for n in 0..WRITERS {
            let (t, mut w) = enrolled(&*s, "幸福里", &format!("门{n}")).await;
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..EACH {
                    let e = w.event(&ev::revocation(7, n * 1000 + i, "lost"), test_day(), i + 1);
                    assert!(matches!(
                        s.push(&t, checked(&[e]), now()).await.unwrap(),
                        PushOutcome::Stored { .. }
                    ));
                }
            }));
        }
        // The reader pulls small pages while the writers run, keeping its cursor.
        let reader = {
            let s = s.clone();
            tokio::spawn(async move {
                let mut cursor = 0;
                let mut seen = BTreeSet::new();
                for _ in 0..2000 {
                    let page = s.pull("幸福里", cursor, 7).await.unwrap();
                    for c in page.changes {
                        if let MasterData::Revocation(r) = c.item {
                            assert!(seen.insert(r.serial), "serial {} twice", r.serial);
                        }
                    }
                    cursor = page.cursor;
                    if seen.len() as u64 == WRITERS * EACH {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
                (seen, cursor)
            })
        };
        for task in tasks {
            task.await.unwrap();
        }
        let (mut seen, mut cursor) = reader.await.unwrap();
        // Whatever the reader had not reached yet, it gets from its cursor.
        loop {
            let page = s.pull("幸福里", cursor, 50).await.unwrap();
            cursor = page.cursor;
            for c in page.changes {
                if let MasterData::Revocation(r) = c.item {
                    seen.insert(r.serial);
                }
            }
            if !page.more {
                break;
            }
        }
        assert_eq!(
            seen.len() as u64,
            WRITERS * EACH,
            "a reader following the cursor saw every row"
        );
    });
}

fn revocations_and_keys_only_grow(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (a, mut wa) = enrolled(s, "幸福里", "东门").await;
        let key = key_body(1, "幸福里", KeyRole::Issuing);
        let mut visitor_role = key.clone();
        visitor_role.role = KeyRole::Visitor;
        let foreign = key_body(3, "和平村", KeyRole::Issuing);
        let events = vec![
            wa.event(&ev::revocation(7, 1, "lost"), test_day(), 1),
            wa.event(&ev::revocation(7, 1, "found again?"), test_day(), 2),
            wa.event(&EventBody::TrustedKey(key.clone()), test_day(), 3),
            wa.event(&EventBody::TrustedKey(key.clone()), test_day(), 4),
            wa.event(&EventBody::TrustedKey(visitor_role), test_day(), 5),
            wa.event(&EventBody::TrustedKey(foreign), test_day(), 6),
        ];
        assert_eq!(
            push(s, &a, &events).await,
            PushOutcome::Stored { acked_through: 6 }
        );
        let page = s.pull("幸福里", 0, 100).await.unwrap();
        let items: Vec<_> = page.changes.iter().map(|c| c.item.clone()).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], MasterData::Revocation(r) if r.reason == "lost"));
        assert_eq!(items[1], MasterData::TrustedKey(key));
        let kinds: Vec<String> = s
            .flags()
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(kinds, ["key_mismatch", "foreign_community_key"]);
    });
}

fn day_inputs_use_each_terminals_fever_threshold(backend: Backend) {
    run(backend, |s| async move {
        let s = &*s;
        let (t1, mut w1) = enrolled(s, "幸福里", "东门").await;
        let (t2, mut w2) = enrolled(s, "幸福里", "东门").await;
        let (t3, mut w3) = enrolled(s, "幸福里", "西门").await;
        let _ = enrolled(s, "和平村", "村口").await;
        let day = test_day();
        // t1 changes its threshold twice: the newest (37.5) counts.
        let mut e1 = vec![
            w1.event(&ev::gate_config(370), day, 1),
            w1.event(&ev::gate_config(375), day, 2),
        ];
        e1.extend((0..40).map(|n| w1.event(&ev::passage_body(n, day, "东门"), day, 3)));
        let e2: Vec<_> = (40..60)
            .map(|n| w2.event(&ev::passage_body(n, day, "东门"), day, 3))
            .collect();
        // Another day's passages are left out.
        let other = day.succ_opt().unwrap();
        let e3: Vec<_> = (0..5)
            .map(|n| w3.event(&ev::passage_body(n, other, "西门"), other, 3))
            .collect();
        push(s, &t1, &e1).await;
        push(s, &t2, &e2).await;
        push(s, &t3, &e3).await;
        let zero = report::daily(day, "西门", &[], Temperature::DEFAULT_FEVER).remove(0);
        push(s, &t3, &[w3.event(&ev::daily_report(zero), day, 4)]).await;

        let inputs = s.day_inputs(day).await.unwrap();
        let key = |c: &str, g: &str| (c.to_string(), g.to_string());
        assert_eq!(
            inputs.enrolled,
            BTreeSet::from([
                key("幸福里", "东门"),
                key("幸福里", "西门"),
                key("和平村", "村口")
            ])
        );
        assert_eq!(inputs.reported, BTreeSet::from([key("幸福里", "西门")]));
        let east = &inputs.passages[&key("幸福里", "东门")];
        let mut by_count: Vec<_> = east
            .iter()
            .map(|d| (d.passages.len(), d.fever_at))
            .collect();
        by_count.sort();
        assert_eq!(
            by_count,
            [(20, Temperature::DEFAULT_FEVER), (40, Temperature(375))]
        );
        assert!(!inputs.passages.contains_key(&key("幸福里", "西门")));
    });
}

fn a_revoked_terminal_cannot_push(backend: Backend) {
    let db = run(backend, |s| async move {
        let s = &*s;
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        push(s, &t, &passages(&mut w, 0, 2)).await;
        assert!(s.revoke_terminal(&t.id, now()).await.unwrap());
        assert!(!s.revoke_terminal("no-such-terminal", now()).await.unwrap());
        assert_eq!(
            push(s, &t, &passages(&mut w, 2, 2)).await,
            PushOutcome::Refused { revoked: true }
        );
        assert!(terminal(s, &t.id).await.revoked_at.is_some());
        // A revoked terminal is no longer counted as enrolled for reports.
        assert!(s.day_inputs(test_day()).await.unwrap().enrolled.is_empty());
    });
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["2"]);
}

fn the_web_pages_storage_keeps_sessions_communities_visitors_and_audit(backend: Backend) {
    use kakou_district::storage::{AuditEntry, NewSession, NewUser, Role, VisitorRecord};
    use kakou_district::visitor::new_community;
    let db = run(backend, |s| async move {
        let s = &*s;
        // Users and sessions: a session ends when it expires or logs out.
        s.add_user(&NewUser {
            name: "lead".into(),
            role: Role::Lead,
            community: Some("幸福里".into()),
            password_hash: "$argon2id$x".into(),
            created_at: now(),
        })
        .await
        .unwrap();
        let user = s.user("lead").await.unwrap().unwrap();
        assert!(user.may_see("幸福里") && !user.may_see("东城"));
        assert_eq!(s.user("nobody").await.unwrap(), None);
        for (token, hours) in [("live", 1), ("stale", -1)] {
            s.create_session(&NewSession {
                token_hash: sha256_hex(token),
                user: "lead".into(),
                csrf: format!("csrf-{token}"),
                created_at: now(),
                expires_at: now() + Duration::hours(hours),
            })
            .await
            .unwrap();
        }
        let live = s
            .session(&sha256_hex("live"), now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (live.user.name.as_str(), live.csrf.as_str()),
            ("lead", "csrf-live")
        );
        assert_eq!(s.session(&sha256_hex("stale"), now()).await.unwrap(), None);
        s.delete_session(&sha256_hex("live"), now()).await.unwrap();
        assert_eq!(s.session(&sha256_hex("live"), now()).await.unwrap(), None);

        // A community is made once; its visitor key enters the pull feed.
        let before = s.latest_change().await.unwrap();
        let first = s
            .ensure_community(&new_community("幸福里", now()))
            .await
            .unwrap();
        let again = s
            .ensure_community(&new_community("幸福里", now()))
            .await
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(s.latest_change().await.unwrap(), before + 1);
        let page = s.pull("东城", before, 10).await.unwrap();
        assert!(matches!(&page.changes[..], [c] if matches!(&c.item,
            MasterData::TrustedKey(k) if k.role == KeyRole::Visitor && k.public_key == first.visitor_public)));
        let secret = s.visitor_secret("幸福里").await.unwrap().unwrap();
        let key = kakou_district::visitor::signing_key(&secret).unwrap();
        assert_eq!(
            kakou_district::visitor::hex(key.verifying_key().as_bytes()),
            first.visitor_public
        );
        assert_eq!(s.communities().await.unwrap(), std::slice::from_ref(&first));

        // Serials count up per community; visitors are found by token.
        assert_eq!(s.next_visitor_serial("幸福里").await.unwrap(), 1);
        assert_eq!(s.next_visitor_serial("幸福里").await.unwrap(), 2);
        assert!(s.next_visitor_serial("无此社区").await.is_err());
        let visitor = VisitorRecord {
            token_hash: sha256_hex("t"),
            community: "幸福里".into(),
            serial: 2,
            name: "李四".into(),
            document_type: kakou_core::domain::DocumentType::MainlandId,
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            from: "朝阳".into(),
            address: "3-2-501".into(),
            key_id: 7,
            number: 163,
            visit_day: test_day(),
            pass: "KK1:TEST".into(),
            created_at: "2026-11-24T08:00:00.000Z".into(),
        };
        s.add_visitor(&visitor).await.unwrap();
        assert_eq!(
            s.visitor(&sha256_hex("t")).await.unwrap(),
            Some(visitor.clone())
        );
        assert_eq!(s.visitor(&sha256_hex("u")).await.unwrap(), None);
        assert_eq!(
            s.visitors("幸福里", test_day(), test_day()).await.unwrap(),
            [visitor]
        );
        assert!(
            s.visitors(
                "幸福里",
                test_day().succ_opt().unwrap(),
                test_day().succ_opt().unwrap()
            )
            .await
            .unwrap()
            .is_empty()
        );

        // Households and passages as the pages read them.
        let (t, mut w) = enrolled(s, "幸福里", "东门").await;
        let mut events = vec![w.event(
            &ev::household(7, 1, "3-2-501", HouseholdStatus::HomeQuarantine),
            test_day(),
            1,
        )];
        events.push(w.event(&ev::gate_config(373), test_day(), 2));
        events.extend(passages(&mut w, 0, 3));
        push(s, &t, &events).await;
        let households = s.households("幸福里").await.unwrap();
        assert_eq!(households.len(), 1);
        assert_eq!(
            (households[0].address.as_str(), households[0].status),
            ("3-2-501", HouseholdStatus::HomeQuarantine)
        );
        let stored = s
            .passages(Some("幸福里"), test_day(), test_day())
            .await
            .unwrap();
        assert_eq!(stored.len(), 3);
        assert!(
            stored
                .iter()
                .all(|p| p.checkpoint == "东门" && p.terminal == t.id)
        );
        assert!(
            s.passages(Some("东城"), test_day(), test_day())
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.passages(None, test_day(), test_day())
                .await
                .unwrap()
                .len(),
            3
        );
        assert_eq!(s.default_exit_quota("幸福里").await.unwrap(), None);
        assert_eq!(s.named_communities().await.unwrap(), ["幸福里"]);

        // The audit log, newest first.
        for action in ["a", "b"] {
            s.add_audit(&AuditEntry {
                at: "2026-11-24T08:00:00.000Z".into(),
                user: "admin".into(),
                action: action.into(),
                community: Some("幸福里".into()),
                detail: serde_json::json!({"rows": 3}),
            })
            .await
            .unwrap();
        }
        let audit = s.audit(10).await.unwrap();
        assert_eq!(
            audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(audit[0].detail["rows"], 3);
    });
    assert_eq!(db.query_texts("SELECT count(*) FROM visitors"), ["1"]);
}

/// A district made before the web pages (schema version 1) opens with the
/// web tables added and its data kept.
fn a_version_1_database_gains_the_web_tables(backend: Backend) {
    let db = TestDb::new(backend);
    let v1 = include_str!("../src/storage/sqlite_schema.sql");
    let v1_pg = include_str!("../src/storage/postgres_schema.sql");
    match backend {
        Backend::Sqlite => {
            let conn = rusqlite::Connection::open(&db.url).unwrap();
            conn.execute_batch(v1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES ('old', 'admin', 'x', 'then')",
                [],
            )
            .unwrap();
        }
        Backend::Postgres => {
            let url = db.url.clone();
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move {
                    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
                    tokio::spawn(conn);
                    client.batch_execute(v1_pg).await.unwrap();
                    client
                        .batch_execute("INSERT INTO users (name, role, password_hash, created_at) VALUES ('old', 'admin', 'x', 'then')")
                        .await
                        .unwrap();
                });
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let s = storage::open(&db.url)
            .await
            .expect("a version 1 database opens");
        assert_eq!(
            s.user("old").await.unwrap().unwrap().role,
            kakou_district::storage::Role::Admin
        );
        assert!(s.communities().await.unwrap().is_empty());
        assert!(s.audit(1).await.unwrap().is_empty());
    });
    let version = match backend {
        Backend::Sqlite => db.query_texts("PRAGMA user_version"),
        Backend::Postgres => db.query_texts("SELECT version FROM schema_version"),
    };
    assert_eq!(version, ["2"]);
}
