//! `kakou check` agrees with every row of the shared validator vectors.

mod common;

use std::path::Path;

fn rows(file: &Path) -> Vec<(String, bool, String)> {
    let mut reader = csv::Reader::from_path(file).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), &r[1] == "valid", r[2].to_string())
        })
        .collect()
}

#[test]
fn check_agrees_with_every_vector_row() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let mut failures = Vec::new();
    let mut total = 0;
    for (kind, file) in [
        ("id", "cn_id.csv"),
        ("phone", "cn_mobile.csv"),
        ("plate", "cn_plate.csv"),
        ("temp", "temperature.csv"),
    ] {
        let rows = rows(&data.join("validators").join(file));
        // One value per line on stdin; a value with a line break could not
        // travel this way, and the vectors have none.
        assert!(rows.iter().all(|(v, _, _)| !v.contains('\n')));
        let stdin: String = rows.iter().map(|(v, _, _)| format!("{v}\n")).collect();
        let out = common::run(&db, &["check", kind, "-"], &stdin);
        let results = common::json_lines(&out);
        assert_eq!(results.len(), rows.len(), "{file}");
        for ((value, valid, reason), got) in rows.iter().zip(&results) {
            total += 1;
            let got_reason = got["reason"].as_str().unwrap();
            // VECTORS.md: a valid row may give any `ok…` reason, except
            // that a fever must be reported as `fever`.
            let reason_ok = match (*valid, reason.as_str()) {
                (true, "fever") => got_reason == "fever",
                (true, _) => got_reason.starts_with("ok"),
                (false, _) => got_reason == reason,
            };
            if got["valid"] != *valid || !reason_ok || got["input"] != value.as_str() {
                failures.push(format!(
                    "{file}: {value:?} expected {valid} {reason}, got {got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(total, 800);
}
