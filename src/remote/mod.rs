//! The district server as the terminal reaches it: the HTTP calls of
//! `docs/sync-protocol.md`, blocking (reqwest on rustls with the `ring`
//! provider), made only from the sync thread or `kakou sync`, never from
//! the gate's.

use std::time::Duration;

use kakou_core::sync::Envelope;
use kakou_core::sync::protocol::{
    API_PREFIX, EnrollRequest, EnrollResponse, ErrorBody, PullResponse, PushResponse,
    StatusResponse,
};
use reqwest::blocking::{Client, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call gave no answer the terminal can use.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// No answer: not connected, refused, timed out, cut off, or a server
    /// error. Nothing is known about what the district did.
    #[error("the district did not answer: {0}")]
    Unreachable(String),
    /// The district answered with an error of the protocol.
    #[error("the district refused: {} ({})", .0.message, serde_json::to_string(&.0.code).unwrap_or_default())]
    Refused(ErrorBody),
    /// The answer is not what the protocol says (another server at that
    /// address, a proxy's page).
    #[error("the district's answer is not understood: {0}")]
    Garbled(String),
    #[error("cannot use the certificate {path}: {detail}")]
    Certificate { path: String, detail: String },
}

/// A client of one district server.
pub struct District {
    client: Client,
    base: String,
}

/// How long a call may take before it counts as no answer. A push of a
/// full batch is about a megabyte.
const TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl District {
    /// A client for the server at `base` (e.g. `https://district.example:8787`).
    /// With `ca_pem`, only that certificate authority is trusted (a
    /// district with its own CA); otherwise the system's roots.
    pub fn new(base: &str, ca_pem: Option<(&str, &[u8])>) -> Result<District, CallError> {
        // With `rustls-no-provider`, the provider is chosen here, once per
        // process; `ring` builds without cmake.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("kakou/", env!("CARGO_PKG_VERSION")));
        if let Some((path, pem)) = ca_pem {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| CallError::Certificate {
                path: path.to_string(),
                detail: e.to_string(),
            })?;
            builder = builder.tls_certs_only([cert]);
        }
        let client = builder
            .build()
            .map_err(|e| CallError::Unreachable(e.to_string()))?;
        Ok(District {
            client,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    pub fn enroll(&self, code: &str, terminal: &str) -> Result<EnrollResponse, CallError> {
        let request = EnrollRequest {
            code: code.to_string(),
            terminal: terminal.to_string(),
        };
        answer(self.client.post(self.url("/enroll")).json(&request).send())
    }

    /// Pushes events in rising seq order.
    pub fn push(&self, token: &str, events: &[Envelope]) -> Result<PushResponse, CallError> {
        #[derive(Serialize)]
        struct Push<'a> {
            events: &'a [Envelope],
        }
        answer(
            self.client
                .post(self.url("/push"))
                .bearer_auth(token)
                .json(&Push { events })
                .send(),
        )
    }

    /// The master-data changes after `since`.
    pub fn pull(&self, token: &str, since: u64, limit: u32) -> Result<PullResponse, CallError> {
        answer(
            self.client
                .get(format!("{}?since={since}&limit={limit}", self.url("/pull")))
                .bearer_auth(token)
                .send(),
        )
    }

    pub fn status(&self, token: &str) -> Result<StatusResponse, CallError> {
        answer(
            self.client
                .get(self.url("/status"))
                .bearer_auth(token)
                .send(),
        )
    }
}

/// Reads an answer: the body on success, the error body on a refusal, and
/// "no answer" for whatever tells nothing about what the district did.
fn answer<T: DeserializeOwned>(sent: reqwest::Result<Response>) -> Result<T, CallError> {
    let response = sent.map_err(|e| CallError::Unreachable(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .map_err(|e| CallError::Unreachable(format!("the answer was cut off: {e}")))?;
    if status.is_success() {
        return serde_json::from_str(&text).map_err(|e| CallError::Garbled(e.to_string()));
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        // A server error says nothing certain about what was stored.
        Ok(body) if status.is_server_error() => Err(CallError::Unreachable(format!(
            "{status}: {}",
            body.message
        ))),
        Ok(body) => Err(CallError::Refused(body)),
        Err(_) if status.is_server_error() || status.as_u16() == 408 => {
            Err(CallError::Unreachable(status.to_string()))
        }
        Err(_) => Err(CallError::Garbled(format!(
            "{status}: {}",
            text.chars().take(200).collect::<String>()
        ))),
    }
}
