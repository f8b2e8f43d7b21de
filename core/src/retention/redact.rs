//! What "redacted" means for a stored passage.
//!
//! Gone: the visitor's or driver's name, document number, phone, where they
//! came from and whom they visited (free text that may name a resident), and
//! the vehicle's plate. Kept: everything that is not about who the person
//! is and that reports, sync and the lead's history rely on — the time,
//! direction, outcome and reason, temperatures and answers, the document
//! *type*, the household visited (a resident household of the ledger, not
//! the visitor), the vehicle's kind and its number of occupants. So
//! `report::daily` counts a redacted day exactly as before.
//!
//! Redacted fields are empty strings: the stored JSON keeps its shape, old
//! readers still parse it, and "personal fields present" is simply "any of
//! them non-empty".

use crate::domain::{Passage, Subject, VehicleInfo, VisitorInfo};

/// The visitor without personal fields.
pub fn redact_visitor(visitor: &VisitorInfo) -> VisitorInfo {
    VisitorInfo {
        name: String::new(),
        document_type: visitor.document_type,
        id_number: String::new(),
        phone: String::new(),
        from: String::new(),
        visiting: String::new(),
        household: visitor.household,
    }
}

/// The vehicle without its plate and without its driver's personal fields.
pub fn redact_vehicle(vehicle: &VehicleInfo) -> VehicleInfo {
    VehicleInfo {
        plate: String::new(),
        kind: vehicle.kind,
        driver: redact_visitor(&vehicle.driver),
        occupants: vehicle.occupants,
    }
}

/// The passage with its visitor's or vehicle's personal fields removed;
/// pass passages come back unchanged. Redacting twice changes nothing more.
pub fn redact_passage(passage: &Passage) -> Passage {
    let subject = match &passage.subject {
        Subject::Visitor(v) => Subject::Visitor(redact_visitor(v)),
        Subject::Vehicle(v) => Subject::Vehicle(redact_vehicle(v)),
        other => other.clone(),
    };
    Passage {
        subject,
        ..passage.clone()
    }
}

fn visitor_has_personal_fields(v: &VisitorInfo) -> bool {
    [&v.name, &v.id_number, &v.phone, &v.from, &v.visiting]
        .iter()
        .any(|f| !f.is_empty())
}

