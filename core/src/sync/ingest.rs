//! What the district does with a pushed batch, decided without touching the
//! database: the server looks up what it holds, asks [`plan`], and carries
//! the plan out in one transaction.
//!
//! A terminal's events form one contiguous sequence from 1, so what the
//! server holds of a terminal is summed up by the highest stored `seq`
//! (`stored_through`). Each pushed event is then one of:
//! - new: the next seq, an id never seen: store it;
//! - duplicate: the same id with the same content at the same seq (a retried
//!   push whose answer was lost): nothing to do;
//! - conflict: the same id with other content, or an id already stored
//!   elsewhere: refuse it and flag it, never merge (ODK Central's rule);
//! - gap: a seq past the next one: ask for the seq expected;
//! - cloned: a stored seq carrying another id. Two devices are pushing as
//!   one terminal (a copied SD card); the terminal is blocked, not merged.
//!
//! Processing stops at the first event that is not new or a duplicate, so
//! what is stored always stays one contiguous sequence.

use std::collections::{BTreeMap, HashMap, HashSet};

/// One pushed event, as far as planning needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pushed<'a> {
    pub id: &'a str,
    pub seq: u64,
    /// The envelope's content hash.
    pub hash: &'a str,
}

/// An event the server already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub terminal: String,
    pub seq: u64,
    pub hash: String,
}

/// What the server holds that concerns one pushed batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holdings {
    /// The highest seq stored for the pushing terminal (0: none yet).
    pub stored_through: u64,
    /// The pushing terminal's stored events at the batch's seqs that are at
    /// or below `stored_through`.
    pub at_seq: BTreeMap<u64, Stored>,
    /// Stored events, of any terminal, with the batch's ids.
    pub by_id: HashMap<String, Stored>,
}

/// Why planning stopped before the end of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The batch skipped ahead; the terminal should push from `expected`.
    Gap { expected: u64 },
    /// The event at `index` reuses a stored id with other content.
    Conflict {
        index: usize,
        seq: u64,
        id: String,
        stored: Stored,
    },
    /// The same id twice within the batch.
    RepeatedId { index: usize, seq: u64, id: String },
    /// The event at `index` carries another id than the one stored at its seq.
    Cloned {
        index: usize,
        seq: u64,
        pushed_id: String,
        stored_id: String,
    },
    /// The server holds through `stored_through` but not this seq: its own
    /// data is damaged. Never produced by a server that stores contiguously.
    Missing { seq: u64 },
}

/// What to do with a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Indexes into the batch of the events to store, in seq order.
    pub accept: Vec<usize>,
    /// Indexes of events the server already holds identically.
    pub duplicates: Vec<usize>,
    /// After storing `accept`: every event of the batch up to this seq is
    /// held by the server exactly as pushed. The terminal marks the rows it
    /// sent up to here acknowledged. For a batch whose first event was not
    /// verified, this is the seq before it.
    pub acked_through: u64,
    /// The highest seq stored for the terminal once `accept` is stored.
    pub stored_through: u64,
    pub stop: Option<Stop>,
}

/// Why a batch cannot be planned at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the batch's seqs must rise strictly; event {index} has seq {seq} after {previous}")]
    NotInOrder {
        index: usize,
        seq: u64,
        previous: u64,
    },
}

