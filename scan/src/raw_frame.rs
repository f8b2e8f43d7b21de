//! Camera frames as they come off the device, and their grey image.
//!
//! The decoder only needs luminance, and every pixel layout a webcam offers
//! carries it directly (the Y plane of YUYV and NV12) or after a JPEG decode
//! (MJPEG). Taking Y as it is avoids the colour conversion a general camera
//! library does per frame, and MJPEG goes through zune-jpeg (the pure-Rust
//! decoder the `image` crate uses), asked for luminance only; it also fills
//! in the Huffman tables that MJPEG streams leave out, so no C JPEG library
//! is needed.

use crate::ScanError;
use image::GrayImage;
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

/// The pixel layouts kakou accepts from a camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelLayout {
    /// Packed 4:2:2, Y0 U Y1 V: every even byte is a luminance sample.
    Yuyv,
    /// Planar 4:2:0: a full-size Y plane followed by interleaved UV.
    Nv12,
    /// One byte of luminance per pixel.
    Gray,
    /// Each frame is a JPEG image.
    Mjpeg,
    /// Three bytes per pixel, red first.
    Rgb,
    /// Three bytes per pixel, blue first.
    Bgr,
}

/// One frame from a camera, undecoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFrame {
    pub layout: PixelLayout,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl RawFrame {
    /// The frame's grey image, for the decoder and the preview.
    ///
    /// A frame shorter than its layout needs (a torn USB transfer) or a JPEG
    /// that does not decode is an error for this frame only; the stream goes
    /// on.
    pub fn to_gray(&self) -> Result<GrayImage, ScanError> {
        let (w, h) = (self.width as usize, self.height as usize);
        let pixels = w * h;
        let luma = match self.layout {
            PixelLayout::Yuyv => {
                let bytes = self.expect_len(pixels * 2)?;
                bytes.iter().step_by(2).copied().collect()
            }
            PixelLayout::Nv12 | PixelLayout::Gray => self.expect_len(pixels)?.to_vec(),
            PixelLayout::Rgb => rgb_luma(self.expect_len(pixels * 3)?, [0, 1, 2]),
            PixelLayout::Bgr => rgb_luma(self.expect_len(pixels * 3)?, [2, 1, 0]),
            PixelLayout::Mjpeg => return self.jpeg_gray(),
        };
        GrayImage::from_raw(self.width, self.height, luma).ok_or_else(|| self.torn(pixels))
    }

    /// The first `len` bytes, or an error naming how short the frame is.
    fn expect_len(&self, len: usize) -> Result<&[u8], ScanError> {
        self.data.get(..len).ok_or_else(|| self.torn(len))
    }

    fn torn(&self, wanted: usize) -> ScanError {
        ScanError::Frame(format!(
            "{:?} frame of {}×{} has {} bytes, needs {wanted}",
            self.layout,
            self.width,
            self.height,
            self.data.len()
        ))
    }

    /// Decodes only the luminance of a JPEG: the chroma planes are never
    /// upsampled or converted, which is most of the work on a colour frame.
    fn jpeg_gray(&self) -> Result<GrayImage, ScanError> {
        let bad = |e: &dyn std::fmt::Display| {
            ScanError::Frame(format!("MJPEG frame does not decode: {e}"))
        };
        let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma);
        let data = with_standard_tables(&self.data);
        let mut decoder = JpegDecoder::new_with_options(ZCursor::new(data.as_ref()), options);
        let luma = decoder.decode().map_err(|e| bad(&e))?;
        let (width, height) = decoder
            .dimensions()
            .ok_or_else(|| bad(&"no image size in the headers"))?;
        let size = |n: usize| u32::try_from(n).map_err(|_| bad(&"image too large"));
        GrayImage::from_raw(size(width)?, size(height)?, luma)
            .ok_or_else(|| bad(&"fewer pixels than the headers say"))
    }
}

/// JPEG markers: start of image, APP0, Huffman tables, start of scan.
const SOI: u8 = 0xD8;
const APP0: u8 = 0xE0;
const DHT: u8 = 0xC4;
const SOS: u8 = 0xDA;

/// MJPEG frames from many webcams carry no Huffman tables: the format
/// (`AVI1`) says the standard ones of JPEG Annex K apply. zune-jpeg supplies
/// them only when it sees an `AVI1` APP0 segment, which not every camera
/// writes, so a frame with no tables of its own gets that segment added in
/// front. Frames with tables are passed through untouched.
fn with_standard_tables(jpeg: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if jpeg.len() < 2 || jpeg[..2] != [0xFF, SOI] || has_segment(jpeg, DHT) {
        return std::borrow::Cow::Borrowed(jpeg);
    }
    // APP0, length 7 (the length field itself and "AVI1\0").
    let avi1 = [0xFF, APP0, 0x00, 0x07, b'A', b'V', b'I', b'1', 0x00];
    let mut marked = Vec::with_capacity(jpeg.len() + avi1.len());
    marked.extend_from_slice(&jpeg[..2]);
    marked.extend_from_slice(&avi1);
    marked.extend_from_slice(&jpeg[2..]);
    std::borrow::Cow::Owned(marked)
}

/// Whether a segment of type `marker` comes before the start of scan.
fn has_segment(jpeg: &[u8], marker: u8) -> bool {
    let mut at = 2;
    while let [0xFF, kind, high, low, ..] = jpeg.get(at..).unwrap_or_default() {
        if *kind == SOS {
            return false;
        }
        if *kind == marker {
            return true;
        }
        at += 2 + usize::from(u16::from_be_bytes([*high, *low]));
    }
    false
}

