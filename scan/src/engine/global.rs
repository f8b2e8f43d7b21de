//! zxing-cpp's detector on a globally thresholded frame.

use super::luma::{qr_hints, source};
use image::GrayImage;
use rxing::BinaryBitmap;
use rxing::common::GlobalHistogramBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;

/// One histogram threshold for the whole frame instead of per-block ones.
///
/// The hybrid binariser can break up a code that sits on a strong lighting
/// gradient or has low contrast at module scale; one global threshold keeps
/// such a code whole. Uses the thorough ("try harder") finder scan.
pub fn decode_global(img: &GrayImage) -> Vec<String> {
    let Some(source) = source(img) else {
        return Vec::new();
    };
    let mut bitmap = BinaryBitmap::new(GlobalHistogramBinarizer::new(source));
    QrReader
        .decode_multiple_with_hints(&mut bitmap, &qr_hints(true))
        .map(|found| found.iter().map(|r| r.getText().to_owned()).collect())
        .unwrap_or_default()
}
