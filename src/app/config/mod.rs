//! The terminal's configuration file (docs/config.md): which community and
//! checkpoint this machine serves, its camera, the gate's thresholds, the
//! exit quota, how long personal fields are kept, the district server and
//! the language.
//!
//! It is read once at start (`--config FILE`, else `KAKOU_CONFIG`, else
//! the first of `/etc/kakou/kakou.toml` and `~/.config/kakou/kakou.toml`
//! that exists; none at all is fine) and checked whole before anything
//! runs: an unknown key, a value of the wrong type or out of range is an
//! error naming the key and its line. The command line installs it for
//! the process ([`install`]); [`super::Terminal::open`] then refuses a
//! store of another community or checkpoint and applies the gate values
//! over the store's own. The demo store ignores it: its day must end as
//! `demo/expected.jsonl` says whatever a machine is configured for.

mod file;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kakou_core::domain::{ExitQuota, Temperature};
use kakou_core::gate::GateConfig;
use kakou_core::lang::Lang;
use kakou_core::retention::RetentionPolicy;

use super::{AppError, Settings};
use file::{CameraValue, File};

/// Where the system's configuration lives.
pub const SYSTEM_PATH: &str = "/etc/kakou/kakou.toml";

/// The lowest and highest fever threshold kakou accepts, in tenths of °C.
const FEVER_RANGE: (i32, i32) = (370, 385);
/// The rest before a second reading: ten seconds to an hour.
const REST_RANGE: (i64, i64) = (10, 3600);

/// The configuration as checked. `None` leaves the store's setting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from; `None` when there was none.
    pub path: Option<PathBuf>,
    pub community: Option<String>,
    pub checkpoint: Option<String>,
    pub language: Option<Lang>,
    /// The district server's base URL (sync; `kakou doctor` connects to it).
    pub server: Option<String>,
    /// `Some(None)` is automatic; `Some(Some(i))` camera `i`.
    pub camera: Option<Option<u32>>,
    pub fever_at: Option<Temperature>,
    pub rest_seconds: Option<i64>,
    /// `Some(None)` turns the default quota off.
    pub exit_quota: Option<Option<ExitQuota>>,
    pub retention: RetentionPolicy,
}

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration {path}: {why}")]
    Read { path: PathBuf, why: String },
    #[error("{path}, line {line}: `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
}

impl ConfigError {
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::Read { .. } => "config_unreadable",
            ConfigError::Invalid { .. } => "config_invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ConfigError::Read { path, why }, Lang::Zh) => {
                format!("无法读取配置文件 {}：{why}", path.display())
            }
            (
                ConfigError::Invalid {
                    path,
                    line,
                    key,
                    message,
                },
                Lang::Zh,
            ) => format!(
                "配置文件 {} 第 {line} 行 `{key}`：{message}",
                path.display()
            ),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// The file to read: the flag, else `KAKOU_CONFIG` (empty: none at all),
/// else the first default that exists. The flag and the variable name a
/// file that must exist; the defaults may be absent.
pub fn locate(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = flag {
        return Some(path.to_path_buf());
    }
    if let Some(value) = std::env::var_os("KAKOU_CONFIG") {
        return (!value.is_empty()).then(|| PathBuf::from(value));
    }
    let user = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|base| base.join("kakou/kakou.toml"));
    std::iter::once(PathBuf::from(SYSTEM_PATH))
        .chain(user)
        .find(|p| p.exists())
}

/// Reads and checks the configuration [`locate`] finds; the default one
/// when there is none.
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(path) = locate(flag) else {
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read {
        path: path.clone(),
        why: e.to_string(),
    })?;
    Config::parse(&text, &path)
}

static INSTALLED: OnceLock<Config> = OnceLock::new();

/// Makes `config` the one this process runs with; the first call wins.
pub fn install(config: Config) {
    let _ = INSTALLED.set(config);
}

/// The configuration this process runs with (the default one when none
/// was installed, as in tests that never read a file).
pub fn current() -> &'static Config {
    static DEFAULT: OnceLock<Config> = OnceLock::new();
    INSTALLED
        .get()
        .unwrap_or_else(|| DEFAULT.get_or_init(Config::default))
}

