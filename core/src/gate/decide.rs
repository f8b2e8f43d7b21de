//! The decisions of the flow, apart from its states: who may go on after
//! identification, and how a passage ends once answered and measured.

use crate::domain::{
    Answers, Category, Direction, HouseholdStatus, Outcome, Reason, Subject, Temperature,
    VehicleInfo, VisitorInfo,
};
use crate::pass::PassCheck;
use crate::validate::{self, Field, Rule, Verdict};

use super::{GateConfig, HouseholdFacts, Identity, Pending, PersonForm, VehicleForm, VisitorForm};

/// The longest "from" / "visiting" text kept; longer input is a typing accident.
const FREE_TEXT_MAX: usize = 60;
/// More people than fit a bus is a typing accident.
const OCCUPANTS_MAX: u32 = 60;

/// What identification leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Go on to the questions.
    Continue(Pending),
    /// Refused on the spot; the passage is committed as refused.
    Refuse(Pending, Reason),
}

/// Typed input that failed validation: the field and the validator's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub reason: Rule,
}

/// Decides whether an identified person may go on to the questions.
pub fn admit(
    direction: Direction,
    identity: &Identity,
    config: &GateConfig,
) -> Result<Admission, Invalid> {
    match identity {
        Identity::Pass(facts) => {
            let subject = Subject::Pass {
                key_id: facts.key_id,
                serial: facts.serial,
                category: facts.category,
                holder: facts.holder.clone(),
                household: facts.household.as_ref().map(|h| h.reference),
            };
            let pending = Pending {
                direction,
                subject,
                alert: None,
                travel_registered: facts.check == PassCheck::Ok
                    && facts.category == Some(Category::Returned),
            };
            if facts.check != PassCheck::Ok {
                return Ok(Admission::Refuse(pending, Reason::Pass(facts.check)));
            }
            // A pink pass names the household its holder visits, not one
            // they live in: they may not enter a confined one, and their
            // leaving is no outing of that household's.
            if facts.category == Some(Category::Visitor) {
                return Ok(visit_rule(pending, facts.household.as_ref()));
            }
            Ok(household_rule(pending, facts.household.as_ref(), config))
        }
        Identity::Visitor(form, visited) => {
            let info = visitor_info(form, visited.as_ref())?;
            let pending = Pending {
                direction,
                subject: Subject::Visitor(info),
                alert: None,
                travel_registered: false,
            };
            Ok(visit_rule(pending, visited.as_ref()))
        }
        Identity::Vehicle(form, visited) => {
            let info = vehicle_info(form, visited.as_ref())?;
            let pending = Pending {
                direction,
                subject: Subject::Vehicle(info),
                alert: None,
                travel_registered: false,
            };
            Ok(visit_rule(pending, visited.as_ref()))
        }
    }
}

/// The reason a confined household's status gives for keeping people in.
fn confinement_reason(status: HouseholdStatus) -> Option<Reason> {
    match status {
        HouseholdStatus::HomeQuarantine => Some(Reason::HouseholdQuarantine),
        HouseholdStatus::CloseContact => Some(Reason::HouseholdCloseContact),
        _ => None,
    }
}

/// Residents of a confined household may come home but not leave; leaving
/// also counts against the household's exit quota.
fn household_rule(
    mut pending: Pending,
    household: Option<&HouseholdFacts>,
    config: &GateConfig,
) -> Admission {
    let Some(household) = household else {
        return Admission::Continue(pending);
    };
    let confinement = confinement_reason(household.status);
    match pending.direction {
        Direction::In => {
            if confinement.is_some() {
                pending.alert = Some(household.status);
            }
            Admission::Continue(pending)
        }
        Direction::Out => {
            if let Some(reason) = confinement {
                return Admission::Refuse(pending, reason);
            }
            let quota = household.quota.or(config.exit_quota);
            match quota {
                Some(q) if household.exits_in_window >= q.outings => {
                    Admission::Refuse(pending, Reason::ExitQuota)
                }
                _ => Admission::Continue(pending),
            }
        }
    }
}

/// Nobody visits a confined household; leaving one's visit is always allowed.
fn visit_rule(pending: Pending, visited: Option<&HouseholdFacts>) -> Admission {
    let reason = visited.and_then(|h| confinement_reason(h.status));
    match (pending.direction, reason) {
        (Direction::In, Some(reason)) => Admission::Refuse(pending, reason),
        _ => Admission::Continue(pending),
    }
}

fn checked(field: Field, verdict: Verdict, raw: &str) -> Result<String, Invalid> {
    if verdict.valid {
        Ok(verdict.normalized.unwrap_or_else(|| raw.trim().to_string()))
    } else {
        Err(Invalid {
            field,
            reason: verdict.reason,
        })
    }
}

