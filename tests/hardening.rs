//! The hardening of issue 12, through the real binary. Every refused input
//! is checked to leave the store exactly as it was (a dump of every table
//! before and after).

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{id_number, init, json_lines, kakou, run, run_ok, store_dump};
use serde_json::json;

fn ledger(dir: &Path, rows: &[(&str, &str)]) -> std::path::PathBuf {
    let mut text = String::from("楼栋,单元,房号,姓名,身份证号,类别\n");
    for (i, (room, name)) in rows.iter().enumerate() {
        text.push_str(&format!("1,1,{room},{name},{},居民\n", id_number(i + 1)));
    }
    let path = dir.join(format!("ledger-{}.csv", rows.len()));
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn no_export_writes_over_the_store_its_key_or_another_file_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    init(&db);
    let key = dir.path().join("k.db.issuing-key");
    let key_before = std::fs::read(&key).unwrap();
    let before = store_dump(&db);
    for target in [db.clone(), key.clone(), dir.path().join("k.db-wal")] {
        for force in [false, true] {
            let mut args = vec!["keys", "export", target.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let out = run(&db, &args, "");
            assert_eq!(out.status.code(), Some(2), "{target:?}");
            assert!(
                stderr(&out).contains("never writes over"),
                "{}",
                stderr(&out)
            );
        }
    }
    // Another spelling of the same file is the same file.
    let sneaky = format!("{}/./k.db", dir.path().display());
    assert_eq!(
        run(&db, &["keys", "export", &sneaky, "--force"], "")
            .status
            .code(),
        Some(2)
    );
    let pdf = dir.path().join("k.db");
    let out = run(
        &db,
        &["pass", "print", "--out", pdf.to_str().unwrap(), "--force"],
        "",
    );
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(store_dump(&db), before, "the store is whole");
    assert_eq!(std::fs::read(&key).unwrap(), key_before, "the key is whole");

    // An existing file is replaced only with --force.
    let file = dir.path().join("trust.json");
    std::fs::write(&file, "mine").unwrap();
    let out = run(&db, &["keys", "export", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    run_ok(
        &db,
        &["keys", "export", file.to_str().unwrap(), "--force"],
        "",
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("kakou-trust-1")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn the_store_and_its_key_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    // Write something so the WAL exists too.
    let file = ledger(dir.path(), &[("101", "张三")]);
    run_ok(&db, &["import", "residents", file.to_str().unwrap()], "");
    for file in ["gate.db", "gate.db.issuing-key"] {
        let mode = std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
}

#[test]
fn init_leaves_nothing_behind_when_it_cannot_finish() {
    let dir = tempfile::tempdir().unwrap();
    // The key's name is taken: nothing may be made, and the file stays.
    let db = dir.path().join("a.db");
    std::fs::write(dir.path().join("a.db.issuing-key"), "someone else's").unwrap();
    let out = run(
        &db,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("never overwrites"),
        "{}",
        stderr(&out)
    );
    assert!(!db.exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.db.issuing-key")).unwrap(),
        "someone else's"
    );
    // The folder cannot be made (a file stands where it should be).
    std::fs::write(dir.path().join("not-a-folder"), "").unwrap();
    let db = dir.path().join("not-a-folder/b.db");
    let out = run(
        &db,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == "a.db.issuing-key" || n == "not-a-folder"),
        "no half-made store or temporary file: {names:?}"
    );
    // An empty name is refused before anything is made.
    let db = dir.path().join("c.db");
    let out = run(
        &db,
        &["init", "--community", " ", "--checkpoint", "东门"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!db.exists());
}

#[test]
fn an_import_waits_for_the_gate_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let given = ["一", "二", "三", "四", "五", "六", "七", "八"];
    let rows: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("{}", 101 + i),
                format!("住户{}{}", given[i % 8], given[i / 8]),
            )
        })
        .collect();
    let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let file = ledger(dir.path(), &rows);
    run_ok(&db, &["import", "residents", file.to_str().unwrap()], "");
    // A long replay of visitors commits passage after passage …
    let lines: String = (0..1500)
        .map(|i| {
            json!({
                "at": format!("2026-11-24T09:{:02}:{:02}+08:00", i / 60 % 60, i % 60),
                "direction": "in",
                "visitor": {"name": "访客", "id_number": id_number(500 + i % 300), "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
                "temperatures": ["36.5"],
            })
            .to_string()
                + "\n"
        })
        .collect();
    let replay_file = dir.path().join("visitors.jsonl");
    std::fs::write(&replay_file, lines).unwrap();
    let replay = kakou()
        .arg("--db")
        .arg(&db)
        .args(["gate", "replay", replay_file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // … while the lead imports the ledger again and again.
    let mut imports = 0;
    for _ in 0..10 {
        let out = run(&db, &["import", "residents", file.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", stderr(&out));
        imports += 1;
    }
    let replay = replay.wait_with_output().unwrap();
    assert!(replay.status.success(), "{}", stderr(&replay));
    assert_eq!(imports, 10);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let passages: i64 = conn
        .query_row("SELECT count(*) FROM passages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(passages, 1500, "every replayed passage is committed");
}

#[test]
fn a_name_too_long_for_a_pass_is_that_rows_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let long = "欧阳".repeat(8); // 16 characters, 48 bytes: the pass holds 42.
    let file = ledger(dir.path(), &[("101", "张三"), ("102", &long)]);
    let before = store_dump(&db);
    let out = run(&db, &["import", "residents", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let problems = json_lines(&out);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["row"], 3);
    assert_eq!(problems[0]["reason"], "name_too_long");
    assert_eq!(store_dump(&db), before);
    // Shortened, the ledger imports and everyone gets a pass.
    let file = ledger(dir.path(), &[("101", "张三"), ("102", "欧阳欧阳")]);
    run_ok(&db, &["import", "residents", file.to_str().unwrap()], "");
    let issued = json_lines(&run_ok(&db, &["pass", "issue", "--all"], ""));
    assert_eq!(issued.len(), 2);
}

#[test]
fn days_and_serials_out_of_range_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let file = ledger(dir.path(), &[("101", "张三")]);
    run_ok(&db, &["import", "residents", file.to_str().unwrap()], "");
    let before = store_dump(&db);
    for args in [
        vec!["pass", "issue", "--all", "--days", "0"],
        vec!["pass", "issue", "--all", "--days", "5000"],
        vec!["pass", "revoke", "0", "--reason", "lost"],
        vec!["pass", "revoke", "2199023255552", "--reason", "lost"],
        vec!["pass", "revoke", "-1", "--reason", "lost"],
        vec!["pass", "revoke", "1", "--reason", "stolen"],
        vec!["pass", "print", "--out", "x.pdf", "--serial", "0"],
    ] {
        let out = run(&db, &args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(store_dump(&db), before, "{args:?}");
    }
}

#[test]
fn an_error_is_said_once_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let missing = dir.path().join("none.db");
    for (db, args) in [
        (&missing, vec!["report", "daily"]),
        (
            &db,
            vec!["init", "--community", "幸福里", "--checkpoint", "东门"],
        ),
        (&db, vec!["import", "residents", "/nonexistent/ledger.csv"]),
        (&db, vec!["keys", "import", "/nonexistent/keys.json"]),
        (&db, vec!["bundle", "import", "/"]),
        (&db, vec!["gate", "replay", "/nonexistent.jsonl"]),
    ] {
        let out = run(db, &args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = stderr(&out);
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        let parts: Vec<&str> = text.trim().split(": ").map(str::trim).collect();
        for (i, part) in parts.iter().enumerate() {
            assert!(
                !parts[i + 1..]
                    .iter()
                    .any(|p| p == part || p.contains(part) && part.len() > 12),
                "{args:?} repeats itself: {text}"
            );
        }
    }
}

#[test]
fn personal_numbers_in_refusals_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let nobody = id_number(77);
    let out = run(&db, &["pass", "issue", "--person", &nobody], "");
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(!text.contains(&nobody), "{text}");
    assert!(text.contains(&kakou_core::domain::mask_document_number(&nobody)));
}

#[test]
fn a_replayed_line_with_an_id_is_committed_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let lines: Vec<String> = (0..3)
        .map(|i| {
            json!({
                "id": format!("visit-{i}"),
                "at": format!("2026-11-24T09:0{i}:00+08:00"),
                "direction": "in",
                "visitor": {"name": "访客", "id_number": id_number(i), "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
                "temperatures": ["36.5"],
            })
            .to_string()
        })
        .collect();
    let file = dir.path().join("day.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let first = json_lines(&run_ok(
        &db,
        &["gate", "replay", file.to_str().unwrap()],
        "",
    ));
    assert!(first.iter().all(|r| r.get("repeated").is_none()));
    let before = store_dump(&db);
    let again = json_lines(&run_ok(
        &db,
        &["gate", "replay", file.to_str().unwrap()],
        "",
    ));
    assert_eq!(store_dump(&db), before, "a re-run file writes nothing");
    for (a, b) in first.iter().zip(&again) {
        assert_eq!(b["repeated"], true);
        assert_eq!(a["passage_id"], b["passage_id"]);
        assert_eq!(a["outcome"], b["outcome"]);
    }
}

#[test]
fn a_line_that_is_not_utf8_is_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let good = json!({
        "at": "2026-11-24T09:00:00+08:00",
        "direction": "in",
        "visitor": {"name": "访客", "id_number": id_number(1), "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
        "temperatures": ["36.5"],
    })
    .to_string();
    let mut bytes = good.clone().into_bytes();
    bytes.extend_from_slice(b"\n{\"at\": \"\xff\xfe\"}\n");
    bytes.extend_from_slice(good.as_bytes());
    let file = dir.path().join("mixed.jsonl");
    std::fs::write(&file, bytes).unwrap();
    let results = json_lines(&run_ok(
        &db,
        &["gate", "replay", file.to_str().unwrap()],
        "",
    ));
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["outcome"], "released");
    assert_eq!(results[1]["outcome"], "rejected_input");
    assert_eq!(results[1]["reason"], "invalid_json");
    assert_eq!(results[2]["outcome"], "released");

    // `kakou check` reads stdin line by line the same way.
    let mut child = kakou()
        .args(["check", "id", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut input = format!("{}\n", id_number(1)).into_bytes();
    input.extend_from_slice(b"1101\xff\n");
    input.extend_from_slice(format!("{}\n", id_number(2)).as_bytes());
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["reason"], "bad_chars");
    assert_eq!(lines[2]["valid"], true);
}
