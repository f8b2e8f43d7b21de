//! Identity documents other than the mainland ID card, checked cheaply.
//!
//! Permits and passports carry no check character we could verify offline,
//! so these rules only catch what a volunteer most often gets wrong: a
//! stray character, a missing digit, or a number typed into the wrong kind.

use super::{Rule, Verdict, cn_id};
use crate::domain::DocumentType;

/// Validates a document number of the given kind.
///
/// - [`DocumentType::MainlandId`]: exactly [`cn_id`] (VECTORS.md §1), which
///   also covers the HK/MO/TW residence permits and foreigners' permanent
///   residence cards because they share that number format.
/// - [`DocumentType::HkMoTwPermit`]: after trimming whitespace and
///   upper-casing ASCII letters, one of
///   - 往来港澳通行证 (mainland residents to HK/MO): `C` + 8 digits, or `C` +
///     a letter + 7 digits;
///   - 港澳居民来往内地通行证 (回乡证): `H` or `M` + 8 or 10 digits;
///   - 台湾居民来往大陆通行证 (台胞证): 8 or 10 digits.
/// - [`DocumentType::Passport`]: after trimming and upper-casing, 5 to 17
///   ASCII letters and digits with at least one digit (issuing countries
///   differ too much for a tighter rule that would not refuse real travellers).
///
/// Reasons for the permit and the passport, first failure wins: nothing left
/// → `bad_length`; a character other than an ASCII letter or digit →
/// `bad_chars`; a length no format of the kind has → `bad_length`; right
/// length but wrong shape → `bad_format`. Valid reasons: `ok` when the input
/// was already in stored form, else `ok_normalised`.
pub fn document(kind: DocumentType, input: &str) -> Verdict {
    match kind {
        DocumentType::MainlandId => cn_id(input),
        DocumentType::HkMoTwPermit => Verdict::from_result(check(input, &PERMIT)),
        DocumentType::Passport => Verdict::from_result(check(input, &PASSPORT)),
    }
}

/// The length and shape rules of one document kind.
struct Rules {
    lengths: std::ops::RangeInclusive<usize>,
    shape: fn(&[u8]) -> bool,
}

/// Permit numbers are 8 (台胞证), 9 (`C…`, `H`/`M` + 8) or 11 (`H`/`M` + 10)
/// characters long; 10 is the long 台胞证.
const PERMIT: Rules = Rules {
    lengths: 8..=11,
    shape: is_permit,
};

const PASSPORT: Rules = Rules {
    lengths: 5..=17,
    shape: |number| number.iter().any(u8::is_ascii_digit),
};

fn check(input: &str, rules: &Rules) -> Result<Verdict, Rule> {
    let number = input.trim().to_ascii_uppercase();
    if number.is_empty() {
        return Err(Rule::BadLength);
    }
    if !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Rule::BadChars);
    }
    if !rules.lengths.contains(&number.len()) {
        return Err(Rule::BadLength);
    }
    if !(rules.shape)(number.as_bytes()) {
        return Err(Rule::BadFormat);
    }
    let reason = if number == input {
        Rule::Ok
    } else {
        Rule::OkNormalised
    };
    Ok(Verdict::accept(number, reason))
}

fn is_permit(number: &[u8]) -> bool {
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    match number {
        // 往来港澳通行证: C + 8 digits, or C + letter + 7 digits.
        [b'C', rest @ ..] if rest.len() == 8 => {
            digits(rest) || (rest[0].is_ascii_uppercase() && digits(&rest[1..]))
        }
        // 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 or 10 digits.
        [b'H' | b'M', rest @ ..] => matches!(rest.len(), 8 | 10) && digits(rest),
        // 台湾居民来往大陆通行证: 8 or 10 digits.
        _ => matches!(number.len(), 8 | 10) && digits(number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mainland_id_is_cn_id() {
        for input in [
            "11010519491231002X",
            "11010519491231002x",
            "110105491231002",
            "1",
            "",
        ] {
            assert_eq!(document(DocumentType::MainlandId, input), cn_id(input));
        }
    }

    #[test]
    fn permits() {
        let cases: &[(&str, bool, &str, Option<&str>)] = &[
            ("C12345678", true, "ok", Some("C12345678")),
            ("CA1234567", true, "ok", Some("CA1234567")),
            ("ca1234567", true, "ok_normalised", Some("CA1234567")),
            (" C12345678 ", true, "ok_normalised", Some("C12345678")),
            ("H12345678", true, "ok", Some("H12345678")),
            ("M1234567890", true, "ok", Some("M1234567890")),
            ("h1234567890", true, "ok_normalised", Some("H1234567890")),
            ("12345678", true, "ok", Some("12345678")),
            ("1234567890", true, "ok", Some("1234567890")),
            ("", false, "bad_length", None),
            ("   ", false, "bad_length", None),
            ("C1234 5678", false, "bad_chars", None),
            ("C-12345678", false, "bad_chars", None),
            ("Ｃ12345678", false, "bad_chars", None),
            ("C123456", false, "bad_length", None),
            ("H123456789012", false, "bad_length", None),
            ("CAB123456", false, "bad_format", None),
            ("C1234567A", false, "bad_format", None),
            ("H123456789", false, "bad_format", None),
            ("M123456789", false, "bad_format", None),
            ("X12345678", false, "bad_format", None),
            ("123456789", false, "bad_format", None),
            ("12345678901", false, "bad_format", None),
            ("C1234567890", false, "bad_format", None),
        ];
        for (input, valid, reason, normalized) in cases {
            let verdict = document(DocumentType::HkMoTwPermit, input);
            assert_eq!(
                (
                    verdict.valid,
                    verdict.reason.code(),
                    verdict.normalized.as_deref()
                ),
                (*valid, *reason, *normalized),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn passports() {
        let cases: &[(&str, bool, &str)] = &[
            ("E12345678", true, "ok"),
            ("e12345678", true, "ok_normalised"),
            ("G1234", true, "ok"),
            ("12345", true, "ok"),
            ("A1234567890123456", true, "ok"),
            ("", false, "bad_length"),
            ("E1234 5678", false, "bad_chars"),
            ("E1234-5678", false, "bad_chars"),
            ("É12345678", false, "bad_chars"),
            ("G123", false, "bad_length"),
            ("A12345678901234567", false, "bad_length"),
            ("ABCDEFGH", false, "bad_format"),
        ];
        for (input, valid, reason) in cases {
            let verdict = document(DocumentType::Passport, input);
            assert_eq!(
                (verdict.valid, verdict.reason.code()),
                (*valid, *reason),
                "input {input:?}"
            );
        }
    }
}
