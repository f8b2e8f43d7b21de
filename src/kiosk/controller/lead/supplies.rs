//! The supplies page: every item with its stock and its day (the supplies
//! part of the daily report), items running low flagged, and movements in,
//! out and counts typed on a keypad. Whoever is signed in records them,
//! else the lead; the core refuses what would make the stock negative.

use kakou_core::supplies::{Request, parse_quantity};

use crate::app::supplies::{self, RecordError};
use crate::app::{AppError, reports};
use crate::kiosk::controller::context::Context;
use crate::kiosk::intent::SupplyAction;
use crate::kiosk::view::SupplyLine;
use crate::kiosk::words::ItemName;

/// How many of the latest movements the page lists.
const RECENT: usize = 8;

#[derive(Default)]
pub(super) struct SuppliesPage;

impl SuppliesPage {
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let today = cx.now().date_naive();
        let stock = supplies::supplies(cx.session.terminal_mut(), cx.lang)?;
        let days = reports::supplies(cx.session.terminal(), today)?;
        let recent = supplies::recent(cx.session.terminal(), RECENT)?;
        let view = &mut cx.view.lead.supplies;
        view.items = stock
            .items
            .iter()
            .map(|item| {
                let day = days.iter().find(|d| d.item == item.id);
                SupplyLine {
                    id: item.id,
                    name: item.name.clone(),
                    unit: item.unit.clone(),
                    on_hand: stock.on_hand(item.id),
                    low_at: item.low_at,
                    low: stock.low.iter().any(|l| l.item == item.id),
                    opening: day.map_or(0, |d| d.opening),
                    received: day.map_or(0, |d| d.received),
                    issued: day.map_or(0, |d| d.issued),
                    corrected: day
                        .filter(|d| d.corrections > 0)
                        .map(|d| format!("{:+}", d.corrected))
                        .unwrap_or_default(),
                }
            })
            .collect();
        view.recent = recent
            .iter()
            .map(|m| match stock.items.iter().find(|i| i.id == m.item) {
                Some(item) => words.movement_line(m, ItemName::from(item)),
                None => words.movement_line(
                    m,
                    ItemName {
                        name: &format!("#{}", m.item),
                        unit: "",
                    },
                ),
            })
            .collect();
        Ok(())
    }

    /// Records a movement as typed, or says why not (nothing is recorded then).
    pub(super) fn record(
        &mut self,
        cx: &mut Context,
        item: i64,
        action: SupplyAction,
        quantity: &str,
        note: &str,
    ) -> Result<(), AppError> {
        let words = cx.words();
        let lang = cx.lang;
        let outcome = if item <= 0 {
            Err(words.pick_item_first().to_string())
        } else {
            match parse_quantity(quantity) {
                Err(e) => Err(e.message(lang)),
                Ok(n) => {
                    let request = match action {
                        SupplyAction::In => Request::In(n),
                        SupplyAction::Out => Request::Out(n),
                        SupplyAction::Count => Request::Count(n),
                    };
                    let by = match cx.view.app.volunteer.as_str() {
                        "" => words.the_lead().to_string(),
                        name => name.to_string(),
                    };
                    let now = cx.now();
                    match supplies::record(cx.session.terminal_mut(), item, request, now, &by, note)
                    {
                        Ok(done) => Ok(words.supply_recorded(
                            request,
                            ItemName::from(&done.item),
                            done.on_hand,
                        )),
                        Err(RecordError::Refused(e)) => Err(e.message(lang)),
                        Err(RecordError::App(e)) => return Err(e),
                    }
                }
            }
        };
        let view = &mut cx.view.lead.supplies;
        match outcome {
            Ok(said) => {
                view.result = said;
                view.refused = false;
                view.recorded += 1;
            }
            Err(why) => {
                view.result = why;
                view.refused = true;
            }
        }
        self.refresh(cx)
    }
}
