//! 中文: the kiosk's source language.

use chrono::NaiveDate;
use kakou_core::domain::{Category, Direction, HouseholdStatus, Outcome, Reason, VehicleKind};
use kakou_core::pass::{PassCheck, RevocationReason};
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::phrases::Words;

pub struct Zh;

impl Words for Zh {
    fn banner_idle(&self, direction: Direction) -> (&'static str, &'static str) {
        match direction {
            Direction::In => (
                "请出示通行证和身份证",
                "进门：扫描通行证，或为访客、车辆登记",
            ),
            Direction::Out => ("请出示通行证和身份证", "出门：扫描通行证，核对户内外出次数"),
        }
    }

    fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::In => "进",
            Direction::Out => "出",
        }
    }

    fn camera_status(&self, status: Option<&CameraStatus>) -> String {
        match status {
            None | Some(CameraStatus::Opening) => "正在打开摄像头…".into(),
            Some(CameraStatus::Live { name }) => format!("摄像头：{name}"),
            Some(CameraStatus::Absent) => "未发现摄像头，插上后自动启用".into(),
            Some(CameraStatus::Missing { .. }) => "摄像头未连接或已断开，正在自动重试".into(),
            Some(CameraStatus::Unsupported) => "此版本不支持摄像头".into(),
        }
    }

    fn abandoned_and_cancelled(&self) -> &'static str {
        "上一位长时间未完成，已记为取消"
    }

    fn store_error_not_saved(&self) -> &'static str {
        "数据库错误，本条未保存"
    }

    fn store_cannot_open(&self) -> &'static str {
        "无法打开数据库，暂停登记"
    }

    fn call_the_lead(&self) -> &'static str {
        "请联系值班组长"
    }

    fn no_ledger(&self) -> &'static str {
        "无名册"
    }

    fn category(&self, category: Category) -> &'static str {
        category.label_zh()
    }

    fn vehicle(&self) -> &'static str {
        "车辆"
    }

    fn holder_unknown(&self) -> &'static str {
        "（无法识别持证人）"
    }

    fn validity(&self, from: NaiveDate, until: NaiveDate, serial: u64) -> String {
        format!("有效期 {from} – {until} · 证号 {serial}")
    }

    fn household_status(&self, status: HouseholdStatus) -> &'static str {
        match status {
            HouseholdStatus::Normal => "户状态：正常",
            HouseholdStatus::CloseContact => "户状态：密接 — 全户不得外出",
            HouseholdStatus::SecondaryContact => "户状态：次密接 — 注意观察",
            HouseholdStatus::HomeQuarantine => "户状态：居家隔离 — 全户不得外出",
            HouseholdStatus::Vacant => "户状态：空置",
        }
    }

    fn lead_alerted(&self) -> &'static str {
        "（已提醒组长）"
    }

    fn visitor_from(&self, from: &str) -> String {
        format!("来自 {from}")
    }

    fn vehicle_detail(&self, kind: VehicleKind, occupants: u32) -> String {
        format!("{} · 车上人数 {occupants}", self.vehicle_kind(kind))
    }

    fn visiting(&self, address: &str) -> String {
        format!("拜访 {address}")
    }

    fn visited_not_matched(&self) -> &'static str {
        "拜访住户未匹配"
    }

    fn still_resting(&self, seconds: i64) -> String {
        format!("休息时间未到，请再等 {seconds} 秒后复测")
    }

    fn vehicle_kind(&self, kind: VehicleKind) -> &'static str {
        match kind {
            VehicleKind::Delivery => "送货车",
            VehicleKind::Courier => "快递车",
            VehicleKind::ResidentCar => "业主车辆",
            VehicleKind::Emergency => "急救/公务",
            VehicleKind::Other => "其他",
        }
    }

    fn household_found(&self, address: &str, status: HouseholdStatus) -> String {
        format!("已匹配住户 {address} · {}", self.household_status(status))
    }

    fn household_not_found(&self) -> &'static str {
        "未找到该住户：可以登记，请电话联系住户确认"
    }

    fn correct_marked_fields(&self) -> &'static str {
        "请改正标红的项目后再提交"
    }

    fn outcome(&self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Released => "放行",
            Outcome::Refused => "劝返",
            Outcome::Referred => "转介",
            Outcome::Cancelled => "已取消",
        }
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::Fever => "两次体温均偏高",
            Reason::Symptoms => "有发热、咳嗽或乏力症状",
            Reason::Travel14d => "14天内去过外地",
            Reason::Contact14d => "14天内接触过确诊或疑似病例",
            Reason::HouseholdQuarantine => "该户正在居家隔离",
            Reason::HouseholdCloseContact => "该户为密接户",
            Reason::ExitQuota => "本户外出次数已用完（每户限定外出）",
            Reason::Pass(check) => self.pass_check(check),
            Reason::Operator => "值班人员决定",
            Reason::Timeout => "长时间无操作，已取消",
        }
    }

    fn pass_check(&self, check: PassCheck) -> &'static str {
        match check {
            PassCheck::Ok => "通行证有效",
            PassCheck::Malformed => "无法识别的通行证（不是本系统的二维码）",
            PassCheck::BadSignature => "通行证被篡改或伪造",
            PassCheck::UnknownKey => "通行证不是本社区签发的（未知签发密钥）",
            PassCheck::NotYetValid => "通行证尚未生效",
            PassCheck::Expired => "通行证已过期",
            PassCheck::Revoked => "通行证已挂失或作废",
            PassCheck::OtherCommunity => "其他社区的通行证，请按访客登记",
        }
    }

    fn advice(&self, outcome: Outcome, reason: Option<Reason>) -> &'static str {
        match (outcome, reason) {
            (Outcome::Referred, _) => "请联系值班组长，引导至临时医疗观察点，不要让其离开等候区",
            (
                Outcome::Refused,
                Some(Reason::HouseholdQuarantine | Reason::HouseholdCloseContact),
            ) => "隔离期间不得外出；生活物资或急需请联系社区",
            (Outcome::Refused, Some(Reason::ExitQuota)) => "请改日外出，或请同户其他人按规定外出",
            (Outcome::Refused, Some(Reason::Pass(PassCheck::Revoked | PassCheck::Expired))) => {
                "请到社区办公室补办通行证；可先按访客登记"
            }
            (Outcome::Refused, Some(Reason::Pass(_))) => "请核对身份证，按访客登记",
            _ => "",
        }
    }

    fn wrong_pin(&self, tries_left: u32) -> String {
        match tries_left {
            0 => "密码错误".into(),
            n => format!("密码错误（再错 {n} 次须等待）"),
        }
    }

    fn pin_not_checked(&self) -> &'static str {
        "等待结束前不检查密码"
    }

    fn type_the_pin(&self) -> &'static str {
        "请先输入密码"
    }

    fn no_pin_set(&self) -> &'static str {
        "尚未设置组长密码：请在终端运行 kakou lead-pin"
    }

    fn report_title(&self, day: NaiveDate) -> String {
        format!("今日报表 {day}")
    }

    fn report_metric(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "zero_report" => "零报告",
            "passages" => "通行记录",
            "fever_readings" => "发热读数",
            "vehicle_occupants" => "车上人数",
            "cancelled" => "已取消",
            "alerts" => "隔离户进门提醒",
            _ => return None,
        })
    }

    fn report_prefix(&self, prefix: &str) -> Option<&'static str> {
        Some(match prefix {
            "people_in_" => "进·",
            "people_out_" => "出·",
            "refused_" => "劝返·",
            "referred_" => "转介·",
            "vehicles_" => "车辆·",
            _ => return None,
        })
    }

    fn category_plural(&self, category: Category) -> &'static str {
        match category {
            Category::Resident => "居民",
            Category::Tenant => "租户",
            Category::Returned => "返乡",
            Category::Visitor => "访客",
        }
    }

    fn total(&self) -> &'static str {
        "合计"
    }

    fn unread_pass(&self) -> &'static str {
        "未识别通行证"
    }

    fn visitor_line(&self, name: &str, visiting: &str) -> String {
        format!("{name} · 访 {visiting}")
    }

    fn type_address_first(&self) -> &'static str {
        "请先输入住户地址，如 3-2-501"
    }

    fn no_household_at(&self, address: &str) -> String {
        format!("未找到住户 {address}")
    }

    fn status_changed(&self, address: &str, status: HouseholdStatus) -> String {
        format!("{address} → {}", self.household_status(status))
    }

    fn serial_is_digits(&self) -> &'static str {
        "证号应为卡片上印的数字"
    }

    fn revocation_reason(&self, reason: RevocationReason) -> &'static str {
        match reason {
            RevocationReason::Lost => "挂失",
            RevocationReason::Moved => "迁出",
            RevocationReason::Damaged => "损坏",
            RevocationReason::Replaced => "换证",
            RevocationReason::Other => "其他",
        }
    }

    fn revoked(&self, serial: u64, reason: RevocationReason) -> String {
        format!(
            "证号 {serial} 已作废（{}），该卡在本卡口将被拒绝",
            self.revocation_reason(reason)
        )
    }

    fn already_revoked(&self, serial: u64) -> String {
        format!("证号 {serial} 此前已作废")
    }

    fn unknown_serial(&self, serial: u64) -> String {
        format!("未找到证号 {serial}：本终端从未签发过该通行证")
    }

    fn no_community_key(&self) -> &'static str {
        "本卡口尚未导入社区数据包，还不知道社区的签发密钥"
    }

    fn signed_out(&self) -> &'static str {
        "已签退"
    }

    fn nobody_signed_in(&self) -> &'static str {
        "当前无人签到"
    }

    fn camera_choice(&self, choice: Option<u32>, present: &[CameraInfo]) -> String {
        match choice {
            None => "自动（第一个可用的摄像头）".into(),
            Some(index) => match present.iter().find(|c| c.index == index) {
                Some(camera) => format!("{index} · {}", camera.name),
                None => format!("{index} · 未连接"),
            },
        }
    }

    fn camera_counts(&self, c: &ScanCounters) -> String {
        format!(
            "已处理 {} 帧，识别 {} 次，坏帧 {}，解码异常 {}",
            c.frames, c.decoded, c.frame_errors, c.panics
        )
    }

    fn camera_reason(&self, reason: &str) -> String {
        format!("原因：{reason}")
    }

    fn no_camera_found(&self) -> &'static str {
        "未发现摄像头"
    }
}
