//! The mainland resident identity number of GB 11643-1999 (VECTORS.md §1).

use super::{Rule, Verdict};

/// The day against which an 18-digit birth date counts as "in the future".
///
/// The spec fixes this date instead of using today's date so that a verdict
/// never changes with the clock: the test vectors stay valid forever, two
/// gates never disagree about the same number, and the core keeps no clock.
pub const ID_REFERENCE_DATE: (u32, u32, u32) = (2026, 11, 24);

/// Province codes (the first two digits) that GB 11643 assigns, including the
/// HK/MO/TW residence permits (81/82/83) and foreigners' permanent residence
/// cards (91), which use the same number format.
const PROVINCE_CODES: &[u32] = &[
    11, 12, 13, 14, 15, // 华北
    21, 22, 23, // 东北
    31, 32, 33, 34, 35, 36, 37, // 华东
    41, 42, 43, 44, 45, 46, // 中南
    50, 51, 52, 53, 54, // 西南
    61, 62, 63, 64, 65, // 西北
    71, 81, 82, 83, // 台湾、香港、澳门、港澳台居民居住证
    91, // 外国人永久居留身份证
];

/// The ISO 7064 MOD 11-2 weights of the first 17 digits.
const CHECK_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each value of the weighted sum modulo 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Validates a mainland identity number exactly as VECTORS.md §1 says.
///
/// Nothing is trimmed: a stray space is something the volunteer should see
/// and fix rather than something we silently repair. The only normalisation
/// is an upper-case check character `X`.
///
/// Rules, first failure wins: empty → `bad_length`; a character other than an
/// ASCII digit or a final `X`/`x` → `bad_chars`; length not 15 or 18 →
/// `bad_length`; 15 characters ending in `X` → `bad_chars`; unknown province
/// → `bad_province`; impossible birth date or year before 1900 → `bad_date`;
/// 18-digit birth date after [`ID_REFERENCE_DATE`] → `future_date`; wrong
/// check character → `bad_checksum`. Valid reasons: `ok_legacy15`,
/// `ok_lowercase_x`, `ok`.
pub fn cn_id(input: &str) -> Verdict {
    Verdict::from_result(check(input))
}

fn check(input: &str) -> Result<Verdict, Rule> {
    if input.is_empty() {
        return Err(Rule::BadLength);
    }
    let chars: Vec<char> = input.chars().collect();
    let last = chars.len() - 1;
    let allowed =
        |(i, c): (usize, &char)| c.is_ascii_digit() || (i == last && matches!(c, 'X' | 'x'));
    if !chars.iter().enumerate().all(allowed) {
        return Err(Rule::BadChars);
    }
    // From here on every character is ASCII, so byte and char positions agree.
    let bytes = input.as_bytes();
    let legacy = match bytes.len() {
        15 => true,
        18 => false,
        _ => return Err(Rule::BadLength),
    };
    if legacy && !bytes[14].is_ascii_digit() {
        return Err(Rule::BadChars);
    }

    if !PROVINCE_CODES.contains(&number(&bytes[0..2])) {
        return Err(Rule::BadProvince);
    }

    let birth = if legacy {
        (
            1900 + number(&bytes[6..8]),
            number(&bytes[8..10]),
            number(&bytes[10..12]),
        )
    } else {
        (
            number(&bytes[6..10]),
            number(&bytes[10..12]),
            number(&bytes[12..14]),
        )
    };
    if !is_real_date(birth) || birth.0 < 1900 {
        return Err(Rule::BadDate);
    }

    if legacy {
        // Legacy numbers predate the check character and were issued long
        // before the reference date, so there is nothing more to check.
        return Ok(Verdict::accept(input, Rule::OkLegacy15));
    }

    if birth > ID_REFERENCE_DATE {
        return Err(Rule::FutureDate);
    }

    let expected = check_character(&input[..17]).ok_or(Rule::BadChars)?;
    if char::from(bytes[17].to_ascii_uppercase()) != expected {
        return Err(Rule::BadChecksum);
    }

    if bytes[17] == b'x' {
        Ok(Verdict::accept(
            input.to_ascii_uppercase(),
            Rule::OkLowercaseX,
        ))
    } else {
        Ok(Verdict::accept(input, Rule::Ok))
    }
}

