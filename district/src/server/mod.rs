//! The HTTP API (axum): `/v1/enroll`, `/v1/push`, `/v1/pull`, `/v1/status`,
//! and beside it the web pages (`crate::web`).
//! Handlers are thin: they check the request, call [`Storage`], and word
//! the outcome with the codes of `kakou_core::sync::protocol`.

mod error;
mod extract;
mod handlers;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use kakou_core::sync::protocol::ErrorCode;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::storage::Storage;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    /// The district's clock; tests may hold it still.
    pub clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// The web pages' configuration and rate limits.
    pub web: Arc<crate::web::Web>,
}

/// Limits of the HTTP layer.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest request body; more is answered 413 before it is read.
    pub body_bytes: usize,
    /// The longest a request may take, body included; then 408.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        // A full batch of 2,000 passages is about 1.5 MB of JSON.
        Limits {
            body_bytes: 4 * 1024 * 1024,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// The API's router.
pub fn router(state: AppState, limits: Limits) -> Router {
    Router::new()
        .route("/v1/enroll", post(handlers::enroll))
        .route("/v1/push", post(handlers::push))
        .route("/v1/pull", get(handlers::pull))
        .route("/v1/status", get(handlers::status))
        .merge(crate::web::routes())
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::map_response(json_errors))
}

/// tower-http answers an over-long body (413) and a timeout (408) itself,
/// with an empty or plain body; give those the API's error body too.
async fn json_errors(response: Response<Body>) -> Response<Body> {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(ErrorCode::BodyTooLarge, "the request body is too large").into_response()
        }
        StatusCode::REQUEST_TIMEOUT => {
            ApiError::new(ErrorCode::Timeout, "the request took too long").into_response()
        }
        _ => response,
    }
}
