//! The lead screen's pages for running a checkpoint for weeks, driven by
//! accessible labels with Slint's testing backend like `kiosk_ui.rs`: the
//! roster week and sign-in, supplies, who is inside, the day's chart, and
//! the voice prompts the gate says (through a speaker that remembers).
//!
//! The demo store the kiosk opens has a roster and the supplies it received
//! at 06:00 (`app::demo`): 口罩 500, 手套 30 (low at 50), 消毒液 3 (low
//! at 5), the rest above their thresholds.

use std::rc::Rc;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

use kakou::app::{CommittedPassage, GateSession, Terminal, demo, reports, roster, shifts, voice};
use kakou::clock::{Clock, ManualClock};
use kakou::kiosk::controller::{Controller, NO_VOLUNTEER};
use kakou::kiosk::ui::{AppWindow, GateAdapter};
use kakou::kiosk::{Intent, IntentSink, adapters, worker};
use kakou::store::{Store, passages};
use kakou_core::lang::Lang;
use kakou_core::privacy::mask_id_number;
use kakou_core::voice::VoicePrompt;
use kakou_voice::{SilentSpeaker, Speaker, VoiceStatus};

struct Kiosk {
    ui: AppWindow,
    clock: ManualClock,
    send: IntentSink,
    cards: Vec<String>,
    db: std::path::PathBuf,
    dir: tempfile::TempDir,
}

/// The kiosk at 09:30 on Wednesday 2026-11-25, saying its prompts to `speaker`.
fn start_with(speaker: Arc<dyn Speaker>) -> Kiosk {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let now: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap();
    let (terminal, cards) = demo::prepare_kiosk(&db, now.date_naive()).unwrap();
    let session = GateSession::open(terminal, NO_VOLUNTEER);
    let clock = ManualClock::new(now);
    let controller = Controller::new(session, Box::new(clock.clone()), Lang::Zh, cards.clone())
        .unwrap()
        .with_speaker(speaker);
    let ui = AppWindow::new().unwrap();
    // The tablet's size: lists show the rows that fit, as on the gate.
    ui.window().set_size(slint::PhysicalSize::new(1280, 800));
    let (send, _controller) = worker::inline(&ui, controller);
    adapters::wire(&ui, send.clone(), Rc::new(|| {}));
    Kiosk {
        ui,
        clock,
        send,
        cards,
        db,
        dir,
    }
}

fn start() -> (Kiosk, Arc<SilentSpeaker>) {
    let speaker = Arc::new(SilentSpeaker::default());
    (start_with(speaker.clone()), speaker)
}

impl Kiosk {
    fn exists(&self, label: &str) -> bool {
        ElementHandle::find_by_accessible_label(&self.ui, label)
            .next()
            .is_some()
    }

    fn tap(&self, label: &str) {
        let buttons: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
            .collect();
        assert_eq!(buttons.len(), 1, "exactly one button labelled {label:?}");
        buttons[0].invoke_accessible_default_action();
    }

    fn value(&self, label: &str) -> String {
        let found: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter_map(|e| e.accessible_value())
            .collect();
        assert_eq!(found.len(), 1, "exactly one value labelled {label:?}");
        found[0].to_string()
    }

    fn type_in(&self, label: &str, text: &str) {
        let fields: Vec<_> = ElementHandle::find_by_accessible_label(&self.ui, label)
            .filter(|e| e.accessible_role() == Some(AccessibleRole::TextInput))
            .collect();
        assert_eq!(fields.len(), 1, "exactly one field labelled {label:?}");
        fields[0].set_accessible_value(text);
    }

    fn keypad(&self, digits: &str) {
        for key in digits.chars() {
            self.tap(&key.to_string());
        }
    }

    fn scan(&self, text: &str) {
        self.ui.global::<GateAdapter>().invoke_scanned(text.into());
    }

    fn later(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
        (self.send)(Intent::Tick);
    }

    /// Opens the lead screen with the demo PIN, at the page of this tab.
    fn lead(&self, tab: &str) {
        self.tap("值班组长");
        self.keypad("1234");
        self.tap("确定");
        self.tap(tab);
    }

    fn release(&self, card: usize) {
        self.scan(&self.cards[card]);
        self.keypad("365");
        self.tap("放行");
        self.tap("下一位");
    }

    fn register_visitor(&self, name: &str, id: &str) {
        self.tap("访客登记");
        self.type_in("姓名", name);
        self.type_in("身份证号", id);
        self.type_in("手机号", "13800138000");
        self.type_in("从哪里来", "朝阳区");
        self.type_in("拜访（楼栋-单元-房号）", "1-1-101");
        self.tap("下一步：询问测温");
        self.keypad("364");
        self.tap("放行");
        self.tap("下一位");
    }

