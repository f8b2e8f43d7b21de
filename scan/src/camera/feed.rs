//! Frames from whichever camera is there, through unplugging and replugging.

use super::{CameraEvent, CameraInfo, CameraStatus, CameraStream, Cameras, OpenError};
use crate::raw_frame::preview_of;
use crate::{FrameSource, ScanError};
use image::GrayImage;
use std::time::Duration;

/// This many failed frames in a row mean the camera is gone (unplugged, or
/// its driver wedged), not one torn transfer: it is closed and reopened.
pub const UNPLUGGED_AFTER: u32 = 3;

/// The width of viewfinder previews, in pixels: enough to aim a card by,
/// small enough to copy to the UI thread several times a second.
pub const PREVIEW_WIDTH: u32 = 480;

/// Every this many frames one is copied to the viewfinder (10 a second from
/// a 30 fps camera); the decoder still sees every frame.
const PREVIEW_EVERY: u64 = 3;

/// How long to wait before open attempt `attempt + 1` after `attempt`
/// failures in a row: quick at first, so a camera that was only being
/// plugged in is picked up at once, then every few seconds, so a gate with
/// no camera does not spend its CPU probing for one.
pub fn retry_delay(attempt: u32) -> Duration {
    const STEPS_MS: [u64; 5] = [250, 500, 1000, 2000, 5000];
    Duration::from_millis(STEPS_MS[(attempt as usize).min(STEPS_MS.len() - 1)])
}

/// A [`FrameSource`] that opens a camera, reports its state and keeps
/// trying when it is missing or goes away.
///
/// It ends (returns `None`) only when `wait` says to stop, or when the build
/// has no camera support at all.
pub struct CameraFeed {
    cameras: Box<dyn Cameras>,
    index: Option<u32>,
    stream: Option<Box<dyn CameraStream>>,
    open_failures: u32,
    frame_errors_in_row: u32,
    frames: u64,
    last_status: Option<CameraStatus>,
    last_devices: Option<Vec<CameraInfo>>,
    report: Box<dyn FnMut(CameraEvent)>,
    wait: Box<dyn FnMut(Duration) -> bool>,
}

impl CameraFeed {
    /// `index` picks the camera (`None`: the first that works). `report`
    /// hears status changes, device-list changes and previews; `wait`
    /// sleeps between open attempts and returns `false` when the feed
    /// should end instead.
    pub fn new(
        cameras: Box<dyn Cameras>,
        index: Option<u32>,
        report: impl FnMut(CameraEvent) + 'static,
        wait: impl FnMut(Duration) -> bool + 'static,
    ) -> CameraFeed {
        CameraFeed {
            cameras,
            index,
            stream: None,
            open_failures: 0,
            frame_errors_in_row: 0,
            frames: 0,
            last_status: None,
            last_devices: None,
            report: Box::new(report),
            wait: Box::new(wait),
        }
    }

    /// Reports `status` unless it is what was reported last, so a camera
    /// missing for an hour is one event, not one per attempt.
    fn set_status(&mut self, status: CameraStatus) {
        if self.last_status.as_ref() != Some(&status) {
            self.last_status = Some(status.clone());
            (self.report)(CameraEvent::Status(status));
        }
    }

    /// Reports the device list if it changed.
    fn report_devices(&mut self, devices: &[CameraInfo]) {
        if self.last_devices.as_deref() != Some(devices) {
            self.last_devices = Some(devices.to_vec());
            (self.report)(CameraEvent::Devices(devices.to_vec()));
        }
    }

    /// One open attempt: the chosen camera, or with no choice each camera
    /// listed in turn until one streams.
    fn try_open(&mut self) -> Result<Box<dyn CameraStream>, OpenError> {
        let devices = self.cameras.list()?;
        self.report_devices(&devices);
        let candidates: Vec<u32> = match self.index {
            Some(index) => vec![index],
            None => devices.iter().map(|d| d.index).collect(),
        };
        let mut last_error = OpenError::Absent;
        for index in candidates {
            match self.cameras.open(index) {
                Ok(stream) => return Ok(stream),
                Err(error) => last_error = error,
            }
        }
        Err(last_error)
    }

