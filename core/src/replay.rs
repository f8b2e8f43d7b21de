//! The `gate replay` line format (DESIGN §6, `docs/replay-format.md`): pure
//! parsing of one JSON line into what the gate would be told.
//!
//! Parsing only checks the shape of the line. The values (ID numbers,
//! phones, plates, temperatures) are judged by the gate flow itself, exactly
//! as when typed on the kiosk, so replay and screen cannot disagree.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::domain::{Answers, Direction, DocumentType, VehicleKind};
use crate::gate::{PersonForm, VehicleForm, VisitorForm};
use crate::validate::Field;

/// Who a replay line brings to the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// The scanned pass text.
    Pass(String),
    Visitor(VisitorForm),
    Vehicle(VehicleForm),
}

/// One whole passage to drive through the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayLine {
    pub at: DateTime<FixedOffset>,
    pub direction: Direction,
    pub arrival: Arrival,
    /// Readings as typed, in order; the second is taken after the rest period.
    pub temperatures: Vec<String>,
    pub answers: Answers,
    /// Who operated the gate; `replay` when not given.
    pub operator: Option<String>,
    /// The line's own id, when the file gives one: a line whose id was
    /// committed before is not committed again (a re-run file does not
    /// double a day).
    pub id: Option<String>,
}

/// The longest line id kept; a longer one is a mistake, not an id.
pub const MAX_LINE_ID_CHARS: usize = 128;

/// A line that cannot be replayed: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub field: Field,
    pub detail: String,
}

fn error(field: Field, detail: impl Into<String>) -> LineError {
    LineError {
        field,
        detail: detail.into(),
    }
}

/// Parses one line. Blank lines are not passages; the caller skips them.
pub fn parse_line(line: &str) -> Result<ReplayLine, LineError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| error(Field::Json, format!("not JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(error(Field::Json, "a line must be one JSON object"));
    };
    let at = match obj.get("at") {
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s).map_err(|_| {
            error(
                Field::At,
                format!("`{s}` is not an RFC 3339 time with offset"),
            )
        })?,
        _ => return Err(error(Field::At, "`at` (an RFC 3339 time) is required")),
    };
    let direction = match obj.get("direction") {
        Some(Value::String(s)) => Direction::from_code(s)
            .ok_or_else(|| error(Field::Direction, format!("`{s}` is neither `in` nor `out`")))?,
        _ => {
            return Err(error(
                Field::Direction,
                "`direction` (`in` or `out`) is required",
            ));
        }
    };
    let arrival = arrival(&obj)?;
    let temperatures = match obj.get("temperatures") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(error(
                    Field::Temperature,
                    format!("a reading must be a string or number, not {other}"),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(error(
                Field::Temperature,
                "`temperatures` must be a list of readings",
            ));
        }
    };
    let answers = match obj.get("answers") {
        None | Some(Value::Null) => Answers::default(),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| error(Field::Json, format!("`answers`: {e}")))?,
    };
    let operator = obj
        .get("operator")
        .and_then(Value::as_str)
        .map(str::to_string);
    let id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id))
            if !id.trim().is_empty()
                && id.chars().count() <= MAX_LINE_ID_CHARS
                && !id.chars().any(char::is_control) =>
        {
            Some(id.clone())
        }
        Some(_) => {
            return Err(error(
                Field::Json,
                format!("`id` must be a text of 1 to {MAX_LINE_ID_CHARS} characters"),
            ));
        }
    };
    Ok(ReplayLine {
        at,
        direction,
        arrival,
        temperatures,
        answers,
        operator,
        id,
    })
}

fn arrival(obj: &Map<String, Value>) -> Result<Arrival, LineError> {
    let present: Vec<&str> = ["pass", "visitor", "vehicle"]
        .into_iter()
        .filter(|k| obj.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    match present.as_slice() {
        ["pass"] => match &obj["pass"] {
            Value::String(text) => Ok(Arrival::Pass(text.clone())),
            _ => Err(error(Field::Pass, "`pass` must be the scanned text")),
        },
        ["visitor"] => {
            let v = object(&obj["visitor"], Field::Json, "visitor")?;
            Ok(Arrival::Visitor(VisitorForm {
                person: person(v)?,
                from: text(v, "from"),
                visiting: text(v, "visiting"),
            }))
        }
        ["vehicle"] => {
            let v = object(&obj["vehicle"], Field::Json, "vehicle")?;
            let kind = match v.get("kind") {
                None | Some(Value::Null) => VehicleKind::Other,
                Some(Value::String(s)) => VehicleKind::from_code(s).ok_or_else(|| {
                    error(Field::VehicleKind, format!("unknown vehicle kind `{s}`"))
                })?,
                Some(other) => {
                    return Err(error(Field::VehicleKind, format!("`kind` {other}")));
                }
            };
            let driver = match v.get("driver") {
                Some(d) => person(object(d, Field::Json, "driver")?)?,
                None => PersonForm::default(),
            };
            let occupants = match v.get("occupants") {
                None | Some(Value::Null) => 1,
                Some(n) => n
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| error(Field::Occupants, format!("`occupants` {n}")))?,
            };
            Ok(Arrival::Vehicle(VehicleForm {
                plate: text(v, "plate"),
                kind,
                driver,
                occupants,
                from: text(v, "from"),
                visiting: text(v, "visiting"),
            }))
        }
        [] => Err(error(
            Field::Json,
            "one of `pass`, `visitor` or `vehicle` is required",
        )),
        _ => Err(error(
            Field::Json,
            format!("only one of `pass`, `visitor`, `vehicle` may be given, not {present:?}"),
        )),
    }
}

