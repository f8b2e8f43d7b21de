//! How commands answer: one JSON object per line on stdout, and an exit
//! status that says whether the answer was "yes" or "no".

use std::io::Write;

use serde::Serialize;

/// What a command reports back: success, or "ran, and the answer is no"
/// (exit 1). Errors (exit 2) travel as `Err`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

/// Prints one JSON object as one line and flushes, so that a reader (or a
/// killed process) never sees half a line.
pub fn emit(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(value)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.flush()
}
