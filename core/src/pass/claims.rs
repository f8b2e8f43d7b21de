//! What a pass says about its holder, as the gate screen shows it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::Category;

/// The claims a pass carries. By construction this holds no identity
/// document number, phone number or address: the card is shown together with
/// the ID card, so the pass only needs to name the holder as printed and point
/// at the household by an opaque reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassClaims {
    /// The pass number within the issuing community; revocation is by serial.
    /// Stored in 40 bits, so at most [`MAX_SERIAL`](super::MAX_SERIAL).
    pub serial: u64,
    /// The issuing key, as [`key_id_for`](super::key_id_for) derives it.
    pub key_id: u32,
    /// The base category: resident, tenant or visitor. A red "returned" card
    /// is a base category plus `returned_until`, so it turns green or blue by
    /// itself and never needs reprinting.
    pub category: Category,
    /// The last day (inclusive) the holder counts as returned from outside.
    pub returned_until: Option<NaiveDate>,
    /// The household's record number in the community ledger.
    pub household_ref: u32,
    /// The holder's display name exactly as printed on the card.
    pub holder: String,
    /// The first day the pass is valid.
    pub valid_from: NaiveDate,
    /// The last day (inclusive) the pass is valid.
    pub valid_until: NaiveDate,
}

impl PassClaims {
    /// The category the gate applies today: returned while `today` is on or
    /// before `returned_until`, the base category after that.
    pub fn effective_category(&self, today: NaiveDate) -> Category {
        match self.returned_until {
            Some(last_day) if today <= last_day => Category::Returned,
            _ => self.category,
        }
    }
}

/// Day 0 of the pass's day counts. Passes carry dates as days since this day
/// in 16 bits, which reaches into 2199.
pub const DATE_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2020, 1, 1) {
    Some(date) => date,
    None => panic!("2020-01-01 is a valid date"),
};

/// The day count of `date`, or `None` before the epoch or past 16 bits.
pub(crate) fn day_number(date: NaiveDate) -> Option<u16> {
    u16::try_from(date.signed_duration_since(DATE_EPOCH).num_days()).ok()
}

/// The date of a day count; every 16-bit count is a valid date.
pub(crate) fn date_of_day_number(days: u16) -> NaiveDate {
    DATE_EPOCH + chrono::Days::new(u64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn claims(category: Category, returned_until: Option<NaiveDate>) -> PassClaims {
        PassClaims {
            serial: 1,
            key_id: 2,
            category,
            returned_until,
            household_ref: 3,
            holder: "张三".into(),
            valid_from: date(2026, 11, 1),
            valid_until: date(2027, 1, 31),
        }
    }

    #[test]
    fn returned_holds_through_the_last_day_then_the_base_colour_returns() {
        let pass = claims(Category::Tenant, Some(date(2026, 11, 14)));
        assert_eq!(
            pass.effective_category(date(2026, 11, 1)),
            Category::Returned
        );
        assert_eq!(
            pass.effective_category(date(2026, 11, 14)),
            Category::Returned
        );
        assert_eq!(
            pass.effective_category(date(2026, 11, 15)),
            Category::Tenant
        );
        let pass = claims(Category::Resident, None);
        assert_eq!(
            pass.effective_category(date(2026, 11, 1)),
            Category::Resident
        );
    }

    #[test]
    fn day_numbers_cover_sixteen_bits_from_2020() {
        assert_eq!(day_number(DATE_EPOCH), Some(0));
        assert_eq!(day_number(date(2019, 12, 31)), None);
        assert_eq!(day_number(date(2026, 11, 24)), Some(2519));
        let last = date_of_day_number(u16::MAX);
        assert_eq!(day_number(last), Some(u16::MAX));
        assert_eq!(day_number(last.succ_opt().unwrap()), None);
        for days in [0, 1, 2519, u16::MAX] {
            assert_eq!(day_number(date_of_day_number(days)), Some(days));
        }
    }
}
