//! QR scanning for kakou: frame sources feed one decode pipeline.
//!
//! - [`decode_luma`] / [`decode_file`]: decode one frame or image file; never
//!   panics (decoder panics are contained and reported in [`Decoded`]).
//!   Files are bounded by [`FileLimits`] (regular files only, bytes, pixels,
//!   time); [`decode_luma_until`] stops at a [`Deadline`].
//! - [`FrameSource`]: where frames come from ([`ImageFiles`] for recorded
//!   sequences, [`camera::CameraFeed`] for a live camera).
//! - [`camera::CameraWorker`]: a camera and the pipeline on one thread,
//!   reporting its status (missing, live, unplugged) as well as scans. The
//!   real device (nokhwa) is behind the `camera` feature.
//! - [`Scanner`]: runs the pipeline on a worker thread and emits one
//!   [`ScanEvent`] per pass shown, through a [`Debouncer`].
//! - [`WedgeAssembler`]: turns the keystrokes of a USB "keyboard wedge"
//!   scanner into scans, telling them apart from a person typing.

pub mod camera;
pub mod engine;

mod deadline;
mod debounce;
mod error;
mod file;
mod frame_source;
mod pipeline;
mod raw_frame;
mod scanner;
mod wedge;

/// Frames are `image` grey buffers; re-exported so callers need not pin the
/// same `image` version themselves.
pub use image::GrayImage;

pub use deadline::{Deadline, Never};
pub use debounce::Debouncer;
pub use error::ScanError;
pub use file::{FileLimits, decode_file, decode_file_with, load_gray, load_gray_with};
pub use frame_source::{FrameSource, ImageFiles};
pub use pipeline::{Decoded, decode_luma, decode_luma_until};
pub use raw_frame::{PixelLayout, RawFrame, preview_of};
pub use scanner::{ScanCounters, ScanEvent, Scanner};
pub use wedge::{WedgeAssembler, WedgeConfig};
