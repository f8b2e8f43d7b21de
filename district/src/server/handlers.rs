//! The four calls of the API. Each checks what it was sent, asks storage,
//! and words the outcome; none decides anything the core does not.

use std::collections::HashSet;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use kakou_core::sync::CheckedEvent;
use kakou_core::sync::envelope::is_canonical_uuid;
use kakou_core::sync::protocol::{
    DEFAULT_PULL_LIMIT, EnrollRequest, EnrollResponse, ErrorCode, MAX_BATCH, MAX_PULL_LIMIT,
    PullResponse, PushRequest, PushResponse, StatusResponse,
};
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::extract::{Authenticated, JsonBody};
use crate::secrets::{new_token, normalise_enroll_code, sha256_hex};
use crate::storage::{EnrollAttempt, EnrollRefusal, PushOutcome, epoch_ms};

pub async fn enroll(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<EnrollRequest>,
) -> Result<Json<EnrollResponse>, ApiError> {
    if !is_canonical_uuid(&request.terminal, None) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "terminal must be a UUID in lower-case hyphenated form",
        ));
    }
    let code = normalise_enroll_code(&request.code);
    let token = new_token();
    let attempt = EnrollAttempt {
        code_hash: sha256_hex(&code),
        terminal: request.terminal,
        token_hash: sha256_hex(&token),
        now: (state.clock)(),
    };
    let terminal = state
        .storage
        .enroll(&attempt)
        .await?
        .map_err(|refusal| match refusal {
            EnrollRefusal::UnknownCode => {
                ApiError::new(ErrorCode::EnrollCodeUnknown, "no such enrolment code")
            }
            EnrollRefusal::UsedCode => ApiError::new(
                ErrorCode::EnrollCodeUsed,
                "the enrolment code was used already",
            ),
            EnrollRefusal::ExpiredCode => ApiError::new(
                ErrorCode::EnrollCodeExpired,
                "the enrolment code has expired",
            ),
            EnrollRefusal::Refused(why) => ApiError::new(ErrorCode::EnrollRefused, why),
        })?;
    tracing::info!(terminal = %terminal.id, community = %terminal.community, checkpoint = %terminal.checkpoint, "terminal enrolled");
    Ok(Json(EnrollResponse {
        terminal: terminal.id,
        token,
        community: terminal.community,
        checkpoint: terminal.checkpoint,
        acked_through: terminal.acked_through,
    }))
}

/// Checks a batch before storage sees it: size, order, the terminal named
/// in each envelope, and every envelope and body. Any failure refuses the
/// whole batch, so nothing of a bad request is stored.
fn check_batch(terminal_id: &str, request: PushRequest) -> Result<Vec<CheckedEvent>, ApiError> {
    if request.events.len() > MAX_BATCH {
        return Err(ApiError::new(
            ErrorCode::BatchTooLarge,
            format!(
                "a push carries at most {MAX_BATCH} events, this one {}",
                request.events.len()
            ),
        ));
    }
    let mut ids = HashSet::new();
    for (index, pair) in request.events.windows(2).enumerate() {
        if pair[1].seq <= pair[0].seq {
            return Err(ApiError::new(
                ErrorCode::BatchNotInOrder,
                format!(
                    "seq {} follows seq {}: seqs must rise strictly",
                    pair[1].seq, pair[0].seq
                ),
            )
            .with_index(index + 1));
        }
    }
    for (index, e) in request.events.iter().enumerate() {
        if !ids.insert(e.id.as_str()) {
            return Err(ApiError::new(
                ErrorCode::BatchNotInOrder,
                format!("id {} appears twice", e.id),
            )
            .with_index(index));
        }
        if e.terminal != terminal_id {
            return Err(ApiError::new(
                ErrorCode::TerminalMismatch,
                format!(
                    "the event names terminal {}, the token is terminal {terminal_id}",
                    e.terminal
                ),
            )
            .with_index(index));
        }
    }
    request
        .events
        .into_iter()
        .enumerate()
        .map(|(index, e)| {
            e.check().map_err(|err| {
                let code = match err.code() {
                    "unknown_kind" => ErrorCode::UnknownKind,
                    "unsupported_body_version" => ErrorCode::UnsupportedBodyVersion,
                    _ => ErrorCode::InvalidEvent,
                };
                ApiError::new(code, err.to_string()).with_index(index)
            })
        })
        .collect()
}

pub async fn push(
    State(state): State<AppState>,
    Authenticated(terminal): Authenticated,
    JsonBody(request): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let events = check_batch(&terminal.id, request)?;
    let outcome = state
        .storage
        .push(&terminal, events, (state.clock)())
        .await?;
    match outcome {
        PushOutcome::Stored { acked_through } => Ok(Json(PushResponse { acked_through })),
        PushOutcome::Gap {
            acked_through,
            expected,
        } => {
            let mut e = ApiError::new(
                ErrorCode::SeqGap,
                format!("the district expects seq {expected} next"),
            );
            e.0.acked_through = Some(acked_through);
            e.0.expected = Some(expected);
            Err(e)
        }
        PushOutcome::Conflict {
            acked_through,
            index,
            id,
        } => {
            tracing::warn!(terminal = %terminal.id, event = %id, "event conflict: same id, other content");
            let mut e = ApiError::new(
                ErrorCode::EventConflict,
                format!(
                    "event {id} is stored with other content; refused and flagged for the district"
                ),
            )
            .with_index(index);
            e.0.acked_through = Some(acked_through);
            Err(e)
        }
        PushOutcome::Blocked => {
            tracing::warn!(terminal = %terminal.id, "terminal blocked: seq ran backwards with other ids");
            Err(ApiError::new(
                ErrorCode::TerminalBlocked,
                "the terminal's seq ran backwards with other event ids (a copied terminal); it is blocked",
            ))
        }
        PushOutcome::Refused { revoked: true } => Err(ApiError::new(
            ErrorCode::TerminalRevoked,
            "the district revoked this terminal",
        )),
        PushOutcome::Refused { revoked: false } => Err(ApiError::new(
            ErrorCode::TerminalBlocked,
            "the district blocked this terminal",
        )),
        PushOutcome::Retry => Err(ApiError::new(
            ErrorCode::Unavailable,
            "another push stored one of these events at the same moment; push again",
        )),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    #[serde(default)]
    since: u64,
    limit: Option<u32>,
}

pub async fn pull(
    State(state): State<AppState>,
    Authenticated(terminal): Authenticated,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.body_text()))?;
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "limit must be at least 1",
        ));
    }
    let page = state
        .storage
        .pull(&terminal.community, query.since, limit.min(MAX_PULL_LIMIT))
        .await?;
    Ok(Json(page))
}

pub async fn status(
    State(state): State<AppState>,
    Authenticated(terminal): Authenticated,
) -> Result<Json<StatusResponse>, ApiError> {
    let cursor = state.storage.latest_change().await?;
    Ok(Json(StatusResponse {
        terminal: terminal.id,
        community: terminal.community,
        checkpoint: terminal.checkpoint,
        acked_through: terminal.acked_through,
        cursor,
        server_time_ms: epoch_ms((state.clock)()),
    }))
}

pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such path; the API lives under /v1")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this path does not take that method",
    )
}
