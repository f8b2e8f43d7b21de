//! "Activated cards vs ledger": cards used at the gate that the ledger does
//! not know, and people on the ledger without a valid card.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use kakou_core::activation::{Finding, UsedCard, compare};
use kakou_core::domain::{Subject, mask_document_number};

use super::{AppError, Terminal};
use crate::store::{households, passages, passes, people};

/// One line of the comparison, ready to print or pin up. People are named
/// with their ID number masked: this list is printed and pinned up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum ActivationLine {
    UsedNotInLedger {
        serial: u64,
        holder: Option<String>,
        times_seen: u32,
    },
    NoPass {
        name: String,
        address: Option<String>,
        id_number: String,
    },
}

/// The comparison for the gate records of `day`.
pub fn compare_day(terminal: &Terminal, day: NaiveDate) -> Result<Vec<ActivationLine>, AppError> {
    let conn = terminal.store().conn();
    let used: Vec<UsedCard> = passages::on_day(conn, day)?
        .into_iter()
        .filter_map(|c| match c.passage.subject {
            Subject::Pass {
                serial: Some(serial),
                holder,
                ..
            } => Some(UsedCard { serial, holder }),
            _ => None,
        })
        .collect();
    let owners: HashMap<u64, i64> = passes::all(conn)?
        .into_iter()
        .map(|p| (p.serial, p.person_id))
        .collect();
    let ledger = people::active(conn)?;
    let active: Vec<i64> = ledger.iter().map(|p| p.id).collect();
    let holding: HashSet<i64> = passes::holders_valid_on(conn, day)?.into_iter().collect();
    let addresses = households::addresses(conn)?;
    let by_id: HashMap<i64, _> = ledger.iter().map(|p| (p.id, p)).collect();
    Ok(compare(&used, &owners, &active, &holding)
        .into_iter()
        .map(|finding| match finding {
            Finding::NoPass { person_id } => {
                let p = &by_id[&person_id].person;
                ActivationLine::NoPass {
                    name: p.name.clone(),
                    address: addresses.get(&p.household_id).cloned(),
                    id_number: mask_document_number(&p.document_number),
                }
            }
            Finding::UsedNotInLedger {
                serial,
                holder,
                times_seen,
            } => ActivationLine::UsedNotInLedger {
                serial,
                holder,
                times_seen,
            },
        })
        .collect())
}
