//! Finding full personal numbers in any text: the check that no screen,
//! report, export or log line leaks an ID number or a phone.
//!
//! A hit is a number *as a person would write it*: a mainland ID number of 18
//! characters whose check character is right (GB 11643), or an 11-digit
//! mobile number with an allocated prefix, optionally with the `+86`, `86`
//! or `0086` country code, in ASCII or full-width digits, whole or in the
//! usual groups (`138 0013 8000`, `138-0013-8000`, `110105 19491231 002X`).
//!
//! A digit run that is longer than the number, or glued to Latin letters, is
//! part of something else — a timestamp, a serial, a hex UUID, a Base45 pass —
//! and is not a hit: otherwise every export of passage ids would report
//! phantom phones. Masked forms (`138****8000`) are never hits.

use std::ops::Range;

use crate::validate::{check_character, cn_id, cn_mobile};

/// Which kind of personal number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonalNumber {
    IdNumber,
    Mobile,
}

impl PersonalNumber {
    pub fn code(self) -> &'static str {
        match self {
            PersonalNumber::IdNumber => "id_number",
            PersonalNumber::Mobile => "mobile",
        }
    }
}

/// One full personal number in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: PersonalNumber,
    /// Where it stands in the text, in bytes, including its separators and a
    /// country code, so that replacing the range removes all of it.
    pub range: Range<usize>,
    /// The number in its stored form: 18 ASCII characters with an upper-case
    /// `X`, or the bare 11 digits of a mobile number.
    pub number: String,
}

/// Every full ID number and mobile number in `text`, in order, never
/// overlapping.
pub fn find_personal_numbers(text: &str) -> Vec<Found> {
    let groups = digit_groups(text);
    let mut candidates = Vec::new();
    for first in 0..groups.len() {
        let mut last = first;
        loop {
            if let Some(found) = candidate(text, &groups[first..=last]) {
                candidates.push(found);
            }
            // Windows longer than four groups match no written form.
            if last + 1 >= groups.len() || last - first == 3 || !groups[last].linked_to_next {
                break;
            }
            last += 1;
        }
    }
    // The widest reading of a place wins (`+86 138 0013 8000` over its last
    // three groups), so masking removes the country code as well.
    candidates.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut found: Vec<Found> = Vec::new();
    for c in candidates {
        if found
            .last()
            .is_none_or(|kept| c.range.start >= kept.range.end)
        {
            found.push(c);
        }
    }
    found
}

/// A maximal run of digits (ASCII or full-width), plus a final `X` where an
/// ID number's check character can stand.
#[derive(Debug)]
struct Group {
    range: Range<usize>,
    /// The run in ASCII, `X` upper-case.
    digits: String,
    glued_left: bool,
    glued_right: bool,
    /// Exactly one separator stands between this group and the next.
    linked_to_next: bool,
}

fn digit_groups(text: &str) -> Vec<Group> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_end = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while let Some(d) = chars.get(i).and_then(|(_, c)| ascii_digit(*c)) {
            digits.push(d);
            i += 1;
        }
        // The check character `X` ends a whole number (17 digits before it)
        // or the last group of the written form `110105 19491231 002X`.
        if matches!(digits.len(), 17 | 3) && chars.get(i).is_some_and(|(_, c)| is_x(*c)) {
            digits.push('X');
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i).map(|(_, c)| *c);
        let linked_to_next = !digits.ends_with('X')
            && after.is_some_and(is_separator)
            && chars
                .get(i + 1)
                .is_some_and(|(_, c)| ascii_digit(*c).is_some());
        groups.push(Group {
            range: chars[start].0..byte_end(i),
            digits,
            glued_left: before.is_some_and(is_latin_letter),
            glued_right: after.is_some_and(|c| is_latin_letter(c) || ascii_digit(c).is_some()),
            linked_to_next,
        });
    }
    groups
}

/// Reads consecutive linked groups as one written number, if they are one.
fn candidate(text: &str, window: &[Group]) -> Option<Found> {
    let (first, last) = (window.first()?, window.last()?);
    if first.glued_left || last.glued_right {
        return None;
    }
    let lengths: Vec<usize> = window.iter().map(|g| g.digits.len()).collect();
    let compact: String = window.iter().map(|g| g.digits.as_str()).collect();
    let mut range = first.range.clone();
    range.end = last.range.end;

    let id_forms: [&[usize]; 2] = [&[18], &[6, 8, 4]];
    if id_forms.contains(&lengths.as_slice()) && is_full_id_number(&compact) {
        return Some(Found {
            kind: PersonalNumber::IdNumber,
            range,
            number: compact,
        });
    }

    // A country code is either its own group (`86 138…`) or the start of
    // the only group (`8613800138000`).
    let (code, rest_lengths): (&str, Vec<usize>) = match lengths.as_slice() {
        [n] if *n == 13 && compact.starts_with("86") => ("86", vec![11]),
        [n] if *n == 15 && compact.starts_with("0086") => ("0086", vec![11]),
        [_, rest @ ..] if first.digits == "86" || first.digits == "0086" => {
            (first.digits.as_str(), rest.to_vec())
        }
        _ => ("", lengths.clone()),
    };
    let number = &compact[code.len()..];
    let mobile_forms: [&[usize]; 2] = [&[11], &[3, 4, 4]];
    if !mobile_forms.contains(&rest_lengths.as_slice()) || !cn_mobile(number).valid {
        return None;
    }
    if !code.is_empty() {
        let plus = text[..range.start]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '+' | '＋'));
        if let Some(plus) = plus {
            range.start -= plus.len_utf8();
        }
    }
    Some(Found {
        kind: PersonalNumber::Mobile,
        range,
        number: number.to_string(),
    })
}

