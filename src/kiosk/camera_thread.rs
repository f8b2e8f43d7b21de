//! The camera thread, tied to the kiosk: its reports become intents for
//! the controller, its previews go straight to the viewfinder.
//!
//! Previews skip the controller on purpose: they are image data at ten a
//! second with no decision in them, and the controller's thread is where
//! the store works. Everything that means something (the camera's state,
//! the cameras present, a pass read) goes through the controller like any
//! other intent.

use std::sync::mpsc::Sender;

use kakou_scan::camera::{CameraEvent, CameraStatus, CameraWorker, Cameras};
use kakou_scan::{Debouncer, GrayImage, ScanCounters};
use slint::{ComponentHandle, Image, Rgb8Pixel, SharedPixelBuffer};

use super::intent::Intent;
use super::ui::{AppWindow, GateAdapter};

/// Owns the camera thread and restarts it when the chosen camera changes.
pub struct CameraThread {
    /// Where cameras come from: the system's, or a recording.
    cameras: Box<dyn Fn() -> Box<dyn Cameras>>,
    worker: Option<CameraWorker>,
    intents: Sender<Intent>,
    ui: slint::Weak<AppWindow>,
}

impl CameraThread {
    pub fn new(
        ui: &AppWindow,
        intents: Sender<Intent>,
        cameras: impl Fn() -> Box<dyn Cameras> + 'static,
    ) -> CameraThread {
        CameraThread {
            cameras: Box::new(cameras),
            worker: None,
            intents,
            ui: ui.as_weak(),
        }
    }

    /// (Re)starts the camera thread on `choice` (`None`: the first camera
    /// that works). The binder calls this only when the choice changes.
    pub fn follow(&mut self, choice: Option<u32>) {
        self.stop();
        let (intents, ui) = (self.intents.clone(), self.ui.clone());
        let forward = move |event| forward(&intents, &ui, event);
        match CameraWorker::spawn((self.cameras)(), choice, Debouncer::default(), forward) {
            Ok(worker) => self.worker = Some(worker),
            Err(e) => {
                let reason = format!("cannot start the camera thread: {e}");
                let _ = self
                    .intents
                    .send(Intent::Camera(CameraStatus::Missing { reason }));
            }
        }
    }

    /// What the camera thread has done so far, while it runs.
    pub fn counters(&self) -> Option<ScanCounters> {
        self.worker.as_ref().map(CameraWorker::counters)
    }

    /// Stops the camera thread and releases the camera, without waiting
    /// for it here.
    ///
    /// nokhwa waits for a V4L2 frame with no timeout, so a wedged camera
    /// driver could hold the thread in that wait for good; joining it on the
    /// UI thread would freeze the screen. The join happens on a throwaway
    /// thread instead. A new camera thread that finds the device still held
    /// reports it missing and opens it on its next try, a quarter second on.
    pub fn stop(&mut self) {
        if let Some(worker) = self.worker.take() {
            let _ = std::thread::Builder::new()
                .name("camera-stop".into())
                .spawn(move || drop(worker));
        }
    }
}

fn forward(intents: &Sender<Intent>, ui: &slint::Weak<AppWindow>, event: CameraEvent) {
    // A closed channel means the kiosk is closing; nothing is left to tell.
    let _ = match event {
        CameraEvent::Status(status) => {
            // Logged as well, so a camera that comes and goes at night can
            // be traced afterwards.
            tracing::info!(target: "kakou::say", "kakou kiosk: camera {status:?}");
            intents.send(Intent::Camera(status))
        }
        CameraEvent::Devices(devices) => intents.send(Intent::CameraDevices(devices)),
        CameraEvent::Scan(text) => {
            // Only the fact, not the pass: the log is not a register.
            tracing::info!(target: "kakou::say", "kakou kiosk: camera read a code");
            intents.send(Intent::Scan(text))
        }
        CameraEvent::Preview(frame) => {
            let pixels = rgb_pixels(&frame);
            let _ = ui.upgrade_in_event_loop(move |ui| {
                ui.global::<GateAdapter>()
                    .set_camera_frame(Image::from_rgb8(pixels));
            });
            Ok(())
        }
    };
}

/// A grey frame as the RGB pixels Slint shows.
fn rgb_pixels(frame: &GrayImage) -> SharedPixelBuffer<Rgb8Pixel> {
    let mut pixels = SharedPixelBuffer::<Rgb8Pixel>::new(frame.width(), frame.height());
    for (out, grey) in pixels.make_mut_slice().iter_mut().zip(frame.as_raw()) {
        *out = Rgb8Pixel::new(*grey, *grey, *grey);
    }
    pixels
}
