//! The kiosk's sync thread: rounds with the district beside the gate, on a
//! store connection of its own, as `kakou_core::sync::schedule` times them.
//!
//! The gate never waits for it: a round holds the store only for the short
//! writes of `app::sync` (marking a batch acknowledged, applying a page),
//! and the network calls happen with no transaction open. The thread
//! reports each round's end as [`SyncNews`]; the controller words it for
//! the status bar and the lead's screen.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kakou_core::lang::Lang;
use kakou_core::sync::schedule::{Link, RoundEnd, Schedule, Step, Timing};

use super::intent::{Intent, SyncProblem, SyncSeen};
use crate::app::Terminal;
use crate::app::sync::{self, RoundReport, SyncError};
use crate::clock::Clock;

/// What the sync thread tells the controller after a round or a probe.
#[derive(Debug, Clone)]
pub struct SyncNews {
    pub link: Link,
    /// The round's report, when it completed.
    pub round: Option<RoundReport>,
    /// Why the latest round did not complete.
    pub error: Option<Arc<SyncError>>,
}

impl SyncNews {
    /// The news as the controller takes it: the link, and what a person
    /// must act on. An unreachable district is no problem of that kind:
    /// the link says it, and the thread keeps trying.
    pub fn seen(&self) -> SyncSeen {
        let problem = match self.error.as_deref() {
            None => None,
            Some(e) if e.is_unreachable() => None,
            Some(SyncError::NotEnrolled) => Some(SyncProblem::NotEnrolled),
            Some(e) => Some(SyncProblem::Other {
                zh: e.message(Lang::Zh),
                en: e.message(Lang::En),
            }),
        };
        SyncSeen {
            link: self.link,
            problem,
        }
    }
}

/// Carries the sync thread's news to the controller's channel once there
/// is one, keeping the latest news until then (the thread starts before
/// the controller, which needs its handle), and dropping news once the
/// kiosk is closing, so the sync thread never keeps the worker alive.
#[derive(Clone, Default)]
pub struct NewsRelay(Arc<Mutex<Relay>>);

#[derive(Default)]
struct Relay {
    to: Option<Sender<Intent>>,
    held: Option<SyncSeen>,
}

impl NewsRelay {
    /// Sends news to `to` from now on, starting with any held.
    pub fn connect(&self, to: Sender<Intent>) {
        let mut relay = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(seen) = relay.held.take() {
            let _ = to.send(Intent::Sync(seen));
        }
        relay.to = Some(to);
    }

    /// Drops the channel: the kiosk is closing.
    pub fn disconnect(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).to = None;
    }

    /// Passes one round's news on, or holds it until connected.
    pub fn pass(&self, news: &SyncNews) {
        let mut relay = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let seen = news.seen();
        match &relay.to {
            Some(to) => {
                let _ = to.send(Intent::Sync(seen));
            }
            None => relay.held = Some(seen),
        }
    }
}

enum Command {
    Now,
    Stop,
}

/// A handle to ask the sync thread for a round now (the lead's 立即同步).
/// It can move to the controller's thread.
#[derive(Clone)]
pub struct SyncHandle(Sender<Command>);

impl SyncHandle {
    /// Asks for a round at once; `false` when the thread has ended.
    pub fn sync_now(&self) -> bool {
        self.0.send(Command::Now).is_ok()
    }
}

/// The running thread; dropping it asks the thread to end.
pub struct SyncThread {
    commands: Sender<Command>,
}

impl SyncThread {
    /// Starts the thread on the store at `db`. `news` is called on the
    /// sync thread after every round.
    pub fn spawn(
        db: PathBuf,
        clock: Box<dyn Clock>,
        timing: Timing,
        news: impl Fn(SyncNews) + Send + 'static,
    ) -> std::io::Result<SyncThread> {
        let (commands, received) = mpsc::channel();
        std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || run(&db, clock.as_ref(), timing, &received, &news))?;
        Ok(SyncThread { commands })
    }

    pub fn handle(&self) -> SyncHandle {
        SyncHandle(self.commands.clone())
    }
}

impl Drop for SyncThread {
    /// Asks the thread to end without waiting for it: it may be inside an
    /// HTTP call for up to its timeout, and the kiosk must close at once.
    /// Every write a round makes is one transaction, so ending the process
    /// in the middle of a round loses nothing: the next round resends.
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
    }
}

fn run(
    db: &std::path::Path,
    clock: &dyn Clock,
    timing: Timing,
    commands: &Receiver<Command>,
    news: &dyn Fn(SyncNews),
) {
    let started = Instant::now();
    let elapsed = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut schedule = Schedule::new(timing, elapsed());
    let mut terminal: Option<Terminal> = None;
    loop {
        match schedule.next(elapsed()) {
            Step::Wait(ms) => match commands.recv_timeout(Duration::from_millis(ms)) {
                Ok(Command::Now) => schedule.requested(elapsed()),
                Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            },
            Step::Probe => {
                let reached = probe(db, &mut terminal);
                schedule.probe_done(reached, elapsed());
            }
            Step::Round => {
                let result = round(db, &mut terminal, clock);
                let end = match &result {
                    // Events written during the round wait for the next.
                    Ok(_) => RoundEnd::Complete,
                    Err(e) if e.is_unreachable() => RoundEnd::Unreachable,
                    Err(_) => RoundEnd::Refused,
                };
                if matches!(result, Err(SyncError::App(_))) {
                    // A store error: open it afresh next time.
                    terminal = None;
                }
                schedule.round_done(end, elapsed());
                let (round, error) = match result {
                    Ok(report) => (Some(report), None),
                    Err(e) => (None, Some(Arc::new(e))),
                };
                news(SyncNews {
                    link: schedule.link(),
                    round,
                    error,
                });
            }
        }
    }
}

fn open<'a>(
    db: &std::path::Path,
    terminal: &'a mut Option<Terminal>,
) -> Result<&'a mut Terminal, SyncError> {
    if terminal.is_none() {
        *terminal = Some(Terminal::open(db)?);
    }
    Ok(terminal.as_mut().expect("opened above"))
}

fn round(
    db: &std::path::Path,
    terminal: &mut Option<Terminal>,
    clock: &dyn Clock,
) -> Result<RoundReport, SyncError> {
    let terminal = open(db, terminal)?;
    let (district, token) = sync::district(terminal)?;
    sync::round(terminal, &district, &token, clock.now())
}

/// Whether the district answers at all (its status call, which changes
/// nothing). A refusal is an answer: the round that follows says why.
fn probe(db: &std::path::Path, terminal: &mut Option<Terminal>) -> bool {
    // The kiosk names only `app` (ARCHITECTURE.md): the call is app's.
    open(db, terminal).is_ok_and(|terminal| sync::reachable(terminal))
}