    fn terminal(&self) -> Terminal {
        Terminal::open(&self.db).unwrap()
    }

    fn committed(&self) -> Vec<CommittedPassage> {
        passages::recent(Store::open(&self.db).unwrap().conn(), 100).unwrap()
    }

    fn today(&self) -> chrono::NaiveDate {
        self.clock.now().date_naive()
    }
}

#[test]
fn the_week_view_shows_the_roster_and_every_gap() {
    let (k, _) = start();
    // Friday has its own (unstaffed) day shift and so no night shift; no
    // night shift runs on Sunday either.
    let sheet = k.dir.path().join("排班表.csv");
    std::fs::write(
        &sheet,
        "日期/星期,开始时间,结束时间,值班人员,负责人\n\
         每天,08:00,20:00,李四、周五,吴六\n\
         周一至周六,20:00,08:00,郑七,冯九\n\
         2026-11-27,08:00,20:00,,\n",
    )
    .unwrap();
    let imported = roster::import(&mut k.terminal(), &sheet, Lang::Zh).unwrap();
    assert!(matches!(
        imported,
        roster::RosterImport::Imported { shifts: 3 }
    ));
    k.lead("值班");
    assert_eq!(
        k.value("周三 11-25 08:00–20:00"),
        "李四、周五 · 负责人 吴六"
    );
    assert_eq!(k.value("周四 11-26 20:00–08:00"), "郑七 · 负责人 冯九");
    assert_eq!(k.value("周五 11-27 08:00–20:00"), "无人值班");
    assert_eq!(k.value("周五 11-27 20:00–08:00"), "未排班");
    assert_eq!(k.value("周日 11-29 20:00–08:00"), "未排班");
    for gap in [
        "周一 11-23：00:00–08:00 没有排班",
        "周五 11-27：08:00–20:00 无人值班",
        "周五 11-27：20:00–24:00 没有排班",
        "周六 11-28：00:00–08:00 没有排班",
        "周日 11-29：20:00–24:00 没有排班",
    ] {
        assert!(k.exists(gap), "the gap {gap:?} is listed");
    }
    assert_eq!(
        k.value("应在岗"),
        "现在应在岗（08:00–20:00）：吴六、李四、周五"
    );
    // A sheet with a problem changes nothing on the screen or in the store.
    std::fs::write(
        &sheet,
        "日期/星期,开始时间,结束时间,值班人员,负责人\n某天,25:00,20:00,李四,\n",
    )
    .unwrap();
    let refused = roster::import(&mut k.terminal(), &sheet, Lang::Zh).unwrap();
    let roster::RosterImport::Rejected(errors) = refused else {
        panic!("a bad sheet is refused")
    };
    let reasons: Vec<&str> = errors.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(reasons, ["bad_day", "bad_time"], "every problem is listed");
    k.tap("今日");
    k.tap("值班");
    assert_eq!(k.value("周五 11-27 08:00–20:00"), "无人值班");
}

#[test]
fn a_sign_in_off_the_roster_is_allowed_and_noted() {
    let (k, _) = start();
    k.lead("值班");
    k.type_in("值班人员姓名", "路人甲");
    k.tap("签到");
    assert_eq!(
        k.value("签到结果"),
        "已签到：路人甲。排班表上没有这位志愿者，请告知组长"
    );
    assert!(
        k.exists("值班：路人甲"),
        "the status bar names the volunteer"
    );
    assert_eq!(
        shifts::on_duty_check(&k.terminal()).unwrap().as_deref(),
        Some("not_on_roster")
    );
    // The demo roster has 李四 from 08:00: at 09:30 that is late, and
    // still signed in.
    k.type_in("值班人员姓名", "李四");
    k.tap("签到");
    assert_eq!(
        k.value("签到结果"),
        "已签到：李四。迟到 90 分钟（08:00–16:00 班）"
    );
    assert_eq!(
        shifts::on_duty_check(&k.terminal()).unwrap().as_deref(),
        Some("late")
    );
    k.tap("返回卡口");
    k.release(0);
    assert_eq!(k.committed()[0].operator, "李四", "the passage's operator");
}

