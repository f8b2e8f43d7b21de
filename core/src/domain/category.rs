use serde::{Deserialize, Serialize};

/// What kind of person a pass belongs to; the printed card's colour follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 居民: green card.
    Resident,
    /// 租户: blue card.
    Tenant,
    /// 返乡: red card, for people back from outside within the last 14 days.
    Returned,
    /// 访客: pink card, valid for one visit.
    Visitor,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Resident,
        Category::Tenant,
        Category::Returned,
        Category::Visitor,
    ];

    /// The stable machine code, as stored and as written in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Category::Resident => "resident",
            Category::Tenant => "tenant",
            Category::Returned => "returned",
            Category::Visitor => "visitor",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The colour word printed on the card and said at the gate.
    pub fn colour(self) -> &'static str {
        match self {
            Category::Resident => "green",
            Category::Tenant => "blue",
            Category::Returned => "red",
            Category::Visitor => "pink",
        }
    }

    /// The card's colour as red, green and blue: the one palette the gate
    /// screen, the printed card and the kiosk's theme all use, so that the
    /// band on the card and the band on the screen are the same colour.
    /// Chosen for print first (they stay distinct on a cheap inkjet and for
    /// the most common colour blindness, by lightness as well as hue).
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Category::Resident => [0x1b, 0x8a, 0x3c],
            Category::Tenant => [0x1f, 0x5f, 0xbf],
            Category::Returned => [0xd0, 0x2b, 0x2b],
            Category::Visitor => [0xd9, 0x4f, 0x94],
        }
    }

    /// The card's Chinese label, as community offices print it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Resident => "绿码 居民",
            Category::Tenant => "蓝码 租户",
            Category::Returned => "红码 返乡",
            Category::Visitor => "粉码 访客",
        }
    }

    /// Reads the words a ledger uses for a category, in Chinese or English.
    pub fn from_ledger_word(word: &str) -> Option<Category> {
        match word.trim().to_ascii_lowercase().as_str() {
            "居民" | "业主" | "resident" | "owner" => Some(Category::Resident),
            "租户" | "tenant" => Some(Category::Tenant),
            "返乡" | "返回" | "返乡人员" | "returned" => Some(Category::Returned),
            "访客" | "visitor" => Some(Category::Visitor),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_its_own_colour_and_code() {
        for (i, a) in Category::ALL.iter().enumerate() {
            assert_eq!(Category::from_code(a.code()), Some(*a));
            for b in &Category::ALL[i + 1..] {
                assert_ne!(a.rgb(), b.rgb(), "{a:?} and {b:?}");
            }
        }
    }
}
