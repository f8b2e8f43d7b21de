//! The week view of the lead screen: for each day of a week, its shifts and
//! its gaps — slots nobody stands in, slots without a lead, slots that
//! overlap, and hours no slot covers at all.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::conflicts::overlap;
use super::{DAY_MINUTES, Roster, ScheduledShift, Slot, format_time, monday_of};
use crate::lang::Lang;

/// Something the lead should fix in a day's roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// A slot with neither volunteers nor a lead.
    Nobody { slot: Slot },
    /// A slot with volunteers but nobody leading it.
    NoLead { slot: Slot },
    /// A slot starting this day that overlaps another one (which may have
    /// started the day before and run past midnight).
    Overlap {
        slot: Slot,
        other_date: NaiveDate,
        other: Slot,
    },
    /// Minutes of this day no slot covers; `0..1440` is a day with no shift.
    Uncovered { from: u16, to: u16 },
}

impl Gap {
    pub fn code(self) -> &'static str {
        match self {
            Gap::Nobody { .. } => "nobody",
            Gap::NoLead { .. } => "no_lead",
            Gap::Overlap { .. } => "overlap",
            Gap::Uncovered { .. } => "uncovered",
        }
    }

    /// The minute of the day the gap starts, to list gaps in time order.
    fn starts(self) -> u16 {
        match self {
            Gap::Nobody { slot } | Gap::NoLead { slot } | Gap::Overlap { slot, .. } => slot.start(),
            Gap::Uncovered { from, .. } => from,
        }
    }

    /// A short sentence for the week view.
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Gap::Nobody { slot }, Lang::Zh) => format!("{} 无人值班", slot.label()),
            (Gap::Nobody { slot }, Lang::En) => format!("{}: nobody on duty", slot.label()),
            (Gap::NoLead { slot }, Lang::Zh) => format!("{} 没有带班负责人", slot.label()),
            (Gap::NoLead { slot }, Lang::En) => format!("{}: no lead", slot.label()),
            (
                Gap::Overlap {
                    slot,
                    other_date,
                    other,
                },
                Lang::Zh,
            ) => format!(
                "{} 与 {} {} 的班次时间重叠",
                slot.label(),
                other_date.format("%m-%d"),
                other.label()
            ),
            (
                Gap::Overlap {
                    slot,
                    other_date,
                    other,
                },
                Lang::En,
            ) => format!(
                "{} overlaps {} {}",
                slot.label(),
                other_date.format("%m-%d"),
                other.label()
            ),
            (Gap::Uncovered { from: 0, to }, Lang::Zh) if to == DAY_MINUTES => {
                "全天没有排班".into()
            }
            (Gap::Uncovered { from: 0, to }, Lang::En) if to == DAY_MINUTES => {
                "no shift all day".into()
            }
            (Gap::Uncovered { from, to }, Lang::Zh) => {
                format!("{}–{} 没有排班", format_time(from), format_time(to))
            }
            (Gap::Uncovered { from, to }, Lang::En) => {
                format!("{}–{}: no shift", format_time(from), format_time(to))
            }
        }
    }
}

/// One day of the week view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayView {
    pub date: NaiveDate,
    /// The shifts starting this day, by start time.
    pub shifts: Vec<ScheduledShift>,
    /// Its gaps, by the time they start.
    pub gaps: Vec<Gap>,
}

/// Seven days from a Monday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekView {
    pub monday: NaiveDate,
    pub days: Vec<DayView>,
}

impl WeekView {
    /// The distinct slots of the week, by start and end: the grid's rows.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots: Vec<Slot> = self
            .days
            .iter()
            .flat_map(|d| d.shifts.iter().map(|s| s.slot))
            .collect();
        slots.sort();
        slots.dedup();
        slots
    }

    /// The shift in a grid cell, if that day has that slot.
    pub fn cell(&self, date: NaiveDate, slot: Slot) -> Option<&ScheduledShift> {
        self.days
            .iter()
            .find(|d| d.date == date)?
            .shifts
            .iter()
            .find(|s| s.slot == slot)
    }

    /// Every gap of the week with its date, in time order.
    pub fn gaps(&self) -> impl Iterator<Item = (NaiveDate, Gap)> + '_ {
        self.days
            .iter()
            .flat_map(|d| d.gaps.iter().map(move |g| (d.date, *g)))
    }
}

