//! The web pages' storage on SQLite (schema version 2, `sqlite_web.sql`).
//! `sqlite.rs`'s `Storage` implementation calls these.

use chrono::{DateTime, NaiveDate, Utc};
use kakou_core::domain::ExitQuota;
use kakou_core::sync::events::KeyRole;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::common::{self, RawVisitor, VISITOR_COLUMNS};
use super::sqlite::{ChangeCounter, SqliteStorage};
use super::{
    AuditEntry, Community, HouseholdView, NewCommunity, NewSession, Session, StorageError,
    StoredPassage, User, VisitorRecord, time_text,
};

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, Option<String>, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn user_of(row: (String, String, Option<String>, String)) -> Result<User, StorageError> {
    Ok(User {
        name: row.0,
        role: common::role_of(&row.1)?,
        community: row.2,
        password_hash: row.3,
    })
}

const COMMUNITY_COLUMNS: &str = "name, slug, visitor_key_id, visitor_public";

fn community_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, i64, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn community_of(row: (String, String, i64, String)) -> Result<Community, StorageError> {
    Ok(Community {
        name: row.0,
        slug: row.1,
        visitor_key_id: u32::try_from(row.2)
            .map_err(|_| StorageError::Damaged(format!("key id {}", row.2)))?,
        visitor_public: row.3,
    })
}

fn visitor_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawVisitor> {
    Ok(RawVisitor {
        token_hash: r.get(0)?,
        community: r.get(1)?,
        serial: r.get(2)?,
        name: r.get(3)?,
        document_type: r.get(4)?,
        id_number: r.get(5)?,
        phone: r.get(6)?,
        from: r.get(7)?,
        address: r.get(8)?,
        key_id: r.get(9)?,
        number: r.get(10)?,
        visit_day: r.get(11)?,
        pass: r.get(12)?,
        created_at: r.get(13)?,
    })
}

fn ensure_community_tx(
    conn: &mut Connection,
    new: &NewCommunity,
) -> Result<Community, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let existing = tx
        .query_row(
            &format!("SELECT {COMMUNITY_COLUMNS} FROM communities WHERE name = ?1"),
            [&new.name],
            community_row,
        )
        .optional()?;
    if let Some(row) = existing {
        return community_of(row);
    }
    tx.execute(
        "INSERT INTO communities (name, slug, visitor_key_id, visitor_public, visitor_secret, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.name,
            new.slug,
            new.visitor_key_id,
            new.visitor_public,
            new.visitor_secret,
            time_text(new.created_at)
        ],
    )?;
    let mut changes = ChangeCounter::default();
    let change = changes.next(&tx)?;
    tx.execute(
        "INSERT INTO trusted_keys (public_key, key_id, community, role, event_id, change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.visitor_public,
            new.visitor_key_id,
            new.name,
            KeyRole::Visitor.code(),
            common::visitor_key_event_id(&new.slug),
            change
        ],
    )?;
    changes.finish(&tx)?;
    tx.commit()?;
    Ok(Community {
        name: new.name.clone(),
        slug: new.slug.clone(),
        visitor_key_id: new.visitor_key_id,
        visitor_public: new.visitor_public.clone(),
    })
}

impl SqliteStorage {
    pub(super) async fn web_user(&self, name: &str) -> Result<Option<User>, StorageError> {
        let name = name.to_string();
        self.read(move |conn| {
            conn.query_row(
                "SELECT name, role, community, password_hash FROM users WHERE name = ?1",
                [name],
                user_row,
            )
            .optional()?
            .map(user_of)
            .transpose()
        })
        .await
    }