#[test]
fn a_supply_out_beyond_the_stock_is_refused_until_a_count_corrects_it() {
    let (k, _) = start();
    k.lead("物资");
    assert_eq!(k.value("口罩 库存"), "500");
    k.tap("口罩");
    assert_eq!(k.value("已选物资"), "口罩");
    k.keypad("600");
    k.tap("出库");
    assert_eq!(
        k.value("物资结果"),
        "口罩库存只有 500 只，不能领出 600 只。如果实际数量不同，请先盘点更正"
    );
    assert_eq!(k.value("口罩 库存"), "500", "nothing was taken");
    assert_eq!(k.value("数量"), "600", "the amount stays to correct");
    k.tap("盘点");
    assert!(k.value("物资结果").starts_with("盘点更正请写明原因"));
    k.type_in("备注", "仓库复点多出 100 只");
    k.tap("盘点");
    assert_eq!(k.value("物资结果"), "口罩盘点更正为 600 只");
    assert_eq!(k.value("口罩 库存"), "600");
    assert_eq!(k.value("口罩 盘点更正"), "+100");
    assert_eq!(k.value("数量"), "", "the form empties after a movement");
    k.keypad("600");
    k.tap("出库");
    assert_eq!(k.value("物资结果"), "口罩出库 600 只，现有 0 只");
    assert_eq!(k.value("口罩 库存"), "0");
    assert_eq!(k.value("口罩 今日出库"), "600");
    assert!(k.exists("口罩 库存不足"));
    let day = reports::supplies(&k.terminal(), k.today()).unwrap();
    let masks = &day[0];
    assert_eq!(masks.name, "口罩");
    assert_eq!(
        (
            masks.opening,
            masks.received,
            masks.issued,
            masks.corrected,
            masks.closing
        ),
        (0, 500, 600, 100, 0)
    );
    let recent = kakou::app::supplies::recent(&k.terminal(), 1).unwrap();
    assert_eq!(
        recent[0].by, "组长",
        "nobody signed in: the lead records it"
    );
}

#[test]
fn items_running_low_are_flagged_on_the_lead_screen() {
    let (k, _) = start();
    k.lead("今日");
    assert!(k.exists("物资不足：手套 30 副、消毒液 3 瓶"));
    k.tap("物资");
    assert!(k.exists("手套 库存不足"));
    assert!(k.exists("消毒液 库存不足"));
    assert!(!k.exists("口罩 库存不足"));
    assert!(!k.exists("体温枪 库存不足"), "4 is above 2");
    // Receiving gloves takes them off the list.
    k.tap("手套");
    k.keypad("100");
    k.tap("入库");
    assert_eq!(k.value("手套 库存"), "130");
    assert!(!k.exists("手套 库存不足"));
    k.tap("今日");
    assert!(k.exists("物资不足：消毒液 3 瓶"));
}

#[test]
fn the_gate_says_its_prompts_at_check_release_and_refusal() {
    let (k, speaker) = start();
    let said = || -> Vec<VoicePrompt> { speaker.said().into_iter().map(|(p, _)| p).collect() };
    k.scan(&k.cards[0]);
    assert_eq!(
        said(),
        [VoicePrompt::Questions],
        "only the last prompt of a scan"
    );
    k.keypad("365");
    k.tap("放行");
    assert_eq!(said().last(), Some(&VoicePrompt::Released));
    k.tap("下一位");
    k.scan(k.cards.last().unwrap());
    assert_eq!(
        said().last(),
        Some(&VoicePrompt::PassInvalid),
        "a lost card"
    );
    k.tap("下一位");
    k.scan(&k.cards[0]);
    k.keypad("379");
    k.tap("放行");
    assert_eq!(
        said().last(),
        Some(&VoicePrompt::Remeasure),
        "a first fever"
    );
    k.tap("直接转介");
    assert_eq!(said().last(), Some(&VoicePrompt::MedicalPoint));
    k.tap("下一位");
    k.tap("访客登记");
    assert_eq!(said().last(), Some(&VoicePrompt::Register));
    use VoicePrompt::*;
    assert_eq!(
        said(),
        [
            Questions,
            Released,
            PassInvalid,
            Questions,
            Remeasure,
            MedicalPoint,
            Register
        ]
    );
    assert!(speaker.said().iter().all(|(_, lang)| *lang == Lang::Zh));
}

#[test]
fn voice_off_and_the_volume_are_kept_and_silence_the_gate() {
    let (k, speaker) = start();
    k.lead("设置");
    assert_eq!(k.value("音量"), "80");
    k.tap("调低音量");
    k.tap("调低音量");
    assert_eq!(k.value("音量"), "60");
    k.tap("试听");
    assert_eq!(speaker.said().len(), 1, "the lead hears the volume");
    k.tap("语音提示开关");
    assert_eq!(k.value("语音状态"), "语音提示已关闭");
    k.tap("返回卡口");
    k.scan(&k.cards[0]);
    assert_eq!(speaker.said().len(), 1, "nothing said while off");
    let kept = voice::load(&k.terminal()).unwrap();
    assert_eq!((kept.enabled, kept.volume), (false, 60));
    assert_eq!(
        (speaker.settings().enabled, speaker.settings().volume),
        (false, 60)
    );
}

