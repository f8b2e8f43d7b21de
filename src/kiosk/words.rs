//! What the kiosk says about data: prompts, reasons, categories and
//! statuses, in the UI language. Fixed labels are translated in the .slint
//! files with `@tr`; these depend on what the flow decided, so they are
//! worded here, beside the codes they explain.

use kakou_core::domain::{Category, Direction, HouseholdStatus, Outcome, Reason, VehicleKind};
use kakou_core::lang::Lang;
use kakou_core::pass::PassCheck;
use kakou_scan::camera::{CameraInfo, CameraStatus};

/// The banner on the gate screen: what the volunteer does next.
pub fn banner_idle(lang: Lang, direction: Direction) -> (String, String) {
    match direction {
        Direction::In => (
            lang.pick("请出示通行证和身份证", "Show your pass and ID card")
                .into(),
            lang.pick(
                "进门：扫描通行证，或为访客、车辆登记",
                "Entering: scan the pass, or register a visitor or vehicle",
            )
            .into(),
        ),
        Direction::Out => (
            lang.pick("请出示通行证和身份证", "Show your pass and ID card")
                .into(),
            lang.pick(
                "出门：扫描通行证，核对户内外出次数",
                "Leaving: scan the pass; the household's outings are checked",
            )
            .into(),
        ),
    }
}

/// The colour name and category printed on the card.
pub fn category(lang: Lang, category: Category) -> &'static str {
    match category {
        Category::Resident => lang.pick("绿码 居民", "Green · Resident"),
        Category::Tenant => lang.pick("蓝码 租户", "Blue · Tenant"),
        Category::Returned => lang.pick("红码 返乡", "Red · Returned"),
        Category::Visitor => lang.pick("粉码 访客", "Pink · Visitor"),
    }
}

/// The card colour as 0xRRGGBB, matching the printed bands.
pub fn category_rgb(category: Option<Category>) -> u32 {
    match category {
        Some(Category::Resident) => 0x1f9d55,
        Some(Category::Tenant) => 0x1e6fd9,
        Some(Category::Returned) => 0xd93030,
        Some(Category::Visitor) => 0xe56aa6,
        None => 0x607d8b,
    }
}

pub fn household_status(lang: Lang, status: HouseholdStatus) -> &'static str {
    match status {
        HouseholdStatus::Normal => lang.pick("户状态：正常", "Household: normal"),
        HouseholdStatus::CloseContact => lang.pick(
            "户状态：密接 — 全户不得外出",
            "Household: close contact — nobody may leave",
        ),
        HouseholdStatus::SecondaryContact => lang.pick(
            "户状态：次密接 — 注意观察",
            "Household: secondary contact — watch",
        ),
        HouseholdStatus::HomeQuarantine => lang.pick(
            "户状态：居家隔离 — 全户不得外出",
            "Household: home quarantine — nobody may leave",
        ),
        HouseholdStatus::Vacant => lang.pick("户状态：空置", "Household: vacant"),
    }
}

pub fn pass_check(lang: Lang, check: PassCheck) -> &'static str {
    match check {
        PassCheck::Ok => lang.pick("通行证有效", "Pass valid"),
        PassCheck::Malformed => lang.pick(
            "无法识别的通行证（不是本系统的二维码）",
            "Not a kakou pass (unreadable code)",
        ),
        PassCheck::BadSignature => {
            lang.pick("通行证被篡改或伪造", "The pass was altered or forged")
        }
        PassCheck::UnknownKey => lang.pick(
            "通行证不是本社区签发的（未知签发密钥）",
            "Pass signed by an unknown key",
        ),
        PassCheck::NotYetValid => lang.pick("通行证尚未生效", "The pass is not valid yet"),
        PassCheck::Expired => lang.pick("通行证已过期", "The pass has expired"),
        PassCheck::Revoked => lang.pick(
            "通行证已挂失或作废",
            "The pass was reported lost or revoked",
        ),
        PassCheck::OtherCommunity => lang.pick(
            "其他社区的通行证，请按访客登记",
            "A pass of another community: register as a visitor",
        ),
    }
}

