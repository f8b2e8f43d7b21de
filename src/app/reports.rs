//! The day's report, computed once for `kakou report daily`, the lead
//! screen and the gate screen's counters, so they can never disagree.

use chrono::NaiveDate;

use kakou_core::report::{self, DailyReport};

use super::{AppError, Terminal};
use kakou_core::sync::events::EventBody;

use crate::store::{StoreError, meta, outbox, passages};

/// The reports of one day: one per checkpoint whose passages this store
/// holds, and this terminal's own even when nothing happened (the zero
/// report).
pub fn daily(terminal: &Terminal, day: NaiveDate) -> Result<Vec<DailyReport>, AppError> {
    let passages: Vec<_> = passages::on_day(terminal.store().conn(), day)?
        .into_iter()
        .map(|c| (c.checkpoint, c.passage))
        .collect();
    Ok(report::daily(
        day,
        &terminal.settings().checkpoint,
        &passages,
        terminal.config().fever_at,
    ))
}

/// This checkpoint's report for `day` (a zero report when nothing happened).
pub fn own(terminal: &Terminal, day: NaiveDate) -> Result<DailyReport, AppError> {
    let checkpoint = &terminal.settings().checkpoint;
    daily(terminal, day)?
        .into_iter()
        .find(|r| &r.checkpoint == checkpoint)
        .ok_or_else(|| StoreError::Damaged("the daily report lost its checkpoint".into()).into())
}

/// The four numbers on the gate screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GateCounts {
    pub people_in: u32,
    pub people_out: u32,
    pub fever: u32,
    pub refused: u32,
}

impl From<&DailyReport> for GateCounts {
    fn from(report: &DailyReport) -> GateCounts {
        GateCounts {
            people_in: report.people_in.total,
            people_out: report.people_out.total,
            fever: report.fever_readings,
            refused: report.refused.values().sum(),
        }
    }
}

pub fn gate_counts(terminal: &Terminal, day: NaiveDate) -> Result<GateCounts, AppError> {
    Ok(GateCounts::from(&own(terminal, day)?))
}

/// When the community's master data (ledger, households) last changed
/// here, so that a volunteer sees a gate that has not synced or imported
/// for days. `None` when there is no ledger at all.
pub fn data_as_of(
    terminal: &Terminal,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, AppError> {
    Ok(meta::master_data_changed_at(terminal.store().conn())?)
}

/// The longest run of days reported at once: a gate switched off for
/// longer than a year has a newer problem than its zero reports.
const MAX_DAYS_TO_REPORT: u32 = 400;

/// Queues the daily report (the zero report on a day without passages) of
/// every day that has ended since the last one queued, as an event for the
/// district: a checkpoint has reported a day once the district has it.
/// Returns how many were queued.
pub fn submit_due(
    terminal: &mut Terminal,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<u32, AppError> {
    let today = now.date_naive();
    let conn = terminal.store().conn();
    let first = match meta::reported_through(conn)? {
        Some(day) => day.succ_opt(),
        None => outbox::first_day(conn)?,
    };
    let Some(mut day) = first else {
        return Ok(0);
    };
    let mut due = Vec::new();
    while day < today && due.len() < MAX_DAYS_TO_REPORT as usize {
        due.push(own(terminal, day)?);
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    let Some(last) = due.last().map(|r| r.day) else {
        return Ok(0);
    };
    let at = now.to_rfc3339();
    let count = due.len() as u32;
    terminal.store_mut().write(|tx| {
        for report in due {
            let body = EventBody::DailyReport(Box::new(report));
            super::events::record(tx, &body, &at)?;
        }
        meta::set_reported_through(tx, last)
    })?;
    Ok(count)
}
