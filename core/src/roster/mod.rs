//! The duty roster (排班表) of one checkpoint: which volunteers stand at the
//! gate in which time slot, and who leads each slot.
//!
//! Community offices plan a week as a pattern ("every day 00–08, 08–16,
//! 16–24", "weekdays 08–12") and swap people on particular dates, so a shift
//! is either *weekly* (a set of weekdays) or *dated*. A date that has any
//! dated shift follows only its dated shifts; every other date follows the
//! weekly pattern. Whole days are replaced rather than single slots because
//! that is how an office edits a sheet ("Saturday is different") and because
//! a half-replaced day would hide gaps.
//!
//! Times are the checkpoint's local wall-clock time (`NaiveDateTime`): a
//! roster says "08:00", not an instant. Slots may cross midnight (22:00–06:00
//! belongs to the day it starts on).

mod conflicts;
mod days;
mod sheet;
mod sign_in;
mod time;
mod week;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

pub use conflicts::Conflict;
pub use days::{Weekdays, When, weekday_word};
pub use sheet::{Column, RosterError, parse, to_rows};
pub use sign_in::{SignIn, SignInRules};
pub use time::{format_time, parse_time};
pub use week::{DayView, Gap, WeekView, week};

/// Minutes in a day; a slot's end may be exactly this (24:00).
pub const DAY_MINUTES: u16 = 24 * 60;

/// A time slot of a day, in minutes after midnight. An end before the start
/// means the slot ends on the next day (22:00–06:00). Read back from JSON
/// through [`Slot::new`], so a stored slot is as valid as a typed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "RawSlot")]
pub struct Slot {
    start: u16,
    end: u16,
}

/// A slot as stored, before it is checked.
#[derive(Deserialize)]
struct RawSlot {
    start: u16,
    end: u16,
}

impl TryFrom<RawSlot> for Slot {
    type Error = String;

    fn try_from(raw: RawSlot) -> Result<Slot, String> {
        Slot::new(raw.start, raw.end)
            .ok_or_else(|| format!("not a time slot: {}..{}", raw.start, raw.end))
    }
}

impl Slot {
    /// A slot from `start` (0..24:00) to `end` (up to 24:00; 00:00 as an end
    /// means midnight, so 16:00–00:00 is 16:00–24:00). `None` when a time is
    /// out of range or the slot would be empty (08:00–08:00); 00:00–00:00
    /// and 00:00–24:00 are the whole day.
    pub fn new(start: u16, end: u16) -> Option<Slot> {
        let end = if end == 0 { DAY_MINUTES } else { end };
        (start < DAY_MINUTES && end <= DAY_MINUTES && start != end).then_some(Slot { start, end })
    }

    pub fn start(self) -> u16 {
        self.start
    }

    pub fn end(self) -> u16 {
        self.end
    }

    pub fn crosses_midnight(self) -> bool {
        self.end < self.start
    }

    /// How long the slot lasts, in minutes.
    pub fn minutes(self) -> u16 {
        if self.crosses_midnight() {
            DAY_MINUTES - self.start + self.end
        } else {
            self.end - self.start
        }
    }

    /// `08:00–16:00`, as the week view and messages show it.
    pub fn label(self) -> String {
        format!("{}–{}", format_time(self.start), format_time(self.end))
    }

    /// When the slot starts and ends if it starts on `date`.
    pub fn on(self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        let starts = midnight + TimeDelta::minutes(i64::from(self.start));
        (
            starts,
            starts + TimeDelta::minutes(i64::from(self.minutes())),
        )
    }
}

/// One row of the roster: when, which slot, who, and who leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub when: When,
    pub slot: Slot,
    /// The volunteers on duty, in the order the sheet lists them.
    pub volunteers: Vec<String>,
    /// The lead (带班负责人) of the slot; the lead is on duty too.
    pub lead: Option<String>,
}

/// A shift on a particular date: what the week view and "who is on duty
/// now" show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledShift {
    /// The date the slot starts on.
    pub date: NaiveDate,
    pub slot: Slot,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub volunteers: Vec<String>,
    pub lead: Option<String>,
    /// The shift's position in [`Roster::shifts`], for editing it.
    pub index: usize,
}

impl ScheduledShift {
    /// Everyone on duty: the lead first, then the volunteers, each once.
    pub fn people(&self) -> Vec<&str> {
        let mut people: Vec<&str> = self.lead.iter().map(String::as_str).collect();
        for v in &self.volunteers {
            if !people.contains(&v.as_str()) {
                people.push(v);
            }
        }
        people
    }

