//! A pass never carries the holder's ID number or phone (DESIGN §4).

mod pass_common;

use kakou_core::domain::{DocumentType, Person};
use kakou_core::pass::{PassClaims, decode, issue, key_id_for};
use pass_common::*;

fn person() -> Person {
    Person {
        name: "张三".into(),
        document_type: DocumentType::MainlandId,
        document_number: "11010119900307123X".into(),
        phone: Some("13800138000".into()),
        household_id: 305,
        category: kakou_core::domain::Category::Resident,
    }
}

/// How the shell turns a ledger person into claims: only the name, the
/// household number and the category cross over.
fn claims_for(person: &Person) -> PassClaims {
    PassClaims {
        serial: 1024,
        key_id: key_id_for(our_key().verifying_key().as_bytes()),
        category: person.category,
        returned_until: None,
        household_ref: u32::try_from(person.household_id).unwrap(),
        holder: person.name.clone(),
        valid_from: date(2026, 11, 1),
        valid_until: date(2027, 1, 31),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn the_claims_have_no_field_for_an_id_number_phone_or_address() {
    // Structural: the serialized claims have exactly these fields. Adding a
    // field to PassClaims fails this test and forces a privacy review.
    let value = serde_json::to_value(claims_for(&person())).unwrap();
    let mut fields: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "category",
            "holder",
            "household_ref",
            "key_id",
            "returned_until",
            "serial",
            "valid_from",
            "valid_until"
        ]
    );
}

#[test]
fn the_issued_bytes_contain_no_id_number_or_phone_in_any_encoding_we_could_use() {
    let person = person();
    let text = issue(&claims_for(&person), &our_key()).unwrap();
    let pass = decode(&text).unwrap();
    let mut bytes = pass.signed_bytes.clone();
    bytes.extend_from_slice(&pass.signature);

    let id = person.document_number.as_str();
    let phone = person.phone.as_deref().unwrap();
    let id_digits = &id[..17];
    let id_number: u64 = id_digits.parse().unwrap();
    let phone_number: u64 = phone.parse().unwrap();
    for needle in [
        id.as_bytes(),
        id_digits.as_bytes(),
        &id.as_bytes()[6..14], // the birth date inside the ID number
        phone.as_bytes(),
        &phone.as_bytes()[3..], // the last eight digits
        &id_number.to_be_bytes()[1..],
        &id_number.to_le_bytes()[..7],
        &phone_number.to_be_bytes()[3..],
        &phone_number.to_le_bytes()[..5],
    ] {
        assert!(
            !contains(&bytes, needle),
            "found {needle:?} in the pass bytes"
        );
    }
    for needle in [id, id_digits, phone, &phone[3..]] {
        assert!(!text.contains(needle), "found {needle} in the pass text");
    }
    // And the claims that come back are only the holder's name and household.
    assert_eq!(pass.claims, claims_for(&person));
    assert!(!format!("{:?}", pass.claims).contains(id_digits));
    assert!(!format!("{:?}", pass.claims).contains(phone));
}
