//! Choosing the passes to print and laying them out as card sheets. The
//! command writes the PDF; which cards may be printed is the core's rule.

use std::collections::HashMap;

use chrono::NaiveDate;

use kakou_core::domain::canonical_address;
use kakou_core::lang::Lang;
use kakou_core::pass::{NotPrintable, printable};

use super::{AppError, Terminal};
use crate::print::{self, Card, Printed};
use crate::store::passes::PassRow;
use crate::store::{PersonRow, households, passes, people};

/// Which passes to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintChoice {
    /// Every person's newest printable pass.
    Everyone,
    /// The passes of one household (as typed).
    Household(String),
    /// The pass of one person, by ID document number.
    Person(String),
    /// These passes, by serial; each must be printable.
    Serials(Vec<u64>),
}

/// Why nothing was printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintRefusal {
    #[error("there is no pass with serial {0}")]
    NoSuchSerial(u64),
    #[error("pass {serial} is revoked ({reason}) and cannot be printed; issue a new one")]
    Revoked { serial: u64, reason: String },
    #[error("pass {serial} expired on {until} and cannot be printed; issue a new one")]
    Expired { serial: u64, until: NaiveDate },
    #[error("nobody with ID number {0} is on the ledger")]
    NoSuchPerson(String),
    #[error("no household at `{typed}` (looked for {canonical})")]
    NoSuchHousehold { typed: String, canonical: String },
    #[error("the people chosen have no valid pass; run `kakou pass issue` first")]
    NoValidPass,
    #[error("there are no valid passes to print; run `kakou pass issue` first")]
    NothingToPrint,
    #[error("pass {serial} is damaged in the store ({detail}); revoke it and issue a new one")]
    Damaged { serial: u64, detail: String },
    #[error(transparent)]
    Print(#[from] print::PrintError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<crate::store::StoreError> for PrintRefusal {
    fn from(e: crate::store::StoreError) -> PrintRefusal {
        PrintRefusal::App(e.into())
    }
}

impl PrintRefusal {
    pub fn message(&self, lang: Lang) -> String {
        let masked = kakou_core::domain::mask_document_number;
        match (self, lang) {
            (PrintRefusal::NoSuchSerial(s), Lang::Zh) => format!("没有编号为 {s} 的通行证"),
            (PrintRefusal::Revoked { serial, reason }, Lang::Zh) => {
                format!("通行证 {serial} 已吊销（{reason}），不能再打印；请签发新证")
            }
            (PrintRefusal::Expired { serial, until }, Lang::Zh) => {
                format!("通行证 {serial} 已于 {until} 过期，不能再打印；请签发新证")
            }
            (PrintRefusal::NoSuchPerson(n), Lang::Zh) => {
                format!("台账上没有证件号码为 {} 的人", masked(n))
            }
            (PrintRefusal::NoSuchPerson(n), Lang::En) => {
                format!("nobody with ID number {} is on the ledger", masked(n))
            }
            (PrintRefusal::NoSuchHousehold { typed, canonical }, Lang::Zh) => {
                format!("没有地址为“{typed}”的住户（按 {canonical} 查找）")
            }
            (PrintRefusal::NoValidPass, Lang::Zh) => {
                "选中的人没有有效的通行证，请先运行 kakou pass issue".into()
            }
            (PrintRefusal::NothingToPrint, Lang::Zh) => {
                "没有可打印的有效通行证，请先运行 kakou pass issue".into()
            }
            (PrintRefusal::Damaged { serial, detail }, Lang::Zh) => {
                format!("通行证 {serial} 的存储内容已损坏（{detail}），请吊销后重新签发")
            }
            (PrintRefusal::App(e), lang) => e.message(lang),
            (PrintRefusal::Print(e), lang) => e.message(lang),
            (other, _) => other.to_string(),
        }
    }
}

/// A printed sheet, ready to be written, and the serials on it in order.
pub struct PrintJob {
    pub printed: Printed,
    pub serials: Vec<u64>,
}

