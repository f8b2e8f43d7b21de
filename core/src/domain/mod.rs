//! The nouns of DESIGN §2: who lives where, who may pass, what happened at the gate.

mod address;
mod category;
mod household;
mod passage;
mod person;
mod temperature;
mod vehicle;

pub use address::canonical_address;
pub use category::Category;
pub use household::{ExitQuota, Household, HouseholdRef, HouseholdStatus};
pub use passage::{Answers, Direction, Outcome, Passage, Reason, Subject, VisitorInfo};
pub use person::{DocumentType, Person, mask_document_number};
pub use temperature::Temperature;
pub use vehicle::{VehicleInfo, VehicleKind};
