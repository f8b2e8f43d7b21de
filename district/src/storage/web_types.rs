//! What the web pages (issue 15) keep and read: users and their sessions,
//! communities with their visitor keys, pre-registered visitors, the audit
//! log, and read-only views of households and passages.

use chrono::{DateTime, NaiveDate, Utc};
use kakou_core::domain::{DocumentType, ExitQuota, HouseholdStatus};
use kakou_core::sync::events::PassageRecord;
use serde::Serialize;

use super::Role;

/// A user of the web pages, with the password's Argon2id PHC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The one community a lead sees; `None` for an admin.
    pub community: Option<String>,
    pub password_hash: String,
}

impl User {
    /// Whether this user may see `community`'s pages, map and exports.
    pub fn may_see(&self, community: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Lead => self.community.as_deref() == Some(community),
        }
    }
}

/// A new session: the cookie's token as its SHA-256, and the form token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user: String,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// A community as its pages and gates know it. The visitor key's secret
/// half is read only by [`super::Storage::visitor_secret`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Community {
    pub name: String,
    pub slug: String,
    pub visitor_key_id: u32,
    /// 64 lower-case hex digits.
    pub visitor_public: String,
}

/// A community to create if it does not exist yet, with a fresh key.
#[derive(Debug, Clone)]
pub struct NewCommunity {
    pub name: String,
    pub slug: String,
    pub visitor_key_id: u32,
    pub visitor_public: String,
    /// The Ed25519 seed as 64 hex digits.
    pub visitor_secret: String,
    pub created_at: DateTime<Utc>,
}

/// A household as the district holds it (only those whose address a
/// ledger import named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdView {
    pub key_id: u32,
    pub number: u32,
    pub address: String,
    pub status: HouseholdStatus,
    pub quota: Option<ExitQuota>,
}

/// A passage pushed by a terminal, under the terminal's enrolled community
/// and checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPassage {
    pub terminal: String,
    pub community: String,
    pub checkpoint: String,
    pub record: PassageRecord,
}

/// A pre-registered visitor and the pink pass issued for the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorRecord {
    /// The SHA-256 of the pass page's token.
    pub token_hash: String,
    pub community: String,
    pub serial: u64,
    pub name: String,
    pub document_type: DocumentType,
    pub id_number: String,
    pub phone: String,
    pub from: String,
    /// The visited household's address as the ledger writes it.
    pub address: String,
    pub key_id: u32,
    pub number: u32,
    pub visit_day: NaiveDate,
    /// The `KK1:` text of the pink pass.
    pub pass: String,
    pub created_at: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub user: String,
    /// What was done, e.g. `export_unmasked`.
    pub action: String,
    pub community: Option<String>,
    pub detail: serde_json::Value,
}
