//! The terminal's side of a sync round, as decisions: what a push's answer
//! means for the outbox, and what a pulled change does to the gate's master
//! data. The sync client (`src/app/sync`) looks things up, asks here and
//! carries the answer out; nothing here sends, stores or reads a clock.

use super::hlc::{Clamped, DEFAULT_MAX_AHEAD_MS, Hlc, clamp};
use super::lww::{Merged, Versioned, merge};
use super::protocol::{ErrorBody, ErrorCode};
use crate::domain::{ExitQuota, HouseholdStatus};

/// What the district answered to a push of the events `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushAnswer {
    /// Stored (or already held) through this seq.
    Acked(u64),
    /// Refused with this error body.
    Refused(ErrorBody),
    /// No answer: the connection failed, timed out, or the district was
    /// unavailable (5xx). Whether anything was stored is unknown.
    NoAnswer,
}

/// What the terminal does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterPush {
    /// Mark every outbox row up to this seq acknowledged.
    pub mark_through: Option<u64>,
    /// Push again starting at this seq (the next batch, or a resend).
    pub next_from: Option<u64>,
    /// Stop this round, and why.
    pub stop: Option<Stop>,
}

/// Why a round stops before its outbox is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Not reached, or no answer: try again later; nothing is lost.
    Unreachable,
    /// The district refuses this terminal (token unknown, revoked, blocked):
    /// a person must act; retrying changes nothing.
    Refused(ErrorCode),
    /// An event was refused for its content; the lead must be told. The
    /// events before it are stored.
    Rejected(ErrorCode),
}

/// Decides what a push's answer means. An acknowledgement beyond what was
/// sent is believed only up to what was sent (this terminal's outbox is the
/// truth about its own seqs); an acknowledgement below what the terminal
/// marked before means the district lost events (a restored backup), and
/// they are pushed again, since no outbox row is ever deleted.
pub fn after_push(first: u64, last: u64, answer: &PushAnswer) -> AfterPush {
    let done = |through: u64| AfterPush {
        mark_through: (through >= first).then_some(through.min(last)),
        next_from: Some(through.min(last) + 1),
        stop: None,
    };
    match answer {
        PushAnswer::Acked(through) if *through >= last => done(last),
        PushAnswer::Acked(through) => done(*through),
        PushAnswer::NoAnswer => AfterPush {
            mark_through: None,
            next_from: None,
            stop: Some(Stop::Unreachable),
        },
        PushAnswer::Refused(body) => match body.code {
            ErrorCode::SeqGap => {
                let expected = body.expected.unwrap_or(first).max(1);
                AfterPush {
                    // The district holds everything before what it expects.
                    mark_through: (expected > first).then(|| (expected - 1).min(last)),
                    next_from: Some(expected),
                    stop: None,
                }
            }
            ErrorCode::Unavailable | ErrorCode::Internal | ErrorCode::Timeout => AfterPush {
                mark_through: body
                    .acked_through
                    .filter(|t| *t >= first)
                    .map(|t| t.min(last)),
                next_from: None,
                stop: Some(Stop::Unreachable),
            },
            ErrorCode::Unauthorized | ErrorCode::TerminalRevoked | ErrorCode::TerminalBlocked => {
                AfterPush {
                    mark_through: None,
                    next_from: None,
                    stop: Some(Stop::Refused(body.code)),
                }
            }
            code => AfterPush {
                mark_through: body
                    .acked_through
                    .filter(|t| *t >= first)
                    .map(|t| t.min(last)),
                next_from: None,
                stop: Some(Stop::Rejected(code)),
            },
        },
    }
}

/// A household's status and quota, as last-writer-wins compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusQuota {
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// What a pulled household does at this gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdMerge {
    /// The state the gate keeps (its own, or the district's).
    pub merged: Merged<StatusQuota>,
    /// Set when the district's stamp was further ahead of this gate's clock
    /// than believable and was clamped (the original, for the log).
    pub clamped_from: Option<Hlc>,
}

