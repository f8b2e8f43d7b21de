//! `kakou kiosk --walk SCREEN`: drives the running kiosk to one screen
//! through the same intents a volunteer's taps send, so that screenshots
//! and demonstrations show the real flow on the real store.

use std::time::Duration;

use slint::{ComponentHandle, Timer, TimerMode};

use super::bind::Send;
use super::controller::Intent;
use super::{AppWindow, CheckAdapter, VisitorAdapter};
use kakou_core::domain::{Answers, Direction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Walk {
    Gate,
    Check,
    Visitor,
    Vehicle,
    Outcome,
    Refused,
    Remeasure,
    Lead,
}

/// The demo cards by position (see `demo_store::demo_cards`).
const GREEN_CARD: usize = 0;
const LOST_CARD: usize = 4;

/// Starts the walk. Intents queue behind the store's opening on the worker;
/// what the volunteer would type into the form is filled in once the
/// screen is there.
pub fn start(ui: &AppWindow, send: Send, walk: Walk) {
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
        Walk::Lead => vec![
            Intent::OpenLead,
            Intent::PinSubmit(super::demo_store::DEMO_PIN.into()),
        ],
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

fn fill_form(ui: &AppWindow, send: &Send, vehicle: bool) {
    let v = ui.global::<VisitorAdapter>();
    let fields: &[(&str, &str)] = if vehicle {
        &[
            ("plate", "京A12345"),
            ("name", "赵六"),
            ("id_number", "11010519491231002X"),
            ("phone", "13800138000"),
            ("from", "大兴区新发地"),
            ("visiting", "3-2-501"),
        ]
    } else {
        &[
            ("name", "王五"),
            // A wrong check digit, so the picture shows how errors look.
            ("id_number", "110105194912310021"),
            ("phone", "138 0013 8000"),
            ("from", "朝阳区"),
            ("visiting", "1-1-101"),
        ]
    };
    for (field, text) in fields {
        let set = match *field {
            "plate" => VisitorAdapter::set_plate,
            "name" => VisitorAdapter::set_name,
            "id_number" => VisitorAdapter::set_id_number,
            "phone" => VisitorAdapter::set_phone,
            "from" => VisitorAdapter::set_from,
            _ => VisitorAdapter::set_visiting,
        };
        set(&v, (*text).into());
        send(Intent::FieldEdited {
            field: (*field).into(),
            text: (*text).into(),
        });
    }
}
