//! Each verification reason on its own, and the precedence between them.

mod pass_common;

use std::cell::RefCell;

use ed25519_dalek::Signer;
use kakou_core::domain::Category;
use kakou_core::pass::{
    KeyRole, PassCheck, SIGNATURE_CONTEXT, TrustList, TrustedKey, Verification, decode, issue,
    verify,
};
use pass_common::*;

fn check(
    text: &str,
    is_revoked: impl Fn(u32, u64) -> bool,
    day: chrono::NaiveDate,
) -> Verification {
    verify(text, &trust(), OUR_COMMUNITY, is_revoked, day)
}

fn our_pass() -> String {
    issue(&claims(&our_key(), "张三"), &our_key()).unwrap()
}

#[test]
fn malformed_texts_carry_no_claims() {
    for text in [
        "", "KK1:", "KK1:BB8", "hello", "KK2:ABC", "kk1:ABC", "KK1:abc",
    ] {
        let result = check(text, never_revoked, today());
        assert_eq!(result.check, PassCheck::Malformed, "{text:?}");
        assert_eq!(result.claims, None);
        assert!(!result.claims_are_authentic());
    }
}

#[test]
fn a_key_missing_from_the_trust_list_is_unknown_key_with_unverified_claims() {
    let claims = claims(&stranger_key(), "张三");
    let text = issue(&claims, &stranger_key()).unwrap();
    let result = check(&text, never_revoked, today());
    assert_eq!(result.check, PassCheck::UnknownKey);
    assert_eq!(result.claims, Some(claims));
    assert!(!result.claims_are_authentic());

    let empty = TrustList::default();
    let result = verify(&our_pass(), &empty, OUR_COMMUNITY, never_revoked, today());
    assert_eq!(result.check, PassCheck::UnknownKey);
}

#[test]
fn a_pass_signed_by_another_key_under_our_key_id_is_bad_signature() {
    // A forger who knows our key id signs with their own key.
    let pass = decode(&our_pass()).unwrap();
    let mut forged = pass.clone();
    let mut message = SIGNATURE_CONTEXT.to_vec();
    message.extend_from_slice(&forged.signed_bytes);
    forged.signature = stranger_key().sign(&message).to_bytes();
    let result = check(&forged.to_text(), never_revoked, today());
    assert_eq!(result.check, PassCheck::BadSignature);
    assert_eq!(result.claims, Some(pass.claims));
    assert!(!result.claims_are_authentic());
}

#[test]
fn a_signature_without_the_context_is_bad_signature() {
    // The right key, but over the bare payload: the domain separation matters.
    let mut pass = decode(&our_pass()).unwrap();
    pass.signature = our_key().sign(&pass.signed_bytes).to_bytes();
    assert_eq!(
        check(&pass.to_text(), never_revoked, today()).check,
        PassCheck::BadSignature
    );
}

#[test]
fn an_edited_holder_name_is_bad_signature() {
    let pass = decode(&our_pass()).unwrap();
    let mut edited = pass.clone();
    let name_start = edited.signed_bytes.len() - "张三".len();
    edited.signed_bytes.truncate(name_start);
    edited.signed_bytes.extend_from_slice("李四".as_bytes());
    let result = check(&edited.to_text(), never_revoked, today());
    assert_eq!(result.check, PassCheck::BadSignature);
    assert_eq!(result.claims.unwrap().holder, "李四");
}

#[test]
fn a_neighbour_s_genuine_pass_is_other_community() {
    let text = issue(&claims(&neighbour_key(), "张三"), &neighbour_key()).unwrap();
    let result = check(&text, never_revoked, today());
    assert_eq!(result.check, PassCheck::OtherCommunity);
    assert!(result.claims_are_authentic());
    // The neighbour's own gate accepts it.
    let theirs = verify(&text, &trust(), NEIGHBOUR_COMMUNITY, never_revoked, today());
    assert_eq!(theirs.check, PassCheck::Ok);
}

