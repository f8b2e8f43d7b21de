//! Runs every row of the shared validator vectors
//! (`shared/data/validators/*.csv`, specified in VECTORS.md) against the
//! validators, and lists every row that disagrees, not only the first.

use std::path::{Path, PathBuf};

use kakou_core::domain::Temperature;
use kakou_core::validate::{Verdict, cn_id, cn_mobile, cn_plate, temperature};

/// The vectors live outside the workspace, beside the shared design, so
/// that every implementation is held to the same file.
const VECTOR_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/validators");

/// One row of a vector file: `value,expected,reason`.
#[derive(Debug, serde::Deserialize)]
struct Row {
    value: String,
    expected: String,
    reason: String,
}

/// Why one row did not match, for the final report.
fn mismatch(file: &str, line: u64, row: &Row, verdict: &Verdict) -> Option<String> {
    let valid = match row.expected.as_str() {
        "valid" => true,
        "invalid" => false,
        other => {
            return Some(format!(
                "{file}:{line}: unknown expectation {other:?} for {:?}",
                row.value
            ));
        }
    };
    // The spec accepts any `ok…` reason for a valid row, except that a
    // fever must be reported as exactly `fever`; invalid rows must match.
    let reason_ok = if valid && row.reason != "fever" {
        verdict.reason.code().starts_with("ok")
    } else {
        verdict.reason.code() == row.reason
    };
    if verdict.valid == valid && reason_ok {
        None
    } else {
        Some(format!(
            "{file}:{line}: {:?}: expected {} {}, got {} {}",
            row.value,
            row.expected,
            row.reason,
            if verdict.valid { "valid" } else { "invalid" },
            verdict.reason
        ))
    }
}

/// Checks every row of one file, returning the number of rows checked and
/// a line for every row that failed (including rows that could not be read).
fn run_file(dir: &Path, file: &str, validate: impl Fn(&str) -> Verdict) -> (usize, Vec<String>) {
    let path = dir.join(file);
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(reader) => reader,
        Err(err) => return (0, vec![format!("{file}: cannot open: {err}")]),
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for record in reader.deserialize::<Row>() {
        match record {
            Ok(row) => {
                checked += 1;
                // Line 1 is the header, so data rows start at line 2; the
                // files have no multi-line fields, so the row count is exact.
                let line = checked as u64 + 1;
                if let Some(failure) = mismatch(file, line, &row, &validate(&row.value)) {
                    failures.push(failure);
                }
            }
            Err(err) => failures.push(format!("{file}: unreadable row: {err}")),
        }
    }
    if checked == 0 {
        failures.push(format!("{file}: no rows"));
    }
    (checked, failures)
}

#[test]
fn every_vector_row_matches() {
    let dir = PathBuf::from(VECTOR_DIR);
    if !dir.is_dir() {
        // Skipping is for a laptop without ../shared; under CI the vectors
        // must be there, or the run would pass having checked nothing.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and the validator vectors are missing at {}",
            dir.display()
        );
        eprintln!(
            "skipped: validator vectors not found at {} (the shared directory is not next to this checkout)",
            dir.display()
        );
        return;
    }

    let runs = [
        run_file(&dir, "cn_id.csv", cn_id),
        run_file(&dir, "cn_mobile.csv", cn_mobile),
        run_file(&dir, "cn_plate.csv", cn_plate),
        run_file(&dir, "temperature.csv", |value| {
            temperature(value, Temperature::DEFAULT_FEVER)
        }),
    ];
    let checked: usize = runs.iter().map(|(n, _)| n).sum();
    let failures: Vec<&String> = runs.iter().flat_map(|(_, f)| f).collect();
    eprintln!("checked {checked} vector rows");
    assert!(
        failures.is_empty(),
        "{} of {checked} vector rows failed:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
