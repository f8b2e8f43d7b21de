//! The classic zxing (Java) QR detector.

use super::luma::{qr_hints, source};
use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, Reader};

/// zxing's original detector, which locates finder patterns by row scans and
/// an alignment-pattern search rather than zxing-cpp's concentric-ring
/// check; it recovers some damaged or perspective-skewed codes the fast path
/// rejects. Finds one code per call. When the frame as it is yields nothing,
/// its binarisation is inverted and tried once more, so a damaged inverted
/// code gets the same second chance as a damaged upright one.
pub fn decode_classic(img: &GrayImage) -> Vec<String> {
    let Some(source) = source(img) else {
        return Vec::new();
    };
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = qr_hints(true);
    QRCodeReader
        .decode_with_hints(&mut bitmap, &hints)
        .or_else(|_| {
            bitmap.invert();
            QRCodeReader.decode_with_hints(&mut bitmap, &hints)
        })
        .map(|r| vec![r.getText().to_owned()])
        .unwrap_or_default()
}
