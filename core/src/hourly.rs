//! The day in hours, for the chart on the lead screen: per hour, people and
//! vehicles released in and out, and those refused, referred or cancelled.
//! A day with no passages is 24 empty hours, which the chart draws as the
//! zero report.

use chrono::{NaiveDate, Timelike};
use serde::Serialize;

use crate::domain::{Direction, Outcome, Passage};

/// One hour's bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HourCounts {
    /// 0–23: the hour starting at this local time.
    pub hour: u8,
    pub released_in: u32,
    pub released_out: u32,
    pub refused: u32,
    pub referred: u32,
    pub cancelled: u32,
}

impl HourCounts {
    pub fn total(&self) -> u32 {
        self.released_in + self.released_out + self.refused + self.referred + self.cancelled
    }
}

/// A day's 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourlyChart {
    pub day: NaiveDate,
    pub hours: Vec<HourCounts>,
}

impl HourlyChart {
    /// The tallest bar, to scale the chart (0 on an empty day).
    pub fn peak(&self) -> u32 {
        self.hours.iter().map(HourCounts::total).max().unwrap_or(0)
    }

    /// The busiest hour, the earliest of equals; `None` on an empty day.
    pub fn busiest_hour(&self) -> Option<u8> {
        let peak = self.peak();
        if peak == 0 {
            return None;
        }
        self.hours
            .iter()
            .find(|h| h.total() == peak)
            .map(|h| h.hour)
    }

    pub fn total(&self) -> u32 {
        self.hours.iter().map(HourCounts::total).sum()
    }
}

/// Counts `day`'s passages by the local hour of their time; passages of
/// other days are ignored, so the caller may pass a wider slice.
pub fn hourly(day: NaiveDate, passages: &[Passage]) -> HourlyChart {
    let mut hours: Vec<HourCounts> = (0..24u8)
        .map(|hour| HourCounts {
            hour,
            ..HourCounts::default()
        })
        .collect();
    for p in passages.iter().filter(|p| p.at.date_naive() == day) {
        let bar = &mut hours[p.at.hour() as usize];
        match (p.outcome, p.direction) {
            (Outcome::Released, Direction::In) => bar.released_in += 1,
            (Outcome::Released, Direction::Out) => bar.released_out += 1,
            (Outcome::Refused, _) => bar.refused += 1,
            (Outcome::Referred, _) => bar.referred += 1,
            (Outcome::Cancelled, _) => bar.cancelled += 1,
        }
    }
    HourlyChart { day, hours }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::domain::{Answers, Subject};

    fn passage(at: &str, direction: Direction, outcome: Outcome) -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            direction,
            subject: Subject::Pass {
                key_id: None,
                serial: None,
                category: None,
                holder: None,
                household: None,
            },
            temperatures: vec![],
            answers: Answers::default(),
            outcome,
            reason: None,
            alert: None,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn passages_fall_into_their_local_hour_by_outcome() {
        use Direction::{In, Out};
        use Outcome::*;
        let passages = [
            passage("2026-11-24T00:00:00+08:00", In, Released),
            passage("2026-11-24T07:59:59+08:00", Out, Released),
            passage("2026-11-24T08:00:00+08:00", Out, Released),
            passage("2026-11-24T08:30:00+08:00", In, Refused),
            passage("2026-11-24T08:45:00+08:00", Out, Referred),
            passage("2026-11-24T08:50:00+08:00", In, Cancelled),
            passage("2026-11-24T08:55:00+08:00", Out, Released),
            passage("2026-11-24T23:59:59+08:00", In, Released),
            // Other days, in the local time of the gate.
            passage("2026-11-23T23:59:59+08:00", In, Released),
            passage("2026-11-25T00:00:00+08:00", In, Released),
        ];
        let chart = hourly(day(), &passages);
        assert_eq!(chart.hours.len(), 24);
        let bar = |h: usize| {
            let b = chart.hours[h];
            (
                b.released_in,
                b.released_out,
                b.refused,
                b.referred,
                b.cancelled,
            )
        };
        assert_eq!(bar(0), (1, 0, 0, 0, 0));
        assert_eq!(bar(7), (0, 1, 0, 0, 0));
        assert_eq!(bar(8), (0, 2, 1, 1, 1));
        assert_eq!(bar(23), (1, 0, 0, 0, 0));
        assert_eq!(chart.total(), 8);
        assert_eq!(chart.peak(), 5);
        assert_eq!(chart.busiest_hour(), Some(8));
        assert_eq!(chart.hours[8].hour, 8);
    }

    #[test]
    fn an_empty_day_is_twenty_four_empty_hours() {
        let chart = hourly(day(), &[]);
        assert_eq!(chart.hours.len(), 24);
        assert_eq!(
            (chart.total(), chart.peak(), chart.busiest_hour()),
            (0, 0, None)
        );
    }

    #[test]
    fn the_chart_adds_up_to_the_daily_report() {
        use crate::domain::Temperature;
        let passages: Vec<Passage> = (0..50)
            .map(|i| {
                let outcome = [
                    Outcome::Released,
                    Outcome::Refused,
                    Outcome::Referred,
                    Outcome::Cancelled,
                ][i % 4];
                let direction = if i % 3 == 0 {
                    Direction::Out
                } else {
                    Direction::In
                };
                passage(
                    &format!("2026-11-24T{:02}:{:02}:00+08:00", i % 24, i),
                    direction,
                    outcome,
                )
            })
            .collect();
        let chart = hourly(day(), &passages);
        let tagged: Vec<(String, Passage)> = passages
            .iter()
            .map(|p| ("east".to_string(), p.clone()))
            .collect();
        let report = &crate::report::daily(day(), "east", &tagged, Temperature::DEFAULT_FEVER)[0];
        assert_eq!(chart.total(), report.passages);
        let refused: u32 = chart.hours.iter().map(|h| h.refused).sum();
        assert_eq!(refused, report.refused.values().sum::<u32>());
        let cancelled: u32 = chart.hours.iter().map(|h| h.cancelled).sum();
        assert_eq!(cancelled, report.cancelled);
    }
}
