//! One community, many gates (issue 12). The issuing store X numbers the
//! households, issues the passes, confines a household and revokes a card,
//! and carries it all to the verifier gate Y in a signed bundle. Y, which
//! never imports the ledger itself, must then agree with X on every pass,
//! household and revocation; a neighbour's cards, whose serials run from 1
//! like X's, never collide with X's revocations.

mod common;

use std::path::Path;

use common::{id_number, json_lines, run, run_ok, store_dump};
use serde_json::{Value, json};

/// The ledger at X. A gate that numbered households by its own import
/// order would give them other numbers.
fn ledger_csv() -> String {
    format!(
        "楼栋,单元,房号,户主,姓名,身份证号,联系电话,类别,户状态\n\
         1,1,101,赵一,赵一,{},13800138000,居民,正常\n\
         1,1,102,钱二,钱二,{},,居民,正常\n\
         2,1,201,孙三,孙三,{},13912345678,租户,正常\n\
         2,1,202,李四,李四,{},,居民,正常\n",
        id_number(1),
        id_number(2),
        id_number(3),
        id_number(4)
    )
}

fn init(db: &Path, community: &str, checkpoint: &str, gate: bool) -> Value {
    let mut args = vec!["init", "--community", community, "--checkpoint", checkpoint];
    if gate {
        args.push("--gate");
    }
    json_lines(&run_ok(db, &args, ""))[0].clone()
}

/// One replay line: a pass shown at the gate.
fn shown(pass: &str, direction: &str, minute: u32) -> String {
    json!({
        "at": format!("2026-11-24T08:{minute:02}:00+08:00"),
        "direction": direction,
        "pass": pass,
        "temperatures": ["36.5"],
    })
    .to_string()
}

