//! The rules about cards that are not about their bytes: which category a
//! new card carries, and which cards may still be printed.

use chrono::{Days, NaiveDate};

use crate::domain::Category;
use crate::ledger::RETURNED_DAYS;

/// The base category and "returned until" day a new card carries for a
/// person of `category`, issued to be valid from `from`.
///
/// A red card is a green one that shows red until `returned_until`, so it
/// turns green by itself instead of being reprinted. The ledger gives the
/// day the red period ends; when it does not, the card is red for the
/// standard 14 days from its first valid day.
pub fn card_category(
    category: Category,
    returned_until: Option<NaiveDate>,
    from: NaiveDate,
) -> (Category, Option<NaiveDate>) {
    match category {
        Category::Returned => (
            Category::Resident,
            returned_until.or_else(|| from.checked_add_days(Days::new(RETURNED_DAYS))),
        ),
        other => (other, None),
    }
}

/// Why a stored pass may not be printed (again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPrintable {
    /// Revoked, with the reason it was revoked for.
    Revoked(String),
    /// Past its last valid day.
    Expired(NaiveDate),
}

/// Whether a card may be printed on `today`: not revoked and not expired. A
/// pass that is not valid yet may be printed, so that cards can be made
/// before the day they start.
pub fn printable(
    revoked: Option<&str>,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Result<(), NotPrintable> {
    if let Some(reason) = revoked {
        return Err(NotPrintable::Revoked(reason.to_string()));
    }
    if valid_until < today {
        return Err(NotPrintable::Expired(valid_until));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_returned_person_gets_a_green_card_that_shows_red_for_a_while() {
        let cases = [
            (Category::Resident, None, (Category::Resident, None)),
            (Category::Tenant, Some(day(30)), (Category::Tenant, None)),
            (Category::Visitor, None, (Category::Visitor, None)),
            (
                Category::Returned,
                Some(day(20)),
                (Category::Resident, Some(day(20))),
            ),
            // Without a day from the ledger, 14 days from the first valid day.
            (
                Category::Returned,
                None,
                (Category::Resident, Some(day(15))),
            ),
        ];
        for (category, until, expected) in cases {
            assert_eq!(
                card_category(category, until, day(1)),
                expected,
                "{category:?} {until:?}"
            );
        }
    }

    #[test]
    fn revoked_and_expired_cards_are_not_printed() {
        let cases = [
            (None, day(24), Ok(())),
            (None, day(30), Ok(())),
            (None, day(23), Err(NotPrintable::Expired(day(23)))),
            (
                Some("lost"),
                day(30),
                Err(NotPrintable::Revoked("lost".into())),
            ),
            // Revoked wins: it is the reason the lead can act on.
            (
                Some("moved"),
                day(1),
                Err(NotPrintable::Revoked("moved".into())),
            ),
        ];
        for (revoked, until, expected) in cases {
            assert_eq!(
                printable(revoked, until, day(24)),
                expected,
                "{revoked:?} {until}"
            );
        }
    }
}
