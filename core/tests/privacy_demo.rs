//! The personal-number scanner over the whole demo community and its day:
//! every valid ID number and phone of the inputs is found, and nothing else
//! is — not in 3,455 lines of pass texts, timestamps and plates.

use std::collections::BTreeSet;
use std::path::PathBuf;

use kakou_core::privacy::{PersonalNumber, find_personal_numbers, mask_text};
use kakou_core::validate::{cn_id, cn_mobile};

fn demo(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../demo")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn found(text: &str) -> BTreeSet<(PersonalNumber, String)> {
    find_personal_numbers(text)
        .into_iter()
        .map(|f| (f.kind, f.number))
        .collect()
}

/// The numbers a validator accepts among `(kind, typed value)` pairs.
fn valid(
    values: impl IntoIterator<Item = (PersonalNumber, String)>,
) -> BTreeSet<(PersonalNumber, String)> {
    values
        .into_iter()
        .filter_map(|(kind, value)| {
            let verdict = match kind {
                PersonalNumber::IdNumber => cn_id(&value),
                PersonalNumber::Mobile => cn_mobile(&value),
            };
            // Legacy 15-digit numbers have no check character; the scanner
            // looks for full 18-character numbers only.
            (verdict.valid && verdict.reason != "ok_legacy15")
                .then(|| (kind, verdict.normalized.unwrap()))
        })
        .collect()
}

#[test]
fn every_number_of_the_ledger_is_found_and_masked() {
    let text = demo("ledger.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut typed = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        typed.push((PersonalNumber::IdNumber, row[5].to_string()));
        typed.push((PersonalNumber::Mobile, row[6].to_string()));
    }
    let expected = valid(typed);
    assert!(
        expected.len() > 1000,
        "the demo ledger has {} numbers",
        expected.len()
    );
    assert_eq!(found(&text), expected);
    assert!(find_personal_numbers(&mask_text(&text)).is_empty());
}

#[test]
fn the_demo_day_holds_exactly_the_numbers_people_typed() {
    let text = demo("scenario.jsonl");
    let mut typed = Vec::new();
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let person = value
            .get("visitor")
            .or_else(|| value.get("vehicle").and_then(|v| v.get("driver")));
        if let Some(person) = person {
            for (kind, field) in [
                (PersonalNumber::IdNumber, "id_number"),
                (PersonalNumber::Mobile, "phone"),
            ] {
                if let Some(s) = person.get(field).and_then(|v| v.as_str()) {
                    typed.push((kind, s.to_string()));
                }
            }
        }
    }
    let expected = valid(typed);
    assert!(
        expected.len() > 500,
        "the demo day has {} numbers",
        expected.len()
    );
    assert_eq!(found(&text), expected);
    assert!(find_personal_numbers(&mask_text(&text)).is_empty());
}
