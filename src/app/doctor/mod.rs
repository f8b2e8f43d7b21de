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
    let found = store_facts(db);
    findings.push(doctor::store(&db.display().to_string(), &found.store));
    findings.push(doctor::clock(now, found.newest_passage));
    // The configured server, else the one this store was enrolled with:
    // the one sync talks to.
    let server = config
        .ok()
        .and_then(|c| c.server.as_deref())
        .or(found.enrolled_server.as_deref());
    findings.push(doctor::server(&reach_server(server)));
    findings
}

/// What the doctor learns from the store file.
struct Found {
    store: StoreFacts,
    newest_passage: Option<DateTime<FixedOffset>>,
    enrolled_server: Option<String>,
}

/// The store as found, with the time of its newest passage and the
/// server it was enrolled with.
fn store_facts(db: &Path) -> Found {
    let only = |store| Found {
        store,
        newest_passage: None,
        enrolled_server: None,
    };
    if !db.exists() {
        return only(StoreFacts::Missing);
    }
    match inspect(db) {
        Inspection::Damaged(why) => only(StoreFacts::Damaged(why)),
        Inspection::NotAStore => only(StoreFacts::NotAStore),
        Inspection::TooNew { found } => only(StoreFacts::TooNew {
            found,
            supported: CURRENT_VERSION,
        }),
        Inspection::Sound {
            version,
            newest_passage,
            enrolled_server,
        } => Found {
            store: StoreFacts::Sound {
                version,
                supported: CURRENT_VERSION,
            },
            newest_passage: newest_passage.and_then(|at| DateTime::parse_from_rfc3339(&at).ok()),
            enrolled_server,
        },
    }
}
