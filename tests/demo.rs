//! The bundled demo day through the real flow and store gives exactly the
//! outcomes that the demo generator reasoned out (demo/expected.jsonl). The
//! test compares the printed results with that file itself, line by line,
//! rather than trusting the program's own "as expected".

mod common;

use serde_json::Value;

#[test]
fn the_demo_day_ends_as_expected() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = common::kakou()
        .args(["demo", "--verbose", "--store"])
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines = common::json_lines(&out);
    let (results, reports): (Vec<&Value>, Vec<&Value>) =
        lines.iter().partition(|l| l.get("line").is_some());

    let expected: Vec<Value> = std::fs::read_to_string(common::repo_file("demo/expected.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(expected.len() > 3000, "{} expected lines", expected.len());
    assert_eq!(results.len(), expected.len(), "one result per passage");
    let field = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let differing: Vec<String> = results
        .iter()
        .zip(&expected)
        .filter(|(got, want)| {
            ["line", "outcome", "reason", "alert"]
                .iter()
                .any(|k| field(got, k) != field(want, k))
        })
        .map(|(got, want)| format!("got {got}, expected {want}"))
        .take(10)
        .collect();
    assert!(differing.is_empty(), "{}", differing.join("\n"));

    let report = reports
        .first()
        .expect("the day's report follows the results");
    assert_eq!(report["zero_report"], false);
    assert_eq!(
        report["passages"].as_u64().unwrap(),
        results
            .iter()
            .filter(|r| r["passage_id"].is_string())
            .count() as u64,
        "the report counts every committed passage"
    );
    assert!(report["referred"]["fever"].as_u64().unwrap() > 0);
    assert!(report["refused"]["exit_quota"].as_u64().unwrap() > 0);
}
