//! Sync and privacy as the kiosk shows them, driven by accessible labels
//! with Slint's testing backend: the status bar's link, last sync and
//! waiting events against the real district on loopback, the lead's
//! 立即同步, and the lead's unmasking of one visitor's numbers, which the
//! audit log records.

mod common;
mod district;

use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

use district::Server;
use kakou::app::{GateSession, Terminal, audit, demo, sync};
use kakou::clock::{Clock, SystemClock};
use kakou::kiosk::controller::{Controller, NO_VOLUNTEER};
use kakou::kiosk::sync_thread::{NewsRelay, SyncThread};
use kakou::kiosk::ui::{AppWindow, GateAdapter};
use kakou::kiosk::{Intent, IntentSink, adapters, worker};
use kakou_core::audit::{AuditEvent, PersonalField};
use kakou_core::lang::Lang;
use kakou_core::sync::schedule::Timing;

/// Rounds a minute apart and quick probes: the test asks for every
/// round it waits for, so none comes by itself in between.
const TIMING: Timing = Timing {
    interval_ms: 60_000,
    first_backoff_ms: 60_000,
    max_backoff_ms: 60_000,
    probe_ms: 60_000,
    refused_ms: 60_000,
};

const PATIENCE: Duration = Duration::from_secs(30);

struct Kiosk {
    ui: AppWindow,
    send: IntentSink,
    cards: Vec<String>,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// The demo kiosk on today's date, on the system clock (the sync thread's
/// stamps and the status bar's times must agree).
fn demo_kiosk(enrol: Option<(&Server, &std::path::Path, &str)>) -> (Kiosk, Option<Synced>) {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let (mut terminal, cards) = demo::prepare_kiosk(&db, SystemClock.now().date_naive()).unwrap();
    let synced = enrol.map(|(server, bin, district_db)| {
        let settings = terminal.settings().clone();
        let code =
            district::enroll_code(bin, district_db, &settings.community, &settings.checkpoint);
        sync::enroll(&mut terminal, &server.url(), &code, None).expect("enrolled");
        let relay = NewsRelay::default();
        let thread = {
            let relay = relay.clone();
            SyncThread::spawn(db.clone(), Box::new(SystemClock), TIMING, move |news| {
                relay.pass(&news)
            })
            .unwrap()
        };
        let (tx, news) = mpsc::channel();
        relay.connect(tx);
        Synced { thread, news }
    });
    let session = GateSession::open(terminal, NO_VOLUNTEER);
    let mut controller =
        Controller::new(session, Box::new(SystemClock), Lang::Zh, cards.clone()).unwrap();
    if let Some(synced) = &synced {
        controller = controller.with_sync(synced.thread.handle()).unwrap();
    }
    let ui = AppWindow::new().unwrap();
    ui.window().set_size(slint::PhysicalSize::new(1280, 800));
    let (send, _controller) = worker::inline(&ui, controller);
    adapters::wire(&ui, send.clone(), Rc::new(|| {}));
    let kiosk = Kiosk {
        ui,
        send,
        cards,
        db,
        _dir: dir,
    };
    (kiosk, synced)
}

struct Synced {
    thread: SyncThread,
    news: mpsc::Receiver<Intent>,
}

impl Synced {
    /// Waits for the sync thread's next news and hands it to the kiosk,
    /// as the worker would.
    fn deliver(&self, kiosk: &Kiosk) {
        let news = self
            .news
            .recv_timeout(PATIENCE)
            .expect("the sync thread reports within the patience");
        assert!(matches!(news, Intent::Sync(_)), "{news:?}");
        (kiosk.send)(news);
    }
}

impl Kiosk {
    fn buttons(&self, label: &str) -> Vec<ElementHandle> {
        ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
            .collect()
    }

    fn tap(&self, label: &str) {
        let buttons = self.buttons(label);
        assert_eq!(buttons.len(), 1, "exactly one button labelled {label:?}");
        buttons[0].invoke_accessible_default_action();
    }

    fn enabled(&self, label: &str) -> bool {
        let buttons = self.buttons(label);
        assert_eq!(buttons.len(), 1, "exactly one button labelled {label:?}");
        buttons[0].accessible_enabled().unwrap_or(true)
    }

    fn values(&self, label: &str) -> Vec<String> {
        ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter_map(|e| e.accessible_value())
            .map(|v| v.to_string())
            .collect()
    }

    fn value(&self, label: &str) -> String {
        let found = self.values(label);
        assert_eq!(found.len(), 1, "exactly one value labelled {label:?}");
        found[0].clone()
    }

    fn keypad(&self, digits: &str) {
        for key in digits.chars() {
            self.tap(&key.to_string());
        }
    }

    fn lead(&self) {
        self.tap("值班组长");
        self.keypad("1234");
        self.tap("确定");
    }

    fn release(&self, card: usize) {
        self.ui
            .global::<GateAdapter>()
            .invoke_scanned(self.cards[card].clone().into());
        self.keypad("365");
        self.tap("放行");
        self.tap("下一位");
    }

    fn status(&self) -> String {
        self.value("同步状态")
    }
}

/// The number after "待传" on the status bar.
fn waiting(status: &str) -> u64 {
    status
        .rsplit("待传 ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no waiting count in {status:?}"))
}

