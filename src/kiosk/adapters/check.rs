//! The resident check: `CheckAdapter`. The band takes the card's colour
//! from the one palette in `kakou_core` (`Category::rgb`), the same one the
//! printed cards use.

use slint::{ComponentHandle, SharedString};

use kakou_core::domain::Answers;

use super::binding::{s, send, temperature_keypad, weak};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, CheckAdapter, Theme};
use crate::kiosk::view::{Band, CheckView};

pub(super) fn apply(ui: &AppWindow, c: &CheckView) {
    let check = ui.global::<CheckAdapter>();
    let theme = ui.global::<Theme>();
    check.set_holder(s(&c.holder));
    check.set_category_label(s(&c.category_label));
    check.set_category_color(match c.band {
        Band::Card(category) => {
            let [r, g, b] = category.rgb();
            slint::Color::from_rgb_u8(r, g, b)
        }
        Band::Vehicle => theme.get_vehicle(),
        Band::Unknown => theme.get_unknown_card(),
    });
    check.set_address(s(&c.address));
    check.set_household_status(s(&c.household_status));
    check.set_household_alert(c.household_alert);
    check.set_validity(s(&c.validity));
    check.set_error(s(&c.error));
}

/// A new person: the answers back to 否, the keypad empty.
pub(super) fn clear(ui: &AppWindow) {
    let check = ui.global::<CheckAdapter>();
    check.set_travel(false);
    check.set_contact(false);
    check.set_symptoms(false);
    check.set_temperature(SharedString::new());
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let check = ui.global::<CheckAdapter>();
    let (key, erase) = temperature_keypad(
        ui,
        |ui| ui.global::<CheckAdapter>().get_temperature(),
        |ui, t| ui.global::<CheckAdapter>().set_temperature(t),
    );
    check.on_key(key);
    check.on_erase(erase);
    {
        let sink = sink.clone();
        let weak = weak(ui);
        check.on_release(move || {
            if let Some(ui) = weak.upgrade() {
                let c = ui.global::<CheckAdapter>();
                sink(Intent::Release {
                    answers: Answers {
                        travel_14d: c.get_travel(),
                        contact_14d: c.get_contact(),
                        symptoms: c.get_symptoms(),
                    },
                    temperature: c.get_temperature().to_string(),
                });
            }
        });
    }
    check.on_refuse(send(sink, Intent::Refuse));
    check.on_cancel(send(sink, Intent::Cancel));
}
