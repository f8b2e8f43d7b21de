//! The kiosk driven through Slint's testing backend by accessible labels,
//! as a screen reader or a volunteer would: what the screen shows, and what
//! the store committed. The controller runs inline (same thread) so each
//! tap's effect is visible when the tap returns; the threaded worker is the
//! same controller and binder, exercised by the Xvfb screenshot run.

use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset};
use i_slint_backend_testing::ElementHandle;
use slint::ComponentHandle;

use kakou::app::{CommittedPassage, Terminal, demo};
use kakou::app::{GateSession, camera_choice};
use kakou::clock::{Clock, ManualClock};
use kakou::kiosk::IntentSink;
use kakou::kiosk::adapters;
use kakou::kiosk::controller::{Controller, NO_VOLUNTEER};
use kakou::kiosk::ui::{AppWindow, GateAdapter};
use kakou::kiosk::{Intent, worker};
use kakou::store::{Store, households, passages};
use kakou_core::domain::{Category, Direction, HouseholdStatus, Outcome, Reason, Subject};
use kakou_core::lang::Lang;
use kakou_core::pass;
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

struct Kiosk {
    ui: AppWindow,
    clock: ManualClock,
    controller: Rc<std::cell::RefCell<Controller>>,
    /// The same entry the kiosk's one-second timer uses.
    send: IntentSink,
    cards: Vec<String>,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn start() -> Kiosk {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let now: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap();
    let (terminal, cards) = demo::prepare_kiosk(&db, now.date_naive()).unwrap();
    let session = GateSession::open(terminal, NO_VOLUNTEER);
    let clock = ManualClock::new(now);
    let controller =
        Controller::new(session, Box::new(clock.clone()), Lang::Zh, cards.clone()).unwrap();
    let ui = AppWindow::new().unwrap();
    let (send, controller) = worker::inline(&ui, controller);
    adapters::wire(&ui, send.clone(), Rc::new(|| {}));
    Kiosk {
        ui,
        send,
        clock,
        controller,
        cards,
        db,
        _dir: dir,
    }
}

impl Kiosk {
    fn exists(&self, label: &str) -> bool {
        ElementHandle::find_by_accessible_label(&self.ui, label)
            .next()
            .is_some()
    }

    /// Taps the button with this label. (A button's text is itself labelled
    /// with the same words, so the search is narrowed to buttons.)
    fn tap(&self, label: &str) {
        let buttons: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| {
                e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::Button)
            })
            .collect();
        assert_eq!(buttons.len(), 1, "exactly one button labelled {label:?}");
        buttons[0].invoke_accessible_default_action();
    }

    /// The value of the one element with this label that has a value (a
    /// caption with the same words has none).
    fn value(&self, label: &str) -> String {
        let found: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter_map(|e| e.accessible_value())
            .collect();
        assert_eq!(found.len(), 1, "exactly one value labelled {label:?}");
        found[0].to_string()
    }

    /// Types into the text field with this label, as a person would.
    fn type_in(&self, label: &str, text: &str) {
        let fields: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| {
                e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::TextInput)
            })
            .collect();
        assert_eq!(fields.len(), 1, "exactly one field labelled {label:?}");
        fields[0].set_accessible_value(text);
    }

    /// A pass shown to the camera or the USB scanner: both end in the
    /// gate's `scanned` callback.
    fn scan(&self, text: &str) {
        self.ui.global::<GateAdapter>().invoke_scanned(text.into());
    }

    fn keypad(&self, digits: &str) {
        for key in digits.chars() {
            self.tap(&key.to_string());
        }
    }

    /// The store as another reader sees it (WAL lets it read beside the
    /// kiosk's own connection).
    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    fn committed(&self) -> Vec<CommittedPassage> {
        passages::recent(self.store().conn(), 100).unwrap()
    }

    /// The holder and address printed on a card, from the store's register.
    fn card(&self, index: usize) -> (String, String) {
        let c = self.controller.borrow();
        let session = c.session();
        let claims = session
            .lookup()
            .verify(&self.cards[index], self.clock.now().date_naive())
            .unwrap()
            .claims
            .unwrap();
        let reference = kakou_core::domain::HouseholdRef {
            key_id: claims.key_id,
            number: claims.household_ref,
        };
        let home = households::by_reference(self.store().conn(), reference)
            .unwrap()
            .unwrap();
        (claims.holder, home.household.address)
    }
}

