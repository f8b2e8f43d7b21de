//! The trust list: which public keys issue passes for which community.
//!
//! It travels down with the master data (DESIGN §5) and, for gates that never
//! see a network, as a JSON file written by `kakou keys export` and read by
//! `kakou keys import`:
//!
//! ```json
//! {"format":"kakou-trust-1","keys":[{"key_id":439041101,"community":"幸福里小区","public_key":"…64 hex digits…"}]}
//! ```

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};
use thiserror::Error;

/// The marker of the trust list file format; a reader refuses any other.
pub const TRUST_FORMAT: &str = "kakou-trust-1";

/// The key id of a public key: the first four bytes of its SHA-512, read
/// big-endian. Deriving the id from the key means nobody has to allocate ids,
/// and an import can check that an entry's id belongs to its key.
pub fn key_id_for(public_key: &[u8; 32]) -> u32 {
    let digest = Sha512::digest(public_key);
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// What a community's key signs: the passes of its residents (the issuing
/// store's key) or the pink passes of pre-registered visitors (the
/// district's visitor key for that community).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    #[default]
    Issuing,
    Visitor,
}

impl KeyRole {
    pub fn code(self) -> &'static str {
        match self {
            KeyRole::Issuing => "issuing",
            KeyRole::Visitor => "visitor",
        }
    }

    pub fn from_code(code: &str) -> Option<KeyRole> {
        [KeyRole::Issuing, KeyRole::Visitor]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// One community's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// The key's id, [`key_id_for`] of `public_key`; a JSON number.
    pub key_id: u32,
    /// The community's name exactly as the terminal's own configuration
    /// spells it; [`verify`](super::verify) compares the two byte for byte.
    pub community: String,
    /// The Ed25519 public key, written as 64 lower-case hex digits in JSON.
    #[serde(with = "hex_key")]
    pub public_key: [u8; 32],
    /// Issuing (the default, and all a file written before roles says) or
    /// visitor.
    #[serde(default)]
    pub role: KeyRole,
}

impl TrustedKey {
    /// A trust entry for a community's key, with its derived key id.
    pub fn new(community: impl Into<String>, public_key: &VerifyingKey) -> TrustedKey {
        let public_key = public_key.to_bytes();
        TrustedKey {
            key_id: key_id_for(&public_key),
            community: community.into(),
            public_key,
            role: KeyRole::Issuing,
        }
    }

    /// The key as ed25519-dalek uses it. Entries in a [`TrustList`] were
    /// checked when the list was built, so there this only fails for entries
    /// built by hand.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        VerifyingKey::from_bytes(&self.public_key).ok()
    }
}

/// The keys a terminal trusts. Built only through [`TrustList::new`] or by
/// deserializing, both of which check every entry, so a list in hand is
/// consistent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "TrustListFile", into = "TrustListFile")]
pub struct TrustList {
    keys: Vec<TrustedKey>,
}

impl TrustList {
    /// Checks the entries and builds the list. Refuses an entry whose key id
    /// is not its key's (a hand-edited or corrupted file), a public key that
    /// is not a usable Ed25519 key, an empty community name, and a public key
    /// listed twice (which community it belongs to would be ambiguous).
    pub fn new(keys: Vec<TrustedKey>) -> Result<TrustList, TrustError> {
        for (index, key) in keys.iter().enumerate() {
            if key.community.trim().is_empty() {
                return Err(TrustError::EmptyCommunity { index });
            }
            let verifying_key = key
                .verifying_key()
                .ok_or(TrustError::InvalidPublicKey { index })?;
            if verifying_key.is_weak() {
                return Err(TrustError::InvalidPublicKey { index });
            }
            let derived = key_id_for(&key.public_key);
            if key.key_id != derived {
                return Err(TrustError::KeyIdMismatch {
                    index,
                    listed: key.key_id,
                    derived,
                });
            }
            if keys[..index].iter().any(|k| k.public_key == key.public_key) {
                return Err(TrustError::DuplicateKey { index });
            }
        }
        Ok(TrustList { keys })
    }

    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// The entries with this key id. Usually none or one; two different keys
    /// can share a 32-bit id by chance, and verification then tries both.
    pub fn keys_with_id(&self, key_id: u32) -> impl Iterator<Item = &TrustedKey> {
        self.keys.iter().filter(move |k| k.key_id == key_id)
    }

    /// Reads a `kakou keys export` file.
    pub fn from_json(json: &str) -> Result<TrustList, TrustError> {
        // Parsing the file shape first keeps the checks' typed errors; through
        // `TrustList`'s own `Deserialize` they would arrive as JSON messages.
        let file: TrustListFile =
            serde_json::from_str(json).map_err(|e| TrustError::Json(e.to_string()))?;
        TrustList::try_from(file)
    }

    /// Writes the `kakou keys export` file, indented for readable diffs.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .expect("a trust list is strings and numbers, which JSON always represents")
    }
}

