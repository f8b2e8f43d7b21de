use super::*;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn only_what_stops_the_gate_is_a_fault() {
    let newest = Some(at("2026-11-24T12:00:00+08:00"));
    let cases: Vec<(Finding, Status, &str)> = vec![
        (config(None, None), Status::Note, "config_absent"),
        (
            config(Some("/etc/kakou/kakou.toml"), None),
            Status::Ok,
            "config_read",
        ),
        (
            config(None, Some(("第 3 行", "line 3"))),
            Status::Fault,
            "config_invalid",
        ),
        (
            camera(&CameraFacts::Listed(vec!["USB".into()])),
            Status::Ok,
            "camera_found",
        ),
        (camera(&CameraFacts::NoneFound), Status::Note, "no_camera"),
        (
            camera(&CameraFacts::NotBuilt),
            Status::Note,
            "camera_not_built",
        ),
        (
            camera(&CameraFacts::Unavailable("no v4l".into())),
            Status::Note,
            "camera_unavailable",
        ),
        (audio(Some("default")), Status::Ok, "audio_found"),
        (audio(None), Status::Note, "no_audio"),
        (
            disk("/var/lib/kakou", Ok(DISK_FAULT_BYTES - 1)),
            Status::Fault,
            "disk_full",
        ),
        (
            disk("/var/lib/kakou", Ok(DISK_FAULT_BYTES)),
            Status::Warn,
            "disk_low",
        ),
        (
            disk("/var/lib/kakou", Ok(DISK_WARN_BYTES)),
            Status::Ok,
            "disk_ok",
        ),
        (disk("/x", Err("gone".into())), Status::Warn, "disk_unknown"),
        (
            store("k.db", &StoreFacts::Missing),
            Status::Fault,
            "store_missing",
        ),
        (
            store("k.db", &StoreFacts::Damaged("malformed".into())),
            Status::Fault,
            "store_damaged",
        ),
        (
            store("k.db", &StoreFacts::NotAStore),
            Status::Fault,
            "not_a_store",
        ),
        (
            store(
                "k.db",
                &StoreFacts::TooNew {
                    found: 9,
                    supported: 7,
                },
            ),
            Status::Fault,
            "store_too_new",
        ),
        (
            store(
                "k.db",
                &StoreFacts::Sound {
                    version: 6,
                    supported: 7,
                },
            ),
            Status::Ok,
            "store_old",
        ),
        (
            store(
                "k.db",
                &StoreFacts::Sound {
                    version: 7,
                    supported: 7,
                },
            ),
            Status::Ok,
            "store_ok",
        ),
        (
            clock(at("2026-11-24T12:00:00+08:00"), newest),
            Status::Ok,
            "clock_ok",
        ),
        // Two minutes of slack for a clock corrected by a little.
        (
            clock(at("2026-11-24T11:58:00+08:00"), newest),
            Status::Ok,
            "clock_ok",
        ),
        (
            clock(at("2026-11-24T11:57:59+08:00"), newest),
            Status::Fault,
            "clock_behind",
        ),
        (
            clock(at("2026-11-24T12:00:00+08:00"), None),
            Status::Ok,
            "clock_ok",
        ),
        (
            clock(at("1970-01-01T00:00:05+00:00"), None),
            Status::Fault,
            "clock_unset",
        ),
        (
            server(&ServerFacts::NotConfigured),
            Status::Note,
            "server_not_configured",
        ),
        (
            server(&ServerFacts::Reachable {
                url: "https://d.example".into(),
                millis: 12,
            }),
            Status::Ok,
            "server_reachable",
        ),
        (
            server(&ServerFacts::Unreachable {
                url: "https://d.example".into(),
                why: "refused".into(),
            }),
            Status::Warn,
            "server_unreachable",
        ),
    ];
    for (finding, status, code) in &cases {
        assert_eq!(
            (finding.status, finding.code),
            (*status, *code),
            "{finding:?}"
        );
        for lang in [Lang::Zh, Lang::En] {
            assert!(!finding.message(lang).is_empty(), "{code}");
        }
        assert_ne!(
            finding.message(Lang::Zh),
            finding.message(Lang::En),
            "{code}"
        );
    }
    let no_devices = [
        camera(&CameraFacts::NoneFound),
        audio(None),
        server(&ServerFacts::NotConfigured),
    ];
    assert!(
        !has_fault(&no_devices),
        "no camera and no audio is no fault"
    );
    assert!(has_fault(&[
        audio(None),
        store("k.db", &StoreFacts::Damaged("x".into()))
    ]));
}

#[test]
fn messages_say_what_to_do() {
    let damaged = store("k.db", &StoreFacts::Damaged("malformed".into()));
    assert!(damaged.message(Lang::En).contains("restore a backup"));
    assert!(damaged.message(Lang::Zh).contains("备份"));
    let none = camera(&CameraFacts::NoneFound);
    assert!(none.message(Lang::En).contains("no camera"));
    assert!(audio(None).message(Lang::En).contains("no audio output"));
}
