//! English for the roster, supplies, who is inside and the day's chart.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use kakou_core::inside::Who;
use kakou_core::lang::Lang;
use kakou_core::roster::{SignIn, weekday_word};
use kakou_core::supplies::{Change, Movement, Request};

use super::en::En;
use super::ops::{ItemName, OpsWords};

impl OpsWords for En {
    fn chart_bar(&self, hour: u8) -> String {
        format!("{hour:02}h")
    }

    fn chart_summary(&self, total: u32, busiest: Option<(u8, u32)>) -> String {
        match busiest {
            None => "No passages today yet".into(),
            Some((hour, n)) => format!(
                "{total} passages today; busiest {hour:02}:00–{:02}:00 ({n})",
                hour + 1
            ),
        }
    }

    fn low_stock_alert(&self, low: &[(String, u32, String)]) -> String {
        let items: Vec<String> = low
            .iter()
            .map(|(name, n, unit)| format!("{name} {n} {unit}"))
            .collect();
        format!("Running low: {}", items.join(", "))
    }

    fn overdue_alert(&self, count: usize) -> String {
        match count {
            1 => "1 visitor or vehicle is still inside past the day's end".into(),
            n => format!("{n} visitors or vehicles are still inside past the day's end"),
        }
    }

    fn list_separator(&self) -> &'static str {
        ", "
    }

    fn week_title(&self, monday: NaiveDate, sunday: NaiveDate) -> String {
        format!(
            "This week's roster {} to {}",
            monday.format("%m-%d"),
            sunday.format("%m-%d")
        )
    }

    fn roster_day(&self, date: NaiveDate) -> String {
        format!(
            "{} {}",
            weekday_word(date.weekday(), Lang::En),
            date.format("%m-%d")
        )
    }

    fn roster_lead(&self, name: &str) -> String {
        format!("Lead {name}")
    }

    fn roster_nobody(&self) -> &'static str {
        "Nobody"
    }

    fn roster_no_lead(&self) -> &'static str {
        "No lead"
    }

    fn roster_no_shift(&self) -> &'static str {
        "No shift"
    }

    fn roster_gap(&self, date: NaiveDate, message: &str) -> String {
        format!("{}: {message}", self.roster_day(date))
    }

    fn no_roster(&self) -> &'static str {
        "No roster imported yet: run `kakou roster import roster.xlsx` on this terminal"
    }

    fn on_duty_now(&self, people: &[&str], slot: &str) -> String {
        format!("On duty now ({slot}): {}", people.join(", "))
    }

    fn nobody_scheduled_now(&self) -> &'static str {
        "Nobody is scheduled now"
    }

    fn signed_in_checked(&self, name: &str, roster: Option<&SignIn>) -> String {
        match roster {
            // The roster's own sentence already says "signed in".
            Some(on_time @ SignIn::OnTime { .. }) => {
                format!("{name}: {}", on_time.message(Lang::En))
            }
            Some(said) => format!("Signed in: {name}. {}", said.message(Lang::En)),
            None => format!("Signed in: {name} (no roster imported to check against)"),
        }
    }

    fn the_lead(&self) -> &'static str {
        "lead"
    }

    fn pick_item_first(&self) -> &'static str {
        "Pick an item on the left first"
    }

    fn supply_recorded(&self, request: Request, item: ItemName<'_>, on_hand: u32) -> String {
        let ItemName { name, unit } = item;
        match request {
            Request::In(n) => format!("{n} {unit} of {name} in; {on_hand} {unit} on hand"),
            Request::Out(n) => format!("{n} {unit} of {name} out; {on_hand} {unit} on hand"),
            Request::Count(_) => format!("{name} counted: {on_hand} {unit} on hand"),
        }
    }

    fn movement_line(&self, m: &Movement, item: ItemName<'_>) -> String {
        let ItemName { name, unit } = item;
        let what = match m.change {
            Change::In { quantity } => format!("in {quantity} {unit} {name}"),
            Change::Out { quantity } => format!("out {quantity} {unit} {name}"),
            Change::Correction {
                counted,
                difference,
            } => format!("count {name} {counted} {unit} ({difference:+})"),
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
            Who::Visitor(_) => "Visitor",
            Who::Vehicle(_) => "Vehicle",
            Who::PassVisitor { .. } => "Pink pass",
        }
    }

    fn inside_since(&self, since: DateTime<FixedOffset>, today: NaiveDate) -> String {
        if since.date_naive() == today {
            format!("in at {}", since.format("%H:%M"))
        } else {
            format!("in at {}", since.format("%m-%d %H:%M"))
        }
    }

    fn inside_summary(&self, inside: usize, overdue: usize) -> String {
        match (inside, overdue) {
            (0, _) => "No visitors or outside vehicles inside now".into(),
            (n, 0) => format!("{n} visitors or vehicles inside"),
            (n, o) => format!("{n} visitors or vehicles inside, {o} past the day's end"),
        }
    }

    fn pink_pass(&self, serial: u64) -> String {
        format!("Pink pass No. {serial}")
    }
}