/// The chosen passes as A4 card sheets. `today` decides whether a returned
/// person's card still prints red.
pub fn print(
    terminal: &Terminal,
    choice: &PrintChoice,
    today: NaiveDate,
) -> Result<PrintJob, PrintRefusal> {
    let community = &terminal.settings().community;
    let conn = terminal.store().conn();
    let people = people::all_by_id(conn)?;
    let addresses = households::addresses(conn)?;
    let all_passes = passes::all(conn)?;
    let chosen = choose(choice, &all_passes, &people, &addresses, today)?;
    if chosen.is_empty() {
        return Err(PrintRefusal::NothingToPrint);
    }
    let address_of = |p: &PassRow| {
        people
            .get(&p.person_id)
            .and_then(|person| addresses.get(&person.person.household_id))
            .cloned()
            .unwrap_or_default()
    };
    let mut cards = Vec::with_capacity(chosen.len());
    for p in chosen {
        let card = Card::new(&p.text, &address_of(p), community, today).map_err(|e| {
            PrintRefusal::Damaged {
                serial: p.serial,
                detail: e.to_string(),
            }
        })?;
        cards.push(card);
    }
    // Cards come out in address order, so a building's cards are cut and
    // handed out together.
    cards.sort_by(|a, b| {
        natural_key(&a.address)
            .cmp(&natural_key(&b.address))
            .then(a.serial.cmp(&b.serial))
    });
    let title = format!("{community} 通行证");
    let printed = print::render(&cards, &title)?;
    Ok(PrintJob {
        printed,
        serials: cards.iter().map(|c| c.serial).collect(),
    })
}

/// The passes to print, by the core's rule of which cards may be printed.
fn choose<'a>(
    choice: &PrintChoice,
    all: &'a [PassRow],
    people: &HashMap<i64, PersonRow>,
    addresses: &HashMap<i64, String>,
    today: NaiveDate,
) -> Result<Vec<&'a PassRow>, PrintRefusal> {
    let can_print = |p: &PassRow| printable(p.revoked.as_deref(), p.valid_until, today);
    if let PrintChoice::Serials(serials) = choice {
        let mut chosen = Vec::new();
        for serial in serials {
            let Some(p) = all.iter().find(|p| p.serial == *serial) else {
                return Err(PrintRefusal::NoSuchSerial(*serial));
            };
            match can_print(p) {
                Err(NotPrintable::Revoked(reason)) => {
                    return Err(PrintRefusal::Revoked {
                        serial: *serial,
                        reason,
                    });
                }
                Err(NotPrintable::Expired(until)) => {
                    return Err(PrintRefusal::Expired {
                        serial: *serial,
                        until,
                    });
                }
                Ok(()) if !chosen.contains(&p) => chosen.push(p),
                Ok(()) => {}
            }
        }
        return Ok(chosen);
    }

    // Otherwise: each chosen person's newest printable pass. An older one
    // that was replaced without being revoked is not printed twice.
    let wanted: Box<dyn Fn(&PersonRow) -> bool> = match choice {
        PrintChoice::Person(number) => {
            let number = number.trim().to_ascii_uppercase();
            let Some(person) = people.values().find(|p| p.person.document_number == number) else {
                return Err(PrintRefusal::NoSuchPerson(number));
            };
            let id = person.id;
            Box::new(move |p| p.id == id)
        }
        PrintChoice::Household(typed) => {
            let canonical = canonical_address(typed);
            let Some(household_id) = addresses
                .iter()
                .find(|(_, a)| **a == canonical)
                .map(|(id, _)| *id)
            else {
                return Err(PrintRefusal::NoSuchHousehold {
                    typed: typed.clone(),
                    canonical,
                });
            };
            Box::new(move |p| p.active && p.person.household_id == household_id)
        }
        _ => Box::new(|p| p.active),
    };
    let mut newest: HashMap<i64, &PassRow> = HashMap::new();
    for p in all.iter().filter(|p| can_print(p).is_ok()) {
        let Some(holder) = people.get(&p.person_id) else {
            continue;
        };
        if wanted(holder) {
            let entry = newest.entry(p.person_id).or_insert(p);
            if p.serial > entry.serial {
                *entry = p;
            }
        }
    }
    if newest.is_empty() && !matches!(choice, PrintChoice::Everyone) {
        return Err(PrintRefusal::NoValidPass);
    }
    let mut chosen: Vec<&PassRow> = newest.into_values().collect();
    chosen.sort_by_key(|p| p.serial);
    Ok(chosen)
}

/// A sort key that puts 2-1-101 before 10-1-101: runs of digits compare as
/// numbers, everything else as text.
fn natural_key(address: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in address.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((u64::MAX, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !text.is_empty() {
        key.push((u64::MAX, text));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn addresses_sort_by_building_number_not_by_text() {
        let mut addresses = vec!["10-1-101", "2-1-101", "2-1-1101", "王家村三组", "2-2-101"];
        addresses.sort_by_key(|a| natural_key(a));
        assert_eq!(
            addresses,
            vec!["2-1-101", "2-1-1101", "2-2-101", "10-1-101", "王家村三组"]
        );
    }
}
