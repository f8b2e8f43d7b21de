//! The admin commands of the real binary, on both backends: enrolment
//! codes, users, terminals and the daily report.

mod support;

use kakou_core::domain::Temperature;
use kakou_core::report::{self, DailyReport};
use kakou_core::sync::events::{EventBody, PassageRecord};
use serde_json::{Value, json};
use support::db::{Backend, TestDb, postgres_available};
use support::events::{self as ev, test_day};
use support::gate::Gate;
use support::server::{Server, admin, enroll_code};

macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Backend::Sqlite);
            }
            #[test]
            fn postgres() {
                if super::postgres_available() {
                    super::$name(super::Backend::Postgres);
                }
            }
        }
    )*};
}

both!(
    enroll_codes_are_printed_once_and_stored_hashed,
    users_get_argon2id_passwords_and_sensible_roles,
    terminals_are_listed_and_revoked,
    the_daily_report_sums_the_gates_and_names_the_silent_ones,
);

#[test]
fn without_a_database_the_commands_say_so() {
    let out = std::process::Command::new(support::server::binary())
        .args(["terminal", "list"])
        .env_remove("KAKOU_DISTRICT_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db is required"));
}

fn enroll_codes_are_printed_once_and_stored_hashed(backend: Backend) {
    let db = TestDb::new(backend);
    let out = admin(
        &db.url,
        &[
            "enroll-code",
            "--community",
            "幸福里小区",
            "--checkpoint",
            "东门",
        ],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1);
    let code = lines[0]["code"].as_str().unwrap();
    assert_eq!(code.len(), 19);
    assert!(lines[0]["expires_at"].as_str().unwrap().ends_with('Z'));
    let dump = db.dump().join("\n");
    assert!(
        !dump.contains(code) && !dump.contains(&code.replace('-', "")),
        "only a hash is stored"
    );
    // Names nobody could match are refused, and nothing is stored.
    let before = db.dump();
    for (community, checkpoint) in [
        (" 幸福里小区", "东门"),
        ("幸福里小区", ""),
        ("幸福里小区", "东\t门"),
    ] {
        let out = admin(
            &db.url,
            &[
                "enroll-code",
                "--community",
                community,
                "--checkpoint",
                checkpoint,
            ],
            "",
        );
        assert_eq!(out.code, 2, "{community:?} {checkpoint:?}");
        assert!(out.stderr.contains("name"), "{}", out.stderr);
    }
    assert_eq!(db.dump(), before);
}

fn users_get_argon2id_passwords_and_sensible_roles(backend: Backend) {
    let db = TestDb::new(backend);
    let ok = admin(
        &db.url,
        &["user", "add", "区管理员", "--role", "admin"],
        "correct horse battery\n",
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(
        ok.json_lines()[0],
        json!({"user": "区管理员", "role": "admin", "community": null})
    );
    let lead = admin(
        &db.url,
        &[
            "user",
            "add",
            "lead1",
            "--role",
            "lead",
            "--community",
            "幸福里小区",
        ],
        "another secret\n",
    );
    assert_eq!(lead.code, 0, "{}", lead.stderr);
    let before = db.dump();
    let refusals = [
        (
            vec!["user", "add", "lead2", "--role", "lead"],
            "pass word 123\n",
            "--community",
        ),
        (
            vec![
                "user",
                "add",
                "a2",
                "--role",
                "admin",
                "--community",
                "幸福里小区",
            ],
            "pass word 123\n",
            "every community",
        ),
        (
            vec!["user", "add", "short", "--role", "admin"],
            "short\n",
            "at least 8",
        ),
        (
            vec!["user", "add", "lead1", "--role", "admin"],
            "pass word 123\n",
            "exists already",
        ),
        (
            vec!["user", "add", "x", "--role", "root"],
            "pass word 123\n",
            "root",
        ),
    ];
    for (args, stdin, words) in refusals {
        let out = admin(&db.url, &args, stdin);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(words), "{args:?}: {}", out.stderr);
        assert_eq!(db.dump(), before, "{args:?} changed the database");
    }
    let hashes = db.query_texts("SELECT password_hash FROM users ORDER BY name");
    assert_eq!(hashes.len(), 2);
    for hash in &hashes {
        assert!(hash.starts_with("$argon2id$"), "{hash}");
    }
    assert!(kakou_district::secrets::verify_password(
        "another secret",
        &hashes[0]
    ));
    assert_eq!(
        db.query_texts("SELECT community FROM users ORDER BY name"),
        ["幸福里小区", "NULL"]
    );
}

fn terminals_are_listed_and_revoked(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let listed = admin(&db.url, &["terminal", "list"], "");
    assert_eq!(listed.code, 0);
    let lines = listed.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], gate.terminal());
    assert_eq!(lines[0]["checkpoint"], "东门");
    assert_eq!(lines[0]["revoked_at"], Value::Null);
    assert!(
        lines[0].get("token_hash").is_none(),
        "the list never shows token hashes"
    );

    let unknown = admin(
        &db.url,
        &["terminal", "revoke", "0193a000-0000-7000-8000-000000000000"],
        "",
    );
    assert_eq!(unknown.code, 1);
    assert_eq!(unknown.json_lines()[0]["revoked"], false);
    let revoked = admin(&db.url, &["terminal", "revoke", gate.terminal()], "");
    assert_eq!(revoked.code, 0);
    assert!(admin(&db.url, &["terminal", "list"], "").json_lines()[0]["revoked_at"].is_string());
    let answer = gate
        .client
        .get(server.url("/v1/status"))
        .bearer_auth(&gate.token)
        .send()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 403);
}

