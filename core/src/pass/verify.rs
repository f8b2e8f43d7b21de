//! Judging a scanned pass at the gate: one text in, exactly one reason out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{PassCheck, PassClaims, TrustList, decode};

/// The gate's verdict on a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub check: PassCheck,
    /// The claims whenever the text decoded, even when the check failed, so
    /// the screen can show whose card it was. When the check is
    /// `unknown_key` or `bad_signature` nobody vouches for them; see
    /// [`Verification::claims_are_authentic`].
    pub claims: Option<PassClaims>,
}

impl Verification {
    pub fn is_ok(&self) -> bool {
        self.check == PassCheck::Ok
    }

    /// Whether a trusted key signed the claims. The screen should mark claims
    /// that are not authentic as "unverified" rather than present them as the
    /// holder's.
    pub fn claims_are_authentic(&self) -> bool {
        self.claims.is_some()
            && !matches!(self.check, PassCheck::UnknownKey | PassCheck::BadSignature)
    }
}

/// Verifies a scanned pass text for the gate of `community` on `today`.
///
/// Exactly one reason comes back, the first that applies in this order:
///
/// 1. `malformed`: the text is not a KK1 pass; there is nothing else to check.
/// 2. `unknown_key`: no trusted key has the pass's key id. Without the key the
///    signature cannot be judged, and the remedy differs from a forgery:
///    the terminal's trust list may simply be out of date, so sync or import keys.
/// 3. `bad_signature`: no trusted key with that id signed these bytes. The
///    card is forged or damaged, and nothing on it can be believed, including
///    which community it claims or which serial it has.
/// 4. `other_community`: a genuine pass, but from a key of another community
///    in the list. It comes before revocation because serials are numbered per
///    community: a foreign serial looked up in our revocation list would match
///    an unrelated card of ours.
/// 5. `revoked`: the serial is revoked (lost card, moved out). This outranks
///    the dates because it is permanent and asks the volunteer to keep the
///    card, whereas an expired card only needs renewing.
/// 6. `not_yet_valid`, then 7. `expired`: today is before `valid_from` or
///    after `valid_until` (both inclusive). A decoded pass never has both.
/// 8. `ok`.
///
/// `is_revoked` is asked, with the pass's key id and serial, only about
/// authentic passes of this community: a revocation names one card of one
/// issuing key, and serials of different keys are unrelated.
pub fn verify(
    text: &str,
    trust: &TrustList,
    community: &str,
    is_revoked: impl Fn(u32, u64) -> bool,
    today: NaiveDate,
) -> Verification {
    let pass = match decode(text) {
        Ok(pass) => pass,
        Err(_) => {
            return Verification {
                check: PassCheck::Malformed,
                claims: None,
            };
        }
    };
    let claims = &pass.claims;
    let mut candidates = trust.keys_with_id(claims.key_id).peekable();
    let check = if candidates.peek().is_none() {
        PassCheck::UnknownKey
    } else {
        // A community's visitor key signs pink visitor passes and nothing
        // else: a resident's card signed with it was not made by anyone
        // allowed to make it, which is a forgery as far as the gate goes.
        let may_sign = |trusted: &&super::TrustedKey| {
            trusted.role == super::KeyRole::Issuing
                || claims.category == crate::domain::Category::Visitor
        };
        let signer = candidates.find(|trusted| {
            may_sign(trusted)
                && trusted
                    .verifying_key()
                    .is_some_and(|key| pass.is_signed_by(&key))
        });
        match signer {
            None => PassCheck::BadSignature,
            Some(trusted) if trusted.community != community => PassCheck::OtherCommunity,
            Some(_) if is_revoked(claims.key_id, claims.serial) => PassCheck::Revoked,
            Some(_) if today < claims.valid_from => PassCheck::NotYetValid,
            Some(_) if today > claims.valid_until => PassCheck::Expired,
            Some(_) => PassCheck::Ok,
        }
    };
    Verification {
        check,
        claims: Some(pass.claims),
    }
}
