//! What only the district can see, because it holds every gate's passages
//! (DESIGN §5): a household whose exits at several gates together went
//! beyond its quota, and one pass used at two gates minutes apart.
//!
//! Each gate decides offline with what it knows and its decisions stand;
//! these are flags for a person to look at, never corrections.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::domain::{Direction, ExitQuota, HouseholdRef, Passage, Subject};

/// A passage as the district holds it: which checkpoint and terminal it
/// came from.
#[derive(Debug, Clone, Copy)]
pub struct GatePassage<'a> {
    pub id: &'a str,
    pub checkpoint: &'a str,
    pub terminal: &'a str,
    pub passage: &'a Passage,
}

/// A passage named in a flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seen {
    pub id: String,
    pub checkpoint: String,
    pub terminal: String,
    pub at: DateTime<FixedOffset>,
    pub direction: Direction,
}

impl Seen {
    fn of(p: &GatePassage<'_>) -> Seen {
        Seen {
            id: p.id.to_string(),
            checkpoint: p.checkpoint.to_string(),
            terminal: p.terminal.to_string(),
            at: p.passage.at,
            direction: p.passage.direction,
        }
    }
}

/// One exit of a household that went beyond its quota: `exits` are the
/// exits of the quota window up to and including it (the same window the
/// gate counts: the exit's day and the `days - 1` days before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverQuota {
    pub household: HouseholdRef,
    pub quota: ExitQuota,
    pub exits: Vec<Seen>,
    /// The checkpoints of `exits`; more than one means no single gate
    /// could have seen it.
    pub checkpoints: BTreeSet<String>,
}

impl OverQuota {
    pub fn across_gates(&self) -> bool {
        self.checkpoints.len() > 1
    }
}

/// Every exit beyond its household's quota, in time order. `quota_of`
/// answers the quota a household's gates apply (its own, or the gates'
/// default); households without one are never flagged. Only exits that
/// use an outing count (`Passage::counts_as_household_exit`: released
/// residents with a pass, never visitors or their pink passes).
pub fn exits_beyond_quota(
    passages: &[GatePassage<'_>],
    quota_of: impl Fn(HouseholdRef) -> Option<ExitQuota>,
) -> Vec<OverQuota> {
    let mut exits: BTreeMap<HouseholdRef, Vec<&GatePassage<'_>>> = BTreeMap::new();
    for p in passages {
        if !p.passage.counts_as_household_exit() {
            continue;
        }
        if let Subject::Pass {
            household: Some(household),
            ..
        } = &p.passage.subject
        {
            exits.entry(*household).or_default().push(p);
        }
    }
    let mut flags = Vec::new();
    for (household, mut list) in exits {
        let Some(quota) = quota_of(household).filter(|q| q.days > 0) else {
            continue;
        };
        list.sort_by_key(|p| (p.passage.at, p.id));
        for (i, exit) in list.iter().enumerate() {
            let day = exit.passage.at.date_naive();
            let first_day = first_day_of_window(day, quota.days);
            let window: Vec<&&GatePassage<'_>> = list[..=i]
                .iter()
                .filter(|p| p.passage.at.date_naive() >= first_day)
                .collect();
            // The exits before this one already used the quota up.
            if window.len() as u64 > u64::from(quota.outings) {
                flags.push(OverQuota {
                    household,
                    quota,
                    checkpoints: window.iter().map(|p| p.checkpoint.to_string()).collect(),
                    exits: window.into_iter().map(|p| Seen::of(p)).collect(),
                });
            }
        }
    }
    flags.sort_by(|a, b| {
        a.exits
            .last()
            .map(|s| s.at)
            .cmp(&b.exits.last().map(|s| s.at))
    });
    flags
}

fn first_day_of_window(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
        .unwrap_or(day)
}

/// One pass (issuing key and serial) released at two checkpoints within a
/// short time: two people sharing a card, or a copied card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassReuse {
    pub key_id: u32,
    pub serial: u64,
    pub first: Seen,
    pub second: Seen,
    pub seconds_apart: i64,
}

/// How close two uses of one pass at two gates must be to be flagged.
pub const PASS_REUSE_WINDOW_MINUTES: i64 = 10;

