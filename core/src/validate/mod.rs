//! Validators for what people type or show at the gate, as specified in
//! `shared/data/validators/VECTORS.md`: identity numbers, mobile phones,
//! vehicle plates and body temperatures.
//!
//! Each validator is a pure function from the typed text to a [`Verdict`]
//! whose `reason` is the stable machine code of the spec (`ok`,
//! `ok_normalised`, `bad_checksum`, …).

use serde::Serialize;

/// The answer of one validator for one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub valid: bool,
    /// The value as it should be stored, for valid inputs.
    pub normalized: Option<String>,
    /// The spec's reason class: `ok…`/`fever` when valid, else the first rule broken.
    pub reason: &'static str,
}
