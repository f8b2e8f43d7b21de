//! Last-writer-wins for a household's status and quota.
//!
//! Leads at different gates may edit the same household while offline. Each
//! edit carries its hybrid-clock stamp and terminal id; the edit with the
//! greater (stamp, terminal id) wins wherever the edits meet, in whatever
//! order they arrive, so the district and every gate converge. The loser is
//! not thrown away: the caller keeps it in a conflicts table for the lead.

use super::hlc::{Hlc, Stamp};

/// A value together with who set it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned<T> {
    pub hlc: Hlc,
    pub terminal: String,
    pub value: T,
}

impl<T> Versioned<T> {
    pub fn stamp(&self) -> Stamp {
        Stamp {
            hlc: self.hlc,
            terminal: self.terminal.clone(),
        }
    }
}

/// The result of meeting an incoming edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged<T> {
    /// The value to keep.
    pub winner: Versioned<T>,
    /// The other edit, when there was one.
    pub loser: Option<Versioned<T>>,
    /// Whether the incoming edit won (the stored value changes).
    pub incoming_won: bool,
}

impl<T: PartialEq> Merged<T> {
    /// Whether this meeting is worth showing to the lead: an edit arrived
    /// that lost to a newer one and would have set another value. An edit
    /// that replaces an older one is the normal course of things, and a loser
    /// with the winner's value changed nothing anyone would notice.
    pub fn is_conflict(&self) -> bool {
        !self.incoming_won
            && self
                .loser
                .as_ref()
                .is_some_and(|l| l.value != self.winner.value)
    }
}

/// Meets `incoming` with the `current` value (None: nothing stored yet).
/// Equal stamps from the same terminal can only be the same edit seen twice,
/// or a terminal whose clock repeated itself; the current value stays then.
pub fn merge<T: Clone>(current: Option<&Versioned<T>>, incoming: Versioned<T>) -> Merged<T> {
    match current {
        None => Merged {
            winner: incoming,
            loser: None,
            incoming_won: true,
        },
        Some(current) if incoming.stamp() > current.stamp() => Merged {
            winner: incoming,
            loser: Some(current.clone()),
            incoming_won: true,
        },
        Some(current) => Merged {
            winner: current.clone(),
            loser: Some(incoming),
            incoming_won: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0193a000-0000-7000-8000-00000000000a";
    const B: &str = "0193a000-0000-7000-8000-00000000000b";

    fn v(wall: u64, counter: u32, terminal: &str, value: &'static str) -> Versioned<&'static str> {
        Versioned {
            hlc: Hlc::new(wall, counter),
            terminal: terminal.into(),
            value,
        }
    }

    #[test]
    fn merge_cases() {
        // (current, incoming, winner value, incoming won, conflict)
        let cases = [
            (None, v(10, 0, A, "quarantine"), "quarantine", true, false),
            (
                Some(v(10, 0, A, "normal")),
                v(11, 0, B, "quarantine"),
                "quarantine",
                true,
                false,
            ),
            (
                Some(v(11, 0, A, "normal")),
                v(10, 0, B, "quarantine"),
                "normal",
                false,
                true,
            ),
            // The counter decides within a millisecond.
            (
                Some(v(10, 1, A, "normal")),
                v(10, 2, A, "quarantine"),
                "quarantine",
                true,
                false,
            ),
            // The terminal id decides equal stamps: B > A.
            (
                Some(v(10, 0, B, "normal")),
                v(10, 0, A, "quarantine"),
                "normal",
                false,
                true,
            ),
            (
                Some(v(10, 0, A, "normal")),
                v(10, 0, B, "quarantine"),
                "quarantine",
                true,
                false,
            ),
            // The same edit again changes nothing and is no conflict.
            (
                Some(v(10, 0, A, "normal")),
                v(10, 0, A, "normal"),
                "normal",
                false,
                false,
            ),
            // A late edit that agrees with the winner is no conflict.
            (
                Some(v(11, 0, A, "normal")),
                v(10, 0, B, "normal"),
                "normal",
                false,
                false,
            ),
        ];
        for (i, (current, incoming, winner, won, conflict)) in cases.into_iter().enumerate() {
            let merged = merge(current.as_ref(), incoming.clone());
            assert_eq!(merged.winner.value, winner, "case {i}");
            assert_eq!(merged.incoming_won, won, "case {i}");
            assert_eq!(merged.is_conflict(), conflict, "case {i}");
            if won {
                assert_eq!(
                    merged.loser, current,
                    "case {i}: the replaced value is the loser"
                );
            } else {
                assert_eq!(
                    merged.loser,
                    Some(incoming),
                    "case {i}: the incoming edit lost"
                );
            }
        }
    }

    #[test]
    fn any_arrival_order_converges() {
        let edits = [
            v(10, 0, A, "normal"),
            v(12, 0, B, "quarantine"),
            v(12, 0, A, "vacant"),
            v(11, 5, B, "close_contact"),
        ];
        // Every permutation of four edits ends with the same winner.
        let mut orders = vec![vec![0, 1, 2, 3]];
        for _ in 0..23 {
            let mut next = orders.last().unwrap().clone();
            // Next permutation in lexicographic order.
            let i = (0..3).rev().find(|&i| next[i] < next[i + 1]).unwrap();
            let j = (i + 1..4).rev().find(|&j| next[j] > next[i]).unwrap();
            next.swap(i, j);
            next[i + 1..].reverse();
            orders.push(next);
        }
        for order in orders {
            let mut current: Option<Versioned<&str>> = None;
            for &i in &order {
                current = Some(merge(current.as_ref(), edits[i].clone()).winner);
            }
            assert_eq!(current.unwrap().value, "quarantine", "order {order:?}");
        }
    }
}
