//! Committed passages: written once, in one transaction with their sync
//! event, and never changed.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use kakou_core::domain::{Passage, Subject};

use super::{Store, StoreError, outbox};

/// A passage as the register keeps it: the flow's decision plus where, by
/// whom and under which id it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommittedPassage {
    pub id: String,
    pub checkpoint: String,
    pub operator: String,
    #[serde(flatten)]
    pub passage: Passage,
}

/// Writes one passage and its outbox event. Call inside a transaction.
/// `replay_id` is the id of the `gate replay` line it came from, if any.
pub fn insert(
    conn: &Connection,
    committed: &CommittedPassage,
    replay_id: Option<&str>,
) -> Result<(), StoreError> {
    let p = &committed.passage;
    let body = serde_json::to_string(committed)
        .map_err(|e| StoreError::Damaged(format!("passage does not serialise: {e}")))?;
    let (kind, category, household) = match &p.subject {
        Subject::Pass {
            category,
            household,
            ..
        } => ("pass", category.map(|c| c.code()), *household),
        Subject::Visitor(v) => ("visitor", None, v.household),
        Subject::Vehicle(v) => ("vehicle", None, v.driver.household),
    };
    let at = p.at.to_rfc3339();
    conn.execute(
        "INSERT INTO passages (id, at, day, checkpoint, operator, direction, subject_kind,
             category, household_key, household_number, outcome, reason, max_temp, alert, body,
             quota_exit, replay_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            committed.id,
            at,
            p.at.date_naive().to_string(),
            committed.checkpoint,
            committed.operator,
            p.direction.code(),
            kind,
            category,
            household.map(|h| h.key_id),
            household.map(|h| h.number),
            p.outcome.code(),
            p.reason.map(|r| r.code()),
            p.temperatures.iter().max().map(|t| t.tenths()),
            p.alert.map(|s| s.code()),
            body,
            p.counts_as_household_exit(),
            replay_id,
        ],
    )?;
    outbox::enqueue(conn, "passage", &body, &at)?;
    Ok(())
}

fn parse(body: String) -> Result<CommittedPassage, StoreError> {
    serde_json::from_str(&body).map_err(|e| StoreError::Damaged(format!("passage record: {e}")))
}

/// Every passage of one local day at any checkpoint, in commit order.
pub fn on_day(conn: &Connection, day: NaiveDate) -> Result<Vec<CommittedPassage>, StoreError> {
    let mut stmt = conn.prepare("SELECT body FROM passages WHERE day = ?1 ORDER BY rowid")?;
    let bodies = stmt.query_map([day.to_string()], |r| r.get::<_, String>(0))?;
    bodies.map(|b| parse(b?)).collect()
}

/// Every passage of `first` and the days after it at any checkpoint, in
/// commit order (who is inside: people often leave by another gate).
pub fn since_day(conn: &Connection, first: NaiveDate) -> Result<Vec<CommittedPassage>, StoreError> {
    let mut stmt = conn.prepare("SELECT body FROM passages WHERE day >= ?1 ORDER BY rowid")?;
    let bodies = stmt.query_map([first.to_string()], |r| r.get::<_, String>(0))?;
    bodies.map(|b| parse(b?)).collect()
}

/// The newest passages first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<CommittedPassage>, StoreError> {
    let mut stmt = conn.prepare("SELECT body FROM passages ORDER BY rowid DESC LIMIT ?1")?;
    let bodies = stmt.query_map([limit as i64], |r| r.get::<_, String>(0))?;
    bodies.map(|b| parse(b?)).collect()
}

/// The passage a `gate replay` line with this id committed, if one did.
pub fn by_replay_id(
    conn: &Connection,
    replay_id: &str,
) -> Result<Option<CommittedPassage>, StoreError> {
    conn.query_row(
        "SELECT body FROM passages WHERE replay_id = ?1",
        [replay_id],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .map(parse)
    .transpose()
}

/// The visitors' and drivers' passages of the local days before `day`
/// whose personal fields were not removed yet: what retention looks at.
pub fn unredacted_before(
    conn: &Connection,
    day: NaiveDate,
) -> Result<Vec<CommittedPassage>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT body FROM passages
         WHERE day < ?1 AND subject_kind IN ('visitor', 'vehicle') AND redacted_at IS NULL
         ORDER BY rowid",
    )?;
    let bodies = stmt.query_map([day.to_string()], |r| r.get::<_, String>(0))?;
    bodies.map(|b| parse(b?)).collect()
}

