//! Properties every validator must keep, whatever it is given: it never
//! panics, and what it stores as normalised is itself accepted again, so a
//! stored value can always be re-checked (after a sync, an import, a replay).

use proptest::prelude::*;

use super::{Verdict, cn_id, cn_mobile, cn_plate, document, free_text, person_name, temperature};
use crate::domain::{DocumentType, Temperature};

/// A validator under a common one-argument signature, with its name for messages.
type Named = (&'static str, Box<dyn Fn(&str) -> Verdict>);

/// Every validator under one signature, so one property covers them all.
fn validators() -> Vec<Named> {
    vec![
        ("cn_id", Box::new(cn_id)),
        ("cn_mobile", Box::new(cn_mobile)),
        ("cn_plate", Box::new(cn_plate)),
        (
            "temperature",
            Box::new(|s| temperature(s, Temperature::DEFAULT_FEVER)),
        ),
        (
            "permit",
            Box::new(|s| document(DocumentType::HkMoTwPermit, s)),
        ),
        (
            "passport",
            Box::new(|s| document(DocumentType::Passport, s)),
        ),
        ("person_name", Box::new(person_name)),
        ("free_text", Box::new(|s| free_text(s, 40))),
    ]
}

fn assert_stable(input: &str) -> Result<(), TestCaseError> {
    for (name, validate) in validators() {
        let verdict = validate(input);
        prop_assert_eq!(
            verdict.valid,
            verdict.normalized.is_some(),
            "{} on {:?}",
            name,
            input
        );
        if let Some(normalized) = &verdict.normalized {
            let again = validate(normalized);
            prop_assert!(
                again.valid,
                "{} accepted {:?} but not its normal form {:?} ({})",
                name,
                input,
                normalized,
                again.reason
            );
            prop_assert_eq!(
                again.normalized.as_ref(),
                Some(normalized),
                "{} on {:?}",
                name,
                input
            );
        }
    }
    Ok(())
}

/// Inputs shaped like the real thing, so that the valid paths are exercised
/// too: arbitrary strings almost never pass a validator.
fn plausible() -> impl Strategy<Value = String> {
    prop_oneof![
        "[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]",
        "[1-9][0-9]{5}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}",
        "( |-)?(\\+86|86)?[ -]?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4} ?",
        "[ ·]?[京沪粤苏浙][a-zA-Z][ ·]?[0-9A-HJ-NP-Za-hj-np-z]{4,6}[学警挂港澳]?",
        "[ \t]{0,2}-?0*[0-9]{1,3}([.,][0-9]{1,4})?[ \t]{0,2}",
        "[ ]?[CHMchm]?[A-Za-z]?[0-9]{7,10}[ ]?",
        "[ ]{0,2}[\\p{Han}A-Za-z·]{1,32}[ ]{0,2}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode_never_panics_and_normal_forms_revalidate(input in any::<String>()) {
        assert_stable(&input)?;
    }

    #[test]
    fn plausible_inputs_keep_normal_forms_valid(input in plausible()) {
        assert_stable(&input)?;
    }

    #[test]
    fn parse_temperature_agrees_with_temperature(input in "[ \t]{0,2}-?[0-9]{1,4}([.,][0-9]{0,4})?[ \t]{0,2}|\\PC{0,8}") {
        let verdict = temperature(&input, Temperature::DEFAULT_FEVER);
        match super::parse_temperature(&input) {
            Ok(value) => prop_assert_eq!(verdict.normalized, Some(value.to_string())),
            Err(reason) => prop_assert_eq!((verdict.valid, verdict.reason.code()), (false, reason.code())),
        }
    }
}
