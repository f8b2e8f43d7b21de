//! The district's HTTP API as types: what each call sends and answers, and
//! the error body with its stable codes (docs/sync-protocol.md).
//!
//! | call | path | auth |
//! |------|------|------|
//! | enrol | `POST /v1/enroll` | one-time code in the body |
//! | push | `POST /v1/push` | `Authorization: Bearer <token>` |
//! | pull | `GET /v1/pull?since=N&limit=M` | bearer |
//! | status | `GET /v1/status` | bearer |

use serde::{Deserialize, Serialize};

use super::envelope::Envelope;
use super::events::{RevocationBody, TrustedKeyBody};
use super::hlc::Hlc;
use crate::domain::{ExitQuota, HouseholdStatus};

/// The path prefix of this version of the API.
pub const API_PREFIX: &str = "/v1";

/// The most events one push may carry.
pub const MAX_BATCH: usize = 2000;

/// The default and largest number of changes one pull answers.
pub const DEFAULT_PULL_LIMIT: u32 = 1000;
pub const MAX_PULL_LIMIT: u32 = 5000;

/// `POST /v1/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The one-time code the district printed (`enroll-code`); case,
    /// spaces and hyphens do not matter.
    pub code: String,
    /// The terminal's own id (a UUID, canonical lower-case text), which it
    /// puts in every envelope.
    pub terminal: String,
}

/// The answer to an enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub terminal: String,
    /// The bearer token for every later call. The district keeps only its
    /// hash, so this is the one time it is ever shown.
    pub token: String,
    /// The community and checkpoint exactly as the district spelled them.
    /// The terminal refuses the enrolment when the community differs from its
    /// own by one byte.
    pub community: String,
    pub checkpoint: String,
    /// The highest seq the district already holds for this terminal (0 for
    /// a new one; more when a terminal enrols again).
    pub acked_through: u64,
}

/// `POST /v1/push`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// Events in strictly rising seq order, at most [`MAX_BATCH`].
    pub events: Vec<Envelope>,
}

/// The answer to a push that was wholly stored (or already held).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every pushed event up to this seq is durably stored exactly as sent.
    pub acked_through: u64,
}

/// One row of master data flowing down, with the change number that wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub change: u64,
    #[serde(flatten)]
    pub item: MasterData,
}

/// Master data: the only things that flow from the district to gates. Never
/// a person, an ID number, a phone or a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum MasterData {
    /// A key of any community (gates verify visitors' passes from elsewhere).
    TrustedKey(TrustedKeyBody),
    /// A household of the terminal's own community as it stands now (the
    /// last writer's status and quota, with that edit's stamp).
    Household(HouseholdState),
    /// A revocation in the terminal's own community.
    Revocation(RevocationBody),
}

/// A household as the district holds it: the body of its newest edit, and
/// who made that edit when. A gate meets it with its own edits by the same
/// last-writer-wins rule, so an edit made at the gate after its last push
/// is not overwritten by an older state coming down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdState {
    pub key_id: u32,
    pub number: u32,
    pub address: String,
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
    pub hlc: Hlc,
    pub terminal: String,
}

/// `GET /v1/pull?since=N&limit=M`: the changes after `since`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts (`since`). It can pass the last change in
    /// `changes` when the changes between belong to other communities.
    pub cursor: u64,
    /// True when the limit cut the answer short: pull again from `cursor`.
    pub more: bool,
}

/// `GET /v1/status`: cheap enough to call before every round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusResponse {
    pub terminal: String,
    pub community: String,
    pub checkpoint: String,
    /// The highest seq the district holds for this terminal.
    pub acked_through: u64,
    /// The newest change number: nothing to pull while the terminal's
    /// cursor is at or past it.
    pub cursor: u64,
    /// The district's wall clock, so a terminal can see its own clock is off.
    pub server_time_ms: u64,
}

