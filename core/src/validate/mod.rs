//! Validators for what people type or show at the gate, as specified in
//! `shared/data/validators/VECTORS.md`: identity numbers, mobile phones,
//! vehicle plates and body temperatures.
//!
//! Each validator is a pure function from the typed text to a [`Verdict`]
//! whose `reason` is the stable machine code of the spec (`ok`,
//! `ok_normalised`, `bad_checksum`, …).

use serde::Serialize;

mod cn_id;
mod cn_mobile;
mod cn_plate;
mod document;
mod field;
mod message;
mod rule;
mod temperature;
mod text;

#[cfg(test)]
mod props;

pub use cn_id::{ID_REFERENCE_DATE, check_character, cn_id};
pub use cn_mobile::cn_mobile;
pub use cn_plate::cn_plate;
pub use document::document;
pub use field::Field;
pub use message::explain;
pub use rule::Rule;
pub use temperature::{parse_temperature, temperature};
pub use text::{free_text, person_name};

/// The answer of one validator for one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub valid: bool,
    /// The value as it should be stored, for valid inputs.
    pub normalized: Option<String>,
    /// The spec's reason class: `ok…`/`fever` when valid, else the first rule broken.
    pub reason: Rule,
}

impl Verdict {
    /// An accepted input, stored as `normalized`.
    pub fn accept(normalized: impl Into<String>, reason: Rule) -> Verdict {
        Verdict {
            valid: true,
            normalized: Some(normalized.into()),
            reason,
        }
    }

    /// A rejected input; nothing is stored, so there is no normalised form.
    pub fn reject(reason: Rule) -> Verdict {
        Verdict {
            valid: false,
            normalized: None,
            reason,
        }
    }

    /// Turns a rule check that failed with a reason into a rejection, so each
    /// validator can run its rules with `?` and keep them in spec order.
    fn from_result(result: Result<Verdict, Rule>) -> Verdict {
        result.unwrap_or_else(Verdict::reject)
    }
}