/// Adds `b` into `a`: numbers summed, booleans and-ed (zero_report),
/// everything else kept. An independent sum of the gates' own reports.
fn add_json(a: &mut Value, b: &Value) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            *x = (x.as_u64().unwrap() + y.as_u64().unwrap()).into();
        }
        (Value::Bool(x), Value::Bool(y)) => *x = *x && *y,
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                match x.get_mut(k) {
                    Some(existing) => add_json(existing, v),
                    None => {
                        x.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        _ => {}
    }
}

fn the_daily_report_sums_the_gates_and_names_the_silent_ones(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let base = server.url("");
    let day = test_day();
    let mut east1 = Gate::enroll(&base, &enroll_code(&db.url, "幸福里小区", "东门"));
    let mut east2 = Gate::enroll(&base, &enroll_code(&db.url, "幸福里小区", "东门"));
    let mut west = Gate::enroll(&base, &enroll_code(&db.url, "幸福里小区", "西门"));
    let _north = Gate::enroll(&base, &enroll_code(&db.url, "幸福里小区", "北门"));
    let mut village = Gate::enroll(&base, &enroll_code(&db.url, "和平村", "东门"));

    // Each gate's own report, as `kakou report daily` makes it.
    let own =
        |gate: &mut Gate, from: u64, n: u64, fever: Option<i32>, report: bool| -> DailyReport {
            let mut events = Vec::new();
            if let Some(f) = fever {
                events.push(gate.writer.event(&ev::gate_config(f), day, 1));
            }
            let records: Vec<PassageRecord> = (from..from + n)
                .map(|i| ev::passage(i, day, &gate.checkpoint))
                .collect();
            for r in &records {
                events.push(
                    gate.writer
                        .event(&EventBody::Passage(Box::new(r.clone())), day, 2),
                );
            }
            let fever_at = fever.map_or(Temperature::DEFAULT_FEVER, Temperature);
            let pairs: Vec<_> = records
                .iter()
                .map(|r| (gate.checkpoint.clone(), r.passage.clone()))
                .collect();
            let mine = report::daily(day, &gate.checkpoint, &pairs, fever_at).remove(0);
            if report {
                events.push(gate.writer.event(&ev::daily_report(mine.clone()), day, 3));
            }
            gate.push_all(&events, 100);
            mine
        };
    let e1 = own(&mut east1, 0, 120, Some(375), true);
    let e2 = own(&mut east2, 1000, 80, None, false);
    let w = own(&mut west, 0, 0, None, true);
    // Another community's 东门: a different line, without its report yet.
    let v = own(&mut village, 5000, 40, Some(380), false);
    assert!(w.zero_report && !e1.zero_report);

    let out = admin(&db.url, &["report", "daily", "--day", "2026-11-24"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = out.json_lines();
    let counts: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("not_reported").is_none())
        .collect();
    let silent: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("not_reported").is_some())
        .collect();

    let mut east_sum = serde_json::to_value(&e1).unwrap();
    add_json(&mut east_sum, &serde_json::to_value(&e2).unwrap());
    let expected = [
        ("和平村", serde_json::to_value(&v).unwrap()),
        ("幸福里小区", east_sum),
        ("幸福里小区", serde_json::to_value(&w).unwrap()),
    ];
    assert_eq!(counts.len(), expected.len(), "{lines:#?}");
    for (line, (community, report)) in counts.iter().zip(expected) {
        assert_eq!(line["community"], community);
        let mut fields = (*line).clone();
        fields.as_object_mut().unwrap().remove("community");
        assert_eq!(
            fields, report,
            "every field of {community} {}",
            report["checkpoint"]
        );
        // The line reads back as the gate's own report type.
        let _: DailyReport = serde_json::from_value(fields).unwrap();
    }
    assert_eq!(counts[1]["passages"], 200);
    let silent: Vec<(String, String)> = silent
        .iter()
        .map(|l| {
            assert_eq!(l["day"], "2026-11-24");
            assert_eq!(l["not_reported"], true);
            (
                l["community"].as_str().unwrap().into(),
                l["checkpoint"].as_str().unwrap().into(),
            )
        })
        .collect();
    let pair = |c: &str, g: &str| (c.to_string(), g.to_string());
    // 幸福里小区's 东门 has reported: one of its two terminals sent the report.
    assert_eq!(silent, [pair("和平村", "东门"), pair("幸福里小区", "北门")]);

    // A day nobody worked: only who has not reported.
    let quiet = admin(&db.url, &["report", "daily", "--day", "2026-11-20"], "").json_lines();
    assert_eq!(quiet.len(), 4);
    assert!(quiet.iter().all(|l| l["not_reported"] == true));
}
