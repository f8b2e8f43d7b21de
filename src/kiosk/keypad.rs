//! The on-screen keypads: what a key press does to the text typed so far.
//! Pure, so the UI thread handles keys without a round trip to the worker.

/// A temperature: at most two digits, a point, one decimal ("36.5").
pub fn temperature_key(current: &str, key: &str) -> String {
    let mut next = current.to_string();
    match key {
        "." if !next.is_empty() && !next.contains('.') => next.push('.'),
        digit if digit.len() == 1 && digit.bytes().all(|b| b.is_ascii_digit()) => {
            let (whole, decimals) = match next.split_once('.') {
                Some((w, d)) => (w.len(), Some(d.len())),
                None => (next.len(), None),
            };
            match decimals {
                None if whole < 2 => next.push_str(digit),
                // Typing "365" means 36.5: the point is implied after two digits.
                None => {
                    next.push('.');
                    next.push_str(digit);
                }
                Some(0) => next.push_str(digit),
                Some(_) => {}
            }
        }
        _ => {}
    }
    next
}

/// A PIN: digits only, at most 8.
pub fn pin_key(current: &str, key: &str) -> String {
    let mut next = current.to_string();
    if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) && next.len() < 8 {
        next.push_str(key);
    }
    next
}

/// A supplies quantity: digits only, at most 7 (the core refuses more
/// than a million at once), without leading zeros.
pub fn quantity_key(current: &str, key: &str) -> String {
    let mut next = current.to_string();
    if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) && next.len() < 7 {
        if next == "0" {
            next.clear();
        }
        next.push_str(key);
    }
    next
}

/// Removes the last character typed.
pub fn erase(current: &str) -> String {
    let mut next = current.to_string();
    next.pop();
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_keys(keys: &[&str]) -> String {
        keys.iter()
            .fold(String::new(), |t, k| temperature_key(&t, k))
    }

    #[test]
    fn temperatures_take_one_decimal_and_imply_the_point() {
        assert_eq!(type_keys(&["3", "6", ".", "5"]), "36.5");
        assert_eq!(type_keys(&["3", "6", "5"]), "36.5");
        assert_eq!(type_keys(&["3", "6", ".", "5", "7"]), "36.5");
        assert_eq!(type_keys(&[".", "3", "7", ".", "."]), "37.");
        assert_eq!(erase("36.5"), "36.");
        assert_eq!(erase(""), "");
    }

    #[test]
    fn pins_are_digits_up_to_eight() {
        let pin = ["1", "2", "x", "3", "4", "5", "6", "7", "8", "9"]
            .iter()
            .fold(String::new(), |t, k| pin_key(&t, k));
        assert_eq!(pin, "12345678");
    }

    #[test]
    fn quantities_are_digits_up_to_seven_without_leading_zeros() {
        let typed = |keys: &[&str]| keys.iter().fold(String::new(), |t, k| quantity_key(&t, k));
        assert_eq!(typed(&["0", "0", "2", "x", ".", "5"]), "25");
        assert_eq!(typed(&["0"]), "0");
        assert_eq!(typed(&["9"; 9]), "9999999");
    }
}
