//! Stock on hand as a fold over movements, the checks that keep it from
//! going negative, and the low-stock list of the lead screen.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{Change, HistoryError, Item, ItemId, MAX_QUANTITY, Movement, Request, SupplyError};
use crate::validate;

/// The longest note a movement keeps, in characters.
const NOTE_MAX_CHARS: usize = 200;

/// How much of each item is on hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stock {
    on_hand: BTreeMap<ItemId, u32>,
}

impl Stock {
    /// Folds the movements, in the order they were committed, into the stock.
    pub fn replay(movements: &[Movement]) -> Result<Stock, HistoryError> {
        let mut stock = Stock::default();
        for (index, m) in movements.iter().enumerate() {
            stock
                .apply(m)
                .map_err(|error| HistoryError { index, error })?;
        }
        Ok(stock)
    }

    pub fn on_hand(&self, item: ItemId) -> u32 {
        self.on_hand.get(&item).copied().unwrap_or(0)
    }

    /// Applies one movement and returns how much the stock changed. A
    /// correction's change is computed from the stock here, not taken from
    /// its recorded difference: the count is what is true.
    pub fn apply(&mut self, m: &Movement) -> Result<i64, SupplyError> {
        let before = self.on_hand(m.item);
        let after = match m.change {
            Change::In { quantity } => before.checked_add(quantity).ok_or(SupplyError::TooMuch)?,
            Change::Out { quantity } => {
                before
                    .checked_sub(quantity)
                    .ok_or_else(|| SupplyError::NotEnough {
                        name: format!("#{}", m.item),
                        unit: String::new(),
                        on_hand: before,
                        wanted: quantity,
                    })?
            }
            Change::Correction { counted, .. } => counted,
        };
        self.on_hand.insert(m.item, after);
        Ok(i64::from(after) - i64::from(before))
    }

    /// Checks a request against the items and the stock and returns the
    /// movement to commit (applying it is the caller's next step, in the same
    /// transaction). `by` is who is signed in; a count needs a `note`.
    pub fn record(
        &self,
        items: &[Item],
        item: ItemId,
        request: Request,
        at: DateTime<FixedOffset>,
        by: &str,
        note: &str,
    ) -> Result<Movement, SupplyError> {
        let found = items
            .iter()
            .find(|i| i.id == item)
            .ok_or(SupplyError::UnknownItem { item })?;
        let by = by.trim();
        if by.is_empty() {
            return Err(SupplyError::NoOperator);
        }
        let note = note.trim();
        if !note.is_empty() {
            let verdict = validate::free_text(note, NOTE_MAX_CHARS);
            if !verdict.valid {
                return Err(SupplyError::BadNote {
                    reason: verdict.reason,
                });
            }
        }
        let on_hand = self.on_hand(item);
        let quantity = match request {
            Request::In(q) | Request::Out(q) | Request::Count(q) => q,
        };
        if quantity > MAX_QUANTITY {
            return Err(SupplyError::TooMuch);
        }
        let change = match request {
            Request::In(0) | Request::Out(0) => return Err(SupplyError::ZeroQuantity),
            Request::In(quantity) => {
                on_hand.checked_add(quantity).ok_or(SupplyError::TooMuch)?;
                Change::In { quantity }
            }
            Request::Out(quantity) if quantity > on_hand => {
                return Err(SupplyError::NotEnough {
                    name: found.name.clone(),
                    unit: found.unit.clone(),
                    on_hand,
                    wanted: quantity,
                });
            }
            Request::Out(quantity) => Change::Out { quantity },
            Request::Count(_) if note.is_empty() => return Err(SupplyError::NoNote),
            Request::Count(counted) => Change::Correction {
                counted,
                difference: i64::from(counted) - i64::from(on_hand),
            },
        };
        Ok(Movement {
            item,
            at,
            by: by.to_string(),
            note: note.to_string(),
            change,
        })
    }
}