#[test]
fn a_resident_is_released_with_the_temperature_and_one_tap() {
    let k = start();
    assert!(k.exists("演示数据"), "the demo is marked on screen");
    let (holder, _) = k.card(0);
    k.scan(&k.cards[0]);
    assert_eq!(k.value("姓名"), holder);
    assert_eq!(k.value("通行证类别"), "绿码 居民");
    assert!(k.value("户状态").contains("正常"));
    // The answers default to 否; the temperature and 放行 are all it takes.
    k.keypad("365");
    assert_eq!(k.value("体温"), "36.5");
    k.tap("放行");
    assert_eq!(k.value("结果"), "放行");
    let committed = k.committed();
    assert_eq!(committed.len(), 1);
    let p = &committed[0].passage;
    assert_eq!(p.outcome, Outcome::Released);
    assert_eq!(p.direction, Direction::In);
    assert_eq!(
        p.temperatures
            .iter()
            .map(|t| t.tenths())
            .collect::<Vec<_>>(),
        [365]
    );
    assert!(
        matches!(&p.subject, Subject::Pass { holder: Some(h), category: Some(Category::Resident), .. } if *h == holder)
    );
    k.tap("下一位");
    assert_eq!(k.value("今日进"), "1");
    assert!(k.exists("摄像头画面"), "back on the gate screen");
}

#[test]
fn two_fevers_end_in_a_referral_after_the_rest() {
    let k = start();
    k.scan(&k.cards[0]);
    k.keypad("378");
    k.tap("放行");
    assert_eq!(k.value("复测倒计时"), "300");
    k.keypad("381");
    // Too early: the flow refuses the second reading and says how long to wait.
    k.clock.advance(Duration::seconds(60));
    (k.send)(kakou::kiosk::Intent::Tick);
    k.tap("提交复测");
    assert!(
        k.committed().is_empty(),
        "nothing is decided before the rest is over"
    );
    k.clock.advance(Duration::seconds(241));
    // The kiosk's one-second timer sends Tick; here the test does.
    (k.send)(kakou::kiosk::Intent::Tick);
    k.tap("提交复测");
    assert_eq!(k.value("结果"), "转介");
    assert_eq!(k.value("原因"), "两次体温均偏高");
    let committed = k.committed();
    assert_eq!(committed.len(), 1);
    let p = &committed[0].passage;
    assert_eq!(p.outcome, Outcome::Referred);
    assert_eq!(p.reason, Some(Reason::Fever));
    assert_eq!(
        p.temperatures
            .iter()
            .map(|t| t.tenths())
            .collect::<Vec<_>>(),
        [378, 381]
    );
}

