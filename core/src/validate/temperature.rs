//! Body temperatures typed as text (VECTORS.md §4).

use super::{Rule, Verdict};
use crate::domain::Temperature;

/// The lowest reading accepted, 34.0 °C: anything colder is a mis-measurement
/// (a cold forehead, a thermometer pointed at a sleeve), not a person.
const LOWEST: Temperature = Temperature(340);

/// The highest reading accepted, 43.0 °C: anything hotter is a typo or a
/// Fahrenheit reading such as 98.6.
const HIGHEST: Temperature = Temperature(430);

/// What reading a temperature string yielded and how much it had to be
/// tidied, so that [`temperature`] can choose its reason and
/// [`parse_temperature`] can share every rule without repeating them.
struct Reading {
    value: Temperature,
    /// Spaces or tabs were trimmed, or a comma served as decimal point.
    normalised: bool,
    /// More than one fractional digit was given.
    rounded: bool,
}

/// Validates a temperature reading exactly as VECTORS.md §4 says.
///
/// Rules, first failure wins: nothing left after trimming ASCII spaces and
/// tabs → `empty`; not `-?digits([.,]digits)?` → `bad_chars`; rounded to
/// one decimal (half up, in decimal arithmetic) outside 34.0–43.0 →
/// `out_of_range`. Valid reasons, first that applies: `fever` (rounded value
/// at or above `fever_at`, normally [`Temperature::DEFAULT_FEVER`]),
/// `ok_normalised` (trimmed or comma), `ok_rounded`, `ok`. The normalised
/// value is the rounded reading with one decimal, such as `36.5`.
pub fn temperature(input: &str, fever_at: Temperature) -> Verdict {
    match read(input) {
        Ok(reading) => {
            let reason = if reading.value >= fever_at {
                Rule::Fever
            } else if reading.normalised {
                Rule::OkNormalised
            } else if reading.rounded {
                Rule::OkRounded
            } else {
                Rule::Ok
            };
            Verdict::accept(reading.value.to_string(), reason)
        }
        Err(reason) => Verdict::reject(reason),
    }
}

/// The rounded reading of a temperature string, or the reason it is invalid
/// (`empty`, `bad_chars`, `out_of_range`), by the same rules as [`temperature`].
pub fn parse_temperature(input: &str) -> Result<Temperature, Rule> {
    read(input).map(|reading| reading.value)
}