fn replay(db: &Path, dir: &Path, lines: &[String]) -> Vec<Value> {
    let file = dir.join("day.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    json_lines(&run_ok(db, &["gate", "replay", file.to_str().unwrap()], ""))
}

#[test]
fn a_verifier_gate_agrees_with_the_issuing_store_through_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (x, y, z) = (
        dir.path().join("x.db"),
        dir.path().join("y.db"),
        dir.path().join("z.db"),
    );
    init(&x, "幸福里", "东门", false);
    let gate = init(&y, "幸福里", "西门", true);
    assert_eq!(gate["role"], "gate");
    assert!(gate["key_id"].is_null(), "a gate has no key of its own");
    assert!(!dir.path().join("y.db.issuing-key").exists());
    init(&z, "东城", "北门", false);

    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, ledger_csv()).unwrap();
    run_ok(&x, &["import", "residents", ledger.to_str().unwrap()], "");
    // A gate never imports the ledger itself.
    let refused = run(&y, &["import", "residents", ledger.to_str().unwrap()], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("bundle import"));

    let issued = json_lines(&run_ok(
        &x,
        &["pass", "issue", "--all", "--from", "2026-11-01"],
        "",
    ));
    let card = |name: &str| {
        let p = issued.iter().find(|p| p["holder"] == name).unwrap();
        (
            p["text"].as_str().unwrap().to_string(),
            p["serial"].as_u64().unwrap(),
        )
    };
    let (zhao, _) = card("赵一");
    let (qian, qian_serial) = card("钱二");
    let (sun, _) = card("孙三");

    // X confines 孙三's household and revokes 钱二's card.
    run_ok(&x, &["household", "status", "2-1-201", "居家隔离"], "");
    run_ok(
        &x,
        &[
            "pass",
            "revoke",
            &qian_serial.to_string(),
            "--reason",
            "lost",
        ],
        "",
    );
    // X trusts its neighbour Z, whose cards are numbered from 1 like X's.
    let z_keys = dir.path().join("z-keys.json");
    run_ok(&z, &["keys", "export", z_keys.to_str().unwrap()], "");
    run_ok(&x, &["keys", "import", z_keys.to_str().unwrap()], "");
    let z_ledger = dir.path().join("z-ledger.csv");
    std::fs::write(
        &z_ledger,
        format!(
            "楼栋,单元,房号,姓名,身份证号,类别\n9,9,909,周九,{},居民\n",
            id_number(9)
        ),
    )
    .unwrap();
    run_ok(&z, &["import", "residents", z_ledger.to_str().unwrap()], "");
    let z_card = json_lines(&run_ok(
        &z,
        &["pass", "issue", "--all", "--from", "2026-11-01"],
        "",
    ))[0]
        .clone();
    assert_eq!(
        z_card["serial"].as_u64(),
        Some(1),
        "the neighbour's serials start at 1 too"
    );

    let bundle = dir.path().join("bundle.json");
    let out = json_lines(&run_ok(
        &x,
        &["bundle", "export", bundle.to_str().unwrap()],
        "",
    ));
    assert_eq!(out[0]["exported"]["households"], 4);
    let text = std::fs::read_to_string(&bundle).unwrap();
    for private in [
        id_number(1),
        "13800138000".into(),
        "赵一".into(),
        "钱二".into(),
    ] {
        assert!(!text.contains(&private), "the bundle holds no {private}");
    }
    let imported = json_lines(&run_ok(
        &y,
        &["bundle", "import", bundle.to_str().unwrap()],
        "",
    ));
    assert_eq!(imported[0]["imported"]["households"], 4);
    assert_eq!(imported[0]["imported"]["pinned"], true);

    // Y replays X's cards as they come through its gate.
    let results = replay(
        &y,
        dir.path(),
        &[
            shown(&sun, "out", 1),
            shown(&qian, "in", 2),
            shown(&zhao, "out", 3),
            shown(z_card["text"].as_str().unwrap(), "in", 4),
        ],
    );
    let outcome = |i: usize| {
        (
            results[i]["outcome"].as_str().unwrap().to_string(),
            results[i]["reason"].as_str().map(str::to_string),
        )
    };
    assert_eq!(
        outcome(0),
        ("refused".into(), Some("household_quarantine".into()))
    );
    assert_eq!(outcome(1), ("refused".into(), Some("revoked".into())));
    assert_eq!(outcome(2), ("released".into(), None));
    assert_eq!(
        outcome(3),
        ("refused".into(), Some("other_community".into())),
        "the neighbour's card is the neighbour's, whatever its serial"
    );

    // Revocations are per key: X's revoked serial is not the neighbour's.
    let verify = |db: &Path, text: &str| {
        json_lines(&run(
            db,
            &["pass", "verify", text, "--date", "2026-11-24"],
            "",
        ))[0]["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verify(&y, &qian), "revoked");
    assert_eq!(verify(&x, &qian), "revoked");
    assert_eq!(verify(&y, &zhao), "ok");
    assert_eq!(verify(&z, z_card["text"].as_str().unwrap()), "ok");
    run_ok(&z, &["pass", "revoke", "1", "--reason", "lost"], "");
    assert_eq!(
        verify(&y, &zhao),
        "ok",
        "a neighbour revoking its serial 1 does not touch X's cards"
    );

    // Both gates count the same household as the same household: the
    // numbers are X's, whatever order Y learnt them in.
    let households = |db: &Path| {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare("SELECT key_id, number, address, status FROM households ORDER BY number")
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
    };
    assert_eq!(households(&x), households(&y));
}

#[test]
fn a_gate_refuses_a_bundle_of_another_key_an_older_one_and_a_tampered_one() {
    let dir = tempfile::tempdir().unwrap();
    let (x, rogue, y) = (
        dir.path().join("x.db"),
        dir.path().join("rogue.db"),
        dir.path().join("y.db"),
    );
    init(&x, "幸福里", "东门", false);
    init(&rogue, "幸福里", "假门", false);
    init(&y, "幸福里", "西门", true);
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, ledger_csv()).unwrap();
    run_ok(&x, &["import", "residents", ledger.to_str().unwrap()], "");
    let export = |db: &Path, name: &str| {
        let file = dir.path().join(name);
        run_ok(db, &["bundle", "export", file.to_str().unwrap()], "");
        file
    };
    let first = export(&x, "v1.json");
    let second = export(&x, "v2.json");
    let forged = export(&rogue, "rogue.json");

    // A tampered bundle is refused before anything else.
    let tampered = dir.path().join("tampered.json");
    let text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(&tampered, text.replacen("\"normal\"", "\"vacant\"", 1)).unwrap();
    let before = store_dump(&y);
    let out = run(&y, &["bundle", "import", tampered.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out)[0]["reason"], "bundle_bad_signature");
    assert_eq!(store_dump(&y), before, "a refused bundle changes nothing");

    run_ok(&y, &["bundle", "import", second.to_str().unwrap()], "");
    for (file, reason) in [(&first, "bundle_older"), (&forged, "bundle_other_issuer")] {
        let before = store_dump(&y);
        let out = run(&y, &["bundle", "import", file.to_str().unwrap()], "");
        assert_eq!(out.status.code(), Some(1), "{reason}");
        assert_eq!(json_lines(&out)[0]["reason"], reason);
        assert_eq!(store_dump(&y), before, "{reason} changes nothing");
    }
    // The same bundle again is harmless.
    run_ok(&y, &["bundle", "import", second.to_str().unwrap()], "");

    // A gate of another community takes none of it.
    let other = dir.path().join("other.db");
    init(&other, "东城", "北门", true);
    let out = run(&other, &["bundle", "import", second.to_str().unwrap()], "");
    assert_eq!(json_lines(&out)[0]["reason"], "bundle_other_community");
    // Only the issuing store writes bundles, and only gates read them.
    assert_eq!(
        json_lines(&run(&y, &["bundle", "export", "b.json"], ""))[0]["reason"],
        "not_issuing"
    );
    assert_eq!(
        json_lines(&run(
            &x,
            &["bundle", "import", second.to_str().unwrap()],
            ""
        ))[0]["reason"],
        "not_a_gate"
    );
}

#[test]
fn keys_are_never_relabelled_and_issuing_again_replaces_the_old_card() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.db");
    init(&x, "幸福里", "东门", false);
    // Our own key, exported and relabelled as another community's.
    let keys = dir.path().join("keys.json");
    run_ok(&x, &["keys", "export", keys.to_str().unwrap()], "");
    let relabelled = dir.path().join("relabelled.json");
    let text = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(&relabelled, text.replace("幸福里", "东城")).unwrap();
    let before = store_dump(&x);
    let out = run(&x, &["keys", "import", relabelled.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never relabelled"));
    assert_eq!(store_dump(&x), before);

    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, ledger_csv()).unwrap();
    run_ok(&x, &["import", "residents", ledger.to_str().unwrap()], "");
    let issue = || {
        json_lines(&run_ok(
            &x,
            &[
                "pass",
                "issue",
                "--person",
                &id_number(1),
                "--from",
                "2026-11-01",
            ],
            "",
        ))[0]
            .clone()
    };
    let first = issue();
    assert_eq!(first["supersedes"], json!([]));
    let second = issue();
    assert_eq!(second["supersedes"], json!([first["serial"]]));
    let verify = |text: &Value| {
        json_lines(&run(
            &x,
            &[
                "pass",
                "verify",
                text.as_str().unwrap(),
                "--date",
                "2026-11-24",
            ],
            "",
        ))[0]["reason"]
            .clone()
    };
    assert_eq!(verify(&first["text"]), "revoked");
    assert_eq!(verify(&second["text"]), "ok");
}
