//! The waiting gate: `GateAdapter`. A USB scanner in keyboard mode types
//! into the window; the wedge assembler tells it apart from a person.

use std::cell::RefCell;
use std::time::Instant;

use slint::ComponentHandle;

use kakou_core::domain::Direction;
use kakou_scan::{WedgeAssembler, WedgeConfig};

use super::binding::{s, send};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, GateAdapter};
use crate::kiosk::view::GateView;

pub(super) fn apply(ui: &AppWindow, g: &GateView) {
    let gate = ui.global::<GateAdapter>();
    gate.set_banner(s(&g.banner));
    gate.set_banner_detail(s(&g.banner_detail));
    gate.set_direction_in(g.direction_in);
    gate.set_count_in(g.count_in as i32);
    gate.set_count_out(g.count_out as i32);
    gate.set_count_fever(g.count_fever as i32);
    gate.set_count_refused(g.count_refused as i32);
    gate.set_camera_status(s(&g.camera_status));
    gate.set_camera_live(g.camera_live);
    gate.set_scan_error(s(&g.scan_error));
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let gate = ui.global::<GateAdapter>();
    {
        let sink = sink.clone();
        gate.on_scanned(move |text| sink(Intent::Scan(text.to_string())));
    }
    {
        // A USB scanner in keyboard mode types fast and ends with Enter.
        let sink = sink.clone();
        let wedge = RefCell::new(WedgeAssembler::new(WedgeConfig::default()));
        let started = Instant::now();
        gate.on_key_typed(move |text| {
            for key in text.chars() {
                let key = if key == '\r' { '\n' } else { key };
                if let Some(code) = wedge.borrow_mut().feed(key, started.elapsed()) {
                    sink(Intent::Scan(code));
                }
            }
        });
    }
    {
        let sink = sink.clone();
        gate.on_set_direction(move |inward| {
            sink(Intent::SetDirection(if inward {
                Direction::In
            } else {
                Direction::Out
            }))
        });
    }
    gate.on_register_visitor(send(sink, Intent::StartRegistration { vehicle: false }));
    gate.on_register_vehicle(send(sink, Intent::StartRegistration { vehicle: true }));
    gate.on_open_lead(send(sink, Intent::OpenLead));
    gate.on_demo_scan(send(sink, Intent::DemoScan(None)));
}
