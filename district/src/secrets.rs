//! Enrolment codes, terminal tokens and users' passwords.
//!
//! Codes and tokens are random and long, so a plain SHA-256 is enough to
//! keep them useless to whoever reads the database; only their hashes are
//! stored. Users' passwords are chosen by people and get Argon2id.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::Rng;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or
/// typed from paper has no look-alike letters.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new one-time enrolment code: 16 characters (80 bits) in four groups,
/// e.g. `7KQ2-M9XD-3HCT-W0PB`.
pub fn new_enroll_code() -> String {
    let mut rng = OsRng;
    let chars: Vec<char> = (0..16)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..32)] as char)
        .collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as the district hashes it: case, spaces and hyphens dropped,
/// and the letters Crockford reads as digits (O → 0, I and L → 1) mapped.
pub fn normalise_enroll_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// A new bearer token for a terminal: 32 random bytes as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill(&mut bytes);
    hex(&bytes)
}

/// SHA-256 of a secret as 64 hex digits: what the database stores.
pub fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The shortest password `user add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing the password failed: {e}"))
}

/// Whether `password` matches a PHC string made by [`hash_password`].
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_read_back_however_typed() {
        let code = new_enroll_code();
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        assert_ne!(code, new_enroll_code());
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(normalise_enroll_code(&typed), code.replace('-', ""));
        assert_eq!(normalise_enroll_code("o1-il"), "0111");
    }

    #[test]
    fn tokens_are_long_and_only_their_hash_is_kept() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        let hash = sha256_hex(&token);
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, token);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn passwords_are_argon2id_and_verify() {
        let phc = hash_password("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("wrong horse", &phc));
        assert!(!verify_password("correct horse", "not a hash"));
    }
}