/// Plans a batch (see the module documentation). `batch` must be in strictly
/// rising seq order.
pub fn plan(holdings: &Holdings, batch: &[Pushed<'_>]) -> Result<Plan, BatchError> {
    for (index, pair) in batch.windows(2).enumerate() {
        if pair[1].seq <= pair[0].seq {
            return Err(BatchError::NotInOrder {
                index: index + 1,
                seq: pair[1].seq,
                previous: pair[0].seq,
            });
        }
    }
    let mut expected = holdings.stored_through + 1;
    let mut accept = Vec::new();
    let mut duplicates = Vec::new();
    let mut acked_through = batch.first().map_or(holdings.stored_through, |e| {
        e.seq.saturating_sub(1).min(holdings.stored_through)
    });
    let mut accepted_ids = HashSet::new();
    let mut stop = None;
    for (index, event) in batch.iter().enumerate() {
        if event.seq < expected {
            let Some(stored) = holdings.at_seq.get(&event.seq) else {
                stop = Some(Stop::Missing { seq: event.seq });
                break;
            };
            if stored.id != event.id {
                stop = Some(Stop::Cloned {
                    index,
                    seq: event.seq,
                    pushed_id: event.id.to_string(),
                    stored_id: stored.id.clone(),
                });
                break;
            }
            if stored.hash != event.hash {
                stop = Some(Stop::Conflict {
                    index,
                    seq: event.seq,
                    id: event.id.to_string(),
                    stored: stored.clone(),
                });
                break;
            }
            duplicates.push(index);
            acked_through = event.seq;
        } else if event.seq == expected {
            if let Some(stored) = holdings.by_id.get(event.id) {
                stop = Some(Stop::Conflict {
                    index,
                    seq: event.seq,
                    id: event.id.to_string(),
                    stored: stored.clone(),
                });
                break;
            }
            if !accepted_ids.insert(event.id) {
                stop = Some(Stop::RepeatedId {
                    index,
                    seq: event.seq,
                    id: event.id.to_string(),
                });
                break;
            }
            accept.push(index);
            acked_through = event.seq;
            expected += 1;
        } else {
            stop = Some(Stop::Gap { expected });
            break;
        }
    }
    Ok(Plan {
        accept,
        duplicates,
        acked_through,
        stored_through: expected - 1,
        stop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "terminal-a";

    fn stored(seq: u64, id: &str, hash: &str) -> Stored {
        Stored {
            id: id.into(),
            terminal: ME.into(),
            seq,
            hash: hash.into(),
        }
    }

    /// The server holds events 1..=3 of this terminal, ids e1..e3, hashes h1..h3.
    fn holdings_for(batch: &[Pushed<'_>]) -> Holdings {
        let all: Vec<Stored> = (1..=3)
            .map(|n| stored(n, &format!("e{n}"), &format!("h{n}")))
            .collect();
        let mut h = Holdings {
            stored_through: 3,
            ..Default::default()
        };
        for e in batch {
            if let Some(s) = all.iter().find(|s| s.seq == e.seq) {
                h.at_seq.insert(e.seq, s.clone());
            }
            if let Some(s) = all.iter().find(|s| s.id == e.id) {
                h.by_id.insert(e.id.to_string(), s.clone());
            }
            // An event of another terminal that reused id "x9".
            if e.id == "x9" {
                h.by_id.insert(
                    "x9".into(),
                    Stored {
                        id: "x9".into(),
                        terminal: "terminal-b".into(),
                        seq: 1,
                        hash: "hb".into(),
                    },
                );
            }
        }
        h
    }

    fn p(seq: u64, id: &'static str, hash: &'static str) -> Pushed<'static> {
        Pushed { id, seq, hash }
    }

    #[test]
    fn plans() {
        struct Case {
            name: &'static str,
            batch: Vec<Pushed<'static>>,
            accept: Vec<usize>,
            duplicates: Vec<usize>,
            acked_through: u64,
            stored_through: u64,
            stop: Option<&'static str>,
        }
        let cases = [
            Case {
                name: "new events after the stored ones",
                batch: vec![p(4, "e4", "h4"), p(5, "e5", "h5")],
                accept: vec![0, 1],
                duplicates: vec![],
                acked_through: 5,
                stored_through: 5,
                stop: None,
            },
            Case {
                name: "a retried batch whose answer was lost",
                batch: vec![p(2, "e2", "h2"), p(3, "e3", "h3")],
                accept: vec![],
                duplicates: vec![0, 1],
                acked_through: 3,
                stored_through: 3,
                stop: None,
            },
            Case {
                name: "a retry overlapping new events",
                batch: vec![p(3, "e3", "h3"), p(4, "e4", "h4")],
                accept: vec![1],
                duplicates: vec![0],
                acked_through: 4,
                stored_through: 4,
                stop: None,
            },
            Case {
                name: "an empty batch",
                batch: vec![],
                accept: vec![],
                duplicates: vec![],
                acked_through: 3,
                stored_through: 3,
                stop: None,
            },
            Case {
                name: "a gap at the start",
                batch: vec![p(6, "e6", "h6")],
                accept: vec![],
                duplicates: vec![],
                acked_through: 3,
                stored_through: 3,
                stop: Some("gap 4"),
            },
            Case {
                name: "a gap inside the batch keeps the prefix",
                batch: vec![p(4, "e4", "h4"), p(6, "e6", "h6")],
                accept: vec![0],
                duplicates: vec![],
                acked_through: 4,
                stored_through: 4,
                stop: Some("gap 5"),
            },
            Case {
                name: "the same id with another body",
                batch: vec![p(2, "e2", "h2"), p(3, "e3", "other")],
                accept: vec![],
                duplicates: vec![0],
                acked_through: 2,
                stored_through: 3,
                stop: Some("conflict 1"),
            },
            Case {
                name: "the conflicting seq itself is never acknowledged",
                batch: vec![p(2, "e2", "other")],
                accept: vec![],
                duplicates: vec![],
                acked_through: 1,
                stored_through: 3,
                stop: Some("conflict 0"),
            },
            Case {
                name: "a new seq reusing a stored id",
                batch: vec![p(4, "e4", "h4"), p(5, "e1", "h1")],
                accept: vec![0],
                duplicates: vec![],
                acked_through: 4,
                stored_through: 4,
                stop: Some("conflict 1"),
            },
            Case {
                name: "an id another terminal stored",
                batch: vec![p(4, "x9", "h4")],
                accept: vec![],
                duplicates: vec![],
                acked_through: 3,
                stored_through: 3,
                stop: Some("conflict 0"),
            },
            Case {
                name: "one id twice in a batch",
                batch: vec![p(4, "e4", "h4"), p(5, "e4", "h4")],
                accept: vec![0],
                duplicates: vec![],
                acked_through: 4,
                stored_through: 4,
                stop: Some("repeated 1"),
            },
            Case {
                name: "a stored seq with another id after a duplicate",
                batch: vec![p(2, "e2", "h2"), p(3, "c3", "hc3")],
                accept: vec![],
                duplicates: vec![0],
                acked_through: 2,
                stored_through: 3,
                stop: Some("cloned 1"),
            },
            Case {
                name: "a cloned terminal runs backwards with new ids",
                batch: vec![p(2, "c2", "hc2"), p(3, "c3", "hc3")],
                accept: vec![],
                duplicates: vec![],
                acked_through: 1,
                stored_through: 3,
                stop: Some("cloned 0"),
            },
        ];
        for case in cases {
            let plan = plan(&holdings_for(&case.batch), &case.batch).unwrap();
            assert_eq!(plan.accept, case.accept, "{}", case.name);
            assert_eq!(plan.duplicates, case.duplicates, "{}", case.name);
            assert_eq!(plan.acked_through, case.acked_through, "{}", case.name);
            assert_eq!(plan.stored_through, case.stored_through, "{}", case.name);
            let stop = plan.stop.as_ref().map(|s| match s {
                Stop::Gap { expected } => format!("gap {expected}"),
                Stop::Conflict { index, .. } => format!("conflict {index}"),
                Stop::RepeatedId { index, .. } => format!("repeated {index}"),
                Stop::Cloned { index, .. } => format!("cloned {index}"),
                Stop::Missing { seq } => format!("missing {seq}"),
            });
            assert_eq!(stop.as_deref(), case.stop, "{}", case.name);
        }
    }

    #[test]
    fn a_conflict_names_what_is_stored() {
        let batch = [p(4, "x9", "h4")];
        let plan = plan(&holdings_for(&batch), &batch).unwrap();
        let Some(Stop::Conflict {
            stored, id, seq, ..
        }) = plan.stop
        else {
            panic!("expected a conflict, got {:?}", plan.stop)
        };
        assert_eq!((id.as_str(), seq), ("x9", 4));
        assert_eq!(stored.terminal, "terminal-b");
    }

    #[test]
    fn a_batch_out_of_order_is_refused_whole() {
        let batch = [p(4, "e4", "h4"), p(4, "e5", "h5")];
        assert_eq!(
            plan(&holdings_for(&batch), &batch),
            Err(BatchError::NotInOrder {
                index: 1,
                seq: 4,
                previous: 4
            })
        );
        let batch = [p(5, "e5", "h5"), p(4, "e4", "h4")];
        assert!(plan(&holdings_for(&batch), &batch).is_err());
    }

    #[test]
    fn missing_stored_rows_are_reported_not_guessed() {
        let holdings = Holdings {
            stored_through: 3,
            ..Default::default()
        };
        let batch = [p(2, "e2", "h2")];
        assert_eq!(
            plan(&holdings, &batch).unwrap().stop,
            Some(Stop::Missing { seq: 2 })
        );
    }

    #[test]
    fn a_first_push_starts_at_one() {
        let holdings = Holdings::default();
        let batch = [p(1, "a", "ha"), p(2, "b", "hb")];
        let plan = plan(&holdings, &batch).unwrap();
        assert_eq!(
            (plan.accept.len(), plan.acked_through, plan.stop),
            (2, 2, None)
        );
        let late = [p(2, "b", "hb")];
        assert_eq!(
            super::plan(&Holdings::default(), &late).unwrap().stop,
            Some(Stop::Gap { expected: 1 })
        );
    }
}
