//! Fuzzes the pass decoder and verifier: any text a scanner could deliver
//! must come back as a reason, never as a panic.

#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use kakou_core::pass::{PassCheck, TrustList, TrustedKey, decode, verify};
use libfuzzer_sys::fuzz_target;

static TRUST: LazyLock<TrustList> = LazyLock::new(|| {
    let key = SigningKey::from_bytes(&[42; 32]);
    TrustList::new(vec![TrustedKey::new("幸福里", &key.verifying_key())]).unwrap()
});

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Base45 of arbitrary bytes, so that most inputs get past the text layer
/// and exercise the payload parser and the signature check.
fn base45(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(2) {
        let mut n = chunk.iter().fold(0u32, |acc, b| acc * 256 + u32::from(*b));
        for _ in 0..chunk.len() + 1 {
            out.push(ALPHABET[(n % 45) as usize] as char);
            n /= 45;
        }
    }
    out
}

fn check(text: &str) {
    let _ = decode(text);
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let result = verify(text, &TRUST, "幸福里", |_, serial| serial % 7 == 0, day);
    // Nobody without the fuzzer's key can make a pass that verifies.
    assert_ne!(result.check, PassCheck::Ok, "forged pass accepted: {text:?}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    check(&format!("KK1:{}", base45(data)));
});