impl Config {
    /// Reads a configuration from its text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |span: Option<std::ops::Range<usize>>, key: Option<&str>, message: String| {
            let line = span.map_or(1, |s| file::line_of(text, s.start));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                key: key.map_or_else(|| qualified_key(text, line), str::to_string),
                message,
            }
        };
        let raw: File =
            toml::from_str(text).map_err(|e| invalid(e.span(), None, e.message().to_string()))?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let name = |value: &Option<toml::Spanned<String>>, key: &str| match value {
            None => Ok(None),
            Some(v) if v.get_ref().trim().is_empty() => Err(invalid(
                Some(v.span()),
                Some(key),
                "must not be empty".into(),
            )),
            Some(v) => Ok(Some(v.get_ref().trim().to_string())),
        };
        config.community = name(&raw.community, "community")?;
        config.checkpoint = name(&raw.checkpoint, "checkpoint")?;
        if let Some(v) = &raw.language {
            config.language = Some(Lang::parse(v.get_ref()).ok_or_else(|| {
                invalid(
                    Some(v.span()),
                    Some("language"),
                    format!("`{}` is not zh or en", v.get_ref()),
                )
            })?);
        }
        if let Some(v) = &raw.server {
            let url = v.get_ref().trim();
            match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    config.server = Some(url.to_string());
                }
                _ => {
                    return Err(invalid(
                        Some(v.span()),
                        Some("server"),
                        format!("`{url}` is not an http:// or https:// address"),
                    ));
                }
            }
        }
        if let Some(v) = &raw.camera {
            config.camera = Some(match v.get_ref() {
                CameraValue::Word(w) if w.trim().eq_ignore_ascii_case("auto") => None,
                CameraValue::Index(i) if u32::try_from(*i).is_ok() => Some(*i as u32),
                _ => {
                    return Err(invalid(
                        Some(v.span()),
                        Some("camera"),
                        "must be \"auto\" or a camera index from `kakou camera list`".into(),
                    ));
                }
            });
        }
        if let Some(v) = &raw.gate.fever_at {
            let tenths = (v.get_ref() * 10.0).round();
            if !(f64::from(FEVER_RANGE.0)..=f64::from(FEVER_RANGE.1)).contains(&tenths) {
                return Err(invalid(
                    Some(v.span()),
                    Some("gate.fever_at"),
                    format!(
                        "{} °C is not a fever threshold kakou accepts (37.0 to 38.5)",
                        v.get_ref()
                    ),
                ));
            }
            config.fever_at = Some(Temperature(tenths as i32));
        }
        if let Some(v) = &raw.gate.rest_seconds {
            if !(REST_RANGE.0..=REST_RANGE.1).contains(v.get_ref()) {
                return Err(invalid(
                    Some(v.span()),
                    Some("gate.rest_seconds"),
                    format!(
                        "{} is not from {} to {} seconds",
                        v.get_ref(),
                        REST_RANGE.0,
                        REST_RANGE.1
                    ),
                ));
            }
            config.rest_seconds = Some(*v.get_ref());
        }
        if let Some(v) = &raw.gate.exit_quota {
            let text = v.get_ref().trim();
            config.exit_quota = Some(if text.eq_ignore_ascii_case("off") {
                None
            } else {
                Some(text.parse::<ExitQuota>().map_err(|e| {
                    invalid(
                        Some(v.span()),
                        Some("gate.exit_quota"),
                        format!("{e}, or `off`"),
                    )
                })?)
            });
        }
        if let Some(v) = &raw.retention {
            let r = v.get_ref();
            let default = RetentionPolicy::default();
            config.retention = RetentionPolicy::new(
                r.days.unwrap_or(default.period_days),
                r.hard_limit_days.unwrap_or(default.hard_limit_days),
                r.warn_days.unwrap_or(default.warn_days),
            )
            .map_err(|e| invalid(Some(v.span()), Some("retention"), e.message(Lang::En)))?;
        }
        Ok(config)
    }

    /// The gate rules with this configuration's values over the store's.
    pub fn apply(&self, gate: &mut GateConfig) {
        if let Some(fever) = self.fever_at {
            gate.fever_at = fever;
        }
        if let Some(rest) = self.rest_seconds {
            gate.rest_seconds = rest;
        }
        if let Some(quota) = self.exit_quota {
            gate.exit_quota = quota;
        }
    }

    /// Refuses a store of another community or checkpoint than the one
    /// this machine is configured for.
    pub fn check_names(&self, community: &str, checkpoint: &str) -> Result<(), AppError> {
        for (key, configured, stored) in [
            ("community", &self.community, community),
            ("checkpoint", &self.checkpoint, checkpoint),
        ] {
            if let Some(configured) = configured.as_deref().filter(|c| *c != stored) {
                return Err(AppError::ConfigMismatch {
                    key,
                    configured: configured.to_string(),
                    stored: stored.to_string(),
                    path: self.path.clone().unwrap_or_default(),
                });
            }
        }
        Ok(())
    }

    /// [`Config::check_names`] for an opened store's settings.
    pub fn check_store(&self, settings: &Settings) -> Result<(), AppError> {
        self.check_names(&settings.community, &settings.checkpoint)
    }
}

/// The key on `line`, with its table (`gate.fever_at`).
fn qualified_key(text: &str, line: usize) -> String {
    let key = file::key_on_line(text, line);
    let on_header = text
        .lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.trim_start().starts_with('['));
    let table = text
        .lines()
        .take(line.saturating_sub(1))
        .filter_map(|l| l.trim().strip_prefix('['))
        .last()
        .map(|t| t.trim_end_matches(']').trim().to_string());
    match table {
        Some(table) if !on_header && !key.is_empty() => format!("{table}.{key}"),
        _ => key,
    }
}

#[cfg(test)]
mod tests;
