//! The one decode pipeline every frame goes through.

use crate::deadline::{Deadline, Never};
use crate::engine::{decode_classic, decode_finder_first_until, decode_global_until};
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
    /// The deadline passed before every stage had its turn; `texts` holds
    /// what was found until then.
    pub timed_out: bool,
}

/// Frames whose longer side is at most this are also tried at twice the
/// size. Upscaling helps codes with modules of one or two pixels, which only
/// happen in small stills; on a 1280×720 camera frame it would cost ~170 ms.
const UPSCALE_MAX_SIDE: u32 = 800;

/// The classic detector weighs every finder-pattern candidate against every
/// pair of others, a cubic search that cannot be stopped once started: on a
/// frame tiled with 2,700 patterns it ran for 7.5 s. A real picture shows
/// three per code (a sheet of eight cards, 24), so it is tried only when the
/// fast path saw at most this many.
const CLASSIC_MAX_FINDER_PATTERNS: usize = 64;

/// Finds every QR code in a grey frame, taking the time it needs. Never
/// panics. For frames of unknown origin, see [`decode_luma_until`].
pub fn decode_luma(img: &GrayImage) -> Decoded {
    decode_luma_until(img, &Never)
}

/// Finds every QR code in a grey frame, stopping once `deadline` has
/// passed. Never panics.
///
/// The fast path (zxing-cpp's detector on a hybrid-binarised frame) decodes
/// nearly every readable code, including all our synthetic passes. If it
/// finds nothing and saw fewer than two finder patterns, there is no code in
/// view and the frame is given up at once: that keeps empty camera frames
/// cheap. Otherwise a code is probably there but damaged, badly lit or tiny,
/// and slower stages are tried in turn until one yields text: a global
/// threshold, the classic zxing detector (when few finder patterns are in
/// view), and for small stills an upscaled copy. Each stage runs under
/// `catch_unwind`, so a decoder bug on a strange frame costs that stage, not
/// the app.
///
/// The deadline is asked before each stage and before each candidate code
/// of the stages that try finder-pattern triples: a frame made of thousands
/// of finder patterns gives them tens of thousands of candidates, each to be
/// sampled and decoded. The classic stage, which cannot be asked, only runs
/// on frames with few candidates.
pub fn decode_luma_until(img: &GrayImage, deadline: &dyn Deadline) -> Decoded {
    let mut decoded = Decoded::default();
    if img.width() == 0 || img.height() == 0 {
        return decoded;
    }
    if deadline.passed() {
        decoded.timed_out = true;
        return decoded;
    }
    let fast =
        guarded(&mut decoded, || decode_finder_first_until(img, deadline)).unwrap_or_default();
    decoded.add(fast.texts);
    decoded.timed_out = fast.timed_out;
    let nothing_in_view = fast.finder_patterns < 2 && !decoded.panicked;
    if !decoded.texts.is_empty() || nothing_in_view || decoded.timed_out {
        return decoded;
    }
    let classic_bounded = fast.finder_patterns <= CLASSIC_MAX_FINDER_PATTERNS;
    let fallbacks: [&dyn Fn() -> Vec<String>; 3] = [
        &|| decode_global_until(img, deadline),
        &|| {
            if classic_bounded {
                decode_classic(img)
            } else {
                Vec::new()
            }
        },
        &|| {
            upscaled(img)
                .map(|big| decode_finder_first_until(&big, deadline).texts)
                .unwrap_or_default()
        },
    ];
    for stage in fallbacks {
        if deadline.passed() {
            decoded.timed_out = true;
            break;
        }
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
    fn an_expired_deadline_runs_no_stage() {
        let grey = GrayImage::from_pixel(640, 480, image::Luma([128]));
        let past = std::time::Instant::now();
        let decoded = decode_luma_until(&grey, &past);
        assert_eq!(
            decoded,
            Decoded {
                timed_out: true,
                ..Decoded::default()
            }
        );
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
