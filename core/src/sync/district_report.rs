//! The district's daily report: every checkpoint's day from the passages its
//! terminals pushed, and who has not reported.
//!
//! A checkpoint's counts are the sum of [`report::daily`] over its terminals,
//! each with its own fever threshold (from its newest `gate_config`), so a
//! checkpoint with one terminal gets exactly the report the gate made itself.
//! A checkpoint "has reported day D" once any of its terminals pushed a
//! `daily_report` for D.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Passage, Temperature};
use crate::report::{self, DailyReport, PeopleCounts};

/// A community and one of its checkpoints, as the district spells them.
pub type CheckpointKey = (String, String);

/// One terminal's passages of the day and the threshold it judged fever by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalDay {
    pub fever_at: Temperature,
    pub passages: Vec<Passage>,
}

/// One line of `kakou-district report daily`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReportLine {
    /// The counts: every field of the gate's own [`DailyReport`], plus the
    /// community, since two communities may both have a 东门.
    Counts {
        community: String,
        #[serde(flatten)]
        report: DailyReport,
    },
    /// An enrolled checkpoint that has not sent its report for the day.
    NotReported {
        community: String,
        checkpoint: String,
        day: NaiveDate,
        not_reported: bool,
    },
}

/// The sum of one checkpoint's terminals' days.
pub fn checkpoint_report(
    day: NaiveDate,
    checkpoint: &str,
    terminals: &[TerminalDay],
) -> DailyReport {
    let mut total = report::daily(day, checkpoint, &[], Temperature::DEFAULT_FEVER).remove(0);
    for terminal in terminals {
        let passages: Vec<(String, Passage)> = terminal
            .passages
            .iter()
            .map(|p| (checkpoint.to_string(), p.clone()))
            .collect();
        for part in report::daily(day, checkpoint, &passages, terminal.fever_at) {
            add(&mut total, &part);
        }
    }
    total
}

/// The lines of one day: counts for every checkpoint that pushed passages
/// or reported, then a `not_reported` line for every enrolled checkpoint
/// without a report, each group sorted by (community, checkpoint).
pub fn district_day(
    day: NaiveDate,
    enrolled: &BTreeSet<CheckpointKey>,
    passages: &BTreeMap<CheckpointKey, Vec<TerminalDay>>,
    reported: &BTreeSet<CheckpointKey>,
) -> Vec<ReportLine> {
    let with_counts: BTreeSet<&CheckpointKey> = passages.keys().chain(reported.iter()).collect();
    let mut lines: Vec<ReportLine> = with_counts
        .into_iter()
        .map(|key| ReportLine::Counts {
            community: key.0.clone(),
            report: checkpoint_report(day, &key.1, passages.get(key).map_or(&[], Vec::as_slice)),
        })
        .collect();
    lines.extend(enrolled.iter().filter(|key| !reported.contains(*key)).map(
        |(community, checkpoint)| ReportLine::NotReported {
            community: community.clone(),
            checkpoint: checkpoint.clone(),
            day,
            not_reported: true,
        },
    ));
    lines
}

fn add(total: &mut DailyReport, part: &DailyReport) {
    total.zero_report &= part.zero_report;
    total.passages += part.passages;
    add_people(&mut total.people_in, &part.people_in);
    add_people(&mut total.people_out, &part.people_out);
    for (kind, n) in &part.vehicles {
        *total.vehicles.entry(*kind).or_default() += n;
    }
    total.vehicle_occupants += part.vehicle_occupants;
    total.fever_readings += part.fever_readings;
    for (reason, n) in &part.referred {
        *total.referred.entry(reason.clone()).or_default() += n;
    }
    for (reason, n) in &part.refused {
        *total.refused.entry(reason.clone()).or_default() += n;
    }
    total.cancelled += part.cancelled;
    total.alerts += part.alerts;
}

