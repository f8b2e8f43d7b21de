//! When the retention job runs: once a day, on the kiosk's first tick of
//! the day (which is also its first tick after starting).

use chrono::NaiveDate;

/// Whether the daily job is due on `today`, given the day it last ran
/// (`None`: never on this store). A clock set back to an earlier day does
/// not run it again on days that were already done.
pub fn due(last_run: Option<NaiveDate>, today: NaiveDate) -> bool {
    last_run.is_none_or(|last| last < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_once_a_day_and_never_for_a_day_already_done() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cases = [
            (None, "2026-11-24", true),
            (Some("2026-11-23"), "2026-11-24", true),
            (Some("2026-11-24"), "2026-11-24", false),
            // The clock went back a day: nothing runs until it catches up.
            (Some("2026-11-25"), "2026-11-24", false),
            (Some("2026-10-01"), "2026-11-24", true),
        ];
        for (last, today, expected) in cases {
            assert_eq!(due(last.map(day), day(today)), expected, "{last:?} {today}");
        }
    }
}
