//! Decoding image files, as `kakou qr decode FILE…` does, with every cost a
//! crafted file could stretch bounded: what the path is, how many bytes are
//! read, how many pixels are decoded and searched, and for how long.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage, ImageDecoder};

use crate::{Decoded, ScanError, decode_luma, decode_luma_until};

/// What one image file may cost. [`FileLimits::DEFAULT`] is what
/// `kakou qr decode` and the recorded camera use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimits {
    /// Bytes read from the file at most; the file's own length is not
    /// trusted.
    pub max_bytes: u64,
    /// Images whose header claims more pixels (width × height) are refused
    /// before any pixel is decoded.
    pub max_pixels: u64,
    /// Decoded images with more pixels are scaled down to this many before
    /// the QR search, whose time grows with the pixels.
    pub search_pixels: u64,
    /// Time for one image, from opening the file to the end of the search.
    /// The pipeline checks it between stages and candidate codes.
    pub time: Duration,
}

impl FileLimits {
    /// - 64 MiB of file: a 50-megapixel phone photo is 10–25 MB as JPEG; a
    ///   screenshot of a pass is under 1 MB.
    /// - 64 Mi pixels (67.1 million) decoded at most: phone cameras save 12
    ///   to 50 MP and the largest ordinary sensors 64 MP (9248×6936); the
    ///   108 and 200 MP modes are refused. Decoding one takes at most 4
    ///   bytes a pixel, 256 MiB, for a moment.
    /// - 16 Mi pixels (4096×4096) searched: a 12 MP photo and an A4 page
    ///   scanned at 300 dpi (8.7 MP) are searched as they are, a 50 MP
    ///   photo at half its width, where a pass a tenth of the picture wide
    ///   still has modules of 7 pixels. A camera frame is 2 MP.
    /// - 2 s: in the release build on a 2-core machine under load, a pass
    ///   in a 12 MP photo is read in 0.1 s and in a 50 MP photo in 0.55 s
    ///   (mostly decoding the JPEG and scaling it); when the code cannot be
    ///   read, every fallback has run after 0.2 s and 0.75 s. An image made
    ///   to keep the search busy (8000×8000 of finder patterns: over two
    ///   minutes unbounded) stops here.
    pub const DEFAULT: FileLimits = FileLimits {
        max_bytes: 64 << 20,
        max_pixels: 64 << 20,
        search_pixels: 16 << 20,
        time: Duration::from_secs(2),
    };
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits::DEFAULT
    }
}

/// Reads an image file and decodes every QR code in it, within
/// [`FileLimits::DEFAULT`].
pub fn decode_file(path: &Path) -> Result<Decoded, ScanError> {
    decode_file_with(path, &FileLimits::DEFAULT)
}

/// [`decode_file`] within the given limits. Running out of time before any
/// code was read is [`ScanError::TimedOut`]; codes read before the time ran
/// out are returned.
pub fn decode_file_with(path: &Path, limits: &FileLimits) -> Result<Decoded, ScanError> {
    let deadline = Instant::now().checked_add(limits.time);
    let img = load_gray_with(path, limits)?;
    let decoded = match &deadline {
        Some(deadline) => decode_luma_until(&img, deadline),
        None => decode_luma(&img),
    };
    if decoded.timed_out && decoded.texts.is_empty() {
        return Err(ScanError::TimedOut {
            path: path.to_owned(),
            seconds: limits.time.as_secs_f64(),
        });
    }
    Ok(decoded)
}

/// Reads an image file and converts it to 8-bit grey, within
/// [`FileLimits::DEFAULT`].
///
/// The format is guessed from the content, not the extension, so a PNG
/// saved as `.jpg` still works and a text file named `.png` is refused with
/// [`ScanError::NotAnImage`].
pub fn load_gray(path: &Path) -> Result<GrayImage, ScanError> {
    load_gray_with(path, &FileLimits::DEFAULT)
}

