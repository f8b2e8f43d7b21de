//! Table-driven tests of the gate flow: every path and every reason.

// The tables are tuples on purpose: one row per line reads as a table.
#![allow(clippy::type_complexity)]

use chrono::{DateTime, Duration, FixedOffset};

use super::*;
use crate::domain::{
    Answers, Category, Direction, ExitQuota, HouseholdStatus, Outcome, Passage, Reason, Subject,
    Temperature, VehicleKind,
};
use crate::pass::PassCheck;
use crate::validate::{Field, Rule};

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-24T08:00:00+08:00").unwrap()
}

fn household(status: HouseholdStatus, quota: Option<ExitQuota>, exits: u32) -> HouseholdFacts {
    HouseholdFacts {
        reference: crate::domain::HouseholdRef {
            key_id: 9,
            number: 7,
        },
        address: "3-2-501".into(),
        status,
        quota,
        exits_in_window: exits,
    }
}

fn pass(check: PassCheck, category: Category, home: HouseholdFacts) -> Identity {
    Identity::Pass(PassFacts {
        check,
        key_id: Some(9),
        serial: Some(42),
        category: Some(category),
        holder: Some("张三".into()),
        household: Some(home),
    })
}

fn resident() -> Identity {
    pass(
        PassCheck::Ok,
        Category::Resident,
        household(HouseholdStatus::Normal, None, 0),
    )
}

fn person_form() -> PersonForm {
    PersonForm {
        name: "李四".into(),
        document_type: Default::default(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
    }
}

fn visitor(visited: Option<HouseholdFacts>) -> Identity {
    Identity::Visitor(
        VisitorForm {
            person: person_form(),
            from: "朝阳区".into(),
            visiting: "3-2-501".into(),
        },
        visited,
    )
}

fn vehicle() -> Identity {
    Identity::Vehicle(
        VehicleForm {
            plate: "京A12345".into(),
            kind: VehicleKind::Delivery,
            driver: person_form(),
            occupants: 2,
            from: String::new(),
            visiting: String::new(),
        },
        None,
    )
}

const YES_TRAVEL: Answers = Answers {
    travel_14d: true,
    contact_14d: false,
    symptoms: false,
};
const YES_CONTACT: Answers = Answers {
    travel_14d: false,
    contact_14d: true,
    symptoms: false,
};
const YES_SYMPTOMS: Answers = Answers {
    travel_14d: false,
    contact_14d: false,
    symptoms: true,
};
const NO: Answers = Answers {
    travel_14d: false,
    contact_14d: false,
    symptoms: false,
};

/// Feeds events at the given second offsets and collects every effect.
fn run(events: Vec<(i64, Event)>) -> (GateState, Vec<Effect>) {
    let config = GateConfig::default();
    let mut state = GateState::Idle;
    let mut all = Vec::new();
    for (secs, event) in events {
        let ctx = Ctx {
            now: t0() + Duration::seconds(secs),
            config: &config,
        };
        let (next, effects) = step(&state, event, &ctx);
        state = next;
        all.extend(effects);
    }
    (state, all)
}

fn commits(effects: &[Effect]) -> Vec<&Passage> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Commit(p) => Some(p.as_ref()),
            _ => None,
        })
        .collect()
}

/// A whole passage: begin, identify, answer, then readings (seconds, text).
fn passage(
    direction: Direction,
    identity: Identity,
    answers: Answers,
    readings: &[(i64, &str)],
) -> Vec<(i64, Event)> {
    let mut events = vec![
        (0, Event::Begin(direction)),
        (1, Event::Identify(identity)),
        (2, Event::Answer(answers)),
    ];
    events.extend(
        readings
            .iter()
            .map(|(s, t)| (*s, Event::Reading((*t).to_string()))),
    );
    events
}

