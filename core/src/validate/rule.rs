//! The reason classes of `shared/data/validators/VECTORS.md`, typed.
//!
//! A validator answers with one [`Rule`]: the first rule an input broke, or
//! the way a valid input was accepted. Code that words a reason for a person
//! matches on the enum, so a reason nobody has words for is a compile error
//! rather than a bare code on the screen; JSON output and the test vectors
//! use [`Rule::code`], the spec's spelling.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Accepted as typed.
    Ok,
    /// Accepted after trimming or another harmless tidy-up.
    OkNormalised,
    /// A temperature with more than one decimal, rounded.
    OkRounded,
    /// A legacy 15-digit ID number (no check character).
    OkLegacy15,
    /// An ID number ending in a lower-case `x`, stored as `X`.
    OkLowercaseX,
    /// A valid temperature at or above the fever threshold.
    Fever,
    Empty,
    BadChars,
    BadLength,
    BadFormat,
    BadDate,
    FutureDate,
    BadProvince,
    BadChecksum,
    BadPrefix,
    BadSuffix,
    TooLong,
    OutOfRange,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::Ok,
        Rule::OkNormalised,
        Rule::OkRounded,
        Rule::OkLegacy15,
        Rule::OkLowercaseX,
        Rule::Fever,
        Rule::Empty,
        Rule::BadChars,
        Rule::BadLength,
        Rule::BadFormat,
        Rule::BadDate,
        Rule::FutureDate,
        Rule::BadProvince,
        Rule::BadChecksum,
        Rule::BadPrefix,
        Rule::BadSuffix,
        Rule::TooLong,
        Rule::OutOfRange,
    ];

    /// The spec's reason class, as JSON and the vector files write it.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Ok => "ok",
            Rule::OkNormalised => "ok_normalised",
            Rule::OkRounded => "ok_rounded",
            Rule::OkLegacy15 => "ok_legacy15",
            Rule::OkLowercaseX => "ok_lowercase_x",
            Rule::Fever => "fever",
            Rule::Empty => "empty",
            Rule::BadChars => "bad_chars",
            Rule::BadLength => "bad_length",
            Rule::BadFormat => "bad_format",
            Rule::BadDate => "bad_date",
            Rule::FutureDate => "future_date",
            Rule::BadProvince => "bad_province",
            Rule::BadChecksum => "bad_checksum",
            Rule::BadPrefix => "bad_prefix",
            Rule::BadSuffix => "bad_suffix",
            Rule::TooLong => "too_long",
            Rule::OutOfRange => "out_of_range",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether an input with this reason was accepted.
    pub fn accepts(self) -> bool {
        matches!(
            self,
            Rule::Ok
                | Rule::OkNormalised
                | Rule::OkRounded
                | Rule::OkLegacy15
                | Rule::OkLowercaseX
                | Rule::Fever
        )
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Comparing with the spec's spelling, as the vector files and the tables of
/// the tests write reasons.
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_read_back() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
            assert_eq!(
                rule.accepts(),
                rule.code().starts_with("ok") || rule == Rule::Fever
            );
        }
        assert_eq!(Rule::from_code("bad_mood"), None);
        assert_eq!(
            serde_json::to_string(&Rule::BadChecksum).unwrap(),
            "\"bad_checksum\""
        );
    }
}
