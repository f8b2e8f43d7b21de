//! The input fields a passage can be rejected for, with their stable codes.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// One field of a registration or a replay line. Its code names the field in
/// JSON and, prefixed with `invalid_`, is the rejection reason of DESIGN §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Every field, in the order a registration form asks for them.
    pub const ALL: [Field; 13] = [
        Field::Name,
        Field::IdNumber,
        Field::Phone,
        Field::Plate,
        Field::Temperature,
        Field::From,
        Field::Visiting,
        Field::VehicleKind,
        Field::Occupants,
        Field::Direction,
        Field::At,
        Field::Pass,
        Field::Json,
    ];

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

    /// The passage reason when this field is bad: `invalid_<code>`.
    pub fn rejection_code(self) -> &'static str {
        match self {
            Field::Name => "invalid_name",
            Field::IdNumber => "invalid_id_number",
            Field::Phone => "invalid_phone",
            Field::Plate => "invalid_plate",
            Field::Temperature => "invalid_temperature",
            Field::From => "invalid_from",
            Field::Visiting => "invalid_visiting",
            Field::VehicleKind => "invalid_vehicle_kind",
            Field::Occupants => "invalid_occupants",
            Field::Direction => "invalid_direction",
            Field::At => "invalid_at",
            Field::Pass => "invalid_pass",
            Field::Json => "invalid_json",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The field's name as the gate screen shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::Name => ("姓名", "name"),
            Field::IdNumber => ("证件号", "ID number"),
            Field::Phone => ("手机号", "phone number"),
            Field::Plate => ("车牌号", "plate number"),
            Field::Temperature => ("体温", "temperature"),
            Field::From => ("从哪里来", "where from"),
            Field::Visiting => ("探访对象", "whom visiting"),
            Field::VehicleKind => ("车辆类型", "vehicle type"),
            Field::Occupants => ("车上人数", "number of occupants"),
            Field::Direction => ("进出方向", "direction"),
            Field::At => ("时间", "time"),
            Field::Pass => ("通行证", "pass"),
            Field::Json => ("数据格式", "data format"),
        };
        lang.pick(zh, en)
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Field::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown field `{code}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_rejections_are_prefixed() {
        for field in Field::ALL {
            assert_eq!(Field::from_code(field.code()), Some(field));
            assert_eq!(field.rejection_code(), format!("invalid_{}", field.code()));
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.code()));
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), field);
        }
        assert_eq!(Field::from_code("nope"), None);
        assert!(serde_json::from_str::<Field>("\"nope\"").is_err());
    }

    #[test]
    fn codes_are_the_contract() {
        let codes: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        assert_eq!(
            codes,
            [
                "name",
                "id_number",
                "phone",
                "plate",
                "temperature",
                "from",
                "visiting",
                "vehicle_kind",
                "occupants",
                "direction",
                "at",
                "pass",
                "json"
            ]
        );
    }
}
