//! Mainland vehicle plates (VECTORS.md §3).

use super::{Rule, Verdict};

/// The one-character province abbreviations that start a civilian plate.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Characters that may end an ordinary-length plate instead of a serial
/// character: driving school, police, trailer, Hong Kong and Macao.
const SUFFIXES: &str = "学警挂港澳";

/// Letters that mark a new-energy serial (small cars lead with one, large
/// vehicles end with one).
const NEW_ENERGY: &str = "DABCEFGHJK";

/// Validates a mainland plate exactly as VECTORS.md §3 says.
///
/// Normalisation deletes ASCII spaces and the middle dot `·` (U+00B7) that
/// the physical plate shows after the authority letter, and upper-cases
/// ASCII letters; a lower-case `i`/`o` therefore still fails as `I`/`O`.
///
/// Rules, first failure wins: nothing left → `bad_length`; first character
/// not a province → `bad_province`; a serial character outside digits and
/// letters without `I`/`O` (the last may also be a suffix) → `bad_chars`;
/// length not 7 or 8 → `bad_length`; authority character not a letter →
/// `bad_format`; a suffix on an 8-character plate → `bad_length`; `港`/`澳`
/// anywhere but after `粤Z` → `bad_suffix`; an 8-character (new-energy)
/// serial that is neither `NEV ALNUM digit×4` nor `digit×5 NEV` →
/// `bad_format`. Valid reasons: `ok` when the input needed no normalisation,
/// else `ok_normalised`; the normalised value is the plate without spaces
/// and dots.
pub fn cn_plate(input: &str) -> Verdict {
    Verdict::from_result(check(input))
}

fn check(input: &str) -> Result<Verdict, Rule> {
    let plate: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{B7}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let s: Vec<char> = plate.chars().collect();
    let n = s.len();

    if n == 0 {
        return Err(Rule::BadLength);
    }
    if !PROVINCES.contains(s[0]) {
        return Err(Rule::BadProvince);
    }
    if n >= 2 {
        let (middle, last) = (&s[1..n - 1], s[n - 1]);
        if !middle.iter().all(|&c| is_alnum(c)) || !(is_alnum(last) || is_suffix(last)) {
            return Err(Rule::BadChars);
        }
    }
    if n != 7 && n != 8 {
        return Err(Rule::BadLength);
    }
    if !is_letter(s[1]) {
        return Err(Rule::BadFormat);
    }

    let last = s[n - 1];
    if is_suffix(last) {
        if n != 7 {
            return Err(Rule::BadLength);
        }
        // Hong Kong and Macao cross-border plates are issued only by
        // Guangdong's authority `Z`; `学警挂` may follow any authority.
        if matches!(last, '港' | '澳') && !plate.starts_with("粤Z") {
            return Err(Rule::BadSuffix);
        }
    } else if n == 8 && !is_new_energy_serial(&s[2..]) {
        return Err(Rule::BadFormat);
    }

    let reason = if plate == input {
        Rule::Ok
    } else {
        Rule::OkNormalised
    };
    Ok(Verdict::accept(plate, reason))
}

/// A letter of the plate alphabet: `I` and `O` are never used because they
/// read like `1` and `0`.
fn is_letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c)
}

fn is_suffix(c: char) -> bool {
    SUFFIXES.contains(c)
}

fn is_new_energy_letter(c: char) -> bool {
    NEW_ENERGY.contains(c)
}

