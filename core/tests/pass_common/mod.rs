//! Fixtures shared by the pass tests: fixed keys (Ed25519 signing is
//! deterministic, so texts are reproducible), claims and a trust list with
//! our community and a neighbouring one.

#![allow(dead_code)]

use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use kakou_core::domain::Category;
use kakou_core::pass::{PassClaims, TrustList, TrustedKey, key_id_for};

pub const OUR_COMMUNITY: &str = "幸福里小区";
pub const NEIGHBOUR_COMMUNITY: &str = "和平村";

/// The 14 Chinese characters (42 bytes) that fill the holder budget exactly.
pub const LONGEST_CJK_NAME: &str = "欧阳司马诸葛上官慕容东方西门";

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn our_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

pub fn neighbour_key() -> SigningKey {
    SigningKey::from_bytes(&[8; 32])
}

pub fn stranger_key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

pub fn trust() -> TrustList {
    TrustList::new(vec![
        TrustedKey::new(OUR_COMMUNITY, &our_key().verifying_key()),
        TrustedKey::new(NEIGHBOUR_COMMUNITY, &neighbour_key().verifying_key()),
    ])
    .unwrap()
}

/// A pass valid through November 2026 to January 2027, for `key`.
pub fn claims(key: &SigningKey, holder: &str) -> PassClaims {
    PassClaims {
        serial: 1024,
        key_id: key_id_for(key.verifying_key().as_bytes()),
        category: Category::Resident,
        returned_until: None,
        household_ref: 305,
        holder: holder.to_owned(),
        valid_from: date(2026, 11, 1),
        valid_until: date(2027, 1, 31),
    }
}

/// A day inside the validity of [`claims`].
pub fn today() -> NaiveDate {
    date(2026, 11, 24)
}

pub fn never_revoked(_key_id: u32, _serial: u64) -> bool {
    false
}