/// Why a passage was refused or referred, in words.
pub fn reason(lang: Lang, reason: Reason) -> String {
    match reason {
        Reason::Fever => lang.pick("两次体温均偏高", "Fever on two readings").into(),
        Reason::Symptoms => lang
            .pick("有发热、咳嗽或乏力症状", "Fever, cough or fatigue reported")
            .into(),
        Reason::Travel14d => lang
            .pick("14天内去过外地", "Travelled outside in the last 14 days")
            .into(),
        Reason::Contact14d => lang
            .pick(
                "14天内接触过确诊或疑似病例",
                "Contact with a confirmed or suspected case in 14 days",
            )
            .into(),
        Reason::HouseholdQuarantine => lang
            .pick("该户正在居家隔离", "The household is in home quarantine")
            .into(),
        Reason::HouseholdCloseContact => lang
            .pick("该户为密接户", "The household is a close-contact household")
            .into(),
        Reason::ExitQuota => lang
            .pick(
                "本户外出次数已用完（每户限定外出）",
                "The household has used its outings",
            )
            .into(),
        Reason::Pass(check) => pass_check(lang, check).into(),
        Reason::Operator => lang.pick("值班人员决定", "Decided by the volunteer").into(),
        Reason::Timeout => lang
            .pick("长时间无操作，已取消", "Cancelled after no input")
            .into(),
    }
}

pub fn outcome_title(lang: Lang, outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Released => lang.pick("放行", "Released"),
        Outcome::Refused => lang.pick("劝返", "Refused"),
        Outcome::Referred => lang.pick("转介", "Referred"),
        Outcome::Cancelled => lang.pick("已取消", "Cancelled"),
    }
}

/// What the volunteer does after a refusal or referral.
pub fn advice(lang: Lang, outcome: Outcome, reason: Option<Reason>) -> &'static str {
    match (outcome, reason) {
        (Outcome::Referred, _) => lang.pick(
            "请联系值班组长，引导至临时医疗观察点，不要让其离开等候区",
            "Call the shift lead and take the person to the medical point; keep them in the waiting area",
        ),
        (
            Outcome::Refused,
            Some(Reason::HouseholdQuarantine | Reason::HouseholdCloseContact),
        ) => lang.pick(
            "隔离期间不得外出；生活物资或急需请联系社区",
            "No outings during quarantine; for supplies or emergencies call the community office",
        ),
        (Outcome::Refused, Some(Reason::ExitQuota)) => lang.pick(
            "请改日外出，或请同户其他人按规定外出",
            "Come back another day, within the household's outings",
        ),
        (Outcome::Refused, Some(Reason::Pass(PassCheck::Revoked | PassCheck::Expired))) => lang
            .pick(
                "请到社区办公室补办通行证；可先按访客登记",
                "Get a new pass at the community office; meanwhile register as a visitor",
            ),
        (Outcome::Refused, Some(Reason::Pass(_))) => lang.pick(
            "请核对身份证，按访客登记",
            "Check the ID card and register as a visitor",
        ),
        _ => "",
    }
}

pub fn direction(lang: Lang, direction: Direction) -> &'static str {
    match direction {
        Direction::In => lang.pick("进", "In"),
        Direction::Out => lang.pick("出", "Out"),
    }
}

/// The vehicle kinds in the order of the buttons on the vehicle form.
pub const VEHICLE_KINDS: [VehicleKind; 5] = [
    VehicleKind::Delivery,
    VehicleKind::Courier,
    VehicleKind::ResidentCar,
    VehicleKind::Emergency,
    VehicleKind::Other,
];

pub fn vehicle_kind(lang: Lang, kind: VehicleKind) -> &'static str {
    match kind {
        VehicleKind::Delivery => lang.pick("送货车", "Delivery"),
        VehicleKind::Courier => lang.pick("快递车", "Courier"),
        VehicleKind::ResidentCar => lang.pick("业主车辆", "Resident's car"),
        VehicleKind::Emergency => lang.pick("急救/公务", "Emergency/official"),
        VehicleKind::Other => lang.pick("其他", "Other"),
    }
}

