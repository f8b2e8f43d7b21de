//! The second reading after a fever: `RemeasureAdapter`.

use slint::{ComponentHandle, SharedString};

use super::binding::{s, send, temperature_keypad, weak};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, RemeasureAdapter};
use crate::kiosk::view::RemeasureView;

pub(super) fn apply(ui: &AppWindow, r: &RemeasureView) {
    let remeasure = ui.global::<RemeasureAdapter>();
    remeasure.set_first_reading(s(&r.first_reading));
    remeasure.set_seconds_left(r.seconds_left as i32);
    remeasure.set_error(s(&r.error));
}

pub(super) fn clear(ui: &AppWindow) {
    ui.global::<RemeasureAdapter>()
        .set_temperature(SharedString::new());
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let remeasure = ui.global::<RemeasureAdapter>();
    let (key, erase) = temperature_keypad(
        ui,
        |ui| ui.global::<RemeasureAdapter>().get_temperature(),
        |ui, t| ui.global::<RemeasureAdapter>().set_temperature(t),
    );
    remeasure.on_key(key);
    remeasure.on_erase(erase);
    {
        let sink = sink.clone();
        let weak = weak(ui);
        remeasure.on_submit(move || {
            if let Some(ui) = weak.upgrade() {
                let t = ui.global::<RemeasureAdapter>().get_temperature();
                sink(Intent::Remeasure(t.to_string()));
            }
        });
    }
    remeasure.on_refer(send(sink, Intent::Refer));
}
