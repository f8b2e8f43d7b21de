//! The outcome: `OutcomeAdapter`.

use slint::ComponentHandle;

use super::binding::{s, send};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, OutcomeAdapter};
use crate::kiosk::view::OutcomeView;

pub(super) fn apply(ui: &AppWindow, o: &OutcomeView) {
    let outcome = ui.global::<OutcomeAdapter>();
    outcome.set_released(o.released);
    outcome.set_title(s(&o.title));
    outcome.set_reason(s(&o.reason));
    outcome.set_advice(s(&o.advice));
    outcome.set_holder(s(&o.holder));
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    ui.global::<OutcomeAdapter>()
        .on_done(send(sink, Intent::Acknowledge));
}
