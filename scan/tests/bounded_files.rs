//! The limits of `decode_file`: what the path is, how many bytes are read,
//! how many pixels are decoded and searched, and for how long. The time is
//! tested with deadlines that have already passed or that count the times
//! they are asked, never by measuring how long anything took.

mod support;

use std::cell::Cell;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kakou_scan::{
    Deadline, Decoded, FileLimits, Never, ScanError, decode_file, decode_file_with,
    decode_luma_until, load_gray_with,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::synth;

/// Runs `decode_file` on another thread, so that a decoder that waits on a
/// FIFO fails this test instead of hanging the test run.
fn decode_file_or_hang(path: &Path) -> Result<Decoded, ScanError> {
    let (done, result) = mpsc::channel();
    let path = path.to_owned();
    std::thread::spawn(move || done.send(decode_file(&path)).unwrap());
    result
        .recv_timeout(Duration::from_secs(60))
        .expect("decode_file waited on the file instead of refusing it")
}

fn assert_not_a_file(err: &ScanError, kind: &str) {
    assert!(
        matches!(err, ScanError::NotAFile { kind: k, .. } if *k == kind),
        "{err:?}"
    );
    assert_eq!(err.code(), "not_a_file");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("frame.png");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = decode_file_or_hang(&fifo).unwrap_err();
    assert_not_a_file(&err, "a pipe (FIFO)");
    assert!(err.to_string().contains("frame.png"), "{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_before_a_byte_is_read() {
    let err = decode_file_or_hang(Path::new("/dev/zero")).unwrap_err();
    assert_not_a_file(&err, "a device");
}

fn pass_png(dir: &Path, seed: u64) -> (std::path::PathBuf, String) {
    let mut rng = StdRng::seed_from_u64(seed);
    let pass = synth::pass_text(&mut rng);
    let path = dir.join("pass.png");
    synth::upright_pass_frame(&mut rng, &pass)
        .save(&path)
        .unwrap();
    (path, pass)
}

#[test]
fn a_file_longer_than_the_byte_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pass) = pass_png(dir.path(), 21);
    let len = std::fs::metadata(&path).unwrap().len();
    let limits = |max_bytes| FileLimits {
        max_bytes,
        ..FileLimits::DEFAULT
    };
    let err = decode_file_with(&path, &limits(len - 1)).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.code(), "file_too_large");
    assert_eq!(
        decode_file_with(&path, &limits(len)).unwrap().texts,
        vec![pass]
    );
}

/// `/proc` files say they are empty and are not: the cap must hold while
/// reading, whatever the metadata says.
#[cfg(target_os = "linux")]
#[test]
fn the_byte_limit_holds_for_a_file_whose_metadata_says_it_is_empty() {
    let path = Path::new("/proc/self/maps");
    assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
    let limits = FileLimits {
        max_bytes: 64,
        ..FileLimits::DEFAULT
    };
    let err = decode_file_with(path, &limits).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { .. }), "{err:?}");
}

/// A 1×1 PNG whose header is rewritten to claim `width`×`height`: the
/// pixel data is missing, so only a decoder that reads the header first
/// and stops there gives `ImageTooLarge`.
fn png_claiming(path: &Path, width: u32, height: u32) {
    let mut bytes = Vec::new();
    image::GrayImage::new(1, 1)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = png_crc(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// The CRC-32 of PNG chunks (ISO 3309), bit by bit.
fn png_crc(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn an_image_claiming_too_many_pixels_is_refused_from_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.png");
    // 12000×9000 is what a 108-megapixel phone mode saves.
    png_claiming(&path, 12_000, 9_000);
    let err = decode_file(&path).unwrap_err();
    let ScanError::ImageTooLarge {
        width,
        height,
        limit_pixels,
        ..
    } = err
    else {
        panic!("{err:?}");
    };
    assert_eq!((width, height), (12_000, 9_000));
    assert_eq!(limit_pixels, FileLimits::DEFAULT.max_pixels);
    assert_eq!(err.code(), "image_too_large");
    let message = err.to_string();
    assert!(
        message.contains("12000×9000 pixels, more than the 67.1 megapixels"),
        "{message}"
    );
}

#[test]
fn the_pixel_limit_is_inclusive() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pass) = pass_png(dir.path(), 22);
    let pixels = u64::from(synth::WIDTH * synth::HEIGHT);
    let limits = |max_pixels| FileLimits {
        max_pixels,
        ..FileLimits::DEFAULT
    };
    assert!(matches!(
        decode_file_with(&path, &limits(pixels - 1)),
        Err(ScanError::ImageTooLarge { .. })
    ));
    assert_eq!(
        decode_file_with(&path, &limits(pixels)).unwrap().texts,
        vec![pass]
    );
}

