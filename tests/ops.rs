//! Running a gate for weeks, through the binary: the configuration file,
//! `kakou doctor`, the xlsx daily report, `kakou audit` and `kakou
//! retention run`.

mod common;

use std::path::Path;
use std::process::Output;

use common::{init, json_lines, kakou, run, run_ok};
use serde_json::Value;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs kakou with a configuration file holding `config`.
fn with_config(db: &Path, config: &str, args: &[&str]) -> Output {
    let file = db.with_extension("toml");
    std::fs::write(&file, config).unwrap();
    let mut all = vec!["--config", file.to_str().unwrap()];
    all.extend_from_slice(args);
    run(db, &all, "")
}

fn check<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {lines:?}"))
}

#[test]
fn doctor_without_camera_or_audio_exits_0_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let out = run(&db, &["doctor"], "");
    let lines = json_lines(&out);
    let checks: Vec<&str> = lines.iter().map(|l| l["check"].as_str().unwrap()).collect();
    assert_eq!(
        checks,
        [
            "config", "camera", "audio", "disk", "store", "clock", "server"
        ]
    );
    for line in &lines {
        assert!(!line["message"].as_str().unwrap().is_empty(), "{line}");
        assert_ne!(line["status"], "fault", "{line}");
    }
    assert_eq!(out.status.code(), Some(0), "{lines:?}");
    assert_eq!(check(&lines, "store")["code"], "store_ok");
    assert_eq!(check(&lines, "server")["code"], "server_not_configured");
    assert_eq!(check(&lines, "config")["code"], "config_absent");
    // On a machine without them (CI, this build machine) the doctor says so
    // in words, and that is no fault.
    let camera = check(&lines, "camera");
    if camera["code"] == "no_camera" {
        assert_eq!(camera["status"], "note");
        assert!(
            camera["message"]
                .as_str()
                .unwrap()
                .contains("This machine has no camera"),
            "{camera}"
        );
    }
    let audio = check(&lines, "audio");
    if audio["code"] == "no_audio" {
        assert_eq!(audio["status"], "note");
        assert!(
            audio["message"]
                .as_str()
                .unwrap()
                .contains("no audio output"),
            "{audio}"
        );
    }
    assert!(stderr(&out).contains("no faults"), "{}", stderr(&out));
}

