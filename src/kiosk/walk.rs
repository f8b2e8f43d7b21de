//! `kakou kiosk --walk SCREEN`: drives the running kiosk to one screen
//! through the same intents a volunteer's taps send, so that screenshots
//! and demonstrations show the real flow on the real store.

use std::time::Duration;

use slint::{ComponentHandle, Timer, TimerMode};

use super::intent::{Intent, IntentSink, RegistrationInput, SupplyAction};
use super::ui::{AppWindow, CheckAdapter, VisitorAdapter};
use super::view::LeadPage;
use kakou_core::domain::{Answers, Direction};
use kakou_core::validate::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Walk {
    Gate,
    Check,
    Visitor,
    Vehicle,
    Outcome,
    Refused,
    Remeasure,
    /// The lead screen's first page (today), after a little traffic.
    Lead,
    LeadRoster,
    LeadSupplies,
    LeadInside,
    LeadSettings,
}

/// The demo cards by position (see `app::demo::prepare_kiosk`).
const GREEN_CARD: usize = 0;
const LOST_CARD: usize = 4;

/// Starts the walk. Intents queue behind the store's opening on the worker;
/// what the volunteer would type into the form is filled in once the
/// screen is there.
pub fn start(ui: &AppWindow, send: IntentSink, walk: Walk) {
    let first = match walk {
        Walk::Gate => vec![],
        Walk::Check => vec![Intent::DemoScan(Some(GREEN_CARD))],
        Walk::Visitor => vec![Intent::StartRegistration { vehicle: false }],
        Walk::Vehicle => vec![Intent::StartRegistration { vehicle: true }],
        Walk::Outcome => vec![
            Intent::DemoScan(Some(GREEN_CARD)),
            Intent::Release {
                answers: Answers::default(),
                temperature: "36.4".into(),
            },
        ],
        Walk::Refused => vec![
            Intent::SetDirection(Direction::In),
            Intent::DemoScan(Some(LOST_CARD)),
        ],
        Walk::Remeasure => vec![
            Intent::DemoScan(Some(GREEN_CARD)),
            Intent::Release {
                answers: Answers::default(),
                temperature: "37.9".into(),
            },
        ],
        Walk::Lead => lead_walk(LeadPage::Today),
        Walk::LeadRoster => lead_walk(LeadPage::Roster),
        Walk::LeadSupplies => lead_walk(LeadPage::Supplies),
        Walk::LeadInside => lead_walk(LeadPage::Inside),
        Walk::LeadSettings => lead_walk(LeadPage::Settings),
    };
    for intent in first {
        send(intent);
    }
    let weak = ui.as_weak();
    // Leaked on purpose: the timer must outlive this function and fires once.
    let timer = Box::leak(Box::new(Timer::default()));
    timer.start(TimerMode::SingleShot, Duration::from_secs(3), move || {
        let Some(ui) = weak.upgrade() else { return };
        match walk {
            Walk::Check => {
                ui.global::<CheckAdapter>().set_temperature("36.5".into());
            }
            Walk::Visitor | Walk::Vehicle => fill_form(&ui, &send, walk == Walk::Vehicle),
            _ => {}
        }
    });
}

/// Some traffic first (a resident released, a lost card refused, a visitor
/// and a vehicle let in, who stay inside), so the lead's pages show a day
/// in progress; then the PIN and the page, with what the lead does there.
fn lead_walk(page: LeadPage) -> Vec<Intent> {
    let release = || Intent::Release {
        answers: Answers::default(),
        temperature: "36.4".into(),
    };
    let visitor = RegistrationInput {
        vehicle: false,
        name: "王五".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        plate: String::new(),
        from: "朝阳区".into(),
        visiting: "1-1-101".into(),
        kind_index: 0,
        occupants: 1,
    };
    let vehicle = RegistrationInput {
        vehicle: true,
        name: "赵六".into(),
        plate: "京A12345".into(),
        from: "大兴区新发地".into(),
        ..visitor.clone()
    };
    let mut intents = vec![
        Intent::DemoScan(Some(GREEN_CARD)),
        release(),
        Intent::Acknowledge,
        Intent::DemoScan(Some(LOST_CARD)),
        Intent::Acknowledge,
        Intent::StartRegistration { vehicle: false },
        Intent::SubmitRegistration(visitor),
        release(),
        Intent::Acknowledge,
        Intent::StartRegistration { vehicle: true },
        Intent::SubmitRegistration(vehicle),
        release(),
        Intent::Acknowledge,
        Intent::OpenLead,
        Intent::PinSubmit(crate::app::demo::DEMO_PIN.into()),
        Intent::LeadPage(page),
    ];
    match page {
        LeadPage::Roster => intents.push(Intent::SignIn("李四".into())),
        // More masks than the shelf holds: the refusal, the longest
        // sentence the page shows.
        LeadPage::Supplies => intents.push(Intent::Supply {
            item: 1,
            action: SupplyAction::Out,
            quantity: "9999".into(),
            note: String::new(),
        }),
        _ => {}
    }
    intents
}

fn fill_form(ui: &AppWindow, send: &IntentSink, vehicle: bool) {
    let v = ui.global::<VisitorAdapter>();
    let fields: &[(Field, &str)] = if vehicle {
        &[
            (Field::Plate, "京A12345"),
            (Field::Name, "赵六"),
            (Field::IdNumber, "11010519491231002X"),
            (Field::Phone, "13800138000"),
            (Field::From, "大兴区新发地"),
            (Field::Visiting, "3-2-501"),
        ]
    } else {
        &[
            (Field::Name, "王五"),
            // A wrong check digit, so the picture shows how errors look.
            (Field::IdNumber, "110105194912310021"),
            (Field::Phone, "138 0013 8000"),
            (Field::From, "朝阳区"),
            (Field::Visiting, "1-1-101"),
        ]
    };
    for (field, text) in fields {
        let set = match field {
            Field::Plate => VisitorAdapter::set_plate,
            Field::Name => VisitorAdapter::set_name,
            Field::IdNumber => VisitorAdapter::set_id_number,
            Field::Phone => VisitorAdapter::set_phone,
            Field::From => VisitorAdapter::set_from,
            _ => VisitorAdapter::set_visiting,
        };
        set(&v, (*text).into());
        send(Intent::FieldEdited {
            field: *field,
            text: (*text).into(),
        });
    }
}
