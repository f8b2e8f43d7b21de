//! A camera that plays image files: for demonstrations, the screenshot run
//! and tests, where no real camera is plugged in.

use super::{CameraInfo, CameraStream, Cameras, OpenError};
use crate::file::load_gray;
use crate::{GrayImage, ScanError};
use std::path::PathBuf;
use std::time::Duration;

/// One camera (index 0) whose frames are the given image files, in order,
/// one every `interval`, starting over after the last.
#[derive(Debug, Clone)]
pub struct RecordedCameras {
    files: Vec<PathBuf>,
    interval: Duration,
}

impl RecordedCameras {
    pub fn new(files: Vec<PathBuf>, interval: Duration) -> RecordedCameras {
        RecordedCameras { files, interval }
    }

    /// Every image file in `dir`, in name order.
    pub fn from_dir(dir: &std::path::Path, interval: Duration) -> std::io::Result<RecordedCameras> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file())
            .collect();
        files.sort();
        Ok(RecordedCameras::new(files, interval))
    }
}

impl Cameras for RecordedCameras {
    fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError> {
        Ok(if self.files.is_empty() {
            Vec::new()
        } else {
            vec![CameraInfo {
                index: 0,
                name: "Recorded frames".into(),
                detail: format!("{} files", self.files.len()),
            }]
        })
    }

    fn open(&mut self, index: u32) -> Result<Box<dyn CameraStream>, OpenError> {
        if self.files.is_empty() {
            return Err(OpenError::Absent);
        }
        if index != 0 {
            return Err(OpenError::Missing(format!(
                "camera {index} not found; the recording is camera 0"
            )));
        }
        Ok(Box::new(Playback {
            files: self.files.clone(),
            next: 0,
            interval: self.interval,
        }))
    }
}

struct Playback {
    files: Vec<PathBuf>,
    next: usize,
    interval: Duration,
}

impl CameraStream for Playback {
    fn name(&self) -> String {
        "Recorded frames".into()
    }

    fn next_frame(&mut self) -> Result<GrayImage, ScanError> {
        std::thread::sleep(self.interval);
        let path = &self.files[self.next % self.files.len()];
        self.next += 1;
        load_gray(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_recording_is_no_camera() {
        let mut cameras = RecordedCameras::new(Vec::new(), Duration::ZERO);
        assert_eq!(cameras.list(), Ok(Vec::new()));
        assert!(matches!(cameras.open(0), Err(OpenError::Absent)));
    }

    #[test]
    fn frames_play_in_order_and_loop() {
        let dir = tempfile::tempdir().unwrap();
        for (name, shade) in [("b.png", 200u8), ("a.png", 10)] {
            GrayImage::from_pixel(4, 4, image::Luma([shade]))
                .save(dir.path().join(name))
                .unwrap();
        }
        let mut cameras = RecordedCameras::from_dir(dir.path(), Duration::ZERO).unwrap();
        assert!(matches!(cameras.open(1), Err(OpenError::Missing(_))));
        let mut stream = cameras.open(0).unwrap();
        let shades: Vec<u8> = (0..3)
            .map(|_| stream.next_frame().unwrap().get_pixel(0, 0)[0])
            .collect();
        assert_eq!(shades, vec![10, 200, 10]);
    }
}