/// Stores `redacted` (the passage without its personal fields) as the body
/// of the passage with its id, marked redacted at `at`: the one change a
/// passage takes (the table's trigger refuses any other, and a second).
pub fn redact(conn: &Connection, redacted: &CommittedPassage, at: &str) -> Result<(), StoreError> {
    let body = serde_json::to_string(redacted)
        .map_err(|e| StoreError::Damaged(format!("passage does not serialise: {e}")))?;
    let changed = conn.execute(
        "UPDATE passages SET body = ?2, redacted_at = ?3 WHERE id = ?1",
        params![redacted.id, body, at],
    )?;
    if changed != 1 {
        return Err(StoreError::Damaged(format!(
            "passage {} vanished while it was redacted",
            redacted.id
        )));
    }
    Ok(())
}

/// The passage with this id, if the store holds it.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<CommittedPassage>, StoreError> {
    conn.query_row("SELECT body FROM passages WHERE id = ?1", [id], |r| {
        r.get::<_, String>(0)
    })
    .optional()?
    .map(parse)
    .transpose()
}

/// When the newest passage of the store was made (by its own stamp), if
/// there is any: `kakou doctor` compares it with the clock.
pub fn newest_at(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row("SELECT max(at) FROM passages", [], |r| r.get(0))?)
}

pub fn count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM passages", [], |r| r.get(0))?)
}

impl Store {
    /// Commits a passage durably and returns its new id. When this returns,
    /// the passage is on disk: the gate may say "registered".
    pub fn commit_passage(
        &mut self,
        passage: Passage,
        checkpoint: &str,
        operator: &str,
        replay_id: Option<&str>,
    ) -> Result<CommittedPassage, StoreError> {
        let committed = CommittedPassage {
            id: uuid::Uuid::now_v7().to_string(),
            checkpoint: checkpoint.to_string(),
            operator: operator.to_string(),
            passage,
        };
        self.write(|tx| insert(tx, &committed, replay_id))?;
        Ok(committed)
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use kakou_core::domain::{Answers, Direction, Outcome, Temperature};

    use super::*;

    fn sample() -> Passage {
        Passage {
            at: DateTime::parse_from_rfc3339("2026-11-24T23:59:00+08:00").unwrap(),
            direction: Direction::In,
            subject: Subject::Pass {
                key_id: None,
                serial: Some(1),
                category: None,
                holder: Some("王五".into()),
                household: None,
            },
            temperatures: vec![Temperature(365)],
            answers: Answers::default(),
            outcome: Outcome::Released,
            reason: None,
            alert: None,
        }
    }

    #[test]
    fn a_committed_passage_reads_back_whole_with_its_event_and_cannot_change() {
        let mut store = Store::open_in_memory().unwrap();
        let committed = store
            .commit_passage(sample(), "east", "vol-1", None)
            .unwrap();
        // The local day is the gate's calendar day, not UTC's.
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(on_day(store.conn(), day).unwrap(), vec![committed.clone()]);
        assert_eq!(outbox::pending_count(store.conn()).unwrap(), 1);
        let err = store
            .conn()
            .execute("UPDATE passages SET outcome = 'refused'", [])
            .unwrap_err();
        assert!(err.to_string().contains("immutable"), "{err}");
        assert!(store.conn().execute("DELETE FROM passages", []).is_err());
        assert_eq!(count(store.conn()).unwrap(), 1);
    }

    #[test]
    fn a_passage_takes_one_redaction_of_its_body_and_no_other_change() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .commit_passage(sample(), "east", "vol-1", None)
            .unwrap();
        let conn = store.conn();
        let redact = "UPDATE passages SET body = '{}', redacted_at = '2026-12-30T00:00:00+08:00'";
        let sneaky = "UPDATE passages SET body = '{}', outcome = 'refused',
                      redacted_at = '2026-12-30T00:00:00+08:00'";
        assert!(
            conn.execute(sneaky, []).is_err(),
            "nothing else changes with it"
        );
        assert_eq!(conn.execute(redact, []).unwrap(), 1);
        let again = conn.execute(redact, []).unwrap_err();
        assert!(again.to_string().contains("immutable"), "{again}");
    }
}
