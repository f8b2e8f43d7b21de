//! The supplies ledger (物资台账) of a checkpoint: items such as masks,
//! gloves, thermometers and disinfectant, and their movements in and out.
//!
//! Stock on hand is never stored; it is a fold over the movements, in the
//! order they were committed. An `out` beyond the stock is refused, so the
//! stock never goes negative; when the shelf and the ledger disagree, the
//! lead counts and records a correction, which sets the stock to the counted
//! amount and keeps the difference for the report.

mod daily;
mod error;
mod stock;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub use daily::{ItemDay, daily, daily_rows};
pub use error::{HistoryError, SupplyError};
pub use stock::{LowStock, Stock, low_stock};

use crate::lang::Lang;
use crate::validate;

/// The store's id of an item.
pub type ItemId = i64;

/// The largest quantity one movement may carry: a typo guard (a pasted
/// phone number is not a delivery of masks), far above any real delivery.
pub const MAX_QUANTITY: u32 = 1_000_000;

/// Something the checkpoint keeps in stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub name: String,
    /// The counting unit as the office says it: 只, 副, 瓶, 套 …
    pub unit: String,
    /// The item shows as low on the lead screen at or below this stock.
    pub low_at: u32,
}

impl Item {
    /// An item with its name and unit checked (trimmed, not empty, short,
    /// no control characters).
    pub fn new(id: ItemId, name: &str, unit: &str, low_at: u32) -> Result<Item, SupplyError> {
        let name_verdict = validate::free_text(name, 30);
        let name = name_verdict.normalized.ok_or(SupplyError::BadItemName {
            reason: name_verdict.reason,
        })?;
        let unit_verdict = validate::free_text(unit, 8);
        let unit = unit_verdict.normalized.ok_or(SupplyError::BadUnit {
            reason: unit_verdict.reason,
        })?;
        if low_at > MAX_QUANTITY {
            return Err(SupplyError::TooMuch);
        }
        Ok(Item {
            id,
            name,
            unit,
            low_at,
        })
    }
}

/// The items a new checkpoint starts with, numbered from 1, with thresholds
/// a community office would set for a gate of a few hundred households.
pub fn default_items(lang: Lang) -> Vec<Item> {
    let list: [(&str, &str, &str, &str, u32); 7] = [
        ("口罩", "只", "masks", "pcs", 200),
        ("手套", "副", "gloves", "pairs", 50),
        ("体温枪", "把", "thermometer guns", "pcs", 2),
        ("消毒液", "瓶", "disinfectant", "bottles", 5),
        ("酒精", "瓶", "alcohol", "bottles", 5),
        ("防护服", "套", "protective suits", "sets", 10),
        ("面屏", "个", "face shields", "pcs", 10),
    ];
    list.iter()
        .zip(1..)
        .map(|((name_zh, unit_zh, name_en, unit_en, low_at), id)| Item {
            id,
            name: lang.pick(name_zh, name_en).to_string(),
            unit: lang.pick(unit_zh, unit_en).to_string(),
            low_at: *low_at,
        })
        .collect()
}

/// How a movement changes the stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Received (from the district, a donation …).
    In { quantity: u32 },
    /// Handed out or used.
    Out { quantity: u32 },
    /// A count: the stock is set to `counted`; `difference` is counted minus
    /// the stock the ledger showed when the count was recorded.
    Correction { counted: u32, difference: i64 },
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::In { .. } => "in",
            Change::Out { .. } => "out",
            Change::Correction { .. } => "correction",
        }
    }
}

/// One committed movement: what, when, who, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub item: ItemId,
    pub at: DateTime<FixedOffset>,
    /// Who recorded it: the volunteer or lead signed in.
    pub by: String,
    pub note: String,
    pub change: Change,
}

/// What someone asks to record; [`Stock::record`] turns it into a
/// [`Movement`] or says why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "quantity", rename_all = "snake_case")]
pub enum Request {
    In(u32),
    Out(u32),
    /// The amount counted on the shelf.
    Count(u32),
}

/// Reads a quantity typed on the keypad: digits only (full-width too), at
/// most [`MAX_QUANTITY`].
pub fn parse_quantity(text: &str) -> Result<u32, SupplyError> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SupplyError::BadQuantity {
            text: text.to_string(),
        });
    }
    match digits.parse::<u32>() {
        Ok(n) if n <= MAX_QUANTITY => Ok(n),
        _ => Err(SupplyError::TooMuch),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    pub fn items() -> Vec<Item> {
        vec![
            Item::new(1, "口罩", "只", 100).unwrap(),
            Item::new(2, "消毒液", "瓶", 5).unwrap(),
            Item::new(3, "体温枪", "把", 0).unwrap(),
        ]
    }

    pub fn movement(item: ItemId, when: &str, change: Change) -> Movement {
        Movement {
            item,
            at: at(when),
            by: "王组长".into(),
            note: String::new(),
            change,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_numbers_within_reason() {
        let cases: &[(&str, Result<u32, &str>)] = &[
            ("200", Ok(200)),
            (" 12 ", Ok(12)),
            ("０５０", Ok(50)),
            ("0", Ok(0)),
            ("1000000", Ok(1_000_000)),
            ("1000001", Err("too_much")),
            ("13800138000", Err("too_much")),
            ("-5", Err("bad_quantity")),
            ("2.5", Err("bad_quantity")),
            ("十", Err("bad_quantity")),
            ("", Err("bad_quantity")),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_quantity(text).map_err(|e| e.code()),
                *expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn items_are_checked_and_the_defaults_are_sensible() {
        let item = Item::new(9, " 护目镜 ", "副", 4).unwrap();
        assert_eq!((item.name.as_str(), item.unit.as_str()), ("护目镜", "副"));
        assert_eq!(
            Item::new(9, "", "副", 4).unwrap_err().code(),
            "bad_item_name"
        );
        assert_eq!(Item::new(9, "口罩", "", 4).unwrap_err().code(), "bad_unit");
        assert_eq!(
            Item::new(9, "口罩", "只", MAX_QUANTITY + 1)
                .unwrap_err()
                .code(),
            "too_much"
        );
        let zh = default_items(Lang::Zh);
        let en = default_items(Lang::En);
        assert_eq!(zh.len(), en.len());
        assert_eq!(zh[0].name, "口罩");
        assert_eq!(en[0].name, "masks");
        let ids: Vec<ItemId> = zh.iter().map(|i| i.id).collect();
        assert_eq!(ids, (1..=7).collect::<Vec<_>>());
        for item in zh.iter().chain(&en) {
            assert_eq!(
                Item::new(item.id, &item.name, &item.unit, item.low_at).as_ref(),
                Ok(item)
            );
        }
    }

    #[test]
    fn changes_and_requests_serialise_with_stable_codes() {
        let correction = Change::Correction {
            counted: 90,
            difference: -10,
        };
        assert_eq!(correction.code(), "correction");
        assert_eq!(
            serde_json::to_string(&correction).unwrap(),
            r#"{"kind":"correction","counted":90,"difference":-10}"#
        );
        assert_eq!(
            serde_json::to_string(&Request::Out(3)).unwrap(),
            r#"{"kind":"out","quantity":3}"#
        );
    }
}