    pub(super) async fn web_create_session(&self, s: &NewSession) -> Result<(), StorageError> {
        let s = s.clone();
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    s.token_hash,
                    s.user,
                    s.csrf,
                    time_text(s.created_at),
                    time_text(s.expires_at)
                ],
            )?;
            Ok(())
        })
        .await
    }

    pub(super) async fn web_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StorageError> {
        let token_hash = token_hash.to_string();
        self.read(move |conn| {
            let row = conn
                .query_row(
                    "SELECT u.name, u.role, u.community, u.password_hash, s.csrf, s.expires_at
                     FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?1",
                    [token_hash],
                    |r| Ok((user_row(r)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?)),
                )
                .optional()?;
            let Some((user, csrf, expires_at)) = row else {
                return Ok(None);
            };
            let expires_at = common::parse_time(&expires_at)?.with_timezone(&Utc);
            if expires_at <= now {
                return Ok(None);
            }
            Ok(Some(Session {
                user: user_of(user)?,
                csrf,
                expires_at,
            }))
        })
        .await
    }

    pub(super) async fn web_delete_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let token_hash = token_hash.to_string();
        self.write(move |conn| {
            conn.execute(
                "DELETE FROM sessions WHERE token_hash = ?1 OR expires_at <= ?2",
                params![token_hash, time_text(now)],
            )?;
            Ok(())
        })
        .await
    }

    pub(super) async fn web_ensure_community(
        &self,
        new: &NewCommunity,
    ) -> Result<Community, StorageError> {
        let new = new.clone();
        self.write(move |conn| ensure_community_tx(conn, &new))
            .await
    }

    pub(super) async fn web_communities(&self) -> Result<Vec<Community>, StorageError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COMMUNITY_COLUMNS} FROM communities ORDER BY name"
            ))?;
            let rows = stmt.query_map([], community_row)?;
            rows.map(|r| community_of(r?)).collect()
        })
        .await
    }

    pub(super) async fn web_named_communities(&self) -> Result<Vec<String>, StorageError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT community FROM enroll_codes UNION SELECT community FROM terminals ORDER BY 1",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    pub(super) async fn web_visitor_secret(
        &self,
        community: &str,
    ) -> Result<Option<String>, StorageError> {
        let community = community.to_string();
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT visitor_secret FROM communities WHERE name = ?1",
                    [community],
                    |r| r.get(0),
                )
                .optional()?)
        })
        .await
    }

    pub(super) async fn web_households(
        &self,
        community: &str,
    ) -> Result<Vec<HouseholdView>, StorageError> {
        let community = community.to_string();
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT key_id, number, address, status, quota_outings, quota_days FROM households
                 WHERE community = ?1 AND address IS NOT NULL ORDER BY key_id, number",
            )?;
            let rows = stmt.query_map([community], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            })?;
            rows.map(|row| {
                let (k, n, a, s, o, d) = row?;
                common::household_view(k, n, a, &s, o, d)
            })
            .collect()
        })
        .await
    }

    pub(super) async fn web_passages(
        &self,
        community: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredPassage>, StorageError> {
        let community = community.map(str::to_string);
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT e.terminal_id, t.community, t.checkpoint, e.body
                 FROM events e JOIN terminals t ON t.id = e.terminal_id
                 WHERE e.kind = 'passage' AND e.day >= ?1 AND e.day <= ?2
                   AND (?3 IS NULL OR t.community = ?3)
                 ORDER BY e.day, e.terminal_id, e.seq",
            )?;
            let rows =
                stmt.query_map(params![from.to_string(), to.to_string(), community], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?;
            rows.map(|row| {
                let (terminal, community, checkpoint, body) = row?;
                common::stored_passage(terminal, community, checkpoint, &body)
            })
            .collect()
        })
        .await
    }

    pub(super) async fn web_default_exit_quota(
        &self,
        community: &str,
    ) -> Result<Option<ExitQuota>, StorageError> {
        let community = community.to_string();
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT e.body FROM events e JOIN terminals t ON t.id = e.terminal_id
                 WHERE e.kind = 'gate_config' AND t.community = ?1
                 ORDER BY e.hlc_ms DESC, e.hlc_counter DESC, e.terminal_id DESC",
            )?;
            let bodies = stmt.query_map([community], |r| r.get::<_, String>(0))?;
            for body in bodies {
                if let Some(quota) = common::gate_config_quota(&body?)? {
                    return Ok(Some(quota));
                }
            }
            Ok(None)
        })
        .await
    }

    pub(super) async fn web_next_visitor_serial(
        &self,
        community: &str,
    ) -> Result<u64, StorageError> {
        let community = community.to_string();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let serial: Option<i64> = tx
                .query_row(
                    "UPDATE communities SET next_serial = next_serial + 1 WHERE name = ?1
                     RETURNING next_serial - 1",
                    [&community],
                    |r| r.get(0),
                )
                .optional()?;
            tx.commit()?;
            let serial = serial.ok_or(StorageError::NoCommunity(community))?;
            Ok(u64::try_from(serial).unwrap_or(0))
        })
        .await
    }

    pub(super) async fn web_add_visitor(&self, v: &VisitorRecord) -> Result<(), StorageError> {
        let v = v.clone();
        self.write(move |conn| {
            conn.execute(
                &format!(
                    "INSERT INTO visitors ({VISITOR_COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                ),
                params![
                    v.token_hash,
                    v.community,
                    v.serial as i64,
                    v.name,
                    v.document_type.code(),
                    v.id_number,
                    v.phone,
                    v.from,
                    v.address,
                    v.key_id,
                    v.number,
                    v.visit_day.to_string(),
                    v.pass,
                    v.created_at
                ],
            )?;
            Ok(())
        })
        .await
    }

    pub(super) async fn web_visitor(
        &self,
        token_hash: &str,
    ) -> Result<Option<VisitorRecord>, StorageError> {
        let token_hash = token_hash.to_string();
        self.read(move |conn| {
            conn.query_row(
                &format!("SELECT {VISITOR_COLUMNS} FROM visitors WHERE token_hash = ?1"),
                [token_hash],
                visitor_row,
            )
            .optional()?
            .map(RawVisitor::into_record)
            .transpose()
        })
        .await
    }

    pub(super) async fn web_visitors(
        &self,
        community: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<VisitorRecord>, StorageError> {
        let community = community.to_string();
        self.read(move |conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {VISITOR_COLUMNS} FROM visitors
                 WHERE community = ?1 AND visit_day >= ?2 AND visit_day <= ?3
                 ORDER BY visit_day, serial"
            ))?;
            let rows = stmt.query_map(
                params![community, from.to_string(), to.to_string()],
                visitor_row,
            )?;
            rows.map(|r| r?.into_record()).collect()
        })
        .await
    }

    pub(super) async fn web_add_audit(&self, e: &AuditEntry) -> Result<(), StorageError> {
        let e = e.clone();
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO audit (at, user_name, action, community, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![e.at, e.user, e.action, e.community, e.detail.to_string()],
            )?;
            Ok(())
        })
        .await
    }

    pub(super) async fn web_audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StorageError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT at, user_name, action, community, detail FROM audit ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([i64::from(limit)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            rows.map(|row| {
                let (at, user, action, community, detail) = row?;
                Ok(AuditEntry {
                    at,
                    user,
                    action,
                    community,
                    detail: serde_json::from_str(&detail)
                        .map_err(|e| StorageError::Damaged(format!("audit detail: {e}")))?,
                })
            })
            .collect()
        })
        .await
    }
}
