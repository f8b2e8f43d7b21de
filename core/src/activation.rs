//! "Activated cards vs ledger": the daily comparison community offices make
//! between the cards seen at the gate and the registry. Two lists come out:
//! cards used today whose holder is not (or no longer) on the ledger, and
//! people on the ledger who hold no valid card.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// A card seen at the gate today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedCard {
    pub serial: u64,
    pub holder: Option<String>,
}

/// One line of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// A card used at the gate whose serial belongs to nobody on the current
    /// ledger: issued elsewhere, or its holder moved out.
    UsedNotInLedger {
        serial: u64,
        holder: Option<String>,
        times_seen: u32,
    },
    /// A person on the ledger with no valid, unrevoked card.
    NoPass { person_id: i64 },
}

/// Compares the cards seen with the ledger.
///
/// `card_owner` maps every issued serial to the person it was issued to;
/// `active` is the ledger as it stands; `holding` are people with a valid card.
pub fn compare(
    used: &[UsedCard],
    card_owner: &HashMap<u64, i64>,
    active: &[i64],
    holding: &HashSet<i64>,
) -> Vec<Finding> {
    let active_set: HashSet<i64> = active.iter().copied().collect();
    let mut seen: Vec<(u64, Option<String>, u32)> = Vec::new();
    for card in used {
        let on_ledger = card_owner
            .get(&card.serial)
            .is_some_and(|owner| active_set.contains(owner));
        if on_ledger {
            continue;
        }
        match seen.iter_mut().find(|(s, _, _)| *s == card.serial) {
            Some(entry) => entry.2 += 1,
            None => seen.push((card.serial, card.holder.clone(), 1)),
        }
    }
    let mut findings: Vec<Finding> = seen
        .into_iter()
        .map(|(serial, holder, times_seen)| Finding::UsedNotInLedger {
            serial,
            holder,
            times_seen,
        })
        .collect();
    findings.extend(
        active
            .iter()
            .filter(|p| !holding.contains(p))
            .map(|&person_id| Finding::NoPass { person_id }),
    );
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_strangers_cards_and_people_without_cards() {
        let used = vec![
            UsedCard {
                serial: 1,
                holder: Some("张三".into()),
            },
            UsedCard {
                serial: 9,
                holder: Some("外来".into()),
            },
            UsedCard {
                serial: 9,
                holder: Some("外来".into()),
            },
            UsedCard {
                serial: 2,
                holder: Some("搬走".into()),
            },
        ];
        let owners = HashMap::from([(1, 100), (2, 200), (3, 300)]);
        let active = vec![100, 300, 400];
        let holding = HashSet::from([100, 300]);
        assert_eq!(
            compare(&used, &owners, &active, &holding),
            vec![
                Finding::UsedNotInLedger {
                    serial: 9,
                    holder: Some("外来".into()),
                    times_seen: 2
                },
                Finding::UsedNotInLedger {
                    serial: 2,
                    holder: Some("搬走".into()),
                    times_seen: 1
                },
                Finding::NoPass { person_id: 400 },
            ]
        );
    }
}
