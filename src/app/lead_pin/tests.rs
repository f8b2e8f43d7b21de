use chrono::Duration;

use super::*;
use crate::app::setup::test_terminal;

/// A record as kakou wrote it before Argon2id, for the PIN 2468.
const OLD_2468: &str = "00112233445566778899aabbccddeeff$814f2273a5a19c8806408686e59952b2d1f64600175a328a7b32c4c2cbe00d20";

fn at(seconds: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap() + Duration::seconds(seconds)
}

fn stored(t: &Terminal, key: &str) -> Option<String> {
    meta::get(t.store().conn(), key).unwrap()
}

#[test]
fn an_old_record_verifies_and_is_rewritten_as_argon2id_on_the_next_right_pin() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    t.store_mut()
        .write(|tx| meta::set(tx, PIN_KEY, OLD_2468))
        .unwrap();
    assert_eq!(
        attempt(&mut t, "1357", at(0)).unwrap(),
        Attempt::Wrong {
            tries_left: 4,
            wait: 0
        }
    );
    assert_eq!(
        stored(&t, PIN_KEY).as_deref(),
        Some(OLD_2468),
        "a wrong PIN rewrites nothing"
    );
    assert_eq!(attempt(&mut t, "2468", at(1)).unwrap(), Attempt::Opened);
    let upgraded = stored(&t, PIN_KEY).unwrap();
    assert!(
        upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{upgraded}"
    );
    assert_eq!(attempt(&mut t, "2468", at(2)).unwrap(), Attempt::Opened);
    assert_eq!(
        stored(&t, PIN_KEY).unwrap(),
        upgraded,
        "an up-to-date record is not rewritten"
    );
    assert!(matches!(
        attempt(&mut t, "1357", at(3)).unwrap(),
        Attempt::Wrong { .. }
    ));
}

#[test]
fn five_wrong_pins_start_a_wait_in_which_even_the_right_pin_is_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    set(&mut t, "2468").unwrap();
    for (i, tries_left) in [4, 3, 2, 1].into_iter().enumerate() {
        assert_eq!(
            attempt(&mut t, "0000", at(i as i64)).unwrap(),
            Attempt::Wrong {
                tries_left,
                wait: 0
            }
        );
    }
    assert_eq!(
        attempt(&mut t, "0000", at(4)).unwrap(),
        Attempt::Wrong {
            tries_left: 0,
            wait: 30
        }
    );
    let counted = stored(&t, FAILURES_KEY);
    assert_eq!(
        attempt(&mut t, "2468", at(14)).unwrap(),
        Attempt::Waiting { wait: 20 }
    );
    assert_eq!(
        attempt(&mut t, "0000", at(15)).unwrap(),
        Attempt::Waiting { wait: 19 }
    );
    assert_eq!(
        stored(&t, FAILURES_KEY),
        counted,
        "PINs in the wait are not counted"
    );
    // The sixth wrong PIN, once the wait is over, doubles it.
    assert_eq!(
        attempt(&mut t, "0000", at(34)).unwrap(),
        Attempt::Wrong {
            tries_left: 0,
            wait: 60
        }
    );
    assert_eq!(wait_left(&t, at(64)).unwrap(), 30);
    assert_eq!(attempt(&mut t, "2468", at(94)).unwrap(), Attempt::Opened);
    assert_eq!(wait_left(&t, at(94)).unwrap(), 0);
    assert_eq!(
        attempt(&mut t, "0000", at(95)).unwrap(),
        Attempt::Wrong {
            tries_left: 4,
            wait: 0
        },
        "a right PIN starts the count again"
    );
}

#[test]
fn the_count_of_wrong_pins_survives_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    set(&mut t, "2468").unwrap();
    for i in 0..5 {
        attempt(&mut t, "0000", at(i)).unwrap();
    }
    let db = t.db_path().unwrap().to_path_buf();
    drop(t);
    let mut reopened = Terminal::open(&db).unwrap();
    assert_eq!(wait_left(&reopened, at(10)).unwrap(), 24);
    assert_eq!(
        attempt(&mut reopened, "2468", at(10)).unwrap(),
        Attempt::Waiting { wait: 24 }
    );
}

#[test]
fn setting_the_pin_clears_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    assert!(!is_set(&t).unwrap());
    assert_eq!(attempt(&mut t, "2468", at(0)).unwrap(), Attempt::NotSet);
    set(&mut t, "2468").unwrap();
    assert!(is_set(&t).unwrap());
    for i in 0..6 {
        attempt(&mut t, "0000", at(i)).unwrap();
    }
    assert!(wait_left(&t, at(6)).unwrap() > 0);
    set(&mut t, "1357").unwrap();
    assert_eq!(wait_left(&t, at(6)).unwrap(), 0);
    assert_eq!(attempt(&mut t, "1357", at(6)).unwrap(), Attempt::Opened);
    assert!(!stored(&t, PIN_KEY).unwrap().contains("1357"));
}

#[test]
fn a_damaged_record_is_an_error_and_never_opens_the_lead_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    set(&mut t, "2468").unwrap();
    for damaged in ["five", "5", "5 yesterday", "5 2026-11-25T09:30:00+08:00 x"] {
        t.store_mut()
            .write(|tx| meta::set(tx, FAILURES_KEY, damaged))
            .unwrap();
        assert!(
            matches!(
                attempt(&mut t, "2468", at(0)),
                Err(AppError::Store(StoreError::Damaged(_)))
            ),
            "{damaged:?}"
        );
    }
    t.store_mut()
        .write(|tx| {
            meta::set(tx, FAILURES_KEY, "0")?;
            meta::set(tx, PIN_KEY, "not a record")
        })
        .unwrap();
    assert!(matches!(
        attempt(&mut t, "2468", at(0)),
        Err(AppError::Store(StoreError::Damaged(_)))
    ));
}

#[test]
fn pins_are_four_to_eight_digits() {
    assert!(valid_pin("1234") && valid_pin("12345678"));
    assert!(!valid_pin("123") && !valid_pin("123456789") && !valid_pin("12a4"));
}

#[test]
fn openings_and_wrong_pins_go_to_the_audit_log_with_the_volunteer_on_duty() {
    use kakou_core::audit::AuditEvent;
    let dir = tempfile::tempdir().unwrap();
    let mut t = test_terminal(dir.path());
    set(&mut t, "2468").unwrap();
    attempt(&mut t, "1111", at(0)).unwrap();
    crate::app::shifts::sign_in(&mut t, "张三", at(1)).unwrap();
    attempt(&mut t, "2222", at(2)).unwrap();
    assert_eq!(attempt(&mut t, "2468", at(3)).unwrap(), Attempt::Opened);
    let entries = crate::app::audit::list(&t, None, None).unwrap();
    let seen: Vec<(&str, &AuditEvent)> =
        entries.iter().map(|e| (e.who.as_str(), &e.event)).collect();
    assert_eq!(
        seen,
        vec![
            (NOBODY_SIGNED_IN, &AuditEvent::WrongPin { attempt: 1 }),
            ("张三", &AuditEvent::WrongPin { attempt: 2 }),
            ("张三", &AuditEvent::LeadScreenOpened),
        ]
    );
    assert_eq!(entries[2].at, at(3));
}
