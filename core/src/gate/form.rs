use serde::{Deserialize, Serialize};

use crate::domain::{DocumentType, VehicleKind};

/// A person's details as typed at the gate, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PersonForm {
    pub name: String,
    #[serde(default)]
    pub document_type: DocumentType,
    pub id_number: String,
    pub phone: String,
}

/// A visitor's registration as typed at the gate, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitorForm {
    #[serde(flatten)]
    pub person: PersonForm,
    pub from: String,
    /// The address or person visited, as the visitor says it.
    pub visiting: String,
}

/// A vehicle's registration as typed at the gate, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleForm {
    pub plate: String,
    pub kind: VehicleKind,
    pub driver: PersonForm,
    /// People in the vehicle including the driver.
    pub occupants: u32,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub visiting: String,
}
