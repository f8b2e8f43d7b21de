//! `kakou enroll`: a one-time code from the district becomes this
//! terminal's server and bearer token.

use serde::Serialize;

use super::SyncError;
use crate::app::Terminal;
use crate::remote::District;
use crate::store::meta::{self, SyncSettings};

/// What an enrolment saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolled {
    pub server: String,
    pub community: String,
    pub checkpoint: String,
    pub terminal: String,
}

/// Enrols at the district at `server` with `code`. The community the
/// district names must be this store's, byte for byte; otherwise nothing is
/// saved (the token stays unused at the district).
pub fn enroll(
    terminal: &mut Terminal,
    server: &str,
    code: &str,
    ca: Option<&str>,
) -> Result<Enrolled, SyncError> {
    let pem = match ca {
        Some(path) => Some(
            std::fs::read(path).map_err(|source| SyncError::Certificate {
                path: path.to_string(),
                source,
            })?,
        ),
        None => None,
    };
    let district = District::new(server, ca.zip(pem.as_deref()))?;
    let terminal_id = terminal.settings().terminal_id.clone();
    let answer = district.enroll(code, &terminal_id)?;
    let ours = terminal.settings().community.clone();
    if answer.community != ours {
        return Err(SyncError::OtherCommunity {
            district: answer.community,
            ours,
        });
    }
    let settings = SyncSettings {
        server: server.trim_end_matches('/').to_string(),
        token: answer.token,
        ca: ca.map(str::to_string),
    };
    terminal
        .store_mut()
        .write(|tx| meta::save_sync_settings(tx, &settings))?;
    Ok(Enrolled {
        server: settings.server,
        community: answer.community,
        checkpoint: answer.checkpoint,
        terminal: terminal_id,
    })
}