#[test]
fn the_status_bar_and_the_lead_follow_sync_with_the_real_district() {
    let Some(bin) = district::binary() else {
        return;
    };
    let district_db = district::Database::sqlite();
    let server = Server::start(&bin, &district_db.url);
    let (kiosk, synced) = demo_kiosk(Some((&server, &bin, &district_db.url)));
    let synced = synced.unwrap();

    // Before the first round ends: connecting, never synced, the demo's
    // own events (its ledger, keys, configuration) waiting.
    let before = kiosk.status();
    assert!(before.starts_with("连接中 · 未同步过"), "{before}");
    assert!(waiting(&before) > 0, "{before}");

    // The first round runs at once and sends everything.
    synced.deliver(&kiosk);
    let after = kiosk.status();
    assert!(after.starts_with("在线 · 同步于 "), "{after}");
    assert_eq!(waiting(&after), 0, "{after}");

    // A passage is one more event waiting, shown at once.
    kiosk.release(0);
    let one = waiting(&kiosk.status());
    assert!(one >= 1, "{}", kiosk.status());

    // The lead sees the same, and 立即同步 sends it now.
    kiosk.lead();
    let note = kiosk.value("区级同步");
    assert!(note.contains(&format!("还有 {one} 条待上传")), "{note}");
    assert!(kiosk.enabled("立即同步"));
    kiosk.tap("立即同步");
    assert!(kiosk.value("区级同步").ends_with("正在同步…"));
    assert!(!kiosk.enabled("立即同步"), "one request at a time");
    synced.deliver(&kiosk);
    assert_eq!(waiting(&kiosk.status()), 0, "{}", kiosk.status());
    assert!(kiosk.enabled("立即同步"));
    let on_server: u64 = district::query(&district_db, "SELECT count(*) FROM events")[0]
        .parse()
        .unwrap();
    let outbox: u64 = {
        let conn = rusqlite::Connection::open(&kiosk.db).unwrap();
        conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(on_server, outbox, "every event on the district once");

    // The district goes away: the next round finds it gone, and the lead
    // is told nothing is lost.
    server.kill();
    kiosk.tap("立即同步");
    synced.deliver(&kiosk);
    let offline = kiosk.status();
    assert!(offline.starts_with("离线 · 同步于 "), "{offline}");
    let note = kiosk.value("区级同步");
    assert!(note.contains("数据不会丢"), "{note}");
}

#[test]
fn a_kiosk_not_enrolled_says_so_and_offers_no_sync() {
    let (kiosk, _) = demo_kiosk(None);
    assert_eq!(kiosk.status(), "未接入区里");
    kiosk.lead();
    let note = kiosk.value("区级同步");
    assert!(note.contains("kakou enroll"), "{note}");
    assert!(!kiosk.enabled("立即同步"));
    // Tapping it anyway changes nothing.
    (kiosk.send)(Intent::SyncNow);
    assert_eq!(kiosk.status(), "未接入区里");
}

#[test]
fn the_lead_unmasks_one_visitors_numbers_and_the_audit_log_says_so() {
    const ID: &str = "11010519491231002X";
    let (kiosk, _) = demo_kiosk(None);
    kiosk.tap("访客登记");
    for (label, text) in [
        ("姓名", "周访客"),
        ("身份证号", ID),
        ("手机号", "13912345678"),
        ("从哪里来", "朝阳区"),
        ("拜访（楼栋-单元-房号）", "1-1-101"),
    ] {
        let field: Vec<_> = ElementHandle::find_by_accessible_label(&kiosk.ui, label)
            .filter(|e| e.accessible_role() == Some(AccessibleRole::TextInput))
            .collect();
        assert_eq!(field.len(), 1, "{label}");
        field[0].set_accessible_value(text);
    }
    kiosk.tap("下一步：询问测温");
    kiosk.keypad("364");
    kiosk.tap("放行");
    kiosk.tap("下一位");

    kiosk.lead();
    let masked = kiosk.value("证件和电话");
    assert!(masked.contains("110105********002X"), "{masked}");
    assert!(masked.contains("139****5678"), "{masked}");
    assert!(!masked.contains(ID) && !masked.contains("13912345678"));

    // The button names the row it belongs to.
    kiosk.tap("显示号码 周访客 · 访 1-1-101");
    let full = kiosk.value("证件和电话");
    assert_eq!(full, format!("{ID} · 13912345678"));

    let terminal = Terminal::open(&kiosk.db).unwrap();
    let unmasked: Vec<_> = audit::list(&terminal, None, None)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.event {
            AuditEvent::Unmask { field, shown, .. } => Some((field, shown)),
            _ => None,
        })
        .collect();
    assert_eq!(
        unmasked,
        vec![
            (PersonalField::IdNumber, "110105********002X".to_string()),
            (PersonalField::Phone, "139****5678".to_string()),
        ]
    );

    // Closed and opened again, the lead screen masks them again.
    kiosk.tap("返回卡口");
    kiosk.lead();
    assert!(kiosk.value("证件和电话").contains("110105********002X"));
}
