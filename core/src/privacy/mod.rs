//! Personal numbers on screens, in reports, exports and logs: masking them,
//! and finding any that slipped through unmasked.
//!
//! Masking is the default everywhere; a lead may unmask one field on the lead
//! screen, which the shell records in the audit log (`crate::audit`). The
//! scanner is the safety net: run over every output line (or every file a
//! test produced), it finds each *full* mainland ID number and mobile number,
//! so a leak is a failing test instead of a surprise.

mod mask;
mod passage;
mod scan;

pub use mask::{mask_phone, mask_text, mask_visitor};
pub use passage::mask_passage;
pub use scan::{Found, PersonalNumber, find_personal_numbers};

/// ID numbers are masked as everywhere else in kakou (`110101********123X`);
/// re-exported here so that every masking function lives under one name.
pub use crate::domain::mask_document_number as mask_id_number;
