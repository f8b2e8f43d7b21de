//! Recorded frame sequences, stored as a camera recording would be.

use image::GrayImage;
use std::path::{Path, PathBuf};

/// Writes the frames as numbered PNGs and returns their paths in order.
pub fn record(dir: &Path, frames: &[GrayImage]) -> Vec<PathBuf> {
    frames
        .iter()
        .enumerate()
        .map(|(i, frame)| {
            let path = dir.join(format!("frame-{i:04}.png"));
            frame.save(&path).expect("write frame");
            path
        })
        .collect()
}
