//! How the lead PIN is kept in the store.
//!
//! Today's records are Argon2id hashes as PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`): the string names its
//! algorithm, version and parameters, so a record made with other
//! parameters still verifies, and is rewritten with today's on the next
//! right PIN. The records kakou wrote before (`<salt hex>$<sha256 hex>`, one
//! salted SHA-256, cracked in under a second) still verify, in constant
//! time, and are rewritten the same way.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Argon2id's memory in KiB, passes and lanes: OWASP's first choice for
/// Argon2id. Checking a PIN took 23 ms at best and 30 ms at the median
/// (release build, 50 checks) on the 2-core Xeon kakou is developed on,
/// with other builds running; a slow tablet core is perhaps five to ten
/// times slower, well under a second. `kakou lead-pin` says what it cost on
/// the machine it ran on.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None)
        .expect("the lead PIN's Argon2 parameters are within Argon2's limits");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// What a PIN is, against a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The right PIN; `outdated` when the record should be rewritten with
    /// today's hash.
    Right {
        outdated: bool,
    },
    Wrong,
}

/// Why a record could not be read or made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RecordError {
    /// The stored record is neither of the two forms kakou writes.
    Damaged,
    /// Hashing failed: the system gave no random salt.
    Hash(String),
}

/// A new record for `pin`, with a fresh random salt.
pub(super) fn hash(pin: &str) -> Result<String, RecordError> {
    argon2()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| RecordError::Hash(e.to_string()))
}

/// Checks `pin` against a stored record of either form.
pub(super) fn verify(record: &str, pin: &str) -> Result<Verdict, RecordError> {
    if record.starts_with('$') {
        verify_argon2(record, pin)
    } else {
        verify_sha256(record, pin)
    }
}

fn verify_argon2(record: &str, pin: &str) -> Result<Verdict, RecordError> {
    let parsed = PasswordHash::new(record).map_err(|_| RecordError::Damaged)?;
    // Only Argon2id is ever written; a record without salt or hash would
    // verify nothing and is as damaged as one with another algorithm.
    if parsed.algorithm != Algorithm::Argon2id.ident()
        || parsed.salt.is_none()
        || parsed.hash.is_none()
    {
        return Err(RecordError::Damaged);
    }
    let params = Params::try_from(&parsed).map_err(|_| RecordError::Damaged)?;
    // The crate compares the hashes in constant time.
    match argon2().verify_password(pin.as_bytes(), &parsed) {
        Ok(()) => Ok(Verdict::Right {
            outdated: parsed.version != Some(Version::V0x13.into())
                || params.m_cost() != MEMORY_KIB
                || params.t_cost() != PASSES
                || params.p_cost() != LANES
                || params.output_len() != Some(Params::DEFAULT_OUTPUT_LEN),
        }),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(Verdict::Wrong),
        Err(_) => Err(RecordError::Damaged),
    }
}

/// The record kakou wrote before Argon2id: 16 random bytes in hex, `$`,
/// and the SHA-256 of `<salt hex>:<pin>` in hex.
fn verify_sha256(record: &str, pin: &str) -> Result<Verdict, RecordError> {
    let (salt, stored) = record.split_once('$').ok_or(RecordError::Damaged)?;
    let stored = hex(stored).ok_or(RecordError::Damaged)?;
    if salt.is_empty() || stored.len() != 32 {
        return Err(RecordError::Damaged);
    }
    let typed = Sha256::digest(format!("{salt}:{pin}").as_bytes());
    Ok(if bool::from(typed.as_slice().ct_eq(&stored)) {
        Verdict::Right { outdated: true }
    } else {
        Verdict::Wrong
    })
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as kakou wrote it before Argon2id, for the PIN 2468.
    const OLD_2468: &str = "00112233445566778899aabbccddeeff$814f2273a5a19c8806408686e59952b2d1f64600175a328a7b32c4c2cbe00d20";

    #[test]
    fn an_old_sha256_record_verifies_and_asks_to_be_rewritten() {
        assert_eq!(
            verify(OLD_2468, "2468"),
            Ok(Verdict::Right { outdated: true })
        );
        assert_eq!(verify(OLD_2468, "2469"), Ok(Verdict::Wrong));
        assert_eq!(verify(OLD_2468, ""), Ok(Verdict::Wrong));
    }

    #[test]
    fn a_new_record_is_argon2id_with_todays_parameters_and_a_fresh_salt() {
        let record = hash("2468").unwrap();
        assert!(
            record.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{record}"
        );
        assert!(!record.contains("2468"));
        assert_ne!(
            record,
            hash("2468").unwrap(),
            "each record has its own salt"
        );
        assert_eq!(
            verify(&record, "2468"),
            Ok(Verdict::Right { outdated: false })
        );
        assert_eq!(verify(&record, "24680"), Ok(Verdict::Wrong));
    }

    #[test]
    fn a_record_with_other_parameters_verifies_and_asks_to_be_rewritten() {
        let weaker = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"2468")
        .unwrap()
        .to_string();
        assert_eq!(
            verify(&weaker, "2468"),
            Ok(Verdict::Right { outdated: true })
        );
        assert_eq!(verify(&weaker, "1357"), Ok(Verdict::Wrong));
    }

    #[test]
    fn damaged_records_are_errors_not_wrong_pins() {
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"2468")
        .unwrap()
        .to_string();
        for record in [
            "",
            "no dollar",
            "$argon2id$v=19$m=19456,t=2,p=1",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ",
            argon2i.as_str(),
            "0011$abcd",
            "0011$zz4f2273a5a19c8806408686e59952b2d1f64600175a328a7b32c4c2cbe00d20",
            "$814f2273a5a19c8806408686e59952b2d1f64600175a328a7b32c4c2cbe00d20",
        ] {
            assert_eq!(
                verify(record, "2468"),
                Err(RecordError::Damaged),
                "{record:?}"
            );
        }
    }
}
