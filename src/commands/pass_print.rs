//! `kakou pass print --out cards.pdf [--all | --household A | --person ID | --serial S…]`:
//! the chosen passes as A4 sheets of cards ready to cut.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use kakou_core::domain::canonical_address;
use kakou_core::lang::Lang;

use crate::cli::Answer;
use crate::clock::{Clock, SystemClock};
use crate::print::{self, Card};
use crate::store::passes::PassRow;
use crate::store::{PersonRow, households, passes, people};

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The PDF file to write (A4, eight cards a page).
    #[arg(long)]
    pub out: PathBuf,
    /// Every person's current pass (the default).
    #[arg(long, conflicts_with_all = ["household", "person", "serial"])]
    pub all: bool,
    /// The passes of one household (3-2-501, 3栋2单元501 …).
    #[arg(long, conflicts_with_all = ["person", "serial"])]
    pub household: Option<String>,
    /// The pass of one person, by ID document number.
    #[arg(long, conflicts_with = "serial")]
    pub person: Option<String>,
    /// These passes, by serial.
    #[arg(long, num_args = 1..)]
    pub serial: Vec<u64>,
    /// The day of printing (YYYY-MM-DD), which decides whether a returned
    /// person's card is still red; today when not given.
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

pub fn run(db: &Path, args: PrintArgs, lang: Lang) -> Result<Answer> {
    let store = super::open_existing(db)?;
    let community = store.settings()?.community;
    let today = args.date.unwrap_or_else(|| SystemClock.now().date_naive());
    let conn = store.conn();
    let people = people::all_by_id(conn)?;
    let addresses = households::addresses(conn)?;
    let all_passes = passes::all(conn)?;
    let chosen = choose(&args, &all_passes, &people, &addresses, today, lang)?;
    if chosen.is_empty() {
        eprintln!(
            "kakou: {}",
            say(
                lang,
                "没有可打印的有效通行证，请先运行 kakou pass issue",
                "there are no valid passes to print; run `kakou pass issue` first"
            )
        );
        return Ok(Answer::No);
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
        let card = Card::new(&p.text, &address_of(p), &community, today).map_err(|e| {
            anyhow::anyhow!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "通行证 {} 的存储内容已损坏（{e}），请吊销后重新签发",
                        p.serial
                    ),
                    Lang::En => format!(
                        "pass {} is damaged in the store ({e}); revoke it and issue a new one",
                        p.serial
                    ),
                }
            )
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
    let printed = print::render(&cards, &title).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    write_atomically(&args.out, &printed.pdf, lang)?;

    for m in &printed.missing_glyphs {
        eprintln!(
            "kakou: {}",
            match lang {
                Lang::Zh => format!(
                    "通行证 {} 上的“{}”超出内置字库，印出来是空框，请手写补上",
                    m.serial, m.chars
                ),
                Lang::En => format!(
                    "pass {}: the bundled font has no glyph for “{}”; it prints as an empty box, write it in by hand",
                    m.serial, m.chars
                ),
            }
        );
    }
    let mut out = std::io::stdout().lock();
    super::emit(
        &mut out,
        &json!({
            "out": args.out,
            "cards": cards.len(),
            "pages": printed.pages,
            "serials": cards.iter().map(|c| c.serial).collect::<Vec<_>>(),
            "missing_glyphs": printed.missing_glyphs,
        }),
    )?;
    Ok(Answer::Yes)
}

fn say(lang: Lang, zh: &str, en: &str) -> String {
    lang.pick(zh, en).to_string()
}

/// The passes to print. A pass can be printed while it is not revoked and
/// not expired; a pass that is not valid yet (issued with a later `--from`)
/// is printed too, so cards can be made before the day they start.
fn choose<'a>(
    args: &PrintArgs,
    all: &'a [PassRow],
    people: &HashMap<i64, PersonRow>,
    addresses: &HashMap<i64, String>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<&'a PassRow>> {
    let printable = |p: &PassRow| p.revoked.is_none() && p.valid_until >= today;
    if !args.serial.is_empty() {
        let mut chosen = Vec::new();
        for serial in &args.serial {
            let Some(p) = all.iter().find(|p| p.serial == *serial) else {
                bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("没有编号为 {serial} 的通行证"),
                        Lang::En => format!("there is no pass with serial {serial}"),
                    }
                );
            };
            if let Some(reason) = &p.revoked {
                bail!(
                    "{}",
                    match lang {
                        Lang::Zh =>
                            format!("通行证 {serial} 已吊销（{reason}），不能再打印；请签发新证"),
                        Lang::En => format!(
                            "pass {serial} is revoked ({reason}) and cannot be printed; issue a new one"
                        ),
                    }
                );
            }
            if p.valid_until < today {
                bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "通行证 {serial} 已于 {} 过期，不能再打印；请签发新证",
                            p.valid_until
                        ),
                        Lang::En => format!(
                            "pass {serial} expired on {} and cannot be printed; issue a new one",
                            p.valid_until
                        ),
                    }
                );
            }
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        return Ok(chosen);
    }

    // Otherwise: each chosen person's newest printable pass. An older one
    // that was replaced without being revoked is not printed twice.
    let wanted: Box<dyn Fn(&PersonRow) -> bool> = if let Some(number) = &args.person {
        let number = number.trim().to_ascii_uppercase();
        let Some(person) = people.values().find(|p| p.person.document_number == number) else {
            bail!(
                "{}",
                match lang {
                    Lang::Zh => format!("台账上没有证件号码为 {number} 的人"),
                    Lang::En => format!("nobody with ID number {number} is on the ledger"),
                }
            );
        };
        let id = person.id;
        Box::new(move |p| p.id == id)
    } else if let Some(address) = &args.household {
        let key = canonical_address(address);
        let Some(household_id) = addresses
            .iter()
            .find(|(_, a)| **a == key)
            .map(|(id, _)| *id)
        else {
            bail!(
                "{}",
                match lang {
                    Lang::Zh => format!("没有地址为“{address}”的住户（按 {key} 查找）"),
                    Lang::En => format!("no household at `{address}` (looked for {key})"),
                }
            );
        };
        Box::new(move |p| p.active && p.person.household_id == household_id)
    } else {
        Box::new(|p| p.active)
    };
    let mut newest: HashMap<i64, &PassRow> = HashMap::new();
    for p in all.iter().filter(|p| printable(p)) {
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
    if newest.is_empty() && (args.person.is_some() || args.household.is_some()) {
        bail!(
            "{}",
            say(
                lang,
                "选中的人没有有效的通行证，请先运行 kakou pass issue",
                "the people chosen have no valid pass; run `kakou pass issue` first"
            )
        );
    }
    let mut chosen: Vec<&PassRow> = newest.into_values().collect();
    chosen.sort_by_key(|p| p.serial);
    Ok(chosen)
}

/// Writes the PDF next to its final name and renames it into place, so an
/// interrupted print never leaves half a PDF where a whole one was.
fn write_atomically(out: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    let mut partial = out.as_os_str().to_owned();
    partial.push(".part");
    let partial = PathBuf::from(partial);
    let failed = || match lang {
        Lang::Zh => format!("无法写入 {}", out.display()),
        Lang::En => format!("cannot write {}", out.display()),
    };
    std::fs::write(&partial, bytes).with_context(failed)?;
    std::fs::rename(&partial, out).with_context(failed)?;
    Ok(())
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