/// [`load_gray`] within the given limits: the path must be a regular file
/// of at most `max_bytes`, the header must claim at most `max_pixels`, and
/// an image of more than `search_pixels` comes back scaled down to that.
pub fn load_gray_with(path: &Path, limits: &FileLimits) -> Result<GrayImage, ScanError> {
    let bytes = read_capped(path, limits.max_bytes)?;
    let not_an_image = |source| ScanError::NotAnImage {
        path: path.to_owned(),
        source,
    };
    let decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_an_image(image::ImageError::IoError(e)))?
        .into_decoder()
        .map_err(not_an_image)?;
    // The header alone says how large the image is; nothing has been
    // allocated for its pixels yet.
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ScanError::ImageTooLarge {
            path: path.to_owned(),
            width,
            height,
            limit_pixels: limits.max_pixels,
        });
    }
    let grey = DynamicImage::from_decoder(decoder)
        .map_err(not_an_image)?
        .into_luma8();
    Ok(scaled_to(grey, limits.search_pixels))
}

/// The image scaled down, keeping its proportions, to at most `pixels`
/// pixels; as it is if it has no more. The scaling averages the pixels each
/// new one covers, so fine modules blur rather than alias.
fn scaled_to(img: GrayImage, pixels: u64) -> GrayImage {
    let (width, height) = img.dimensions();
    let have = u64::from(width) * u64::from(height);
    if have <= pixels {
        return img;
    }
    let scale = (pixels as f64 / have as f64).sqrt();
    let new_height = ((f64::from(height) * scale).floor() as u32).max(1);
    // A strip one pixel high cannot keep its shape; it keeps the budget.
    let new_width = ((f64::from(width) * scale).floor() as u64)
        .min(pixels / u64::from(new_height))
        .max(1) as u32;
    image::imageops::thumbnail(&img, new_width, new_height)
}

/// The whole of a regular file of at most `limit` bytes.
///
/// A folder, a FIFO (which would wait for a writer) or a device such as
/// `/dev/zero` (which never ends) is refused without reading from it. The
/// size is enforced while reading, never taken from the metadata, which is
/// wrong for files that grow and for `/proc` files that claim to be empty.
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ScanError> {
    let read_err = |source| ScanError::Read {
        path: path.to_owned(),
        source,
    };
    let file = open_without_waiting(path).map_err(read_err)?;
    // The type is asked of the opened file, so the check and the read are
    // about the same file.
    let metadata = file.metadata().map_err(read_err)?;
    if !metadata.is_file() {
        return Err(ScanError::NotAFile {
            path: path.to_owned(),
            kind: kind_of(metadata.file_type()),
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > limit {
        return Err(ScanError::TooLarge {
            path: path.to_owned(),
            limit_mb: limit >> 20,
        });
    }
    Ok(bytes)
}

/// Opens for reading; on Unix without blocking, because opening a FIFO
/// otherwise waits for a writer before the type could be checked.
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_image_is_not_scaled() {
        let img = GrayImage::new(640, 480);
        assert_eq!(scaled_to(img, 640 * 480).dimensions(), (640, 480));
    }

    #[test]
    fn a_large_image_is_scaled_to_the_pixel_budget_keeping_its_shape() {
        let small = scaled_to(GrayImage::new(4000, 3000), 3_000_000);
        assert_eq!(small.dimensions(), (2000, 1500));
        let small = scaled_to(GrayImage::new(4000, 3000), 1_000_000);
        let (w, h) = small.dimensions();
        assert!(u64::from(w) * u64::from(h) <= 1_000_000, "{w}×{h}");
        assert_eq!((w, h), (1154, 866));
    }

    #[test]
    fn a_thin_strip_keeps_at_least_one_pixel() {
        let img = GrayImage::new(100_000, 1);
        assert_eq!(scaled_to(img, 1000).dimensions(), (1000, 1));
    }
}
