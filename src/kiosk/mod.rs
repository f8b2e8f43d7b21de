//! The kiosk: the gate volunteer's Slint app.
//!
//! Three layers, so that the UI thread never waits on the store:
//! - [`controller`] (worker thread) turns intents into gate-flow events and
//!   words the outcome as a [`view::View`];
//! - [`bind`] (UI thread) copies views into the Slint adapters and turns the
//!   adapters' callbacks into intents;
//! - [`worker`] carries intents to the controller and views back with
//!   `upgrade_in_event_loop`.

slint::include_modules!();

pub mod bind;
mod camera_desk;
mod camera_link;
pub mod controller;
mod counts;
pub mod demo_store;
pub mod keypad;
mod lead_desk;
pub mod view;
mod walk;
pub mod words;
pub mod worker;

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use kakou_core::lang::Lang;
use kakou_scan::camera::{Cameras, RecordedCameras, system_cameras};

pub use controller::{Controller, Intent, RegistrationInput};

use crate::app::GateSession;
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Default, Args)]
pub struct KioskArgs {
    /// Run on the bundled demo community (a separate store, marked DEMO on
    /// screen; lead PIN 1234).
    #[arg(long)]
    pub demo: bool,
    /// Kiosk mode: full screen, no window decorations; only the lead (with
    /// the PIN) can leave.
    #[arg(long)]
    pub fullscreen: bool,
    /// Walk to a screen after start (gate, check, visitor, vehicle, outcome,
    /// refused, remeasure, lead), for screenshots and demonstrations.
    #[arg(long, hide = true)]
    pub walk: Option<walk::Walk>,
    /// Play the image files in this folder as the camera (10 frames a
    /// second, looping), for demonstrations and the screenshot run.
    #[arg(long, hide = true, value_name = "DIR")]
    pub camera_replay: Option<PathBuf>,
}

/// What the worker thread needs to build the controller: where the store
/// is and how to open it. Opening happens on the worker, so a slow disk
/// does not delay the first frame.
struct Startup {
    db: PathBuf,
    demo: bool,
    lang: Lang,
}

impl Startup {
    fn open(self) -> Result<Controller> {
        let clock = SystemClock;
        let (store, cards) = if self.demo {
            demo_store::prepare(&self.db, clock.now().date_naive())?
        } else {
            (crate::commands::open_existing(&self.db)?, Vec::new())
        };
        let session = GateSession::open(store, controller::NO_VOLUNTEER)?;
        Ok(Controller::new(session, Box::new(clock), self.lang, cards)?)
    }
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
/// store falls back to the demo (clearly marked), so that a fresh install
/// shows something useful instead of an error.
pub fn run(args: KioskArgs, db: &Path, lang: Lang) -> Result<()> {
    let started = Instant::now();
    let demo = args.demo || !db.exists();
    let db = if demo && !args.demo {
        eprintln!(
            "kakou kiosk: no store at {}; showing the demo community",
            db.display()
        );
        crate::demo::default_path()
    } else if args.demo {
        crate::demo::default_path()
    } else {
        db.to_path_buf()
    };
    if let Some(folder) = db.parent() {
        std::fs::create_dir_all(folder)?;
    }
    bind::select_language(lang);
    let ui = AppWindow::new()?;
    ui.set_kiosk_mode(args.fullscreen);
    use slint::ComponentHandle;
    ui.global::<AppAdapter>().set_demo_pin(if demo {
        demo_store::DEMO_PIN.into()
    } else {
        Default::default()
    });
    let startup = Startup { db, demo, lang };
    let worker = worker::Worker::spawn(&ui, move || startup.open(), started);
    let send = worker.sender();
    let exit: Rc<dyn Fn()> = Rc::new(|| {
        let _ = slint::quit_event_loop();
    });
    bind::wire(&ui, send.clone(), exit);
    // The camera starts on the controller's first view, which carries the
    // saved choice, and restarts whenever the lead picks another camera.
    let cameras = camera_source(args.camera_replay.clone())?;
    let camera = Rc::new(std::cell::RefCell::new(camera_link::CameraLink::new(
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
        let (send, camera) = (send.clone(), camera.clone());
        tick.start(
            slint::TimerMode::Repeated,
            Duration::from_secs(1),
            move || {
                send(Intent::Tick);
                if let Some(counters) = camera.borrow().counters() {
                    send(Intent::CameraCounters(counters));
                }
            },
        );
    }
    if args.fullscreen {
        ui.window().set_fullscreen(true);
        // Only the lead's "退出程序" (behind the PIN) ends kiosk mode.
        ui.window()
            .on_close_requested(|| slint::CloseRequestResponse::KeepWindowShown);
    }
    if let Some(walk) = args.walk {
        walk::start(&ui, send.clone(), walk);
    }
    ui.run()?;
    camera.borrow_mut().stop();
    drop(worker);
    Ok(())
}
