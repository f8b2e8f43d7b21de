//! The live camera: which cameras there are, opening one, and what the gate
//! screen is told about it.
//!
//! A camera at a gate is unplugged, knocked loose and swapped while the
//! kiosk runs. Nothing here ever ends the program over it: a camera that is
//! missing or stops delivering frames is reported as
//! [`CameraStatus::Missing`] and opened again with a growing pause
//! ([`retry_delay`]), and the kiosk keeps working from the USB scanner and
//! the manual field meanwhile.
//!
//! - [`Cameras`] / [`CameraStream`]: the device seam. [`system_cameras`] is
//!   the real one (nokhwa, V4L2 on Linux) when the `camera` feature is on;
//!   tests put recorded frames behind the same traits.
//! - [`CameraFeed`]: a [`crate::FrameSource`] over a [`Cameras`] that opens,
//!   retries and reports.
//! - [`CameraWorker`]: the feed and the decode pipeline on one thread,
//!   reporting everything as [`CameraEvent`]s.

mod feed;
mod recorded;
mod system;
mod worker;

pub use feed::{CameraFeed, PREVIEW_WIDTH, UNPLUGGED_AFTER, retry_delay};
pub use recorded::RecordedCameras;
pub use system::system_cameras;
pub use worker::CameraWorker;

use crate::ScanError;
use image::GrayImage;

/// One camera the system offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraInfo {
    /// The index to open it by (on Linux, N of /dev/videoN).
    pub index: u32,
    /// What the device calls itself ("HD USB Camera").
    pub name: String,
    /// Driver and bus details, for telling two identical cameras apart.
    pub detail: String,
}

/// What the gate screen shows about the camera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraStatus {
    /// Opening the camera.
    Opening,
    /// Frames are coming from the named camera.
    Live { name: String },
    /// No camera is plugged in at all. Retried until one is.
    Absent,
    /// The camera cannot be used: the chosen one is gone or busy, or it
    /// stopped delivering frames. `reason` is the system's own words.
    /// Retried until it comes back.
    Missing { reason: String },
    /// This build of kakou has no camera support; the USB scanner and the
    /// manual field still work.
    Unsupported,
}

/// What the camera worker reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraEvent {
    /// The camera's state changed.
    Status(CameraStatus),
    /// The cameras the system offers changed (read on every open attempt).
    Devices(Vec<CameraInfo>),
    /// A small grey copy of a recent frame, for the viewfinder.
    Preview(GrayImage),
    /// A pass read, after debouncing: one per showing.
    Scan(String),
}

/// Why a camera could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// No camera is there to open; worth trying again later.
    Absent,
    /// No such camera, or it refused to stream; worth trying again later.
    Missing(String),
    /// This build cannot open cameras at all; trying again will not help.
    Unsupported,
}

/// The cameras of a system, and opening one of them.
pub trait Cameras: Send {
    /// The cameras present now, in index order.
    fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError>;
    /// Opens the camera at `index` and starts it streaming. ("The first
    /// camera that works" is [`CameraFeed`]'s job, over the list.)
    fn open(&mut self, index: u32) -> Result<Box<dyn CameraStream>, OpenError>;
}

/// An open, streaming camera.
pub trait CameraStream {
    /// The name shown on the gate screen.
    fn name(&self) -> String;
    /// Blocks until the next frame. An error may be one bad frame or the
    /// camera gone; the feed tells them apart by how many come in a row.
    fn next_frame(&mut self) -> Result<GrayImage, ScanError>;
}
