//! The lead screen's supplies page: `SupplyAdapter`. The keypad's text, the
//! note and the item picked stay on the UI thread until the lead records a
//! movement; after one is recorded the form empties.

use slint::{ComponentHandle, SharedString};

use super::binding::{s, set_rows, weak};
use crate::kiosk::intent::{Intent, IntentSink, SupplyAction};
use crate::kiosk::keypad;
use crate::kiosk::ui::{AppWindow, SupplyAdapter, SupplyRow};
use crate::kiosk::view::SuppliesView;

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(super) fn apply(ui: &AppWindow, v: &SuppliesView) {
    let supplies = ui.global::<SupplyAdapter>();
    set_rows(
        &supplies.get_items(),
        v.items
            .iter()
            .map(|i| SupplyRow {
                id: i32::try_from(i.id).unwrap_or(0),
                name: s(&i.name),
                unit: s(&i.unit),
                on_hand: int(i.on_hand),
                low_at: int(i.low_at),
                low: i.low,
                opening: int(i.opening),
                received: int(i.received),
                issued: int(i.issued),
                corrected: s(&i.corrected),
            })
            .collect(),
        |m| supplies.set_items(m),
    );
    supplies.set_result(s(&v.result));
    supplies.set_refused(v.refused);
    set_rows(
        &supplies.get_recent(),
        v.recent.iter().map(|r| s(r)).collect(),
        |m| supplies.set_recent(m),
    );
    // The count wraps only after billions of movements; it only has to differ.
    let recorded = v.recorded as i32;
    if supplies.get_recorded() != recorded {
        supplies.set_recorded(recorded);
        supplies.set_quantity(SharedString::new());
        supplies.set_note(SharedString::new());
    }
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let supplies = ui.global::<SupplyAdapter>();
    {
        let weak = weak(ui);
        supplies.on_key(move |key| {
            if let Some(ui) = weak.upgrade() {
                let a = ui.global::<SupplyAdapter>();
                a.set_quantity(keypad::quantity_key(&a.get_quantity(), &key).into());
            }
        });
    }
    {
        let weak = weak(ui);
        supplies.on_erase(move || {
            if let Some(ui) = weak.upgrade() {
                let a = ui.global::<SupplyAdapter>();
                a.set_quantity(keypad::erase(&a.get_quantity()).into());
            }
        });
    }
    {
        let (weak, sink) = (weak(ui), sink.clone());
        supplies.on_record(move |action| {
            let action = match action.as_str() {
                "in" => SupplyAction::In,
                "out" => SupplyAction::Out,
                "count" => SupplyAction::Count,
                _ => return,
            };
            if let Some(ui) = weak.upgrade() {
                let a = ui.global::<SupplyAdapter>();
                sink(Intent::Supply {
                    item: i64::from(a.get_selected()),
                    action,
                    quantity: a.get_quantity().to_string(),
                    note: a.get_note().to_string(),
                });
            }
        });
    }
}
