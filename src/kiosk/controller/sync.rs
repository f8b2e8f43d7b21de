//! Sync with the district as the kiosk shows it: the status bar's state
//! (online or not, the last sync, what waits) and the lead's line with
//! 立即同步. The rounds themselves run on the sync thread
//! (`kiosk::sync_thread`); this controller only hears its news and
//! passes the lead's request on.

use chrono::{DateTime, FixedOffset};
use kakou_core::sync::schedule::Link;

use super::context::Context;
use crate::app::{AppError, sync};
use crate::kiosk::intent::{SyncProblem, SyncSeen};
use crate::kiosk::sync_thread::SyncHandle;
use crate::kiosk::words::SyncFacts;

#[derive(Default)]
pub(super) struct SyncScreen {
    /// The sync thread, when this kiosk runs one (not in demo mode).
    handle: Option<SyncHandle>,
    /// The thread's latest news; none before its first round.
    seen: Option<SyncSeen>,
    /// The lead asked for a round that has not reported yet.
    asked: bool,
}

impl SyncScreen {
    pub(super) fn set_handle(&mut self, handle: SyncHandle) {
        self.handle = Some(handle);
    }

    /// A round ended on the sync thread.
    pub(super) fn news(&mut self, cx: &mut Context, seen: SyncSeen) -> Result<(), AppError> {
        self.seen = Some(seen);
        self.asked = false;
        self.word(cx)
    }

    /// The lead's 立即同步.
    pub(super) fn now(&mut self, cx: &mut Context) -> Result<(), AppError> {
        self.asked = self.handle.as_ref().is_some_and(|h| h.sync_now());
        self.word(cx)
    }

    /// The status bar and the lead's line, from the store's sync state
    /// (the last complete round, the events waiting) and the latest news.
    pub(super) fn word(&self, cx: &mut Context) -> Result<(), AppError> {
        let status = sync::status(cx.session.terminal())?;
        let link = self.seen.as_ref().map_or(Link::Unknown, |s| s.link);
        let last_ok = status
            .last_ok
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map(|at| when(at, cx.now()));
        let facts = SyncFacts {
            enrolled: status.enrolled,
            link,
            last_ok: last_ok.as_deref(),
            pending: status.pending,
            conflicts: status.conflicts,
            asked: self.asked,
        };
        let problem = match self.seen.as_ref().and_then(|s| s.problem.as_ref()) {
            Some(SyncProblem::Other { zh, en }) => Some(cx.lang.pick(zh, en)),
            Some(SyncProblem::NotEnrolled) | None => None,
        };
        let words = cx.words();
        cx.view.app.online = status.enrolled && link == Link::Online;
        cx.view.app.sync_note = words.link(&facts);
        cx.view.lead.sync_note = words.lead_note(&facts, problem);
        cx.view.lead.can_sync = status.enrolled && self.handle.is_some() && !self.asked;
        Ok(())
    }
}

/// The time of day for today, else the date and time.
fn when(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let at = at.with_timezone(now.offset());
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M").to_string()
    } else {
        at.format("%m-%d %H:%M").to_string()
    }
}
