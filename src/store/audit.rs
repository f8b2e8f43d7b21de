//! The audit log: one row per entry (the core's `audit::AuditEntry` as
//! JSON), appended and never changed (SQL triggers refuse it).

use chrono::NaiveDate;
use kakou_core::audit::AuditEntry;
use rusqlite::{Connection, params};

use super::StoreError;

/// Appends `entry`. Call inside the transaction of what it records, so
/// that the deed and its entry are never separated.
pub fn append(conn: &Connection, entry: &AuditEntry) -> Result<(), StoreError> {
    let json = serde_json::to_string(entry)
        .map_err(|e| StoreError::Damaged(format!("audit entry does not serialise: {e}")))?;
    conn.execute(
        "INSERT INTO audit_log (at, who, entry) VALUES (?1, ?2, ?3)",
        params![entry.at.to_rfc3339(), entry.who, json],
    )?;
    Ok(())
}

/// The entries whose local day lies in `from..=to` (either end open), in
/// the order they were written.
pub fn between(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<AuditEntry>, StoreError> {
    // `at` is RFC 3339 with the terminal's own offset, so its first ten
    // characters are the local day the entry was written on.
    let mut stmt = conn.prepare(
        "SELECT entry FROM audit_log
         WHERE (?1 IS NULL OR substr(at, 1, 10) >= ?1)
           AND (?2 IS NULL OR substr(at, 1, 10) <= ?2)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(
        params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
        |r| r.get::<_, String>(0),
    )?;
    rows.map(|json| {
        let json = json?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Damaged(format!("audit entry `{json}`: {e}")))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use kakou_core::audit::AuditEvent;

    use super::*;
    use crate::store::Store;

    fn entry(at: &str, event: AuditEvent) -> AuditEntry {
        AuditEntry {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            who: "王组长".into(),
            event,
        }
    }

    #[test]
    fn entries_read_back_by_local_day_and_never_change() {
        let mut store = Store::open_in_memory().unwrap();
        let first = entry("2026-11-24T23:59:00+08:00", AuditEvent::LeadScreenOpened);
        let second = entry(
            "2026-11-25T00:01:00+08:00",
            AuditEvent::WrongPin { attempt: 1 },
        );
        store
            .write(|tx| {
                append(tx, &first)?;
                append(tx, &second)
            })
            .unwrap();
        let day = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        let conn = store.conn();
        assert_eq!(
            between(conn, None, None).unwrap(),
            vec![first.clone(), second.clone()]
        );
        // 23:59 at +08:00 is the 24th there, though the 24th in UTC too;
        // 00:01 is the 25th locally and still the 24th in UTC.
        assert_eq!(
            between(conn, day("2026-11-24"), day("2026-11-24")).unwrap(),
            vec![first]
        );
        assert_eq!(
            between(conn, day("2026-11-25"), None).unwrap(),
            vec![second]
        );
        assert!(between(conn, None, day("2026-11-23")).unwrap().is_empty());
        assert!(conn.execute("UPDATE audit_log SET who = 'x'", []).is_err());
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }
}
