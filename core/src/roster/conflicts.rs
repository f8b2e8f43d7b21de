//! Shifts that overlap in time. Two slots covering the same minute make
//! "who leads now" ambiguous, so a roster with overlaps is refused; a
//! handover is written as back-to-back slots (08:00–16:00, 16:00–24:00).

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{DAY_MINUTES, Shift, When, weekday_index};

/// Two shifts (positions in the list given) that cover the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub first: usize,
    pub second: usize,
}

const WEEK_MINUTES: i64 = 7 * DAY_MINUTES as i64;

/// Every overlapping pair among the weekly shifts (on a circular week, so
/// Sunday night meets Monday morning) and among the dated shifts. A weekly
/// and a dated shift never conflict here: a dated day replaces the pattern,
/// and what meets at the edges of such a day is for the week view to show.
pub(super) fn find(shifts: &[Shift]) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    for (i, a) in shifts.iter().enumerate() {
        for (j, b) in shifts.iter().enumerate().skip(i + 1) {
            let clash = match (a.when, b.when) {
                (When::Weekly(_), When::Weekly(_)) => weekly_minutes(a)
                    .iter()
                    .any(|x| weekly_minutes(b).iter().any(|y| circular_overlap(*x, *y))),
                (When::Date(da), When::Date(db)) => overlap(a.slot.on(da), b.slot.on(db)),
                _ => false,
            };
            if clash {
                conflicts.push(Conflict {
                    first: i,
                    second: j,
                });
            }
        }
    }
    conflicts
}

/// (start, length) in minutes after Monday 00:00, one for each weekday the
/// shift applies on.
fn weekly_minutes(shift: &Shift) -> Vec<(i64, i64)> {
    let When::Weekly(days) = shift.when else {
        return Vec::new();
    };
    days.days()
        .map(|d| {
            let start =
                weekday_index(d) as i64 * i64::from(DAY_MINUTES) + i64::from(shift.slot.start());
            (start, i64::from(shift.slot.minutes()))
        })
        .collect()
}

fn circular_overlap((a, la): (i64, i64), (b, lb): (i64, i64)) -> bool {
    (b - a).rem_euclid(WEEK_MINUTES) < la || (a - b).rem_euclid(WEEK_MINUTES) < lb
}

pub(super) fn overlap(
    (a_start, a_end): (NaiveDateTime, NaiveDateTime),
    (b_start, b_end): (NaiveDateTime, NaiveDateTime),
) -> bool {
    a_start < b_end && b_start < a_end
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::roster::test_support::{date, shift, three_slots};
    use crate::roster::{Roster, Weekdays};

    fn pairs(shifts: &[Shift]) -> Vec<(usize, usize)> {
        find(shifts).iter().map(|c| (c.first, c.second)).collect()
    }

    #[test]
    fn back_to_back_slots_do_not_overlap() {
        assert!(pairs(&three_slots()).is_empty());
        let night_and_day = [
            shift(When::Weekly(Weekdays::ALL), "22:00", "06:00", &["a"], None),
            shift(When::Weekly(Weekdays::ALL), "06:00", "22:00", &["b"], None),
        ];
        assert!(pairs(&night_and_day).is_empty());
    }

    #[test]
    fn overlaps_are_found_within_a_day_across_midnight_and_across_the_week_end() {
        let all = When::Weekly(Weekdays::ALL);
        let monday = When::Weekly(Weekdays::only(Weekday::Mon));
        let sunday = When::Weekly(Weekdays::only(Weekday::Sun));
        let tuesday = When::Weekly(Weekdays::only(Weekday::Tue));
        let nov24 = When::Date(date("2026-11-24"));
        let nov25 = When::Date(date("2026-11-25"));
        // (shifts, the overlapping pairs expected)
        type Case = (Vec<Shift>, Vec<(usize, usize)>);
        let cases: Vec<Case> = vec![
            // The same slot twice.
            (
                vec![
                    shift(all, "08:00", "16:00", &[], None),
                    shift(all, "08:00", "16:00", &[], None),
                ],
                vec![(0, 1)],
            ),
            // A partial overlap on one shared weekday only.
            (
                vec![
                    shift(
                        When::Weekly(Weekdays::WORKDAYS),
                        "08:00",
                        "16:00",
                        &[],
                        None,
                    ),
                    shift(monday, "15:00", "20:00", &[], None),
                ],
                vec![(0, 1)],
            ),
            // Different weekdays at the same hours do not meet.
            (
                vec![
                    shift(monday, "08:00", "16:00", &[], None),
                    shift(tuesday, "08:00", "16:00", &[], None),
                ],
                vec![],
            ),
            // Monday night runs into Tuesday morning.
            (
                vec![
                    shift(monday, "22:00", "06:00", &[], None),
                    shift(tuesday, "05:00", "08:00", &[], None),
                ],
                vec![(0, 1)],
            ),
            // Sunday night runs into Monday morning.
            (
                vec![
                    shift(sunday, "22:00", "06:00", &[], None),
                    shift(monday, "00:00", "08:00", &[], None),
                ],
                vec![(0, 1)],
            ),
            // Dated shifts: across midnight into the next date.
            (
                vec![
                    shift(nov24, "20:00", "04:00", &[], None),
                    shift(nov25, "00:00", "08:00", &[], None),
                ],
                vec![(0, 1)],
            ),
            (
                vec![
                    shift(nov24, "20:00", "24:00", &[], None),
                    shift(nov25, "00:00", "08:00", &[], None),
                ],
                vec![],
            ),
            // A dated and a weekly shift are never compared here.
            (
                vec![
                    shift(all, "08:00", "16:00", &[], None),
                    shift(nov24, "08:00", "16:00", &[], None),
                ],
                vec![],
            ),
            // Three shifts, two pairs.
            (
                vec![
                    shift(all, "00:00", "12:00", &[], None),
                    shift(all, "11:00", "13:00", &[], None),
                    shift(all, "12:30", "24:00", &[], None),
                ],
                vec![(0, 1), (1, 2)],
            ),
        ];
        for (i, (shifts, expected)) in cases.into_iter().enumerate() {
            assert_eq!(pairs(&shifts), expected, "case {i}");
            assert_eq!(Roster::new(shifts).is_ok(), expected.is_empty(), "case {i}");
        }
    }
}
