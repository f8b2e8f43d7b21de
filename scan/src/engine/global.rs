//! zxing-cpp's detector on a globally thresholded frame.

use super::finder_first::scan;
use super::luma::source;
use crate::deadline::{Deadline, Never};
use image::GrayImage;
use rxing::BinaryBitmap;
use rxing::common::GlobalHistogramBinarizer;

/// One histogram threshold for the whole frame instead of per-block ones.
///
/// The hybrid binariser can break up a code that sits on a strong lighting
/// gradient or has low contrast at module scale; one global threshold keeps
/// such a code whole. Uses the thorough ("try harder") finder scan.
pub fn decode_global(img: &GrayImage) -> Vec<String> {
    decode_global_until(img, &Never)
}

/// [`decode_global`], asking `deadline` before each candidate code.
///
/// This is what rxing's `QrReader::decode_multiple` does for QR codes (its
/// finder-pattern scan, then sampling and decoding every plausible triple),
/// with the loop over triples our own, as in the fast path: on a frame made
/// of finder patterns, rxing's loop ran for a hundred seconds.
pub fn decode_global_until(img: &GrayImage, deadline: &dyn Deadline) -> Vec<String> {
    let Some(source) = source(img) else {
        return Vec::new();
    };
    let bitmap = BinaryBitmap::new(GlobalHistogramBinarizer::new(source));
    scan(bitmap.get_black_matrix(), true, deadline).texts
}
