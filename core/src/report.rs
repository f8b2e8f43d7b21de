//! Daily report aggregation: counts per checkpoint and day, including the
//! zero report ("零报告") that the district wants also when nothing happened.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Category, Direction, Outcome, Passage, Subject, Temperature, VehicleKind};

/// People released through the gate, by the colour of their pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleCounts {
    pub resident: u32,
    pub tenant: u32,
    pub returned: u32,
    pub visitor: u32,
    pub total: u32,
}

impl PeopleCounts {
    fn add(&mut self, category: Category) {
        match category {
            Category::Resident => self.resident += 1,
            Category::Tenant => self.tenant += 1,
            Category::Returned => self.returned += 1,
            Category::Visitor => self.visitor += 1,
        }
        self.total += 1;
    }
}

/// One checkpoint's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReport {
    pub day: NaiveDate,
    pub checkpoint: String,
    /// True when nothing at all passed: the zero report.
    pub zero_report: bool,
    pub passages: u32,
    pub people_in: PeopleCounts,
    pub people_out: PeopleCounts,
    /// Released vehicles by kind (both directions).
    pub vehicles: BTreeMap<VehicleKind, u32>,
    /// People carried by those vehicles, drivers included.
    pub vehicle_occupants: u32,
    /// Readings at or above the fever threshold (a re-measured person counts twice).
    pub fever_readings: u32,
    pub referred: BTreeMap<String, u32>,
    pub refused: BTreeMap<String, u32>,
    pub cancelled: u32,
    /// Members of confined households who came home.
    pub alerts: u32,
}

impl DailyReport {
    fn empty(day: NaiveDate, checkpoint: &str) -> DailyReport {
        DailyReport {
            day,
            checkpoint: checkpoint.to_string(),
            zero_report: true,
            passages: 0,
            people_in: PeopleCounts::default(),
            people_out: PeopleCounts::default(),
            vehicles: BTreeMap::new(),
            vehicle_occupants: 0,
            fever_readings: 0,
            referred: BTreeMap::new(),
            refused: BTreeMap::new(),
            cancelled: 0,
            alerts: 0,
        }
    }

    fn add(&mut self, p: &Passage, fever_at: Temperature) {
        self.zero_report = false;
        self.passages += 1;
        self.fever_readings += p.temperatures.iter().filter(|t| **t >= fever_at).count() as u32;
        if p.alert.is_some() {
            self.alerts += 1;
        }
        let reason = p.reason.map(|r| r.code().to_string()).unwrap_or_default();
        match p.outcome {
            Outcome::Referred => *self.referred.entry(reason).or_default() += 1,
            Outcome::Refused => *self.refused.entry(reason).or_default() += 1,
            Outcome::Cancelled => self.cancelled += 1,
            Outcome::Released => {
                let people = match p.direction {
                    Direction::In => &mut self.people_in,
                    Direction::Out => &mut self.people_out,
                };
                match &p.subject {
                    // A released pass always verified, so it has a category.
                    Subject::Pass { category, .. } => {
                        people.add(category.unwrap_or(Category::Resident))
                    }
                    Subject::Visitor(_) => people.add(Category::Visitor),
                    Subject::Vehicle(v) => {
                        *self.vehicles.entry(v.kind).or_default() += 1;
                        self.vehicle_occupants += v.occupants;
                    }
                }
            }
        }
    }
}

/// The reports of one day: one per checkpoint that saw passages, and a zero
/// report for `own_checkpoint` when it saw none. Passages of other days are
/// ignored, so the caller may pass a wider slice.
pub fn daily(
    day: NaiveDate,
    own_checkpoint: &str,
    passages: &[(String, Passage)],
    fever_at: Temperature,
) -> Vec<DailyReport> {
    let mut reports: BTreeMap<&str, DailyReport> = BTreeMap::new();
    reports.insert(own_checkpoint, DailyReport::empty(day, own_checkpoint));
    for (checkpoint, passage) in passages {
        if passage.at.date_naive() != day {
            continue;
        }
        reports
            .entry(checkpoint.as_str())
            .or_insert_with(|| DailyReport::empty(day, checkpoint))
            .add(passage, fever_at);
    }
    reports.into_values().collect()
}