    /// Opens the camera, waiting between failed attempts. `false` when the
    /// feed should end.
    fn open(&mut self) -> bool {
        if self.last_status.is_none() {
            self.set_status(CameraStatus::Opening);
        }
        loop {
            let error = match self.try_open() {
                Ok(stream) => {
                    let name = stream.name();
                    self.stream = Some(stream);
                    self.open_failures = 0;
                    self.frame_errors_in_row = 0;
                    self.set_status(CameraStatus::Live { name });
                    return true;
                }
                Err(error) => error,
            };
            let retry = match error {
                OpenError::Unsupported => {
                    self.set_status(CameraStatus::Unsupported);
                    return false;
                }
                OpenError::Absent => CameraStatus::Absent,
                OpenError::Missing(reason) => CameraStatus::Missing { reason },
            };
            self.set_status(retry);
            let delay = retry_delay(self.open_failures);
            self.open_failures = self.open_failures.saturating_add(1);
            if !(self.wait)(delay) {
                return false;
            }
        }
    }
}

impl FrameSource for CameraFeed {
    fn next_frame(&mut self) -> Option<Result<GrayImage, ScanError>> {
        if self.stream.is_none() && !self.open() {
            return None;
        }
        let stream = self.stream.as_mut()?;
        match stream.next_frame() {
            Ok(frame) => {
                self.frame_errors_in_row = 0;
                self.frames += 1;
                if self.frames % PREVIEW_EVERY == 1 {
                    (self.report)(CameraEvent::Preview(preview_of(&frame, PREVIEW_WIDTH)));
                }
                Some(Ok(frame))
            }
            Err(error) => {
                self.frame_errors_in_row += 1;
                if self.frame_errors_in_row >= UNPLUGGED_AFTER {
                    // Closing the stream releases the device, so the same
                    // camera can be opened again when it is plugged back;
                    // the next call reopens.
                    self.stream = None;
                    self.set_status(CameraStatus::Missing {
                        reason: error.to_string(),
                    });
                }
                Some(Err(error))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Cameras 0 (busy) and 1 (streams blank frames).
    struct BusyThenFree;

    struct Blank;

    impl CameraStream for Blank {
        fn name(&self) -> String {
            "camera one".into()
        }

        fn next_frame(&mut self) -> Result<GrayImage, ScanError> {
            Ok(GrayImage::new(8, 8))
        }
    }

    impl Cameras for BusyThenFree {
        fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError> {
            Ok([0, 1]
                .map(|index| CameraInfo {
                    index,
                    name: format!("camera {index}"),
                    detail: String::new(),
                })
                .to_vec())
        }

        fn open(&mut self, index: u32) -> Result<Box<dyn CameraStream>, OpenError> {
            match index {
                1 => Ok(Box::new(Blank)),
                _ => Err(OpenError::Missing(format!("camera {index} is busy"))),
            }
        }
    }

    fn statuses(index: Option<u32>) -> Vec<CameraStatus> {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let report = {
            let seen = seen.clone();
            move |event| {
                if let CameraEvent::Status(status) = event {
                    seen.borrow_mut().push(status);
                }
            }
        };
        let mut feed = CameraFeed::new(Box::new(BusyThenFree), index, report, |_| false);
        let frame = feed.next_frame();
        assert_eq!(frame.is_some(), index.is_none(), "{:?}", seen.borrow());
        seen.take()
    }

    #[test]
    fn automatic_takes_the_first_listed_camera_that_streams() {
        let live = CameraStatus::Live {
            name: "camera one".into(),
        };
        assert_eq!(statuses(None), vec![CameraStatus::Opening, live]);
    }

    #[test]
    fn a_chosen_camera_that_is_busy_is_reported_with_its_reason() {
        let missing = CameraStatus::Missing {
            reason: "camera 0 is busy".into(),
        };
        assert_eq!(statuses(Some(0)), vec![CameraStatus::Opening, missing]);
    }

    #[test]
    fn retries_speed_up_then_settle_at_five_seconds() {
        let delays: Vec<u64> = (0..8).map(|a| retry_delay(a).as_millis() as u64).collect();
        assert_eq!(delays, vec![250, 500, 1000, 2000, 5000, 5000, 5000, 5000]);
        assert_eq!(retry_delay(u32::MAX), Duration::from_secs(5));
    }
}
