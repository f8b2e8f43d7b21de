//! The HTTP API through the real binary on 127.0.0.1:0, on both backends.

mod support;

use kakou_core::domain::HouseholdStatus;
use kakou_core::sync::protocol::{ErrorBody, ErrorCode, MasterData};
use reqwest::StatusCode;
use reqwest::blocking::RequestBuilder;
use serde_json::{Value, json};
use support::db::{Backend, TestDb, postgres_available};
use support::events::{self as ev, test_day};
use support::gate::{self, Gate};
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
    bad_requests_get_a_4xx_and_change_nothing,
    sql_and_html_looking_strings_are_stored_verbatim,
    a_sync_round_stores_once_and_hands_master_data_down,
    concurrent_pushes_from_one_terminal_over_http,
    a_cloned_terminal_is_blocked_over_http,
    acknowledged_events_survive_a_killed_server,
);

fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().expect("the district answers");
    let status = response.status();
    let text = response.text().unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: `{text}` is not JSON: {e}"));
    (status, body)
}

/// POSTs `body` to /v1/push over a bare socket and reads whatever answer
/// comes back, ignoring a write the server cut short.
fn raw_push(addr: &str, token: &str, body: &[u8], chunked: bool) -> (u16, Value) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let length = if chunked {
        "transfer-encoding: chunked".to_string()
    } else {
        format!("content-length: {}", body.len())
    };
    let head = format!(
        "POST /v1/push HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\n{length}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    for piece in body.chunks(64 * 1024) {
        let written = if chunked {
            stream
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .and_then(|()| stream.write_all(piece))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(piece)
        };
        if written.is_err() {
            break;
        }
    }
    let _ = stream.write_all(if chunked { b"0\r\n\r\n" } else { b"" });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in `{answer}`"));
    let (headers, rest) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let json = if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        // One chunk: its size line, then the JSON.
        rest.split_once("\r\n")
            .map_or("", |(_, r)| r)
            .split("\r\n")
            .next()
            .unwrap_or("")
    } else {
        rest
    };
    (
        status,
        serde_json::from_str(json).unwrap_or_else(|e| panic!("`{json}`: {e}")),
    )
}

fn two_gates(db: &TestDb, server: &Server) -> (Gate, Gate) {
    let a = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let b = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "西门"));
    (a, b)
}

