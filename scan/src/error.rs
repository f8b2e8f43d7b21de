//! The errors a caller of the scan crate can see.

use std::path::PathBuf;

/// Why a frame could not be had. Decoding itself never fails: a frame with
/// no readable code is an empty [`crate::Decoded`], not an error.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The file could not be read at all (missing, no permission, a folder).
    #[error("cannot read image file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not an image format we can decode.
    #[error("{path} is not a readable image (png, jpeg, gif or bmp): {source}")]
    NotAnImage {
        path: PathBuf,
        #[source]
        source: image::ImageError,
    },
    /// A camera was asked for but is missing, busy or refused to stream.
    #[error("camera unavailable: {0}")]
    Camera(String),
    /// One camera frame could not be turned into an image (torn transfer,
    /// corrupt JPEG); the stream itself may be fine.
    #[error("bad camera frame: {0}")]
    Frame(String),
}

impl ScanError {
    /// A stable machine-readable code for logs and JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Read { .. } => "read_failed",
            ScanError::NotAnImage { .. } => "not_an_image",
            ScanError::Camera(_) => "camera_unavailable",
            ScanError::Frame(_) => "bad_frame",
        }
    }
}
