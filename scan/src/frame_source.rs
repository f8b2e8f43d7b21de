//! Where frames come from: a camera, or image files standing in for one.

use crate::ScanError;
use crate::file::load_gray;
use image::GrayImage;
use std::path::PathBuf;

/// A stream of grey frames. `None` means the stream has ended (the camera
/// was closed, the recording is over); an `Err` is one bad frame, after which
/// the caller may keep asking.
pub trait FrameSource {
    fn next_frame(&mut self) -> Option<Result<GrayImage, ScanError>>;
}

/// A recorded frame sequence: image files played back in the given order,
/// one frame per file. Used for tests, demos and `kakou qr decode`.
#[derive(Debug, Clone)]
pub struct ImageFiles {
    files: std::vec::IntoIter<PathBuf>,
}

impl ImageFiles {
    pub fn new(files: impl IntoIterator<Item = PathBuf>) -> Self {
        ImageFiles {
            files: files.into_iter().collect::<Vec<_>>().into_iter(),
        }
    }
}

impl FrameSource for ImageFiles {
    fn next_frame(&mut self) -> Option<Result<GrayImage, ScanError>> {
        self.files.next().map(|path| load_gray(&path))
    }
}

/// Frames already in memory, e.g. produced by a test or handed over by a
/// platform camera API.
impl<I> FrameSource for I
where
    I: Iterator<Item = GrayImage>,
{
    fn next_frame(&mut self) -> Option<Result<GrayImage, ScanError>> {
        self.next().map(Ok)
    }
}
