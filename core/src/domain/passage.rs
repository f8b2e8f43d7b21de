use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Category, DocumentType, HouseholdRef, Temperature, VehicleInfo};
use crate::pass::PassCheck;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn from_code(code: &str) -> Option<Direction> {
        match code {
            "in" => Some(Direction::In),
            "out" => Some(Direction::Out),
            _ => None,
        }
    }
}

/// How a passage ended. `Cancelled` records a person stopped and then let go
/// without a decision (the volunteer cancelled, or the screen timed out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Released,
    Refused,
    Referred,
    Cancelled,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Released => "released",
            Outcome::Refused => "refused",
            Outcome::Referred => "referred",
            Outcome::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        [
            Outcome::Released,
            Outcome::Refused,
            Outcome::Referred,
            Outcome::Cancelled,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

/// Why a passage was not simply released. Serialised as its stable code
/// (`fever`, `exit_quota`, `expired`, …), which the UI translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    Fever,
    Symptoms,
    Travel14d,
    Contact14d,
    HouseholdQuarantine,
    HouseholdCloseContact,
    ExitQuota,
    /// The pass did not verify; never `PassCheck::Ok`.
    Pass(PassCheck),
    /// The volunteer refused or referred by hand.
    Operator,
    /// The screen was left alone past the inactivity limit.
    Timeout,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Fever => "fever",
            Reason::Symptoms => "symptoms",
            Reason::Travel14d => "travel_14d",
            Reason::Contact14d => "contact_14d",
            Reason::HouseholdQuarantine => "household_quarantine",
            Reason::HouseholdCloseContact => "household_close_contact",
            Reason::ExitQuota => "exit_quota",
            Reason::Pass(check) => check.code(),
            Reason::Operator => "operator",
            Reason::Timeout => "timeout",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        let fixed = [
            Reason::Fever,
            Reason::Symptoms,
            Reason::Travel14d,
            Reason::Contact14d,
            Reason::HouseholdQuarantine,
            Reason::HouseholdCloseContact,
            Reason::ExitQuota,
            Reason::Operator,
            Reason::Timeout,
        ];
        fixed
            .into_iter()
            .find(|r| r.code() == code)
            .or_else(|| PassCheck::from_code(code).map(Reason::Pass))
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Reason::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown reason `{code}`")))
    }
}

/// The three questions of the 问 step. `false` is the default answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answers {
    /// Travelled outside the city within 14 days.
    #[serde(default)]
    pub travel_14d: bool,
    /// Contact with a confirmed or suspected case within 14 days.
    #[serde(default)]
    pub contact_14d: bool,
    /// Fever, cough, loss of taste or other symptoms now.
    #[serde(default)]
    pub symptoms: bool,
}

/// A registered visitor (or a vehicle's driver), after validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorInfo {
    pub name: String,
    pub document_type: DocumentType,
    /// The normalised document number (upper-case check character).
    pub id_number: String,
    /// The normalised 11-digit mobile number.
    pub phone: String,
    /// Where the visitor comes from, as said.
    pub from: String,
    /// Whom or which address the visitor is visiting, as said.
    pub visiting: String,
    /// The household `visiting` matched, when one did.
    pub household: Option<HouseholdRef>,
}

/// Who or what went through the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "subject", rename_all = "snake_case")]
pub enum Subject {
    /// Someone who showed a pass. Fields are `None` when the pass could not be read.
    Pass {
        /// The key that signed the pass: with the serial, the card's name
        /// at every gate.
        key_id: Option<u32>,
        serial: Option<u64>,
        category: Option<Category>,
        holder: Option<String>,
        household: Option<HouseholdRef>,
    },
    Visitor(VisitorInfo),
    Vehicle(VehicleInfo),
}

/// One committed passage, as the flow decided it. The store adds the id
/// (a UUIDv7) and the operator when it commits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub at: DateTime<FixedOffset>,
    pub direction: Direction,
    pub subject: Subject,
    pub temperatures: Vec<Temperature>,
    pub answers: Answers,
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    /// Set when a member of a confined household came in: released, but the
    /// lead must know.
    pub alert: Option<super::HouseholdStatus>,
}

impl Passage {
    /// Whether this passage uses one of its household's outings under the
    /// exit quota: a resident who showed a pass and was let out. Refused,
    /// referred and cancelled attempts use none, and neither do visitors and
    /// vehicles — registered at the gate or holding a pink pass that names
    /// the household they visit — who are not members of that household.
    pub fn counts_as_household_exit(&self) -> bool {
        self.direction == Direction::Out
            && self.outcome == Outcome::Released
            && matches!(
                self.subject,
                Subject::Pass {
                    household: Some(_),
                    category,
                    ..
                } if category != Some(Category::Visitor)
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::VehicleKind;

    fn passage(direction: Direction, outcome: Outcome, subject: Subject) -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339("2026-11-24T08:00:00+08:00").unwrap(),
            direction,
            subject,
            temperatures: vec![Temperature(365)],
            answers: Answers::default(),
            outcome,
            reason: None,
            alert: None,
        }
    }

    fn resident(number: Option<u32>) -> Subject {
        Subject::Pass {
            key_id: Some(9),
            serial: Some(7),
            category: Some(Category::Resident),
            holder: Some("张三".into()),
            household: number.map(|number| HouseholdRef { key_id: 9, number }),
        }
    }

    fn visitor() -> VisitorInfo {
        VisitorInfo {
            name: "李四".into(),
            document_type: DocumentType::MainlandId,
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            from: "朝阳".into(),
            visiting: "3-2-501".into(),
            household: Some(HouseholdRef {
                key_id: 9,
                number: 1,
            }),
        }
    }

    #[test]
    fn only_a_released_resident_leaving_uses_an_outing() {
        use Direction::{In, Out};
        use Outcome::{Cancelled, Referred, Refused, Released};
        let vehicle = Subject::Vehicle(VehicleInfo {
            plate: "京A12345".into(),
            kind: VehicleKind::Delivery,
            driver: visitor(),
            occupants: 1,
        });
        let cases = [
            (Out, Released, resident(Some(1)), true),
            (In, Released, resident(Some(1)), false),
            (Out, Refused, resident(Some(1)), false),
            (Out, Referred, resident(Some(1)), false),
            (Out, Cancelled, resident(Some(1)), false),
            // A pass whose household was not found counts against nobody.
            (Out, Released, resident(None), false),
            // A pink visitor pass names the household visited, not the
            // visitor's own.
            (
                Out,
                Released,
                Subject::Pass {
                    key_id: Some(9),
                    serial: Some(8),
                    category: Some(Category::Visitor),
                    holder: Some("访客".into()),
                    household: Some(HouseholdRef {
                        key_id: 9,
                        number: 1,
                    }),
                },
                false,
            ),
            (Out, Released, Subject::Visitor(visitor()), false),
            (Out, Released, vehicle, false),
        ];
        for (direction, outcome, subject, counts) in cases {
            let p = passage(direction, outcome, subject.clone());
            assert_eq!(
                p.counts_as_household_exit(),
                counts,
                "{direction:?} {outcome:?} {subject:?}"
            );
        }
    }
}