/// Whether a visitor's or vehicle's passage still holds personal fields.
/// Pass passages answer `false`: retention does not apply to them.
pub fn has_personal_fields(passage: &Passage) -> bool {
    match &passage.subject {
        Subject::Visitor(v) => visitor_has_personal_fields(v),
        Subject::Vehicle(v) => !v.plate.is_empty() || visitor_has_personal_fields(&v.driver),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Days, NaiveDate};

    use super::*;
    use crate::domain::{
        Answers, Category, Direction, DocumentType, HouseholdStatus, Outcome, Reason, Temperature,
        VehicleKind,
    };
    use crate::privacy::find_personal_numbers;
    use crate::report;
    use crate::retention::{PassageFacts, RetentionPolicy, plan};

    fn visitor(n: u32) -> VisitorInfo {
        VisitorInfo {
            name: format!("访客{}", "甲乙丙丁戊".chars().nth(n as usize % 5).unwrap()),
            document_type: DocumentType::MainlandId,
            id_number: "11010519491231002X".into(),
            phone: format!("1380013{:04}", 8000 + n),
            from: "朝阳区".into(),
            visiting: "3-2-501 张三".into(),
            household: Some(crate::domain::HouseholdRef {
                key_id: 9,
                number: n,
            }),
        }
    }

    fn passage(at: &str, direction: Direction, subject: Subject, outcome: Outcome) -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            direction,
            subject,
            temperatures: vec![Temperature(365), Temperature(381)],
            answers: Answers {
                travel_14d: true,
                ..Answers::default()
            },
            outcome,
            reason: (outcome != Outcome::Released).then_some(Reason::Fever),
            alert: None,
        }
    }

    /// One day of every kind of passage the report counts.
    fn a_day(date: &str) -> Vec<(String, Passage)> {
        let t = |h: u32| format!("{date}T{h:02}:00:00+08:00");
        let van = |n: u32, kind: VehicleKind| {
            Subject::Vehicle(VehicleInfo {
                plate: "京A12345".into(),
                kind,
                driver: visitor(n),
                occupants: n + 1,
            })
        };
        let mut resident = passage(
            &t(7),
            Direction::Out,
            Subject::Pass {
                key_id: None,
                serial: Some(1),
                category: Some(Category::Resident),
                holder: Some("张三".into()),
                household: Some(crate::domain::HouseholdRef {
                    key_id: 9,
                    number: 1,
                }),
            },
            Outcome::Released,
        );
        resident.alert = Some(HouseholdStatus::HomeQuarantine);
        [
            resident,
            passage(
                &t(8),
                Direction::In,
                Subject::Visitor(visitor(1)),
                Outcome::Released,
            ),
            passage(
                &t(9),
                Direction::Out,
                Subject::Visitor(visitor(2)),
                Outcome::Released,
            ),
            passage(
                &t(10),
                Direction::In,
                Subject::Visitor(visitor(3)),
                Outcome::Referred,
            ),
            passage(
                &t(11),
                Direction::In,
                van(4, VehicleKind::Delivery),
                Outcome::Released,
            ),
            passage(
                &t(12),
                Direction::Out,
                van(5, VehicleKind::Courier),
                Outcome::Released,
            ),
            passage(
                &t(13),
                Direction::In,
                van(6, VehicleKind::Other),
                Outcome::Refused,
            ),
            passage(
                &t(14),
                Direction::In,
                Subject::Visitor(visitor(7)),
                Outcome::Cancelled,
            ),
        ]
        .into_iter()
        .map(|p| ("east".to_string(), p))
        .collect()
    }

    #[test]
    fn personal_fields_go_and_what_reports_count_stays() {
        let original = visitor(1);
        let redacted = redact_visitor(&original);
        assert_eq!(redacted.name, "");
        assert_eq!(redacted.id_number, "");
        assert_eq!(redacted.phone, "");
        assert_eq!(redacted.from, "");
        assert_eq!(redacted.visiting, "");
        assert_eq!(redacted.document_type, original.document_type);
        assert_eq!(redacted.household, original.household);

        for (_, p) in a_day("2026-11-24") {
            let r = redact_passage(&p);
            assert_eq!(redact_passage(&r), r, "redacting twice changes nothing");
            assert!(!has_personal_fields(&r));
            assert_eq!(
                (r.at, r.direction, r.outcome, r.reason),
                (p.at, p.direction, p.outcome, p.reason)
            );
            assert_eq!(
                (&r.temperatures, r.answers, r.alert),
                (&p.temperatures, p.answers, p.alert)
            );
            let json = serde_json::to_string(&r).unwrap();
            assert!(find_personal_numbers(&json).is_empty(), "{json}");
            assert!(
                !json.contains("京A12345") && !json.contains("朝阳区"),
                "{json}"
            );
            match (&p.subject, &r.subject) {
                (Subject::Vehicle(before), Subject::Vehicle(after)) => {
                    assert_eq!(
                        (after.kind, after.occupants),
                        (before.kind, before.occupants)
                    );
                    assert!(has_personal_fields(&p));
                }
                (Subject::Pass { .. }, after) => {
                    assert_eq!(after, &p.subject, "pass passages are untouched");
                    assert!(!has_personal_fields(&p));
                }
                (Subject::Visitor(_), Subject::Visitor(_)) => assert!(has_personal_fields(&p)),
                other => panic!("the subject changed kind: {other:?}"),
            }
        }
    }

    #[test]
    fn report_counts_are_the_same_before_and_after_redaction() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let day = a_day("2026-11-24");
        let redacted: Vec<(String, Passage)> = day
            .iter()
            .map(|(c, p)| (c.clone(), redact_passage(p)))
            .collect();
        let before = report::daily(date, "east", &day, Temperature::DEFAULT_FEVER);
        let after = report::daily(date, "east", &redacted, Temperature::DEFAULT_FEVER);
        assert_eq!(before, after);
        assert_eq!(before[0].passages, 8);
        assert_eq!(before[0].people_in.visitor, 1);
        assert_eq!(before[0].vehicle_occupants, 5 + 6);
        assert_eq!(report::rows(&before[0]), report::rows(&after[0]));
    }

    #[test]
    fn a_retention_run_over_weeks_removes_old_fields_and_keeps_new_and_unacknowledged_ones() {
        // Four days of passages: two old days acknowledged, one old day not,
        // and yesterday.
        let days = ["2026-10-01", "2026-10-20", "2026-11-10", "2026-12-30"];
        let mut store: Vec<(String, Passage, bool)> = Vec::new();
        for (d, acknowledged) in days.iter().zip([true, true, false, true]) {
            for (i, (_, p)) in a_day(d).into_iter().enumerate() {
                store.push((format!("{d}/{i}"), p, acknowledged));
            }
        }
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let facts: Vec<PassageFacts> = store
            .iter()
            .map(|(id, p, ack)| PassageFacts::of(id, p, *ack))
            .collect();
        let decided = plan(&facts, today, RetentionPolicy::default());
        for (id, p, _) in &mut store {
            if decided.redact.iter().any(|r| &r.id == id) {
                *p = redact_passage(p);
            }
        }
        let personal_on = |d: &str| {
            store
                .iter()
                .filter(|(id, p, _)| id.starts_with(d) && has_personal_fields(p))
                .count()
        };
        assert_eq!(personal_on("2026-10-01"), 0);
        assert_eq!(personal_on("2026-10-20"), 0);
        // 11-10 is 51 days old: past the period, unacknowledged, not yet at
        // the hard limit — kept, and the lead is warned.
        assert_eq!(personal_on("2026-11-10"), 7);
        assert_eq!(personal_on("2026-12-30"), 7);
        assert_eq!(decided.warnings.len(), 7);
        assert_eq!(decided.warnings[0].days_left, 6);
        // Running again the next day finds nothing more to do for the
        // acknowledged days, and still holds 11-10.
        let tomorrow = today.checked_add_days(Days::new(1)).unwrap();
        let facts: Vec<PassageFacts> = store
            .iter()
            .map(|(id, p, ack)| PassageFacts::of(id, p, *ack))
            .collect();
        let again = plan(&facts, tomorrow, RetentionPolicy::default());
        assert!(again.redact.is_empty());
        assert_eq!(again.held.len(), 7);
    }
}
