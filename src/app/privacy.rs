//! Showing one personal field in full, on the lead's request: the one way
//! past the masking every screen and file applies, and always in the audit
//! log (who, when, which field of which passage, its masked form).

use chrono::{DateTime, FixedOffset};
use kakou_core::audit::{AuditEvent, PersonalField};
use kakou_core::domain::Subject;
use kakou_core::lang::Lang;

use super::{AppError, Terminal, audit};
use crate::clock::{Clock, SystemClock};
use crate::store::{StoreError, passages};

/// Why a field was not shown.
#[derive(Debug, thiserror::Error)]
pub enum UnmaskError {
    #[error("no passage {0} in this store")]
    NoSuchPassage(String),
    /// A resident's pass passage holds no ID number or phone, and a
    /// redacted passage holds none any more.
    #[error(
        "passage {0} holds no such field (a resident's pass, or removed after the retention period)"
    )]
    NothingToShow(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for UnmaskError {
    fn from(e: StoreError) -> UnmaskError {
        UnmaskError::App(e.into())
    }
}

impl UnmaskError {
    pub fn code(&self) -> &'static str {
        match self {
            UnmaskError::NoSuchPassage(_) => "no_such_passage",
            UnmaskError::NothingToShow(_) => "nothing_to_show",
            UnmaskError::App(_) => "store_error",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (UnmaskError::NoSuchPassage(_), Lang::Zh) => "没有这条通行记录".into(),
            (UnmaskError::NothingToShow(_), Lang::Zh) => {
                "这条记录没有该信息（住户通行证，或已过保留期被删除）".into()
            }
            (UnmaskError::App(e), lang) => e.message(lang),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// The full `field` of the visitor or driver of passage `passage_id`, for
/// the lead screen's unmask button; the audit entry naming `lead` is
/// written in the same transaction, at the system's time.
pub fn unmask(
    terminal: &mut Terminal,
    passage_id: &str,
    field: PersonalField,
    lead: &str,
) -> Result<String, UnmaskError> {
    unmask_at(terminal, passage_id, field, lead, SystemClock.now())
}

/// [`unmask`] at a given time (the kiosk's clock, tests).
pub fn unmask_at(
    terminal: &mut Terminal,
    passage_id: &str,
    field: PersonalField,
    lead: &str,
    now: DateTime<FixedOffset>,
) -> Result<String, UnmaskError> {
    terminal.store_mut().transaction(|tx| {
        let Some(committed) = passages::by_id(tx, passage_id)? else {
            return Err(UnmaskError::NoSuchPassage(passage_id.to_string()));
        };
        let person = match &committed.passage.subject {
            Subject::Visitor(v) => v,
            Subject::Vehicle(v) => &v.driver,
            Subject::Pass { .. } => {
                return Err(UnmaskError::NothingToShow(passage_id.to_string()));
            }
        };
        let value = match field {
            PersonalField::IdNumber => &person.id_number,
            PersonalField::Phone => &person.phone,
        };
        if value.is_empty() {
            return Err(UnmaskError::NothingToShow(passage_id.to_string()));
        }
        let record = format!("passage {passage_id}");
        let event = AuditEvent::unmask(field, &record, value);
        audit::record(tx, lead, event, now)?;
        Ok(value.clone())
    })
}

#[cfg(test)]
mod tests {
    use kakou_core::privacy::find_personal_numbers;

    use super::*;
    use crate::app::setup::test_terminal;
    use crate::app::testing::{at, commit, pass_passage, vehicle_passage, visitor_passage};
    use crate::app::{audit, passages as register};

    const ID: &str = "11010519491231002X";
    const PHONE: &str = "13800138000";

    #[test]
    fn the_lead_sees_one_field_in_full_and_the_audit_log_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let visitor = commit(
            &mut t,
            visitor_passage("2026-11-24T08:00:00+08:00", ID, PHONE),
        );
        let van = commit(
            &mut t,
            vehicle_passage("2026-11-24T08:05:00+08:00", ID, PHONE),
        );
        let resident = commit(&mut t, pass_passage("2026-11-24T08:10:00+08:00"));
        let now = at("2026-11-24T09:00:00+08:00");

        let shown = unmask_at(&mut t, &visitor.id, PersonalField::IdNumber, "王组长", now);
        assert_eq!(shown.unwrap(), ID);
        let shown = unmask_at(&mut t, &van.id, PersonalField::Phone, "王组长", now);
        assert_eq!(shown.unwrap(), PHONE);
        let refused = unmask_at(&mut t, &resident.id, PersonalField::Phone, "王组长", now);
        assert_eq!(refused.unwrap_err().code(), "nothing_to_show");
        let refused = unmask_at(&mut t, "no-such-id", PersonalField::Phone, "王组长", now);
        assert_eq!(refused.unwrap_err().code(), "no_such_passage");

        let entries = audit::list(&t, None, None).unwrap();
        assert_eq!(entries.len(), 2, "a refused unmasking is not one");
        assert_eq!(entries[0].who, "王组长");
        assert_eq!(entries[0].at, now);
        assert_eq!(
            entries[0].event,
            AuditEvent::Unmask {
                field: PersonalField::IdNumber,
                record: format!("passage {}", visitor.id),
                shown: "110105********002X".into(),
            }
        );
        let json = serde_json::to_string(&entries).unwrap();
        assert!(find_personal_numbers(&json).is_empty(), "{json}");
    }

    #[test]
    fn the_lead_screen_list_is_masked() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        commit(
            &mut t,
            visitor_passage("2026-11-24T08:00:00+08:00", ID, PHONE),
        );
        commit(
            &mut t,
            vehicle_passage("2026-11-24T08:05:00+08:00", ID, PHONE),
        );
        let full = serde_json::to_string(&register::recent(&t, 10).unwrap()).unwrap();
        assert_eq!(find_personal_numbers(&full).len(), 4);
        let masked = register::recent_masked(&t, 10).unwrap();
        assert_eq!(masked.len(), 2);
        let json = serde_json::to_string(&masked).unwrap();
        assert!(find_personal_numbers(&json).is_empty(), "{json}");
        assert!(json.contains("138****8000"), "{json}");
    }
}
