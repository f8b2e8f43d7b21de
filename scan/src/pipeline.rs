//! The one decode pipeline every frame goes through.

use crate::engine::{decode_classic, decode_finder_first, decode_global};
use image::GrayImage;
use image::imageops::{FilterType, resize};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The result of decoding one frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    /// Every distinct text found, in the order found.
    pub texts: Vec<String>,
    /// A decoder stage panicked on this frame. The panic was contained and
    /// the remaining stages still ran; callers count these.
    pub panicked: bool,
}

/// Frames whose longer side is at most this are also tried at twice the
/// size. Upscaling helps codes with modules of one or two pixels, which only
/// happen in small stills; on a 1280×720 camera frame it would cost ~170 ms.
const UPSCALE_MAX_SIDE: u32 = 800;

/// Finds every QR code in a grey frame. Never panics.
///
/// The fast path (zxing-cpp's detector on a hybrid-binarised frame) decodes
/// nearly every readable code, including all our synthetic passes. If it
/// finds nothing and saw fewer than two finder patterns, there is no code in
/// view and the frame is given up at once: that keeps empty camera frames
/// cheap. Otherwise a code is probably there but damaged, badly lit or tiny,
/// and slower stages are tried in turn until one yields text: a global
/// threshold, the classic zxing detector, and for small stills an upscaled
/// copy. Each stage runs under `catch_unwind`, so a decoder bug on a strange
/// frame costs that stage, not the app.
pub fn decode_luma(img: &GrayImage) -> Decoded {
    let mut decoded = Decoded::default();
    if img.width() == 0 || img.height() == 0 {
        return decoded;
    }
    let fast = guarded(&mut decoded, || decode_finder_first(img)).unwrap_or_default();
    decoded.add(fast.texts);
    let nothing_in_view = fast.finder_patterns < 2 && !decoded.panicked;
    if !decoded.texts.is_empty() || nothing_in_view {
        return decoded;
    }
    let fallbacks: [&dyn Fn() -> Vec<String>; 3] =
        [&|| decode_global(img), &|| decode_classic(img), &|| {
            upscaled(img)
                .map(|big| decode_finder_first(&big).texts)
                .unwrap_or_default()
        }];
    for stage in fallbacks {
        let texts = guarded(&mut decoded, stage).unwrap_or_default();
        decoded.add(texts);
        if !decoded.texts.is_empty() {
            break;
        }
    }
    decoded
}

impl Decoded {
    fn add(&mut self, texts: Vec<String>) {
        for text in texts {
            if !self.texts.contains(&text) {
                self.texts.push(text);
            }
        }
    }
}

/// Runs one stage, turning a panic into `None` and noting it.
fn guarded<T>(decoded: &mut Decoded, stage: impl FnOnce() -> T) -> Option<T> {
    // The stages only read the frame, so nothing can be left half-updated by
    // an unwind: asserting unwind safety is sound here.
    match catch_unwind(AssertUnwindSafe(stage)) {
        Ok(value) => Some(value),
        Err(_) => {
            decoded.panicked = true;
            None
        }
    }
}

fn upscaled(img: &GrayImage) -> Option<GrayImage> {
    (img.width().max(img.height()) <= UPSCALE_MAX_SIDE)
        .then(|| resize(img, img.width() * 2, img.height() * 2, FilterType::Triangle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_frame_decodes_to_nothing() {
        assert_eq!(decode_luma(&GrayImage::new(0, 0)), Decoded::default());
        assert_eq!(decode_luma(&GrayImage::new(0, 480)), Decoded::default());
    }

    #[test]
    fn a_flat_frame_decodes_to_nothing() {
        let grey = GrayImage::from_pixel(640, 480, image::Luma([128]));
        assert_eq!(decode_luma(&grey), Decoded::default());
    }

    #[test]
    fn a_panicking_stage_is_contained_and_noted() {
        let mut decoded = Decoded::default();
        let out: Option<Vec<String>> = guarded(&mut decoded, || panic!("decoder bug"));
        assert_eq!(out, None);
        assert!(decoded.panicked);
    }

    #[test]
    fn a_quiet_stage_passes_its_value_through() {
        let mut decoded = Decoded::default();
        assert_eq!(guarded(&mut decoded, || 42), Some(42));
        assert!(!decoded.panicked);
    }

    #[test]
    fn texts_are_deduplicated_in_order() {
        let mut decoded = Decoded::default();
        decoded.add(vec!["b".into(), "a".into(), "b".into()]);
        decoded.add(vec!["a".into(), "c".into()]);
        assert_eq!(decoded.texts, vec!["b", "a", "c"]);
    }
}
