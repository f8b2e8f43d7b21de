//! The hybrid logical clock that orders edits made at different gates.
//!
//! A stamp is the wall clock in milliseconds plus a counter that breaks ties
//! within one millisecond and keeps the order when a wall clock stands still
//! or steps back. Gates stamp their own events with [`tick`]; whoever
//! receives a stamp from elsewhere moves its own clock past it with
//! [`observe`], so a later local edit always sorts after everything already
//! seen. A stamp from a clock set far into the future would otherwise win
//! every last-writer-wins comparison for as long as that clock is wrong, so a
//! received stamp further ahead than a limit is clamped to the limit and the
//! result says so, for the log.

use serde::{Deserialize, Serialize};

/// The latest wall time a stamp may carry (9999-12-31T23:59:59.999Z). Anything
/// later is a broken clock or a forged stamp, and storage columns are signed
/// 64-bit numbers.
pub const MAX_WALL_MS: u64 = 253_402_300_799_999;

/// How far ahead of the receiver's wall clock a stamp is believed: five
/// minutes covers ordinary clock drift between gates that sync rarely.
pub const DEFAULT_MAX_AHEAD_MS: u64 = 5 * 60 * 1000;

/// One hybrid-clock stamp. Stamps compare by wall time, then counter; the
/// derived order relies on the field order below.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Hlc {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub wall_ms: u64,
    /// Events within the same `wall_ms`, counted from 0.
    pub counter: u32,
}

impl Hlc {
    pub const fn new(wall_ms: u64, counter: u32) -> Hlc {
        Hlc { wall_ms, counter }
    }

    /// The smallest stamp after this one. A full counter carries into the
    /// next millisecond, so the order never wraps around.
    pub fn successor(self) -> Hlc {
        match self.counter.checked_add(1) {
            Some(counter) => Hlc::new(self.wall_ms, counter),
            None => Hlc::new(self.wall_ms.saturating_add(1), 0),
        }
    }
}

/// The stamp for a new local event, given the last stamp this clock gave
/// (or observed) and the wall clock now.
pub fn tick(last: Hlc, now_ms: u64) -> Hlc {
    if now_ms > last.wall_ms {
        Hlc::new(now_ms, 0)
    } else {
        last.successor()
    }
}

/// A received stamp as the receiver believes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clamped {
    /// The stamp to use: the received one, or the limit when it was ahead.
    pub stamp: Hlc,
    /// The received stamp when it was clamped, so the caller can log it.
    pub clamped_from: Option<Hlc>,
}

/// Limits a received stamp to `max_ahead_ms` past the receiver's wall clock.
/// A clamped stamp becomes the limit itself with counter 0: it still sorts
/// after everything the receiver stamped before now, but no further.
pub fn clamp(remote: Hlc, now_ms: u64, max_ahead_ms: u64) -> Clamped {
    let limit = now_ms.saturating_add(max_ahead_ms);
    if remote.wall_ms > limit {
        Clamped {
            stamp: Hlc::new(limit, 0),
            clamped_from: Some(remote),
        }
    } else {
        Clamped {
            stamp: remote,
            clamped_from: None,
        }
    }
}

/// What the clock reads after receiving a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// The clock's new last stamp: after `last`, after the (clamped) remote
    /// stamp, and not before the wall clock.
    pub stamp: Hlc,
    /// The received stamp when it was further ahead than allowed.
    pub clamped_from: Option<Hlc>,
}

/// Moves the clock past a received stamp (Kulkarni et al.'s receive rule),
/// after clamping that stamp to `max_ahead_ms` past `now_ms`.
pub fn observe(last: Hlc, remote: Hlc, now_ms: u64, max_ahead_ms: u64) -> Observed {
    let Clamped {
        stamp: remote,
        clamped_from,
    } = clamp(remote, now_ms, max_ahead_ms);
    let wall = now_ms.max(last.wall_ms).max(remote.wall_ms);
    let stamp = if wall == last.wall_ms && wall == remote.wall_ms {
        Hlc::new(wall, last.counter.max(remote.counter)).successor()
    } else if wall == last.wall_ms {
        last.successor()
    } else if wall == remote.wall_ms {
        remote.successor()
    } else {
        Hlc::new(wall, 0)
    };
    Observed {
        stamp,
        clamped_from,
    }
}

