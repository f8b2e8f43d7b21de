//! Issue → decode → verify, and the size budget against a real QR encoder.

mod pass_common;

use kakou_core::domain::Category;
use kakou_core::pass::{
    MAX_HOLDER_BYTES, MAX_TEXT_CHARS, PassCheck, PassError, decode, issue, verify,
};
use pass_common::*;
use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};

/// The QR version the `qrcode` crate picks at error correction level M with
/// its automatic segmentation, as a printer using the crate's defaults gets.
fn qr_version_m(text: &str) -> i16 {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
    normal_version(code.version())
}

/// The smallest QR version at level M that holds the text as one alphanumeric
/// segment, the figure the budget in docs/pass-format.md is computed for.
fn single_segment_version_m(text: &str) -> i16 {
    (1..=40)
        .find(|&v| {
            let mut bits = Bits::new(Version::Normal(v));
            bits.push_alphanumeric_data(text.as_bytes()).is_ok()
                && bits.push_terminator(EcLevel::M).is_ok()
                && QrCode::with_bits(bits, EcLevel::M).is_ok()
        })
        .unwrap()
}

fn normal_version(version: Version) -> i16 {
    match version {
        Version::Normal(v) => v,
        Version::Micro(v) => panic!("expected a normal QR code, got micro version {v}"),
    }
}

#[test]
fn an_issued_pass_decodes_to_its_claims_and_verifies() {
    let claims = claims(&our_key(), "张三");
    let text = issue(&claims, &our_key()).unwrap();
    assert!(text.starts_with("KK1:"));

    let pass = decode(&text).unwrap();
    assert_eq!(pass.claims, claims);
    assert_eq!(pass.to_text(), text);
    assert!(pass.is_signed_by(&our_key().verifying_key()));
    assert!(!pass.is_signed_by(&neighbour_key().verifying_key()));

    let result = verify(&text, &trust(), OUR_COMMUNITY, never_revoked, today());
    assert_eq!(result.check, PassCheck::Ok);
    assert!(result.is_ok() && result.claims_are_authentic());
    assert_eq!(result.claims, Some(claims));
}

#[test]
fn the_longest_names_fit_a_version_8_qr_code_at_level_m() {
    let latin = "A".repeat(MAX_HOLDER_BYTES);
    let eight_cjk = "欧阳司马诸葛上官";
    for name in ["张三", eight_cjk, LONGEST_CJK_NAME, latin.as_str()] {
        let text = issue(&claims(&our_key(), name), &our_key()).unwrap();
        let version = qr_version_m(&text);
        eprintln!(
            "{name}: {} bytes, text {} chars, QR version {version}-M",
            name.len(),
            text.len()
        );
        assert!(text.len() <= MAX_TEXT_CHARS, "{name}: {} chars", text.len());
        assert!(version <= 8, "{name}: version {version}");
        assert!(single_segment_version_m(&text) <= 8, "{name}");
        assert_eq!(
            verify(&text, &trust(), OUR_COMMUNITY, never_revoked, today()).check,
            PassCheck::Ok
        );
    }
    assert_eq!(LONGEST_CJK_NAME.len(), MAX_HOLDER_BYTES);
    let text = issue(&claims(&our_key(), LONGEST_CJK_NAME), &our_key()).unwrap();
    assert_eq!(text.len(), 193, "the longest pass is 4 + 189 characters");
}

#[test]
fn a_typical_pass_needs_version_6() {
    let text = issue(&claims(&our_key(), "张三"), &our_key()).unwrap();
    assert_eq!(
        text.len(),
        4 + 135,
        "20 + 6 + 64 = 90 bytes are 135 Base45 characters"
    );
    assert_eq!(single_segment_version_m(&text), 6);
    assert_eq!(qr_version_m(&text), 6);
}