#[test]
fn a_visitor_with_a_wrong_id_number_is_corrected_then_registered() {
    let k = start();
    let (_, address) = k.card(0);
    k.tap("访客登记");
    k.type_in("姓名", "王五");
    // The check digit of this number is wrong (it should be X).
    k.type_in("身份证号", "110105194912310021");
    k.type_in("手机号", "138 0013 8000");
    k.type_in("从哪里来", "朝阳区");
    k.type_in("拜访（楼栋-单元-房号）", &address);
    assert!(
        k.value("拜访住户").contains(&address),
        "the household is found"
    );
    let id_error = k.value("身份证号 错误");
    assert!(
        !id_error.is_empty(),
        "the wrong ID number is marked as typed"
    );
    k.tap("下一步：询问测温");
    assert!(!k.value("登记错误").is_empty());
    assert!(
        k.committed().is_empty(),
        "nothing is saved for a wrong form"
    );
    k.type_in("身份证号", "11010519491231002x");
    assert_eq!(k.value("身份证号 错误"), "");
    k.tap("下一步：询问测温");
    assert_eq!(k.value("姓名"), "王五");
    assert_eq!(k.value("通行证类别"), "粉码 访客");
    k.keypad("366");
    k.tap("放行");
    assert_eq!(k.value("结果"), "放行");
    let committed = k.committed();
    assert_eq!(committed.len(), 1);
    let Subject::Visitor(v) = &committed[0].passage.subject else {
        panic!("a visitor passage, got {:?}", committed[0].passage.subject)
    };
    assert_eq!(v.id_number, "11010519491231002X");
    assert_eq!(v.phone, "13800138000");
    assert!(v.household.is_some(), "the visited household is linked");
}

#[test]
fn a_member_of_a_quarantined_household_is_refused_on_the_way_out() {
    let k = start();
    let (holder, address) = k.card(0);
    // The lead puts the household under home quarantine from the lead screen.
    k.tap("值班组长");
    k.keypad("1234");
    k.tap("确定");
    k.tap("设置");
    k.type_in("住户地址", &address);
    k.tap("居家隔离");
    assert!(k.value("户状态结果").contains("居家隔离"));
    k.tap("返回卡口");
    k.tap("出");
    k.scan(&k.cards[0]);
    assert_eq!(k.value("结果"), "劝返");
    assert_eq!(k.value("原因"), "该户正在居家隔离");
    let committed = k.committed();
    assert_eq!(committed.len(), 1);
    let p = &committed[0].passage;
    assert_eq!(p.outcome, Outcome::Refused);
    assert_eq!(p.reason, Some(Reason::HouseholdQuarantine));
    assert_eq!(p.direction, Direction::Out);
    assert!(matches!(&p.subject, Subject::Pass { holder: Some(h), .. } if *h == holder));
    let status = households::by_address(
        k.store().conn(),
        &kakou_core::domain::canonical_address(&address),
    )
    .unwrap()
    .unwrap()
    .household
    .status;
    assert_eq!(status, HouseholdStatus::HomeQuarantine);
}

