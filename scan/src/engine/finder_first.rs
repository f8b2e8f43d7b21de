//! The fast path: zxing-cpp's QR detector, which also tells how many finder
//! patterns it saw.

use super::luma::source;
use crate::deadline::{Deadline, Never};
use image::GrayImage;
use rxing::BinaryBitmap;
use rxing::common::{BitMatrix, DetectorRXingResult, HybridBinarizer};
use rxing::qrcode::cpp_port::decoder::Decode;
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};

/// What the fast path found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinderFirst {
    /// Texts of every code decoded.
    pub texts: Vec<String>,
    /// How many finder-pattern candidates (the three big squares) were seen.
    /// Fewer than two means there is no QR code worth a slower look.
    pub finder_patterns: usize,
    /// The deadline passed before every candidate was tried.
    pub timed_out: bool,
}

/// Hybrid (local block) binarisation, one finder-pattern scan, then sampling
/// and Reed-Solomon decoding of every plausible triple of patterns.
///
/// This is the loop of rxing's `QrReader` (zxing-cpp's `QRCode::Reader`)
/// assembled from rxing's public building blocks, so that the number of
/// finder patterns comes out of the same scan at no extra cost: the pipeline
/// uses it to give up at once on frames with nothing code-like in them.
///
/// When the frame yields no text, the binarised frame is flipped and scanned
/// again, which reads inverted codes (light modules on a dark card, as some
/// phone screens and printed passes in "dark mode" show them). Flipping the
/// bits costs microseconds; only the second finder scan costs time, and only
/// on frames with nothing read. `finder_patterns` is the larger of the two
/// scans, so an inverted code in view also counts as "something there".
pub fn decode_finder_first(img: &GrayImage) -> FinderFirst {
    decode_finder_first_until(img, &Never)
}

/// [`decode_finder_first`], asking `deadline` before each candidate code and
/// stopping once it has passed.
pub fn decode_finder_first_until(img: &GrayImage, deadline: &dyn Deadline) -> FinderFirst {
    let Some(source) = source(img) else {
        return FinderFirst::default();
    };
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let matrix = bitmap.get_black_matrix();
    let upright = scan(matrix, false, deadline);
    if !upright.texts.is_empty() || upright.timed_out {
        return upright;
    }
    let mut flipped = matrix.clone();
    flipped.flip_self();
    let inverted = scan(&flipped, false, deadline);
    FinderFirst {
        texts: inverted.texts,
        finder_patterns: upright.finder_patterns.max(inverted.finder_patterns),
        timed_out: inverted.timed_out,
    }
}

/// Finds finder patterns in a binarised frame (dark = set) and decodes every
/// code they outline, until `deadline` passes. `try_harder` scans every row
/// for patterns instead of a sample of rows.
pub(super) fn scan(matrix: &BitMatrix, try_harder: bool, deadline: &dyn Deadline) -> FinderFirst {
    let mut patterns = FindFinderPatterns(matrix, try_harder, 0);
    let finder_patterns = patterns.len();
    let mut texts = Vec::new();
    let mut used = Vec::new();
    let mut timed_out = false;
    for set in GenerateFinderPatternSets(&mut patterns) {
        // Each candidate costs a sampling and a Reed-Solomon decode, and a
        // frame tiled with finder patterns has tens of thousands of them.
        if deadline.passed() {
            timed_out = true;
            break;
        }
        // A pattern belongs to at most one code; once a triple decoded, any
        // other triple sharing one of its corners is a ghost of the same code.
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        let Ok(detected) = SampleQR(matrix, &set) else {
            continue;
        };
        if let Ok(decoded) = Decode(detected.getBits())
            && decoded.isValid()
        {
            used.extend([set.bl, set.tl, set.tr]);
            texts.push(decoded.text());
        }
    }
    FinderFirst {
        texts,
        finder_patterns,
        timed_out,
    }
}
