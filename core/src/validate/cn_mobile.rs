//! Mainland mobile numbers (VECTORS.md §2).

use super::{Rule, Verdict};

/// Validates a mainland mobile number exactly as VECTORS.md §2 says.
///
/// Spaces and `-` are deleted first, because people read numbers out in
/// groups (`138 0013 8000`, `138-0013-8000`). Then a leading `+86` goes, or a
/// bare `86` when what is left is exactly 13 characters; other country-code
/// spellings such as `0086` are deliberately not recognised.
///
/// Rules, first failure wins: nothing left → `bad_length`; a non-digit →
/// `bad_chars`; not 11 digits → `bad_length`; a first three digits outside
/// the allocated mobile prefixes → `bad_prefix`. Valid reasons: `ok` when the
/// input was already the bare 11 digits, else `ok_normalised`; the normalised
/// value is the 11 digits.
pub fn cn_mobile(input: &str) -> Verdict {
    Verdict::from_result(check(input))
}

fn check(input: &str) -> Result<Verdict, Rule> {
    let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let number = if let Some(rest) = compact.strip_prefix("+86") {
        rest
    } else if compact.chars().count() == 13 && compact.starts_with("86") {
        &compact[2..]
    } else {
        &compact
    };

    if number.is_empty() {
        return Err(Rule::BadLength);
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rule::BadChars);
    }
    if number.len() != 11 {
        return Err(Rule::BadLength);
    }
    if !is_mobile_prefix(&number[..3]) {
        return Err(Rule::BadPrefix);
    }

    let reason = if number == input {
        Rule::Ok
    } else {
        Rule::OkNormalised
    };
    Ok(Verdict::accept(number, reason))
}

/// Whether three ASCII digits are one of the mobile prefixes the spec lists;
/// the list is kept as ranges so it reads like the spec and is easy to audit.
fn is_mobile_prefix(prefix: &str) -> bool {
    let Ok(value) = prefix.parse::<u16>() else {
        return false;
    };
    matches!(
        value,
        130..=139
            | 145
            | 147
            | 150..=153
            | 155..=159
            | 162
            | 165..=167
            | 170..=178
            | 180..=189
            | 190..=193
            | 195..=199
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_and_rules() {
        let cases: &[(&str, bool, &str, Option<&str>)] = &[
            ("13800138000", true, "ok", Some("13800138000")),
            ("138 0013 8000", true, "ok_normalised", Some("13800138000")),
            ("138-0013-8000", true, "ok_normalised", Some("13800138000")),
            (" 13800138000 ", true, "ok_normalised", Some("13800138000")),
            ("+8613800138000", true, "ok_normalised", Some("13800138000")),
            (
                "+86 138 0013 8000",
                true,
                "ok_normalised",
                Some("13800138000"),
            ),
            (
                "+86-138-0013-8000",
                true,
                "ok_normalised",
                Some("13800138000"),
            ),
            ("8613800138000", true, "ok_normalised", Some("13800138000")),
            (
                "86-138-0013-8000",
                true,
                "ok_normalised",
                Some("13800138000"),
            ),
            // `86` is only a country code when exactly 13 characters remain.
            ("86138001380001", false, "bad_length", None),
            ("861380013800", false, "bad_length", None),
            // `+86` is removed whatever the length, and then the length decides.
            ("+861380013800", false, "bad_length", None),
            ("+86", false, "bad_length", None),
            ("", false, "bad_length", None),
            (" - ", false, "bad_length", None),
            ("008613800138000", false, "bad_length", None),
            ("+8713800138000", false, "bad_chars", None),
            ("(138)00138000", false, "bad_chars", None),
            ("138.0013.8000", false, "bad_chars", None),
            ("138\t0013\t8000", false, "bad_chars", None),
            ("１３８００１３８０００", false, "bad_chars", None),
            ("1380013800O", false, "bad_chars", None),
            ("+86+8613800138000", false, "bad_chars", None),
            ("1380013800", false, "bad_length", None),
            ("138001380001", false, "bad_length", None),
            ("12300138000", false, "bad_prefix", None),
            ("03800138000", false, "bad_prefix", None),
            ("+8610252100539", false, "bad_prefix", None),
        ];
        for (input, valid, reason, normalized) in cases {
            let verdict = cn_mobile(input);
            assert_eq!(verdict.valid, *valid, "input {input:?}");
            assert_eq!(verdict.reason, *reason, "input {input:?}");
            assert_eq!(
                verdict.normalized.as_deref(),
                *normalized,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn prefix_table_matches_the_spec_list() {
        let allowed: Vec<u16> = (130..=139)
            .chain([145, 147])
            .chain((150..=153).chain(155..=159))
            .chain([162, 165, 166, 167])
            .chain((170..=178).chain(180..=189))
            .chain((190..=193).chain(195..=199))
            .collect();
        for prefix in 0..1000u16 {
            let number = format!("{prefix:03}00138000");
            let expected = if allowed.contains(&prefix) {
                "ok"
            } else {
                "bad_prefix"
            };
            assert_eq!(cn_mobile(&number).reason, expected, "prefix {prefix:03}");
        }
    }
}