#[test]
fn every_path_ends_with_the_expected_outcome_and_reason() {
    use Direction::{In, Out};
    let normal = || household(HouseholdStatus::Normal, None, 0);
    let quota = Some(ExitQuota {
        outings: 1,
        days: 2,
    });
    let returned = pass(PassCheck::Ok, Category::Returned, normal());
    #[rustfmt::skip]
    let table: Vec<(&str, Direction, Identity, Answers, Vec<(i64, &str)>, Outcome, Option<Reason>, Option<HouseholdStatus>)> = vec![
        ("resident in, normal", In, resident(), NO, vec![(3, "36.5")], Outcome::Released, None, None),
        ("resident out, normal", Out, resident(), NO, vec![(3, "36.5")], Outcome::Released, None, None),
        ("tenant in", In, pass(PassCheck::Ok, Category::Tenant, normal()), NO, vec![(3, "36.4")], Outcome::Released, None, None),
        ("fever then normal second reading", In, resident(), NO, vec![(3, "37.6"), (303, "36.9")], Outcome::Released, None, None),
        ("two fevers", In, resident(), NO, vec![(3, "37.6"), (303, "37.3")], Outcome::Referred, Some(Reason::Fever), None),
        ("threshold is a fever", In, resident(), NO, vec![(3, "37.3"), (303, "37.3")], Outcome::Referred, Some(Reason::Fever), None),
        ("just below threshold", In, resident(), NO, vec![(3, "37.2")], Outcome::Released, None, None),
        ("symptoms", In, resident(), YES_SYMPTOMS, vec![(3, "36.5")], Outcome::Referred, Some(Reason::Symptoms), None),
        ("symptoms on the way out", Out, resident(), YES_SYMPTOMS, vec![(3, "36.5")], Outcome::Referred, Some(Reason::Symptoms), None),
        ("contact", In, resident(), YES_CONTACT, vec![(3, "36.5")], Outcome::Referred, Some(Reason::Contact14d), None),
        ("travel on the way in", In, resident(), YES_TRAVEL, vec![(3, "36.5")], Outcome::Referred, Some(Reason::Travel14d), None),
        ("travel does not matter going out", Out, resident(), YES_TRAVEL, vec![(3, "36.5")], Outcome::Released, None, None),
        ("red pass travel is registered", In, returned.clone(), YES_TRAVEL, vec![(3, "36.5")], Outcome::Released, None, None),
        ("fever outranks symptoms", In, resident(), YES_SYMPTOMS, vec![(3, "38.0"), (303, "38.1")], Outcome::Referred, Some(Reason::Fever), None),
        ("quarantine household comes home with an alert", In, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::HomeQuarantine, None, 0)), NO, vec![(3, "36.5")], Outcome::Released, None, Some(HouseholdStatus::HomeQuarantine)),
        ("close contact household comes home with an alert", In, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::CloseContact, None, 0)), NO, vec![(3, "36.5")], Outcome::Released, None, Some(HouseholdStatus::CloseContact)),
        ("quarantine household may not leave", Out, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::HomeQuarantine, None, 0)), NO, vec![], Outcome::Refused, Some(Reason::HouseholdQuarantine), None),
        ("close contact household may not leave", Out, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::CloseContact, None, 0)), NO, vec![], Outcome::Refused, Some(Reason::HouseholdCloseContact), None),
        ("secondary contact may leave", Out, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::SecondaryContact, None, 0)), NO, vec![(3, "36.5")], Outcome::Released, None, None),
        ("exit quota used up", Out, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::Normal, quota, 1)), NO, vec![], Outcome::Refused, Some(Reason::ExitQuota), None),
        ("exit quota left", Out, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::Normal, quota, 0)), NO, vec![(3, "36.5")], Outcome::Released, None, None),
        ("exit quota does not limit entry", In, pass(PassCheck::Ok, Category::Resident, household(HouseholdStatus::Normal, quota, 5)), NO, vec![(3, "36.5")], Outcome::Released, None, None),
        ("malformed pass", In, Identity::Pass(PassFacts { check: PassCheck::Malformed, key_id: None, serial: None, category: None, holder: None, household: None }), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::Malformed)), None),
        ("bad signature", In, pass(PassCheck::BadSignature, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::BadSignature)), None),
        ("unknown key", In, pass(PassCheck::UnknownKey, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::UnknownKey)), None),
        ("not yet valid", In, pass(PassCheck::NotYetValid, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::NotYetValid)), None),
        ("expired", In, pass(PassCheck::Expired, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::Expired)), None),
        ("revoked", Out, pass(PassCheck::Revoked, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::Revoked)), None),
        ("other community", In, pass(PassCheck::OtherCommunity, Category::Resident, normal()), NO, vec![], Outcome::Refused, Some(Reason::Pass(PassCheck::OtherCommunity)), None),
        ("visitor", In, visitor(None), NO, vec![(3, "36.6")], Outcome::Released, None, None),
        ("visitor to a known household", In, visitor(Some(normal())), NO, vec![(3, "36.6")], Outcome::Released, None, None),
        ("visitor to a quarantined household", In, visitor(Some(household(HouseholdStatus::HomeQuarantine, None, 0))), NO, vec![], Outcome::Refused, Some(Reason::HouseholdQuarantine), None),
        ("pink pass to a quarantined household", In, pass(PassCheck::Ok, Category::Visitor, household(HouseholdStatus::HomeQuarantine, None, 0)), NO, vec![], Outcome::Refused, Some(Reason::HouseholdQuarantine), None),
        ("pink pass to a close contact's household", In, pass(PassCheck::Ok, Category::Visitor, household(HouseholdStatus::CloseContact, None, 0)), NO, vec![], Outcome::Refused, Some(Reason::HouseholdCloseContact), None),
        ("pink pass leaving a quarantined household", Out, pass(PassCheck::Ok, Category::Visitor, household(HouseholdStatus::HomeQuarantine, None, 0)), NO, vec![(3, "36.6")], Outcome::Released, None, None),
        ("pink pass leaves whatever the host's quota", Out, pass(PassCheck::Ok, Category::Visitor, household(HouseholdStatus::Normal, quota, 5)), NO, vec![(3, "36.6")], Outcome::Released, None, None),
        ("visitor leaving a quarantined household", Out, visitor(Some(household(HouseholdStatus::HomeQuarantine, None, 0))), NO, vec![(3, "36.6")], Outcome::Released, None, None),
        ("visitor with fever twice", In, visitor(None), NO, vec![(3, "38.2"), (303, "38.4")], Outcome::Referred, Some(Reason::Fever), None),
        ("vehicle", In, vehicle(), NO, vec![(3, "36.4")], Outcome::Released, None, None),
        ("vehicle driver travelled", In, vehicle(), YES_TRAVEL, vec![(3, "36.4")], Outcome::Referred, Some(Reason::Travel14d), None),
    ];
    for (name, direction, identity, answers, readings, outcome, reason, alert) in table {
        let (state, effects) = run(passage(direction, identity, answers, &readings));
        let committed = commits(&effects);
        assert_eq!(
            committed.len(),
            1,
            "{name}: exactly one commit, got {effects:?}"
        );
        let p = committed[0];
        assert_eq!((p.outcome, p.reason), (outcome, reason), "{name}");
        assert_eq!(p.alert, alert, "{name}: alert");
        assert_eq!(p.direction, direction, "{name}: direction");
        let alerted = effects.iter().any(|e| matches!(e, Effect::Alert(_)));
        assert_eq!(alerted, alert.is_some(), "{name}: alert effect");
        assert!(matches!(state, GateState::Done { .. }), "{name}: {state:?}");
        let expected_temps: Vec<Temperature> = readings
            .iter()
            .map(|(_, t)| validate::parse_temperature(t).unwrap())
            .collect();
        assert_eq!(p.temperatures, expected_temps, "{name}: temperatures");
    }
}

