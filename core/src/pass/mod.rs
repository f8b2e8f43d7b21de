//! The signed QR pass of DESIGN §4: `KK1:` text, compact binary payload,
//! Ed25519 signature, verified offline against a trust list.
//!
//! The byte layout is documented in `docs/pass-format.md`.

use serde::{Deserialize, Serialize};

/// The one reason a pass verification gives (DESIGN §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassCheck {
    Ok,
    Malformed,
    BadSignature,
    UnknownKey,
    NotYetValid,
    Expired,
    Revoked,
    OtherCommunity,
}

impl PassCheck {
    pub const ALL: [PassCheck; 8] = [
        PassCheck::Ok,
        PassCheck::Malformed,
        PassCheck::BadSignature,
        PassCheck::UnknownKey,
        PassCheck::NotYetValid,
        PassCheck::Expired,
        PassCheck::Revoked,
        PassCheck::OtherCommunity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PassCheck::Ok => "ok",
            PassCheck::Malformed => "malformed",
            PassCheck::BadSignature => "bad_signature",
            PassCheck::UnknownKey => "unknown_key",
            PassCheck::NotYetValid => "not_yet_valid",
            PassCheck::Expired => "expired",
            PassCheck::Revoked => "revoked",
            PassCheck::OtherCommunity => "other_community",
        }
    }

    pub fn from_code(code: &str) -> Option<PassCheck> {
        PassCheck::ALL.into_iter().find(|c| c.code() == code)
    }
}
