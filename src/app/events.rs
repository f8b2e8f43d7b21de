//! Writing a fact's sync event, typed, in the fact's own transaction.
//!
//! Every body is one of `kakou_core::sync::events`, the types the district
//! reads, so a terminal cannot queue an event the district would refuse for
//! its shape.

use kakou_core::sync::events::EventBody;
use kakou_core::sync::hlc::Hlc;
use rusqlite::Connection;

use crate::store::{StoreError, outbox};

/// Queues `body` for the district, stamped with the terminal's hybrid
/// clock at `at` (RFC 3339). Returns the stamp.
pub(super) fn record(conn: &Connection, body: &EventBody, at: &str) -> Result<Hlc, StoreError> {
    let json = serde_json::Value::Object(body.to_object()).to_string();
    outbox::enqueue(conn, body.kind().code(), &json, at)
}