use crate::validate;

#[test]
fn a_first_fever_asks_for_a_rest_and_refuses_an_early_second_reading() {
    let (state, effects) = run(passage(
        Direction::In,
        resident(),
        NO,
        &[(3, "37.8"), (100, "36.5")],
    ));
    let until = t0() + Duration::seconds(303);
    assert!(effects.contains(&Effect::Show(Prompt::Remeasure { until })));
    assert!(effects.contains(&Effect::Show(Prompt::StillResting { until })));
    assert!(commits(&effects).is_empty());
    match state {
        GateState::Measure {
            first, rest_until, ..
        } => {
            assert_eq!(first, Some(Temperature(378)));
            assert_eq!(rest_until, Some(until));
        }
        other => panic!("expected to stay in measure, got {other:?}"),
    }
}

#[test]
fn invalid_input_changes_nothing_and_names_the_field() {
    let mut bad_id = person_form();
    bad_id.id_number = "110105194912310021".into();
    #[rustfmt::skip]
    let table: Vec<(&str, Identity, Field)> = vec![
        ("empty name", Identity::Visitor(VisitorForm { person: PersonForm { name: " ".into(), ..person_form() }, from: "x".into(), visiting: "y".into() }, None), Field::Name),
        ("bad phone", Identity::Visitor(VisitorForm { person: PersonForm { phone: "12345".into(), ..person_form() }, from: "x".into(), visiting: "y".into() }, None), Field::Phone),
        ("bad id", Identity::Visitor(VisitorForm { person: PersonForm { id_number: "abc".into(), ..person_form() }, from: "x".into(), visiting: "y".into() }, None), Field::IdNumber),
        ("missing from", Identity::Visitor(VisitorForm { person: person_form(), from: "".into(), visiting: "y".into() }, None), Field::From),
        ("missing visiting", Identity::Visitor(VisitorForm { person: person_form(), from: "x".into(), visiting: "".into() }, None), Field::Visiting),
        ("bad plate", Identity::Vehicle(VehicleForm { plate: "X".into(), kind: VehicleKind::Courier, driver: person_form(), occupants: 1, from: String::new(), visiting: String::new() }, None), Field::Plate),
        ("no occupants", Identity::Vehicle(VehicleForm { plate: "京A12345".into(), kind: VehicleKind::Courier, driver: person_form(), occupants: 0, from: String::new(), visiting: String::new() }, None), Field::Occupants),
    ];
    for (name, identity, field) in table {
        let (state, effects) = run(vec![
            (0, Event::Begin(Direction::In)),
            (1, Event::Identify(identity)),
        ]);
        assert!(matches!(state, GateState::Stop { .. }), "{name}: {state:?}");
        assert!(
            matches!(effects.last(), Some(Effect::Invalid { field: f, .. }) if *f == field),
            "{name}: {effects:?}"
        );
        assert!(commits(&effects).is_empty(), "{name}");
    }
    let (state, effects) = run(passage(Direction::In, resident(), NO, &[(3, "98.6")]));
    assert!(matches!(state, GateState::Measure { .. }));
    assert_eq!(
        effects.last(),
        Some(&Effect::Invalid {
            field: Field::Temperature,
            reason: Rule::OutOfRange
        })
    );
}

