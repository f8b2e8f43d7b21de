//! Registering a visitor or a vehicle by hand: each field is checked by the
//! core's validators as it is typed, and the whole form on submit.

use kakou_core::domain::{Direction, mask_document_number};
use kakou_core::gate::{
    Event, Identity, Invalid, PersonForm, VehicleForm, VisitorForm, vehicle_errors, visitor_errors,
};
use kakou_core::validate::{self, Field, explain};

use super::context::Context;
use crate::app::AppError;
use crate::kiosk::intent::RegistrationInput;
use crate::kiosk::view::ScreenId;
use crate::kiosk::words::VEHICLE_KINDS;

#[derive(Default)]
pub(super) struct RegistrationScreen {
    /// Set once the form was submitted, so that every field shows its error
    /// as it is typed from then on, not only when typed to full length.
    submitted: bool,
}

impl RegistrationScreen {
    /// Opens an empty form, from the gate or over an outcome.
    pub(super) fn start(
        &mut self,
        cx: &mut Context,
        direction: Direction,
        vehicle: bool,
    ) -> Result<(), AppError> {
        if !matches!(cx.view.screen, ScreenId::Gate | ScreenId::Outcome) {
            return Ok(());
        }
        let now = cx.now();
        cx.step(Event::Begin(direction), now)?;
        // The form is for whoever has no pass: they hear "请登记", not
        // the "请出示通行证" a new passage begins with.
        cx.voice.ask(kakou_core::voice::VoicePrompt::Register);
        cx.view.visitor = Default::default();
        cx.view.visitor.vehicle = vehicle;
        self.submitted = false;
        cx.view.inputs_generation += 1;
        cx.view.screen = ScreenId::Visitor;
        Ok(())
    }

    /// Checks one field as it is typed. Until the first submit, a field is
    /// only marked once it is as long as a complete value, so that nobody is
    /// told off for an ID number they are still typing.
    pub(super) fn field_edited(
        &mut self,
        cx: &mut Context,
        field: Field,
        text: &str,
    ) -> Result<(), AppError> {
        if cx.view.screen != ScreenId::Visitor {
            return Ok(());
        }
        if field == Field::Visiting {
            cx.view.visitor.visiting_match = visiting_hint(cx, text)?;
        }
        let typed = text.trim().chars().count();
        let verdict = match field {
            Field::Name => validate::person_name(text),
            Field::IdNumber => validate::cn_id(text),
            Field::Phone => validate::cn_mobile(text),
            Field::Plate => validate::cn_plate(text),
            _ => validate::free_text(text, 60),
        };
        let complete = match field {
            Field::IdNumber => typed >= 18,
            Field::Phone => text.chars().filter(char::is_ascii_digit).count() >= 11,
            Field::Plate => typed >= 7,
            _ => false,
        };
        let show = self.submitted || complete;
        let visitor = &mut cx.view.visitor;
        // A vehicle's origin and destination may be left empty.
        let optional_empty =
            visitor.vehicle && matches!(field, Field::From | Field::Visiting) && typed == 0;
        let error = (!verdict.valid && show && !optional_empty)
            .then(|| explain(field, verdict.reason, cx.lang));
        visitor.set_error(field, error);
        if field == Field::IdNumber {
            visitor.id_masked = verdict
                .normalized
                .filter(|_| verdict.valid)
                .map(|n| mask_document_number(&n))
                .unwrap_or_default();
        }
        Ok(())
    }

    /// Validates the whole form. Every bad field is marked at once and
    /// nothing reaches the flow; a good form comes back as the person or
    /// vehicle at the gate, with the household they visit looked up.
    pub(super) fn submit(
        &mut self,
        cx: &mut Context,
        input: RegistrationInput,
    ) -> Result<Option<Identity>, AppError> {
        if cx.view.screen != ScreenId::Visitor {
            return Ok(None);
        }
        self.submitted = true;
        let person = PersonForm {
            name: input.name.clone(),
            document_type: Default::default(),
            id_number: input.id_number.clone(),
            phone: input.phone.clone(),
        };
        let now = cx.now();
        let lookup = cx.session.lookup();
        let (errors, identity) = if input.vehicle {
            let form = VehicleForm {
                plate: input.plate.clone(),
                kind: VEHICLE_KINDS[input.kind_index.min(VEHICLE_KINDS.len() - 1)],
                driver: person,
                occupants: input.occupants,
                from: input.from.clone(),
                visiting: input.visiting.clone(),
            };
            let errors = vehicle_errors(&form);
            let identity = if errors.is_empty() {
                Some(lookup.vehicle(form, now)?)
            } else {
                None
            };
            (errors, identity)
        } else {
            let form = VisitorForm {
                person,
                from: input.from.clone(),
                visiting: input.visiting.clone(),
            };
            let errors = visitor_errors(&form);
            let identity = if errors.is_empty() {
                Some(lookup.visitor(form, now)?)
            } else {
                None
            };
            (errors, identity)
        };
        let lang = cx.lang;
        let words = cx.words();
        let visitor = &mut cx.view.visitor;
        visitor.errors = errors
            .iter()
            .map(|Invalid { field, reason }| (*field, explain(*field, *reason, lang)))
            .collect();
        visitor.id_masked = validate::cn_id(&input.id_number)
            .normalized
            .map(|n| mask_document_number(&n))
            .unwrap_or_default();
        if identity.is_none() {
            visitor.form_error = words.correct_marked_fields().into();
        } else {
            visitor.form_error.clear();
        }
        Ok(identity)
    }
}

/// Says whether the address typed as "visiting" is a household here.
fn visiting_hint(cx: &Context, said: &str) -> Result<String, AppError> {
    if said.trim().is_empty() {
        return Ok(String::new());
    }
    let form = VisitorForm {
        visiting: said.into(),
        ..Default::default()
    };
    let words = cx.words();
    Ok(match cx.session.lookup().visitor(form, cx.now())? {
        Identity::Visitor(_, Some(h)) => words.household_found(&h.address, h.status),
        _ => words.household_not_found().into(),
    })
}
