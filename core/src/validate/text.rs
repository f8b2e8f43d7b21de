//! Free-form answers typed at the gate: a visitor's name, where they come
//! from and whom they visit.

use super::{Rule, Verdict};

/// The longest name accepted, in characters. Chinese names are two to four
/// characters and transliterated minority or foreign names rarely pass
/// twenty; thirty leaves room without letting a whole sentence in.
const NAME_MAX_CHARS: usize = 30;

/// Validates a person's name as it should be registered.
///
/// The name is trimmed of whitespace at both ends. Rules, first failure
/// wins: nothing left → `empty`; more than 30 characters → `too_long`; a
/// control character or an ASCII digit (a phone or ID number typed into the
/// wrong box) → `bad_chars`. Inner spaces and the middle dot of
/// transliterated names (`阿卜杜拉·艾买提`) are kept. Valid reasons: `ok`,
/// or `ok_normalised` when trimming changed something; the normalised value
/// is the trimmed name.
pub fn person_name(input: &str) -> Verdict {
    Verdict::from_result(check(input, NAME_MAX_CHARS, |c| c.is_ascii_digit()))
}

/// Validates a short free-text answer such as "where from" or "whom
/// visiting", at most `max_chars` characters after trimming.
///
/// Rules, first failure wins: nothing left after trimming → `empty`; more
/// than `max_chars` characters → `too_long`; a control character (a pasted
/// line break or tab would break reports and exports) → `bad_chars`. Valid
/// reasons as for [`person_name`].
pub fn free_text(input: &str, max_chars: usize) -> Verdict {
    Verdict::from_result(check(input, max_chars, |_| false))
}

/// The rules both texts share; `also_forbidden` adds the characters a
/// particular field must not contain besides control characters.
fn check(input: &str, max_chars: usize, also_forbidden: fn(char) -> bool) -> Result<Verdict, Rule> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Rule::Empty);
    }
    if text.chars().count() > max_chars {
        return Err(Rule::TooLong);
    }
    if text.chars().any(|c| c.is_control() || also_forbidden(c)) {
        return Err(Rule::BadChars);
    }
    let reason = if text == input {
        Rule::Ok
    } else {
        Rule::OkNormalised
    };
    Ok(Verdict::accept(text, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let cases: &[(&str, bool, &str, Option<&str>)] = &[
            ("李四", true, "ok", Some("李四")),
            (" 李四 ", true, "ok_normalised", Some("李四")),
            ("\u{3000}李四", true, "ok_normalised", Some("李四")),
            ("阿卜杜拉·艾买提", true, "ok", Some("阿卜杜拉·艾买提")),
            ("Zhang San", true, "ok", Some("Zhang San")),
            ("王", true, "ok", Some("王")),
            ("", false, "empty", None),
            (" \t\n", false, "empty", None),
            ("李四3", false, "bad_chars", None),
            ("李\u{0007}四", false, "bad_chars", None),
            ("李\n四", false, "bad_chars", None),
        ];
        for (input, valid, reason, normalized) in cases {
            let verdict = person_name(input);
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
    fn name_length_counts_characters_not_bytes() {
        let longest = "李".repeat(NAME_MAX_CHARS);
        assert_eq!(person_name(&longest).reason, "ok");
        assert_eq!(person_name(&format!("{longest}四")).reason, "too_long");
        // Surrounding whitespace does not count against the limit.
        assert_eq!(
            person_name(&format!("  {longest}  ")).reason,
            "ok_normalised"
        );
    }

    #[test]
    fn free_texts() {
        let cases: &[(&str, usize, bool, &str)] = &[
            ("武汉市洪山区", 40, true, "ok"),
            (" 3-2-501 ", 40, true, "ok_normalised"),
            ("3号楼2单元501", 40, true, "ok"),
            ("", 40, false, "empty"),
            ("   ", 40, false, "empty"),
            ("一二三四五", 5, true, "ok"),
            ("一二三四五六", 5, false, "too_long"),
            ("第一行\n第二行", 40, false, "bad_chars"),
            ("a\tb", 40, false, "bad_chars"),
        ];
        for (input, max, valid, reason) in cases {
            let verdict = free_text(input, *max);
            assert_eq!(
                (verdict.valid, verdict.reason.code()),
                (*valid, *reason),
                "input {input:?}"
            );
        }
    }
}
