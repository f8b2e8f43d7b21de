//! Request extractors that answer bad requests with the API's own error
//! body (axum's own rejections are plain text).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use kakou_core::sync::protocol::ErrorCode;
use serde::de::DeserializeOwned;

use super::AppState;
use super::error::ApiError;
use crate::secrets::sha256_hex;
use crate::storage::Terminal;

/// A JSON body of type `T`. Not JSON: 400 `malformed_json`; JSON of the
/// wrong shape: 422 `invalid_request`; too large: 413 `body_too_large`;
/// not declared `application/json`: 415.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(ErrorCode::BodyTooLarge, "the request body is too large")
            } else {
                ApiError::new(ErrorCode::InvalidRequest, rejection.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let code = if e.is_data() {
                ErrorCode::InvalidRequest
            } else {
                ErrorCode::MalformedJson
            };
            ApiError::new(code, e.to_string())
        })
    }
}

/// The terminal whose bearer token came with the request. No token or an
/// unknown one: 401; a revoked or blocked terminal: 403.
pub struct Authenticated(pub Terminal);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(ErrorCode::Unauthorized, "send the terminal's bearer token")
            })?;
        let terminal = state
            .storage
            .authenticate(&sha256_hex(token))
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unauthorized,
                    "the token is not one the district issued",
                )
            })?;
        if terminal.revoked_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::TerminalRevoked,
                "the district revoked this terminal",
            ));
        }
        if terminal.blocked_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::TerminalBlocked,
                "the district blocked this terminal: its events ran backwards with other ids, as from a copied SD card",
            ));
        }
        Ok(Authenticated(terminal))
    }
}
