//! The zxing blackbox QR images from `shared/data`, read in place.
//!
//! The images are third-party test data and are never copied into the
//! repository; when the folder is absent the caller skips with the message
//! returned by [`load`].

#![allow(dead_code)]

use image::GrayImage;
use std::path::{Path, PathBuf};

pub const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/qr/zxing-blackbox"
);

pub struct Case {
    pub file: PathBuf,
    pub image: GrayImage,
    pub expected: String,
}

pub struct Set {
    pub name: String,
    pub cases: Vec<Case>,
}

pub struct Corpus {
    pub sets: Vec<Set>,
    pub false_positives: Vec<GrayImage>,
}

/// Reads `manifest.csv` (set,file,expected_txt_file,…) and every image it
/// names; rows without an expected text are the false-positive images.
pub fn load() -> Result<Corpus, String> {
    let dir = Path::new(DIR);
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).map_err(|e| {
        format!(
            "{} not readable ({e}); the zxing blackbox data is absent",
            dir.display()
        )
    })?;
    let mut sets: Vec<Set> = Vec::new();
    let mut false_positives = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let [set, file, txt, ..] = fields[..] else {
            return Err(format!("malformed manifest line: {line}"));
        };
        let file = dir.join(file);
        let image = gray(&file)?;
        if txt.is_empty() {
            false_positives.push(image);
            continue;
        }
        // The expected text is the whole file, byte for byte: some payloads
        // end in a newline that is part of the code.
        let expected = std::fs::read_to_string(dir.join(txt)).map_err(|e| format!("{txt}: {e}"))?;
        let case = Case {
            file,
            image,
            expected,
        };
        match sets.iter_mut().find(|s| s.name == set) {
            Some(s) => s.cases.push(case),
            None => sets.push(Set {
                name: set.to_owned(),
                cases: vec![case],
            }),
        }
    }
    Ok(Corpus {
        sets,
        false_positives,
    })
}

fn gray(path: &Path) -> Result<GrayImage, String> {
    image::open(path)
        .map(|img| img.to_luma8())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Rotates clockwise by `quarter_turns` × 90°.
pub fn rotate(img: &GrayImage, quarter_turns: usize) -> GrayImage {
    match quarter_turns % 4 {
        0 => img.clone(),
        1 => image::imageops::rotate90(img),
        2 => image::imageops::rotate180(img),
        _ => image::imageops::rotate270(img),
    }
}
