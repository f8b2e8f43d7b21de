//! Sync with the district (DESIGN §5, docs/sync-protocol.md): enrolment,
//! and rounds that push the outbox and pull the community's master data.
//!
//! A round never holds the store for the network: it reads a batch in a
//! short read, sends it with no transaction open, and marks what the
//! district acknowledged in a short write; pulled changes are applied one
//! page per transaction. So the gate's own commits only ever wait for a
//! few milliseconds of bookkeeping. What an answer means is
//! `kakou_core::sync::plan`'s to decide.

mod apply;
mod enroll;
mod round;

use kakou_core::lang::Lang;
use kakou_core::sync::plan::Stop;
use kakou_core::sync::protocol::ErrorCode;

pub use enroll::{Enrolled, enroll};
pub use round::{RoundReport, round};

use super::{AppError, Terminal};
use crate::remote::{CallError, District};
use crate::store::{meta, outbox};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "this terminal is not enrolled with a district: run `kakou enroll --server URL --code CODE`"
    )]
    NotEnrolled,
    #[error(
        "the district calls this community `{district}`, but this terminal serves `{ours}`; nothing was saved"
    )]
    OtherCommunity { district: String, ours: String },
    #[error("the district cannot be reached: {0}")]
    Unreachable(String),
    #[error("the district refused: {0}")]
    Refused(String),
    #[error("cannot read the certificate {path}: {source}")]
    Certificate {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Call(CallError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<crate::store::StoreError> for SyncError {
    fn from(e: crate::store::StoreError) -> SyncError {
        SyncError::App(e.into())
    }
}

impl From<CallError> for SyncError {
    fn from(e: CallError) -> SyncError {
        match e {
            CallError::Unreachable(why) => SyncError::Unreachable(why),
            CallError::Refused(body) => {
                SyncError::Refused(format!("{} ({})", body.message, error_code(body.code)))
            }
            other => SyncError::Call(other),
        }
    }
}

fn error_code(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl SyncError {
    /// Whether the district was simply not there (exit 2 for `kakou sync`;
    /// the kiosk retries).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SyncError::Unreachable(_))
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SyncError::NotEnrolled, Lang::Zh) => {
                "本终端尚未在区里注册：请运行 kakou enroll --server 地址 --code 注册码".into()
            }
            (SyncError::OtherCommunity { district, ours }, Lang::Zh) => {
                format!(
                    "区里登记的社区名是“{district}”，本终端是“{ours}”，名称必须完全一致；未保存任何内容"
                )
            }
            (SyncError::Unreachable(why), Lang::Zh) => format!("连不上区服务器：{why}"),
            (SyncError::Refused(why), Lang::Zh) => format!("区服务器拒绝：{why}"),
            (SyncError::App(e), lang) => e.message(lang),
            (other, _) => other.to_string(),
        }
    }
}

impl From<Stop> for SyncError {
    fn from(stop: Stop) -> SyncError {
        match stop {
            Stop::Unreachable => SyncError::Unreachable("no answer to a push".into()),
            Stop::Refused(code) | Stop::Rejected(code) => SyncError::Refused(error_code(code)),
        }
    }
}

/// What the status bar shows about sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub enrolled: bool,
    /// When the last complete round ended (RFC 3339).
    pub last_ok: Option<String>,
    /// Events not yet acknowledged by the district.
    pub pending: u64,
    /// Household edits that lost to newer ones, kept for the lead.
    pub conflicts: u64,
}

pub fn status(terminal: &Terminal) -> Result<SyncStatus, AppError> {
    let conn = terminal.store().conn();
    Ok(SyncStatus {
        enrolled: meta::sync_settings(conn)?.is_some(),
        last_ok: meta::last_sync(conn)?,
        pending: outbox::pending_count(conn)?,
        conflicts: crate::store::households::conflict_count(conn)?,
    })
}

/// Whether the district answers at all (a refusal is an answer): the
/// kiosk's probe while it is offline, which ends the wait for the next
/// round as soon as the network is back.
pub fn answers(district: &District, token: &str) -> bool {
    !matches!(district.status(token), Err(CallError::Unreachable(_)))
}

/// The client for this terminal's district, as enrolment saved it.
pub fn district(terminal: &Terminal) -> Result<(District, String), SyncError> {
    let settings = meta::sync_settings(terminal.store().conn())?.ok_or(SyncError::NotEnrolled)?;
    let ca = match &settings.ca {
        Some(path) => Some((
            path.clone(),
            std::fs::read(path).map_err(|source| SyncError::Certificate {
                path: path.clone(),
                source,
            })?,
        )),
        None => None,
    };
    let district = District::new(
        &settings.server,
        ca.as_ref().map(|(p, pem)| (p.as_str(), pem.as_slice())),
    )?;
    Ok((district, settings.token))
}
