//! `kakou check id|phone|plate|temp`: the core validators on the command line.

use std::io::BufRead;

use anyhow::Result;
use kakou_core::domain::Temperature;
use kakou_core::lang::Lang;
use kakou_core::validate::{self, Field, Verdict};
use serde_json::json;

use super::{Answer, emit};

/// What `kakou check` validates.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CheckKind {
    Id,
    Phone,
    Plate,
    Temp,
}

impl CheckKind {
    /// The field whose wording explains a refusal.
    fn field(self) -> Field {
        match self {
            CheckKind::Id => Field::IdNumber,
            CheckKind::Phone => Field::Phone,
            CheckKind::Plate => Field::Plate,
            CheckKind::Temp => Field::Temperature,
        }
    }
}

/// Validates one value the way the gate does.
pub fn check(kind: CheckKind, input: &str) -> Verdict {
    match kind {
        CheckKind::Id => validate::cn_id(input),
        CheckKind::Phone => validate::cn_mobile(input),
        CheckKind::Plate => validate::cn_plate(input),
        CheckKind::Temp => validate::temperature(input, Temperature::DEFAULT_FEVER),
    }
}

/// One value to check: text, or a line of input that was not UTF-8.
enum Input {
    Text(String),
    NotText(Vec<u8>),
}

/// Reads one value per line. Only the line ending is removed: whether
/// surrounding spaces are acceptable is each validator's own rule. A line
/// that is not UTF-8 is kept as bytes, so it is reported by itself and the
/// other lines still run.
fn read_lines(mut input: impl BufRead) -> std::io::Result<Vec<Input>> {
    let mut lines = Vec::new();
    let mut bytes = Vec::new();
    while input.read_until(b'\n', &mut bytes)? > 0 {
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        lines.push(match std::str::from_utf8(line) {
            Ok(text) => Input::Text(text.to_string()),
            Err(_) => Input::NotText(line.to_vec()),
        });
        bytes.clear();
    }
    Ok(lines)
}

pub fn run(kind: CheckKind, values: Vec<String>, lang: Lang) -> Result<Answer> {
    let inputs = if values.is_empty() || values == ["-"] {
        read_lines(std::io::stdin().lock())?
    } else {
        values.into_iter().map(Input::Text).collect()
    };
    let mut out = std::io::stdout().lock();
    let mut all_valid = true;
    for input in inputs {
        let field = kind.field();
        let (input, verdict) = match input {
            Input::Text(text) => {
                let verdict = check(kind, &text);
                (text, verdict)
            }
            // No valid value contains bytes that are not text.
            Input::NotText(bytes) => (
                String::from_utf8_lossy(&bytes).into_owned(),
                Verdict::reject(validate::Rule::BadChars),
            ),
        };
        all_valid &= verdict.valid;
        let message = (!verdict.valid).then(|| validate::explain(field, verdict.reason, lang));
        emit(
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
