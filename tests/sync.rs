//! Sync end to end (issue 13): the real district server on 127.0.0.1:0, an
//! issuing store and a verifier gate of one community enrolled with it,
//! passages replayed on both while the server is down, then a sync: every
//! event is on the server exactly once, every outbox row is acknowledged,
//! and the server's daily report equals each gate's own, field by field.
//! Run against SQLite, and against PostgreSQL where there is one (under
//! CI there must be).

mod common;
mod district;

use std::path::Path;

use common::{id_number, json_lines, run, run_ok};
use district::{Database, Server};
use serde_json::{Value, json};

const DAY: &str = "2026-11-24";

fn ledger() -> String {
    let mut text = String::from("楼栋,单元,房号,姓名,身份证号,类别,户状态\n");
    let names = ["赵一", "钱二", "孙三", "李四", "周五", "吴六"];
    for (i, name) in names.iter().enumerate() {
        let status = if i == 2 { "居家隔离" } else { "正常" };
        text.push_str(&format!(
            "{},1,{}0{},{name},{},居民,{status}\n",
            1 + i / 2,
            1 + i % 2,
            1 + i % 2,
            id_number(i + 1)
        ));
    }
    text
}

fn shown(pass: &str, direction: &str, minute: usize, temperature: &str) -> String {
    json!({
        "at": format!("{DAY}T09:{minute:02}:00+08:00"),
        "direction": direction,
        "pass": pass,
        "temperatures": [temperature, temperature],
    })
    .to_string()
}

fn visitor(minute: usize) -> String {
    json!({
        "at": format!("{DAY}T10:{minute:02}:00+08:00"),
        "direction": "in",
        "visitor": {"name": "访客", "id_number": id_number(90 + minute), "phone": "13800138000", "from": "朝阳", "visiting": "1-1-101"},
        "temperatures": ["36.6"],
    })
    .to_string()
}

