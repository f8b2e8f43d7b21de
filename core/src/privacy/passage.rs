//! A whole passage as screens and files show it: the visitor's or driver's
//! ID number and phone masked, and any full number typed into a free-text
//! field ("from: 13800138000") masked too.

use super::mask::{mask_text, mask_visitor};
use crate::domain::{Passage, Subject, VisitorInfo};

fn masked_visitor(visitor: &VisitorInfo) -> VisitorInfo {
    let masked = mask_visitor(visitor);
    VisitorInfo {
        name: mask_text(&masked.name),
        from: mask_text(&masked.from),
        visiting: mask_text(&masked.visiting),
        ..masked
    }
}

/// The passage with every personal number masked. Names stay (the
/// volunteer calls people by them); a pass holder's fields hold no number.
pub fn mask_passage(passage: &Passage) -> Passage {
    let subject = match &passage.subject {
        Subject::Visitor(v) => Subject::Visitor(masked_visitor(v)),
        Subject::Vehicle(v) => {
            let mut vehicle = v.clone();
            vehicle.driver = masked_visitor(&v.driver);
            vehicle.plate = mask_text(&v.plate);
            Subject::Vehicle(vehicle)
        }
        Subject::Pass {
            key_id,
            serial,
            category,
            holder,
            household,
        } => Subject::Pass {
            key_id: *key_id,
            serial: *serial,
            category: *category,
            holder: holder.as_deref().map(mask_text),
            household: *household,
        },
    };
    Passage {
        subject,
        ..passage.clone()
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::domain::{Answers, Direction, DocumentType, Outcome, VehicleInfo, VehicleKind};
    use crate::privacy::find_personal_numbers;

    fn visitor() -> VisitorInfo {
        VisitorInfo {
            name: "李四".into(),
            document_type: DocumentType::MainlandId,
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            from: "朝阳区，电话 13900139000".into(),
            visiting: "3-2-501".into(),
            household: None,
        }
    }

    fn passage(subject: Subject) -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339("2026-11-24T08:00:00+08:00").unwrap(),
            direction: Direction::In,
            subject,
            temperatures: vec![],
            answers: Answers::default(),
            outcome: Outcome::Released,
            reason: None,
            alert: None,
        }
    }

    #[test]
    fn no_full_number_survives_in_any_subject() {
        let subjects = [
            Subject::Visitor(visitor()),
            Subject::Vehicle(VehicleInfo {
                plate: "京A12345".into(),
                kind: VehicleKind::Delivery,
                driver: visitor(),
                occupants: 2,
            }),
        ];
        for subject in subjects {
            let original = passage(subject);
            assert!(!find_personal_numbers(&serde_json::to_string(&original).unwrap()).is_empty());
            let masked = mask_passage(&original);
            let json = serde_json::to_string(&masked).unwrap();
            assert!(find_personal_numbers(&json).is_empty(), "{json}");
            assert!(json.contains("110105********002X"), "{json}");
            assert!(json.contains("138****8000"), "{json}");
            assert!(json.contains("139****9000"), "{json}");
            assert!(json.contains("李四"), "the name stays: {json}");
            assert_eq!(masked.outcome, original.outcome);
        }
    }
}