/// The check character (ISO 7064 MOD 11-2) that completes the first 17
/// digits of an 18-digit number: `0`–`9` or `X`. `None` unless given exactly
/// 17 ASCII digits. Tools that make test ledgers or templates use it to
/// write numbers that pass [`cn_id`].
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(CHECK_WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// Reads a run of ASCII digits as a number; callers pass at most four digits.
fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// Whether `(year, month, day)` names a day of the proleptic Gregorian calendar.
pub(super) fn is_real_date((year, month, day): (u32, u32, u32)) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid 18-digit number from its first 17 digits by appending
    /// the check character, so the tests below can target one rule at a time.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    #[test]
    fn the_check_character_completes_known_numbers_and_needs_17_digits() {
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(check_character("44030519800101001"), Some('3'));
        assert_eq!(check_character("1101051949123100"), None);
        assert_eq!(check_character("1101051949123100A"), None);
    }

    #[test]
    fn rules_in_spec_order() {
        let cases: &[(&str, bool, &str)] = &[
            ("", false, "bad_length"),
            ("11010519491231002X", true, "ok"),
            ("11010519491231002x", true, "ok_lowercase_x"),
            ("110105491231002", true, "ok_legacy15"),
            // Characters come before length, so a short number with a letter is bad_chars.
            ("1101A5", false, "bad_chars"),
            ("X10105491231002", false, "bad_chars"),
            ("11010519491231002X ", false, "bad_chars"),
            (" 11010519491231002X", false, "bad_chars"),
            ("11010519491231002Ｘ", false, "bad_chars"),
            ("１10105491231002", false, "bad_chars"),
            ("1101051949123100", false, "bad_length"),
            ("1101051949123100211", false, "bad_length"),
            ("1101051949123100X", false, "bad_length"),
            ("11010549123100X", false, "bad_chars"),
            ("11010549123100x", false, "bad_chars"),
            ("100105491231002", false, "bad_province"),
            ("920105491231002", false, "bad_province"),
            ("910105491231002", true, "ok_legacy15"),
            ("830105491231002", true, "ok_legacy15"),
        ];
        for (input, valid, reason) in cases {
            let verdict = cn_id(input);
            assert_eq!(
                (verdict.valid, verdict.reason.code()),
                (*valid, *reason),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn birth_dates_follow_the_gregorian_calendar() {
        let cases: &[(&str, &str)] = &[
            ("19000228", "ok"),
            ("19000229", "bad_date"), // 1900 is divisible by 100 but not 400
            ("20000229", "ok"),       // 2000 is divisible by 400
            ("20040229", "ok"),
            ("20230229", "bad_date"),
            ("19850230", "bad_date"),
            ("19850431", "bad_date"),
            ("19850430", "ok"),
            ("19850001", "bad_date"),
            ("19851301", "bad_date"),
            ("19850100", "bad_date"),
            ("19850132", "bad_date"),
            ("18991231", "bad_date"),
            ("00000101", "bad_date"),
        ];
        for (date, reason) in cases {
            let id = with_check(&format!("110105{date}004"));
            assert_eq!(cn_id(&id).reason, *reason, "birth date {date}");
        }
    }

    #[test]
    fn legacy_numbers_are_in_the_1900s() {
        let cases: &[(&str, &str)] = &[
            ("110105000228123", "ok_legacy15"),
            ("110105000229123", "bad_date"), // 1900-02-29 does not exist
            ("110105960229123", "ok_legacy15"),
            ("110105991301123", "bad_date"),
            ("110105990100123", "bad_date"),
        ];
        for (input, reason) in cases {
            assert_eq!(cn_id(input).reason, *reason, "input {input:?}");
        }
    }

    #[test]
    fn the_reference_date_itself_is_not_in_the_future() {
        let (y, m, d) = ID_REFERENCE_DATE;
        assert_eq!(
            cn_id(&with_check(&format!("110105{y:04}{m:02}{d:02}001"))).reason,
            "ok"
        );
        assert_eq!(
            cn_id(&with_check(&format!("110105{y:04}{m:02}{:02}001", d + 1))).reason,
            "future_date"
        );
        assert_eq!(
            cn_id(&with_check("11010520990101001")).reason,
            "future_date"
        );
    }

    #[test]
    fn future_date_is_checked_before_the_check_character() {
        let good = with_check("11010520300101001");
        let mut wrong = good.clone();
        let last = if good.ends_with('0') { '1' } else { '0' };
        wrong.replace_range(17.., &last.to_string());
        assert_eq!(cn_id(&wrong).reason, "future_date");
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let good = with_check("11010519491231002");
        for candidate in "0123456789X".chars() {
            let id = format!("{}{candidate}", &good[..17]);
            let expected = if id == good { "ok" } else { "bad_checksum" };
            assert_eq!(cn_id(&id).reason, expected, "input {id}");
        }
    }

    #[test]
    fn normalised_form_has_an_upper_case_x() {
        assert_eq!(
            cn_id("11010519491231002x").normalized.as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(
            cn_id("110105491231002").normalized.as_deref(),
            Some("110105491231002")
        );
        assert_eq!(cn_id("11010519491231002").normalized, None);
    }
}
