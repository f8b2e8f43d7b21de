//! The duty roster of this checkpoint: one row per shift, the core's
//! `roster::Shift` as JSON, replaced whole by an import. The core checks a
//! roster (`Roster::new`); the store only keeps the rows in their order.

use rusqlite::{Connection, params};

use kakou_core::roster::Shift;

use super::StoreError;

/// Every stored shift, in the order the sheet listed them.
pub fn all(conn: &Connection) -> Result<Vec<Shift>, StoreError> {
    let mut stmt = conn.prepare("SELECT shift FROM roster_shifts ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| {
        let json = json?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Damaged(format!("roster shift `{json}`: {e}")))
    })
    .collect()
}

/// Replaces the whole roster with `shifts`. Call inside a transaction, so a
/// failed import leaves the old roster in place.
pub fn replace(conn: &Connection, shifts: &[Shift]) -> Result<(), StoreError> {
    conn.execute("DELETE FROM roster_shifts", [])?;
    let mut insert = conn.prepare("INSERT INTO roster_shifts (id, shift) VALUES (?1, ?2)")?;
    for (id, shift) in (1i64..).zip(shifts) {
        let json = serde_json::to_string(shift)
            .map_err(|e| StoreError::Damaged(format!("roster shift does not serialise: {e}")))?;
        insert.execute(params![id, json])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use kakou_core::roster::{Slot, Weekdays, When};

    use super::*;
    use crate::store::Store;

    #[test]
    fn a_roster_is_replaced_whole_and_reads_back_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let shift = |start, end, who: &str| Shift {
            when: When::Weekly(Weekdays::ALL),
            slot: Slot::new(start, end).unwrap(),
            volunteers: vec![who.to_string()],
            lead: None,
        };
        let first = vec![shift(0, 480, "赵一"), shift(480, 960, "钱二")];
        store.write(|tx| replace(tx, &first)).unwrap();
        assert_eq!(all(store.conn()).unwrap(), first);
        let second = vec![shift(960, 0, "孙三")];
        store.write(|tx| replace(tx, &second)).unwrap();
        assert_eq!(all(store.conn()).unwrap(), second);
    }
}
