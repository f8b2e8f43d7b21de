//! Carrying intents to the controller and views back to the screen.
//!
//! The kiosk runs the controller on its own thread: SQLite commits (with
//! `synchronous=FULL`, a few milliseconds each, more on a slow SD card) and
//! lookups never block the UI thread. Views come back through
//! `upgrade_in_event_loop`. Tests use [`inline`], which runs the same
//! controller and binder on the test's thread, one intent at a time.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::Result;
use kakou_core::lang::Lang;
use slint::ComponentHandle;

use super::adapters::Binder;
use super::controller::Controller;
use super::first_run;
use super::intent::Intent;
use super::intent::IntentSink;
use super::ui::AppWindow;
use super::view::View;
use super::words::words;
use crate::app::AppError;

thread_local! {
    static BINDER: Binder = Binder::default();
}

fn show(ui: &AppWindow, view: &View) {
    BINDER.with(|b| b.apply(ui, view));
}

/// Calls `follow` with the view's camera choice on the first view and on
/// every change of it (on the UI thread).
pub fn follow_camera(follow: impl FnMut(Option<u32>) + 'static) {
    BINDER.with(|b| b.follow_camera(follow));
}

/// The controller's thread and the channel to it. Dropping the worker
/// closes the channel and waits for the intent in hand to finish, so a
/// passage being committed when the kiosk closes is committed whole.
pub struct Worker {
    intents: Option<mpsc::Sender<Intent>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker; `open` builds the controller on the worker thread.
    pub fn spawn(
        ui: &AppWindow,
        open: impl FnOnce() -> Result<Controller> + std::marker::Send + 'static,
        lang: Lang,
        started: Instant,
    ) -> Worker {
        let (tx, rx) = mpsc::channel::<Intent>();
        let weak = ui.as_weak();
        let thread = std::thread::Builder::new()
            .name("kiosk-worker".into())
            .spawn(move || {
                let mut controller = match open() {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::error!(target: "kakou::say", "kakou kiosk: {e:#}");
                        let view = failure_view(&e, lang);
                        let _ = weak.upgrade_in_event_loop(move |ui| show(&ui, &view));
                        return;
                    }
                };
                let first = controller.view().clone();
                let _ = weak.upgrade_in_event_loop(move |ui| {
                    show(&ui, &first);
                    tracing::info!(
                        target: "kakou::say",
                        "kakou kiosk: gate screen ready {} ms after start{}",
                        started.elapsed().as_millis(),
                        resident_memory()
                            .map(|kib| format!(", resident memory {} MiB", kib / 1024))
                            .unwrap_or_default()
                    );
                });
                let mut last = controller.view().clone();
                for intent in rx {
                    controller.handle(intent);
                    // Ticks change nothing most seconds; only changes cross over.
                    if *controller.view() != last {
                        last = controller.view().clone();
                        let view = last.clone();
                        let _ = weak.upgrade_in_event_loop(move |ui| show(&ui, &view));
                    }
                }
            })
            .expect("the kiosk can start a thread");
        Worker {
            intents: Some(tx),
            thread: Some(thread),
        }
    }

    /// The channel to the controller, for threads other than the UI's
    /// (the camera).
    pub fn intents(&self) -> mpsc::Sender<Intent> {
        self.intents
            .clone()
            .expect("the channel is open until the worker is dropped")
    }

    pub fn sender(&self) -> IntentSink {
        let tx = self.intents.clone();
        Rc::new(move |intent| {
            if let Some(tx) = &tx {
                // The worker only stops when the kiosk is closing.
                let _ = tx.send(intent);
            }
        })
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.intents.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs `controller` on this thread: each intent is handled and its view
/// applied before `send` returns. For UI tests with Slint's testing backend.
pub fn inline(ui: &AppWindow, controller: Controller) -> (IntentSink, Rc<RefCell<Controller>>) {
    let controller = Rc::new(RefCell::new(controller));
    show(ui, controller.borrow().view());
    let weak = ui.as_weak();
    let c = controller.clone();
    let send: IntentSink = Rc::new(move |intent| {
        let view = {
            let mut c = c.borrow_mut();
            c.handle(intent);
            c.view().clone()
        };
        if let Some(ui) = weak.upgrade() {
            show(&ui, &view);
        }
    });
    (send, controller)
}

/// What the kiosk shows when its store cannot be opened: the first-run
/// screen when there is none, else the gate with the reason and that
/// nothing can be registered until it is fixed.
pub fn failure_view(error: &anyhow::Error, lang: Lang) -> View {
    if let Some(AppError::NoStore(db)) = error.downcast_ref::<AppError>() {
        return first_run::view(db, lang);
    }
    let mut view = View::default();
    view.app.lang = lang;
    view.gate.banner = words(lang).store_cannot_open().into();
    view.gate.banner_detail = format!("{error:#} — {}", words(lang).call_the_lead());
    view
}

/// This process's resident memory in KiB, from /proc (Linux only).
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