/// A speaker whose device comes and goes, as the real one reports it.
#[derive(Default)]
struct Unplugged {
    status: Mutex<Option<VoiceStatus>>,
}

impl Speaker for Unplugged {
    fn say(&self, _: VoicePrompt, _: Lang) {}
    fn set_volume(&self, _: u8) {}
    fn set_enabled(&self, _: bool) {}
    fn status(&self) -> VoiceStatus {
        self.status.lock().unwrap().unwrap_or(VoiceStatus::NoDevice)
    }
}

#[test]
fn no_audio_device_is_a_note_in_the_status_bar_and_the_gate_goes_on() {
    let speaker = Arc::new(Unplugged::default());
    let k = start_with(speaker.clone());
    assert_eq!(k.value("语音状态"), "无音频设备，语音提示已关闭");
    k.release(0);
    assert_eq!(k.committed().len(), 1, "the gate works without sound");
    // A speaker plugged in is found by the speaker; the note goes with
    // the next tick.
    *speaker.status.lock().unwrap() = Some(VoiceStatus::On);
    (k.send)(Intent::Tick);
    assert!(!k.exists("语音状态"));
}

#[test]
fn the_inside_list_shows_who_is_in_for_how_long_and_flags_the_overdue() {
    let (k, _) = start();
    let id = "11010519491231002X";
    k.register_visitor("王五", id);
    // A second visitor comes and goes: not inside.
    k.register_visitor("赵六", "110101199003071233");
    k.tap("出");
    k.register_visitor("赵六", "110101199003071233");
    k.tap("进");
    k.later(125);
    k.lead("在场");
    let who = format!("王五 · {}", mask_id_number(id));
    assert!(!who.contains(id), "the ID number is masked");
    assert_eq!(k.value(&who), "2小时5分");
    assert_eq!(k.value("在场情况"), "在场 1 位访客或车辆");
    k.tap("返回卡口");
    // Past midnight the stay is past its day's end.
    k.later(13 * 60);
    k.lead("在场");
    assert_eq!(k.value(&who), "15小时5分 · 已过当日截止时间");
    assert_eq!(
        k.value("在场情况"),
        "在场 1 位访客或车辆，其中 1 位已过当日截止时间"
    );
    k.tap("今日");
    assert!(k.exists("1 位访客或车辆已过当日截止时间仍在场"));
}

/// Whether a text on screen contains `part` (an alert's sentence carries
/// dates that depend on the day).
fn shows(k: &Kiosk, part: &'static str) -> bool {
    i_slint_backend_testing::ElementQuery::from_root(&k.ui)
        .match_descendants()
        .match_predicate(move |e| e.accessible_label().is_some_and(|l| l.contains(part)))
        .find_first()
        .is_some()
}

#[test]
fn the_lead_is_warned_a_week_before_unsent_visitors_lose_their_numbers() {
    const WARNING: &str = "条访客或车辆记录区里尚未确认接收";
    let (k, _) = start();
    k.register_visitor("王五", "11010519491231002X");
    // The district never acknowledged it (this kiosk is not enrolled), so
    // its personal fields stay until they are older than the hard limit
    // (56 days): gone on 2027-01-21. Nine days before, nothing is said.
    k.later(48 * 24 * 60);
    k.lead("今日");
    assert!(!shows(&k, WARNING));
    k.tap("返回卡口");
    // A week before, the lead is told, with the day it will happen.
    k.later(2 * 24 * 60);
    k.lead("今日");
    assert!(shows(&k, WARNING));
    assert!(shows(&k, "将于 2027-01-21（7 天后）强制删除个人信息"));
    // The visitor's numbers are still there to show, masked.
    assert!(k.value("证件和电话").contains("110105********002X"));
}

#[test]
fn the_chart_counts_the_day_per_hour_beside_the_zero_report() {
    let (k, _) = start();
    k.lead("今日");
    assert!(k.exists("零报告"));
    assert_eq!(k.value("通行图表"), "今日尚无通行");
    assert_eq!(k.value("09时"), "0");
    k.tap("返回卡口");
    k.release(0);
    k.scan(k.cards.last().unwrap());
    k.tap("下一位");
    k.later(60);
    k.release(1);
    k.lead("今日");
    assert!(!k.exists("零报告"));
    assert_eq!(k.value("08时"), "0");
    assert_eq!(k.value("09时"), "2");
    assert_eq!(k.value("10时"), "1");
    assert_eq!(
        k.value("通行图表"),
        "今日共 3 人次，最忙 09:00–10:00（2 人次）"
    );
    assert_eq!(k.value("通行记录"), "3", "the report beside it agrees");
}
