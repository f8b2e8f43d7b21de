//! Issuing a pass: claims in, signed `KK1:` text out.

use ed25519_dalek::{Signer, SigningKey};

use super::payload::encode_payload;
use super::text::{MAX_HOLDER_BYTES, encode_text};
use super::{PassClaims, PassError, key_id_for};

/// The bytes signed before the payload. A community's issuing key may one day
/// sign other things (trust lists, sync batches); this context makes a pass
/// signature mean "this is a KK1 pass" and nothing else. The NUL ends the
/// context so that no other context can be a prefix of it.
pub const SIGNATURE_CONTEXT: &[u8] = b"kakou/pass/KK1\0";

/// The message an issuing key signs for a payload: the context, then the payload.
pub fn signed_message(payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNATURE_CONTEXT.len() + payload.len());
    message.extend_from_slice(SIGNATURE_CONTEXT);
    message.extend_from_slice(payload);
    message
}

/// Encodes and signs the claims as a pass text.
///
/// Refuses claims the format cannot carry rather than altering them: a holder
/// name longer than [`MAX_HOLDER_BYTES`](super::MAX_HOLDER_BYTES) (14 Chinese
/// characters) is an error, not a silent truncation, because the name on the
/// screen must match the name on the card and the ID card, and the shift lead
/// should choose how to shorten it. Also refused: `Returned` as the base
/// category, a serial above 40 bits, dates outside 2020-01-01..=2199-06-06,
/// `valid_from` after `valid_until`, and a `key_id` that is not the signing
/// key's.
pub fn issue(claims: &PassClaims, key: &SigningKey) -> Result<String, PassError> {
    let actual = key_id_for(key.verifying_key().as_bytes());
    if claims.key_id != actual {
        return Err(PassError::KeyIdMismatch {
            claimed: claims.key_id,
            actual,
        });
    }
    let payload = encode_payload(claims, MAX_HOLDER_BYTES)?;
    let signature = key.sign(&signed_message(&payload));
    Ok(encode_text(&payload, &signature.to_bytes()))
}