/// Every error's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// An English sentence for logs; terminals word the code themselves.
    pub message: String,
    /// Push: every pushed event up to this seq is stored as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_through: Option<u64>,
    /// Push, `seq_gap`: the seq the district expects next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<u64>,
    /// Push: the index in the batch of the event the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// Stable machine codes of the API's errors, with their HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not JSON.
    MalformedJson,
    /// 422: JSON of the wrong shape or types, or bad query parameters.
    InvalidRequest,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 413: the body is larger than the server accepts.
    BodyTooLarge,
    /// 413: more events than [`MAX_BATCH`].
    BatchTooLarge,
    /// 422: the batch's seqs do not rise strictly, or one id appears twice.
    BatchNotInOrder,
    /// 422: an event's envelope or body is invalid (`index` names it).
    InvalidEvent,
    /// 422: an event kind this server does not know.
    UnknownKind,
    /// 422: a body version this server does not read.
    UnsupportedBodyVersion,
    /// 422: an envelope names another terminal than the token's.
    TerminalMismatch,
    /// 401: no token, or not one the district issued.
    Unauthorized,
    /// 403: the district revoked this terminal.
    TerminalRevoked,
    /// 403: the district blocked this terminal (its seq ran backwards with
    /// other ids: a copied SD card).
    TerminalBlocked,
    /// 403: no such enrolment code.
    EnrollCodeUnknown,
    /// 403: the code was used already.
    EnrollCodeUsed,
    /// 403: the code expired.
    EnrollCodeExpired,
    /// 403: the code is for another checkpoint than the terminal enrolled at,
    /// or the terminal is revoked or blocked.
    EnrollRefused,
    /// 409: the batch skipped seqs; push again from `expected`.
    SeqGap,
    /// 409: an event reuses a stored id with other content; refused and
    /// flagged for the district, never merged.
    EventConflict,
    /// 404.
    NotFound,
    /// 405.
    MethodNotAllowed,
    /// 408: the request took too long.
    Timeout,
    /// 503: try again (a concurrent write collided, or the database is busy).
    Unavailable,
    /// 500.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 24] = [
        ErrorCode::MalformedJson,
        ErrorCode::InvalidRequest,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::BodyTooLarge,
        ErrorCode::BatchTooLarge,
        ErrorCode::BatchNotInOrder,
        ErrorCode::InvalidEvent,
        ErrorCode::UnknownKind,
        ErrorCode::UnsupportedBodyVersion,
        ErrorCode::TerminalMismatch,
        ErrorCode::Unauthorized,
        ErrorCode::TerminalRevoked,
        ErrorCode::TerminalBlocked,
        ErrorCode::EnrollCodeUnknown,
        ErrorCode::EnrollCodeUsed,
        ErrorCode::EnrollCodeExpired,
        ErrorCode::EnrollRefused,
        ErrorCode::SeqGap,
        ErrorCode::EventConflict,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Timeout,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedJson => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::TerminalRevoked
            | ErrorCode::TerminalBlocked
            | ErrorCode::EnrollCodeUnknown
            | ErrorCode::EnrollCodeUsed
            | ErrorCode::EnrollCodeExpired
            | ErrorCode::EnrollRefused => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Timeout => 408,
            ErrorCode::SeqGap | ErrorCode::EventConflict => 409,
            ErrorCode::BodyTooLarge | ErrorCode::BatchTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::InvalidRequest
            | ErrorCode::BatchNotInOrder
            | ErrorCode::InvalidEvent
            | ErrorCode::UnknownKind
            | ErrorCode::UnsupportedBodyVersion
            | ErrorCode::TerminalMismatch => 422,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The code as JSON writes it (a test holds the two together).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::BatchTooLarge => "batch_too_large",
            ErrorCode::BatchNotInOrder => "batch_not_in_order",
            ErrorCode::InvalidEvent => "invalid_event",
            ErrorCode::UnknownKind => "unknown_kind",
            ErrorCode::UnsupportedBodyVersion => "unsupported_body_version",
            ErrorCode::TerminalMismatch => "terminal_mismatch",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::TerminalRevoked => "terminal_revoked",
            ErrorCode::TerminalBlocked => "terminal_blocked",
            ErrorCode::EnrollCodeUnknown => "enroll_code_unknown",
            ErrorCode::EnrollCodeUsed => "enroll_code_used",
            ErrorCode::EnrollCodeExpired => "enroll_code_expired",
            ErrorCode::EnrollRefused => "enroll_refused",
            ErrorCode::SeqGap => "seq_gap",
            ErrorCode::EventConflict => "event_conflict",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }

    /// Whether a terminal should simply try the same request again later.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::Timeout | ErrorCode::Unavailable | ErrorCode::Internal
        )
    }
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            code,
            message: message.into(),
            acked_through: None,
            expected: None,
            index: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::HouseholdStatus;

    #[test]
    fn codes_are_stable_and_statuses_are_client_or_server_errors() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, json!(code.as_str()));
            let back: ErrorCode = serde_json::from_value(json).unwrap();
            assert_eq!(back, code);
            assert!((400..600).contains(&code.status()));
        }
        assert_eq!(ErrorCode::BodyTooLarge.status(), 413);
        assert_eq!(ErrorCode::Unauthorized.status(), 401);
        assert_eq!(ErrorCode::TerminalRevoked.status(), 403);
        assert!(ErrorCode::Unavailable.is_retryable());
        assert!(!ErrorCode::EventConflict.is_retryable());
    }

    #[test]
    fn an_error_body_leaves_out_what_it_does_not_know() {
        let mut body = ErrorBody::new(ErrorCode::SeqGap, "push from 4");
        body.expected = Some(4);
        body.acked_through = Some(3);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"code": "seq_gap", "message": "push from 4", "acked_through": 3, "expected": 4})
        );
    }

    #[test]
    fn a_change_is_flat_with_kind_and_data() {
        let change = Change {
            change: 7,
            item: MasterData::Household(HouseholdState {
                key_id: 1,
                number: 2,
                address: "3-2-501".into(),
                status: HouseholdStatus::HomeQuarantine,
                quota: None,
                hlc: Hlc::new(5, 0),
                terminal: "0193a000-0000-7000-8000-00000000000a".into(),
            }),
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(
            json,
            json!({"change": 7, "kind": "household", "data": {"key_id": 1, "number": 2, "address": "3-2-501", "status": "home_quarantine", "quota": null, "hlc": {"wall_ms": 5, "counter": 0}, "terminal": "0193a000-0000-7000-8000-00000000000a"}})
        );
        let back: Change = serde_json::from_value(json).unwrap();
        assert_eq!(back, change);
    }
}