/// Every pair of consecutive released uses of one pass at two different
/// checkpoints no more than `within` apart, in time order. Two lanes of
/// one checkpoint are one gate: going in at one and out at the other
/// minutes later is ordinary.
pub fn pass_used_at_two_gates(passages: &[GatePassage<'_>], within: Duration) -> Vec<PassReuse> {
    let mut uses: BTreeMap<(u32, u64), Vec<&GatePassage<'_>>> = BTreeMap::new();
    for p in passages {
        if p.passage.outcome != crate::domain::Outcome::Released {
            continue;
        }
        if let Subject::Pass {
            key_id: Some(key_id),
            serial: Some(serial),
            ..
        } = &p.passage.subject
        {
            uses.entry((*key_id, *serial)).or_default().push(p);
        }
    }
    let mut flags = Vec::new();
    for ((key_id, serial), mut list) in uses {
        list.sort_by_key(|p| (p.passage.at, p.id));
        for pair in list.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let apart = b.passage.at - a.passage.at;
            if a.checkpoint != b.checkpoint && apart <= within {
                flags.push(PassReuse {
                    key_id,
                    serial,
                    first: Seen::of(a),
                    second: Seen::of(b),
                    seconds_apart: apart.num_seconds(),
                });
            }
        }
    }
    flags.sort_by_key(|f| f.second.at);
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answers, Category, Outcome, Temperature};

    fn at(day: u32, hh: u32, mm: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T{hh:02}:{mm:02}:00+08:00")).unwrap()
    }

    fn pass(
        when: DateTime<FixedOffset>,
        direction: Direction,
        outcome: Outcome,
        serial: u64,
        number: u32,
        category: Category,
    ) -> Passage {
        Passage {
            at: when,
            direction,
            subject: Subject::Pass {
                key_id: Some(7),
                serial: Some(serial),
                category: Some(category),
                holder: Some("张三".into()),
                household: Some(HouseholdRef { key_id: 7, number }),
            },
            temperatures: vec![Temperature(365)],
            answers: Answers::default(),
            outcome,
            reason: None,
            alert: None,
        }
    }

    fn exit(when: DateTime<FixedOffset>, serial: u64, number: u32) -> Passage {
        pass(
            when,
            Direction::Out,
            Outcome::Released,
            serial,
            number,
            Category::Resident,
        )
    }

    fn gate<'a>(list: &'a [(&'a str, &'a str, Passage)]) -> Vec<GatePassage<'a>> {
        list.iter()
            .map(|(id, checkpoint, passage)| GatePassage {
                id,
                checkpoint,
                terminal: checkpoint,
                passage,
            })
            .collect()
    }

    const ONE_IN_TWO: ExitQuota = ExitQuota {
        outings: 1,
        days: 2,
    };

    #[test]
    fn exits_beyond_the_quota_are_flagged_with_their_window() {
        // (case, passages, quota, expected flags as (id beyond, checkpoints))
        type Case = (
            &'static str,
            Vec<(&'static str, &'static str, Passage)>,
            Option<ExitQuota>,
            Vec<(&'static str, Vec<&'static str>)>,
        );
        let cases: Vec<Case> = vec![
            (
                "one exit per two days at two gates: the second is beyond",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    ("b", "北门", exit(at(25, 9, 0), 2, 5)),
                ],
                Some(ONE_IN_TWO),
                vec![("b", vec!["东门", "北门"])],
            ),
            (
                "the window has passed: no flag",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    ("b", "北门", exit(at(26, 9, 0), 2, 5)),
                ],
                Some(ONE_IN_TWO),
                vec![],
            ),
            (
                "no quota: never flagged",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    ("b", "北门", exit(at(24, 9, 0), 2, 5)),
                ],
                None,
                vec![],
            ),
            (
                "other households do not share a quota",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    ("b", "北门", exit(at(24, 9, 0), 2, 6)),
                ],
                Some(ONE_IN_TWO),
                vec![],
            ),
            (
                "refused exits and coming home use no outing",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    (
                        "b",
                        "北门",
                        pass(
                            at(24, 9, 0),
                            Direction::Out,
                            Outcome::Refused,
                            2,
                            5,
                            Category::Resident,
                        ),
                    ),
                    (
                        "c",
                        "北门",
                        pass(
                            at(24, 10, 0),
                            Direction::In,
                            Outcome::Released,
                            2,
                            5,
                            Category::Resident,
                        ),
                    ),
                ],
                Some(ONE_IN_TWO),
                vec![],
            ),
            (
                "a pink visitor pass naming the household is not its exit",
                vec![
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    (
                        "b",
                        "北门",
                        pass(
                            at(24, 9, 0),
                            Direction::Out,
                            Outcome::Released,
                            90,
                            5,
                            Category::Visitor,
                        ),
                    ),
                ],
                Some(ONE_IN_TWO),
                vec![],
            ),
            (
                "a third exit is flagged with all three in its window; order of input does not matter",
                vec![
                    ("c", "西门", exit(at(24, 12, 0), 3, 5)),
                    ("a", "东门", exit(at(24, 8, 0), 1, 5)),
                    ("b", "东门", exit(at(24, 9, 0), 2, 5)),
                ],
                Some(ExitQuota {
                    outings: 1,
                    days: 1,
                }),
                vec![("b", vec!["东门"]), ("c", vec!["东门", "西门"])],
            ),
        ];
        for (name, list, quota, expected) in cases {
            let passages = gate(&list);
            let flags = exits_beyond_quota(&passages, |_| quota);
            let got: Vec<(String, BTreeSet<String>)> = flags
                .iter()
                .map(|f| (f.exits.last().unwrap().id.clone(), f.checkpoints.clone()))
                .collect();
            let want: Vec<(String, BTreeSet<String>)> = expected
                .iter()
                .map(|(id, cps)| (id.to_string(), cps.iter().map(|c| c.to_string()).collect()))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn the_third_exit_names_the_whole_window() {
        let list = [
            ("a", "东门", exit(at(24, 8, 0), 1, 5)),
            ("b", "东门", exit(at(24, 9, 0), 2, 5)),
            ("c", "西门", exit(at(24, 12, 0), 3, 5)),
        ];
        let flags = exits_beyond_quota(&gate(&list), |_| {
            Some(ExitQuota {
                outings: 1,
                days: 1,
            })
        });
        let ids: Vec<&str> = flags[1].exits.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert!(flags[1].across_gates());
        assert!(!flags[0].across_gates());
    }

    #[test]
    fn one_pass_at_two_gates_minutes_apart_is_flagged() {
        let released = |when, direction, serial| {
            pass(
                when,
                direction,
                Outcome::Released,
                serial,
                5,
                Category::Resident,
            )
        };
        type Case = (
            &'static str,
            Vec<(&'static str, &'static str, Passage)>,
            Vec<(&'static str, &'static str, i64)>,
        );
        let cases: Vec<Case> = vec![
            (
                "in at two gates three minutes apart",
                vec![
                    ("a", "东门", released(at(24, 8, 0), Direction::In, 1)),
                    ("b", "北门", released(at(24, 8, 3), Direction::In, 1)),
                ],
                vec![("a", "b", 180)],
            ),
            (
                "exactly the window apart still counts; a second more does not",
                vec![
                    ("a", "东门", released(at(24, 8, 0), Direction::In, 1)),
                    ("b", "北门", released(at(24, 8, 10), Direction::Out, 1)),
                    ("c", "东门", released(at(24, 9, 0), Direction::In, 1)),
                    (
                        "d",
                        "北门",
                        released(at(24, 9, 10) + Duration::seconds(1), Direction::In, 1),
                    ),
                ],
                vec![("a", "b", 600)],
            ),
            (
                "one gate twice is ordinary",
                vec![
                    ("a", "东门", released(at(24, 8, 0), Direction::Out, 1)),
                    ("b", "东门", released(at(24, 8, 1), Direction::In, 1)),
                ],
                vec![],
            ),
            (
                "two passes at two gates are two people",
                vec![
                    ("a", "东门", released(at(24, 8, 0), Direction::In, 1)),
                    ("b", "北门", released(at(24, 8, 1), Direction::In, 2)),
                ],
                vec![],
            ),
            (
                "a refused attempt is not a use",
                vec![
                    ("a", "东门", released(at(24, 8, 0), Direction::In, 1)),
                    (
                        "b",
                        "北门",
                        pass(
                            at(24, 8, 1),
                            Direction::In,
                            Outcome::Refused,
                            1,
                            5,
                            Category::Resident,
                        ),
                    ),
                ],
                vec![],
            ),
        ];
        for (name, list, expected) in cases {
            let flags =
                pass_used_at_two_gates(&gate(&list), Duration::minutes(PASS_REUSE_WINDOW_MINUTES));
            let got: Vec<(&str, &str, i64)> = flags
                .iter()
                .map(|f| (f.first.id.as_str(), f.second.id.as_str(), f.seconds_apart))
                .collect();
            assert_eq!(got, expected, "{name}");
        }
    }
}