fn replay(db: &Path, lines: &[String]) -> Vec<Value> {
    let file = db.with_extension("jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    json_lines(&run_ok(db, &["gate", "replay", file.to_str().unwrap()], ""))
}

fn enroll(bin: &Path, server: &Server, db_url: &str, store: &Path, checkpoint: &str) {
    let code = district::enroll_code(bin, db_url, "幸福里", checkpoint);
    let out = run_ok(
        store,
        &["enroll", "--server", &server.url(), "--code", &code],
        "",
    );
    assert_eq!(json_lines(&out)[0]["checkpoint"], checkpoint);
}

fn sync_ok(store: &Path) -> Value {
    let out = run(store, &["sync"], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out)[0].clone()
}

fn outbox(store: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(store).unwrap();
    conn.query_row("SELECT count(*), count(acked_at) FROM outbox", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
}

#[test]
fn gates_that_were_offline_add_up_at_the_district() {
    let Some(bin) = district::binary() else {
        return;
    };
    for db in district::databases() {
        scenario(&bin, &db);
    }
}

fn scenario(bin: &Path, db: &Database) {
    let dir = tempfile::tempdir().unwrap();
    let (x, y) = (dir.path().join("x.db"), dir.path().join("y.db"));
    run_ok(
        &x,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
    run_ok(
        &y,
        &[
            "init",
            "--gate",
            "--community",
            "幸福里",
            "--checkpoint",
            "西门",
        ],
        "",
    );
    let file = dir.path().join("ledger.csv");
    std::fs::write(&file, ledger()).unwrap();
    run_ok(&x, &["import", "residents", file.to_str().unwrap()], "");
    let issued = json_lines(&run_ok(
        &x,
        &["pass", "issue", "--all", "--from", "2026-11-01"],
        "",
    ));
    let card = |i: usize| issued[i]["text"].as_str().unwrap().to_string();

    let server = Server::start(bin, &db.url);
    let addr = server.addr.clone();
    enroll(bin, &server, &db.url, &x, "东门");
    enroll(bin, &server, &db.url, &y, "西门");
    // A gate of another community is refused at enrolment, and keeps nothing.
    let other = dir.path().join("other.db");
    run_ok(
        &other,
        &[
            "init",
            "--gate",
            "--community",
            "幸福里小区",
            "--checkpoint",
            "北门",
        ],
        "",
    );
    let code = district::enroll_code(bin, &db.url, "幸福里", "北门");
    let refused = run(
        &other,
        &["enroll", "--server", &server.url(), "--code", &code],
        "",
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("幸福里小区"));

    // X pushes its ledger and keys; Y pulls them and can verify X's cards.
    sync_ok(&x);
    let pulled = sync_ok(&y);
    assert!(pulled["round"]["pulled"].as_u64().unwrap() >= 7, "{pulled}");
    let verify = |store: &Path, text: &str| {
        json_lines(&run(store, &["pass", "verify", text, "--date", DAY], ""))[0]["reason"].clone()
    };
    assert_eq!(verify(&y, &card(0)), "ok");

    // The district goes away; both gates keep working.
    server.kill();
    let unreachable = run(&x, &["sync"], "");
    assert_eq!(unreachable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("cannot be reached"));
    let x_results = replay(
        &x,
        &[
            shown(&card(0), "out", 1, "36.5"),
            shown(&card(1), "in", 2, "38.2"),
            shown(&card(2), "out", 3, "36.4"),
            visitor(4),
        ],
    );
    let y_results = replay(
        &y,
        &[
            shown(&card(3), "out", 5, "36.6"),
            shown(&card(2), "out", 6, "36.6"),
            shown(&card(4), "in", 7, "36.5"),
            visitor(8),
        ],
    );
    assert_eq!(
        y_results[1]["reason"], "household_quarantine",
        "Y knows the household"
    );
    assert_eq!(x_results[1]["outcome"], "referred");

    // Five weeks on, past the retention period: X's visitor is kept, as the
    // district has not acknowledged the passage yet.
    let later = "2026-12-30";
    let held = json_lines(&run_ok(&x, &["retention", "run", "--today", later], ""));
    assert_eq!(
        (&held[0]["redacted"], &held[0]["held"]),
        (&json!(0), &json!(1))
    );

    // It comes back on the same address; the gates catch up.
    let server = Server::start_on(bin, &db.url, &addr);
    sync_ok(&x);
    sync_ok(&y);
    for store in [&x, &y] {
        let (all, acked) = outbox(store);
        assert_eq!(all, acked, "every event of {store:?} is acknowledged");
    }
    // Every event exactly once.
    let on_server: i64 = district::query(db, "SELECT count(*) FROM events")[0]
        .parse()
        .unwrap();
    let distinct: i64 = district::query(db, "SELECT count(DISTINCT id) FROM events")[0]
        .parse()
        .unwrap();
    assert_eq!(on_server, outbox(&x).0 + outbox(&y).0);
    assert_eq!(distinct, on_server);
    // A second round finds nothing to do and changes nothing.
    let again = sync_ok(&x);
    assert_eq!(again["round"]["pushed"], 0);
    assert_eq!(
        district::query(db, "SELECT count(*) FROM events")[0],
        on_server.to_string()
    );

    // Acknowledged now, the visitor's personal fields go; the next round
    // has nothing to send again, and the report below still matches.
    let done = json_lines(&run_ok(&x, &["retention", "run", "--today", later], ""));
    assert_eq!(
        (&done[0]["redacted"], &done[0]["held"]),
        (&json!(1), &json!(0))
    );
    assert_eq!(sync_ok(&x)["round"]["pushed"], 0);

    // The district's report of the day is each gate's own, field by field.
    let lines = district::admin(bin, &db.url, &["report", "daily", "--day", DAY]);
    for (store, checkpoint) in [(&x, "东门"), (&y, "西门")] {
        let own = json_lines(&run_ok(store, &["report", "daily", "--date", DAY], ""));
        let own = own.iter().find(|r| r["checkpoint"] == checkpoint).unwrap();
        let theirs = lines
            .iter()
            .find(|l| l["checkpoint"] == checkpoint && l.get("not_reported").is_none())
            .unwrap_or_else(|| panic!("no district line for {checkpoint}: {lines:?}"));
        for (field, value) in own.as_object().unwrap() {
            assert_eq!(&theirs[field], value, "{checkpoint}: {field}");
        }
        assert_eq!(theirs["community"], "幸福里");
    }

    visitor_with_a_pink_pass(bin, db, &server, &x, &y);
    drop(server);
}

/// A visitor registers on the district's page and gets a pink pass, signed
/// by the community's visitor key and naming the visited household by its
/// number under the community's issuing key. The verifier gate pulled the
/// visitor key, and finds the household: a quarantine set by the lead at
/// the issuing store after the visit was registered stops the visitor.
fn visitor_with_a_pink_pass(bin: &Path, db: &Database, server: &Server, x: &Path, y: &Path) {
    let slug = district::admin(bin, &db.url, &["community", "list"])[0]["slug"]
        .as_str()
        .unwrap()
        .to_string();
    // The district's day (its default offset is +08:00).
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client
        .get(format!("{}/v/{slug}", server.url()))
        .send()
        .unwrap();
    let cookie = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = form.text().unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("the form has a token") + marker.len();
    let csrf = &html[start..start + html[start..].find('"').unwrap()];
    let registered = client
        .post(format!("{}/v/{slug}", server.url()))
        .header("cookie", cookie)
        .form(&[
            ("csrf", csrf),
            ("name", "访客甲"),
            ("document_type", "mainland_id"),
            ("id_number", &id_number(77)),
            ("phone", "13800138000"),
            ("from", "朝阳区"),
            ("visiting", "1-1-202"),
            ("day", &day.to_string()),
        ])
        .send()
        .unwrap();
    let status = registered.status();
    let body = registered.text().unwrap();
    assert_eq!(
        status,
        303,
        "{}",
        body.lines()
            .filter(|l| l.contains("error") || l.contains("class=\"invalid"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let pink = district::query(db, "SELECT pass FROM visitors")[0].clone();

    sync_ok(y);
    let at = |hour: u32| {
        json!({
            "at": format!("{day}T{hour:02}:00:00+08:00"),
            "direction": "in",
            "pass": pink,
            "temperatures": ["36.5", "36.5"],
        })
        .to_string()
    };
    let first = replay(y, &[at(10)]);
    assert_eq!(first[0]["outcome"], "released", "{first:?}");
    run_ok(
        x,
        &["household", "status", "1-1-202", "home_quarantine"],
        "",
    );
    sync_ok(x);
    sync_ok(y);
    let second = replay(y, &[at(11)]);
    assert_eq!(
        second[0]["reason"], "household_quarantine",
        "the gate found the visited household: {second:?}"
    );
}