#[test]
fn an_image_beyond_the_search_size_is_scaled_down_and_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pass) = pass_png(dir.path(), 23);
    let limits = FileLimits {
        search_pixels: u64::from(synth::WIDTH * synth::HEIGHT) / 2,
        ..FileLimits::DEFAULT
    };
    let grey = load_gray_with(&path, &limits).unwrap();
    assert_eq!(grey.dimensions(), (905, 509));
    assert_eq!(decode_file_with(&path, &limits).unwrap().texts, vec![pass]);
}

#[test]
fn no_time_left_is_a_timeout_error_and_enough_time_reads_the_pass() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pass) = pass_png(dir.path(), 24);
    let no_time = FileLimits {
        time: Duration::ZERO,
        ..FileLimits::DEFAULT
    };
    let err = decode_file_with(&path, &no_time).unwrap_err();
    assert!(matches!(err, ScanError::TimedOut { .. }), "{err:?}");
    assert_eq!(err.code(), "decode_timed_out");
    assert!(err.to_string().contains("pass.png"), "{err}");
    assert_eq!(decode_file(&path).unwrap().texts, vec![pass]);
}

#[test]
fn a_deadline_already_passed_stops_the_pipeline_before_any_stage() {
    let mut rng = StdRng::seed_from_u64(25);
    let pass = synth::pass_text(&mut rng);
    let frame = synth::upright_pass_frame(&mut rng, &pass);
    let past = Instant::now() - Duration::from_millis(1);
    let cut = decode_luma_until(&frame, &past);
    assert!(cut.texts.is_empty(), "{:?}", cut.texts);
    assert!(cut.timed_out);
    let whole = decode_luma_until(&frame, &Never);
    assert_eq!(whole.texts, vec![pass]);
    assert!(!whole.timed_out);
}

/// A deadline that passes after it has been asked `passes_after` times,
/// and counts how often it was asked.
struct AfterAsking {
    passes_after: u32,
    asked: Cell<u32>,
}

impl AfterAsking {
    fn new(passes_after: u32) -> AfterAsking {
        AfterAsking {
            passes_after,
            asked: Cell::new(0),
        }
    }
}

impl Deadline for AfterAsking {
    fn passed(&self) -> bool {
        self.asked.set(self.asked.get() + 1);
        self.asked.get() > self.passes_after
    }
}

/// On a frame of finder patterns every candidate code is a check of the
/// deadline, and the first check that finds it passed ends the decoding.
#[test]
fn the_deadline_is_asked_between_candidate_codes_and_ends_the_search() {
    let frame = synth::finder_grid(600);
    let never = AfterAsking::new(u32::MAX);
    let whole = decode_luma_until(&frame, &never);
    assert!(whole.texts.is_empty() && !whole.timed_out, "{whole:?}");
    assert!(
        never.asked.get() > 200,
        "asked only {} times for a frame of {} candidate patterns",
        never.asked.get(),
        (600 / 42) * (600 / 42)
    );

    let soon = AfterAsking::new(5);
    let cut = decode_luma_until(&frame, &soon);
    assert!(cut.timed_out, "{cut:?}");
    assert_eq!(soon.asked.get(), 6, "decoding went on after the deadline");
}
