//! Who gets into the kiosk, driven through Slint's testing backend by
//! accessible labels: the waits after wrong lead PINs (kept across a
//! restart), and the lead screen locking itself when left untouched. The controller runs inline,
//! on a `ManualClock` the test moves; ticks are sent as the kiosk's
//! one-second timer sends them.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};

use kakou::clock::ManualClock;
use kakou::kiosk::adapters;
use kakou::kiosk::ui::AppWindow;
use kakou::kiosk::{self, Intent, IntentSink, worker};
use kakou_core::lang::Lang;

struct Kiosk {
    ui: AppWindow,
    clock: ManualClock,
    send: IntentSink,
}

/// Slint's testing backend, once per test thread (it refuses a second).
fn init_backend() {
    thread_local!(static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !DONE.replace(true) {
        i_slint_backend_testing::init_no_event_loop();
    }
}

fn start_time() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap()
}

/// The demo kiosk (lead PIN 1234) on the store at `db`, as the kiosk
/// opens it, with its clock at `now`.
fn start(db: &Path, now: DateTime<FixedOffset>) -> Kiosk {
    init_backend();
    let clock = ManualClock::new(now);
    let controller = kiosk::open(db, true, Lang::Zh, Box::new(clock.clone())).unwrap();
    let ui = AppWindow::new().unwrap();
    let (send, _controller) = worker::inline(&ui, controller);
    adapters::wire(&ui, send.clone(), Rc::new(|| {}));
    Kiosk { ui, clock, send }
}

fn exists(ui: &AppWindow, label: &str) -> bool {
    ElementHandle::find_by_accessible_label(ui, label)
        .next()
        .is_some()
}

/// The value of the one element with this label that has a value.
fn value(ui: &AppWindow, label: &str) -> String {
    let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label)
        .filter_map(|e| e.accessible_value())
        .collect();
    assert_eq!(found.len(), 1, "exactly one value labelled {label:?}");
    found[0].to_string()
}

impl Kiosk {
    fn tap(&self, label: &str) {
        let buttons: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
            .collect();
        assert_eq!(buttons.len(), 1, "exactly one button labelled {label:?}");
        buttons[0].invoke_accessible_default_action();
    }

    fn enter_pin(&self, pin: &str) {
        for key in pin.chars() {
            self.tap(&key.to_string());
        }
        self.tap("确定");
    }

    /// Moves the clock on and lets the one-second timer fire.
    fn wait(&self, seconds: i64) {
        self.clock.advance(Duration::seconds(seconds));
        (self.send)(Intent::Tick);
    }

    fn on_lead_screen(&self) -> bool {
        exists(&self.ui, "住户地址")
    }

    fn on_pin_screen(&self) -> bool {
        exists(&self.ui, "已输入密码")
    }

    fn pin_wait(&self) -> Option<String> {
        exists(&self.ui, "密码等待秒数").then(|| value(&self.ui, "密码等待秒数"))
    }
}

fn demo_db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("demo").join("kakou-demo.db")
}

#[test]
fn after_five_wrong_pins_the_kiosk_counts_down_and_checks_no_pin_until_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let k = start(&demo_db(&dir), start_time());
    k.tap("值班组长");
    for _ in 0..4 {
        k.enter_pin("9999");
        assert_eq!(k.pin_wait(), None, "four wrong PINs cost no wait");
    }
    k.enter_pin("9999");
    assert_eq!(k.pin_wait().as_deref(), Some("30"));
    // The right PIN during the wait is not even checked.
    k.wait(10);
    assert_eq!(k.pin_wait().as_deref(), Some("20"));
    k.enter_pin("1234");
    assert!(
        !k.on_lead_screen(),
        "the right PIN is refused during the wait"
    );
    assert!(exists(&k.ui, "倒计时结束前不检查密码，请稍后再输入"));
    k.wait(19);
    assert_eq!(k.pin_wait().as_deref(), Some("1"));
    k.wait(1);
    assert_eq!(k.pin_wait(), None, "the countdown is gone at its end");
    // A sixth wrong PIN doubles the wait.
    k.enter_pin("9999");
    assert_eq!(k.pin_wait().as_deref(), Some("60"));
    k.wait(60);
    k.enter_pin("1234");
    assert!(
        k.on_lead_screen(),
        "the right PIN opens once the wait is over"
    );
}

#[test]
fn restarting_the_kiosk_does_not_end_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let first = start(&db, start_time());
    first.tap("值班组长");
    for _ in 0..5 {
        first.enter_pin("0000");
    }
    assert_eq!(first.pin_wait().as_deref(), Some("30"));
    drop(first);
    let again = start(&db, start_time() + Duration::seconds(12));
    again.tap("值班组长");
    assert_eq!(again.pin_wait().as_deref(), Some("18"));
    again.enter_pin("1234");
    assert!(!again.on_lead_screen());
}

#[test]
fn the_lead_screen_locks_itself_after_two_minutes_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let k = start(&demo_db(&dir), start_time());
    k.tap("值班组长");
    k.enter_pin("1234");
    assert!(k.on_lead_screen());
    k.wait(119);
    assert!(k.on_lead_screen(), "ticks alone do not lock it early");
    // Whatever the lead does counts as a touch and starts the two minutes again.
    k.tap("切换摄像头");
    k.wait(119);
    assert!(k.on_lead_screen(), "a touch keeps it open");
    k.wait(1);
    assert!(!k.on_lead_screen(), "two minutes untouched lock it");
    assert!(exists(&k.ui, "摄像头画面"), "back at the gate screen");
    k.tap("值班组长");
    assert!(k.on_pin_screen(), "the PIN is needed again");
    k.enter_pin("1234");
    assert!(k.on_lead_screen());
}
