//! Supplies at the checkpoint: the items (the defaults on first use), stock
//! on hand as the core's fold over every movement, and recording a movement
//! in, out or a count. The check against the stock and the insert run in
//! one transaction, so two recorders cannot both take the last box.

use chrono::{DateTime, FixedOffset};
use kakou_core::lang::Lang;
use kakou_core::supplies::{
    HistoryError, Item, ItemId, LowStock, Movement, Request, Stock, SupplyError, default_items,
    low_stock,
};

use super::{AppError, Terminal};
use crate::store::{StoreError, supplies as stored};

/// A stored history the core would never have recorded (an `out` beyond
/// the stock): the movements were changed outside kakou.
pub(super) fn history_fault(e: HistoryError) -> AppError {
    StoreError::Damaged(format!("the supply movements do not add up: {e}")).into()
}

/// The items, with the stock on hand of each and those running low.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplies {
    pub items: Vec<Item>,
    pub stock: Stock,
    pub low: Vec<LowStock>,
}

impl Supplies {
    pub fn on_hand(&self, item: ItemId) -> u32 {
        self.stock.on_hand(item)
    }
}

/// The items and their stock. On first use (no items yet) the core's
/// default items are added, named in `lang`.
pub fn supplies(terminal: &mut Terminal, lang: Lang) -> Result<Supplies, AppError> {
    let items = terminal.store_mut().write(|tx| {
        let items = stored::items(tx)?;
        if !items.is_empty() {
            return Ok(items);
        }
        let defaults = default_items(lang);
        for item in &defaults {
            stored::insert_item(tx, item)?;
        }
        Ok(defaults)
    })?;
    let stock =
        Stock::replay(&stored::movements(terminal.store().conn())?).map_err(history_fault)?;
    let low = low_stock(&items, &stock);
    Ok(Supplies { items, stock, low })
}

/// A movement as recorded, with the item's stock after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub movement: Movement,
    pub item: Item,
    pub on_hand: u32,
}

/// Why nothing was recorded: the core refused the request (worded for the
/// person at the screen), or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Refused(#[from] SupplyError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for RecordError {
    fn from(e: StoreError) -> RecordError {
        RecordError::App(e.into())
    }
}

impl RecordError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RecordError::Refused(e) => e.message(lang),
            RecordError::App(e) => e.message(lang),
        }
    }
}

/// Records `request` for `item` by `by` (the volunteer on duty, or the
/// lead), or says why not; a refused request changes nothing.
pub fn record(
    terminal: &mut Terminal,
    item: ItemId,
    request: Request,
    now: DateTime<FixedOffset>,
    by: &str,
    note: &str,
) -> Result<Recorded, RecordError> {
    terminal.store_mut().transaction(|tx| {
        let items = stored::items(tx)?;
        let mut stock = Stock::replay(&stored::movements(tx)?).map_err(history_fault)?;
        let movement = stock.record(&items, item, request, now, by, note)?;
        stock.apply(&movement)?;
        stored::insert_movement(tx, &movement)?;
        let item = items
            .into_iter()
            .find(|i| i.id == item)
            .ok_or(SupplyError::UnknownItem { item })?;
        Ok(Recorded {
            on_hand: stock.on_hand(item.id),
            movement,
            item,
        })
    })
}

/// The newest movements first, for the lead screen.
pub fn recent(terminal: &Terminal, limit: usize) -> Result<Vec<Movement>, AppError> {
    Ok(stored::recent_movements(terminal.store().conn(), limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn stock_never_goes_negative_without_a_count() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let first = supplies(&mut t, Lang::Zh).unwrap();
        assert_eq!(
            first.items,
            default_items(Lang::Zh),
            "defaults on first use"
        );
        assert_eq!(first.low.len(), first.items.len(), "nothing in stock yet");
        let masks = first.items[0].id;
        let now = at("2026-11-25T09:00:00+08:00");
        let got = record(&mut t, masks, Request::In(300), now, "张三", "").unwrap();
        assert_eq!(got.on_hand, 300);
        let refused = record(&mut t, masks, Request::Out(301), now, "张三", "").unwrap_err();
        assert!(matches!(
            refused,
            RecordError::Refused(SupplyError::NotEnough { .. })
        ));
        assert!(refused.message(Lang::Zh).contains("盘点"));
        let no_note = record(&mut t, masks, Request::Count(320), now, "张三", " ").unwrap_err();
        assert!(matches!(no_note, RecordError::Refused(SupplyError::NoNote)));
        let counted = record(&mut t, masks, Request::Count(320), now, "张三", "盘点").unwrap();
        assert_eq!(counted.on_hand, 320);
        assert_eq!(
            record(&mut t, masks, Request::Out(301), now, "王组长", "")
                .unwrap()
                .on_hand,
            19
        );
        let after = supplies(&mut t, Lang::En).unwrap();
        assert_eq!(after.items, first.items, "defaults are added once");
        assert_eq!(after.on_hand(masks), 19);
        assert!(after.low.iter().any(|l| l.item == masks), "19 ≤ 200 is low");
        assert_eq!(recent(&t, 10).unwrap().len(), 3, "refusals record nothing");
    }
}