/// The six serial characters of a new-energy plate: small cars are
/// `NEV ALNUM digit×4`, large vehicles `digit×5 NEV`.
fn is_new_energy_serial(serial: &[char]) -> bool {
    let digits = |chars: &[char]| chars.iter().all(char::is_ascii_digit);
    let small_car = match serial {
        [first, second, rest @ ..] => {
            rest.len() == 4 && is_new_energy_letter(*first) && is_alnum(*second) && digits(rest)
        }
        _ => false,
    };
    let large_vehicle = match serial {
        [head @ .., last] => head.len() == 5 && digits(head) && is_new_energy_letter(*last),
        _ => false,
    };
    small_car || large_vehicle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_spec_order() {
        let cases: &[(&str, bool, &str)] = &[
            ("京A12345", true, "ok"),
            ("京A·12345", true, "ok_normalised"),
            ("京a 12345", true, "ok_normalised"),
            ("", false, "bad_length"),
            (" · ", false, "bad_length"),
            ("京", false, "bad_length"),
            ("京A", false, "bad_length"),
            ("北A12345", false, "bad_province"),
            ("A12345", false, "bad_province"),
            ("台A12345", false, "bad_province"),
            // Lower-case i/o become I/O after normalisation and are still rejected.
            ("京Ai2345", false, "bad_chars"),
            ("京AO2345", false, "bad_chars"),
            ("京A1234o", false, "bad_chars"),
            ("京A-12345", false, "bad_chars"),
            ("京A•12345", false, "bad_chars"),
            ("京Ａ12345", false, "bad_chars"),
            ("京A领1234", false, "bad_chars"),
            // A suffix is only allowed in the last position.
            ("京A学1234", false, "bad_chars"),
            ("京A\t12345", false, "bad_chars"),
            ("京A1234", false, "bad_length"),
            ("京A1234567", false, "bad_length"),
            ("京112345", false, "bad_format"),
            ("京A1234学", true, "ok"),
            ("京A1234警", true, "ok"),
            ("京A1234挂", true, "ok"),
            ("粤Z1234学", true, "ok"),
            ("京AB1234C", false, "bad_format"),
            ("京AB12345", true, "ok"),
        ];
        for (input, valid, reason) in cases {
            let verdict = cn_plate(input);
            assert_eq!(
                (verdict.valid, verdict.reason.code()),
                (*valid, *reason),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn hong_kong_and_macao_only_after_guangdong_z() {
        let cases: &[(&str, &str)] = &[
            ("粤Z1234港", "ok"),
            ("粤Z1234澳", "ok"),
            ("粤z 1234澳", "ok_normalised"),
            ("粤A1234港", "bad_suffix"),
            ("京Z1234澳", "bad_suffix"),
            ("京A1234港", "bad_suffix"),
            // The suffix makes the plate 8 long: length is checked before the suffix kind.
            ("粤Z12345港", "bad_length"),
            ("京A12345学", "bad_length"),
        ];
        for (input, reason) in cases {
            assert_eq!(cn_plate(input).reason, *reason, "input {input:?}");
        }
    }

    #[test]
    fn new_energy_serials() {
        let cases: &[(&str, &str)] = &[
            ("沪AD12345", "ok"),
            ("沪ADF1234", "ok"),
            ("沪AK91234", "ok"),
            ("粤B12345F", "ok"),
            ("粤B12345D", "ok"),
            ("沪AL12345", "bad_format"), // L is not a new-energy letter
            ("沪AD1234A", "bad_format"), // small car must end in four digits
            ("粤B12345L", "bad_format"),
            ("粤B1234AF", "bad_format"), // large vehicle needs five digits
            ("京A123456", "bad_format"),
            ("京ADE1234", "ok"),
        ];
        for (input, reason) in cases {
            assert_eq!(cn_plate(input).reason, *reason, "input {input:?}");
        }
    }

    #[test]
    fn only_the_latin_middle_dot_is_removed() {
        assert_eq!(cn_plate("京A\u{B7}12345").reason, "ok_normalised");
        assert_eq!(cn_plate("京A\u{2022}12345").reason, "bad_chars");
        assert_eq!(cn_plate("京A\u{30FB}12345").reason, "bad_chars");
        assert_eq!(cn_plate("京A\u{3000}12345").reason, "bad_chars");
    }

    #[test]
    fn normalised_value_is_the_compact_upper_case_plate() {
        assert_eq!(
            cn_plate(" 京a·1b 345 ").normalized.as_deref(),
            Some("京A1B345")
        );
    }
}