/// The week (Monday to Sunday) that contains `any_day`.
pub fn week(roster: &Roster, any_day: NaiveDate) -> WeekView {
    let monday = monday_of(any_day);
    let days = monday
        .iter_days()
        .take(7)
        .map(|date| day_view(roster, date))
        .collect();
    WeekView { monday, days }
}

fn day_view(roster: &Roster, date: NaiveDate) -> DayView {
    let shifts = roster.shifts_starting_on(date);
    let before: Vec<ScheduledShift> = date
        .checked_sub_days(Days::new(1))
        .map(|d| roster.shifts_starting_on(d))
        .unwrap_or_default();
    let mut gaps = Vec::new();
    for (i, s) in shifts.iter().enumerate() {
        if s.volunteers.is_empty() && s.lead.is_none() {
            gaps.push(Gap::Nobody { slot: s.slot });
        } else if s.lead.is_none() {
            gaps.push(Gap::NoLead { slot: s.slot });
        }
        for other in before.iter().chain(&shifts[..i]) {
            if overlap((s.starts, s.ends), (other.starts, other.ends)) {
                gaps.push(Gap::Overlap {
                    slot: s.slot,
                    other_date: other.date,
                    other: other.slot,
                });
            }
        }
    }
    gaps.extend(uncovered(&shifts, &before));
    gaps.sort_by_key(|g| g.starts());
    DayView { date, shifts, gaps }
}

