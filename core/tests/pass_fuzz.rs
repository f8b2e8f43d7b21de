//! Properties over generated input: reading never panics, and every claim the
//! format can carry survives issue → decode unchanged within the QR budget.

mod pass_common;

use chrono::NaiveDate;
use kakou_core::domain::Category;
use kakou_core::pass::{
    DATE_EPOCH, MAX_HOLDER_BYTES, MAX_SERIAL, MAX_TEXT_CHARS, PassCheck, PassClaims, decode, issue,
    key_id_for, verify,
};
use pass_common::*;
use proptest::prelude::*;
use qrcode::{EcLevel, QrCode, Version};

const BASE45_ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

fn verify_any(text: &str) -> PassCheck {
    verify(
        text,
        &trust(),
        OUR_COMMUNITY,
        |_, serial| serial % 2 == 0,
        today(),
    )
    .check
}

fn base45_text(max_len: usize) -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = BASE45_ALPHABET.chars().collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..max_len)
        .prop_map(|chars| chars.into_iter().collect())
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (0u64..=u64::from(u16::MAX)).prop_map(|days| DATE_EPOCH + chrono::Days::new(days))
}

/// Names of up to the byte budget from Chinese, Latin and other scripts.
fn holder() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[张王李赵欧阳司马A-Za-z·' éü]{1,42}")
        .unwrap()
        .prop_filter("within the byte budget", |name| {
            name.len() <= MAX_HOLDER_BYTES
        })
}

fn claims_strategy() -> impl Strategy<Value = PassClaims> {
    (
        0..=MAX_SERIAL,
        prop_oneof![
            Just(Category::Resident),
            Just(Category::Tenant),
            Just(Category::Visitor)
        ],
        proptest::option::of(day()),
        any::<u32>(),
        holder(),
        day(),
        day(),
    )
        .prop_map(
            |(serial, category, returned_until, household_ref, holder, a, b)| PassClaims {
                serial,
                key_id: key_id_for(our_key().verifying_key().as_bytes()),
                category,
                returned_until,
                household_ref,
                holder,
                valid_from: a.min(b),
                valid_until: a.max(b),
            },
        )
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = decode(&text);
        prop_assert_eq!(verify_any(&text), PassCheck::Malformed);
    }

    #[test]
    fn prefixed_base45_strings_never_panic(body in base45_text(260)) {
        let text = format!("KK1:{body}");
        let _ = decode(&text);
        // Random bytes cannot carry a signature by a trusted key.
        let check = verify_any(&text);
        prop_assert!(
            matches!(check, PassCheck::Malformed | PassCheck::UnknownKey | PassCheck::BadSignature),
            "{:?}", check
        );
    }

    #[test]
    fn any_carriable_claims_round_trip_within_the_budget(claims in claims_strategy()) {
        let text = issue(&claims, &our_key()).unwrap();
        prop_assert!(text.len() <= MAX_TEXT_CHARS);
        let code = QrCode::with_error_correction_level(&text, EcLevel::M).unwrap();
        prop_assert!(matches!(code.version(), Version::Normal(v) if v <= 8), "{:?}", code.version());
        let pass = decode(&text).unwrap();
        prop_assert_eq!(&pass.claims, &claims);
        prop_assert_eq!(pass.to_text(), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary bytes after a valid header: either refused as malformed or
    /// decoded, never a panic.
    #[test]
    fn a_valid_pass_with_its_body_replaced_never_panics(
        tail in base45_text(200),
        cut in 4usize..190,
    ) {
        let text = issue(&claims(&our_key(), "张三"), &our_key()).unwrap();
        let cut = cut.min(text.len());
        let spliced = format!("{}{tail}", &text[..cut]);
        let check = verify_any(&spliced);
        prop_assert!(check != PassCheck::Ok || spliced == text, "{:?}", spliced);
    }
}
