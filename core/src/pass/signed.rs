//! Reading a pass text into its claims and signature, without judging it.

use ed25519_dalek::{Signature, VerifyingKey};

use super::payload::decode_payload;
use super::sign::signed_message;
use super::text::{MAX_HOLDER_BYTES, SIGNATURE_LEN, decode_text, encode_text};
use super::{PassClaims, PassError};

/// A pass as read from its text. Nothing here has been checked against a key:
/// the claims are what the card says, not yet what the community vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPass {
    pub claims: PassClaims,
    /// The payload exactly as scanned. The signature covers
    /// [`SIGNATURE_CONTEXT`](super::SIGNATURE_CONTEXT) followed by these bytes.
    pub signed_bytes: Vec<u8>,
    pub signature: [u8; SIGNATURE_LEN],
}

impl SignedPass {
    /// The pass text again, byte for byte as issued: the encoding is
    /// canonical, so a stored pass can be reprinted from what was scanned.
    pub fn to_text(&self) -> String {
        encode_text(&self.signed_bytes, &self.signature)
    }

    /// Whether `key` signed this pass. Uses strict verification, which also
    /// refuses signatures that were altered into another valid-looking form
    /// and keys of small order, so one card has one valid text.
    pub fn is_signed_by(&self, key: &VerifyingKey) -> bool {
        let signature = Signature::from_bytes(&self.signature);
        key.verify_strict(&signed_message(&self.signed_bytes), &signature)
            .is_ok()
    }
}

/// Reads a `KK1:` text. Parses only; [`verify`](super::verify) decides whether
/// the pass is good. Never panics, whatever the input: every failure is a
/// [`PassError`], and each of them means "malformed" at the gate.
///
/// Leading and trailing ASCII whitespace (a scanner's Enter) is ignored;
/// otherwise the text must be exactly as issued, upper case included.
pub fn decode(text: &str) -> Result<SignedPass, PassError> {
    let (signed_bytes, signature) = decode_text(text)?;
    let claims = decode_payload(&signed_bytes, MAX_HOLDER_BYTES)?;
    Ok(SignedPass {
        claims,
        signed_bytes,
        signature,
    })
}
