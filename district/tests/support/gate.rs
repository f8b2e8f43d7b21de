//! A simulated gate over HTTP: enrols, pushes in batches, pulls, the way the
//! terminal's sync client will (reqwest, blocking, rustls on ring).

use std::time::Duration;

use kakou_core::sync::Envelope;
use kakou_core::sync::protocol::{EnrollResponse, ErrorBody, PullResponse, PushResponse};
use reqwest::StatusCode;
use reqwest::blocking::Client;

use super::events::Writer;

/// Makes ring rustls's provider, as the terminal will.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn client() -> Client {
    install_tls_provider();
    Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .expect("an HTTP client")
}

/// A push request serialised from borrowed events, as the terminal's client
/// will send its outbox rows without copying them.
#[derive(serde::Serialize)]
struct PushBatch<'a> {
    events: &'a [Envelope],
}

/// One enrolled terminal.
pub struct Gate {
    pub client: Client,
    pub base: String,
    pub token: String,
    pub community: String,
    pub checkpoint: String,
    pub writer: Writer,
}

/// A push's answer: acknowledged through a seq, or an error body.
#[derive(Debug)]
pub enum Pushed {
    Acked(u64),
    Refused(StatusCode, ErrorBody),
}

impl Pushed {
    pub fn acked(&self) -> u64 {
        match self {
            Pushed::Acked(n) => *n,
            Pushed::Refused(status, body) => panic!("push refused: {status} {body:?}"),
        }
    }

    pub fn refused(&self) -> (StatusCode, &ErrorBody) {
        match self {
            Pushed::Refused(status, body) => (*status, body),
            Pushed::Acked(n) => panic!("push acknowledged through {n}, expected a refusal"),
        }
    }
}

pub fn enroll(
    client: &Client,
    base: &str,
    code: &str,
    terminal: &str,
) -> Result<EnrollResponse, (StatusCode, ErrorBody)> {
    let response = client
        .post(format!("{base}/v1/enroll"))
        .json(&serde_json::json!({"code": code, "terminal": terminal}))
        .send()
        .expect("the district answers");
    let status = response.status();
    if status.is_success() {
        Ok(response.json().expect("an enrolment answer"))
    } else {
        Err((status, response.json().expect("an error body")))
    }
}

impl Gate {
    /// Enrols a new terminal with `code`.
    pub fn enroll(base: &str, code: &str) -> Gate {
        let terminal = uuid::Uuid::now_v7().to_string();
        let client = client();
        let answer = enroll(&client, base, code, &terminal)
            .unwrap_or_else(|e| panic!("enrolment refused: {e:?}"));
        Gate {
            client,
            base: base.to_string(),
            token: answer.token,
            community: answer.community,
            checkpoint: answer.checkpoint,
            writer: Writer::new(&terminal),
        }
    }

    pub fn terminal(&self) -> &str {
        &self.writer.terminal
    }

    pub fn push(&self, events: &[Envelope]) -> Pushed {
        let response = self
            .client
            .post(format!("{}/v1/push", self.base))
            .bearer_auth(&self.token)
            .json(&PushBatch { events })
            .send()
            .expect("the district answers");
        let status = response.status();
        if status.is_success() {
            Pushed::Acked(
                response
                    .json::<PushResponse>()
                    .expect("a push answer")
                    .acked_through,
            )
        } else {
            Pushed::Refused(status, response.json().expect("an error body"))
        }
    }

    /// Pushes everything in batches, as the sync client does.
    pub fn push_all(&self, events: &[Envelope], batch: usize) -> u64 {
        let mut acked = 0;
        for chunk in events.chunks(batch) {
            acked = self.push(chunk).acked();
        }
        acked
    }

    pub fn pull(&self, since: u64, limit: Option<u32>) -> PullResponse {
        let mut url = format!("{}/v1/pull?since={since}", self.base);
        if let Some(limit) = limit {
            url.push_str(&format!("&limit={limit}"));
        }
        let response = self
            .client
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .expect("the district answers");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().expect("a pull answer")
    }

    /// Pulls until nothing more is new; returns every change and the cursor.
    pub fn pull_all(&self, since: u64) -> (Vec<kakou_core::sync::protocol::Change>, u64) {
        let mut cursor = since;
        let mut all = Vec::new();
        loop {
            let page = self.pull(cursor, None);
            all.extend(page.changes);
            cursor = page.cursor;
            if !page.more {
                return (all, cursor);
            }
        }
    }

    pub fn status(&self) -> kakou_core::sync::protocol::StatusResponse {
        let response = self
            .client
            .get(format!("{}/v1/status", self.base))
            .bearer_auth(&self.token)
            .send()
            .expect("the district answers");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().expect("a status answer")
    }
}
