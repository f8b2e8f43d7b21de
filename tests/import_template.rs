//! `kakou import template`: the blank ledger imports as it is, explains
//! itself, and never overwrites a ledger someone filled in.

mod common;

use calamine::{Reader, open_workbook_auto};
use common::{init, json_lines, run, run_ok};

#[test]
fn the_template_imports_without_errors_in_a_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let template = dir.path().join("台账模板.xlsx");
    run_ok(
        &db,
        &["import", "template", "--out", template.to_str().unwrap()],
        "",
    );

    let out = run_ok(
        &db,
        &[
            "import",
            "residents",
            template.to_str().unwrap(),
            "--dry-run",
        ],
        "",
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "no problem lines expected: {lines:?}");
    let summary = &lines[0]["summary"];
    assert_eq!(summary["people_added"], 3);
    assert_eq!(summary["households_added"], 2);
    assert_eq!(lines[0]["dry_run"], true);
}

#[test]
fn the_template_has_the_ledger_sheet_and_an_explanation_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.xlsx");
    let out = run(
        &dir.path().join("unused.db"),
        &["import", "template", "--out", template.to_str().unwrap()],
        "",
    );
    assert!(out.status.success());
    let mut book = open_workbook_auto(&template).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["台账".to_string(), "说明".to_string()]
    );
    let ledger = book.worksheet_range("台账").unwrap();
    let header: Vec<String> = ledger
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for needed in [
        "楼栋",
        "单元",
        "房号",
        "地址",
        "姓名",
        "身份证号",
        "类别",
        "户状态",
    ] {
        assert!(
            header.iter().any(|h| h == needed),
            "{needed} missing from {header:?}"
        );
    }
    let help = book.worksheet_range("说明").unwrap();
    let text: String = help.rows().flatten().map(|c| c.to_string()).collect();
    for word in ["居民", "租户", "返乡", "居家隔离", "必填"] {
        assert!(text.contains(word), "the explanation never mentions {word}");
    }
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let filled_in = dir.path().join("ledger.xlsx");
    std::fs::write(&filled_in, b"a ledger someone typed for a week").unwrap();
    let db = dir.path().join("unused.db");
    for lang in ["zh", "en"] {
        let out = run(
            &db,
            &[
                "--lang",
                lang,
                "import",
                "template",
                "--out",
                filled_in.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = if lang == "zh" {
            "已存在，未覆盖"
        } else {
            "already exists"
        };
        assert!(err.contains(expected), "{err}");
    }
    assert_eq!(
        std::fs::read(&filled_in).unwrap(),
        b"a ledger someone typed for a week"
    );
    let out = run(
        &db,
        &[
            "import",
            "template",
            "--out",
            filled_in.to_str().unwrap(),
            "--force",
        ],
        "",
    );
    assert!(out.status.success());
    assert!(std::fs::read(&filled_in).unwrap().starts_with(b"PK"));
}
