//! The pass as text: `KK1:` followed by the Base45 of the payload and its
//! 64-byte signature, sized to fit a small QR code.

use super::PassError;
use super::base45;
use super::payload::HEADER_LEN;

/// The version prefix. `:` is in the QR alphanumeric set, so the whole text
/// stays in one alphanumeric segment.
pub const PREFIX: &str = "KK1:";

/// The length of an Ed25519 signature, which ends every payload.
pub const SIGNATURE_LEN: usize = 64;

/// The longest pass text, prefix included. A QR code of version 8 at error
/// correction level M holds 221 alphanumeric characters; we budget 194 so a
/// pass still fits when a printer or scanner app adds a few characters of its
/// own, and so a future `KK2:` has room to grow without a bigger code.
pub const MAX_TEXT_CHARS: usize = 194;

/// The most payload-plus-signature bytes whose Base45 fits the budget:
/// every 3 characters carry 2 bytes and a final 2 characters carry 1.
pub const MAX_SIGNED_BYTES: usize = max_bytes_for_chars(MAX_TEXT_CHARS - PREFIX.len());

/// The longest holder name in UTF-8 bytes: 42, that is 14 Chinese characters
/// of 3 bytes each, or 42 Latin letters.
pub const MAX_HOLDER_BYTES: usize = MAX_SIGNED_BYTES - SIGNATURE_LEN - HEADER_LEN;

const fn max_bytes_for_chars(chars: usize) -> usize {
    chars / 3 * 2 + if chars % 3 == 2 { 1 } else { 0 }
}

/// Joins a payload and its signature into the pass text.
pub(crate) fn encode_text(payload: &[u8], signature: &[u8; SIGNATURE_LEN]) -> String {
    let mut bytes = Vec::with_capacity(payload.len() + SIGNATURE_LEN);
    bytes.extend_from_slice(payload);
    bytes.extend_from_slice(signature);
    let mut text = String::with_capacity(PREFIX.len() + base45::encoded_len(bytes.len()));
    text.push_str(PREFIX);
    text.push_str(&base45::encode(&bytes));
    text
}

/// Splits a pass text into its payload and signature.
///
/// Leading and trailing ASCII whitespace is removed first, because
/// keyboard-wedge scanners end what they type with Enter (CR, LF or both) and
/// people paste texts with stray spaces. This cannot cut into a pass: Base45
/// has a space in its alphabet, but no canonical Base45 text ends with one
/// (a final group's last digit is at most 32, `W`, or 5 for a lone byte).
///
/// Everything else is strict: the prefix is upper case `KK1:`, Base45 is upper
/// case and canonical, and the text may not exceed [`MAX_TEXT_CHARS`]. A
/// lower-case text did not come from a QR code in alphanumeric mode, so it
/// was retyped or mangled and is better refused than guessed at.
pub(crate) fn decode_text(text: &str) -> Result<(Vec<u8>, [u8; SIGNATURE_LEN]), PassError> {
    let text = text.trim_ascii();
    let Some(body) = text.strip_prefix(PREFIX) else {
        return Err(PassError::MissingPrefix);
    };
    if text.len() > MAX_TEXT_CHARS {
        return Err(PassError::TextTooLong {
            chars: text.chars().count(),
            max: MAX_TEXT_CHARS,
        });
    }
    let mut bytes = base45::decode(body).map_err(|_| PassError::InvalidBase45)?;
    let min = HEADER_LEN + 1 + SIGNATURE_LEN;
    if bytes.len() < min {
        return Err(PassError::TooShort {
            bytes: bytes.len(),
            min,
        });
    }
    let signature_bytes = bytes.split_off(bytes.len() - SIGNATURE_LEN);
    let mut signature = [0u8; SIGNATURE_LEN];
    signature.copy_from_slice(&signature_bytes);
    Ok((bytes, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_allows_fourteen_chinese_characters() {
        assert_eq!(MAX_SIGNED_BYTES, 126);
        assert_eq!(MAX_HOLDER_BYTES, 42);
        assert!(PREFIX.len() + base45::encoded_len(MAX_SIGNED_BYTES) <= MAX_TEXT_CHARS);
        assert!(PREFIX.len() + base45::encoded_len(MAX_SIGNED_BYTES + 1) > MAX_TEXT_CHARS);
    }

    #[test]
    fn splits_a_text_into_payload_and_signature_after_trimming() {
        let payload = vec![7u8; HEADER_LEN + 3];
        let signature = [9u8; SIGNATURE_LEN];
        let text = encode_text(&payload, &signature);
        assert_eq!(decode_text(&text), Ok((payload.clone(), signature)));
        let scanned = format!("  {text}\r\n");
        assert_eq!(decode_text(&scanned), Ok((payload, signature)));
    }

    #[test]
    fn refuses_texts_that_are_not_strictly_kk1() {
        let text = encode_text(&[7u8; HEADER_LEN + 3], &[9u8; SIGNATURE_LEN]);
        assert_eq!(
            decode_text(&text.to_lowercase()),
            Err(PassError::MissingPrefix)
        );
        let lower_body = format!("{PREFIX}{}", text[PREFIX.len()..].to_lowercase());
        assert_eq!(decode_text(&lower_body), Err(PassError::InvalidBase45));
        assert_eq!(decode_text("KK2:BB8"), Err(PassError::MissingPrefix));
        assert!(matches!(
            decode_text("KK1:BB8"),
            Err(PassError::TooShort { .. })
        ));
        let long = format!("{PREFIX}{}", "0".repeat(MAX_TEXT_CHARS));
        assert!(matches!(
            decode_text(&long),
            Err(PassError::TextTooLong { .. })
        ));
    }
}