#[test]
fn version_8_at_level_m_holds_221_alphanumeric_characters() {
    // The figure the budget's safety margin in docs/pass-format.md rests on.
    assert_eq!(single_segment_version_m(&"A".repeat(221)), 8);
    assert_eq!(single_segment_version_m(&"A".repeat(222)), 9);
    assert_eq!(qr_version_m(&"A".repeat(221)), 8);
    assert_eq!(qr_version_m(&"A".repeat(222)), 9);
}

#[test]
fn the_documented_name_lengths_per_qr_version_hold() {
    // docs/pass-format.md: as one alphanumeric segment, up to 16 bytes of name
    // fit version 6, up to 32 version 7, up to 42 version 8. The crate's
    // automatic segmentation may cut digit runs into numeric segments and then
    // occasionally need one version more, but never more than 8.
    for bytes in 1..=MAX_HOLDER_BYTES {
        for name in ["A".repeat(bytes), "张".repeat(bytes / 3)] {
            if name.is_empty() {
                continue;
            }
            let text = issue(&claims(&our_key(), &name), &our_key()).unwrap();
            let expected = match name.len() {
                ..=16 => 6,
                17..=32 => 7,
                _ => 8,
            };
            assert_eq!(single_segment_version_m(&text), expected, "{name}");
            let auto = qr_version_m(&text);
            assert!(auto == expected || auto == expected + 1, "{name}: {auto}");
            assert!(auto <= 8, "{name}: {auto}");
        }
    }
}

#[test]
fn a_name_over_the_budget_is_refused_not_truncated() {
    let too_long = format!("{LONGEST_CJK_NAME}晓");
    assert_eq!(
        issue(&claims(&our_key(), &too_long), &our_key()),
        Err(PassError::HolderTooLong { bytes: 45, max: 42 })
    );
    let latin = "A".repeat(MAX_HOLDER_BYTES + 1);
    assert!(matches!(
        issue(&claims(&our_key(), &latin), &our_key()),
        Err(PassError::HolderTooLong { .. })
    ));
}

#[test]
fn issue_refuses_claims_for_another_key() {
    let claims = claims(&neighbour_key(), "张三");
    assert!(matches!(
        issue(&claims, &our_key()),
        Err(PassError::KeyIdMismatch { .. })
    ));
}

#[test]
fn a_returned_holder_is_red_through_the_last_day_and_then_green() {
    let mut claims = claims(&our_key(), "李四");
    claims.returned_until = Some(date(2026, 11, 30));
    let text = issue(&claims, &our_key()).unwrap();
    let at = |day| {
        let result = verify(&text, &trust(), OUR_COMMUNITY, never_revoked, day);
        assert_eq!(result.check, PassCheck::Ok);
        result.claims.unwrap().effective_category(day)
    };
    assert_eq!(at(date(2026, 11, 30)), Category::Returned);
    assert_eq!(at(date(2026, 12, 1)), Category::Resident);
}

#[test]
fn a_scanner_s_enter_is_ignored_but_lower_case_is_not() {
    let text = issue(&claims(&our_key(), "张三"), &our_key()).unwrap();
    for scanned in [
        format!("{text}\r\n"),
        format!("{text}\n"),
        format!(" {text}\t"),
    ] {
        assert_eq!(
            verify(&scanned, &trust(), OUR_COMMUNITY, never_revoked, today()).check,
            PassCheck::Ok
        );
    }
    let lower = text.to_lowercase();
    assert_eq!(
        verify(&lower, &trust(), OUR_COMMUNITY, never_revoked, today()).check,
        PassCheck::Malformed
    );
}

#[test]
fn every_category_survives_the_round_trip() {
    for category in [Category::Resident, Category::Tenant, Category::Visitor] {
        let mut claims = claims(&our_key(), "王五");
        claims.category = category;
        let text = issue(&claims, &our_key()).unwrap();
        assert_eq!(decode(&text).unwrap().claims.category, category);
    }
    let mut claims = claims(&our_key(), "王五");
    claims.category = Category::Returned;
    assert_eq!(
        issue(&claims, &our_key()),
        Err(PassError::ReturnedIsNotABaseCategory)
    );
}
