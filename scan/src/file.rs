//! Decoding image files, as `kakou qr decode FILE…` does.

use crate::{Decoded, ScanError, decode_luma};
use image::GrayImage;
use std::path::Path;

/// Reads an image file and converts it to 8-bit grey.
///
/// The format is guessed from the content, not the extension, so a PNG
/// saved as `.jpg` still works and a text file named `.png` is refused with
/// [`ScanError::NotAnImage`].
pub fn load_gray(path: &Path) -> Result<GrayImage, ScanError> {
    let bytes = std::fs::read(path).map_err(|source| ScanError::Read {
        path: path.to_owned(),
        source,
    })?;
    let not_an_image = |source| ScanError::NotAnImage {
        path: path.to_owned(),
        source,
    };
    let img = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_an_image(image::ImageError::IoError(e)))?
        .decode()
        .map_err(not_an_image)?;
    Ok(img.to_luma8())
}

/// Reads an image file and decodes every QR code in it.
pub fn decode_file(path: &Path) -> Result<Decoded, ScanError> {
    load_gray(path).map(|img| decode_luma(&img))
}
