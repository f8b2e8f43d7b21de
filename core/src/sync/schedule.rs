//! When a kiosk talks to its district: the sync thread's timetable as a
//! pure state machine over milliseconds of a monotonic clock. The thread
//! asks [`Schedule::next`], does what it says, and reports back; nothing
//! here sleeps, sends or reads a clock.
//!
//! - While rounds complete, the next one is an interval later, so the
//!   district is never more than a minute behind a gate that can reach it
//!   (which is "nightly at least" many times over).
//! - A round that cannot reach the district is retried with a doubling
//!   backoff. Between retries a cheap probe asks whether the district is
//!   back; the first probe that reaches it makes a round due at once
//!   (reconnection does not wait out the backoff).
//! - A refusal (the terminal's token was revoked, the terminal blocked) is
//!   retried rarely: a person must act, and hammering changes nothing.
//! - The lead's 立即同步 makes a round due at once and forgets the backoff.

/// The timetable's lengths, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Between complete rounds.
    pub interval_ms: u64,
    /// The first retry after an unreachable round; it doubles each time.
    pub first_backoff_ms: u64,
    /// The longest wait between retries.
    pub max_backoff_ms: u64,
    /// Between probes while the district cannot be reached.
    pub probe_ms: u64,
    /// After a refusal.
    pub refused_ms: u64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            interval_ms: 60_000,
            first_backoff_ms: 5_000,
            max_backoff_ms: 5 * 60_000,
            probe_ms: 10_000,
            refused_ms: 30 * 60_000,
        }
    }
}

/// How a round ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    /// Everything pushed and pulled.
    Complete,
    /// The district was not reached, or stopped answering part way.
    Unreachable,
    /// The district refused this terminal, or the store failed.
    Refused,
}

/// What the sync thread does now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Run a round.
    Round,
    /// Ask whether the district can be reached.
    Probe,
    /// Nothing until this many milliseconds have passed (or the lead asks).
    Wait(u64),
}

/// Whether the district was reached last time it was tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Not tried yet.
    Unknown,
    Online,
    Offline,
    /// Reached, and it refused this terminal.
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    timing: Timing,
    link: Link,
    /// Unreachable rounds in a row.
    failures: u32,
    round_at: u64,
    probe_at: Option<u64>,
}

impl Schedule {
    /// A schedule whose first round is due at `now`.
    pub fn new(timing: Timing, now: u64) -> Schedule {
        Schedule {
            timing,
            link: Link::Unknown,
            failures: 0,
            round_at: now,
            probe_at: None,
        }
    }

    pub fn link(&self) -> Link {
        self.link
    }

    /// What to do at `now`: a due round first, then a due probe, else the
    /// wait until the earlier of the two.
    pub fn next(&self, now: u64) -> Step {
        if now >= self.round_at {
            return Step::Round;
        }
        if let Some(probe) = self.probe_at {
            if now >= probe {
                return Step::Probe;
            }
            return Step::Wait(probe.min(self.round_at) - now);
        }
        Step::Wait(self.round_at - now)
    }

    pub fn round_done(&mut self, end: RoundEnd, now: u64) {
        match end {
            RoundEnd::Complete => {
                self.link = Link::Online;
                self.failures = 0;
                self.round_at = now.saturating_add(self.timing.interval_ms);
                self.probe_at = None;
            }
            RoundEnd::Unreachable => {
                self.link = Link::Offline;
                self.failures = self.failures.saturating_add(1);
                self.round_at = now.saturating_add(self.backoff());
                self.probe_at = Some(now.saturating_add(self.timing.probe_ms));
            }
            RoundEnd::Refused => {
                self.link = Link::Refused;
                self.failures = 0;
                self.round_at = now.saturating_add(self.timing.refused_ms);
                self.probe_at = None;
            }
        }
    }

    /// A probe's answer. Reaching the district after failing to makes a
    /// round due at once.
    pub fn probe_done(&mut self, reached: bool, now: u64) {
        if reached {
            self.round_at = now;
            self.probe_at = None;
        } else {
            self.probe_at = Some(now.saturating_add(self.timing.probe_ms));
        }
    }

    /// The lead pressed 立即同步.
    pub fn requested(&mut self, now: u64) {
        self.failures = 0;
        self.round_at = now;
    }