fn object<'a>(
    value: &'a Value,
    field: Field,
    name: &str,
) -> Result<&'a Map<String, Value>, LineError> {
    value
        .as_object()
        .ok_or_else(|| error(field, format!("`{name}` must be an object")))
}

/// A text field; missing or non-text values read as empty, which the gate
/// flow then rejects with the field's own reason.
fn text(obj: &Map<String, Value>, key: &str) -> String {
    match obj.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn person(obj: &Map<String, Value>) -> Result<PersonForm, LineError> {
    let document_type = match obj.get("document_type") {
        None | Some(Value::Null) => DocumentType::MainlandId,
        Some(Value::String(s)) => DocumentType::from_code(s)
            .ok_or_else(|| error(Field::IdNumber, format!("unknown document type `{s}`")))?,
        Some(other) => return Err(error(Field::IdNumber, format!("`document_type` {other}"))),
    };
    Ok(PersonForm {
        name: text(obj, "name"),
        document_type,
        id_number: text(obj, "id_number"),
        phone: text(obj, "phone"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_kinds_of_line() {
        let pass = parse_line(r#"{"at":"2026-11-24T08:01:00+08:00","direction":"in","pass":"KK1:AB","temperatures":["36.5"],"answers":{"travel_14d":false,"contact_14d":false,"symptoms":false}}"#).unwrap();
        assert_eq!(pass.arrival, Arrival::Pass("KK1:AB".into()));
        assert_eq!(pass.temperatures, vec!["36.5".to_string()]);
        assert_eq!(pass.direction, Direction::In);

        let visitor = parse_line(r#"{"at":"2026-11-24T08:02:00+08:00","direction":"in","visitor":{"name":"李四","id_number":"11010519491231002X","phone":"13800138000","from":"朝阳","visiting":"3-2-501"},"temperatures":[36.6],"answers":{"symptoms":true}}"#).unwrap();
        match visitor.arrival {
            Arrival::Visitor(form) => {
                assert_eq!(form.person.name, "李四");
                assert_eq!(form.visiting, "3-2-501");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(visitor.temperatures, vec!["36.6".to_string()]);
        assert!(visitor.answers.symptoms);

        let vehicle = parse_line(r#"{"at":"2026-11-24T08:03:00+08:00","direction":"out","vehicle":{"plate":"京A12345","kind":"delivery","driver":{"name":"王五","id_number":"x","phone":"1"},"occupants":2},"temperatures":["36.4"]}"#).unwrap();
        match vehicle.arrival {
            Arrival::Vehicle(form) => {
                assert_eq!(form.kind, VehicleKind::Delivery);
                assert_eq!(form.occupants, 2);
                assert_eq!(form.driver.name, "王五");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        #[rustfmt::skip]
        let table = [
            ("{", Field::Json),
            ("[]", Field::Json),
            (r#"{"direction":"in","pass":"x"}"#, Field::At),
            (r#"{"at":"yesterday","direction":"in","pass":"x"}"#, Field::At),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"up","pass":"x"}"#, Field::Direction),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in"}"#, Field::Json),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","pass":"x","visitor":{}}"#, Field::Json),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","pass":5}"#, Field::Pass),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","pass":"x","temperatures":"36.5"}"#, Field::Temperature),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","vehicle":{"kind":"tank"}}"#, Field::VehicleKind),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","vehicle":{"occupants":-1}}"#, Field::Occupants),
            (r#"{"at":"2026-11-24T08:00:00+08:00","direction":"in","pass":"x","answers":{"symptoms":"yes"}}"#, Field::Json),
        ];
        for (line, field) in table {
            assert_eq!(parse_line(line).unwrap_err().field, field, "{line}");
        }
    }
}