fn bad_requests_get_a_4xx_and_change_nothing(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let used_code = enroll_code(&db.url, "幸福里小区", "东门");
    gate::enroll(
        &gate.client,
        &server.url(""),
        &used_code,
        &uuid::Uuid::now_v7().to_string(),
    )
    .unwrap();
    let good: Vec<_> = (0..3)
        .map(|n| {
            gate.writer
                .event(&ev::passage_body(n, test_day(), "东门"), test_day(), 1)
        })
        .collect();
    gate.push(&good[..1]).acked();
    let revoked = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "北门"));
    assert_eq!(
        admin(&db.url, &["terminal", "revoke", revoked.terminal()], "").code,
        0
    );

    let client = gate::client();
    let push = || client.post(server.url("/v1/push")).bearer_auth(&gate.token);
    let json_push = |body: String| push().header("content-type", "application/json").body(body);
    let envelope = |f: &dyn Fn(&mut Value)| {
        let mut e = serde_json::to_value(&good[1]).unwrap();
        f(&mut e);
        json!({"events": [e]}).to_string()
    };
    let huge = format!(
        "{{\"events\":[],\"pad\":\"{}\"}}",
        "x".repeat(5 * 1024 * 1024)
    );
    let many: Vec<Value> = (0..2001u64)
        .map(|n| {
            let mut e = serde_json::to_value(&good[1]).unwrap();
            e["seq"] = json!(n + 2);
            e["id"] = json!(ev::uuid7(u128::from(n) + 1000));
            e
        })
        .collect();
    let sql = "x'); DROP TABLE events; --";

    let cases: Vec<(&str, RequestBuilder, StatusCode, ErrorCode)> = vec![
        (
            "malformed JSON",
            json_push("{\"events\": [".into()),
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
        ),
        (
            "not JSON at all",
            json_push("<html>".into()),
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
        ),
        (
            "a seq as text",
            json_push(envelope(&|e| e["seq"] = json!("2"))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "events not a list",
            json_push("{\"events\": {}}".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "an unknown field",
            json_push("{\"events\": [], \"drop\": 1}".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "a body of the wrong type",
            json_push(envelope(&|e| e["body"]["temperatures"] = json!("hot"))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidEvent,
        ),
        (
            "an SQL-looking kind",
            json_push(envelope(&|e| e["kind"] = json!(sql))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::UnknownKind,
        ),
        (
            "a newer body version",
            json_push(envelope(&|e| e["body_version"] = json!(2))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::UnsupportedBodyVersion,
        ),
        (
            "an id that is no UUIDv7",
            json_push(envelope(&|e| e["id"] = json!(sql))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidEvent,
        ),
        (
            "another terminal's event",
            json_push(envelope(&|e| e["terminal"] = json!(revoked.terminal()))),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TerminalMismatch,
        ),
        (
            "seqs out of order",
            json_push(json!({"events": [&good[2], &good[1]]}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BatchNotInOrder,
        ),
        (
            "too many events",
            json_push(json!({"events": many}).to_string()),
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BatchTooLarge,
        ),
        (
            "no content type",
            push().body(json!({"events": [&good[1]]}).to_string()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        ),
        (
            "no token",
            client
                .post(server.url("/v1/push"))
                .json(&json!({"events": [&good[1]]})),
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ),
        (
            "a wrong token",
            client
                .post(server.url("/v1/push"))
                .bearer_auth(format!("{}0", gate.token))
                .json(&json!({"events": [&good[1]]})),
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ),
        (
            "an SQL-looking token",
            client.get(server.url("/v1/status")).bearer_auth(sql),
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ),
        (
            "a revoked terminal's push",
            client
                .post(server.url("/v1/push"))
                .bearer_auth(&revoked.token)
                .json(&json!({"events": []})),
            StatusCode::FORBIDDEN,
            ErrorCode::TerminalRevoked,
        ),
        (
            "a revoked terminal's pull",
            client
                .get(server.url("/v1/pull"))
                .bearer_auth(&revoked.token),
            StatusCode::FORBIDDEN,
            ErrorCode::TerminalRevoked,
        ),
        (
            "a reused enrolment code",
            client
                .post(server.url("/v1/enroll"))
                .json(&json!({"code": used_code, "terminal": uuid::Uuid::now_v7().to_string()})),
            StatusCode::FORBIDDEN,
            ErrorCode::EnrollCodeUsed,
        ),
        (
            "an unknown enrolment code",
            client
                .post(server.url("/v1/enroll"))
                .json(&json!({"code": sql, "terminal": uuid::Uuid::now_v7().to_string()})),
            StatusCode::FORBIDDEN,
            ErrorCode::EnrollCodeUnknown,
        ),
        (
            "an enrolment with an HTML terminal id",
            client
                .post(server.url("/v1/enroll"))
                .json(&json!({"code": used_code, "terminal": "<b>x</b>"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "a cursor that is not a number",
            client
                .get(server.url("/v1/pull?since=1;DROP"))
                .bearer_auth(&gate.token),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "a zero limit",
            client
                .get(server.url("/v1/pull?limit=0"))
                .bearer_auth(&gate.token),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
        ),
        (
            "an unknown path",
            client.get(server.url("/v1/users")),
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        ),
        (
            "a wrong method",
            client.get(server.url("/v1/push")),
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
        ),
    ];
    let before = db.dump();
    assert!(
        before.iter().any(|l| l.starts_with("events: ")),
        "the dump sees the stored event"
    );
    for (name, request, status, code) in cases {
        let (got_status, body) = send(request);
        assert_eq!(got_status, status, "{name}: {body}");
        let error: ErrorBody =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{name}: {body}: {e}"));
        assert_eq!(error.code, code, "{name}: {body}");
        assert!(!error.message.is_empty(), "{name}");
        assert_eq!(db.dump(), before, "{name} changed the database");
    }
    // Huge bodies, with and without a length: the district answers 413
    // without reading them all, so a plain socket reads the answer even
    // though the rest of the body is refused.
    for chunked in [false, true] {
        let (status, body) = raw_push(&server.addr, &gate.token, huge.as_bytes(), chunked);
        assert_eq!(status, 413, "chunked: {chunked}: {body}");
        assert_eq!(body["code"], "body_too_large");
        assert_eq!(db.dump(), before, "a huge body changed the database");
    }
    // An invalid event names its index in the batch.
    let (_, body) = send(json_push(
        json!({"events": [&good[1], {"bad": 1}]}).to_string(),
    ));
    assert_eq!(body["code"], "invalid_request");
    let mut broken = serde_json::to_value(&good[2]).unwrap();
    broken["body"]["direction"] = json!("sideways");
    let (status, body) = send(json_push(json!({"events": [&good[1], broken]}).to_string()));
    assert_eq!(
        (status, body["code"].as_str(), body["index"].as_u64()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_event"),
            Some(1)
        )
    );
    assert_eq!(db.dump(), before);
    // And the good events still go through afterwards.
    gate.writer.next_seq = 4;
    assert_eq!(gate.push(&good[1..]).acked(), 3);
}

fn sql_and_html_looking_strings_are_stored_verbatim(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let (mut a, b) = two_gates(&db, &server);
    let strings = [
        "3-2-501'); DROP TABLE households; --",
        "<script>alert(\"住户\")</script>",
        "Robert\"; DELETE FROM events WHERE '1'='1",
        "&lt;b&gt; %s %n \\u0000 ${jndi:x}",
    ];
    let events: Vec<_> = strings
        .iter()
        .enumerate()
        .map(|(n, s)| {
            a.writer.event(
                &ev::household(7, n as u32 + 1, s, HouseholdStatus::Normal),
                test_day(),
                1,
            )
        })
        .collect();
    assert_eq!(a.push(&events).acked(), strings.len() as u64);
    let (changes, _) = b.pull_all(0);
    let addresses: Vec<String> = changes
        .iter()
        .filter_map(|c| match &c.item {
            MasterData::Household(h) => Some(h.address.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(addresses, strings);
    // The database holds the text itself, not an escaped or altered form.
    let bodies = db.query_texts("SELECT body FROM events ORDER BY seq");
    for (body, s) in bodies.iter().zip(strings) {
        let value: Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["address"], s);
    }
    assert_eq!(db.query_texts("SELECT count(*) FROM households"), ["4"]);
}

fn a_sync_round_stores_once_and_hands_master_data_down(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let (mut issuing, mut verifier) = two_gates(&db, &server);
    assert_eq!(issuing.community, "幸福里小区");
    assert_eq!(
        (issuing.checkpoint.as_str(), verifier.checkpoint.as_str()),
        ("东门", "西门")
    );
    let day = test_day();
    let mut master = vec![
        issuing.writer.event(
            &ev::household(7, 1, "3-2-501", HouseholdStatus::Normal),
            day,
            1,
        ),
        issuing.writer.event(
            &ev::household(7, 2, "3-2-502", HouseholdStatus::Vacant),
            day,
            2,
        ),
        issuing.writer.event(&ev::revocation(7, 11, "lost"), day, 3),
    ];
    master.extend((0..50).map(|n| {
        issuing
            .writer
            .event(&ev::passage_body(n, day, "东门"), day, 4)
    }));
    assert_eq!(issuing.push_all(&master, 20), 53);
    // The same events again, as after a lost answer: nothing new.
    assert_eq!(issuing.push_all(&master, 53), 53);
    let passages: Vec<_> = (50..80)
        .map(|n| {
            verifier
                .writer
                .event(&ev::passage_body(n, day, "西门"), day, 5)
        })
        .collect();
    assert_eq!(verifier.push_all(&passages, 7), 30);
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["83"]);

    let status = verifier.status();
    // Change 1 is the community's visitor key, made with its first
    // enrolment code; the issuing store's key, household and revocation
    // follow.
    assert_eq!((status.acked_through, status.cursor), (30, 4));
    let (changes, cursor) = verifier.pull_all(0);
    assert_eq!(cursor, 4);
    assert_eq!(changes.len(), 4);
    assert!(matches!(&changes[0].item, MasterData::TrustedKey(k)
        if k.role == kakou_core::sync::events::KeyRole::Visitor && k.community == "幸福里小区"));
    // Nothing personal flows down: no names, ID numbers or phones.
    let text = serde_json::to_string(&changes).unwrap();
    for word in [
        "id_number",
        "phone",
        "holder",
        "name",
        "11010519491231002X",
        "13800138000",
    ] {
        assert!(!text.contains(word), "{word} in {text}");
    }
    // A round with nothing new: an empty pull at the cursor.
    let page = verifier.pull(cursor, None);
    assert!(page.changes.is_empty() && !page.more && page.cursor == cursor);
    verifier.writer.next_seq = 31;
    let edit = verifier.writer.event(
        &ev::household_status(7, 2, HouseholdStatus::HomeQuarantine),
        day,
        ev::ms(ev::at(day, 10)),
    );
    verifier.push(&[edit]).acked();
    let page = issuing.pull(cursor, None);
    assert_eq!(page.changes.len(), 1);
    assert!(
        matches!(&page.changes[0].item, MasterData::Household(h) if h.number == 2 && h.status == HouseholdStatus::HomeQuarantine)
    );
}

fn concurrent_pushes_from_one_terminal_over_http(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let events: Vec<_> = (0..400)
        .map(|n| {
            gate.writer
                .event(&ev::passage_body(n, test_day(), "东门"), test_day(), 1)
        })
        .collect();
    let gate = &gate;
    let events = &events;
    std::thread::scope(|scope| {
        for pusher in 0..4usize {
            scope.spawn(move || {
                let mut start = 0usize;
                let mut rounds = 0;
                while start < events.len() {
                    rounds += 1;
                    assert!(rounds < 500, "pusher {pusher} makes progress");
                    let end = (start + 30 + pusher * 11).min(events.len());
                    match gate.push(&events[start..end]) {
                        gate::Pushed::Acked(n) => start = n as usize,
                        gate::Pushed::Refused(StatusCode::CONFLICT, body)
                            if body.code == ErrorCode::SeqGap =>
                        {
                            start = body.expected.unwrap() as usize - 1
                        }
                        other => panic!("pusher {pusher}: {other:?}"),
                    }
                }
            });
        }
    });
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["400"]);
    assert_eq!(
        db.query_texts("SELECT count(DISTINCT seq) FROM events"),
        ["400"]
    );
    assert_eq!(gate.status().acked_through, 400);
}

fn a_cloned_terminal_is_blocked_over_http(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let mut copy = gate.writer.clone();
    let first: Vec<_> = (0..5)
        .map(|n| {
            gate.writer
                .event(&ev::passage_body(n, test_day(), "东门"), test_day(), 1)
        })
        .collect();
    gate.push(&first).acked();
    let cloned: Vec<_> = (10..13)
        .map(|n| copy.event(&ev::passage_body(n, test_day(), "东门"), test_day(), 1))
        .collect();
    let answer = gate.push(&cloned);
    let (status, body) = answer.refused();
    assert_eq!(
        (status, body.code),
        (StatusCode::FORBIDDEN, ErrorCode::TerminalBlocked)
    );
    let (status, body) = send(
        gate.client
            .get(server.url("/v1/status"))
            .bearer_auth(&gate.token),
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("terminal_blocked"))
    );
    let listed = admin(&db.url, &["terminal", "list"], "").json_lines();
    assert!(listed[0]["blocked_at"].is_string());
    assert!(
        listed[0]["blocked_reason"]
            .as_str()
            .unwrap()
            .contains("copied terminal")
    );
}

fn acknowledged_events_survive_a_killed_server(backend: Backend) {
    let db = TestDb::new(backend);
    let server = Server::start(&db.url);
    let mut gate = Gate::enroll(&server.url(""), &enroll_code(&db.url, "幸福里小区", "东门"));
    let events: Vec<_> = (0..100)
        .map(|n| {
            gate.writer
                .event(&ev::passage_body(n, test_day(), "东门"), test_day(), 1)
        })
        .collect();
    assert_eq!(gate.push_all(&events, 25), 100);
    server.kill();
    let server = Server::start(&db.url);
    gate.base = server.url("");
    assert_eq!(gate.status().acked_through, 100);
    assert_eq!(gate.push_all(&events[75..], 25), 100);
    assert_eq!(db.query_texts("SELECT count(*) FROM events"), ["100"]);
}
