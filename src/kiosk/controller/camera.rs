//! The camera as the kiosk sees it: its state on the gate screen, and the
//! lead's choice of camera.
//!
//! The camera itself runs on its own thread (see `camera_thread`); what it
//! reports arrives here as intents, so the wording follows the language
//! switch like every other text, and the choice is saved with the store.

use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::context::Context;
use crate::app::AppError;
use crate::app::camera_choice::{self, CameraChoice};
use crate::kiosk::view::ScreenId;

#[derive(Debug, Default)]
pub(super) struct CameraScreen {
    /// The latest status; `None` until the camera thread has said anything.
    status: Option<CameraStatus>,
    /// The cameras present, as last listed.
    devices: Vec<CameraInfo>,
    /// The lead's choice, as saved.
    choice: CameraChoice,
    /// The camera thread's totals, as last reported.
    counters: Option<ScanCounters>,
}

impl CameraScreen {
    pub(super) fn new(choice: CameraChoice) -> CameraScreen {
        CameraScreen {
            choice,
            ..CameraScreen::default()
        }
    }

    pub(super) fn status(&mut self, cx: &mut Context, status: CameraStatus) {
        self.status = Some(status);
        self.word(cx);
    }

    pub(super) fn devices(&mut self, cx: &mut Context, devices: Vec<CameraInfo>) {
        self.devices = devices;
        self.word(cx);
    }

    /// Keeps the camera thread's totals. They change every second while a
    /// camera streams, and only the lead screen shows them, so the view is
    /// only reworded there: elsewhere a new view would cross to the UI
    /// thread every second for nothing. Opening the lead screen words them.
    pub(super) fn counters(&mut self, cx: &mut Context, counters: ScanCounters) {
        self.counters = Some(counters);
        if cx.view.screen == ScreenId::Lead {
            self.word(cx);
        }
    }

    /// The lead's "switch camera": the next choice in turn, saved, and the
    /// camera thread restarted on it (through the view's `app.camera`).
    pub(super) fn next(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let present: Vec<u32> = self.devices.iter().map(|d| d.index).collect();
        let choice = camera_choice::next(self.choice, &present);
        camera_choice::save(cx.session.terminal_mut(), choice)?;
        self.choice = choice;
        // Until the restarted camera reports, say it is opening rather than
        // show the previous camera's state.
        self.status = Some(CameraStatus::Opening);
        self.word(cx);
        Ok(())
    }

    /// Words the camera's state for the gate and the lead screen.
    pub(super) fn word(&self, cx: &mut Context) {
        let words = cx.words();
        let status = self.status.as_ref();
        cx.view.app.camera = self.choice;
        let gate = &mut cx.view.gate;
        gate.camera_live = matches!(status, Some(CameraStatus::Live { .. }));
        gate.camera_status = words.camera_status(status);
        let lead = &mut cx.view.lead;
        lead.camera_choice = words.camera_choice(self.choice, &self.devices);
        lead.camera_note = match status {
            Some(CameraStatus::Missing { reason }) => words.camera_reason(reason),
            Some(CameraStatus::Absent) => words.no_camera_found().into(),
            _ => String::new(),
        };
        lead.camera_counts = self
            .counters
            .filter(|c| c.frames > 0 || c.frame_errors > 0)
            .map(|c| words.camera_counts(&c))
            .unwrap_or_default();
        lead.cameras = self
            .devices
            .iter()
            .map(|d| format!("{} · {}", d.index, d.name))
            .collect();
    }
}
