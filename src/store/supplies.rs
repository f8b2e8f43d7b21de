//! Supplies: the items a checkpoint keeps and every movement of them, each
//! the core's type as JSON (`supplies::Item`, `supplies::Movement`).
//! Movements are only ever added (SQL triggers refuse changes), in commit
//! order, which is the order the core folds them in.

use rusqlite::{Connection, params};
use serde::de::DeserializeOwned;

use kakou_core::supplies::{Item, Movement};

use super::StoreError;

fn parse<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Damaged(format!("{what} `{json}`: {e}")))
}

fn to_json(what: &str, value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Damaged(format!("{what} does not serialise: {e}")))
}

/// The items, by id.
pub fn items(conn: &Connection) -> Result<Vec<Item>, StoreError> {
    let mut stmt = conn.prepare("SELECT item FROM supply_items ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| parse("supply item", &json?)).collect()
}

/// Adds an item under its own id.
pub fn insert_item(conn: &Connection, item: &Item) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO supply_items (id, item) VALUES (?1, ?2)",
        params![item.id, to_json("supply item", item)?],
    )?;
    Ok(())
}

/// Every movement, in commit order.
pub fn movements(conn: &Connection) -> Result<Vec<Movement>, StoreError> {
    let mut stmt = conn.prepare("SELECT movement FROM supply_movements ORDER BY seq")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| parse("supply movement", &json?)).collect()
}

/// The newest movements first.
pub fn recent_movements(conn: &Connection, limit: usize) -> Result<Vec<Movement>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT movement FROM supply_movements ORDER BY seq DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit as i64], |r| r.get::<_, String>(0))?;
    rows.map(|json| parse("supply movement", &json?)).collect()
}

/// Appends a movement. Call inside the transaction that checked it against
/// the stock, so no other movement comes in between.
pub fn insert_movement(conn: &Connection, movement: &Movement) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO supply_movements (movement) VALUES (?1)",
        params![to_json("supply movement", movement)?],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use kakou_core::lang::Lang;
    use kakou_core::supplies::{Change, default_items};

    use super::*;
    use crate::store::Store;

    #[test]
    fn items_and_movements_read_back_and_movements_never_change() {
        let mut store = Store::open_in_memory().unwrap();
        let defaults = default_items(Lang::Zh);
        let movement = Movement {
            item: defaults[0].id,
            at: DateTime::parse_from_rfc3339("2026-11-25T09:00:00+08:00").unwrap(),
            by: "张三".into(),
            note: String::new(),
            change: Change::In { quantity: 500 },
        };
        store
            .write(|tx| {
                for item in &defaults {
                    insert_item(tx, item)?;
                }
                insert_movement(tx, &movement)
            })
            .unwrap();
        assert_eq!(items(store.conn()).unwrap(), defaults);
        assert_eq!(movements(store.conn()).unwrap(), vec![movement.clone()]);
        assert_eq!(recent_movements(store.conn(), 5).unwrap(), vec![movement]);
        let conn = store.conn();
        assert!(conn.execute("DELETE FROM supply_movements", []).is_err());
        assert!(
            conn.execute("UPDATE supply_movements SET movement = '{}'", [])
                .is_err()
        );
    }
}
