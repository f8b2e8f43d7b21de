//! QR codes as SVG, drawn by the server.
//!
//! A pass text is encoded the way the terminal prints it (`src/print/qr.rs`,
//! docs/pass-format.md): one alphanumeric segment at error correction
//! level M in the smallest version that holds it, so a pink pass on a
//! phone scans exactly like a printed card. A web address is encoded by
//! the `qrcode` crate's own segmentation at level M.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// The largest version a pass may need (docs/pass-format.md).
pub const MAX_PASS_VERSION: i16 = 8;
/// Modules of white around the code, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the text has characters a QR alphanumeric segment cannot hold")]
    NotAlphanumeric,
    #[error("the text is too long for a QR code of version {MAX_PASS_VERSION}")]
    TooLong,
    #[error("the text is too long for a QR code")]
    Unencodable,
}

/// A QR code's modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub version: i16,
    pub width: usize,
    dark: Vec<bool>,
}

fn is_alphanumeric(b: u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b)
}

/// A `KK1:` text as one alphanumeric segment at level M.
pub fn pass_matrix(text: &str) -> Result<Matrix, QrError> {
    if !text.bytes().all(is_alphanumeric) {
        return Err(QrError::NotAlphanumeric);
    }
    for v in 1..=MAX_PASS_VERSION {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_alphanumeric_data(text.as_bytes()).is_err()
            || bits.push_terminator(EcLevel::M).is_err()
        {
            continue;
        }
        if let Ok(code) = QrCode::with_bits(bits, EcLevel::M) {
            return Ok(Matrix::of(&code));
        }
    }
    Err(QrError::TooLong)
}

/// Any text (a web address) at level M.
pub fn text_matrix(text: &str) -> Result<Matrix, QrError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map(|code| Matrix::of(&code))
        .map_err(|_| QrError::Unencodable)
}

impl Matrix {
    fn of(code: &QrCode) -> Matrix {
        let version = match code.version() {
            Version::Normal(v) | Version::Micro(v) => v,
        };
        Matrix {
            version,
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        }
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The dark modules as horizontal runs `(x, y, length)`, in module
    /// units from the code's top left corner (quiet zone excluded).
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// The code as an SVG element in module units, quiet zone included,
    /// white behind black; `size` is its width and height in CSS pixels
    /// and `label` its accessible name.
    pub fn svg(&self, size: u32, label: &str) -> String {
        let side = self.width + 2 * QUIET_ZONE;
        let mut path = String::with_capacity(self.width * self.width);
        for (x, y, w) in self.runs() {
            path.push_str(&format!(
                "M{} {}h{w}v1h-{w}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
        format!(
            "<svg class=\"qr\" width=\"{size}\" height=\"{size}\" \
             viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{label}\">\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
            label = escape(label)
        )
    }
}

/// Escapes text for an XML attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_is_one_alphanumeric_segment_within_version_8() {
        let text = format!("KK1:{}", "ABC123 $%*+-./:".repeat(14));
        let m = pass_matrix(&text[..190]).unwrap();
        assert!(m.version <= MAX_PASS_VERSION);
        assert_eq!(m.width, 17 + 4 * m.version as usize);
        assert_eq!(pass_matrix("kk1:lower"), Err(QrError::NotAlphanumeric));
        assert_eq!(pass_matrix(&"A".repeat(400)), Err(QrError::TooLong));
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = text_matrix("http://127.0.0.1:8787/v/k3x9q2").unwrap();
        let mut covered = vec![false; m.width * m.width];
        for (x, y, w) in m.runs() {
            for dx in 0..w {
                assert!(!covered[y * m.width + x + dx]);
                covered[y * m.width + x + dx] = true;
            }
        }
        for y in 0..m.width {
            for x in 0..m.width {
                assert_eq!(covered[y * m.width + x], m.is_dark(x, y));
            }
        }
    }

    #[test]
    fn the_svg_has_the_quiet_zone_and_an_escaped_label() {
        let m = text_matrix("HELLO").unwrap();
        let side = m.width + 8;
        let svg = m.svg(200, "<pass & \"you\">");
        assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));
        assert!(svg.contains("aria-label=\"&lt;pass &amp; &quot;you&quot;&gt;\""));
        // The finder pattern's top left corner sits after the quiet zone.
        assert!(svg.contains("M4 4h7v1h-7z"));
    }
}