#[test]
fn manual_decisions_and_cancel_are_recorded() {
    #[rustfmt::skip]
    let table: Vec<(&str, Vec<(i64, Event)>, Option<(Outcome, Option<Reason>)>)> = vec![
        ("refuse while asking", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Refuse)], Some((Outcome::Refused, Some(Reason::Operator)))),
        ("refer while measuring", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Answer(NO)), (3, Event::Refer)], Some((Outcome::Referred, Some(Reason::Operator)))),
        ("cancel while measuring", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Answer(NO)), (3, Event::Cancel)], Some((Outcome::Cancelled, None))),
        ("cancel before anyone is identified", vec![(0, Event::Begin(Direction::In)), (1, Event::Cancel)], None),
    ];
    for (name, events, expected) in table {
        let (_, effects) = run(events);
        let got = commits(&effects).first().map(|p| (p.outcome, p.reason));
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn timeouts_return_to_idle_only_after_the_deadline() {
    let config = GateConfig::default();
    let idle_after = config.idle_timeout_seconds;
    #[rustfmt::skip]
    let table: Vec<(&str, Vec<(i64, Event)>, bool, Option<Reason>)> = vec![
        ("stale timer while stopped", vec![(0, Event::Begin(Direction::In)), (idle_after - 1, Event::Timeout)], false, None),
        ("stopped and left alone", vec![(0, Event::Begin(Direction::In)), (idle_after, Event::Timeout)], true, None),
        ("identified and left alone", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (1 + idle_after, Event::Timeout)], true, Some(Reason::Timeout)),
        ("resting is not idle", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Answer(NO)), (3, Event::Reading("38.0".into())), (3 + idle_after, Event::Timeout)], false, None),
        ("rest over and left alone", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Answer(NO)), (3, Event::Reading("38.0".into())), (3 + config.rest_seconds + idle_after, Event::Timeout)], true, Some(Reason::Timeout)),
        ("outcome screen returns by itself", vec![(0, Event::Begin(Direction::In)), (1, Event::Identify(resident())), (2, Event::Answer(NO)), (3, Event::Reading("36.5".into())), (3 + config.outcome_seconds, Event::Timeout)], true, None),
    ];
    for (name, events, back_to_idle, reason) in table {
        let (state, effects) = run(events);
        assert_eq!(state == GateState::Idle, back_to_idle, "{name}: {state:?}");
        let timed_out: Vec<_> = commits(&effects)
            .into_iter()
            .filter(|p| p.reason == Some(Reason::Timeout))
            .collect();
        assert_eq!(timed_out.first().and_then(|p| p.reason), reason, "{name}");
        if let Some(p) = timed_out.first() {
            assert_eq!(p.outcome, Outcome::Cancelled, "{name}");
        }
    }
}