/// The lead screen revokes through the same function as `kakou pass
/// revoke`: a serial the store never issued is refused, and the reason the
/// lead picks is the one stored.
#[test]
fn the_lead_revokes_with_the_reason_picked_and_never_an_unknown_serial() {
    let k = start();
    k.tap("值班组长");
    k.keypad("1234");
    k.tap("确定");
    k.tap("设置");
    k.type_in("通行证证号", "999999");
    k.tap("作废");
    assert_eq!(
        k.value("作废结果"),
        "未找到证号 999999：本终端从未签发过该通行证"
    );
    let serial = {
        let c = k.controller.borrow();
        let session = c.session();
        session
            .lookup()
            .verify(&k.cards[0], k.clock.now().date_naive())
            .unwrap()
            .claims
            .unwrap()
            .serial
    };
    k.type_in("通行证证号", &serial.to_string());
    k.tap("迁出");
    k.tap("作废");
    assert_eq!(
        k.value("作废结果"),
        format!("证号 {serial} 已作废（迁出），该卡在本卡口将被拒绝")
    );
    let reason: String = k
        .store()
        .conn()
        .query_row(
            "SELECT reason FROM revocations WHERE serial = ?1",
            [serial as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "moved");
}

#[test]
fn a_revoked_card_is_refused_with_its_reason() {
    let k = start();
    let lost = k.cards.last().unwrap().clone();
    k.scan(&lost);
    assert_eq!(k.value("结果"), "劝返");
    assert_eq!(k.value("原因"), "通行证已挂失或作废");
    let p = &k.committed()[0].passage;
    assert_eq!(p.reason, Some(Reason::Pass(pass::PassCheck::Revoked)));
}

#[test]
fn a_wrong_pin_keeps_the_lead_screen_closed_and_english_can_be_chosen() {
    let k = start();
    k.tap("值班组长");
    k.keypad("9999");
    k.tap("确定");
    assert!(k.exists("请输入组长密码") || k.exists("已输入密码"));
    assert!(!k.exists("返回卡口"), "the lead screen stays closed");
    k.keypad("1234");
    k.tap("确定");
    assert!(k.exists("返回卡口"), "the right PIN opens the lead screen");
    k.tap("设置");
    k.tap("English");
    assert!(
        k.exists("Settings"),
        "the lead screen's tabs switch language"
    );
    k.tap("Back to gate");
    let banner = k.ui.global::<GateAdapter>().get_banner();
    assert_eq!(banner, "Show your pass and ID card");
    assert!(
        k.exists("Register visitor"),
        "fixed labels are translated too"
    );
}

#[test]
fn the_camera_state_is_shown_and_the_lead_switches_camera() {
    let k = start();
    let told = Rc::new(std::cell::RefCell::new(Vec::new()));
    {
        let told = told.clone();
        worker::follow_camera(move |choice| told.borrow_mut().push(choice));
    }
    let gate = k.ui.global::<GateAdapter>();
    (k.send)(Intent::Camera(CameraStatus::Missing {
        reason: "no /dev/video0".into(),
    }));
    assert_eq!(k.value("摄像头状态"), "摄像头未连接或已断开，正在自动重试");
    assert!(!gate.get_camera_live());
    assert_eq!(*told.borrow(), vec![None], "the camera starts on automatic");

    let camera = |index: u32, name: &str| CameraInfo {
        index,
        name: name.into(),
        detail: String::new(),
    };
    (k.send)(Intent::CameraDevices(vec![
        camera(0, "Built-in"),
        camera(2, "USB Camera"),
    ]));
    (k.send)(Intent::Camera(CameraStatus::Live {
        name: "Built-in".into(),
    }));
    assert!(gate.get_camera_live(), "frames replace the status text");

    // A pass read by the camera goes the same way as one from the scanner.
    (k.send)(Intent::Scan(k.cards[0].clone()));
    assert_eq!(k.value("姓名"), k.card(0).0);
    k.tap("取消");
    // Totals that arrive away from the lead screen are shown when it opens.
    (k.send)(Intent::CameraCounters(ScanCounters {
        frames: 60,
        decoded: 2,
        panics: 0,
        frame_errors: 0,
    }));

    k.tap("值班组长");
    k.keypad("1234");
    k.tap("确定");
    k.tap("设置");
    assert_eq!(
        k.value("摄像头统计"),
        "已处理 60 帧，识别 2 次，坏帧 0，解码异常 0"
    );
    assert_eq!(k.value("当前摄像头"), "自动（第一个可用的摄像头）");
    (k.send)(Intent::CameraCounters(ScanCounters {
        frames: 120,
        decoded: 4,
        panics: 0,
        frame_errors: 1,
    }));
    assert_eq!(
        k.value("摄像头统计"),
        "已处理 120 帧，识别 4 次，坏帧 1，解码异常 0"
    );
    k.tap("切换摄像头");
    assert_eq!(k.value("当前摄像头"), "0 · Built-in");
    k.tap("切换摄像头");
    assert_eq!(k.value("当前摄像头"), "2 · USB Camera");
    assert_eq!(*told.borrow(), vec![None, Some(0), Some(2)]);
    let saved = camera_choice::load(&Terminal::open(&k.db).unwrap()).unwrap();
    assert_eq!(saved, Some(2), "the choice is kept in the store");
    assert!(!gate.get_camera_live(), "the new camera is opening");
    k.tap("切换摄像头");
    assert_eq!(k.value("当前摄像头"), "自动（第一个可用的摄像头）");
}
