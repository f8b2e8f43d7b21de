//! The camera as the kiosk sees it: its state on the gate screen, and the
//! lead's choice of camera.
//!
//! The camera itself runs on its own thread (see `camera_link`); what it
//! reports arrives here as intents, so the wording follows the language
//! switch like every other text, and the choice is saved with the store.

use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::controller::Controller;
use super::view::ScreenId;
use super::words;
use crate::app::camera_choice::{self, CameraChoice};
use crate::store::StoreError;

/// What the controller knows about the camera.
#[derive(Debug, Default)]
pub(super) struct CameraState {
    /// The latest status; `None` until the camera thread has said anything.
    status: Option<CameraStatus>,
    /// The cameras present, as last listed.
    devices: Vec<CameraInfo>,
    /// The lead's choice, as saved.
    choice: CameraChoice,
    /// The camera thread's totals, as last reported.
    counters: Option<ScanCounters>,
}

impl CameraState {
    pub(super) fn new(choice: CameraChoice) -> CameraState {
        CameraState {
            choice,
            ..CameraState::default()
        }
    }
}

impl Controller {
    pub(super) fn camera_status(&mut self, status: CameraStatus) {
        self.camera.status = Some(status);
        self.word_camera();
    }

    pub(super) fn camera_devices(&mut self, devices: Vec<CameraInfo>) {
        self.camera.devices = devices;
        self.word_camera();
    }

    /// Keeps the camera thread's totals. They change every second while a
    /// camera streams, and only the lead screen shows them, so the view is
    /// only reworded there: elsewhere a new view would cross to the UI
    /// thread every second for nothing. Opening the lead screen words them.
    pub(super) fn camera_counters(&mut self, counters: ScanCounters) {
        self.camera.counters = Some(counters);
        if self.view.screen == ScreenId::Lead {
            self.word_camera();
        }
    }

    /// The lead's "switch camera": the next choice in turn, saved, and the
    /// camera thread restarted on it (through the view's `app.camera`).
    pub(super) fn next_camera(&mut self) -> Result<(), StoreError> {
        let present: Vec<u32> = self.camera.devices.iter().map(|d| d.index).collect();
        let choice = camera_choice::next(self.camera.choice, &present);
        camera_choice::save(self.session.store_mut(), choice)?;
        self.camera.choice = choice;
        // Until the restarted camera reports, say it is opening rather than
        // show the previous camera's state.
        self.camera.status = Some(CameraStatus::Opening);
        self.word_camera();
        Ok(())
    }

    /// Words the camera's state for the gate and the lead screen.
    pub(super) fn word_camera(&mut self) {
        let lang = self.lang;
        let status = self.camera.status.as_ref();
        self.view.app.camera = self.camera.choice;
        let gate = &mut self.view.gate;
        gate.camera_live = matches!(status, Some(CameraStatus::Live { .. }));
        gate.camera_status = words::camera_status(lang, status);
        let lead = &mut self.view.lead;
        lead.camera_choice = words::camera_choice(lang, self.camera.choice, &self.camera.devices);
        lead.camera_note = match status {
            Some(CameraStatus::Missing { reason }) => {
                format!("{}{reason}", lang.pick("原因：", "Reason: "))
            }
            Some(CameraStatus::Absent) => lang.pick("未发现摄像头", "No camera found").into(),
            _ => String::new(),
        };
        lead.camera_counts = self
            .camera
            .counters
            .filter(|c| c.frames > 0 || c.frame_errors > 0)
            .map(|c| words::camera_counts(lang, &c))
            .unwrap_or_default();
        lead.cameras = self
            .camera
            .devices
            .iter()
            .map(|d| format!("{} · {}", d.index, d.name))
            .collect();
    }
}
