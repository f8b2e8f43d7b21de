//! `kakou report activation`: cards used at the gate that the ledger does not
//! know, and people on the ledger without a valid card.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use kakou_core::activation::{Finding, UsedCard, compare};
use kakou_core::domain::{Subject, mask_document_number};

use crate::cli::Answer;
use crate::clock::{Clock, SystemClock};
use crate::store::{households, passages, passes, people};

#[derive(Debug, Args)]
pub struct ActivationArgs {
    /// The day whose gate records to compare (YYYY-MM-DD); today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

pub fn run(db: &Path, args: ActivationArgs) -> Result<Answer> {
    let store = super::open_existing(db)?;
    let conn = store.conn();
    let day = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
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
    let findings = compare(&used, &owners, &active, &holding);
    let mut out = std::io::stdout().lock();
    for finding in &findings {
        let line = match finding {
            Finding::NoPass { person_id } => {
                let p = &by_id[person_id].person;
                json!({
                    "finding": "no_pass",
                    "name": p.name,
                    "address": addresses.get(&p.household_id),
                    // Shown masked: this list is printed and pinned up.
                    "id_number": mask_document_number(&p.document_number),
                })
            }
            other => serde_json::to_value(other)?,
        };
        super::emit(&mut out, &line)?;
    }
    Ok(Answer::Yes)
}
