//! 值班、物资、在场人员和当日图表的中文用语。

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use kakou_core::inside::Who;
use kakou_core::lang::Lang;
use kakou_core::roster::{SignIn, weekday_word};
use kakou_core::supplies::{Change, Movement, Request};

use super::ops::{ItemName, OpsWords};
use super::zh::Zh;

impl OpsWords for Zh {
    fn chart_bar(&self, hour: u8) -> String {
        format!("{hour:02}时")
    }

    fn chart_summary(&self, total: u32, busiest: Option<(u8, u32)>) -> String {
        match busiest {
            None => "今日尚无通行".into(),
            Some((hour, n)) => format!(
                "今日共 {total} 人次，最忙 {hour:02}:00–{:02}:00（{n} 人次）",
                hour + 1
            ),
        }
    }

    fn low_stock_alert(&self, low: &[(String, u32, String)]) -> String {
        let items: Vec<String> = low
            .iter()
            .map(|(name, n, unit)| format!("{name} {n} {unit}"))
            .collect();
        format!("物资不足：{}", items.join("、"))
    }

    fn overdue_alert(&self, count: usize) -> String {
        format!("{count} 位访客或车辆已过当日截止时间仍在场")
    }

    fn list_separator(&self) -> &'static str {
        "、"
    }

    fn week_title(&self, monday: NaiveDate, sunday: NaiveDate) -> String {
        format!(
            "本周排班 {} 至 {}",
            monday.format("%m-%d"),
            sunday.format("%m-%d")
        )
    }

    fn roster_day(&self, date: NaiveDate) -> String {
        format!(
            "{} {}",
            weekday_word(date.weekday(), Lang::Zh),
            date.format("%m-%d")
        )
    }

    fn roster_lead(&self, name: &str) -> String {
        format!("负责人 {name}")
    }

    fn roster_nobody(&self) -> &'static str {
        "无人值班"
    }

    fn roster_no_lead(&self) -> &'static str {
        "无负责人"
    }

    fn roster_no_shift(&self) -> &'static str {
        "未排班"
    }

    fn roster_gap(&self, date: NaiveDate, message: &str) -> String {
        format!("{}：{message}", self.roster_day(date))
    }

    fn no_roster(&self) -> &'static str {
        "尚未导入排班表：在本机运行 kakou roster import 排班表.xlsx"
    }

    fn on_duty_now(&self, people: &[&str], slot: &str) -> String {
        format!("现在应在岗（{slot}）：{}", people.join("、"))
    }

    fn nobody_scheduled_now(&self) -> &'static str {
        "现在没有排班"
    }

    fn signed_in_checked(&self, name: &str, roster: Option<&SignIn>) -> String {
        match roster {
            // The roster's own sentence already says "已签到".
            Some(on_time @ SignIn::OnTime { .. }) => {
                format!("{name} {}", on_time.message(Lang::Zh))
            }
            Some(said) => format!("已签到：{name}。{}", said.message(Lang::Zh)),
            None => format!("已签到：{name}（未导入排班表，未核对）"),
        }
    }

    fn the_lead(&self) -> &'static str {
        "组长"
    }

    fn pick_item_first(&self) -> &'static str {
        "请先在左边选择物资"
    }

    fn supply_recorded(&self, request: Request, item: ItemName<'_>, on_hand: u32) -> String {
        let ItemName { name, unit } = item;
        match request {
            Request::In(n) => format!("{name}入库 {n} {unit}，现有 {on_hand} {unit}"),
            Request::Out(n) => format!("{name}出库 {n} {unit}，现有 {on_hand} {unit}"),
            Request::Count(_) => format!("{name}盘点更正为 {on_hand} {unit}"),
        }
    }

    fn movement_line(&self, m: &Movement, item: ItemName<'_>) -> String {
        let ItemName { name, unit } = item;
        let what = match m.change {
            Change::In { quantity } => format!("入库 {name} {quantity} {unit}"),
            Change::Out { quantity } => format!("出库 {name} {quantity} {unit}"),
            Change::Correction {
                counted,
                difference,
            } => format!("盘点 {name} {counted} {unit}（{difference:+}）"),
        };
        let note = if m.note.is_empty() {
            String::new()
        } else {
            format!(" · {}", m.note)
        };
        format!("{} {} {what}{note}", m.at.format("%m-%d %H:%M"), m.by)
    }

    fn inside_kind(&self, who: &Who) -> &'static str {
        match who {
            Who::Visitor(_) => "访客",
            Who::Vehicle(_) => "车辆",
            Who::PassVisitor { .. } => "粉码访客",
        }
    }

    fn inside_since(&self, since: DateTime<FixedOffset>, today: NaiveDate) -> String {
        if since.date_naive() == today {
            format!("{} 进入", since.format("%H:%M"))
        } else {
            format!("{} 进入", since.format("%m-%d %H:%M"))
        }
    }

    fn inside_summary(&self, inside: usize, overdue: usize) -> String {
        match (inside, overdue) {
            (0, _) => "现在没有访客或外来车辆在场".into(),
            (n, 0) => format!("在场 {n} 位访客或车辆"),
            (n, o) => format!("在场 {n} 位访客或车辆，其中 {o} 位已过当日截止时间"),
        }
    }

    fn pink_pass(&self, serial: u64) -> String {
        format!("粉码 {serial} 号")
    }
}
