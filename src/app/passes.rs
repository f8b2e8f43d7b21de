//! Passes on the command line: issuing for a choice of people, the list of
//! every pass, and verifying a scanned text.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use kakou_core::domain::{Category, canonical_address, mask_document_number};
use kakou_core::lang::Lang;
use kakou_core::pass::Verification;
use kakou_core::privacy::mask_text;

use super::issuing::{IssueError, IssuedPass, issue};
use super::{AppError, Lookup, Terminal};
use crate::store::{StoreError, households, passes, people};

/// Whom to issue passes for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holders {
    /// One person, by ID document number.
    Person(String),
    /// Everyone living at one address (as typed).
    Household(String),
    /// Everyone on the ledger without a pass valid today.
    AllWithoutPass,
}

/// Why no pass was issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueRefusal {
    #[error("{0} has moved out; import the ledger again to bring them back")]
    MovedOut(String),
    #[error("nobody with ID number {0} is on the ledger")]
    NoSuchPerson(String),
    #[error("no household at `{typed}` (looked for {canonical})")]
    NoSuchHousehold { typed: String, canonical: String },
    #[error("nobody lives at {0}")]
    NobodyLivesThere(String),
    #[error(transparent)]
    Issue(#[from] IssueError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl IssueRefusal {
    /// The refusal in the user's language. ID numbers are shown masked:
    /// these lines end up in terminals, logs and screenshots.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (IssueRefusal::MovedOut(n), Lang::Zh) => {
                format!("{} 已迁出；重新导入台账可恢复", mask_document_number(n))
            }
            (IssueRefusal::MovedOut(n), Lang::En) => format!(
                "{} has moved out; import the ledger again to bring them back",
                mask_document_number(n)
            ),
            (IssueRefusal::NoSuchPerson(n), Lang::Zh) => {
                format!("台账上没有证件号码为 {} 的人", mask_document_number(n))
            }
            (IssueRefusal::NoSuchPerson(n), Lang::En) => format!(
                "nobody with ID number {} is on the ledger",
                mask_document_number(n)
            ),
            (IssueRefusal::NoSuchHousehold { typed, canonical }, Lang::Zh) => {
                format!("没有地址为“{typed}”的住户（按 {canonical} 查找）")
            }
            (IssueRefusal::NobodyLivesThere(a), Lang::Zh) => format!("{a} 没有在册住户"),
            (IssueRefusal::App(e), lang) => e.message(lang),
            (other, _) => other.to_string(),
        }
    }
}

impl From<StoreError> for IssueRefusal {
    fn from(e: StoreError) -> IssueRefusal {
        IssueRefusal::App(e.into())
    }
}

/// Issues passes valid for `days` days from `from`, all in one
/// transaction: either every chosen person gets a pass or nobody does.
pub fn issue_for(
    terminal: &mut Terminal,
    holders: &Holders,
    from: NaiveDate,
    days: u32,
    now: DateTime<FixedOffset>,
) -> Result<Vec<IssuedPass>, IssueRefusal> {
    let key = terminal.issuing_key()?;
    let today = now.date_naive();
    let conn = terminal.store().conn();
    let chosen = match holders {
        Holders::Person(number) => {
            let number = number.trim().to_ascii_uppercase();
            match people::by_document(conn, &number)? {
                Some(p) if p.active => vec![p],
                Some(_) => return Err(IssueRefusal::MovedOut(number)),
                None => return Err(IssueRefusal::NoSuchPerson(number)),
            }
        }
        Holders::Household(address) => {
            let canonical = canonical_address(address);
            let Some(h) = households::by_address(conn, &canonical)? else {
                return Err(IssueRefusal::NoSuchHousehold {
                    typed: address.clone(),
                    canonical,
                });
            };
            let members: Vec<_> = people::active(conn)?
                .into_iter()
                .filter(|p| p.person.household_id == h.id)
                .collect();
            if members.is_empty() {
                return Err(IssueRefusal::NobodyLivesThere(canonical));
            }
            members
        }
        Holders::AllWithoutPass => {
            let holding: HashSet<i64> =
                passes::holders_valid_on(conn, today)?.into_iter().collect();
            people::active(conn)?
                .into_iter()
                .filter(|p| !holding.contains(&p.id))
                .collect()
        }
    };
    let issued_at = now.to_rfc3339();
    Ok(terminal
        .store_mut()
        .transaction(|tx| issue(tx, &key, &chosen, from, days, &issued_at))?)
}

/// One line of `kakou pass list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassListing {
    pub serial: u64,
    pub holder: Option<String>,
    pub address: Option<String>,
    pub category: String,
    /// `valid`, `revoked`, `not_yet_valid` or `expired`, on the day asked.
    pub status: &'static str,
    pub revoked_reason: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub text: String,
}

/// Every pass this store issued, oldest first, as it stands on `today`.
pub fn list(terminal: &Terminal, today: NaiveDate) -> Result<Vec<PassListing>, AppError> {
    let conn = terminal.store().conn();
    let people = people::all_by_id(conn)?;
    let addresses = households::addresses(conn)?;
    Ok(passes::all(conn)?
        .into_iter()
        .map(|p| {
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
            // Names and addresses hold no personal number, unless one was
            // typed into them: the list is masked like every export.
            PassListing {
                serial: p.serial,
                holder: holder.map(|h| mask_text(&h.person.name)),
                address: holder
                    .and_then(|h| addresses.get(&h.person.household_id))
                    .map(|a| mask_text(a)),
                category: p.category,
                status,
                revoked_reason: p.revoked,
                valid_from: p.valid_from,
                valid_until: p.valid_until,
                text: p.text,
            }
        })
        .collect())
}

/// A scanned pass as `kakou pass verify` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub valid: bool,
    pub reason: &'static str,
    pub serial: Option<u64>,
    pub category: Option<Category>,
    pub holder: Option<String>,
    pub valid_until: Option<NaiveDate>,
}

/// Verifies a pass text for this community on `day`.
pub fn verify(terminal: &Terminal, text: &str, day: NaiveDate) -> Result<VerifyReport, AppError> {
    let verification: Verification = Lookup::new(terminal).verify(text.trim(), day)?;
    let claims = verification
        .claims
        .as_ref()
        .filter(|_| verification.claims_are_authentic());
    Ok(VerifyReport {
        valid: verification.check == kakou_core::pass::PassCheck::Ok,
        reason: verification.check.code(),
        serial: claims.map(|c| c.serial),
        category: claims.map(|c| c.effective_category(day)),
        holder: claims.map(|c| c.holder.clone()),
        valid_until: claims.map(|c| c.valid_until),
    })
}
