//! The phrases of the lead screen's pages for running a checkpoint for
//! weeks (the chart of the day, the roster, supplies, who is inside),
//! which every language has beside [`super::Words`]. The core words its
//! own results (roster gaps and sign-ins, supply refusals, stay lengths);
//! these are the kiosk's own sentences around them.

use chrono::{DateTime, FixedOffset, NaiveDate};
use kakou_core::inside::Who;
use kakou_core::roster::SignIn;
use kakou_core::supplies::{Item, Movement, Request};

/// A supply item's name and unit, for sentences about a movement.
pub struct ItemName<'a> {
    pub name: &'a str,
    pub unit: &'a str,
}

impl<'a> From<&'a Item> for ItemName<'a> {
    fn from(item: &'a Item) -> Self {
        ItemName {
            name: &item.name,
            unit: &item.unit,
        }
    }
}

pub trait OpsWords {
    // Today: the chart and what needs the lead's eye.
    /// What a screen reader calls an hour's bar.
    fn chart_bar(&self, hour: u8) -> String;
    /// The day's total and its busiest hour (`None` on an empty day).
    fn chart_summary(&self, total: u32, busiest: Option<(u8, u32)>) -> String;
    /// Items at or below their threshold: (name, on hand, unit).
    fn low_stock_alert(&self, low: &[(String, u32, String)]) -> String;
    fn overdue_alert(&self, count: usize) -> String;

    /// Between the names of a list ("赵一、钱二").
    fn list_separator(&self) -> &'static str;

    // The roster.
    fn week_title(&self, monday: NaiveDate, sunday: NaiveDate) -> String;
    /// A column heading: weekday and date.
    fn roster_day(&self, date: NaiveDate) -> String;
    fn roster_lead(&self, name: &str) -> String;
    fn roster_nobody(&self) -> &'static str;
    fn roster_no_lead(&self) -> &'static str;
    fn roster_no_shift(&self) -> &'static str;
    /// One gap of the week, with its day.
    fn roster_gap(&self, date: NaiveDate, message: &str) -> String;
    fn no_roster(&self) -> &'static str;
    fn on_duty_now(&self, people: &[&str], slot: &str) -> String;
    fn nobody_scheduled_now(&self) -> &'static str;
    /// A sign-in and what the roster said about it (`None`: no roster).
    fn signed_in_checked(&self, name: &str, roster: Option<&SignIn>) -> String;

    // Supplies.
    /// Who records a movement when no volunteer is signed in.
    fn the_lead(&self) -> &'static str;
    fn pick_item_first(&self) -> &'static str;
    fn supply_recorded(&self, request: Request, item: ItemName<'_>, on_hand: u32) -> String;
    fn movement_line(&self, movement: &Movement, item: ItemName<'_>) -> String;

    // Who is inside.
    fn inside_kind(&self, who: &Who) -> &'static str;
    /// When they came in: the time, with the date when it was not today.
    fn inside_since(&self, since: DateTime<FixedOffset>, today: NaiveDate) -> String;
    fn inside_summary(&self, inside: usize, overdue: usize) -> String;
    fn pink_pass(&self, serial: u64) -> String;
}
