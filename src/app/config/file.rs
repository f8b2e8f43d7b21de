//! The configuration file as TOML: its shape, read with serde (unknown keys
//! refused), and the positions of its values so an error names the line.

use serde::Deserialize;
use toml::Spanned;

/// The whole file. Every key is optional: an absent key leaves the store's
/// own setting (or kakou's default) in force.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    pub community: Option<Spanned<String>>,
    pub checkpoint: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub server: Option<Spanned<String>>,
    pub camera: Option<Spanned<CameraValue>>,
    #[serde(default)]
    pub gate: Gate,
    pub retention: Option<Spanned<Retention>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Gate {
    /// °C, e.g. 37.3.
    pub fever_at: Option<Spanned<f64>>,
    pub rest_seconds: Option<Spanned<i64>>,
    /// `OUTINGS/DAYS` or `off`.
    pub exit_quota: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Retention {
    pub days: Option<u32>,
    pub hard_limit_days: Option<u32>,
    pub warn_days: Option<u32>,
}

/// `camera = "auto"` or `camera = 2` (an index from `kakou camera list`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum CameraValue {
    Index(i64),
    Word(String),
}

/// The 1-based line of byte offset `at` in `text`.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    text.get(..at.min(text.len()))
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The key a line names: `key = …`, or the table of a `[table]` header.
pub(super) fn key_on_line(text: &str, line: usize) -> String {
    let Some(content) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let content = content.trim();
    if let Some(table) = content.strip_prefix('[') {
        return table.trim_end_matches(']').trim().to_string();
    }
    content
        .split_once('=')
        .map_or(content, |(key, _)| key)
        .trim()
        .trim_matches('"')
        .to_string()
}
