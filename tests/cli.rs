//! The command line end to end: init, import, passes, replay, report.

mod common;

use common::{json_lines, kakou, run, run_ok};

const LEDGER: &str = "楼栋,单元,房号,户主,姓名,身份证号,联系电话,类别,户状态\n\
3,2,501,张三,张三,11010519491231002X,13800138000,居民,正常\n\
3,2,501,张三,李梅,110101199003071233,,租户,\n\
4,1,101,王五,王五,440305198001010013,13912345678,返乡,居家隔离\n";

fn init(db: &std::path::Path) {
    run_ok(
        db,
        &[
            "init",
            "--community",
            "幸福里",
            "--checkpoint",
            "东门",
            "--exit-quota",
            "1/2",
        ],
        "",
    );
}

#[test]
fn a_new_store_accepts_a_ledger_issues_passes_and_replays_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let key = dir.path().join("gate.db.issuing-key");
    assert!(key.exists());

    // A day with nothing is a zero report.
    let out = run(&db, &["report", "daily", "--date", "2026-11-24"], "");
    assert!(out.status.success());
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["zero_report"], true);
    assert_eq!(reports[0]["checkpoint"], "东门");

    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, LEDGER).unwrap();
    let dry = run_ok(
        &db,
        &["import", "residents", ledger.to_str().unwrap(), "--dry-run"],
        "",
    );
    assert_eq!(json_lines(&dry)[0]["summary"]["people_added"], 3);
    let out = run(&db, &["import", "residents", ledger.to_str().unwrap()], "");
    assert!(out.status.success());
    assert_eq!(json_lines(&out)[0]["summary"]["households_added"], 2);
    // Importing the same ledger again changes nothing.
    let again = run(&db, &["import", "residents", ledger.to_str().unwrap()], "");
    assert_eq!(json_lines(&again)[0]["summary"]["people_unchanged"], 3);

    let out = run_ok(&db, &["pass", "issue", "--all", "--from", "2026-11-01"], "");
    let passes = json_lines(&out);
    assert_eq!(passes.len(), 3);
    let text = |name: &str| {
        passes.iter().find(|p| p["holder"] == name).unwrap()["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let verify = run(
        &db,
        &["pass", "verify", &text("张三"), "--date", "2026-11-24"],
        "",
    );
    assert_eq!(verify.status.code(), Some(0));
    assert_eq!(json_lines(&verify)[0]["reason"], "ok");
    let red = run(
        &db,
        &["pass", "verify", &text("王五"), "--date", "2026-11-24"],
        "",
    );
    assert_eq!(json_lines(&red)[0]["category"], "returned");

    let script = [
        format!(r#"{{"at":"2026-11-24T08:00:00+08:00","direction":"out","pass":"{}","temperatures":["36.5"],"answers":{{}}}}"#, text("张三")),
        // The second exit of the same household within two days.
        format!(r#"{{"at":"2026-11-24T08:05:00+08:00","direction":"out","pass":"{}","temperatures":["36.5"]}}"#, text("李梅")),
        // A quarantined household may not leave.
        format!(r#"{{"at":"2026-11-24T08:06:00+08:00","direction":"out","pass":"{}","temperatures":["36.5"]}}"#, text("王五")),
        r#"{"at":"2026-11-24T08:07:00+08:00","direction":"in","visitor":{"name":"赵六","id_number":"11010519491231002X","phone":"13800138000","from":"朝阳","visiting":"3栋2单元501"},"temperatures":["37.5","37.6"]}"#.to_string(),
        r#"{"at":"2026-11-24T08:08:00+08:00","direction":"in","visitor":{"name":"赵六","id_number":"110105194912310021","phone":"13800138000","from":"朝阳","visiting":"3-2-501"},"temperatures":["36.6"]}"#.to_string(),
        "not json".to_string(),
    ]
    .join("\n");
    let script_file = dir.path().join("day.jsonl");
    std::fs::write(&script_file, script).unwrap();
    let out = run_ok(&db, &["gate", "replay", script_file.to_str().unwrap()], "");
    let results = json_lines(&out);
    let got: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["outcome"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("released", ""),
        ("refused", "exit_quota"),
        ("refused", "household_quarantine"),
        ("referred", "fever"),
        ("rejected_input", "invalid_id_number"),
        ("rejected_input", "invalid_json"),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    assert!(results[0]["passage_id"].is_string());
    assert!(results[4]["passage_id"].is_null());

    let out = run(
        &db,
        &["report", "daily", "--date", "2026-11-24", "--format", "csv"],
        "",
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("2026-11-24,东门,people_out_resident,1"),
        "{csv}"
    );
    assert!(
        csv.contains("2026-11-24,东门,refused_exit_quota,1"),
        "{csv}"
    );
    assert!(csv.contains("2026-11-24,东门,referred_fever,1"), "{csv}");
    assert!(csv.contains("2026-11-24,东门,zero_report,0"), "{csv}");

    // Revoking a card makes the gate refuse it.
    let serial = passes[0]["serial"].as_u64().unwrap().to_string();
    let out = run(&db, &["pass", "revoke", &serial, "--reason", "lost"], "");
    assert!(out.status.success());
    let verify = run(
        &db,
        &["pass", "verify", passes[0]["text"].as_str().unwrap()],
        "",
    );
    assert_eq!(verify.status.code(), Some(1));
    assert_eq!(json_lines(&verify)[0]["reason"], "revoked");

    // A serial this store never issued is refused, as the lead screen
    // refuses it, and nothing is written.
    let before = common::store_dump(&db);
    let out = run(&db, &["pass", "revoke", "999", "--reason", "lost"], "");
    assert_eq!(out.status.code(), Some(1), "the answer is no");
    let line = &json_lines(&out)[0];
    assert_eq!(line["outcome"], "unknown_serial");
    assert_eq!(line["revoked"], false);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("never issued"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        common::store_dump(&db),
        before,
        "a refused revocation changes nothing"
    );
    // The reason given is the one kept.
    let again = run(&db, &["pass", "revoke", &serial, "--reason", "moved"], "");
    assert_eq!(json_lines(&again)[0]["outcome"], "already_revoked");
    let listed = json_lines(&run(&db, &["pass", "list"], ""));
    let revoked = listed
        .iter()
        .find(|p| p["serial"] == passes[0]["serial"])
        .unwrap();
    assert_eq!(revoked["revoked_reason"], "lost");

    // The revoked card's holder now has no valid card; their ID is masked.
    let out = run(&db, &["report", "activation", "--date", "2026-11-24"], "");
    assert!(out.status.success());
    let findings = json_lines(&out);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["finding"], "no_pass");
    assert_eq!(findings[0]["name"], passes[0]["holder"]);
    assert!(
        findings[0]["id_number"]
            .as_str()
            .unwrap()
            .contains("********")
    );
}

#[test]
fn init_never_overwrites_and_commands_need_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    let out = run(&db, &["report", "daily"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("kakou: no store at"), "{err}");
    assert_eq!(err.lines().count(), 1);
    init(&db);
    let again = run(&db, &["init", "--community", "x", "--checkpoint", "y"], "");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
}

#[test]
fn a_broken_ledger_is_refused_whole_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let ledger = dir.path().join("broken.csv");
    std::fs::write(
        &ledger,
        "楼栋,单元,房号,姓名,身份证号,联系电话,类别\n\
         1,1,101,张三,11010519491231002X,13800138000,居民\n\
         1,1,102,李四,110105194912310021,13800138000,居民\n",
    )
    .unwrap();
    let out = run(&db, &["import", "residents", ledger.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let errors = json_lines(&out);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["row"], 3);
    assert_eq!(errors[0]["column"], "身份证号");
    assert_eq!(errors[0]["reason"], "bad_checksum");
    let list = run(&db, &["pass", "issue", "--all"], "");
    assert!(json_lines(&list).is_empty(), "nothing was imported");

    let not_a_sheet = dir.path().join("photo.xlsx");
    std::fs::write(&not_a_sheet, b"PK\x03\x04garbage").unwrap();
    let out = run(
        &db,
        &["import", "residents", not_a_sheet.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a spreadsheet"));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let out = kakou().args(["check", "colour"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_camera_choice_is_saved_and_bad_choices_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);

    let bad = run(&db, &["camera", "use", "front"], "");
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("`front` is not a camera"), "{said}");

    let chose = run(&db, &["camera", "use", "2"], "");
    assert!(chose.status.success());
    let terminal = kakou::app::Terminal::open(&db).unwrap();
    assert_eq!(kakou::app::camera_choice::load(&terminal).unwrap(), Some(2));
    drop(terminal);

    // The list marks the chosen camera; with none plugged in (as in CI) it
    // is empty, and the answer is "no".
    let list = run(&db, &["camera", "list"], "");
    let cameras = json_lines(&list);
    if cameras.is_empty() {
        assert_eq!(list.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&list.stderr).contains("no camera found"));
    } else {
        assert!(list.status.success());
        let chosen: Vec<bool> = cameras.iter().map(|c| c["chosen"] == true).collect();
        let index_2 = cameras.iter().position(|c| c["index"] == 2);
        assert_eq!(
            chosen.iter().filter(|c| **c).count(),
            usize::from(index_2.is_some())
        );
    }
}