/// Meets a household's state from the district with the gate's own. The
/// district's stamp is clamped to `now_ms` plus the believable lead first,
/// so a terminal with its clock years ahead cannot win every edit until
/// the clock is put right; the gate's own stamp is never clamped.
pub fn merge_household(
    local: Option<&Versioned<StatusQuota>>,
    remote: Versioned<StatusQuota>,
    now_ms: u64,
) -> HouseholdMerge {
    let Clamped {
        stamp,
        clamped_from,
    } = clamp(remote.hlc, now_ms, DEFAULT_MAX_AHEAD_MS);
    let remote = Versioned {
        hlc: stamp,
        ..remote
    };
    HouseholdMerge {
        merged: merge(local, remote),
        clamped_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: ErrorCode, acked: Option<u64>, expected: Option<u64>) -> PushAnswer {
        PushAnswer::Refused(ErrorBody {
            code,
            message: String::new(),
            acked_through: acked,
            expected,
            index: None,
        })
    }

    #[test]
    fn a_push_answer_says_what_to_mark_and_where_to_go_on() {
        let cases = [
            // Stored whole: mark it, the next batch starts after it.
            (PushAnswer::Acked(20), (Some(20), Some(21), None)),
            // Stored part: mark the part, send the rest again.
            (PushAnswer::Acked(15), (Some(15), Some(16), None)),
            // More than was sent: believe only what was sent.
            (PushAnswer::Acked(99), (Some(20), Some(21), None)),
            // Less than was sent, even before it: mark nothing, resend.
            (PushAnswer::Acked(5), (None, Some(6), None)),
            (PushAnswer::NoAnswer, (None, None, Some(Stop::Unreachable))),
            // The district holds more than the terminal marked: mark it.
            (
                refused(ErrorCode::SeqGap, Some(13), Some(14)),
                (Some(13), Some(14), None),
            ),
            // The district lost events (a restored backup): resend from there.
            (
                refused(ErrorCode::SeqGap, Some(3), Some(4)),
                (None, Some(4), None),
            ),
            (
                refused(ErrorCode::Unavailable, None, None),
                (None, None, Some(Stop::Unreachable)),
            ),
            (
                refused(ErrorCode::TerminalBlocked, None, None),
                (None, None, Some(Stop::Refused(ErrorCode::TerminalBlocked))),
            ),
            (
                refused(ErrorCode::Unauthorized, None, None),
                (None, None, Some(Stop::Refused(ErrorCode::Unauthorized))),
            ),
            // A refused event: what came before it is stored.
            (
                refused(ErrorCode::EventConflict, Some(12), None),
                (
                    Some(12),
                    None,
                    Some(Stop::Rejected(ErrorCode::EventConflict)),
                ),
            ),
            (
                refused(ErrorCode::InvalidEvent, Some(9), None),
                (None, None, Some(Stop::Rejected(ErrorCode::InvalidEvent))),
            ),
        ];
        for (answer, (mark, next, stop)) in cases {
            let got = after_push(10, 20, &answer);
            assert_eq!(
                (got.mark_through, got.next_from, got.stop),
                (mark, next, stop),
                "{answer:?}"
            );
        }
    }

    fn edit(wall_ms: u64, terminal: &str, status: HouseholdStatus) -> Versioned<StatusQuota> {
        Versioned {
            hlc: Hlc::new(wall_ms, 0),
            terminal: terminal.into(),
            value: StatusQuota {
                status,
                quota: None,
            },
        }
    }

    #[test]
    fn a_pulled_household_meets_the_gates_own_edit_by_last_writer() {
        use HouseholdStatus::{HomeQuarantine, Normal};
        let now = 1_000_000;
        let local = edit(900_000, "b", HomeQuarantine);
        // Older from the district: the gate's newer edit stays.
        let kept = merge_household(Some(&local), edit(800_000, "a", Normal), now);
        assert!(!kept.merged.incoming_won);
        assert!(kept.merged.is_conflict());
        // Newer from the district: it wins.
        let taken = merge_household(Some(&local), edit(950_000, "a", Normal), now);
        assert!(taken.merged.incoming_won);
        // A clock a year ahead is clamped and then loses to a newer edit.
        let year = 365 * 24 * 3600 * 1000;
        let ahead = merge_household(
            Some(&edit(now + 2 * DEFAULT_MAX_AHEAD_MS, "b", HomeQuarantine)),
            edit(now + year, "a", Normal),
            now,
        );
        assert_eq!(ahead.clamped_from, Some(Hlc::new(now + year, 0)));
        assert!(!ahead.merged.incoming_won);
        // Nothing held yet: taken as it is.
        assert!(
            merge_household(None, edit(1, "a", Normal), now)
                .merged
                .incoming_won
        );
    }
}
