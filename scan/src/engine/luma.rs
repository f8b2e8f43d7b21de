//! Handing a frame's pixels to rxing without copying them.

use image::GrayImage;
use rxing::Luma8Source;

/// A borrowed luminance source over the frame; `None` for an empty frame,
/// which rxing rejects.
pub(super) fn source(img: &GrayImage) -> Option<Luma8Source<'_>> {
    Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height()).ok()
}

/// The decode hints shared by the stages: QR only, since kakou has no use for
/// other symbologies and every extra format is time and false positives.
pub(super) fn qr_hints(try_harder: bool) -> rxing::DecodeHints {
    rxing::DecodeHints {
        PossibleFormats: Some(std::collections::HashSet::from([
            rxing::BarcodeFormat::QR_CODE,
        ])),
        TryHarder: Some(try_harder),
        ..rxing::DecodeHints::default()
    }
}
