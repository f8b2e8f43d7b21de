//! Passages for the tests of `app`: visitors, drivers and pass holders
//! committed on a given day, as the gate would have.

use chrono::{DateTime, FixedOffset};
use kakou_core::domain::{
    Answers, Direction, DocumentType, Outcome, Passage, Subject, Temperature, VehicleInfo,
    VehicleKind, VisitorInfo,
};

use super::{CommittedPassage, Terminal};

pub(crate) fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

pub(crate) fn visitor(id_number: &str, phone: &str) -> VisitorInfo {
    VisitorInfo {
        name: "李四".into(),
        document_type: DocumentType::MainlandId,
        id_number: id_number.into(),
        phone: phone.into(),
        from: "朝阳区".into(),
        visiting: "3-2-501".into(),
        household: None,
    }
}

fn passage(when: &str, subject: Subject, outcome: Outcome) -> Passage {
    Passage {
        at: at(when),
        direction: Direction::In,
        subject,
        temperatures: vec![Temperature(365)],
        answers: Answers::default(),
        outcome,
        reason: None,
        alert: None,
    }
}

/// A released visitor at `when` (RFC 3339).
pub(crate) fn visitor_passage(when: &str, id_number: &str, phone: &str) -> Passage {
    passage(
        when,
        Subject::Visitor(visitor(id_number, phone)),
        Outcome::Released,
    )
}

/// A released delivery van with its driver at `when`.
pub(crate) fn vehicle_passage(when: &str, id_number: &str, phone: &str) -> Passage {
    let vehicle = VehicleInfo {
        plate: "京A12345".into(),
        kind: VehicleKind::Delivery,
        driver: visitor(id_number, phone),
        occupants: 2,
    };
    passage(when, Subject::Vehicle(vehicle), Outcome::Released)
}

/// A resident's pass at `when`.
pub(crate) fn pass_passage(when: &str) -> Passage {
    let subject = Subject::Pass {
        key_id: Some(1),
        serial: Some(7),
        category: None,
        holder: Some("王五".into()),
        household: None,
    };
    passage(when, subject, Outcome::Released)
}

/// Commits `passage` at this terminal's checkpoint, with its event.
pub(crate) fn commit(terminal: &mut Terminal, passage: Passage) -> CommittedPassage {
    let checkpoint = terminal.settings().checkpoint.clone();
    terminal
        .store_mut()
        .commit_passage(passage, &checkpoint, "张三", None)
        .unwrap()
}