#[test]
fn doctor_on_a_corrupted_store_exits_non_zero_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    // Scribble over the second page: a table's b-tree.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    for b in &mut bytes[4096..8192] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = run(&db, &["doctor"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    let store = check(&lines, "store");
    assert_eq!(store["status"], "fault");
    assert_eq!(store["code"], "store_damaged");
    assert!(
        store["message"]
            .as_str()
            .unwrap()
            .contains("restore a backup"),
        "{store}"
    );
    assert!(stderr(&out).contains("faults found"), "{}", stderr(&out));

    // A file that is no database at all, and no file at all, likewise.
    std::fs::write(&db, vec![0x42; 10_000]).unwrap();
    let out = run(&db, &["--lang", "zh", "doctor"], "");
    assert_eq!(out.status.code(), Some(1));
    let store = check(&json_lines(&out), "store").clone();
    assert_eq!(store["code"], "store_damaged");
    assert!(
        store["message"].as_str().unwrap().contains("备份"),
        "{store}"
    );
    let out = run(&dir.path().join("none.db"), &["doctor"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(check(&json_lines(&out), "store")["code"], "store_missing");
}

#[test]
fn a_configured_server_is_checked_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = format!("server = \"http://127.0.0.1:{port}\"\n");
    let out = with_config(&db, &config, &["doctor"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(check(&lines, "server")["code"], "server_reachable");
    assert_eq!(check(&lines, "config")["code"], "config_read");
    drop(listener);
    // Unreachable is a warning, not a fault: the gate works offline.
    let out = with_config(&db, &config, &["doctor"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        check(&json_lines(&out), "server")["status"],
        "warn",
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn without_a_configured_server_the_enrolled_one_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // What `kakou enroll` saves (tests/sync.rs enrols with a real district).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('sync_server', ?1), ('sync_token', 't')",
            [format!("http://127.0.0.1:{port}")],
        )
        .unwrap();
    let out = run(&db, &["doctor"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let server = check(&json_lines(&out), "server").clone();
    assert_eq!(server["code"], "server_reachable", "{server}");
    assert!(
        server["message"]
            .as_str()
            .unwrap()
            .contains(&port.to_string()),
        "{server}"
    );
}

#[test]
fn a_bad_configuration_stops_every_command_but_the_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let bad = "checkpoint = \"东门\"\n\n[gate]\nfever_at = 39.5\n";
    let out = with_config(&db, bad, &["report", "daily"]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(
        said.contains("line 4: `gate.fever_at`: 39.5 °C is not a fever threshold"),
        "{said}"
    );
    assert!(out.stdout.is_empty());
    let out = with_config(&db, bad, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let config = check(&json_lines(&out), "config").clone();
    assert_eq!(config["code"], "config_invalid");
    assert!(
        config["message"]
            .as_str()
            .unwrap()
            .contains("gate.fever_at"),
        "{config}"
    );
    let typo = with_config(&db, "chekpoint = \"东门\"\n", &["report", "daily"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("unknown field `chekpoint`"),
        "{}",
        stderr(&typo)
    );
    // A named file that is not there is an error, not the defaults.
    let out = run(&db, &["--config", "/nonexistent/kakou.toml", "doctor"], "");
    assert_eq!(check(&json_lines(&out), "config")["code"], "config_invalid");
}

#[test]
fn the_configuration_must_name_the_store_it_runs_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let right = "community = \"幸福里\"\ncheckpoint = \"东门\"\nlanguage = \"zh\"\n";
    let out = with_config(&db, right, &["report", "daily", "--date", "2026-11-24"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let wrong = "checkpoint = \"西门\"\n";
    let out = with_config(&db, wrong, &["report", "daily"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("西门"), "{}", stderr(&out));
    // `init` refuses to make a store for another gate than the configured one.
    let other = dir.path().join("other.db");
    let out = with_config(
        &other,
        wrong,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!other.exists());
    // The configured language is the messages' language.
    let out = with_config(&db, "language = \"zh\"\n", &["doctor"]);
    assert!(stderr(&out).contains("没有发现故障"), "{}", stderr(&out));
}

#[test]
fn the_daily_report_as_a_spreadsheet_and_its_audit_entry() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let xlsx = dir.path().join("day.xlsx");
    let args = [
        "report",
        "daily",
        "--date",
        "2026-11-24",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ];
    let out = run_ok(&db, &args, "");
    assert_eq!(json_lines(&out)[0]["rows"], json_rows_of_zero_report());
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Daily report"]);
    let range = book.worksheet_range("Daily report").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(rows[0], ["day", "checkpoint", "metric", "value"]);
    assert!(
        rows.contains(&vec![
            "2026-11-24".into(),
            "东门".into(),
            "zero_report".into(),
            "1".into()
        ]),
        "the zero report: {rows:?}"
    );
    assert!(
        matches!(range.get((1, 3)), Some(Data::Float(_))),
        "numbers are numbers"
    );

    // Not over an existing file without --force, never over the store.
    let again = run(&db, &args, "");
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    let mut forced = args.to_vec();
    forced.push("--force");
    run_ok(&db, &forced, "");
    let mut over_store = args.to_vec();
    over_store[7] = db.to_str().unwrap();
    assert_eq!(run(&db, &over_store, "").status.code(), Some(2));
    let no_out = run(&db, &["report", "daily", "--format", "xlsx"], "");
    assert_eq!(no_out.status.code(), Some(2));
    assert!(stderr(&no_out).contains("--out"));

    let audit = json_lines(&run_ok(&db, &["audit", "--kind", "export"], ""));
    assert_eq!(audit.len(), 2, "one entry per file written: {audit:?}");
    assert_eq!(audit[0]["kind"], "export");
    assert_eq!(audit[0]["what"], "report_daily 2026-11-24");
    assert_eq!(audit[0]["file"], xlsx.to_str().unwrap());
    assert!(audit[0]["who"].as_str().unwrap().starts_with("cli:"));
    assert!(audit[0]["line"].as_str().unwrap().contains("exported"));
}

/// The rows of one checkpoint's zero report (`report::rows`).
fn json_rows_of_zero_report() -> u32 {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let csv = run_ok(&db, &["report", "daily", "--format", "csv"], "");
    String::from_utf8_lossy(&csv.stdout).lines().count() as u32 - 1
}

#[test]
fn the_audit_log_lists_exports_and_retention_runs_by_day_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let keys = dir.path().join("keys.json");
    run_ok(&db, &["keys", "export", keys.to_str().unwrap()], "");
    let bundle = dir.path().join("bundle.json");
    run_ok(&db, &["bundle", "export", bundle.to_str().unwrap()], "");
    let retention = run_ok(&db, &["retention", "run", "--today", "2026-12-01"], "");
    let ran = &json_lines(&retention)[0];
    assert_eq!(ran["redacted"], 0);
    assert_eq!(ran["policy"]["period_days"], 28);

    let all = json_lines(&run_ok(&db, &["audit"], ""));
    let kinds: Vec<&str> = all.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["export", "export", "retention_run"]);
    assert_eq!(all[0]["what"], "trust_list");
    assert_eq!(all[1]["what"], "bundle");
    assert_eq!(all[2]["who"], "retention");
    let today = all[0]["at"].as_str().unwrap()[..10].to_string();
    let only = json_lines(&run_ok(&db, &["audit", "--kind", "retention_run"], ""));
    assert_eq!(only.len(), 1);
    let from_today = run_ok(&db, &["audit", "--from", &today, "--to", &today], "");
    assert_eq!(json_lines(&from_today).len(), 3);
    let before = run_ok(&db, &["audit", "--to", "2000-01-01"], "");
    assert!(json_lines(&before).is_empty());
    let bad = run(&db, &["audit", "--kind", "coffee"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("retention_run"));
}

#[test]
fn logs_go_to_a_file_beside_the_store_only_once_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    let out = kakou()
        .arg("--db")
        .arg(&db)
        .args(["report", "daily"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("logs").exists(), "no store, no log folder");
    init(&db);
    let out = run(&db, &["household", "status", "13800138000", "normal"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no household at `138****8000`"),
        "{}",
        stderr(&out)
    );
    let logs: Vec<_> = std::fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let name = logs[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with("kakou.") && name.ends_with(".log"),
        "{name}"
    );
    let text = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(text.contains("no household at `138****8000`"), "{text}");
    assert!(text.contains("INFO"), "{text}");
}
