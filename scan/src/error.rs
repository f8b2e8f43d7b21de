//! The errors a caller of the scan crate can see.

use std::path::PathBuf;

/// Why a frame could not be had. Decoding itself never fails: a frame with
/// no readable code is an empty [`crate::Decoded`], not an error.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The file could not be read at all (missing, no permission).
    #[error("cannot read image file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The path names a folder, a FIFO, a device or a socket; nothing was
    /// read from it, so `/dev/zero` or a pipe cannot hold the decoder.
    #[error("{path} is {kind}, not an image file")]
    NotAFile { path: PathBuf, kind: &'static str },
    /// The file is longer than any photo of a pass; reading stopped there.
    #[error("{path} is larger than {limit_mb} MB, more than any photo; nothing was decoded")]
    TooLarge { path: PathBuf, limit_mb: u64 },
    /// The image's header claims more pixels than the decoder takes on.
    #[error(
        "{path} is {width}×{height} pixels, more than the {:.1} megapixels kakou decodes; \
         crop the picture to the pass or take it at a lower resolution",
        *.limit_pixels as f64 / 1e6
    )]
    ImageTooLarge {
        path: PathBuf,
        width: u32,
        height: u32,
        limit_pixels: u64,
    },
    /// The file was read but is not an image format we can decode.
    #[error("{path} is not a readable image (png, jpeg, gif or bmp): {source}")]
    NotAnImage {
        path: PathBuf,
        #[source]
        source: image::ImageError,
    },
    /// The time for one image ran out before any code was read; the image
    /// is too busy to search (a crafted pattern, a page of noise).
    #[error(
        "gave up on {path} after {seconds} s without reading a code; crop the picture to the pass"
    )]
    TimedOut { path: PathBuf, seconds: f64 },
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
            ScanError::NotAFile { .. } => "not_a_file",
            ScanError::TooLarge { .. } => "file_too_large",
            ScanError::ImageTooLarge { .. } => "image_too_large",
            ScanError::NotAnImage { .. } => "not_an_image",
            ScanError::TimedOut { .. } => "decode_timed_out",
            ScanError::Camera(_) => "camera_unavailable",
            ScanError::Frame(_) => "bad_frame",
        }
    }
}
