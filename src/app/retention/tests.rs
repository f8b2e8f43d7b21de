use kakou_core::audit::AuditEvent;
use kakou_core::privacy::find_personal_numbers;

use super::*;
use crate::app::reports;
use crate::app::setup::test_terminal;
use crate::app::testing::{at, commit, pass_passage, vehicle_passage, visitor_passage};

const ID_A: &str = "11010519491231002X";
const ID_B: &str = "110105195001010012";
const ID_C: &str = "110105196002020022";
const ID_D: &str = "110105197003030032";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn stored(t: &Terminal, id: &str) -> CommittedPassage {
    passages::by_id(t.store().conn(), id).unwrap().unwrap()
}

/// Every outbox body, by the passage id it carries.
fn event_bodies(t: &Terminal) -> std::collections::HashMap<String, String> {
    let mut stmt = t
        .store()
        .conn()
        .prepare("SELECT json_extract(body, '$.id'), body FROM outbox WHERE kind = 'passage'")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn reports_of(t: &Terminal, days: &[&str]) -> Vec<serde_json::Value> {
    days.iter()
        .map(|d| serde_json::to_value(reports::daily(t, day(d)).unwrap()).unwrap())
        .collect()
}

#[test]
fn old_acknowledged_fields_go_and_new_or_unacknowledged_ones_stay_with_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    let phone = "13800138000";
    let a = commit(
        &mut t,
        visitor_passage("2026-10-01T09:00:00+08:00", ID_A, phone),
    );
    let b = commit(
        &mut t,
        vehicle_passage("2026-10-02T09:00:00+08:00", ID_B, phone),
    );
    let acked = outbox::pending(t.store().conn(), 10).unwrap();
    let through = acked.last().unwrap().seq;
    t.store_mut()
        .write(|tx| outbox::acknowledge_through(tx, through, "2026-10-02T10:00:00+08:00"))
        .unwrap();
    let c = commit(
        &mut t,
        visitor_passage("2026-10-03T09:00:00+08:00", ID_C, phone),
    );
    let d = commit(
        &mut t,
        visitor_passage("2026-11-20T09:00:00+08:00", ID_D, phone),
    );
    let p = commit(&mut t, pass_passage("2026-10-01T10:00:00+08:00"));
    let days = ["2026-10-01", "2026-10-02", "2026-10-03", "2026-11-20"];
    let before = reports_of(&t, &days);

    let now = at("2026-11-10T00:00:05+08:00");
    let plan = run_at(&mut t, day("2026-11-10"), RetentionPolicy::default(), now).unwrap();
    assert_eq!(plan.held, vec![c.id.clone()], "unacknowledged: kept");
    assert_eq!(reports_of(&t, &days), before, "counts do not change");

    for old in [&a, &b] {
        let now_stored = stored(&t, &old.id);
        assert!(
            !retention::has_personal_fields(&now_stored.passage),
            "{old:?}"
        );
        assert_eq!(now_stored.passage.outcome, old.passage.outcome);
        let body = &event_bodies(&t)[&old.id];
        assert!(find_personal_numbers(body).is_empty(), "{body}");
        assert!(
            !body.contains("李四") && !body.contains("京A12345"),
            "{body}"
        );
    }
    for kept in [&c, &d, &p] {
        assert_eq!(&stored(&t, &kept.id), kept, "untouched");
    }
    assert_eq!(find_personal_numbers(&event_bodies(&t)[&c.id]).len(), 2);

    let entries = crate::app::audit::list(&t, None, None).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].who, WHO);
    assert_eq!(
        entries[0].event,
        AuditEvent::RetentionRun {
            redacted: 2,
            held: 1,
            warned: 0
        }
    );
    assert_eq!(last_run(&t).unwrap(), Some(day("2026-11-10")));

    // A second run finds nothing more to do (and does not trip the
    // one-redaction trigger).
    let again = run_at(&mut t, day("2026-11-10"), RetentionPolicy::default(), now).unwrap();
    assert!(again.redact.is_empty());

    // Near the hard limit the lead is warned; past it, the unacknowledged
    // passage goes too, and the counts still hold.
    assert!(warning(&t, day("2026-11-21"), Lang::En).unwrap().is_none());
    let warned = warning(&t, day("2026-11-22"), Lang::En).unwrap().unwrap();
    assert!(warned.contains("2026-11-29"), "{warned}");
    let late = run_at(&mut t, day("2026-11-29"), RetentionPolicy::default(), now).unwrap();
    assert_eq!(late.redact.len(), 1);
    assert!(!retention::has_personal_fields(&stored(&t, &c.id).passage));
    assert!(find_personal_numbers(&event_bodies(&t)[&c.id]).is_empty());
    assert_eq!(stored(&t, &d.id), d);
    assert_eq!(reports_of(&t, &days), before);
}

#[test]
fn the_daily_run_happens_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    daily(at("2026-11-24T08:00:00+08:00"), &mut t);
    daily(at("2026-11-24T23:59:59+08:00"), &mut t);
    assert_eq!(crate::app::audit::list(&t, None, None).unwrap().len(), 1);
    daily(at("2026-11-25T00:00:01+08:00"), &mut t);
    let entries = crate::app::audit::list(&t, None, None).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].at, at("2026-11-25T00:00:01+08:00"));
    assert_eq!(last_run(&t).unwrap(), Some(day("2026-11-25")));
}
