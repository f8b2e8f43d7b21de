//! `kakou doctor`: looks at this machine as a gate needs it — the
//! configuration, camera, audio, the store's disk, the store itself, the
//! clock and the district server — and lets `kakou_core::doctor` say what
//! each finding means and what to do. Nothing is changed: the store is
//! opened read-only and never upgraded.

mod probes;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use kakou_core::doctor::{self, Finding, StoreFacts};
use kakou_core::lang::Lang;

use super::config::{Config, ConfigError};
use crate::store::CURRENT_VERSION;
use crate::store::inspect::{Inspection, inspect};

pub use probes::{cameras, free_bytes, reach_server};

/// Every check, in the order they are printed. `config` is the
/// configuration as read at start, or why it was refused (the doctor still
/// runs, to say so); `now` is the clock to judge.
pub fn examine(
    db: &Path,
    config: Result<&Config, &ConfigError>,
    now: DateTime<FixedOffset>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.push(match config {
        Ok(c) => doctor::config(c.path.as_ref().and_then(|p| p.to_str()), None),
        Err(e) => doctor::config(None, Some((&e.message(Lang::Zh), &e.message(Lang::En)))),
    });
    findings.push(doctor::camera(&cameras()));
    findings.push(doctor::audio(kakou_voice::probe_output().as_deref()));
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    findings.push(doctor::disk(
        &folder.display().to_string(),
        free_bytes(folder),
    ));
    let (store, newest) = store_facts(db);
    findings.push(doctor::store(&db.display().to_string(), &store));
    findings.push(doctor::clock(now, newest));
    let server = config.ok().and_then(|c| c.server.as_deref());
    findings.push(doctor::server(&reach_server(server)));
    findings
}

/// The store as found, with the time of its newest passage.
fn store_facts(db: &Path) -> (StoreFacts, Option<DateTime<FixedOffset>>) {
    if !db.exists() {
        return (StoreFacts::Missing, None);
    }
    match inspect(db) {
        Inspection::Damaged(why) => (StoreFacts::Damaged(why), None),
        Inspection::NotAStore => (StoreFacts::NotAStore, None),
        Inspection::TooNew { found } => (
            StoreFacts::TooNew {
                found,
                supported: CURRENT_VERSION,
            },
            None,
        ),
        Inspection::Sound {
            version,
            newest_passage,
        } => (
            StoreFacts::Sound {
                version,
                supported: CURRENT_VERSION,
            },
            newest_passage.and_then(|at| DateTime::parse_from_rfc3339(&at).ok()),
        ),
    }
}
