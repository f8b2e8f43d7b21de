//! One sync round: push everything pending, then pull everything new.

use chrono::{DateTime, FixedOffset};
use kakou_core::sync::Envelope;
use kakou_core::sync::plan::{PushAnswer, after_push};
use kakou_core::sync::protocol::{DEFAULT_PULL_LIMIT, MAX_BATCH};
use serde::Serialize;

use super::{SyncError, apply};
use crate::app::{Terminal, reports};
use crate::remote::{CallError, District};
use crate::store::{StoreError, meta, outbox};

/// What a round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoundReport {
    /// Events sent (a resend counts again).
    pub pushed: u64,
    /// The highest seq the district acknowledged.
    pub acked_through: u64,
    /// Events still waiting after the round (0 when it completed).
    pub pending: u64,
    /// Master-data changes pulled.
    pub pulled: u64,
    /// Household edits that lost to newer ones (kept for the lead).
    pub conflicts: u64,
    /// Household stamps from a clock too far ahead, clamped.
    pub clamped: u64,
    /// Keys the district named differently from this gate, left as they were.
    pub key_conflicts: u64,
}

/// Pushes the whole outbox and pulls every change, at `now`. The daily
/// reports of days that have ended are queued first, so a gate that was
/// off for days still reports each of them (the zero report included).
pub fn round(
    terminal: &mut Terminal,
    district: &District,
    token: &str,
    now: DateTime<FixedOffset>,
) -> Result<RoundReport, SyncError> {
    reports::submit_due(terminal, now)?;
    let mut report = RoundReport::default();
    push_all(terminal, district, token, now, &mut report)?;
    pull_all(terminal, district, token, now, &mut report)?;
    let at = now.to_rfc3339();
    terminal
        .store_mut()
        .write(|tx| meta::set_last_sync(tx, &at))?;
    report.pending = outbox::pending_count(terminal.store().conn())?;
    Ok(report)
}

fn envelopes(terminal: &Terminal, from: u64) -> Result<Vec<Envelope>, StoreError> {
    let terminal_id = &terminal.settings().terminal_id;
    outbox::batch_from(terminal.store().conn(), from as i64, MAX_BATCH)?
        .into_iter()
        .map(|e| {
            let body = match serde_json::from_str(&e.body) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => return Err(StoreError::Damaged(format!("event {} body", e.seq))),
            };
            Ok(Envelope {
                id: e.event_id,
                seq: e.seq as u64,
                kind: e.kind,
                body_version: e.body_version,
                hlc: e.hlc,
                day: e.day,
                terminal: terminal_id.clone(),
                body,
            })
        })
        .collect()
}

fn push_all(
    terminal: &mut Terminal,
    district: &District,
    token: &str,
    now: DateTime<FixedOffset>,
    report: &mut RoundReport,
) -> Result<(), SyncError> {
    let at = now.to_rfc3339();
    let Some(mut from) = outbox::first_pending(terminal.store().conn())? else {
        report.acked_through = outbox::acked_through(terminal.store().conn())? as u64;
        return Ok(());
    };
    // A district that keeps answering with less than was sent would keep
    // the round going for ever; a handful of turns without progress ends it.
    let mut idle_turns = 0;
    loop {
        let batch = envelopes(terminal, from as u64)?;
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
            break;
        };
        let (first, last) = (first.seq, last.seq);
        report.pushed += batch.len() as u64;
        let answer = match district.push(token, &batch) {
            Ok(ok) => PushAnswer::Acked(ok.acked_through),
            Err(CallError::Refused(body)) => PushAnswer::Refused(body),
            Err(CallError::Unreachable(_) | CallError::Garbled(_)) => PushAnswer::NoAnswer,
            Err(other) => return Err(other.into()),
        };
        let step = after_push(first, last, &answer);
        if let Some(through) = step.mark_through {
            terminal
                .store_mut()
                .write(|tx| outbox::acknowledge_through(tx, through as i64, &at))?;
            report.acked_through = report.acked_through.max(through);
        }
        if let Some(stop) = step.stop {
            return Err(stop.into());
        }
        let next = step.next_from.unwrap_or(last + 1);
        idle_turns = if next <= first { idle_turns + 1 } else { 0 };
        if idle_turns > 3 {
            return Err(SyncError::Refused(
                "the district keeps acknowledging less than it was sent".into(),
            ));
        }
        from = next as i64;
    }
    Ok(())
}

fn pull_all(
    terminal: &mut Terminal,
    district: &District,
    token: &str,
    now: DateTime<FixedOffset>,
    report: &mut RoundReport,
) -> Result<(), SyncError> {
    let mut since = meta::sync_cursor(terminal.store().conn())?;
    loop {
        let page = district.pull(token, since, DEFAULT_PULL_LIMIT)?;
        let applied = apply::page(terminal, &page, now)?;
        report.pulled += page.changes.len() as u64;
        report.conflicts += applied.conflicts;
        report.clamped += applied.clamped;
        report.key_conflicts += applied.key_conflicts;
        if !page.more || page.cursor == since {
            return Ok(());
        }
        since = page.cursor;
    }
}
