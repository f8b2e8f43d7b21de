//! A pass text as the QR code printed on its card: one alphanumeric
//! segment at error correction level M, and the dark modules merged into as
//! few rectangles as possible so the PDF stays small and renders without
//! hairline seams between modules.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

use super::layout::MAX_QR_VERSION;

/// Why a text cannot be printed as a pass QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text has a character outside the QR alphanumeric set, so it is
    /// not a pass text (every `KK1:` text is alphanumeric by construction).
    #[error("the text is not a pass: it has characters a QR alphanumeric segment cannot hold")]
    NotAlphanumeric,
    #[error("the text is {chars} characters, more than a version {MAX_QR_VERSION} QR code holds")]
    TooLong { chars: usize },
}

/// A QR code's modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub version: i16,
    /// Modules per side.
    pub width: usize,
    /// Row by row, `true` for dark.
    dark: Vec<bool>,
}

/// A dark rectangle in module units: `x`, `y` from the top left corner of
/// the code (quiet zone excluded), `w` × `h` modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleRect {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
}

/// Encodes a pass text in the smallest version (≤ 8) that holds it as one
/// alphanumeric segment. docs/pass-format.md explains why: the `qrcode`
/// crate's automatic segmentation splits runs of digits into numeric
/// segments and can need a version more than the format budgets for.
pub fn encode(text: &str) -> Result<QrMatrix, QrError> {
    if !text.bytes().all(is_alphanumeric) {
        return Err(QrError::NotAlphanumeric);
    }
    for v in 1..=MAX_QR_VERSION {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_alphanumeric_data(text.as_bytes()).is_err()
            || bits.push_terminator(EcLevel::M).is_err()
        {
            continue;
        }
        if let Ok(code) = QrCode::with_bits(bits, EcLevel::M) {
            return Ok(QrMatrix {
                version: v,
                width: code.width(),
                dark: code
                    .to_colors()
                    .into_iter()
                    .map(|c| c == Color::Dark)
                    .collect(),
            });
        }
    }
    Err(QrError::TooLong { chars: text.len() })
}

/// The 45 characters of the QR alphanumeric mode.
fn is_alphanumeric(b: u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b)
}

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The dark modules as rectangles: runs of dark modules in each row,
    /// and runs that repeat exactly in the rows below merged downwards.
    /// Together they cover every dark module exactly once and nothing else.
    pub fn rects(&self) -> Vec<ModuleRect> {
        let mut done: Vec<ModuleRect> = Vec::new();
        // Rectangles still growing downwards, keyed by their (x, w).
        let mut open: Vec<ModuleRect> = Vec::new();
        for y in 0..self.width {
            let runs = self.row_runs(y);
            let (grow, close): (Vec<_>, Vec<_>) =
                open.into_iter().partition(|r| runs.contains(&(r.x, r.w)));
            done.extend(close);
            open = runs
                .into_iter()
                .map(|(x, w)| match grow.iter().find(|r| r.x == x && r.w == w) {
                    Some(r) => ModuleRect { h: r.h + 1, ..*r },
                    None => ModuleRect { x, y, w, h: 1 },
                })
                .collect();
        }
        done.extend(open);
        done
    }

    /// (start, length) of each run of dark modules in row `y`.
    fn row_runs(&self, y: usize) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < self.width {
            if self.is_dark(x, y) {
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                runs.push((start, x - start));
            } else {
                x += 1;
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of docs/pass-format.md (139 characters).
    const EXAMPLE: &str = "KK1:60OVQC000400400000Z60LA1MC15B1.1TDFK ENTW4CP2XX4GGC  DV*0JIND3SD2T0X0EW19H4IPVDRJCCGO%TVD5WD65YTAE7DQKT7KO.T5-DLSK0J9/B4-H2.68/$S%Z8:-4";

    #[test]
    fn the_documented_example_is_a_version_6_code() {
        let qr = encode(EXAMPLE).unwrap();
        assert_eq!(qr.version, 6);
        assert_eq!(qr.width, 41);
    }

    #[test]
    fn the_longest_text_the_format_allows_fits_version_8_and_one_more_does_not_fit_at_all() {
        // 194 characters is the format's budget; 221 is version 8-M's
        // capacity for one alphanumeric segment.
        let budget = format!("KK1:{}", "A".repeat(190));
        assert_eq!(encode(&budget).unwrap().version, 8);
        assert_eq!(encode(&"A".repeat(221)).unwrap().version, 8);
        assert_eq!(
            encode(&"A".repeat(222)),
            Err(QrError::TooLong { chars: 222 })
        );
    }

    #[test]
    fn lower_case_or_chinese_text_is_not_a_pass() {
        assert_eq!(encode("kk1:abc"), Err(QrError::NotAlphanumeric));
        assert_eq!(encode("张三"), Err(QrError::NotAlphanumeric));
    }

    #[test]
    fn the_rectangles_cover_exactly_the_dark_modules_once() {
        let qr = encode(EXAMPLE).unwrap();
        let mut covered = vec![0u8; qr.width * qr.width];
        let rects = qr.rects();
        for r in &rects {
            for y in r.y..r.y + r.h {
                for x in r.x..r.x + r.w {
                    covered[y * qr.width + x] += 1;
                }
            }
        }
        for y in 0..qr.width {
            for x in 0..qr.width {
                let expected = u8::from(qr.is_dark(x, y));
                assert_eq!(covered[y * qr.width + x], expected, "module ({x}, {y})");
            }
        }
        // Merging pays: far fewer rectangles than dark modules.
        let dark = (0..qr.width * qr.width)
            .filter(|i| qr.is_dark(i % qr.width, i / qr.width))
            .count();
        assert!(
            rects.len() * 2 < dark,
            "{} rects for {dark} modules",
            rects.len()
        );
    }

    #[test]
    fn the_top_left_finder_pattern_becomes_five_rectangles() {
        // Its outer ring is a 7-module top and bottom row and two 5-module
        // sides; its centre is one 3×3 block. The separator around it is
        // light, so nothing else joins them.
        let qr = encode(EXAMPLE).unwrap();
        let rects = qr.rects();
        for expected in [
            ModuleRect {
                x: 0,
                y: 0,
                w: 7,
                h: 1,
            },
            ModuleRect {
                x: 0,
                y: 1,
                w: 1,
                h: 5,
            },
            ModuleRect {
                x: 6,
                y: 1,
                w: 1,
                h: 5,
            },
            ModuleRect {
                x: 2,
                y: 2,
                w: 3,
                h: 3,
            },
            ModuleRect {
                x: 0,
                y: 6,
                w: 7,
                h: 1,
            },
        ] {
            assert!(rects.contains(&expected), "{expected:?} missing");
        }
    }
}
