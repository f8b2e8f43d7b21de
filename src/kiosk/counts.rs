//! The day's numbers for the gate screen and the lead's report, taken from
//! the core's report over the store's passages, so that the counters on the
//! screen and the daily report can never disagree.

use chrono::NaiveDate;

use kakou_core::report::{self, DailyReport};

use crate::app::GateSession;
use crate::store::{StoreError, passages};

/// The four numbers on the gate screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GateCounts {
    pub people_in: u32,
    pub people_out: u32,
    pub fever: u32,
    pub refused: u32,
}

/// This checkpoint's report for `day` (a zero report when nothing happened).
pub fn own_report(session: &GateSession, day: NaiveDate) -> Result<DailyReport, StoreError> {
    let checkpoint = &session.settings().checkpoint;
    let rows: Vec<(String, kakou_core::domain::Passage)> =
        passages::on_day(session.store().conn(), day)?
            .into_iter()
            .filter(|c| &c.checkpoint == checkpoint)
            .map(|c| (c.checkpoint, c.passage))
            .collect();
    let reports = report::daily(day, checkpoint, &rows, session.config().fever_at);
    reports
        .into_iter()
        .find(|r| &r.checkpoint == checkpoint)
        .ok_or_else(|| StoreError::Damaged("the daily report lost its checkpoint".into()))
}

pub fn today_counts(session: &GateSession, day: NaiveDate) -> Result<GateCounts, StoreError> {
    let report = own_report(session, day)?;
    Ok(GateCounts {
        people_in: report.people_in.total,
        people_out: report.people_out.total,
        fever: report.fever_readings,
        refused: report.refused.values().sum(),
    })
}

/// When the ledger was last changed here, shown as "data as of" so that a
/// volunteer sees a gate that has not synced or imported for days.
pub fn data_as_of(session: &GateSession) -> Result<Option<String>, StoreError> {
    let latest: Option<String> = session.store().conn().query_row(
        "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM people
                             UNION ALL SELECT max(updated_at) FROM households)",
        [],
        |r| r.get(0),
    )?;
    Ok(latest.map(|t| {
        chrono::DateTime::parse_from_rfc3339(&t)
            .map(|d| d.format("%m-%d %H:%M").to_string())
            .unwrap_or(t)
    }))
}