/// The stretches of the day that neither today's shifts nor last night's
/// midnight-crossing ones cover.
fn uncovered(today: &[ScheduledShift], before: &[ScheduledShift]) -> Vec<Gap> {
    let mut covered: Vec<(u16, u16)> = today
        .iter()
        .map(|s| {
            let end = if s.slot.crosses_midnight() {
                DAY_MINUTES
            } else {
                s.slot.end()
            };
            (s.slot.start(), end)
        })
        .chain(
            before
                .iter()
                .filter(|s| s.slot.crosses_midnight())
                .map(|s| (0, s.slot.end())),
        )
        .collect();
    covered.sort();
    let mut gaps = Vec::new();
    let mut reached = 0;
    for (start, end) in covered {
        if start > reached {
            gaps.push(Gap::Uncovered {
                from: reached,
                to: start,
            });
        }
        reached = reached.max(end);
    }
    if reached < DAY_MINUTES {
        gaps.push(Gap::Uncovered {
            from: reached,
            to: DAY_MINUTES,
        });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::roster::test_support::{date, shift, slot, three_slots};
    use crate::roster::{Weekdays, When};

    fn gap_codes(view: &WeekView, day: &str) -> Vec<String> {
        view.days
            .iter()
            .find(|d| d.date == date(day))
            .unwrap()
            .gaps
            .iter()
            .map(|g| g.message(Lang::En))
            .collect()
    }

    #[test]
    fn a_fully_staffed_week_has_no_gaps() {
        let roster = Roster::new(three_slots()).unwrap();
        let view = week(&roster, date("2026-11-26"));
        assert_eq!(view.monday, date("2026-11-23"));
        assert_eq!(view.days.len(), 7);
        assert_eq!(view.gaps().count(), 0);
        assert_eq!(
            view.slots(),
            vec![
                slot("00:00", "08:00"),
                slot("08:00", "16:00"),
                slot("16:00", "24:00")
            ]
        );
        let cell = view
            .cell(date("2026-11-29"), slot("08:00", "16:00"))
            .unwrap();
        assert_eq!(cell.people(), vec!["周五", "孙三", "李四"]);
    }

    #[test]
    fn gaps_are_named_day_by_day() {
        let all = When::Weekly(Weekdays::ALL);
        let tuesday = When::Date(date("2026-11-24"));
        let wednesday = When::Date(date("2026-11-25"));
        let shifts = vec![
            // The weekly pattern: a night slot across midnight and a day slot.
            shift(all, "22:00", "06:00", &["夜一"], Some("夜长")),
            shift(all, "06:00", "22:00", &["日一"], Some("日长")),
            // Tuesday: an empty slot, a slot without a lead, and the evening
            // left open.
            shift(tuesday, "06:00", "14:00", &[], None),
            shift(tuesday, "14:00", "20:00", &["甲"], None),
            // Wednesday's own night starts at 21:00 and runs into Thursday,
            // which follows the pattern again: its 06:00 slot starts inside
            // Wednesday's night.
            shift(wednesday, "00:00", "21:00", &["乙"], Some("丙")),
            shift(wednesday, "21:00", "07:00", &["丁"], Some("戊")),
        ];
        let roster = Roster::new(shifts).unwrap();
        let view = week(&roster, date("2026-11-24"));
        assert_eq!(gap_codes(&view, "2026-11-23"), Vec::<String>::new());
        assert_eq!(
            gap_codes(&view, "2026-11-24"),
            vec![
                "06:00–14:00: nobody on duty",
                "14:00–20:00: no lead",
                "20:00–24:00: no shift",
            ]
        );
        // Wednesday's morning is covered by its own 00:00 slot, but Tuesday
        // night (the weekly pattern does not apply on a dated Tuesday) does
        // not run into it, so nothing overlaps there.
        assert_eq!(gap_codes(&view, "2026-11-25"), Vec::<String>::new());
        assert_eq!(
            gap_codes(&view, "2026-11-26"),
            vec!["06:00–22:00 overlaps 11-25 21:00–07:00"]
        );
        assert_eq!(gap_codes(&view, "2026-11-27"), Vec::<String>::new());
        // Two dated shifts that overlap never make a roster at all.
        let clash = Roster::new(vec![
            shift(wednesday, "21:00", "07:00", &["丁"], Some("戊")),
            shift(
                When::Date(date("2026-11-26")),
                "06:00",
                "24:00",
                &["己"],
                Some("庚"),
            ),
        ]);
        assert!(clash.is_err());
    }

    #[test]
    fn a_day_without_shifts_is_uncovered_all_day() {
        let weekdays = When::Weekly(Weekdays::WORKDAYS);
        let roster =
            Roster::new(vec![shift(weekdays, "00:00", "24:00", &["a"], Some("b"))]).unwrap();
        let view = week(&roster, date("2026-11-24"));
        assert_eq!(gap_codes(&view, "2026-11-28"), vec!["no shift all day"]);
        assert_eq!(view.days[6].gaps[0].message(Lang::Zh), "全天没有排班");
        assert_eq!(view.gaps().count(), 2);
        let empty = week(&Roster::default(), date("2026-11-24"));
        assert_eq!(empty.gaps().count(), 7);
        assert!(empty.slots().is_empty());
    }

    #[test]
    fn a_night_slot_crossing_midnight_covers_the_next_morning() {
        let friday_night = When::Weekly(Weekdays::only(Weekday::Fri));
        let saturday = When::Weekly(Weekdays::only(Weekday::Sat));
        let roster = Roster::new(vec![
            shift(friday_night, "18:00", "06:00", &["a"], Some("b")),
            shift(saturday, "06:00", "12:00", &["c"], Some("d")),
        ])
        .unwrap();
        let view = week(&roster, date("2026-11-24"));
        assert_eq!(
            gap_codes(&view, "2026-11-27"),
            vec!["00:00–18:00: no shift"]
        );
        assert_eq!(
            gap_codes(&view, "2026-11-28"),
            vec!["12:00–24:00: no shift"]
        );
        // Monday of the week is not covered by the Sunday before it, which
        // has no shift.
        assert_eq!(gap_codes(&view, "2026-11-23"), vec!["no shift all day"]);
    }

    #[test]
    fn gap_codes_are_stable() {
        let s = slot("08:00", "16:00");
        let d = date("2026-11-24");
        let gaps = [
            Gap::Nobody { slot: s },
            Gap::NoLead { slot: s },
            Gap::Overlap {
                slot: s,
                other_date: d,
                other: s,
            },
            Gap::Uncovered { from: 0, to: 60 },
        ];
        let codes: Vec<&str> = gaps.iter().map(|g| g.code()).collect();
        assert_eq!(codes, ["nobody", "no_lead", "overlap", "uncovered"]);
        for g in gaps {
            let json = serde_json::to_value(g).unwrap();
            assert_eq!(json["gap"], g.code());
            assert!(!g.message(Lang::Zh).is_empty());
        }
    }
}
