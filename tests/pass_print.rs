//! `kakou pass print` selections and refusals through the real binary.

mod common;

use std::path::Path;

use common::{id_number, init, json_lines, run};

fn store_with_passes(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("gate.db");
    init(&db);
    let ledger = dir.join("ledger.csv");
    std::fs::write(
        &ledger,
        format!(
            "楼栋,单元,房号,姓名,身份证号,类别\n\
             3,2,501,张三,{},居民\n3,2,501,李梅,{},租户\n\
             4,1,101,王堃,{},居民\n",
            id_number(1),
            id_number(2),
            id_number(3)
        ),
    )
    .unwrap();
    assert!(
        run(&db, &["import", "residents", ledger.to_str().unwrap()], "")
            .status
            .success()
    );
    assert!(
        run(&db, &["pass", "issue", "--all", "--from", "2026-11-01"], "")
            .status
            .success()
    );
    db
}

fn print(db: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "pass",
        "print",
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-11-24",
        // Each test prints over its own earlier PDF on purpose.
        "--force",
    ];
    args.extend_from_slice(extra);
    run(db, &args, "")
}

#[test]
fn a_household_a_person_or_serials_can_be_printed_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_passes(dir.path());
    let pdf = dir.path().join("cards.pdf");

    let out = print(&db, &pdf, &["--household", "3栋2单元501"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_lines(&out)[0]["serials"], serde_json::json!([1, 2]));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let out = print(&db, &pdf, &["--person", &id_number(2)]);
    assert_eq!(json_lines(&out)[0]["serials"], serde_json::json!([2]));

    let out = print(&db, &pdf, &["--serial", "3", "1"]);
    let report = &json_lines(&out)[0];
    // Address order: 3-2-501 before 4-1-101.
    assert_eq!(report["serials"], serde_json::json!([1, 3]));
    assert_eq!(report["pages"], 1);

    let out = print(&db, &pdf, &[]);
    assert_eq!(json_lines(&out)[0]["cards"], 3);
}

#[test]
fn a_name_the_font_cannot_show_is_printed_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_passes(dir.path());
    let out = print(&db, &dir.path().join("cards.pdf"), &["--lang", "en"]);
    assert!(out.status.success());
    assert_eq!(
        json_lines(&out)[0]["missing_glyphs"],
        serde_json::json!([{"serial": 3, "chars": "堃"}])
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pass 3") && err.contains("堃"), "{err}");
}

#[test]
fn a_revoked_pass_is_not_printed_and_no_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_passes(dir.path());
    assert!(
        run(&db, &["pass", "revoke", "2", "--reason", "lost"], "")
            .status
            .success()
    );
    let pdf = dir.path().join("cards.pdf");
    for (lang, words) in [
        ("en", "pass 2 is revoked (lost)"),
        ("zh", "通行证 2 已吊销"),
    ] {
        let out = print(&db, &pdf, &["--lang", lang, "--serial", "2"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
    }
    let out = print(&db, &pdf, &["--serial", "99"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pass with serial 99"));
    assert!(!pdf.exists());

    // Printing everyone leaves the revoked card out.
    let out = print(&db, &pdf, &["--all"]);
    assert_eq!(json_lines(&out)[0]["serials"], serde_json::json!([1, 3]));
}

#[test]
fn nothing_to_print_is_a_no_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let pdf = dir.path().join("cards.pdf");
    let out = print(&db, &pdf, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no valid passes to print"));
    assert!(!pdf.exists());
}
