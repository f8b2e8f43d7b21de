//! Who may reach the shift lead's screen, and for how long: the wait a
//! kiosk imposes after wrong PINs, and the lock after the lead screen is
//! left untouched.
//!
//! A lead PIN is 4 to 8 digits, so it cannot resist guessing by itself:
//! 10,000 four-digit PINs are tried by hand in an afternoon. Five wrong
//! PINs in a row are free (a lead with gloves mistypes); from then on every
//! wrong PIN doubles the wait before the next one is even checked, up to
//! [`MAX_WAIT_SECONDS`]. After ten wrong PINs each guess costs a quarter of
//! an hour, so trying every four-digit PIN takes more than three months.

use chrono::{DateTime, FixedOffset};

/// Wrong PINs in a row that cost no wait.
pub const FREE_TRIES: u32 = 5;
/// The wait after the first wrong PIN beyond the free ones.
pub const FIRST_WAIT_SECONDS: i64 = 30;
/// The longest wait: long enough to make guessing hopeless, short enough
/// that a lead who forgot the PIN is not locked out for the shift.
pub const MAX_WAIT_SECONDS: i64 = 15 * 60;
/// The lead screen locks itself after this long without a touch.
pub const IDLE_LOCK_SECONDS: i64 = 2 * 60;

/// The wrong PINs entered in a row, and when the last one was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinFailures {
    pub count: u32,
    pub last: Option<DateTime<FixedOffset>>,
}

impl PinFailures {
    /// After one more wrong PIN at `at`.
    pub fn wrong(self, at: DateTime<FixedOffset>) -> PinFailures {
        PinFailures {
            count: self.count.saturating_add(1),
            last: Some(at),
        }
    }

    /// Seconds before another PIN may be checked (0: now). A clock set back
    /// never makes the wait longer than the rule says.
    pub fn seconds_left(&self, now: DateTime<FixedOffset>) -> i64 {
        let wait = wait_after(self.count);
        let Some(last) = self.last.filter(|_| wait > 0) else {
            return 0;
        };
        // Whole seconds gone, so a second of the wait that has begun still
        // counts: the screen never shows 0 while the PIN is refused.
        let elapsed = (now - last).num_seconds();
        (wait - elapsed.max(0)).clamp(0, wait)
    }
}

/// The wait, in seconds, after `failures` wrong PINs in a row: none for the
/// free tries, then 30 s, 60 s, 120 s … doubling up to [`MAX_WAIT_SECONDS`].
pub fn wait_after(failures: u32) -> i64 {
    if failures < FREE_TRIES {
        return 0;
    }
    // Past ten doublings the wait is far beyond the cap anyway.
    let doublings = (failures - FREE_TRIES).min(10);
    (FIRST_WAIT_SECONDS << doublings).min(MAX_WAIT_SECONDS)
}

/// Whether the lead screen, last touched at `last_touch`, locks itself at
/// `now`. A clock that went back locks it too: the safe side.
pub fn idle_locked(last_touch: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> bool {
    let idle = (now - last_touch).num_seconds();
    idle >= IDLE_LOCK_SECONDS || now < last_touch
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(seconds: i64) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-25T09:30:00+08:00").unwrap()
            + Duration::seconds(seconds)
    }

    #[test]
    fn the_wait_grows_after_five_wrong_pins_and_is_capped() {
        let table: &[(u32, i64)] = &[
            (0, 0),
            (1, 0),
            (4, 0),
            (5, 30),
            (6, 60),
            (7, 120),
            (8, 240),
            (9, 480),
            (10, 900),
            (11, 900),
            (40, 900),
            (u32::MAX, 900),
        ];
        for &(failures, wait) in table {
            assert_eq!(wait_after(failures), wait, "after {failures} wrong PINs");
        }
    }

    #[test]
    fn the_seconds_left_count_down_from_the_last_wrong_pin() {
        let five = (0..5).fold(PinFailures::default(), |f, i| f.wrong(at(i)));
        assert_eq!(five.count, 5);
        assert_eq!(five.last, Some(at(4)));
        let cases: &[(&str, PinFailures, DateTime<FixedOffset>, i64)] = &[
            ("no failures", PinFailures::default(), at(0), 0),
            (
                "four are free",
                PinFailures {
                    count: 4,
                    last: Some(at(0)),
                },
                at(0),
                0,
            ),
            ("just after the fifth", five, at(4), 30),
            (
                "half a second on",
                five,
                at(4) + Duration::milliseconds(500),
                30,
            ),
            ("one second on", five, at(5), 29),
            (
                "a moment before the end",
                five,
                at(33) + Duration::milliseconds(999),
                1,
            ),
            ("at the end", five, at(34), 0),
            ("long after", five, at(10_000), 0),
            ("the clock went back", five, at(-3_600), 30),
            ("the sixth", five.wrong(at(40)), at(40), 60),
            (
                "the cap",
                PinFailures {
                    count: 30,
                    last: Some(at(0)),
                },
                at(60),
                840,
            ),
        ];
        for (name, failures, now, left) in cases {
            assert_eq!(failures.seconds_left(*now), *left, "{name}");
        }
    }

    #[test]
    fn the_lead_screen_locks_after_two_minutes_untouched() {
        let cases: &[(&str, i64, bool)] = &[
            ("just touched", 0, false),
            ("a minute", 60, false),
            ("a moment before", 119, false),
            ("two minutes", 120, true),
            ("an hour", 3_600, true),
            ("the clock went back", -5, true),
        ];
        for &(name, idle, locked) in cases {
            assert_eq!(idle_locked(at(0), at(idle)), locked, "{name}");
        }
    }
}
