//! People on the ledger, matched by document number.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use kakou_core::domain::{Category, DocumentType, Person};

use super::StoreError;

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub person: Person,
    /// A returned person shows red until this day (inclusive).
    pub returned_until: Option<NaiveDate>,
    pub active: bool,
}

/// What an upsert did to the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    Unchanged,
}

const COLUMNS: &str = "id, name, document_type, document_number, phone, household_id, category, returned_until, active";

fn from_row(row: &Row) -> rusqlite::Result<Result<PersonRow, StoreError>> {
    let document_type: String = row.get(2)?;
    let category: String = row.get(6)?;
    let returned_until: Option<String> = row.get(7)?;
    let damaged = |what: String| Ok(Err(StoreError::Damaged(what)));
    let Some(document_type) = DocumentType::from_code(&document_type) else {
        return damaged(format!("document type `{document_type}`"));
    };
    let Some(category) = Category::from_code(&category) else {
        return damaged(format!("category `{category}`"));
    };
    let returned_until = match returned_until.map(|d| d.parse::<NaiveDate>()) {
        None => None,
        Some(Ok(day)) => Some(day),
        Some(Err(_)) => return damaged("returned_until date".into()),
    };
    Ok(Ok(PersonRow {
        id: row.get(0)?,
        person: Person {
            name: row.get(1)?,
            document_type,
            document_number: row.get(3)?,
            phone: row.get(4)?,
            household_id: row.get(5)?,
            category,
        },
        returned_until,
        active: row.get(8)?,
    }))
}

pub fn by_document(conn: &Connection, number: &str) -> Result<Option<PersonRow>, StoreError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE document_number = ?1"),
        [number],
        from_row,
    )
    .optional()?
    .transpose()
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<PersonRow>, StoreError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .transpose()
}

/// Everyone still living in the community, in ledger order.
pub fn active(conn: &Connection) -> Result<Vec<PersonRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM people WHERE active = 1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| r?).collect()
}

/// Everyone ever on the ledger, moved-out people included.
pub fn all_people(conn: &Connection) -> Result<Vec<PersonRow>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM people ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| r?).collect()
}

/// [`all_people`] by id.
pub fn all_by_id(conn: &Connection) -> Result<HashMap<i64, PersonRow>, StoreError> {
    Ok(all_people(conn)?.into_iter().map(|p| (p.id, p)).collect())
}

/// Adds a person or updates the one with the same document number.
pub fn upsert(
    conn: &Connection,
    person: &Person,
    returned_until: Option<NaiveDate>,
    now: &str,
) -> Result<(i64, Change), StoreError> {
    let existing = by_document(conn, &person.document_number)?;
    let wanted = |id| PersonRow {
        id,
        person: person.clone(),
        returned_until,
        active: true,
    };
    match existing {
        Some(row) if row == wanted(row.id) => Ok((row.id, Change::Unchanged)),
        Some(row) => {
            conn.execute(
                "UPDATE people SET name = ?2, document_type = ?3, phone = ?4, household_id = ?5,
                     category = ?6, returned_until = ?7, active = 1, updated_at = ?8
                 WHERE id = ?1",
                params![
                    row.id,
                    person.name,
                    person.document_type.code(),
                    person.phone,
                    person.household_id,
                    person.category.code(),
                    returned_until.map(|d| d.to_string()),
                    now
                ],
            )?;
            Ok((row.id, Change::Changed))
        }
        None => {
            let id = conn.query_row(
                "INSERT INTO people (name, document_type, document_number, phone, household_id,
                     category, returned_until, active, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8) RETURNING id",
                params![
                    person.name,
                    person.document_type.code(),
                    person.document_number,
                    person.phone,
                    person.household_id,
                    person.category.code(),
                    returned_until.map(|d| d.to_string()),
                    now
                ],
                |r| r.get(0),
            )?;
            Ok((id, Change::Added))
        }
    }
}

/// Marks a person as moved out; their passages and passes stay on record.
pub fn deactivate(conn: &Connection, id: i64, now: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE people SET active = 0, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}
