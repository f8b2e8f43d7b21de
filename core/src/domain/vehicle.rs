use serde::{Deserialize, Serialize};

use super::VisitorInfo;

/// Why a vehicle comes through; the daily report counts vehicles by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum VehicleKind {
    ResidentCar,
    Delivery,
    Courier,
    Emergency,
    Other,
}

impl VehicleKind {
    pub const ALL: [VehicleKind; 5] = [
        VehicleKind::ResidentCar,
        VehicleKind::Delivery,
        VehicleKind::Courier,
        VehicleKind::Emergency,
        VehicleKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VehicleKind::ResidentCar => "resident_car",
            VehicleKind::Delivery => "delivery",
            VehicleKind::Courier => "courier",
            VehicleKind::Emergency => "emergency",
            VehicleKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<VehicleKind> {
        VehicleKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A vehicle as registered at the gate: its plate (normalised), driver and load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleInfo {
    pub plate: String,
    pub kind: VehicleKind,
    pub driver: VisitorInfo,
    /// People in the vehicle including the driver.
    pub occupants: u32,
}