/// Whether 18 characters are a real ID number: a known province, a real
/// birth date and the right check character. A birth date after the
/// validators' reference day still counts here, because the scanner must
/// find every number a person could have typed, including tomorrow's.
fn is_full_id_number(number: &str) -> bool {
    let verdict = cn_id(number);
    verdict.valid
        || (verdict.reason == "future_date"
            && check_character(&number[..17]) == number.chars().nth(17))
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '\u{a0}' | '\u{3000}' | '－' | '‐' | '–' | '—'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010519491231002X";
    const PHONE: &str = "13800138000";

    /// (text, the numbers that must be found in order as (kind, number)).
    fn cases() -> Vec<(String, Vec<(PersonalNumber, &'static str)>)> {
        use PersonalNumber::{IdNumber, Mobile};
        let id = |s: &str| s.replace("{ID}", ID).replace("{P}", PHONE);
        vec![
            // True positives: the numbers as people and programs write them.
            (id("{ID}"), vec![(IdNumber, ID)]),
            (id("{P}"), vec![(Mobile, PHONE)]),
            (
                id("身份证{ID}，电话{P}。"),
                vec![(IdNumber, ID), (Mobile, PHONE)],
            ),
            (
                id("\"id_number\":\"{ID}\",\"phone\":\"{P}\""),
                vec![(IdNumber, ID), (Mobile, PHONE)],
            ),
            ("11010519491231002x".into(), vec![(IdNumber, ID)]),
            (
                "１１０１０５１９４９１２３１００２Ｘ".into(),
                vec![(IdNumber, ID)],
            ),
            ("１３８００１３８０００".into(), vec![(Mobile, PHONE)]),
            ("１38００13８000".into(), vec![(Mobile, PHONE)]),
            ("138 0013 8000".into(), vec![(Mobile, PHONE)]),
            ("138-0013-8000".into(), vec![(Mobile, PHONE)]),
            ("+86 138 0013 8000".into(), vec![(Mobile, PHONE)]),
            ("+8613800138000".into(), vec![(Mobile, PHONE)]),
            ("008613800138000".into(), vec![(Mobile, PHONE)]),
            ("110105 19491231 002X".into(), vec![(IdNumber, ID)]),
            (
                "110101199003071233".into(),
                vec![(IdNumber, "110101199003071233")],
            ),
            (id("{P},{P}"), vec![(Mobile, PHONE), (Mobile, PHONE)]),
            (id("row 12: {P}_x.csv"), vec![(Mobile, PHONE)]),
            (id("2026-11-24 {P}"), vec![(Mobile, PHONE)]),
            // False positives that must stay quiet.
            ("138****8000".into(), vec![]),
            ("110105********002X".into(), vec![]),
            ("110105194912310021".into(), vec![]), // wrong check character
            ("12300138000".into(), vec![]),        // no such mobile prefix
            (id("9{P}"), vec![]),                  // inside a longer run
            (id("{P}1"), vec![]),
            (id("1{ID}"), vec![]),
            (id("{ID}7"), vec![]),
            ("20261124080012345678".into(), vec![]),
            (id("0193a1b2-7c3d-7a1e-9f00-a{P}"), vec![]), // hex UUID tail
            (id("KK1:AB{P}CD"), vec![]),                  // Base45 text
            ("138 00138 000".into(), vec![]),             // not a written grouping
            ("1380 013 8000".into(), vec![]),
            ("2026-11-24 08:00:00+08:00".into(), vec![]),
            ("".into(), vec![]),
        ]
    }

    #[test]
    fn finds_full_numbers_and_only_those() {
        for (text, expected) in cases() {
            let found: Vec<(PersonalNumber, String)> = find_personal_numbers(&text)
                .into_iter()
                .map(|f| (f.kind, f.number))
                .collect();
            let expected: Vec<(PersonalNumber, String)> = expected
                .into_iter()
                .map(|(k, n)| (k, n.to_string()))
                .collect();
            assert_eq!(found, expected, "in {text:?}");
        }
    }

    #[test]
    fn the_range_covers_the_whole_written_number() {
        let text = "call +86 138 0013 8000 now";
        let found = find_personal_numbers(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "+86 138 0013 8000");

        let text = "证号：１１０１０５１９４９１２３１００２Ｘ。";
        let found = find_personal_numbers(text);
        assert_eq!(
            &text[found[0].range.clone()],
            "１１０１０５１９４９１２３１００２Ｘ"
        );
    }

    #[test]
    fn every_valid_id_check_character_is_found() {
        // One number for each of the eleven check characters, so that `X`
        // and `0` are exercised next to the digits.
        let mut seen = std::collections::BTreeSet::new();
        for seq in 0..400u32 {
            let first17 = format!("11010519491231{seq:03}");
            let check = check_character(&first17).unwrap();
            let number = format!("{first17}{check}");
            let found = find_personal_numbers(&format!("id {number} ok"));
            assert_eq!(found.len(), 1, "{number}");
            assert_eq!(found[0].number, number);
            seen.insert(check);
        }
        assert_eq!(seen.len(), 11);
    }
}
