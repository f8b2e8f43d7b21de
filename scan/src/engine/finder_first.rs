//! The fast path: zxing-cpp's QR detector, which also tells how many finder
//! patterns it saw.

use super::luma::source;
use image::GrayImage;
use rxing::BinaryBitmap;
use rxing::common::{DetectorRXingResult, HybridBinarizer};
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
}

/// Hybrid (local block) binarisation, one finder-pattern scan, then sampling
/// and Reed-Solomon decoding of every plausible triple of patterns.
///
/// This is the loop of rxing's `QrReader` (zxing-cpp's `QRCode::Reader`)
/// assembled from rxing's public building blocks, so that the number of
/// finder patterns comes out of the same scan at no extra cost: the pipeline
/// uses it to give up at once on frames with nothing code-like in them.
pub fn decode_finder_first(img: &GrayImage) -> FinderFirst {
    let Some(source) = source(img) else {
        return FinderFirst::default();
    };
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let matrix = bitmap.get_black_matrix();
    let mut patterns = FindFinderPatterns(matrix, false, 0);
    let finder_patterns = patterns.len();
    let mut texts = Vec::new();
    let mut used = Vec::new();
    for set in GenerateFinderPatternSets(&mut patterns) {
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
    }
}
