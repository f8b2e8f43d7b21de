//! Who gets into the kiosk, driven through Slint's testing backend by
//! accessible labels: the first-run screen when there is no store, the
//! waits after wrong lead PINs (kept across a restart), and the lead
//! screen locking itself when left untouched. The controller runs inline,
//! on a `ManualClock` the test moves; ticks are sent as the kiosk's
//! one-second timer sends them.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};

use kakou::clock::ManualClock;
use kakou::kiosk::adapters::{self, Binder};
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
        exists(&self.ui, "返回卡口")
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
    for tries_left in [4, 3, 2, 1] {
        k.enter_pin("9999");
        assert!(exists(
            &k.ui,
            &format!("密码错误（再错 {tries_left} 次须等待）")
        ));
        assert_eq!(k.pin_wait(), None, "four wrong PINs cost no wait");
    }
    k.enter_pin("9999");
    assert_eq!(k.pin_wait().as_deref(), Some("30"));
    // The countdown takes the keypad's place; a PIN that still arrives
    // (as the adapter sends it) is not even checked, the right one neither.
    k.wait(10);
    assert_eq!(k.pin_wait().as_deref(), Some("20"));
    assert!(!exists(&k.ui, "5"), "no keypad during the wait");
    (k.send)(Intent::PinSubmit("1234".into()));
    assert!(
        !k.on_lead_screen(),
        "the right PIN is refused during the wait"
    );
    assert!(exists(&k.ui, "等待结束前不检查密码"));
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
    (again.send)(Intent::PinSubmit("1234".into()));
    assert!(!again.on_lead_screen());
}

#[test]
fn the_lead_screen_locks_itself_after_two_minutes_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let k = start(&demo_db(&dir), start_time());
    k.tap("值班组长");
    k.enter_pin("1234");
    assert!(k.on_lead_screen());
    k.tap("设置");
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

#[test]
fn without_a_store_the_kiosk_says_how_to_make_one_and_creates_nothing() {
    init_backend();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate folder").join("kakou.db");
    let clock = ManualClock::new(start_time());
    let error = match kiosk::open(&db, false, Lang::Zh, Box::new(clock)) {
        Ok(_) => panic!("a kiosk without a store must not open"),
        Err(e) => e,
    };
    let ui = AppWindow::new().unwrap();
    Binder::default().apply(&ui, &worker::failure_view(&error, Lang::Zh));
    assert!(exists(&ui, "本终端还没有数据库"));
    let quoted = format!("'{}'", db.display());
    let issuing = value(&ui, "签发终端的命令");
    assert_eq!(
        issuing,
        format!("kakou --db {quoted} init --community 社区名 --checkpoint 卡口名")
    );
    assert!(value(&ui, "其他卡口建库的命令").contains("init --gate --community"));
    assert_eq!(
        value(&ui, "导入社区数据包的命令"),
        format!("kakou --db {quoted} bundle import 社区数据包文件")
    );
    assert_eq!(value(&ui, "演示的命令"), "kakou kiosk --demo");
    assert!(!exists(&ui, "演示数据"), "no demo is shown");
    assert!(!exists(&ui, "摄像头画面"), "no gate is shown");
    assert!(
        !db.parent().unwrap().exists(),
        "starting creates nothing at --db"
    );

    // In English too, from the .po file.
    Binder::default().apply(&ui, &worker::failure_view(&error, Lang::En));
    assert!(exists(&ui, "This terminal has no store yet"));
    assert!(value(&ui, "Command for the issuing terminal").contains("--community COMMUNITY"));
}

#[test]
fn a_store_that_cannot_be_opened_is_not_mistaken_for_a_first_run() {
    init_backend();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kakou.db");
    std::fs::write(&db, b"this is not a database, and it is not empty either").unwrap();
    let before = std::fs::read(&db).unwrap();
    let clock = ManualClock::new(start_time());
    let Err(error) = kiosk::open(&db, false, Lang::Zh, Box::new(clock)) else {
        panic!("a broken store must not open");
    };
    let ui = AppWindow::new().unwrap();
    Binder::default().apply(&ui, &worker::failure_view(&error, Lang::Zh));
    assert!(!exists(&ui, "本终端还没有数据库"));
    assert!(exists(&ui, "摄像头画面"), "the gate says what is wrong");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
}
