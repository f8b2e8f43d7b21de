//! The web pages' storage on PostgreSQL (schema version 2,
//! `postgres_web.sql`). `postgres.rs`'s `Storage` implementation calls these.

use chrono::{DateTime, NaiveDate, Utc};
use kakou_core::domain::ExitQuota;
use kakou_core::sync::events::KeyRole;
use tokio_postgres::Row;

use super::common::{self, RawVisitor, VISITOR_COLUMNS};
use super::postgres::{ChangeCounter, PostgresStorage};
use super::{
    AuditEntry, Community, HouseholdView, NewCommunity, NewSession, Session, StorageError,
    StoredPassage, User, VisitorRecord, time_text,
};

fn user_of(r: &Row, from: usize) -> Result<User, StorageError> {
    let role: String = r.get(from + 1);
    Ok(User {
        name: r.get(from),
        role: common::role_of(&role)?,
        community: r.get(from + 2),
        password_hash: r.get(from + 3),
    })
}

const COMMUNITY_COLUMNS: &str = "name, slug, visitor_key_id, visitor_public";

fn community_of(r: &Row) -> Result<Community, StorageError> {
    let key_id: i64 = r.get(2);
    Ok(Community {
        name: r.get(0),
        slug: r.get(1),
        visitor_key_id: u32::try_from(key_id)
            .map_err(|_| StorageError::Damaged(format!("key id {key_id}")))?,
        visitor_public: r.get(3),
    })
}

fn visitor_of(r: &Row) -> Result<VisitorRecord, StorageError> {
    RawVisitor {
        token_hash: r.get(0),
        community: r.get(1),
        serial: r.get(2),
        name: r.get(3),
        document_type: r.get(4),
        id_number: r.get(5),
        phone: r.get(6),
        from: r.get(7),
        address: r.get(8),
        key_id: r.get(9),
        number: r.get(10),
        visit_day: r.get(11),
        pass: r.get(12),
        created_at: r.get(13),
    }
    .into_record()
}

impl PostgresStorage {
    pub(super) async fn web_user(&self, name: &str) -> Result<Option<User>, StorageError> {
        let client = self.client().await?;
        client
            .query_opt(
                "SELECT name, role, community, password_hash FROM users WHERE name = $1",
                &[&name],
            )
            .await?
            .map(|r| user_of(&r, 0))
            .transpose()
    }

