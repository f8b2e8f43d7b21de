//! The supplies part of the daily report: for each item, the stock at the
//! start of the day, what came in, what went out, what counts corrected,
//! and the stock at the end (opening + in − out + corrected = closing).

use chrono::NaiveDate;
use serde::Serialize;

use super::{Change, HistoryError, Item, ItemId, Stock};
use crate::lang::Lang;

/// One item's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDay {
    pub item: ItemId,
    pub name: String,
    pub unit: String,
    pub opening: u32,
    pub received: u32,
    pub issued: u32,
    /// The sum of the day's corrections (negative when counts found less).
    pub corrected: i64,
    /// How many counts were recorded that day.
    pub corrections: u32,
    pub closing: u32,
    /// At or below the threshold at the end of the day.
    pub low: bool,
}

/// The day's supplies, one line per item (in item order, also for items
/// nothing happened to). Movements are given in commit order, and a
/// movement's day is its local date; movements after `day` are ignored.
pub fn daily(
    items: &[Item],
    movements: &[super::Movement],
    day: NaiveDate,
) -> Result<Vec<ItemDay>, HistoryError> {
    let mut stock = Stock::default();
    let mut opening: Option<Stock> = None;
    let mut lines: Vec<ItemDay> = items
        .iter()
        .map(|i| ItemDay {
            item: i.id,
            name: i.name.clone(),
            unit: i.unit.clone(),
            opening: 0,
            received: 0,
            issued: 0,
            corrected: 0,
            corrections: 0,
            closing: 0,
            low: false,
        })
        .collect();
    for (index, m) in movements.iter().enumerate() {
        let date = m.at.date_naive();
        if date > day {
            continue;
        }
        if date == day && opening.is_none() {
            opening = Some(stock.clone());
        }
        let change = stock
            .apply(m)
            .map_err(|error| HistoryError { index, error })?;
        if date < day {
            continue;
        }
        let Some(line) = lines.iter_mut().find(|l| l.item == m.item) else {
            continue;
        };
        match m.change {
            Change::In { quantity } => line.received += quantity,
            Change::Out { quantity } => line.issued += quantity,
            Change::Correction { .. } => {
                line.corrected += change;
                line.corrections += 1;
            }
        }
    }
    let opening = opening.unwrap_or_else(|| stock.clone());
    for (line, item) in lines.iter_mut().zip(items) {
        line.opening = opening.on_hand(item.id);
        line.closing = stock.on_hand(item.id);
        line.low = line.closing <= item.low_at;
    }
    Ok(lines)
}

/// The lines as sheet rows, header first, for the daily report's
/// "supplies" sheet.
pub fn daily_rows(lines: &[ItemDay], lang: Lang) -> Vec<Vec<String>> {
    let header = match lang {
        Lang::Zh => [
            "物资",
            "单位",
            "期初",
            "入库",
            "出库",
            "盘点更正",
            "期末",
            "低于预警",
        ],
        Lang::En => [
            "item",
            "unit",
            "opening",
            "in",
            "out",
            "corrected",
            "closing",
            "low",
        ],
    };
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for l in lines {
        rows.push(vec![
            l.name.clone(),
            l.unit.clone(),
            l.opening.to_string(),
            l.received.to_string(),
            l.issued.to_string(),
            l.corrected.to_string(),
            l.closing.to_string(),
            if l.low { lang.pick("是", "yes") } else { "" }.to_string(),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supplies::test_support::{items, movement};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn opening_plus_in_minus_out_plus_corrections_is_closing() {
        let moves = [
            // The day before.
            movement(1, "2026-11-23T10:00:00+08:00", Change::In { quantity: 300 }),
            movement(1, "2026-11-23T20:00:00+08:00", Change::Out { quantity: 40 }),
            movement(2, "2026-11-23T20:00:00+08:00", Change::In { quantity: 8 }),
            // The day.
            movement(1, "2026-11-24T00:00:00+08:00", Change::Out { quantity: 60 }),
            movement(1, "2026-11-24T09:00:00+08:00", Change::In { quantity: 100 }),
            movement(
                1,
                "2026-11-24T12:00:00+08:00",
                Change::Correction {
                    counted: 290,
                    difference: -10,
                },
            ),
            movement(2, "2026-11-24T13:00:00+08:00", Change::Out { quantity: 4 }),
            movement(
                2,
                "2026-11-24T18:00:00+08:00",
                Change::Correction {
                    counted: 5,
                    difference: 1,
                },
            ),
            movement(
                1,
                "2026-11-24T23:59:59+08:00",
                Change::Out { quantity: 200 },
            ),
            // The day after does not count.
            movement(1, "2026-11-25T00:00:00+08:00", Change::Out { quantity: 90 }),
        ];
        let lines = daily(&items(), &moves, day()).unwrap();
        let summary: Vec<(u32, u32, u32, i64, u32, u32, bool)> = lines
            .iter()
            .map(|l| {
                (
                    l.opening,
                    l.received,
                    l.issued,
                    l.corrected,
                    l.corrections,
                    l.closing,
                    l.low,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (260, 100, 260, -10, 1, 90, true),
                (8, 0, 4, 1, 1, 5, true),
                (0, 0, 0, 0, 0, 0, true),
            ]
        );
        for l in &lines {
            let sum =
                i64::from(l.opening) + i64::from(l.received) - i64::from(l.issued) + l.corrected;
            assert_eq!(sum, i64::from(l.closing), "{}", l.name);
        }
    }

    #[test]
    fn a_quiet_day_carries_the_stock_over() {
        let moves = [movement(
            2,
            "2026-11-20T10:00:00+08:00",
            Change::In { quantity: 7 },
        )];
        let lines = daily(&items(), &moves, day()).unwrap();
        assert_eq!(
            (lines[1].opening, lines[1].closing, lines[1].low),
            (7, 7, false)
        );
        let none = daily(&items(), &[], day()).unwrap();
        assert!(none.iter().all(|l| l.opening == 0 && l.closing == 0));
        let rows = daily_rows(&lines, Lang::Zh);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][0], "物资");
        assert_eq!(rows[2], vec!["消毒液", "瓶", "7", "0", "0", "0", "7", ""]);
        assert_eq!(daily_rows(&lines, Lang::En)[1][7], "yes");
    }

    #[test]
    fn an_impossible_history_is_an_error_not_a_wrong_report() {
        let moves = [movement(
            1,
            "2026-11-24T08:00:00+08:00",
            Change::Out { quantity: 1 },
        )];
        assert_eq!(daily(&items(), &moves, day()).unwrap_err().index, 0);
    }
}
