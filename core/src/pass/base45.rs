//! Base45 (RFC 9285): bytes as text drawn from the 45 characters of the QR
//! alphanumeric mode, so a pass fills the QR code at 5.5 bits per character
//! instead of the 8 bits of byte mode.
//!
//! We keep our own small codec rather than the `base45` crate (3.2.0) for two
//! reasons found when reviewing it: its decoder silently truncates a trailing
//! two-character group whose value exceeds 255 (so several texts decode to the
//! same bytes, which a signed format must not allow), and it relies on
//! `slice::as_chunks`, which needs Rust 1.88 while the workspace promises 1.85.
//! This decoder accepts exactly the texts this encoder produces: every text
//! has one decoding and every byte string has one encoding.

/// The alphabet of RFC 9285 §4, indexed by digit value.
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The reasons a text is not canonical Base45.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base45Error {
    /// A character outside the 45-character alphabet (lower case included).
    InvalidCharacter,
    /// A length of 3k + 1 characters, which no byte string encodes to.
    InvalidLength,
    /// A group whose value does not fit the bytes it stands for
    /// (above 65535 for three characters, above 255 for a final two).
    ValueOutOfRange,
}

/// Encodes bytes as Base45: each pair of bytes becomes three characters and a
/// final odd byte becomes two.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(encoded_len(bytes.len()));
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        let value = u32::from(pair[0]) * 256 + u32::from(pair[1]);
        push_digits(&mut text, value, 3);
    }
    if let [last] = pairs.remainder() {
        push_digits(&mut text, u32::from(*last), 2);
    }
    text
}

/// The number of Base45 characters that `byte_len` bytes encode to.
pub const fn encoded_len(byte_len: usize) -> usize {
    byte_len / 2 * 3 + byte_len % 2 * 2
}

/// Decodes canonical Base45. Upper case only: the QR alphanumeric mode has no
/// lower case letters, so a lower case text was retyped or mangled on the way.
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let text = text.as_bytes();
    if text.len() % 3 == 1 {
        return Err(Base45Error::InvalidLength);
    }
    let mut bytes = Vec::with_capacity(text.len() / 3 * 2 + 1);
    for group in text.chunks(3) {
        let value = group
            .iter()
            .rev()
            .try_fold(0u32, |acc, &c| Ok(acc * 45 + u32::from(digit(c)?)))?;
        if group.len() == 3 {
            let pair = u16::try_from(value).map_err(|_| Base45Error::ValueOutOfRange)?;
            bytes.extend_from_slice(&pair.to_be_bytes());
        } else {
            let byte = u8::try_from(value).map_err(|_| Base45Error::ValueOutOfRange)?;
            bytes.push(byte);
        }
    }
    Ok(bytes)
}

/// Appends `count` base-45 digits of `value`, least significant first as
/// RFC 9285 orders them.
fn push_digits(text: &mut String, mut value: u32, count: usize) {
    for _ in 0..count {
        text.push(char::from(ALPHABET[(value % 45) as usize]));
        value /= 45;
    }
}

fn digit(c: u8) -> Result<u8, Base45Error> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .map(|i| i as u8)
        .ok_or(Base45Error::InvalidCharacter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of RFC 9285 §4.3 and §4.4.
    const RFC_VECTORS: [(&[u8], &str); 4] = [
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
    ];

    #[test]
    fn encodes_and_decodes_the_rfc_examples() {
        for (bytes, text) in RFC_VECTORS {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).as_deref(), Ok(bytes));
        }
    }

    #[test]
    fn round_trips_every_length_and_extreme_values() {
        for len in 0..8 {
            for fill in [0x00u8, 0x7f, 0xff] {
                let bytes = vec![fill; len];
                let text = encode(&bytes);
                assert_eq!(text.len(), encoded_len(len));
                assert_eq!(decode(&text), Ok(bytes));
            }
        }
    }

    #[test]
    fn rejects_what_no_encoder_produces() {
        assert_eq!(
            decode("GGW"),
            Err(Base45Error::ValueOutOfRange),
            "65536 is not a byte pair"
        );
        assert_eq!(decode("ZZZ"), Err(Base45Error::ValueOutOfRange));
        assert_eq!(
            decode("::"),
            Err(Base45Error::ValueOutOfRange),
            "a final pair above 255"
        );
        assert_eq!(
            decode("V5"),
            Err(Base45Error::ValueOutOfRange),
            "256 is not a byte"
        );
        assert_eq!(decode("BB8A"), Err(Base45Error::InvalidLength));
        assert_eq!(decode("bb8"), Err(Base45Error::InvalidCharacter));
        assert_eq!(decode("B\u{e9}"), Err(Base45Error::InvalidCharacter));
    }

    #[test]
    fn a_final_character_is_never_a_space() {
        // The text decoder trims trailing whitespace from scanners; that is only
        // safe because no canonical text ends in the alphabet's space.
        for value in 0..=u16::MAX {
            assert!(!encode(&value.to_be_bytes()).ends_with(' '));
        }
        for byte in 0..=u8::MAX {
            assert!(!encode(&[byte]).ends_with(' '));
        }
    }
}
