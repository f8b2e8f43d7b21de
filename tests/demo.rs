//! The bundled demo day through the real flow and store gives exactly the
//! outcomes that the demo generator reasoned out (demo/expected.jsonl).

mod common;

#[test]
fn the_demo_day_ends_as_expected() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = common::kakou()
        .args(["demo", "--store"])
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("every outcome is as expected"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(report["zero_report"], false);
    assert!(report["referred"]["fever"].as_u64().unwrap() > 0);
    assert!(report["refused"]["exit_quota"].as_u64().unwrap() > 0);
}
