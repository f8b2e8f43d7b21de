//! The signed QR pass of DESIGN §4: `KK1:` text, compact binary payload,
//! Ed25519 signature, verified offline against a trust list.
//!
//! The byte layout is documented in `docs/pass-format.md`.
//!
//! The files follow the pass from issue to gate: [`PassClaims`] (what a card
//! says), `payload` (claims as bytes), `base45` and `text` (bytes as `KK1:`
//! text), `sign` ([`issue`]), `signed` ([`decode`]), `trust` (the keys a
//! terminal believes) and `verify` (one text, one reason).

mod base45;
mod card_rules;
mod claims;
mod error;
mod payload;
mod revocation;
mod sign;
mod signed;
mod text;
mod trust;
mod verify;

pub use card_rules::{NotPrintable, card_category, printable};
pub use claims::{DATE_EPOCH, PassClaims};
pub use error::PassError;
pub use payload::{HEADER_LEN, MAX_SERIAL};
pub use revocation::RevocationReason;
pub use sign::{SIGNATURE_CONTEXT, issue, signed_message};
pub use signed::{SignedPass, decode};
pub use text::{MAX_HOLDER_BYTES, MAX_SIGNED_BYTES, MAX_TEXT_CHARS, PREFIX, SIGNATURE_LEN};
pub use trust::{
    KeyConflict, KeyRole, TRUST_FORMAT, TrustError, TrustList, TrustedKey, key_id_for, new_keys,
};
pub use verify::{Verification, verify};

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
