//! Registering a visitor or vehicle: `VisitorAdapter`. Field errors arrive
//! keyed by the core's `Field`; the form's `edited(field, text)` callback
//! names the field by its code, turned into a `Field` here at the edge.

use slint::{ComponentHandle, SharedString};

use kakou_core::validate::Field;

use super::binding::{s, send, weak};
use crate::kiosk::intent::{Intent, IntentSink, RegistrationInput};
use crate::kiosk::ui::{AppWindow, VisitorAdapter};
use crate::kiosk::view::VisitorView;

pub(super) fn apply(ui: &AppWindow, v: &VisitorView) {
    let visitor = ui.global::<VisitorAdapter>();
    visitor.set_vehicle(v.vehicle);
    visitor.set_id_masked(s(&v.id_masked));
    visitor.set_visiting_match(s(&v.visiting_match));
    visitor.set_name_error(s(v.error(Field::Name)));
    visitor.set_id_error(s(v.error(Field::IdNumber)));
    visitor.set_phone_error(s(v.error(Field::Phone)));
    visitor.set_plate_error(s(v.error(Field::Plate)));
    visitor.set_from_error(s(v.error(Field::From)));
    visitor.set_visiting_error(s(v.error(Field::Visiting)));
    visitor.set_occupants_error(s(v.error(Field::Occupants)));
    visitor.set_form_error(s(&v.form_error));
}

/// A new registration: every field empty, one occupant.
pub(super) fn clear(ui: &AppWindow) {
    let visitor = ui.global::<VisitorAdapter>();
    for set in [
        VisitorAdapter::set_name,
        VisitorAdapter::set_id_number,
        VisitorAdapter::set_phone,
        VisitorAdapter::set_plate,
        VisitorAdapter::set_from,
        VisitorAdapter::set_visiting,
    ] {
        set(&visitor, SharedString::new());
    }
    visitor.set_kind_index(0);
    visitor.set_occupants(1);
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let visitor = ui.global::<VisitorAdapter>();
    {
        let sink = sink.clone();
        visitor.on_edited(move |field, text| {
            if let Some(field) = Field::from_code(&field) {
                sink(Intent::FieldEdited {
                    field,
                    text: text.to_string(),
                })
            }
        });
    }
    {
        let sink = sink.clone();
        let weak = weak(ui);
        visitor.on_submit(move || {
            if let Some(ui) = weak.upgrade() {
                let v = ui.global::<VisitorAdapter>();
                sink(Intent::SubmitRegistration(RegistrationInput {
                    vehicle: v.get_vehicle(),
                    name: v.get_name().to_string(),
                    id_number: v.get_id_number().to_string(),
                    phone: v.get_phone().to_string(),
                    plate: v.get_plate().to_string(),
                    from: v.get_from().to_string(),
                    visiting: v.get_visiting().to_string(),
                    kind_index: usize::try_from(v.get_kind_index()).unwrap_or(0),
                    occupants: u32::try_from(v.get_occupants()).unwrap_or(0),
                }));
            }
        });
    }
    visitor.on_cancel(send(sink, Intent::Cancel));
}
