//! Who is inside now: the visitors and vehicles that came in and have not
//! gone out, by the core's matching of ins and outs over the passages of
//! every checkpoint this store knows (people often leave by another gate).

use chrono::{DateTime, Days, FixedOffset};
use kakou_core::inside::{Inside, InsideRules, inside};

use super::{AppError, Terminal};
use crate::store::passages;

/// Everyone inside at `now`, overdue first, then the longest stays.
pub fn now(
    terminal: &Terminal,
    now: DateTime<FixedOffset>,
    rules: InsideRules,
) -> Result<Vec<Inside>, AppError> {
    let today = now.date_naive();
    let first = today
        .checked_sub_days(Days::new(u64::from(rules.lookback_days)))
        .unwrap_or(today);
    let seen: Vec<_> = passages::since_day(terminal.store().conn(), first)?
        .into_iter()
        .map(|c| c.passage)
        .collect();
    Ok(inside(&seen, now, rules))
}