fn read(input: &str) -> Result<Reading, Rule> {
    let trimmed = input.trim_matches([' ', '\t']);
    if trimmed.is_empty() {
        return Err(Rule::Empty);
    }

    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let (whole, fraction, comma) = match unsigned.find(['.', ',']) {
        Some(at) => (
            &unsigned[..at],
            &unsigned[at + 1..],
            unsigned.as_bytes()[at] == b',',
        ),
        // Without a separator the fraction is empty and reads as ".0".
        None => (unsigned, "", false),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let has_separator = whole.len() < unsigned.len();
    if !all_digits(whole) || (has_separator && !all_digits(fraction)) {
        return Err(Rule::BadChars);
    }

    let tenths = round_to_tenths(whole, fraction).ok_or(Rule::OutOfRange)?;
    // Every negative reading is below the range whichever way its last digit
    // rounds, so rounding the magnitude and then applying the sign is safe.
    let value = Temperature(if negative { -tenths } else { tenths });
    if !(LOWEST..=HIGHEST).contains(&value) {
        return Err(Rule::OutOfRange);
    }

    Ok(Reading {
        value,
        normalised: trimmed.len() != input.len() || comma,
        rounded: fraction.len() > 1,
    })
}

/// Rounds the non-negative decimal `whole.fraction` to tenths, half up, on
/// the digit strings themselves: the second fractional digit alone decides,
/// because any digits after it only move the value further from the tie.
/// Returns `None` when the value is too large to be any body temperature.
fn round_to_tenths(whole: &str, fraction: &str) -> Option<i32> {
    let significant = whole.trim_start_matches('0');
    // Six digits of degrees is far beyond the range yet fits an i32 in tenths.
    if significant.len() > 6 {
        return None;
    }
    let degrees: i32 = significant.parse().unwrap_or(0);
    let digit = |i: usize| {
        fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| i32::from(b - b'0'))
    };
    let round_up = i32::from(digit(1) >= 5);
    Some(degrees * 10 + digit(0) + round_up)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str) -> (bool, &'static str, Option<String>) {
        let verdict = temperature(input, Temperature::DEFAULT_FEVER);
        (verdict.valid, verdict.reason.code(), verdict.normalized)
    }

    #[test]
    fn rounding_is_decimal_half_up() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("36.55", Some("36.6"), "ok_rounded"),
            ("36.549", Some("36.5"), "ok_rounded"),
            ("36.5499999", Some("36.5"), "ok_rounded"),
            ("37.25", Some("37.3"), "fever"),
            ("37.24", Some("37.2"), "ok_rounded"),
            ("33.95", Some("34.0"), "ok_rounded"),
            ("33.94", None, "out_of_range"),
            ("43.04", Some("43.0"), "fever"),
            ("43.05", None, "out_of_range"),
            ("36.95", Some("37.0"), "ok_rounded"),
            ("36.50", Some("36.5"), "ok_rounded"),
            ("36.99", Some("37.0"), "ok_rounded"),
        ];
        for (input, normalized, reason) in cases {
            let (_, got_reason, got_normalized) = check(input);
            assert_eq!(got_reason, *reason, "input {input:?}");
            assert_eq!(got_normalized.as_deref(), *normalized, "input {input:?}");
        }
    }

    #[test]
    fn syntax_and_reasons() {
        let cases: &[(&str, bool, &str)] = &[
            ("", false, "empty"),
            (" \t ", false, "empty"),
            ("36.5", true, "ok"),
            ("36", true, "ok"),
            ("036.5", true, "ok"),
            (" 36.5", true, "ok_normalised"),
            ("36.5\t", true, "ok_normalised"),
            ("36,5", true, "ok_normalised"),
            // Normalised outranks rounded when both apply.
            (" 36.55 ", true, "ok_normalised"),
            ("36,55", true, "ok_normalised"),
            ("37.3", true, "fever"),
            (" 37,3 ", true, "fever"),
            ("37.29", true, "fever"),
            ("34", true, "ok"),
            ("43", true, "fever"),
            ("36.", false, "bad_chars"),
            (".5", false, "bad_chars"),
            ("+36.5", false, "bad_chars"),
            ("-", false, "bad_chars"),
            ("--36", false, "bad_chars"),
            ("- 36", false, "bad_chars"),
            ("36.5.1", false, "bad_chars"),
            ("36,5.1", false, "bad_chars"),
            ("36 .5", false, "bad_chars"),
            ("36.5℃", false, "bad_chars"),
            ("36.5°C", false, "bad_chars"),
            ("1e2", false, "bad_chars"),
            ("３６.５", false, "bad_chars"),
            ("\u{3000}36.5", false, "bad_chars"),
            ("\n36.5", false, "bad_chars"),
            ("NaN", false, "bad_chars"),
            ("-36.5", false, "out_of_range"),
            ("-0", false, "out_of_range"),
            ("0", false, "out_of_range"),
            ("98.6", false, "out_of_range"),
            ("33.9", false, "out_of_range"),
            ("43.1", false, "out_of_range"),
            ("99999999999999999999999", false, "out_of_range"),
            ("0000000000000000000036.5", true, "ok"),
        ];
        for (input, valid, reason) in cases {
            let (got_valid, got_reason, _) = check(input);
            assert_eq!(
                (got_valid, got_reason),
                (*valid, *reason),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn fever_threshold_is_a_parameter() {
        let threshold = Temperature(380);
        assert_eq!(temperature("37.9", threshold).reason, "ok");
        assert_eq!(temperature("37.95", threshold).reason, "fever");
        assert_eq!(temperature("38.0", threshold).reason, "fever");
    }

    #[test]
    fn parse_shares_the_rules() {
        assert_eq!(parse_temperature(" 36,55 "), Ok(Temperature(366)));
        assert_eq!(parse_temperature("37.3"), Ok(Temperature(373)));
        assert_eq!(parse_temperature(""), Err(Rule::Empty));
        assert_eq!(parse_temperature("36.5℃"), Err(Rule::BadChars));
        assert_eq!(parse_temperature("43.05"), Err(Rule::OutOfRange));
    }
}