    /// Whether `name` is on duty in this shift (as a volunteer or the lead).
    pub fn names(&self, name: &str) -> bool {
        self.people().into_iter().any(|p| same_name(p, name))
    }

    pub fn covers(&self, at: NaiveDateTime) -> bool {
        self.starts <= at && at < self.ends
    }
}

/// Names are compared as people type them: surrounding spaces and the case
/// of Latin letters do not matter.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A checkpoint's roster. Built only through [`Roster::new`], so two shifts
/// of the weekly pattern, or two dated shifts, never overlap.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Roster {
    shifts: Vec<Shift>,
}

impl Roster {
    /// The roster, or every pair of shifts that overlap. A weekly shift that
    /// runs past midnight is checked against the next weekday's shifts, and
    /// Sunday night against Monday morning.
    pub fn new(shifts: Vec<Shift>) -> Result<Roster, Vec<Conflict>> {
        let conflicts = conflicts::find(&shifts);
        if conflicts.is_empty() {
            Ok(Roster { shifts })
        } else {
            Err(conflicts)
        }
    }

    pub fn shifts(&self) -> &[Shift] {
        &self.shifts
    }

    pub fn is_empty(&self) -> bool {
        self.shifts.is_empty()
    }

    /// The shifts that start on `date`, by start time: the date's own dated
    /// shifts when it has any, else the weekly pattern for its weekday.
    pub fn shifts_starting_on(&self, date: NaiveDate) -> Vec<ScheduledShift> {
        let dated = |s: &Shift| s.when == When::Date(date);
        let has_dated = self.shifts.iter().any(dated);
        let mut out: Vec<ScheduledShift> = self
            .shifts
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                if has_dated {
                    dated(s)
                } else {
                    matches!(s.when, When::Weekly(days) if days.contains(date.weekday()))
                }
            })
            .map(|(index, s)| {
                let (starts, ends) = s.slot.on(date);
                ScheduledShift {
                    date,
                    slot: s.slot,
                    starts,
                    ends,
                    volunteers: s.volunteers.clone(),
                    lead: s.lead.clone(),
                    index,
                }
            })
            .collect();
        out.sort_by_key(|s| (s.slot, s.index));
        out
    }

    /// The shifts starting on each date from `first` to `last`, inclusive, in
    /// time order.
    pub fn scheduled(&self, first: NaiveDate, last: NaiveDate) -> Vec<ScheduledShift> {
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .flat_map(|d| self.shifts_starting_on(d))
            .collect()
    }

    /// Who is scheduled at `at` (local time): normally one shift, none in a
    /// gap, several where shifts overlap.
    pub fn on_duty(&self, at: NaiveDateTime) -> Vec<ScheduledShift> {
        let day = at.date();
        let before = day.checked_sub_days(Days::new(1)).unwrap_or(day);
        self.scheduled(before, day)
            .into_iter()
            .filter(|s| s.covers(at))
            .collect()
    }

    /// Whether `name` appears anywhere in the roster, on any date.
    pub fn lists(&self, name: &str) -> bool {
        self.shifts.iter().any(|s| {
            s.lead
                .iter()
                .chain(&s.volunteers)
                .any(|p| same_name(p, name))
        })
    }
}

