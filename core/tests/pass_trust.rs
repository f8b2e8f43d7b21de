//! The trust list file of `kakou keys export|import`.

mod pass_common;

use kakou_core::pass::{TrustError, TrustList, TrustedKey, key_id_for};
use pass_common::*;

#[test]
fn key_ids_are_the_first_four_bytes_of_the_key_s_sha512() {
    use sha2::{Digest, Sha512};
    let key = our_key().verifying_key();
    let digest = Sha512::digest(key.as_bytes());
    assert_eq!(
        key_id_for(key.as_bytes()).to_be_bytes(),
        [digest[0], digest[1], digest[2], digest[3]]
    );
    assert_ne!(
        key_id_for(key.as_bytes()),
        key_id_for(neighbour_key().verifying_key().as_bytes())
    );
}

#[test]
fn the_file_round_trips_and_carries_its_format_marker() {
    let list = trust();
    let json = list.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], "kakou-trust-1");
    assert_eq!(value["keys"][0]["community"], OUR_COMMUNITY);
    assert_eq!(
        value["keys"][0]["public_key"],
        our_key()
            .verifying_key()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    assert_eq!(TrustList::from_json(&json), Ok(list));
}

/// A valid file with one edit applied to its JSON value.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&trust().to_json()).unwrap();
    edit(&mut value);
    value.to_string()
}

#[test]
fn a_file_without_the_right_format_marker_is_refused() {
    let wrong = edited(|v| v["format"] = "kakou-trust-2".into());
    assert_eq!(
        TrustList::from_json(&wrong),
        Err(TrustError::WrongFormat {
            found: "kakou-trust-2".into()
        })
    );
    // Deserializing a TrustList directly (as the sync wire types will) checks too.
    assert!(serde_json::from_str::<TrustList>(&wrong).is_err());
    let missing = edited(|v| {
        v.as_object_mut().unwrap().remove("format");
    });
    assert!(matches!(
        TrustList::from_json(&missing),
        Err(TrustError::Json(_))
    ));
    assert!(matches!(
        TrustList::from_json("[]"),
        Err(TrustError::Json(_))
    ));
    assert!(matches!(TrustList::from_json(""), Err(TrustError::Json(_))));
}

#[test]
fn inconsistent_entries_are_refused() {
    let wrong_id = edited(|v| v["keys"][0]["key_id"] = 1.into());
    assert!(matches!(
        TrustList::from_json(&wrong_id),
        Err(TrustError::KeyIdMismatch { index: 0, .. })
    ));

    let short_key = edited(|v| v["keys"][1]["public_key"] = "abcd".into());
    let err = TrustList::from_json(&short_key).unwrap_err();
    assert!(
        matches!(err, TrustError::Json(ref m) if m.contains("64 hex digits")),
        "{err}"
    );

    let empty_community = edited(|v| v["keys"][1]["community"] = " ".into());
    assert_eq!(
        TrustList::from_json(&empty_community),
        Err(TrustError::EmptyCommunity { index: 1 })
    );

    let extra_field = edited(|v| v["keys"][0]["comment"] = "x".into());
    assert!(matches!(
        TrustList::from_json(&extra_field),
        Err(TrustError::Json(_))
    ));

    let ours = TrustedKey::new(OUR_COMMUNITY, &our_key().verifying_key());
    let mut claimed_by_neighbour = ours.clone();
    claimed_by_neighbour.community = NEIGHBOUR_COMMUNITY.into();
    assert_eq!(
        TrustList::new(vec![ours, claimed_by_neighbour]),
        Err(TrustError::DuplicateKey { index: 1 })
    );
}

#[test]
fn a_weak_or_invalid_public_key_is_refused() {
    // The identity point is a valid encoding but a key of small order, under
    // which anyone could forge signatures.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let weak = TrustedKey {
        key_id: key_id_for(&identity),
        community: OUR_COMMUNITY.into(),
        public_key: identity,
        role: Default::default(),
    };
    assert_eq!(
        TrustList::new(vec![weak]),
        Err(TrustError::InvalidPublicKey { index: 0 })
    );

    // Find an encoding that is not a point on the curve at all.
    let not_a_point = (0u8..=255)
        .map(|b| [b; 32])
        .find(|bytes| ed25519_dalek::VerifyingKey::from_bytes(bytes).is_err())
        .unwrap();
    let invalid = TrustedKey {
        key_id: key_id_for(&not_a_point),
        community: OUR_COMMUNITY.into(),
        public_key: not_a_point,
        role: Default::default(),
    };
    assert_eq!(
        TrustList::new(vec![invalid]),
        Err(TrustError::InvalidPublicKey { index: 0 })
    );
}
