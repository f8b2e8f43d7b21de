//! Every error the API answers: a status and the `{code, message}` body of
//! `kakou_core::sync::protocol::ErrorBody`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakou_core::sync::protocol::{ErrorBody, ErrorCode};

use crate::storage::StorageError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub ErrorBody);

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError(ErrorBody::new(code, message))
    }

    pub fn with_index(mut self, index: usize) -> ApiError {
        self.0.index = Some(index);
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.0.code
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0)).into_response()
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> ApiError {
        // The details stay in the district's log; the terminal only needs
        // to know whether trying again later makes sense.
        match e {
            StorageError::Pool(_) => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::new(
                    ErrorCode::Unavailable,
                    "the database is unavailable; try again later",
                )
            }
            other => {
                tracing::error!(error = %other, "storage failed");
                ApiError::new(
                    ErrorCode::Internal,
                    "the district could not complete the request",
                )
            }
        }
    }
}
