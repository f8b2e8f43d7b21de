//! The daily retention job (`kakou_core::retention`): visitors' and
//! drivers' personal fields leave passages older than the retention period
//! once the district has acknowledged them, and after the hard limit even
//! without; the outbox event of each loses the same fields. Counts do not
//! change: the report of an old day reads the same before and after.
//!
//! The kiosk runs it on its first tick of each day ([`daily`]); `kakou
//! retention run` runs it by hand. Each run is one transaction with its
//! audit entry and the day it ran.

use std::sync::Mutex;

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use kakou_core::lang::Lang;
use kakou_core::retention::{self, PassageFacts, RetentionPlan, RetentionPolicy};

use super::{AppError, CommittedPassage, Terminal, audit};
use crate::clock::{Clock, SystemClock};
use crate::store::{StoreError, meta, outbox, passages};

/// Who the audit log names for the job.
pub const WHO: &str = "retention";
const LAST_RUN_KEY: &str = "retention_last_run";

/// The passages the plan must see on `today`: every visitor's and driver's
/// passage old enough to be past the period or within the warning time of
/// the hard limit, with whether the district has it: whether a sync
/// round acknowledged its outbox event (`outbox.acked_at`). A passage
/// without an event never went to the district (sync brings no passages
/// in), so it counts as unacknowledged and waits for the hard limit.
fn facts(
    terminal: &Terminal,
    today: NaiveDate,
    policy: RetentionPolicy,
) -> Result<(Vec<CommittedPassage>, Vec<PassageFacts>), AppError> {
    let youngest = policy
        .period_days
        .min(policy.hard_limit_days.saturating_sub(policy.warn_days));
    let before = today
        .checked_sub_days(Days::new(u64::from(youngest)))
        .unwrap_or(NaiveDate::MIN);
    let conn = terminal.store().conn();
    let candidates = passages::unredacted_before(conn, before)?;
    let events = outbox::passage_events_before(conn, before.succ_opt().unwrap_or(before))?;
    let facts = candidates
        .iter()
        .map(|c| {
            let acknowledged = events.get(&c.id).is_some_and(|e| e.acknowledged);
            PassageFacts::of(&c.id, &c.passage, acknowledged)
        })
        .collect();
    Ok((candidates, facts))
}

/// Carries out the plan for `today` under `policy`, stamped with the
/// system's time; see [`run_at`].
pub fn run(
    terminal: &mut Terminal,
    today: NaiveDate,
    policy: RetentionPolicy,
) -> Result<RetentionPlan, AppError> {
    run_at(terminal, today, policy, SystemClock.now())
}

/// Redacts what the plan for `today` says, with each passage's outbox
/// event, writes the run's audit entry and remembers the day, all in one
/// transaction; returns the plan (its warnings are for the lead).
pub fn run_at(
    terminal: &mut Terminal,
    today: NaiveDate,
    policy: RetentionPolicy,
    now: DateTime<FixedOffset>,
) -> Result<RetentionPlan, AppError> {
    let (candidates, facts) = facts(terminal, today, policy)?;
    let plan = retention::plan(&facts, today, policy);
    let at = now.to_rfc3339();
    let redact: std::collections::HashSet<&str> =
        plan.redact.iter().map(|r| r.id.as_str()).collect();
    let events_before = today.succ_opt().unwrap_or(today);
    terminal.store_mut().write(|tx| {
        let events = outbox::passage_events_before(tx, events_before)?;
        for c in candidates.iter().filter(|c| redact.contains(c.id.as_str())) {
            let redacted = CommittedPassage {
                passage: retention::redact_passage(&c.passage),
                ..c.clone()
            };
            passages::redact(tx, &redacted, &at)?;
            if let Some(event) = events.get(&c.id) {
                let body = serde_json::to_string(&redacted)
                    .map_err(|e| StoreError::Damaged(format!("passage does not serialise: {e}")))?;
                outbox::replace_body(tx, event.seq, &body)?;
            }
        }
        audit::record(tx, WHO, plan.audit_event(), now)?;
        meta::set(tx, LAST_RUN_KEY, &today.to_string())
    })?;
    if let Some(warning) = plan.warning_message(Lang::En) {
        tracing::warn!("{warning}");
    }
    tracing::info!(
        redacted = plan.redact.len(),
        held = plan.held.len(),
        warned = plan.warnings.len(),
        "retention run for {today}"
    );
    Ok(plan)
}

/// The day the job last ran on this store.
pub fn last_run(terminal: &Terminal) -> Result<Option<NaiveDate>, AppError> {
    let Some(text) = meta::get(terminal.store().conn(), LAST_RUN_KEY)? else {
        return Ok(None);
    };
    Ok(Some(text.parse().map_err(|_| {
        StoreError::Damaged(format!("{LAST_RUN_KEY} `{text}`"))
    })?))
}

/// The day a run last failed in this process: not tried again until the
/// next day (or the next start), so a store fault is logged once a day and
/// not on every tick.
static FAILED_ON: Mutex<Option<NaiveDate>> = Mutex::new(None);

/// The kiosk's daily run, called on every tick: runs the job with the
/// configured policy when it has not run today (`retention::due`), which is
/// the first tick after the kiosk starts and the first after midnight. It
/// never stops the gate: a failure is logged and tried again the next day.
pub fn daily(now: DateTime<FixedOffset>, terminal: &mut Terminal) {
    let today = now.date_naive();
    let failed_today = FAILED_ON
        .lock()
        .map(|failed| *failed == Some(today))
        .unwrap_or(false);
    if failed_today {
        return;
    }
    let outcome = last_run(terminal).and_then(|last| {
        if retention::due(last, today) {
            let policy = super::config::current().retention;
            run_at(terminal, today, policy, now).map(Some)
        } else {
            Ok(None)
        }
    });
    if let Err(e) = outcome {
        tracing::error!("the daily retention run failed: {e}");
        if let Ok(mut failed) = FAILED_ON.lock() {
            *failed = Some(today);
        }
    }
}

/// The lead's warning on `today`, when passages will soon lose their
/// personal fields without the district having them.
pub fn warning(
    terminal: &Terminal,
    today: NaiveDate,
    lang: Lang,
) -> Result<Option<String>, AppError> {
    let policy = super::config::current().retention;
    let (_, facts) = facts(terminal, today, policy)?;
    Ok(retention::plan(&facts, today, policy).warning_message(lang))
}

#[cfg(test)]
mod tests;
