use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("kakou.toml"))
}

fn refusal(text: &str) -> (usize, String, String) {
    match parse(text) {
        Err(ConfigError::Invalid {
            line, key, message, ..
        }) => (line, key, message),
        other => panic!("{text:?} was not refused: {other:?}"),
    }
}

#[test]
fn the_documented_example_reads_as_it_says() {
    let doc = include_str!("../../../docs/config.md");
    let example = doc
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/config.md has a toml example");
    let config = parse(example).unwrap();
    assert_eq!(config.community.as_deref(), Some("幸福里"));
    assert_eq!(config.checkpoint.as_deref(), Some("东门"));
    assert_eq!(config.language, Some(Lang::Zh));
    assert_eq!(
        config.server.as_deref(),
        Some("https://district.example.org")
    );
    assert_eq!(config.camera, Some(None));
    assert_eq!(config.fever_at, Some(Temperature(373)));
    assert_eq!(config.rest_seconds, Some(300));
    assert_eq!(
        config.exit_quota,
        Some(Some(ExitQuota {
            outings: 1,
            days: 2
        }))
    );
    assert_eq!(config.retention, RetentionPolicy::default());
}

#[test]
fn an_empty_file_changes_nothing() {
    let config = parse("# nothing set\n").unwrap();
    assert_eq!(
        config,
        Config {
            path: Some("kakou.toml".into()),
            ..Config::default()
        }
    );
    let mut gate = GateConfig::default();
    config.apply(&mut gate);
    assert_eq!(gate, GateConfig::default());
}

#[test]
fn values_override_the_store_and_names_must_match() {
    let config = parse(
        "checkpoint = \"东门\"\ncamera = 2\n[gate]\nfever_at = 37.5\nrest_seconds = 60\nexit_quota = \"off\"\n",
    )
    .unwrap();
    let mut gate = GateConfig {
        exit_quota: Some(ExitQuota {
            outings: 1,
            days: 1,
        }),
        ..GateConfig::default()
    };
    config.apply(&mut gate);
    assert_eq!(gate.fever_at, Temperature(375));
    assert_eq!(gate.rest_seconds, 60);
    assert_eq!(gate.exit_quota, None);
    assert_eq!(config.camera, Some(Some(2)));
    assert!(config.check_names("任何社区", "东门").is_ok());
    let err = config.check_names("幸福里", "西门").unwrap_err();
    assert!(err.message(Lang::En).contains("西门"), "{err}");
    assert!(err.message(Lang::En).contains("checkpoint"), "{err}");
}

#[test]
fn every_refusal_names_the_line_and_the_key() {
    let cases: &[(&str, usize, &str, &str)] = &[
        ("language = \"zh\"\nfevr = 1\n", 2, "fevr", "unknown field"),
        (
            "[gate]\nfever_at = 39.5\n",
            2,
            "gate.fever_at",
            "37.0 to 38.5",
        ),
        (
            "[gate]\nfever_at = \"hot\"\n",
            2,
            "gate.fever_at",
            "invalid type",
        ),
        (
            "[gate]\nrest_seconds = 5\n",
            2,
            "gate.rest_seconds",
            "10 to 3600",
        ),
        (
            "[gate]\nexit_quota = \"2\"\n",
            2,
            "gate.exit_quota",
            "OUTINGS/DAYS",
        ),
        ("[gat]\nfever_at = 37.3\n", 1, "gat", "unknown field"),
        ("\n\nlanguage = \"fr\"\n", 3, "language", "zh or en"),
        ("server = \"district\"\n", 1, "server", "http"),
        ("camera = \"front\"\n", 1, "camera", "auto"),
        ("camera = -1\n", 1, "camera", "auto"),
        ("community = \"  \"\n", 1, "community", "empty"),
        ("[retention]\ndays = 60\n", 1, "retention", "hard limit"),
        ("[retention]\ndays = 0\n", 1, "retention", "at least 1 day"),
        ("checkpoint = \"东门\n", 1, "checkpoint", ""),
    ];
    for (text, line, key, words) in cases {
        let (got_line, got_key, message) = refusal(text);
        assert_eq!(
            (got_line, got_key.as_str()),
            (*line, *key),
            "{text:?}: {message}"
        );
        assert!(message.contains(words), "{text:?}: {message}");
    }
    let err = parse("[gate]\nrest_seconds = 5\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "kakou.toml, line 2: `gate.rest_seconds`: 5 is not from 10 to 3600 seconds"
    );
    assert!(
        err.message(Lang::Zh)
            .starts_with("配置文件 kakou.toml 第 2 行")
    );
}

#[test]
fn a_named_file_must_exist_and_an_absent_default_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.toml");
    assert!(matches!(
        load(Some(&missing)),
        Err(ConfigError::Read { .. })
    ));
    let file = dir.path().join("k.toml");
    std::fs::write(&file, "language = \"en\"\n").unwrap();
    assert_eq!(load(Some(&file)).unwrap().language, Some(Lang::En));
}
