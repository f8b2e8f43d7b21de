//! The shift lead's PIN, which guards the kiosk's lead screen.

use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{AppError, Terminal};
use crate::store::{StoreError, meta};

const PIN_KEY: &str = "lead_pin";

/// Whether a typed PIN opens the lead screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Ok,
    Wrong,
    /// No PIN was ever set: the lead screen stays closed until one is.
    NotSet,
}

/// A PIN is 4 to 8 digits: typed on the kiosk keypad with gloves.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn digest(salt: &str, pin: &str) -> String {
    let hash = Sha256::digest(format!("{salt}:{pin}").as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores the lead PIN salted and hashed, so that reading the store file
/// does not reveal it.
pub fn set(terminal: &mut Terminal, pin: &str) -> Result<(), AppError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt: String = salt.iter().map(|b| format!("{b:02x}")).collect();
    let value = format!("{salt}${}", digest(&salt, pin));
    Ok(terminal
        .store_mut()
        .write(|tx| meta::set(tx, PIN_KEY, &value))?)
}

pub fn check(terminal: &Terminal, pin: &str) -> Result<PinCheck, AppError> {
    let Some(stored) = meta::get(terminal.store().conn(), PIN_KEY)? else {
        return Ok(PinCheck::NotSet);
    };
    let Some((salt, hash)) = stored.split_once('$') else {
        return Err(StoreError::Damaged("lead PIN record".into()).into());
    };
    Ok(if digest(salt, pin) == hash {
        PinCheck::Ok
    } else {
        PinCheck::Wrong
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    #[test]
    fn pin_is_checked_against_its_salted_hash() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        assert_eq!(check(&t, "1234").unwrap(), PinCheck::NotSet);
        set(&mut t, "1234").unwrap();
        assert_eq!(check(&t, "1234").unwrap(), PinCheck::Ok);
        assert_eq!(check(&t, "4321").unwrap(), PinCheck::Wrong);
        let raw = meta::get(t.store().conn(), PIN_KEY).unwrap().unwrap();
        assert!(!raw.contains("1234"), "the PIN is not stored in the clear");
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid_pin("1234") && valid_pin("12345678"));
        assert!(!valid_pin("123") && !valid_pin("123456789") && !valid_pin("12a4"));
    }
}