/// Rec. 601 luma from packed three-byte pixels; `order` gives the offsets of
/// red, green and blue in each pixel.
fn rgb_luma(bytes: &[u8], [r, g, b]: [usize; 3]) -> Vec<u8> {
    bytes
        .chunks_exact(3)
        .map(|px| {
            let y = 299 * u32::from(px[r]) + 587 * u32::from(px[g]) + 114 * u32::from(px[b]);
            (y / 1000) as u8
        })
        .collect()
}

/// Shrinks a frame for the on-screen preview, keeping its aspect ratio; the
/// preview area is a few hundred pixels wide, and sending full frames across
/// threads at camera rate would cost more than the decoding.
pub fn preview_of(frame: &GrayImage, max_width: u32) -> GrayImage {
    if frame.width() <= max_width || frame.width() == 0 {
        return frame.clone();
    }
    let height =
        (u64::from(frame.height()) * u64::from(max_width) / u64::from(frame.width())).max(1) as u32;
    image::imageops::thumbnail(frame, max_width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(layout: PixelLayout, width: u32, height: u32, data: Vec<u8>) -> RawFrame {
        RawFrame {
            layout,
            width,
            height,
            data,
        }
    }

    #[test]
    fn yuyv_keeps_every_luminance_byte() {
        let raw = frame(PixelLayout::Yuyv, 2, 2, vec![10, 1, 20, 2, 30, 3, 40, 4]);
        assert_eq!(raw.to_gray().unwrap().into_raw(), vec![10, 20, 30, 40]);
    }

    #[test]
    fn nv12_takes_the_y_plane_and_ignores_chroma() {
        let raw = frame(PixelLayout::Nv12, 2, 2, vec![5, 6, 7, 8, 128, 128]);
        assert_eq!(raw.to_gray().unwrap().into_raw(), vec![5, 6, 7, 8]);
    }

    #[test]
    fn rgb_and_bgr_weigh_green_most() {
        let rgb = frame(PixelLayout::Rgb, 2, 1, vec![255, 0, 0, 0, 255, 0]);
        let bgr = frame(PixelLayout::Bgr, 2, 1, vec![0, 0, 255, 0, 255, 0]);
        assert_eq!(rgb.to_gray().unwrap().into_raw(), vec![76, 149]);
        assert_eq!(bgr.to_gray().unwrap().into_raw(), vec![76, 149]);
    }

    #[test]
    fn a_torn_frame_is_an_error_naming_the_shortfall() {
        let raw = frame(PixelLayout::Yuyv, 4, 2, vec![0; 10]);
        let err = raw.to_gray().unwrap_err().to_string();
        assert!(err.contains("has 10 bytes, needs 16"), "{err}");
    }

    #[test]
    fn mjpeg_frames_decode_through_the_jpeg_decoder() {
        let grey = GrayImage::from_fn(64, 32, |x, _| image::Luma([if x < 32 { 20 } else { 230 }]));
        let mut jpeg = Vec::new();
        grey.write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        let decoded = frame(PixelLayout::Mjpeg, 64, 32, jpeg).to_gray().unwrap();
        assert_eq!(decoded.dimensions(), (64, 32));
        assert!(decoded.get_pixel(5, 5)[0] < 40);
        assert!(decoded.get_pixel(60, 5)[0] > 210);
    }

    /// Many webcams send MJPEG frames without Huffman tables (DHT), relying
    /// on the standard ones; the decoder must supply them.
    #[test]
    fn mjpeg_frames_without_huffman_tables_still_decode() {
        let colour = image::RgbImage::from_fn(64, 32, |x, _| {
            let v = if x < 32 { 20 } else { 230 };
            image::Rgb([v, v, v])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&colour)
            .unwrap();
        let stripped = without_segments(&jpeg, 0xC4);
        assert!(
            stripped.len() < jpeg.len(),
            "the test JPEG had tables to strip"
        );
        let decoded = frame(PixelLayout::Mjpeg, 64, 32, stripped)
            .to_gray()
            .unwrap();
        assert!(decoded.get_pixel(5, 5)[0] < 40);
        assert!(decoded.get_pixel(60, 5)[0] > 210);
    }

    /// A JPEG with every marker segment of type `marker` removed (up to the
    /// start of scan, after which the entropy-coded data begins).
    fn without_segments(jpeg: &[u8], marker: u8) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        let mut at = 2;
        while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
            let kind = jpeg[at + 1];
            let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
            if kind == 0xDA {
                break;
            }
            if kind != marker {
                out.extend_from_slice(&jpeg[at..at + 2 + len]);
            }
            at += 2 + len;
        }
        out.extend_from_slice(&jpeg[at..]);
        out
    }

    #[test]
    fn garbage_mjpeg_is_an_error_not_a_panic() {
        let err = frame(PixelLayout::Mjpeg, 64, 32, vec![0xff, 0xd8, 1, 2, 3])
            .to_gray()
            .unwrap_err();
        assert!(err.to_string().contains("MJPEG"), "{err}");
    }

    #[test]
    fn previews_are_shrunk_to_the_width_keeping_the_aspect() {
        let big = GrayImage::new(1280, 720);
        assert_eq!(preview_of(&big, 480).dimensions(), (480, 270));
        let small = GrayImage::new(320, 240);
        assert_eq!(preview_of(&small, 480).dimensions(), (320, 240));
    }
}