    pub(super) async fn web_create_session(&self, s: &NewSession) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    &s.token_hash,
                    &s.user,
                    &s.csrf,
                    &time_text(s.created_at),
                    &time_text(s.expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    pub(super) async fn web_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StorageError> {
        let client = self.client().await?;
        let Some(r) = client
            .query_opt(
                "SELECT u.name, u.role, u.community, u.password_hash, s.csrf, s.expires_at
                 FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = $1",
                &[&token_hash],
            )
            .await?
        else {
            return Ok(None);
        };
        let expires_at: String = r.get(5);
        let expires_at = common::parse_time(&expires_at)?.with_timezone(&Utc);
        if expires_at <= now {
            return Ok(None);
        }
        Ok(Some(Session {
            user: user_of(&r, 0)?,
            csrf: r.get(4),
            expires_at,
        }))
    }

    pub(super) async fn web_delete_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2",
                &[&token_hash, &time_text(now)],
            )
            .await?;
        Ok(())
    }

    pub(super) async fn web_ensure_community(
        &self,
        new: &NewCommunity,
    ) -> Result<Community, StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let inserted = tx
            .execute(
                "INSERT INTO communities (name, slug, visitor_key_id, visitor_public, visitor_secret, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
                &[
                    &new.name,
                    &new.slug,
                    &i64::from(new.visitor_key_id),
                    &new.visitor_public,
                    &new.visitor_secret,
                    &time_text(new.created_at),
                ],
            )
            .await?;
        if inserted == 1 {
            // The change counter's lock serialises this with every other
            // master-data writer, as for keys the gates announce.
            let mut changes = ChangeCounter::default();
            let change = changes.next(&tx).await?;
            tx.execute(
                "INSERT INTO trusted_keys (public_key, key_id, community, role, event_id, change)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &new.visitor_public,
                    &i64::from(new.visitor_key_id),
                    &new.name,
                    &KeyRole::Visitor.code(),
                    &common::visitor_key_event_id(&new.slug),
                    &change,
                ],
            )
            .await?;
            changes.finish(&tx).await?;
        }
        let row = tx
            .query_one(
                &format!("SELECT {COMMUNITY_COLUMNS} FROM communities WHERE name = $1"),
                &[&new.name],
            )
            .await?;
        tx.commit().await?;
        community_of(&row)
    }

    pub(super) async fn web_communities(&self) -> Result<Vec<Community>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                &format!("SELECT {COMMUNITY_COLUMNS} FROM communities ORDER BY name"),
                &[],
            )
            .await?
            .iter()
            .map(community_of)
            .collect()
    }

    pub(super) async fn web_named_communities(&self) -> Result<Vec<String>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query(
                "SELECT community FROM enroll_codes UNION SELECT community FROM terminals ORDER BY 1",
                &[],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    pub(super) async fn web_visitor_secret(
        &self,
        community: &str,
    ) -> Result<Option<String>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query_opt(
                "SELECT visitor_secret FROM communities WHERE name = $1",
                &[&community],
            )
            .await?
            .map(|r| r.get(0)))
    }

    pub(super) async fn web_households(
        &self,
        community: &str,
    ) -> Result<Vec<HouseholdView>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                "SELECT key_id, number, address, status, quota_outings, quota_days FROM households
                 WHERE community = $1 AND address IS NOT NULL ORDER BY key_id, number",
                &[&community],
            )
            .await?
            .iter()
            .map(|r| {
                let status: String = r.get(3);
                common::household_view(r.get(0), r.get(1), r.get(2), &status, r.get(4), r.get(5))
            })
            .collect()
    }

    pub(super) async fn web_passages(
        &self,
        community: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredPassage>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                "SELECT e.terminal_id, t.community, t.checkpoint, e.body
                 FROM events e JOIN terminals t ON t.id = e.terminal_id
                 WHERE e.kind = 'passage' AND e.day >= $1 AND e.day <= $2
                   AND ($3::text IS NULL OR t.community = $3)
                 ORDER BY e.day, e.terminal_id, e.seq",
                &[&from.to_string(), &to.to_string(), &community],
            )
            .await?
            .iter()
            .map(|r| {
                let body: String = r.get(3);
                common::stored_passage(r.get(0), r.get(1), r.get(2), &body)
            })
            .collect()
    }

    pub(super) async fn web_default_exit_quota(
        &self,
        community: &str,
    ) -> Result<Option<ExitQuota>, StorageError> {
        let client = self.client().await?;
        for r in client
            .query(
                "SELECT e.body FROM events e JOIN terminals t ON t.id = e.terminal_id
                 WHERE e.kind = 'gate_config' AND t.community = $1
                 ORDER BY e.hlc_ms DESC, e.hlc_counter DESC, e.terminal_id DESC",
                &[&community],
            )
            .await?
        {
            let body: String = r.get(0);
            if let Some(quota) = common::gate_config_quota(&body)? {
                return Ok(Some(quota));
            }
        }
        Ok(None)
    }

    pub(super) async fn web_next_visitor_serial(
        &self,
        community: &str,
    ) -> Result<u64, StorageError> {
        let client = self.client().await?;
        let serial: Option<i64> = client
            .query_opt(
                "UPDATE communities SET next_serial = next_serial + 1 WHERE name = $1
                 RETURNING next_serial - 1",
                &[&community],
            )
            .await?
            .map(|r| r.get(0));
        let serial = serial.ok_or_else(|| StorageError::NoCommunity(community.to_string()))?;
        Ok(u64::try_from(serial).unwrap_or(0))
    }

    pub(super) async fn web_add_visitor(&self, v: &VisitorRecord) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                &format!(
                    "INSERT INTO visitors ({VISITOR_COLUMNS})
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                ),
                &[
                    &v.token_hash,
                    &v.community,
                    &(v.serial as i64),
                    &v.name,
                    &v.document_type.code(),
                    &v.id_number,
                    &v.phone,
                    &v.from,
                    &v.address,
                    &i64::from(v.key_id),
                    &i64::from(v.number),
                    &v.visit_day.to_string(),
                    &v.pass,
                    &v.created_at,
                ],
            )
            .await?;
        Ok(())
    }

    pub(super) async fn web_visitor(
        &self,
        token_hash: &str,
    ) -> Result<Option<VisitorRecord>, StorageError> {
        let client = self.client().await?;
        client
            .query_opt(
                &format!("SELECT {VISITOR_COLUMNS} FROM visitors WHERE token_hash = $1"),
                &[&token_hash],
            )
            .await?
            .as_ref()
            .map(visitor_of)
            .transpose()
    }

    pub(super) async fn web_visitors(
        &self,
        community: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<VisitorRecord>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                &format!(
                    "SELECT {VISITOR_COLUMNS} FROM visitors
                     WHERE community = $1 AND visit_day >= $2 AND visit_day <= $3
                     ORDER BY visit_day, serial"
                ),
                &[&community, &from.to_string(), &to.to_string()],
            )
            .await?
            .iter()
            .map(visitor_of)
            .collect()
    }

    pub(super) async fn web_add_audit(&self, e: &AuditEntry) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO audit (at, user_name, action, community, detail) VALUES ($1, $2, $3, $4, $5)",
                &[
                    &e.at,
                    &e.user,
                    &e.action,
                    &e.community,
                    &e.detail.to_string(),
                ],
            )
            .await?;
        Ok(())
    }

    pub(super) async fn web_audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StorageError> {
        let client = self.client().await?;
        client
            .query(
                "SELECT at, user_name, action, community, detail FROM audit ORDER BY id DESC LIMIT $1",
                &[&i64::from(limit)],
            )
            .await?
            .iter()
            .map(|r| {
                let detail: String = r.get(4);
                Ok(AuditEntry {
                    at: r.get(0),
                    user: r.get(1),
                    action: r.get(2),
                    community: r.get(3),
                    detail: serde_json::from_str(&detail)
                        .map_err(|e| StorageError::Damaged(format!("audit detail: {e}")))?,
                })
            })
            .collect()
    }
}