#[test]
fn stray_events_change_nothing() {
    let config = GateConfig::default();
    let ctx = Ctx {
        now: t0(),
        config: &config,
    };
    let stopped = GateState::Stop {
        direction: Direction::In,
        deadline: t0(),
    };
    #[rustfmt::skip]
    let table: Vec<(&str, GateState, Event)> = vec![
        ("scan while idle", GateState::Idle, Event::Identify(resident())),
        ("answers while idle", GateState::Idle, Event::Answer(NO)),
        ("reading before answers", stopped.clone(), Event::Reading("36.5".into())),
        ("refuse before identified", stopped.clone(), Event::Refuse),
        ("acknowledge while stopped", stopped, Event::Acknowledge),
        ("timeout while idle", GateState::Idle, Event::Timeout),
    ];
    for (name, state, event) in table {
        let (next, effects) = step(&state, event, &ctx);
        assert_eq!(next, state, "{name}");
        assert!(effects.is_empty(), "{name}: {effects:?}");
    }
}

#[test]
fn each_step_shows_the_next_prompt() {
    let (_, effects) = run(passage(Direction::In, resident(), NO, &[(3, "36.5")]));
    let prompts: Vec<&Prompt> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Show(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(
        prompts,
        vec![
            &Prompt::ShowPass,
            &Prompt::Questions,
            &Prompt::Measure,
            &Prompt::Released
        ]
    );
    let (state, effects) = run(vec![
        (0, Event::Begin(Direction::In)),
        (1, Event::Identify(resident())),
        (2, Event::Answer(NO)),
        (3, Event::Reading("36.5".into())),
        (4, Event::Acknowledge),
    ]);
    assert_eq!(state, GateState::Idle);
    assert_eq!(effects.last(), Some(&Effect::Show(Prompt::Idle)));
}

#[test]
fn the_next_person_can_be_stopped_while_the_outcome_shows() {
    let (state, _) = run(vec![
        (0, Event::Begin(Direction::In)),
        (1, Event::Identify(resident())),
        (2, Event::Answer(NO)),
        (3, Event::Reading("36.5".into())),
        (4, Event::Begin(Direction::Out)),
    ]);
    assert!(matches!(
        state,
        GateState::Stop {
            direction: Direction::Out,
            ..
        }
    ));
}

#[test]
fn the_committed_subject_carries_what_was_shown() {
    let (_, effects) = run(passage(Direction::In, resident(), NO, &[(3, "36.5")]));
    let p = commits(&effects)[0];
    assert_eq!(
        p.subject,
        Subject::Pass {
            key_id: Some(9),
            serial: Some(42),
            category: Some(Category::Resident),
            holder: Some("张三".into()),
            household: Some(crate::domain::HouseholdRef {
                key_id: 9,
                number: 7
            }),
        }
    );
    assert_eq!(p.at, t0() + Duration::seconds(3));
}

#[test]
fn form_errors_name_every_invalid_field_in_screen_order() {
    let form = VisitorForm {
        person: PersonForm {
            name: String::new(),
            document_type: Default::default(),
            id_number: "110105194912310021".into(),
            phone: "12345".into(),
        },
        from: "朝阳区".into(),
        visiting: String::new(),
    };
    let fields: Vec<Field> = visitor_errors(&form).iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [Field::Name, Field::IdNumber, Field::Phone, Field::Visiting]
    );
    let Identity::Visitor(good, _) = visitor(None) else {
        unreachable!()
    };
    assert!(visitor_errors(&good).is_empty());
    let Identity::Vehicle(mut car, _) = vehicle() else {
        unreachable!()
    };
    assert!(vehicle_errors(&car).is_empty());
    car.plate = "京A1234".into();
    car.occupants = 0;
    let fields: Vec<Field> = vehicle_errors(&car).iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::Plate, Field::Occupants]);
}
