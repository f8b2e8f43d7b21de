//! The sync wire format shared by the terminal and the district server
//! (DESIGN §5, docs/sync-protocol.md), and the decisions the server makes
//! about what it receives. Pure: the server and the terminal's sync client
//! look things up and carry the decisions out.
//!
//! - [`envelope`]: one event as pushed, its checks and its content hash.
//! - [`hlc`]: the hybrid logical clock and its total order.
//! - [`events`]: the typed body of every event kind.
//! - [`protocol`]: the HTTP API's requests, answers and error codes.
//! - [`ingest`]: new, duplicate, conflict, gap or cloned terminal.
//! - [`lww`]: last-writer-wins for household status and quota.
//! - [`district_report`]: the district's daily lines.
//! - [`plan`]: the terminal's side: what a push's answer means for the
//!   outbox, and what a pulled household does at the gate.
//! - [`schedule`]: when the kiosk's sync thread next talks to the district.
//! - [`cross_gate`]: what only the district sees across gates (exits
//!   beyond a household's quota, one pass at two gates minutes apart).

pub mod cross_gate;
pub mod district_report;
pub mod envelope;
pub mod events;
pub mod hlc;
pub mod ingest;
pub mod lww;
pub mod plan;
pub mod protocol;
pub mod schedule;

pub use envelope::{CheckedEvent, Envelope, EnvelopeError};
pub use events::{EventBody, EventKind};
pub use hlc::{Hlc, Stamp};