/// Why a trust list was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrustError {
    #[error("not a kakou trust list: {0}")]
    Json(String),
    #[error("the file's format is `{found}`, expected `{TRUST_FORMAT}`")]
    WrongFormat { found: String },
    #[error("key {index}: the community name is empty")]
    EmptyCommunity { index: usize },
    #[error("key {index}: not a valid Ed25519 public key")]
    InvalidPublicKey { index: usize },
    #[error("key {index}: listed key id {listed:08x} is not the key's id {derived:08x}")]
    KeyIdMismatch {
        index: usize,
        listed: u32,
        derived: u32,
    },
    #[error("key {index}: the same public key is listed twice")]
    DuplicateKey { index: usize },
}

impl TrustError {
    /// The stable machine code, for JSON output and logs.
    pub fn code(&self) -> &'static str {
        match self {
            TrustError::Json(_) => "trust_json",
            TrustError::WrongFormat { .. } => "trust_wrong_format",
            TrustError::EmptyCommunity { .. } => "trust_empty_community",
            TrustError::InvalidPublicKey { .. } => "trust_invalid_public_key",
            TrustError::KeyIdMismatch { .. } => "trust_key_id_mismatch",
            TrustError::DuplicateKey { .. } => "trust_duplicate_key",
        }
    }
}

/// A key the gate already trusts, offered again under another community or
/// role. Taking the new label would silently change which passes count as
/// whose (relabelling a community's own key turns every one of its passes
/// into `other_community`), so it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConflict {
    pub key_id: u32,
    pub held: (String, KeyRole),
    pub offered: (String, KeyRole),
}

/// The keys of `offered` that `held` does not have yet, or the first key
/// whose label would change. Keys are matched by public key, never by id.
pub fn new_keys(
    held: &[TrustedKey],
    offered: &[TrustedKey],
) -> Result<Vec<TrustedKey>, KeyConflict> {
    let mut new = Vec::new();
    for key in offered {
        match held.iter().find(|h| h.public_key == key.public_key) {
            None if !new.contains(key) => new.push(key.clone()),
            None => {}
            Some(h) if h.community == key.community && h.role == key.role => {}
            Some(h) => {
                return Err(KeyConflict {
                    key_id: key.key_id,
                    held: (h.community.clone(), h.role),
                    offered: (key.community.clone(), key.role),
                });
            }
        }
    }
    Ok(new)
}

/// The file shape of a trust list, with its format marker.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustListFile {
    format: String,
    keys: Vec<TrustedKey>,
}

impl TryFrom<TrustListFile> for TrustList {
    type Error = TrustError;

    fn try_from(file: TrustListFile) -> Result<TrustList, TrustError> {
        if file.format != TRUST_FORMAT {
            return Err(TrustError::WrongFormat { found: file.format });
        }
        TrustList::new(file.keys)
    }
}

impl From<TrustList> for TrustListFile {
    fn from(list: TrustList) -> TrustListFile {
        TrustListFile {
            format: TRUST_FORMAT.to_owned(),
            keys: list.keys,
        }
    }
}

/// Lower-case hex, written without a dependency because it is a few lines.
fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Reads exactly `N` bytes of hex; upper case is accepted since people copy
/// fingerprints from many places.
fn from_hex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let hex = hex.as_bytes();
    if hex.len() != N * 2 {
        return None;
    }
    let mut bytes = [0u8; N];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        let high = char::from(pair[0]).to_digit(16)?;
        let low = char::from(pair[1]).to_digit(16)?;
        *byte = (high * 16 + low) as u8;
    }
    Some(bytes)
}

mod hex_key {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(key: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_hex(key))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let hex = String::deserialize(d)?;
        super::from_hex::<32>(&hex)
            .ok_or_else(|| D::Error::custom("public_key must be 64 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_added_once_and_never_relabelled() {
        let key = |seed: u8, community: &str| {
            let signing = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
            TrustedKey::new(community, &signing.verifying_key())
        };
        let ours = key(1, "幸福里");
        let neighbour = key(2, "东城");
        let held = vec![ours.clone()];
        assert_eq!(new_keys(&held, std::slice::from_ref(&ours)), Ok(vec![]));
        assert_eq!(
            new_keys(&held, &[ours.clone(), neighbour.clone(), neighbour.clone()]),
            Ok(vec![neighbour.clone()])
        );
        let relabelled = key(1, "东城");
        assert_eq!(
            new_keys(&held, &[neighbour.clone(), relabelled]),
            Err(KeyConflict {
                key_id: ours.key_id,
                held: ("幸福里".into(), KeyRole::Issuing),
                offered: ("东城".into(), KeyRole::Issuing),
            })
        );
        let mut as_visitor = ours.clone();
        as_visitor.role = KeyRole::Visitor;
        assert!(new_keys(&held, &[as_visitor]).is_err());
    }

    #[test]
    fn hex_round_trips_and_refuses_wrong_lengths_and_digits() {
        let bytes = [0x00, 0x0f, 0xa5, 0xff];
        assert_eq!(to_hex(&bytes), "000fa5ff");
        assert_eq!(from_hex::<4>("000fa5ff"), Some(bytes));
        assert_eq!(from_hex::<4>("000FA5FF"), Some(bytes));
        assert_eq!(from_hex::<4>("000fa5f"), None);
        assert_eq!(from_hex::<4>("000fa5fg"), None);
        assert_eq!(from_hex::<4>("+00fa5ff"), None);
        assert_eq!(from_hex::<2>("éé"), None);
    }
}