/// A stamp together with the terminal that made it: the total order of
/// last-writer-wins. Two terminals can make the same stamp; the terminal id
/// (canonical lower-case UUID text, compared as text) then decides, so every
/// replica picks the same winner.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub hlc: Hlc,
    pub terminal: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_764_000_000_000;

    #[test]
    fn tick_cases() {
        // (last, now) -> stamp
        let cases = [
            (Hlc::new(0, 0), T, Hlc::new(T, 0)),
            // The wall clock moved on: the counter restarts.
            (Hlc::new(T, 7), T + 1, Hlc::new(T + 1, 0)),
            // The same millisecond: count up.
            (Hlc::new(T, 7), T, Hlc::new(T, 8)),
            // The wall clock stepped back: keep the last wall time, count up.
            (Hlc::new(T, 7), T - 60_000, Hlc::new(T, 8)),
            // A full counter carries into the next millisecond.
            (Hlc::new(T, u32::MAX), T, Hlc::new(T + 1, 0)),
        ];
        for (last, now, want) in cases {
            let got = tick(last, now);
            assert_eq!(got, want, "tick({last:?}, {now})");
            assert!(got > last, "a tick always moves forward");
        }
    }

    #[test]
    fn observe_cases() {
        let ahead = DEFAULT_MAX_AHEAD_MS;
        // (last, remote, now) -> (stamp, clamped)
        let cases = [
            // The wall clock is ahead of both: it wins, counter 0.
            (
                Hlc::new(T - 5, 3),
                Hlc::new(T - 9, 4),
                T,
                Hlc::new(T, 0),
                false,
            ),
            // The remote stamp is ahead (within the limit): follow it.
            (
                Hlc::new(T, 3),
                Hlc::new(T + 1000, 4),
                T,
                Hlc::new(T + 1000, 5),
                false,
            ),
            // Our last stamp is ahead of the wall clock and the remote.
            (
                Hlc::new(T + 10, 2),
                Hlc::new(T + 5, 9),
                T,
                Hlc::new(T + 10, 3),
                false,
            ),
            // All three agree on the millisecond: past both counters.
            (Hlc::new(T, 2), Hlc::new(T, 9), T, Hlc::new(T, 10), false),
            // Far ahead: treated as the limit itself, and said so.
            (
                Hlc::new(T, 0),
                Hlc::new(T + 86_400_000, 0),
                T,
                Hlc::new(T + ahead, 1),
                true,
            ),
            // Exactly at the limit is believed.
            (
                Hlc::new(T, 0),
                Hlc::new(T + ahead, 4),
                T,
                Hlc::new(T + ahead, 5),
                false,
            ),
        ];
        for (last, remote, now, want, clamped) in cases {
            let got = observe(last, remote, now, ahead);
            assert_eq!(got.stamp, want, "observe({last:?}, {remote:?}, {now})");
            assert_eq!(got.clamped_from.is_some(), clamped);
            if clamped {
                assert_eq!(got.clamped_from, Some(remote));
            } else {
                assert!(got.stamp > remote, "the clock moves past what it saw");
            }
            assert!(got.stamp > last);
        }
    }

    #[test]
    fn clamp_keeps_stamps_within_the_limit() {
        assert_eq!(
            clamp(Hlc::new(T + 1, 3), T, 0),
            Clamped {
                stamp: Hlc::new(T, 0),
                clamped_from: Some(Hlc::new(T + 1, 3))
            }
        );
        assert_eq!(clamp(Hlc::new(T, 3), T, 0).clamped_from, None);
        // No overflow near the end of time.
        assert_eq!(
            clamp(Hlc::new(u64::MAX, 0), u64::MAX - 1, 10).clamped_from,
            None
        );
    }

    #[test]
    fn stamps_order_by_wall_counter_then_terminal() {
        let a = "0193a000-0000-7000-8000-00000000000a".to_string();
        let b = "0193a000-0000-7000-8000-00000000000b".to_string();
        let mut stamps = [
            Stamp {
                hlc: Hlc::new(T, 1),
                terminal: a.clone(),
            },
            Stamp {
                hlc: Hlc::new(T, 0),
                terminal: b.clone(),
            },
            Stamp {
                hlc: Hlc::new(T, 0),
                terminal: a.clone(),
            },
            Stamp {
                hlc: Hlc::new(T - 1, 9),
                terminal: b.clone(),
            },
        ];
        stamps.sort();
        let order: Vec<_> = stamps.iter().map(|s| (s.hlc, s.terminal == a)).collect();
        assert_eq!(
            order,
            vec![
                (Hlc::new(T - 1, 9), false),
                (Hlc::new(T, 0), true),
                (Hlc::new(T, 0), false),
                (Hlc::new(T, 1), true),
            ]
        );
    }

    #[test]
    fn a_stamp_is_written_as_two_numbers() {
        let json = serde_json::to_string(&Hlc::new(T, 2)).unwrap();
        assert_eq!(json, r#"{"wall_ms":1764000000000,"counter":2}"#);
        assert!(serde_json::from_str::<Hlc>(r#"{"wall_ms":1,"counter":2,"x":0}"#).is_err());
        assert!(serde_json::from_str::<Hlc>(r#"{"wall_ms":-1,"counter":2}"#).is_err());
    }
}
