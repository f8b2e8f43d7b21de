//! `kakou pass issue|list|verify|revoke`; `print` is in `pass_print`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;

use kakou_core::domain::canonical_address;
use kakou_core::lang::Lang;
use kakou_core::pass::PassCheck;

use crate::app::GateSession;
use crate::app::issuing::issue;
use crate::cli::Answer;
use crate::clock::{Clock, SystemClock};
use crate::issuing_key;
use crate::store::{households, passes, people};

#[derive(Debug, Subcommand)]
pub enum PassCommand {
    /// Issue passes: for one person, one household, or everyone without a valid pass.
    Issue {
        /// The person's ID document number.
        #[arg(long, conflicts_with_all = ["household", "all"])]
        person: Option<String>,
        /// The household's address (3-2-501, 3栋2单元501 …).
        #[arg(long, conflicts_with = "all")]
        household: Option<String>,
        /// Everyone on the ledger who has no valid pass today.
        #[arg(long)]
        all: bool,
        /// How many days the passes are valid, from today.
        #[arg(long, default_value_t = 90)]
        days: u32,
        /// First valid day (YYYY-MM-DD); today when not given.
        #[arg(long)]
        from: Option<NaiveDate>,
    },
    /// Every pass, one JSON object per line, with its exact QR text.
    List,
    /// Verify a scanned pass text; exit 0 when valid, 1 when not.
    Verify {
        text: String,
        /// The day to verify for (YYYY-MM-DD); today when not given.
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Print passes as A4 sheets of eight cards with cut marks (PDF).
    Print(super::pass_print::PrintArgs),
    /// Revoke a pass by serial (lost card, moved out …).
    Revoke {
        serial: u64,
        #[arg(long, value_parser = ["lost", "moved", "damaged", "replaced", "other"])]
        reason: String,
    },
}

pub fn run(db: &Path, command: PassCommand, lang: Lang) -> Result<Answer> {
    if let PassCommand::Print(args) = command {
        return super::pass_print::run(db, args, lang);
    }
    let mut store = super::open_existing(db)?;
    let now = SystemClock.now();
    let today = now.date_naive();
    let mut out = std::io::stdout().lock();
    match command {
        PassCommand::Issue {
            person,
            household,
            all,
            days,
            from,
        } => {
            let key = issuing_key::load(&issuing_key::path_for(db))
                .context("this terminal cannot issue passes")?;
            let conn = store.conn();
            let chosen = if let Some(number) = person {
                let number = number.trim().to_ascii_uppercase();
                match people::by_document(conn, &number)? {
                    Some(p) if p.active => vec![p],
                    Some(_) => {
                        bail!("{number} has moved out; import the ledger again to bring them back")
                    }
                    None => bail!("nobody with ID number {number} is on the ledger"),
                }
            } else if let Some(address) = household {
                let key = canonical_address(&address);
                let Some(h) = households::by_address(conn, &key)? else {
                    bail!("no household at `{address}` (looked for {key})");
                };
                let members: Vec<_> = people::active(conn)?
                    .into_iter()
                    .filter(|p| p.person.household_id == h.household.id)
                    .collect();
                if members.is_empty() {
                    bail!("nobody lives at {key}");
                }
                members
            } else if all {
                let holders: std::collections::HashSet<i64> =
                    passes::holders_valid_on(conn, today)?.into_iter().collect();
                people::active(conn)?
                    .into_iter()
                    .filter(|p| !holders.contains(&p.id))
                    .collect()
            } else {
                bail!("say whom to issue for: --person ID_NUMBER, --household ADDRESS or --all");
            };
            let issued_at = now.to_rfc3339();
            let from = from.unwrap_or(today);
            let issued = store.write(|tx| {
                issue(tx, &key, &chosen, from, days, &issued_at)
                    .map_err(|e| crate::store::StoreError::Damaged(e.to_string()))
            })?;
            for p in &issued {
                super::emit(&mut out, p)?;
            }
            eprintln!("kakou: issued {} passes", issued.len());
            Ok(Answer::Yes)
        }
        PassCommand::List => {
            let conn = store.conn();
            let people = people::all_by_id(conn)?;
            let addresses = households::addresses(conn)?;
            for p in passes::all(conn)? {
                let holder = people.get(&p.person_id);
                let status = if p.revoked.is_some() {
                    "revoked"
                } else if today < p.valid_from {
                    "not_yet_valid"
                } else if today > p.valid_until {
                    "expired"
                } else {
                    "valid"
                };
                super::emit(
                    &mut out,
                    &json!({
                        "serial": p.serial,
                        "holder": holder.map(|h| h.person.name.clone()),
                        "address": holder.and_then(|h| addresses.get(&h.person.household_id)),
                        "category": p.category,
                        "status": status,
                        "revoked_reason": p.revoked,
                        "valid_from": p.valid_from,
                        "valid_until": p.valid_until,
                        "text": p.text,
                    }),
                )?;
            }
            Ok(Answer::Yes)
        }
        PassCommand::Verify { text, date } => {
            let session = GateSession::open(store, "cli")?;
            let day = date.unwrap_or(today);
            let verification = session.lookup().verify(text.trim(), day)?;
            let claims = verification
                .claims
                .as_ref()
                .filter(|_| verification.claims_are_authentic());
            super::emit(
                &mut out,
                &json!({
                    "valid": verification.check == PassCheck::Ok,
                    "reason": verification.check.code(),
                    "serial": claims.map(|c| c.serial),
                    "category": claims.map(|c| c.effective_category(day)),
                    "holder": claims.map(|c| c.holder.clone()),
                    "valid_until": claims.map(|c| c.valid_until),
                }),
            )?;
            Ok(if verification.check == PassCheck::Ok {
                Answer::Yes
            } else {
                Answer::No
            })
        }
        PassCommand::Print(_) => unreachable!("handled before the store is opened"),
        PassCommand::Revoke { serial, reason } => {
            let newly = crate::app::lead::revoke(&mut store, serial, &reason, now)?;
            super::emit(
                &mut out,
                &json!({"serial": serial, "revoked": true, "already_revoked": !newly, "reason": reason}),
            )?;
            Ok(Answer::Yes)
        }
    }
}