#[test]
fn a_revoked_serial_is_revoked_and_key_and_serial_are_what_is_asked() {
    let asked = RefCell::new(Vec::new());
    let key_id = verify(&our_pass(), &trust(), OUR_COMMUNITY, never_revoked, today())
        .claims
        .unwrap()
        .key_id;
    let result = check(
        &our_pass(),
        |key, serial| {
            asked.borrow_mut().push((key, serial));
            (key, serial) == (key_id, 1024)
        },
        today(),
    );
    assert_eq!(result.check, PassCheck::Revoked);
    assert_eq!(asked.into_inner(), vec![(key_id, 1024)]);
    assert_eq!(
        check(&our_pass(), |_, s| s == 1025, today()).check,
        PassCheck::Ok
    );
    // The same serial revoked under another key is another card.
    assert_eq!(
        check(&our_pass(), |k, s| k != key_id && s == 1024, today()).check,
        PassCheck::Ok
    );
}

#[test]
fn validity_days_are_inclusive_at_both_ends() {
    let text = our_pass();
    let at = |day| check(&text, never_revoked, day).check;
    assert_eq!(at(date(2026, 10, 31)), PassCheck::NotYetValid);
    assert_eq!(at(date(2026, 11, 1)), PassCheck::Ok);
    assert_eq!(at(date(2027, 1, 31)), PassCheck::Ok);
    assert_eq!(at(date(2027, 2, 1)), PassCheck::Expired);
}

#[test]
fn the_reasons_come_in_their_documented_precedence() {
    let always_revoked = |_, _| true;
    let expired_day = date(2027, 2, 1);

    // Revoked outranks expired and not yet valid.
    assert_eq!(
        check(&our_pass(), always_revoked, expired_day).check,
        PassCheck::Revoked
    );
    assert_eq!(
        check(&our_pass(), always_revoked, date(2026, 1, 1)).check,
        PassCheck::Revoked
    );

    // Another community outranks revoked and expired, and our revocation list
    // is never asked about a foreign serial.
    let neighbour = issue(&claims(&neighbour_key(), "张三"), &neighbour_key()).unwrap();
    let asked = RefCell::new(0);
    let result = check(
        &neighbour,
        |_, _| {
            *asked.borrow_mut() += 1;
            true
        },
        expired_day,
    );
    assert_eq!(result.check, PassCheck::OtherCommunity);
    assert_eq!(asked.into_inner(), 0);

    // A bad signature outranks everything after it: nothing on a forged card
    // is believed, not even its community.
    let mut forged = decode(&neighbour).unwrap();
    forged.signature[0] ^= 1;
    assert_eq!(
        check(&forged.to_text(), always_revoked, expired_day).check,
        PassCheck::BadSignature
    );

    // An unknown key outranks a bad signature: without the key, the signature
    // cannot be judged.
    let mut unknown =
        decode(&issue(&claims(&stranger_key(), "张三"), &stranger_key()).unwrap()).unwrap();
    unknown.signature[0] ^= 1;
    assert_eq!(
        check(&unknown.to_text(), always_revoked, expired_day).check,
        PassCheck::UnknownKey
    );
}

#[test]
fn a_visitor_key_signs_pink_passes_and_nothing_else() {
    let visitor_key = stranger_key();
    let mut as_visitor = TrustedKey::new(OUR_COMMUNITY, &visitor_key.verifying_key());
    as_visitor.role = KeyRole::Visitor;
    let mut keys = trust().keys().to_vec();
    keys.push(as_visitor);
    let trust = TrustList::new(keys).unwrap();
    let mut pink = claims(&visitor_key, "访客");
    pink.category = Category::Visitor;
    let pink = issue(&pink, &visitor_key).unwrap();
    let resident = issue(&claims(&visitor_key, "张三"), &visitor_key).unwrap();
    let check = |text: &str| verify(text, &trust, OUR_COMMUNITY, never_revoked, today()).check;
    assert_eq!(check(&pink), PassCheck::Ok);
    assert_eq!(check(&resident), PassCheck::BadSignature);
}
