use serde::{Deserialize, Serialize};

use super::Category;

/// Which kind of identity document a number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// 居民身份证 (GB 11643), including HK/MO/TW residence permits (81/82/83) and
    /// foreigners' permanent residence cards (91), which share the format.
    #[default]
    MainlandId,
    /// 港澳台通行证 / 台胞证.
    HkMoTwPermit,
    Passport,
}

impl DocumentType {
    pub fn code(self) -> &'static str {
        match self {
            DocumentType::MainlandId => "mainland_id",
            DocumentType::HkMoTwPermit => "hk_mo_tw_permit",
            DocumentType::Passport => "passport",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentType> {
        [
            DocumentType::MainlandId,
            DocumentType::HkMoTwPermit,
            DocumentType::Passport,
        ]
        .into_iter()
        .find(|d| d.code() == code)
    }
}

/// A person on the ledger. The document number never leaves the terminal in a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub document_type: DocumentType,
    pub document_number: String,
    pub phone: Option<String>,
    pub household_id: i64,
    pub category: Category,
}

/// Masks all but the first six and last four characters, as the screen shows
/// document numbers by default (`110101********123X`).
pub fn mask_document_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 6 || i >= chars.len() - 4 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_middle_of_an_id_number() {
        assert_eq!(
            mask_document_number("11010119900307123X"),
            "110101********123X"
        );
        assert_eq!(mask_document_number("E1234"), "*****");
    }
}