/// Validates optional free text: empty stays empty, anything else must be sane.
fn optional_text(field: Field, raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        checked(field, validate::free_text(raw, FREE_TEXT_MAX), raw)
    }
}

/// A person's name, document and phone, each validated on its own.
fn person_fields(form: &PersonForm) -> [Result<String, Invalid>; 3] {
    [
        checked(Field::Name, validate::person_name(&form.name), &form.name),
        checked(
            Field::IdNumber,
            validate::document(form.document_type, &form.id_number),
            &form.id_number,
        ),
        checked(Field::Phone, validate::cn_mobile(&form.phone), &form.phone),
    ]
}

/// Validates a person's name, document and phone; `from` and `visiting`
/// are filled in by the caller.
fn person(form: &PersonForm, household: Option<&HouseholdFacts>) -> Result<VisitorInfo, Invalid> {
    let [name, id_number, phone] = person_fields(form);
    Ok(VisitorInfo {
        name: name?,
        document_type: form.document_type,
        id_number: id_number?,
        phone: phone?,
        from: String::new(),
        visiting: String::new(),
        household: household.map(|h| h.reference),
    })
}

fn visitor_places(form: &VisitorForm) -> [Result<String, Invalid>; 2] {
    [
        checked(
            Field::From,
            validate::free_text(&form.from, FREE_TEXT_MAX),
            &form.from,
        ),
        checked(
            Field::Visiting,
            validate::free_text(&form.visiting, FREE_TEXT_MAX),
            &form.visiting,
        ),
    ]
}

/// Every invalid field of a visitor form, in screen order, so that the
/// form can mark all of them at once instead of one per attempt.
pub fn visitor_errors(form: &VisitorForm) -> Vec<Invalid> {
    person_fields(&form.person)
        .into_iter()
        .chain(visitor_places(form))
        .filter_map(Result::err)
        .collect()
}

/// Every invalid field of a vehicle form, in screen order.
pub fn vehicle_errors(form: &VehicleForm) -> Vec<Invalid> {
    let plate = checked(Field::Plate, validate::cn_plate(&form.plate), &form.plate);
    let places = [
        optional_text(Field::From, &form.from),
        optional_text(Field::Visiting, &form.visiting),
    ];
    let occupants = occupants_check(form.occupants);
    std::iter::once(plate)
        .chain(person_fields(&form.driver))
        .chain(places)
        .filter_map(Result::err)
        .chain(occupants.err())
        .collect()
}

fn occupants_check(occupants: u32) -> Result<u32, Invalid> {
    if occupants == 0 || occupants > OCCUPANTS_MAX {
        Err(Invalid {
            field: Field::Occupants,
            reason: Rule::OutOfRange,
        })
    } else {
        Ok(occupants)
    }
}

/// Validates a visitor form field by field, in the order the form shows them,
/// so that the first error named is the first one the volunteer sees.
pub fn visitor_info(
    form: &VisitorForm,
    visited: Option<&HouseholdFacts>,
) -> Result<VisitorInfo, Invalid> {
    let mut info = person(&form.person, visited)?;
    let [from, visiting] = visitor_places(form);
    info.from = from?;
    info.visiting = visiting?;
    Ok(info)
}

/// Validates a vehicle form in screen order: plate, driver, origin, load.
pub fn vehicle_info(
    form: &VehicleForm,
    visited: Option<&HouseholdFacts>,
) -> Result<VehicleInfo, Invalid> {
    let plate = checked(Field::Plate, validate::cn_plate(&form.plate), &form.plate)?;
    let mut driver = person(&form.driver, visited)?;
    driver.from = optional_text(Field::From, &form.from)?;
    driver.visiting = optional_text(Field::Visiting, &form.visiting)?;
    Ok(VehicleInfo {
        plate,
        kind: form.kind,
        driver,
        occupants: occupants_check(form.occupants)?,
    })
}

/// How a passage ends once answered and measured. The first matching rule
/// wins: two fever readings, then symptoms, contact, and travel.
///
/// Travel only matters on the way in (it is about bringing something back),
/// and not for a holder of a valid red pass, whose return is already registered.
pub fn conclude(
    pending: &Pending,
    answers: Answers,
    readings: &[Temperature],
    config: &GateConfig,
) -> (Outcome, Option<Reason>) {
    let fevers = readings.iter().filter(|t| **t >= config.fever_at).count();
    let travel_counts = pending.direction == Direction::In && !pending.travel_registered;
    let reason = if fevers >= 2 {
        Some(Reason::Fever)
    } else if answers.symptoms {
        Some(Reason::Symptoms)
    } else if answers.contact_14d {
        Some(Reason::Contact14d)
    } else if answers.travel_14d && travel_counts {
        Some(Reason::Travel14d)
    } else {
        None
    };
    match reason {
        Some(r) => (Outcome::Referred, Some(r)),
        None => (Outcome::Released, None),
    }
}