/// An item at or below its threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LowStock {
    pub item: ItemId,
    pub name: String,
    pub unit: String,
    pub on_hand: u32,
    pub low_at: u32,
}

/// The items to show as low on the lead screen: those out of stock first,
/// then the others at or below their threshold, each group in item order.
pub fn low_stock(items: &[Item], stock: &Stock) -> Vec<LowStock> {
    let mut low: Vec<LowStock> = items
        .iter()
        .filter(|i| stock.on_hand(i.id) <= i.low_at)
        .map(|i| LowStock {
            item: i.id,
            name: i.name.clone(),
            unit: i.unit.clone(),
            on_hand: stock.on_hand(i.id),
            low_at: i.low_at,
        })
        .collect();
    low.sort_by_key(|l| l.on_hand != 0);
    low
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supplies::test_support::{at, items, movement};

    fn stock_after(moves: &[Movement]) -> Stock {
        Stock::replay(moves).unwrap()
    }

    #[test]
    fn stock_is_the_sum_of_ins_and_outs_reset_by_counts() {
        let moves = [
            movement(1, "2026-11-24T08:00:00+08:00", Change::In { quantity: 500 }),
            movement(
                1,
                "2026-11-24T09:00:00+08:00",
                Change::Out { quantity: 120 },
            ),
            movement(2, "2026-11-24T09:30:00+08:00", Change::In { quantity: 10 }),
            movement(1, "2026-11-24T10:00:00+08:00", Change::Out { quantity: 80 }),
            // The count finds 290 where the ledger says 300.
            movement(
                1,
                "2026-11-24T18:00:00+08:00",
                Change::Correction {
                    counted: 290,
                    difference: -10,
                },
            ),
            movement(
                1,
                "2026-11-24T19:00:00+08:00",
                Change::Out { quantity: 290 },
            ),
        ];
        let stock = stock_after(&moves);
        assert_eq!(stock.on_hand(1), 0);
        assert_eq!(stock.on_hand(2), 10);
        assert_eq!(stock.on_hand(3), 0);
        assert_eq!(stock_after(&moves[..4]).on_hand(1), 300);
        let mut s = stock_after(&moves[..4]);
        assert_eq!(s.apply(&moves[4]), Ok(-10));
    }

    #[test]
    fn requests_are_refused_with_a_reason_and_change_nothing() {
        let items = items();
        let now = at("2026-11-24T12:00:00+08:00");
        let stock = stock_after(&[movement(
            1,
            "2026-11-24T08:00:00+08:00",
            Change::In { quantity: 50 },
        )]);
        let before = stock.clone();
        // (item, request, by, note, the movement's change or the refusal's code)
        type Case<'a> = (ItemId, Request, &'a str, &'a str, Result<Change, &'a str>);
        let cases: &[Case] = &[
            (
                1,
                Request::In(20),
                "王组长",
                "",
                Ok(Change::In { quantity: 20 }),
            ),
            (
                1,
                Request::Out(50),
                "王组长",
                "",
                Ok(Change::Out { quantity: 50 }),
            ),
            (1, Request::Out(51), "王组长", "", Err("not_enough")),
            (2, Request::Out(1), "王组长", "", Err("not_enough")),
            (1, Request::Out(0), "王组长", "", Err("zero_quantity")),
            (1, Request::In(0), "王组长", "", Err("zero_quantity")),
            (
                1,
                Request::In(MAX_QUANTITY + 1),
                "王组长",
                "",
                Err("too_much"),
            ),
            (9, Request::In(1), "王组长", "", Err("unknown_item")),
            (1, Request::In(1), "  ", "", Err("no_operator")),
            (1, Request::Count(40), "王组长", "", Err("no_note")),
            (1, Request::Count(40), "王组长", "a\nb", Err("bad_note")),
            (
                1,
                Request::Count(40),
                "王组长",
                "盘点破损 10 只",
                Ok(Change::Correction {
                    counted: 40,
                    difference: -10,
                }),
            ),
            (
                2,
                Request::Count(3),
                "王组长",
                "找到一箱",
                Ok(Change::Correction {
                    counted: 3,
                    difference: 3,
                }),
            ),
            (
                1,
                Request::Count(50),
                "王组长",
                "月底盘点",
                Ok(Change::Correction {
                    counted: 50,
                    difference: 0,
                }),
            ),
        ];
        for (item, request, by, note, expected) in cases {
            let got = stock
                .record(&items, *item, *request, now, by, note)
                .map(|m| m.change)
                .map_err(|e| e.code());
            assert_eq!(got, *expected, "{item} {request:?} by {by:?} note {note:?}");
        }
        assert_eq!(stock, before);
        let refused = stock
            .record(&items, 1, Request::Out(51), now, "王组长", "")
            .unwrap_err();
        assert_eq!(
            refused.message(crate::lang::Lang::Zh),
            "口罩库存只有 50 只，不能领出 51 只。如果实际数量不同，请先盘点更正"
        );
    }

    #[test]
    fn a_recorded_movement_applies_to_the_stock_it_was_checked_against() {
        let items = items();
        let mut stock = Stock::default();
        let now = at("2026-11-24T12:00:00+08:00");
        for (request, on_hand) in [
            (Request::In(30), 30),
            (Request::Out(12), 18),
            (Request::Count(15), 15),
            (Request::Out(15), 0),
        ] {
            let m = stock
                .record(&items, 2, request, now, " 李四 ", " 盘点 ")
                .unwrap();
            assert_eq!((m.by.as_str(), m.note.as_str()), ("李四", "盘点"));
            stock.apply(&m).unwrap();
            assert_eq!(stock.on_hand(2), on_hand, "{request:?}");
        }
    }

    #[test]
    fn an_impossible_history_names_the_movement() {
        let moves = [
            movement(1, "2026-11-24T08:00:00+08:00", Change::In { quantity: 5 }),
            movement(1, "2026-11-24T09:00:00+08:00", Change::Out { quantity: 6 }),
        ];
        let err = Stock::replay(&moves).unwrap_err();
        assert_eq!(err.index, 1);
        assert_eq!(err.error.code(), "not_enough");
        let overflow = [
            movement(
                1,
                "2026-11-24T08:00:00+08:00",
                Change::Correction {
                    counted: u32::MAX,
                    difference: 0,
                },
            ),
            movement(1, "2026-11-24T09:00:00+08:00", Change::In { quantity: 1 }),
        ];
        assert_eq!(
            Stock::replay(&overflow).unwrap_err().error,
            SupplyError::TooMuch
        );
    }

    #[test]
    fn low_stock_lists_items_at_or_below_their_threshold_empty_ones_first() {
        let items = items();
        let stock = stock_after(&[
            movement(1, "2026-11-24T08:00:00+08:00", Change::In { quantity: 100 }),
            movement(2, "2026-11-24T08:00:00+08:00", Change::In { quantity: 6 }),
            movement(3, "2026-11-24T08:00:00+08:00", Change::In { quantity: 1 }),
        ]);
        let names = |low: Vec<LowStock>| low.into_iter().map(|l| l.name).collect::<Vec<_>>();
        // 口罩 100 ≤ 100 is low; 消毒液 6 > 5 is not; 体温枪 1 > 0 is not.
        assert_eq!(names(low_stock(&items, &stock)), vec!["口罩"]);
        let mut stock = stock;
        stock
            .apply(&movement(
                3,
                "2026-11-24T09:00:00+08:00",
                Change::Out { quantity: 1 },
            ))
            .unwrap();
        stock
            .apply(&movement(
                2,
                "2026-11-24T09:00:00+08:00",
                Change::Out { quantity: 1 },
            ))
            .unwrap();
        assert_eq!(
            names(low_stock(&items, &stock)),
            vec!["体温枪", "口罩", "消毒液"]
        );
        assert!(
            low_stock(&items, &stock)
                .iter()
                .all(|l| l.on_hand <= l.low_at)
        );
    }
}