    /// The wait after the latest unreachable round: the first backoff,
    /// doubled for each failure before it, at most the longest.
    fn backoff(&self) -> u64 {
        let doublings = self.failures.saturating_sub(1).min(20);
        self.timing
            .first_backoff_ms
            .saturating_mul(1 << doublings)
            .min(self.timing.max_backoff_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timing = Timing {
        interval_ms: 60_000,
        first_backoff_ms: 5_000,
        max_backoff_ms: 40_000,
        probe_ms: 10_000,
        refused_ms: 1_800_000,
    };

    #[test]
    fn the_first_round_is_at_once_and_then_every_interval() {
        let mut s = Schedule::new(T, 1_000);
        assert_eq!(s.next(1_000), Step::Round);
        assert_eq!(s.link(), Link::Unknown);
        s.round_done(RoundEnd::Complete, 1_500);
        assert_eq!(s.link(), Link::Online);
        assert_eq!(s.next(1_500), Step::Wait(60_000));
        assert_eq!(s.next(61_499), Step::Wait(1));
        assert_eq!(s.next(61_500), Step::Round);
    }

    #[test]
    fn unreachable_rounds_back_off_doubling_up_to_the_longest_wait() {
        let mut s = Schedule::new(T, 0);
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..6 {
            s.round_done(RoundEnd::Unreachable, now);
            let round_at = s.round_at;
            waits.push(round_at - now);
            // Probes that fail do not bring the round forward.
            let mut t = now;
            while s.next(t) != Step::Round {
                match s.next(t) {
                    Step::Probe => s.probe_done(false, t),
                    Step::Wait(ms) => t += ms,
                    Step::Round => unreachable!(),
                }
            }
            assert_eq!(t, round_at);
            now = t;
        }
        assert_eq!(waits, [5_000, 10_000, 20_000, 40_000, 40_000, 40_000]);
        assert_eq!(s.link(), Link::Offline);
    }

    #[test]
    fn a_probe_that_reaches_the_district_makes_a_round_due_at_once() {
        let mut s = Schedule::new(T, 0);
        for _ in 0..4 {
            s.round_done(RoundEnd::Unreachable, 0);
        }
        // Backoff is 40 s; the probe comes after 10 s.
        assert_eq!(s.next(0), Step::Wait(10_000));
        assert_eq!(s.next(10_000), Step::Probe);
        s.probe_done(false, 10_000);
        assert_eq!(s.next(10_000), Step::Wait(10_000));
        s.probe_done(true, 20_000);
        assert_eq!(s.next(20_000), Step::Round);
        s.round_done(RoundEnd::Complete, 20_100);
        assert_eq!(s.next(20_100), Step::Wait(60_000));
        // The backoff starts over after a success.
        s.round_done(RoundEnd::Unreachable, 80_100);
        assert_eq!(s.next(80_100), Step::Wait(5_000));
    }

    #[test]
    fn a_refusal_is_retried_rarely_and_not_probed() {
        let mut s = Schedule::new(T, 0);
        s.round_done(RoundEnd::Refused, 0);
        assert_eq!(s.link(), Link::Refused);
        assert_eq!(s.next(0), Step::Wait(1_800_000));
    }

    #[test]
    fn the_leads_request_runs_a_round_now_whatever_the_backoff() {
        let mut s = Schedule::new(T, 0);
        for _ in 0..5 {
            s.round_done(RoundEnd::Unreachable, 0);
        }
        s.requested(3_000);
        assert_eq!(s.next(3_000), Step::Round);
        s.round_done(RoundEnd::Unreachable, 3_000);
        assert_eq!(
            s.next(3_000),
            Step::Wait(5_000),
            "the backoff was forgotten"
        );
        let mut refused = Schedule::new(T, 0);
        refused.round_done(RoundEnd::Refused, 0);
        refused.requested(1);
        assert_eq!(refused.next(1), Step::Round);
    }

    #[test]
    fn clocks_near_the_end_of_time_do_not_overflow() {
        let mut s = Schedule::new(T, u64::MAX - 5);
        for _ in 0..40 {
            s.round_done(RoundEnd::Unreachable, u64::MAX - 5);
        }
        assert_eq!(s.next(u64::MAX), Step::Round);
    }
}