/// A line of the day's report on the lead screen, by the code
/// `kakou_core::report::rows` gives it.
pub fn report_row(lang: Lang, code: &str) -> String {
    let (zh, en): (&str, &str) = match code {
        "zero_report" => ("零报告", "Zero report"),
        "passages" => ("通行记录", "Passages"),
        "fever_readings" => ("发热读数", "Fever readings"),
        "vehicle_occupants" => ("车上人数", "Vehicle occupants"),
        "cancelled" => ("已取消", "Cancelled"),
        "alerts" => ("隔离户进门提醒", "Quarantine alerts"),
        _ => return report_compound(lang, code),
    };
    lang.pick(zh, en).into()
}

/// Codes like `people_in_resident`, `refused_exit_quota`, `vehicles_delivery`.
fn report_compound(lang: Lang, code: &str) -> String {
    let prefixes: [(&str, &str, &str); 5] = [
        ("people_in_", "进·", "In · "),
        ("people_out_", "出·", "Out · "),
        ("refused_", "劝返·", "Refused · "),
        ("referred_", "转介·", "Referred · "),
        ("vehicles_", "车辆·", "Vehicles · "),
    ];
    for (prefix, zh, en) in prefixes {
        if let Some(rest) = code.strip_prefix(prefix) {
            return format!("{}{}", lang.pick(zh, en), report_word(lang, rest));
        }
    }
    code.to_string()
}

fn report_word(lang: Lang, code: &str) -> String {
    if let Some(category) = Category::from_code(code) {
        return category_name(lang, category).into();
    }
    if let Some(kind) = VehicleKind::ALL.into_iter().find(|k| k.code() == code) {
        return vehicle_kind(lang, kind).into();
    }
    if let Some(r) = Reason::from_code(code) {
        return reason(lang, r);
    }
    match code {
        "total" => lang.pick("合计", "total").into(),
        _ => code.into(),
    }
}

fn category_name(lang: Lang, category: Category) -> &'static str {
    match category {
        Category::Resident => lang.pick("居民", "residents"),
        Category::Tenant => lang.pick("租户", "tenants"),
        Category::Returned => lang.pick("返乡", "returned"),
        Category::Visitor => lang.pick("访客", "visitors"),
    }
}

/// The camera's state under the viewfinder. A missing camera says that the
/// kiosk keeps trying, so nobody restarts it, and where else a pass can be
/// read meanwhile is printed beside it on the screen.
pub fn camera_status(lang: Lang, status: Option<&CameraStatus>) -> String {
    match status {
        None | Some(CameraStatus::Opening) => {
            lang.pick("正在打开摄像头…", "Opening the camera…").into()
        }
        Some(CameraStatus::Live { name }) => {
            format!("{}{name}", lang.pick("摄像头：", "Camera: "))
        }
        Some(CameraStatus::Absent) => lang
            .pick(
                "未发现摄像头，插上后自动启用",
                "No camera found; plug one in and it starts by itself",
            )
            .into(),
        Some(CameraStatus::Missing { .. }) => lang
            .pick(
                "摄像头未连接或已断开，正在自动重试",
                "No camera, or it was unplugged; retrying by itself",
            )
            .into(),
        Some(CameraStatus::Unsupported) => lang
            .pick("此版本不支持摄像头", "This build has no camera support")
            .into(),
    }
}

/// The camera thread's totals, for the lead: a camera that only yields bad
/// frames, or frames the decoder trips over, shows here.
pub fn camera_counts(lang: Lang, c: &kakou_scan::ScanCounters) -> String {
    match lang {
        Lang::Zh => format!(
            "已处理 {} 帧，识别 {} 次，坏帧 {}，解码异常 {}",
            c.frames, c.decoded, c.frame_errors, c.panics
        ),
        Lang::En => format!(
            "{} frames, {} with a code, {} bad frames, {} decoder failures",
            c.frames, c.decoded, c.frame_errors, c.panics
        ),
    }
}

/// The lead's camera choice, with the camera's name when it is present.
pub fn camera_choice(lang: Lang, choice: Option<u32>, present: &[CameraInfo]) -> String {
    match choice {
        None => lang
            .pick(
                "自动（第一个可用的摄像头）",
                "Automatic (first camera that works)",
            )
            .into(),
        Some(index) => match present.iter().find(|c| c.index == index) {
            Some(camera) => format!("{index} · {}", camera.name),
            None => format!("{index} · {}", lang.pick("未连接", "not connected")),
        },
    }
}
