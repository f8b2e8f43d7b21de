// TEMPORARY: stands in for the validators being written on branch `validate`;
// removed when that branch is merged. Not for release.
use serde::Serialize;

use super::Verdict;
use crate::domain::{DocumentType, Temperature};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    IdNumber,
    Phone,
    Plate,
    Temperature,
    From,
    Visiting,
    VehicleKind,
    Occupants,
    Direction,
    At,
    Pass,
    Json,
}

impl Field {
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Plate => "plate",
            Field::Temperature => "temperature",
            Field::From => "from",
            Field::Visiting => "visiting",
            Field::VehicleKind => "vehicle_kind",
            Field::Occupants => "occupants",
            Field::Direction => "direction",
            Field::At => "at",
            Field::Pass => "pass",
            Field::Json => "json",
        }
    }
    pub fn rejection_code(self) -> String {
        format!("invalid_{}", self.code())
    }
}

fn simple(ok: bool, s: &str) -> Verdict {
    Verdict {
        valid: ok,
        normalized: ok.then(|| s.trim().to_string()),
        reason: if ok { "ok" } else { "bad_chars" },
    }
}
pub fn person_name(s: &str) -> Verdict {
    simple(
        !s.trim().is_empty() && !s.chars().any(|c| c.is_ascii_digit()),
        s,
    )
}
pub fn free_text(s: &str, max: usize) -> Verdict {
    simple(!s.trim().is_empty() && s.chars().count() <= max, s)
}
pub fn document(_k: DocumentType, s: &str) -> Verdict {
    simple(
        s.len() == 18 && s.chars().take(17).all(|c| c.is_ascii_digit()),
        s,
    )
}
pub fn cn_mobile(s: &str) -> Verdict {
    simple(
        s.len() == 11 && s.starts_with('1') && s.chars().all(|c| c.is_ascii_digit()),
        s,
    )
}
pub fn cn_plate(s: &str) -> Verdict {
    simple(s.chars().count() >= 7, s)
}
pub fn parse_temperature(s: &str) -> Result<Temperature, &'static str> {
    let t = s.trim();
    let (a, b) = t.split_once('.').unwrap_or((t, "0"));
    let v: i32 = a.parse::<i32>().map_err(|_| "bad_chars")? * 10
        + b.get(..1)
            .unwrap_or("0")
            .parse::<i32>()
            .map_err(|_| "bad_chars")?;
    if (340..=430).contains(&v) {
        Ok(Temperature(v))
    } else {
        Err("out_of_range")
    }
}
pub fn explain(field: Field, reason: &str, _lang: crate::lang::Lang) -> String {
    format!("{} {reason}", field.code())
}
pub fn cn_id(s: &str) -> Verdict {
    document(DocumentType::MainlandId, s)
}
pub fn temperature(s: &str, _f: Temperature) -> Verdict {
    simple(parse_temperature(s).is_ok(), s)
}
