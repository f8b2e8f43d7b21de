//! The kiosk: the gate volunteer's Slint app.
//!
//! Three layers, so that the UI thread never waits on the store:
//! - [`controller`] (worker thread) turns [`Intent`]s into gate-flow events
//!   and lead actions through `app`, one controller per screen, and words
//!   the outcome as a [`view::View`] with [`words`];
//! - [`adapters`] (UI thread) copies views into the Slint adapter globals,
//!   one module per screen, and turns the adapters' callbacks into intents;
//! - [`worker`] carries intents to the controller and views back with
//!   `upgrade_in_event_loop`.
//!
//! [`camera_thread`] runs the camera beside them; [`walk`] drives the
//! running app to a screen for the screenshot script; [`first_run`] is
//! what the kiosk shows when there is no store yet.

pub mod adapters;
mod camera_thread;
pub mod controller;
pub mod first_run;
pub mod intent;
pub mod keypad;
pub mod sync_thread;
pub mod ui;
pub mod view;
mod walk;
pub mod words;
pub mod worker;

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use kakou_core::lang::Lang;
use kakou_core::sync::schedule::Timing;
use kakou_scan::camera::{Cameras, RecordedCameras, system_cameras};
use kakou_voice::RodioSpeaker;
use slint::ComponentHandle;

pub use controller::Controller;
pub use intent::{Intent, IntentSink, RegistrationInput, SupplyAction};
pub use walk::Walk;

use crate::app::{GateSession, Terminal, demo, setup};
use crate::clock::{Clock, SystemClock};
use ui::{AppAdapter, AppWindow};

/// How the kiosk starts.
#[derive(Debug, Default)]
pub struct Options {
    /// The store to open.
    pub db: PathBuf,
    /// Run on the bundled demo community (a separate store, marked DEMO).
    pub demo: bool,
    /// Full screen; only the lead (with the PIN) can leave.
    pub fullscreen: bool,
    /// Walk to a screen after start, for screenshots.
    pub walk: Option<Walk>,
    /// Play the image files in this folder as the camera.
    pub camera_replay: Option<PathBuf>,
}

/// Opens the kiosk's store and the controller on it. With `demo`, the demo
/// store at `db` (made, folder and all, when absent); else the store at
/// `db`, which must exist: nothing is created there, and its absence is
/// `AppError::NoStore`, which the worker shows as the first-run screen.
/// The kiosk calls this on the worker thread, so a slow disk does not
/// delay the first frame.
pub fn open(db: &Path, demo: bool, lang: Lang, clock: Box<dyn Clock>) -> Result<Controller> {
    let (terminal, cards) = if demo {
        if let Some(folder) = db.parent() {
            std::fs::create_dir_all(folder)?;
        }
        demo::prepare_kiosk(db, clock.now().date_naive())?
    } else {
        (Terminal::open(db)?, Vec::new())
    };
    let session = GateSession::open(terminal, controller::NO_VOLUNTEER);
    Ok(Controller::new(session, clock, lang, cards)?)
}

/// The system's cameras, or a recording played as camera 0.
fn camera_source(replay: Option<PathBuf>) -> Result<impl Fn() -> Box<dyn Cameras>> {
    let recording = match replay {
        Some(dir) => Some(
            RecordedCameras::from_dir(&dir, Duration::from_millis(100))
                .with_context(|| format!("cannot read the camera recording {}", dir.display()))?,
        ),
        None => None,
    };
    Ok(move || -> Box<dyn Cameras> {
        match &recording {
            Some(recording) => Box::new(recording.clone()),
            None => system_cameras(),
        }
    })
}

/// Runs the kiosk until the lead exits it. Without `--demo`, a missing
/// store shows the first-run screen, which says how to make one; the demo
/// is only ever shown when asked for.
pub fn run(options: Options, lang: Lang) -> Result<()> {
    let started = Instant::now();
    let demo = options.demo;
    let db = if demo {
        setup::default_demo_db()
    } else {
        options.db.clone()
    };
    let ui = AppWindow::new()?;
    // Chinese is the source language: only English needs selecting, and
    // only now that the window (and with it the translations) exists.
    if lang != Lang::Zh {
        adapters::select_language(lang);
    }
    ui.set_kiosk_mode(options.fullscreen);
    ui.global::<AppAdapter>().set_demo_pin(if demo {
        demo::DEMO_PIN.into()
    } else {
        Default::default()
    });
    // Sync with the district runs on a thread of its own, beside the
    // worker; not for the demo (never enrolled) nor before a store exists.
    let relay = sync_thread::NewsRelay::default();
    let sync = if demo || !db.exists() {
        None
    } else {
        let relay = relay.clone();
        let thread = sync_thread::SyncThread::spawn(
            db.clone(),
            Box::new(SystemClock),
            Timing::default(),
            move |news| relay.pass(&news),
        )?;
        Some(thread)
    };
    let sync_handle = sync.as_ref().map(sync_thread::SyncThread::handle);
    let worker = worker::Worker::spawn(
        &ui,
        move || {
            let mut controller = open(&db, demo, lang, Box::new(SystemClock))?;
            if let Some(handle) = sync_handle {
                controller = controller.with_sync(handle)?;
            }
            // The speaker opens the audio device on its own thread. A gate
            // without one (no speaker plugged in) is silent, and the status
            // bar says so once the speaker has looked.
            let speaker = RodioSpeaker::start(controller.voice_settings(), |_| {});
            Ok(controller.with_speaker(Arc::new(speaker)))
        },
        lang,
        started,
    );
    relay.connect(worker.intents());
    let sink = worker.sender();
    let exit: Rc<dyn Fn()> = Rc::new(|| {
        let _ = slint::quit_event_loop();
    });
    adapters::wire(&ui, sink.clone(), exit);
    // The camera starts on the controller's first view, which carries the
    // saved choice, and restarts whenever the lead picks another camera.
    let cameras = camera_source(options.camera_replay.clone())?;
    let camera = Rc::new(std::cell::RefCell::new(camera_thread::CameraThread::new(
        &ui,
        worker.intents(),
        cameras,
    )));
    {
        let camera = camera.clone();
        worker::follow_camera(move |choice| camera.borrow_mut().follow(choice));
    }
    let tick = slint::Timer::default();
    {
        let (sink, camera) = (sink.clone(), camera.clone());
        tick.start(
            slint::TimerMode::Repeated,
            Duration::from_secs(1),
            move || {
                sink(Intent::Tick);
                if let Some(counters) = camera.borrow().counters() {
                    sink(Intent::CameraCounters(counters));
                }
            },
        );
    }
    if options.fullscreen {
        ui.window().set_fullscreen(true);
        // Only the lead's "退出程序" (behind the PIN) ends kiosk mode.
        ui.window()
            .on_close_requested(|| slint::CloseRequestResponse::KeepWindowShown);
    }
    if let Some(walk) = options.walk {
        walk::start(&ui, sink.clone(), walk);
    }
    ui.run()?;
    camera.borrow_mut().stop();
    relay.disconnect();
    drop(sync);
    drop(worker);
    Ok(())
}
