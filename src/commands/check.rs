//! `kakou check id|phone|plate|temp`: the core validators on the command line.

use std::io::BufRead;

use anyhow::Result;
use kakou_core::domain::Temperature;
use kakou_core::lang::Lang;
use kakou_core::validate::{self, Field, Verdict};
use serde_json::json;

use crate::cli::{Answer, CheckKind};

/// Validates one value the way the gate does.
pub fn check(kind: CheckKind, input: &str) -> (Field, Verdict) {
    match kind {
        CheckKind::Id => (Field::IdNumber, validate::cn_id(input)),
        CheckKind::Phone => (Field::Phone, validate::cn_mobile(input)),
        CheckKind::Plate => (Field::Plate, validate::cn_plate(input)),
        CheckKind::Temp => (
            Field::Temperature,
            validate::temperature(input, Temperature::DEFAULT_FEVER),
        ),
    }
}

pub fn run(kind: CheckKind, values: Vec<String>, lang: Lang) -> Result<Answer> {
    let inputs: Vec<String> = if values.is_empty() || values == ["-"] {
        // Only the line ending is removed: whether surrounding spaces are
        // acceptable is each validator's own rule.
        std::io::stdin()
            .lock()
            .lines()
            .map(|l| l.map(|l| l.strip_suffix('\r').map(str::to_string).unwrap_or(l)))
            .collect::<Result<_, _>>()?
    } else {
        values
    };
    let mut out = std::io::stdout().lock();
    let mut all_valid = true;
    for input in inputs {
        let (field, verdict) = check(kind, &input);
        all_valid &= verdict.valid;
        let message = (!verdict.valid).then(|| validate::explain(field, verdict.reason, lang));
        super::emit(
            &mut out,
            &json!({
                "input": input,
                "valid": verdict.valid,
                "normalized": verdict.normalized,
                "reason": verdict.reason,
                "message": message,
            }),
        )?;
    }
    Ok(if all_valid { Answer::Yes } else { Answer::No })
}
