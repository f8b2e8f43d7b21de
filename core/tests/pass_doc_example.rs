//! The worked example and the trust file sample in `docs/pass-format.md` are
//! real: regenerated here from the documented key and claims, and verified.

mod pass_common;

use kakou_core::domain::Category;
use kakou_core::pass::{PassCheck, PassClaims, TrustList, decode, issue, key_id_for, verify};
use pass_common::*;

const DOC: &str = include_str!("../../docs/pass-format.md");

/// The lines of the fenced block that follows the first line starting with `heading`.
fn block_after(heading: &str) -> Vec<&'static str> {
    let start = DOC
        .lines()
        .position(|line| line.starts_with(heading))
        .unwrap_or_else(|| panic!("no `{heading}` in the doc"));
    DOC.lines()
        .skip(start)
        .skip_while(|line| !line.starts_with("```"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .collect()
}

/// The hex bytes at the start of each line, up to the first word that is not
/// a byte (the comments of the payload table).
fn hex_bytes(lines: &[&str]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|line| {
            line.split_whitespace()
                .map_while(|word| (word.len() == 2).then(|| u8::from_str_radix(word, 16).ok())?)
        })
        .collect()
}

fn documented_claims() -> PassClaims {
    PassClaims {
        serial: 1024,
        key_id: key_id_for(our_key().verifying_key().as_bytes()),
        category: Category::Resident,
        returned_until: Some(date(2026, 11, 30)),
        household_ref: 305,
        holder: "张三".into(),
        valid_from: date(2026, 11, 1),
        valid_until: date(2027, 1, 31),
    }
}

fn documented_text() -> &'static str {
    let texts: Vec<&str> = DOC.lines().filter(|l| l.starts_with("KK1:")).collect();
    assert_eq!(texts.len(), 1, "the doc has exactly one example text");
    texts[0]
}

#[test]
fn the_documented_text_is_what_the_documented_key_issues() {
    // The example key is the test fixture's: 32 bytes of 0x07.
    let text = issue(&documented_claims(), &our_key()).unwrap();
    assert_eq!(documented_text(), text);
    assert!(DOC.contains(&format!("Text ({} characters", text.len())));
}

#[test]
fn the_documented_bytes_are_the_text_s_bytes() {
    let pass = decode(documented_text()).unwrap();
    let payload = hex_bytes(&block_after("Payload ("));
    assert!(DOC.contains(&format!("Payload ({} bytes)", payload.len())));
    assert_eq!(payload, pass.signed_bytes);
    assert_eq!(
        hex_bytes(&block_after("Signature (64 bytes)")),
        pass.signature
    );
}

#[test]
fn the_documented_text_verifies_with_the_documented_trust_file() {
    let trust =
        TrustList::from_json(&block_after("`kakou keys export` writes").join("\n")).unwrap();
    let key = &trust.keys()[0];
    assert_eq!(key.public_key, *our_key().verifying_key().as_bytes());
    assert_eq!(key.community, OUR_COMMUNITY);
    let public_key_line = DOC
        .lines()
        .find_map(|line| line.strip_prefix("public_key:"))
        .unwrap();
    let listed: String = key.public_key.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(public_key_line.trim(), listed);
    assert!(DOC.contains(&format!(
        "key_id:         {:08x} ({})",
        key.key_id, key.key_id
    )));

    let result = verify(
        documented_text(),
        &trust,
        OUR_COMMUNITY,
        never_revoked,
        today(),
    );
    assert_eq!(result.check, PassCheck::Ok);
    let claims = result.claims.unwrap();
    assert_eq!(claims, documented_claims());
    assert_eq!(claims.effective_category(today()), Category::Returned);
    assert_eq!(
        claims.effective_category(date(2026, 12, 1)),
        Category::Resident
    );
}