/// The report as `metric,value` rows, the shape shift leads paste into the
/// district's spreadsheet.
pub fn rows(report: &DailyReport) -> Vec<(String, u32)> {
    let mut rows = vec![
        ("zero_report".to_string(), u32::from(report.zero_report)),
        ("passages".to_string(), report.passages),
    ];
    for (dir, people) in [("in", &report.people_in), ("out", &report.people_out)] {
        for (cat, n) in [
            ("resident", people.resident),
            ("tenant", people.tenant),
            ("returned", people.returned),
            ("visitor", people.visitor),
            ("total", people.total),
        ] {
            rows.push((format!("people_{dir}_{cat}"), n));
        }
    }
    for kind in VehicleKind::ALL {
        let n = report.vehicles.get(&kind).copied().unwrap_or(0);
        rows.push((format!("vehicles_{}", kind.code()), n));
    }
    rows.push(("vehicle_occupants".into(), report.vehicle_occupants));
    rows.push(("fever_readings".into(), report.fever_readings));
    for (reason, n) in &report.referred {
        rows.push((format!("referred_{reason}"), *n));
    }
    for (reason, n) in &report.refused {
        rows.push((format!("refused_{reason}"), *n));
    }
    rows.push(("cancelled".into(), report.cancelled));
    rows.push(("alerts".into(), report.alerts));
    rows
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::domain::{Answers, HouseholdStatus, Reason, VehicleInfo, VisitorInfo};
    use crate::pass::PassCheck;

    fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn pass(category: Category, direction: Direction) -> Passage {
        Passage {
            at: at("2026-11-24T08:00:00+08:00"),
            direction,
            subject: Subject::Pass {
                key_id: None,
                serial: Some(1),
                category: Some(category),
                holder: None,
                household: None,
            },
            temperatures: vec![Temperature(365)],
            answers: Answers::default(),
            outcome: Outcome::Released,
            reason: None,
            alert: None,
        }
    }

    fn visitor() -> VisitorInfo {
        VisitorInfo {
            name: "李四".into(),
            document_type: Default::default(),
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            from: "x".into(),
            visiting: "y".into(),
            household: None,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_day_without_passages_is_a_zero_report() {
        let reports = daily(day(), "east", &[], Temperature::DEFAULT_FEVER);
        assert_eq!(reports.len(), 1);
        assert!(reports[0].zero_report);
        assert_eq!(reports[0].checkpoint, "east");
        assert_eq!(rows(&reports[0])[0], ("zero_report".to_string(), 1));
    }

    #[test]
    fn counts_split_by_direction_category_outcome_and_reason() {
        let mut fever = pass(Category::Resident, Direction::In);
        fever.temperatures = vec![Temperature(380), Temperature(381)];
        fever.outcome = Outcome::Referred;
        fever.reason = Some(Reason::Fever);
        let mut expired = pass(Category::Tenant, Direction::Out);
        expired.outcome = Outcome::Refused;
        expired.reason = Some(Reason::Pass(PassCheck::Expired));
        let mut came_home = pass(Category::Returned, Direction::In);
        came_home.alert = Some(HouseholdStatus::HomeQuarantine);
        let mut van = pass(Category::Resident, Direction::In);
        van.subject = Subject::Vehicle(VehicleInfo {
            plate: "京A12345".into(),
            kind: VehicleKind::Delivery,
            driver: visitor(),
            occupants: 2,
        });
        let mut guest = pass(Category::Resident, Direction::In);
        guest.subject = Subject::Visitor(visitor());
        let mut yesterday = pass(Category::Resident, Direction::In);
        yesterday.at = at("2026-11-23T23:59:59+08:00");
        let passages: Vec<(String, Passage)> = [
            pass(Category::Resident, Direction::In),
            pass(Category::Resident, Direction::Out),
            pass(Category::Tenant, Direction::In),
            fever,
            expired,
            came_home,
            van,
            guest,
            yesterday,
        ]
        .into_iter()
        .map(|p| ("east".to_string(), p))
        .chain([("west".to_string(), pass(Category::Visitor, Direction::Out))])
        .collect();

        let reports = daily(day(), "east", &passages, Temperature::DEFAULT_FEVER);
        assert_eq!(reports.len(), 2);
        let east = &reports[0];
        assert!(!east.zero_report);
        assert_eq!(east.passages, 8);
        assert_eq!(
            east.people_in,
            PeopleCounts {
                resident: 1,
                tenant: 1,
                returned: 1,
                visitor: 1,
                total: 4
            }
        );
        assert_eq!(east.people_out.total, 1);
        assert_eq!(east.vehicles.get(&VehicleKind::Delivery), Some(&1));
        assert_eq!(east.vehicle_occupants, 2);
        assert_eq!(east.fever_readings, 2);
        assert_eq!(east.referred.get("fever"), Some(&1));
        assert_eq!(east.refused.get("expired"), Some(&1));
        assert_eq!(east.alerts, 1);
        assert_eq!(reports[1].checkpoint, "west");
        assert_eq!(reports[1].people_out.visitor, 1);
    }
}