/// The Monday that starts the (ISO, Monday-first) week of `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// Weekday helpers shared by the submodules.
pub(crate) fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    pub fn slot(start: &str, end: &str) -> Slot {
        Slot::new(
            parse_time(start, false).unwrap(),
            parse_time(end, true).unwrap(),
        )
        .unwrap()
    }

    pub fn shift(when: When, start: &str, end: &str, people: &[&str], lead: Option<&str>) -> Shift {
        Shift {
            when,
            slot: slot(start, end),
            volunteers: people.iter().map(|p| p.to_string()).collect(),
            lead: lead.map(str::to_string),
        }
    }

    /// The usual office plan: three eight-hour slots every day.
    pub fn three_slots() -> Vec<Shift> {
        vec![
            shift(
                When::Weekly(Weekdays::ALL),
                "00:00",
                "08:00",
                &["赵一"],
                Some("钱二"),
            ),
            shift(
                When::Weekly(Weekdays::ALL),
                "08:00",
                "16:00",
                &["孙三", "李四"],
                Some("周五"),
            ),
            shift(
                When::Weekly(Weekdays::ALL),
                "16:00",
                "24:00",
                &["吴六"],
                Some("郑七"),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn slots_know_their_length_and_whether_they_cross_midnight() {
        let cases = [
            ("08:00", "16:00", 480, false, "08:00–16:00"),
            ("16:00", "24:00", 480, false, "16:00–24:00"),
            ("16:00", "00:00", 480, false, "16:00–24:00"),
            ("22:00", "06:00", 480, true, "22:00–06:00"),
            ("00:00", "00:00", 1440, false, "00:00–24:00"),
            ("23:30", "00:30", 60, true, "23:30–00:30"),
        ];
        for (start, end, minutes, crosses, label) in cases {
            let s = slot(start, end);
            assert_eq!(s.minutes(), minutes, "{start}-{end}");
            assert_eq!(s.crosses_midnight(), crosses, "{start}-{end}");
            assert_eq!(s.label(), label);
        }
        assert_eq!(Slot::new(480, 480), None);
        assert_eq!(Slot::new(1440, 60), None);
        assert_eq!(Slot::new(60, 1441), None);
        let json = serde_json::to_string(&slot("22:00", "06:00")).unwrap();
        assert_eq!(json, r#"{"start":1320,"end":360}"#);
        assert_eq!(
            serde_json::from_str::<Slot>(&json).unwrap(),
            slot("22:00", "06:00")
        );
        assert!(serde_json::from_str::<Slot>(r#"{"start":480,"end":480}"#).is_err());
        let (starts, ends) = slot("22:00", "06:00").on(date("2026-11-24"));
        assert_eq!(
            (starts, ends),
            (at("2026-11-24 22:00"), at("2026-11-25 06:00"))
        );
    }

    #[test]
    fn a_dated_day_replaces_the_weekly_pattern_for_that_date_only() {
        let mut shifts = three_slots();
        let special = date("2026-11-28"); // a Saturday
        shifts.push(shift(
            When::Date(special),
            "06:00",
            "18:00",
            &["全天班"],
            Some("王组长"),
        ));
        let roster = Roster::new(shifts).unwrap();
        let saturday = roster.shifts_starting_on(special);
        assert_eq!(saturday.len(), 1);
        assert_eq!(saturday[0].volunteers, vec!["全天班"]);
        assert_eq!(saturday[0].index, 3);
        let friday = roster.shifts_starting_on(date("2026-11-27"));
        assert_eq!(friday.len(), 3);
        assert_eq!(friday[1].lead.as_deref(), Some("周五"));
        assert_eq!(
            roster
                .scheduled(date("2026-11-27"), date("2026-11-29"))
                .len(),
            7
        );
    }

    #[test]
    fn who_is_on_duty_at_a_moment() {
        let mut shifts = vec![shift(
            When::Weekly(Weekdays::ALL),
            "22:00",
            "06:00",
            &["夜班"],
            Some("夜班长"),
        )];
        shifts.push(shift(
            When::Weekly(Weekdays::ALL),
            "06:00",
            "14:00",
            &["早班"],
            None,
        ));
        let roster = Roster::new(shifts).unwrap();
        let cases = [
            ("2026-11-24 03:00", vec!["夜班"]),
            ("2026-11-24 05:59", vec!["夜班"]),
            ("2026-11-24 06:00", vec!["早班"]),
            ("2026-11-24 13:59", vec!["早班"]),
            ("2026-11-24 15:00", vec![]),
            ("2026-11-24 22:00", vec!["夜班"]),
        ];
        for (moment, expected) in cases {
            let who: Vec<String> = roster
                .on_duty(at(moment))
                .into_iter()
                .flat_map(|s| s.volunteers)
                .collect();
            assert_eq!(who, expected, "{moment}");
        }
        let night = &roster.on_duty(at("2026-11-24 03:00"))[0];
        assert_eq!(night.date, date("2026-11-23"));
        assert_eq!(night.people(), vec!["夜班长", "夜班"]);
        assert!(night.names(" 夜班长 "));
        assert!(roster.lists("早班") && !roster.lists("路人"));
    }

    #[test]
    fn shifts_are_stored_as_json_and_read_back() {
        let shifts = three_slots();
        let json = serde_json::to_string(&shifts[0]).unwrap();
        assert_eq!(
            json,
            r#"{"when":{"weekly":127},"slot":{"start":0,"end":480},"volunteers":["赵一"],"lead":"钱二"}"#
        );
        assert_eq!(serde_json::from_str::<Shift>(&json).unwrap(), shifts[0]);
        let dated = shift(When::Date(date("2026-11-24")), "08:00", "16:00", &[], None);
        let json = serde_json::to_string(&dated).unwrap();
        assert!(
            json.starts_with(r#"{"when":{"date":"2026-11-24"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Shift>(&json).unwrap(), dated);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(date("2026-11-24")), date("2026-11-23"));
        assert_eq!(monday_of(date("2026-11-23")), date("2026-11-23"));
        assert_eq!(monday_of(date("2026-11-29")), date("2026-11-23"));
    }
}
