//! Any single-character change to a valid pass text is caught.

mod pass_common;

use kakou_core::pass::{PassCheck, issue, verify};
use pass_common::*;

/// Replacement characters: a spread of the Base45 alphabet (digits, letters,
/// the space and symbols), plus characters outside it.
/// The list is kept short because every change that still decodes costs a
/// signature check, which is slow in an unoptimised test build.
const REPLACEMENTS: &[char] = &[
    '0', '5', 'A', 'K', 'W', 'Z', ' ', '%', '+', '/', ':', 'a', '#', '张',
];

fn outcome(text: &str) -> PassCheck {
    verify(text, &trust(), OUR_COMMUNITY, never_revoked, today()).check
}

fn assert_caught(original: &str, tampered: &str, what: &str) {
    let check = outcome(tampered);
    assert!(
        matches!(
            check,
            PassCheck::Malformed | PassCheck::BadSignature | PassCheck::UnknownKey
        ),
        "{what}: {check:?}\noriginal {original:?}\ntampered {tampered:?}"
    );
}

/// Replaces every character of a fresh pass for `name` with each replacement.
fn every_single_character_change_is_caught(name: &str) {
    let text = issue(&claims(&our_key(), name), &our_key()).unwrap();
    assert_eq!(outcome(&text), PassCheck::Ok);
    let chars: Vec<char> = text.chars().collect();
    let mut tried = 0;
    for position in 0..chars.len() {
        for &replacement in REPLACEMENTS {
            if chars[position] == replacement {
                continue;
            }
            let mut tampered = chars.clone();
            tampered[position] = replacement;
            let tampered: String = tampered.into_iter().collect();
            assert_caught(&text, &tampered, &format!("{position} → {replacement:?}"));
            tried += 1;
        }
    }
    assert!(tried >= chars.len() * (REPLACEMENTS.len() - 1));
}

#[test]
fn changing_any_single_character_of_a_typical_pass_never_verifies() {
    every_single_character_change_is_caught("张三");
}

#[test]
fn changing_any_single_character_of_the_longest_pass_never_verifies() {
    every_single_character_change_is_caught(LONGEST_CJK_NAME);
}

#[test]
fn deleting_inserting_or_swapping_characters_never_verifies() {
    let text = issue(&claims(&our_key(), "张三"), &our_key()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for position in 0..chars.len() {
        let mut deleted = chars.clone();
        deleted.remove(position);
        let deleted: String = deleted.into_iter().collect();
        assert_caught(&text, &deleted, &format!("delete {position}"));

        let mut inserted = chars.clone();
        inserted.insert(position, '0');
        let inserted: String = inserted.into_iter().collect();
        assert_caught(&text, &inserted, &format!("insert at {position}"));

        if position + 1 < chars.len() && chars[position] != chars[position + 1] {
            let mut swapped = chars.clone();
            swapped.swap(position, position + 1);
            let swapped: String = swapped.into_iter().collect();
            assert_caught(&text, &swapped, &format!("swap {position}"));
        }
    }
    assert_caught(&text, &format!("{text}0"), "appended digit");
    assert_caught(&text, &format!("{text}00"), "appended pair");
    assert_caught(&text, &format!("{text}000"), "appended group");
}