fn add_people(total: &mut PeopleCounts, part: &PeopleCounts) {
    total.resident += part.resident;
    total.tenant += part.tenant;
    total.returned += part.returned;
    total.visitor += part.visitor;
    total.total += part.total;
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use serde_json::json;

    use super::*;
    use crate::domain::{Answers, Category, Direction, Outcome, Reason, Subject};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn passage(temps: &[i32], outcome: Outcome, at: &str) -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            direction: Direction::In,
            subject: Subject::Pass {
                key_id: None,
                serial: Some(1),
                category: Some(Category::Tenant),
                holder: None,
                household: None,
            },
            temperatures: temps.iter().map(|t| Temperature(*t)).collect(),
            answers: Answers::default(),
            outcome,
            reason: (outcome == Outcome::Referred).then_some(Reason::Fever),
            alert: None,
        }
    }

    #[test]
    fn terminals_sum_with_their_own_fever_threshold() {
        let noon = "2026-11-24T12:00:00+08:00";
        // Terminal 1 counts 37.3 as fever; terminal 2 only from 37.5.
        let t1 = TerminalDay {
            fever_at: Temperature(373),
            passages: vec![
                passage(&[374, 374], Outcome::Referred, noon),
                passage(&[365], Outcome::Released, noon),
            ],
        };
        let t2 = TerminalDay {
            fever_at: Temperature(375),
            passages: vec![
                passage(&[374], Outcome::Released, noon),
                // Another day: left out.
                passage(&[365], Outcome::Released, "2026-11-25T00:00:01+08:00"),
            ],
        };
        let report = checkpoint_report(day(), "东门", &[t1.clone(), t2.clone()]);
        assert!(!report.zero_report);
        assert_eq!(report.checkpoint, "东门");
        assert_eq!(report.passages, 3);
        assert_eq!(report.fever_readings, 2);
        assert_eq!(report.people_in.tenant, 2);
        assert_eq!(report.people_in.total, 2);
        assert_eq!(report.referred.get("fever"), Some(&1));

        // One terminal alone gives the gate's own report, field by field.
        let own = report::daily(
            day(),
            "东门",
            &t1.passages
                .iter()
                .map(|p| ("东门".to_string(), p.clone()))
                .collect::<Vec<_>>(),
            t1.fever_at,
        );
        assert_eq!(vec![checkpoint_report(day(), "东门", &[t1])], own);
    }

    #[test]
    fn lines_cover_counts_and_the_missing_reports() {
        let key = |c: &str, g: &str| (c.to_string(), g.to_string());
        let enrolled: BTreeSet<_> = [key("A", "东门"), key("A", "西门"), key("B", "东门")].into();
        let mut passages = BTreeMap::new();
        passages.insert(
            key("A", "东门"),
            vec![TerminalDay {
                fever_at: Temperature::DEFAULT_FEVER,
                passages: vec![passage(
                    &[365],
                    Outcome::Released,
                    "2026-11-24T08:00:00+08:00",
                )],
            }],
        );
        // B's east gate reported a quiet day; A's east gate has passages but
        // no report yet; A's west gate has neither.
        let reported: BTreeSet<_> = [key("B", "东门")].into();
        let lines = district_day(day(), &enrolled, &passages, &reported);
        let json: Vec<_> = lines
            .iter()
            .map(|l| serde_json::to_value(l).unwrap())
            .collect();
        assert_eq!(json.len(), 4);
        assert_eq!(
            (json[0]["community"].as_str(), json[0]["passages"].as_u64()),
            (Some("A"), Some(1))
        );
        assert_eq!(json[1]["community"], "B");
        assert_eq!(json[1]["zero_report"], true);
        assert_eq!(
            json[2],
            json!({"community": "A", "checkpoint": "东门", "day": "2026-11-24", "not_reported": true})
        );
        assert_eq!(json[3]["checkpoint"], "西门");
        // A counts line reads back as the gate's own report type.
        let report: DailyReport = serde_json::from_value(json[0].clone()).unwrap();
        assert_eq!(report.people_in.total, 1);
        let back: ReportLine = serde_json::from_value(json[2].clone()).unwrap();
        assert_eq!(back, lines[2]);
    }
}
