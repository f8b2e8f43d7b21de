//! The masked forms of personal numbers, as every screen, report, export and
//! log line shows them unless a lead unmasks one.

use super::scan::{PersonalNumber, find_personal_numbers};
use crate::domain::{VisitorInfo, mask_document_number};

/// Masks the middle four digits of a mobile number (`138****8000`), the form
/// Chinese apps and receipts print, so a volunteer can still tell two
/// numbers apart by their ends. Other lengths keep the first three and last
/// four characters when more than seven remain hidden-able, else everything
/// is masked: a short fragment is no safer shown whole.
pub fn mask_phone(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - 7;
    chars[..3]
        .iter()
        .chain(std::iter::repeat_n(&'*', hidden))
        .chain(&chars[chars.len() - 4..])
        .collect()
}

/// A visitor (or driver) with the ID number and phone masked, ready for a
/// screen or a file. The name stays: the volunteer calls people by it.
pub fn mask_visitor(visitor: &VisitorInfo) -> VisitorInfo {
    VisitorInfo {
        id_number: mask_document_number(&visitor.id_number),
        phone: mask_phone(&visitor.phone),
        ..visitor.clone()
    }
}

/// The text with every full ID number and mobile number it contains replaced
/// by its masked form. The shell passes free text through this before it
/// writes a log line or an export cell, so a number typed into the wrong box
/// ("from: 13800138000") does not leak either.
pub fn mask_text(text: &str) -> String {
    let found = find_personal_numbers(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for hit in found {
        out.push_str(&text[copied..hit.range.start]);
        out.push_str(&match hit.kind {
            PersonalNumber::IdNumber => mask_document_number(&hit.number),
            PersonalNumber::Mobile => mask_phone(&hit.number),
        });
        copied = hit.range.end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DocumentType;

    #[test]
    fn phones_keep_their_first_three_and_last_four_digits() {
        let cases = [
            ("13800138000", "138****8000"),
            ("1380013800", "138***3800"),
            ("12345678", "123*5678"),
            ("1234567", "*******"),
            ("", ""),
        ];
        for (number, masked) in cases {
            assert_eq!(mask_phone(number), masked, "{number}");
        }
    }

    #[test]
    fn a_masked_visitor_keeps_the_name_and_hides_the_numbers() {
        let visitor = VisitorInfo {
            name: "李四".into(),
            document_type: DocumentType::MainlandId,
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            from: "朝阳区".into(),
            visiting: "3-2-501".into(),
            household: Some(crate::domain::HouseholdRef {
                key_id: 9,
                number: 7,
            }),
        };
        let masked = mask_visitor(&visitor);
        assert_eq!(masked.id_number, "110105********002X");
        assert_eq!(masked.phone, "138****8000");
        assert_eq!(masked.name, "李四");
        assert_eq!(
            masked.household,
            Some(crate::domain::HouseholdRef {
                key_id: 9,
                number: 7
            })
        );
    }

    #[test]
    fn text_is_masked_wherever_a_full_number_stands() {
        let cases = [
            (
                "访客 李四 11010519491231002X 电话13800138000",
                "访客 李四 110105********002X 电话138****8000",
            ),
            ("tel: +86 138 0013 8000.", "tel: 138****8000."),
            ("１３８００１３８０００", "138****8000"),
            (
                "nothing here 2026-11-24 08:00",
                "nothing here 2026-11-24 08:00",
            ),
            ("already 138****8000", "already 138****8000"),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_text(text), masked, "{text}");
            assert!(find_personal_numbers(&mask_text(text)).is_empty());
        }
    }
}
