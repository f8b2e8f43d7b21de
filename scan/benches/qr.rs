//! Decode-rate and timing report for the QR decoders and the pipeline.
//!
//! Run with `cargo bench -p kakou-scan`. It prints, per decoder: the zxing
//! blackbox decode rate per set and rotation, the false-positive count, and
//! median/p95 decode times on synthetic 1280×720 frames with and without a
//! pass. `KAKOU_BENCH_DECODERS=pipeline,rqrr` limits the decoders measured and
//! `KAKOU_BENCH_FRAMES=N` sets the number of synthetic frames of each kind.

#[path = "../tests/support/blackbox.rs"]
mod blackbox;
#[path = "../tests/support/synth.rs"]
mod synth;

use image::GrayImage;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Runs a decoder, turning a panic into "nothing found" and counting it.
fn run(decode: DecodeFn, img: &GrayImage) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(|| decode(img))).unwrap_or_else(|_| {
        PANICS.fetch_add(1, Ordering::Relaxed);
        Vec::new()
    })
}

type DecodeFn = fn(&GrayImage) -> Vec<String>;

fn decoders() -> Vec<(&'static str, DecodeFn)> {
    let all: Vec<(&'static str, DecodeFn)> = vec![
        ("rqrr", decode_rqrr),
        ("rxing", decode_rxing),
        ("finder-first", |img| {
            kakou_scan::engine::decode_finder_first(img).texts
        }),
        ("global", kakou_scan::engine::decode_global),
        ("classic", kakou_scan::engine::decode_classic),
        ("pipeline", |img| kakou_scan::decode_luma(img).texts),
    ];
    match std::env::var("KAKOU_BENCH_DECODERS") {
        Ok(list) => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            all.into_iter()
                .filter(|(name, _)| wanted.contains(name))
                .collect()
        }
        Err(_) => all,
    }
}

/// rqrr (quirc's algorithm) as a crate user would call it.
fn decode_rqrr(img: &GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(img.clone());
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_meta, text)| text))
        .collect()
}

/// rxing as a crate user would call it: `MultiFormatReader` restricted to QR,
/// "try harder" and the inverted retry on (zxing-cpp detector, then classic).
fn decode_rxing(img: &GrayImage) -> Vec<String> {
    use rxing::Reader;
    let hints = rxing::DecodeHints {
        PossibleFormats: Some([rxing::BarcodeFormat::QR_CODE].into()),
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        ..Default::default()
    };
    let Ok(source) = rxing::Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height())
    else {
        return Vec::new();
    };
    let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
    rxing::MultiFormatReader::default()
        .decode_with_hints(&mut bitmap, &hints)
        .map(|r| vec![r.getText().to_owned()])
        .unwrap_or_default()
}

fn main() {
    // Raw engines are measured without the pipeline's containment, so a
    // panicking decoder is caught here and counted; the default hook would
    // print a backtrace for each one.
    std::panic::set_hook(Box::new(|_| {}));
    let decoders = decoders();
    match blackbox::load() {
        Ok(corpus) => {
            for (name, decode) in &decoders {
                report_blackbox(name, *decode, &corpus);
            }
        }
        Err(why) => println!("skipping the zxing blackbox report: {why}"),
    }
    let frames: usize = std::env::var("KAKOU_BENCH_FRAMES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    report_synthetic(&decoders, frames);
    report_conversion(frames.min(50));
}

/// What a camera frame costs before decoding: MJPEG (a colour JPEG, as
/// webcams send at 720p) and YUYV to grey, for synthetic pass frames.
fn report_conversion(frames: usize) {
    use kakou_scan::{PixelLayout, RawFrame};
    let mut rng = StdRng::seed_from_u64(0x63616d);
    let mut mjpeg_times = Vec::with_capacity(frames);
    let mut yuyv_times = Vec::with_capacity(frames);
    let mut mjpeg_decoded = 0;
    for _ in 0..frames {
        let text = synth::pass_text(&mut rng);
        let grey = synth::pass_frame(&mut rng, &text);
        let (width, height) = grey.dimensions();
        let colour = image::DynamicImage::ImageLuma8(grey.clone()).to_rgb8();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode_image(&colour)
            .expect("encode");
        let mjpeg = RawFrame {
            layout: PixelLayout::Mjpeg,
            width,
            height,
            data: jpeg,
        };
        let yuyv = RawFrame {
            layout: PixelLayout::Yuyv,
            width,
            height,
            data: grey.as_raw().iter().flat_map(|&y| [y, 128]).collect(),
        };
        let started = Instant::now();
        let from_jpeg = mjpeg.to_gray().expect("mjpeg");
        mjpeg_times.push(started.elapsed());
        let started = Instant::now();
        let from_yuyv = yuyv.to_gray().expect("yuyv");
        yuyv_times.push(started.elapsed());
        assert_eq!(from_yuyv, grey);
        if kakou_scan::decode_luma(&from_jpeg).texts.contains(&text) {
            mjpeg_decoded += 1;
        }
    }
    println!("\n## camera frames to grey, 1280×720, {frames} frames, one thread\n");
    println!("| layout | median | p95 | passes still read after conversion |");
    println!("|---|---|---|---|");
    println!(
        "| MJPEG (colour JPEG, quality 85) | {} | {} | {mjpeg_decoded}/{frames} |",
        ms(percentile(&mut mjpeg_times, 50)),
        ms(percentile(&mut mjpeg_times, 95)),
    );
    println!(
        "| YUYV | {} | {} | {frames}/{frames} (identical) |",
        ms(percentile(&mut yuyv_times, 50)),
        ms(percentile(&mut yuyv_times, 95)),
    );
}

fn report_blackbox(name: &str, decode: DecodeFn, corpus: &blackbox::Corpus) {
    println!("\n## {name}: zxing blackbox, images decoded (expected text among results)\n");
    println!("| set | images | 0° | 90° | 180° | 270° | all |");
    println!("|---|---|---|---|---|---|---|");
    let started = Instant::now();
    PANICS.store(0, Ordering::Relaxed);
    let mut totals = [0usize; 4];
    let mut images = 0;
    for set in &corpus.sets {
        let mut hits = [0usize; 4];
        for case in &set.cases {
            for (r, hit) in hits.iter_mut().enumerate() {
                let img = blackbox::rotate(&case.image, r);
                if run(decode, &img).contains(&case.expected) {
                    *hit += 1;
                }
            }
        }
        let n = set.cases.len();
        images += n;
        for (t, h) in totals.iter_mut().zip(hits) {
            *t += h;
        }
        println!(
            "| {} | {n} | {} | {} | {} | {} | {} |",
            set.name,
            hits[0],
            hits[1],
            hits[2],
            hits[3],
            pct(hits.iter().sum(), 4 * n)
        );
    }
    println!(
        "| **all** | {images} | {} | {} | {} | {} | {} |",
        pct(totals[0], images),
        pct(totals[1], images),
        pct(totals[2], images),
        pct(totals[3], images),
        pct(totals.iter().sum(), 4 * images)
    );
    let fp = corpus
        .false_positives
        .iter()
        .filter(|img| !run(decode, img).is_empty())
        .count();
    println!(
        "\nfalsepositives/: {fp} of {} images gave text; decoder panics: {}; wall time {:.1} s",
        corpus.false_positives.len(),
        PANICS.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
}

fn report_synthetic(decoders: &[(&'static str, DecodeFn)], frames: usize) {
    let mut rng = StdRng::seed_from_u64(0x6b616b6f75);
    let with_code: Vec<(String, GrayImage)> = (0..frames)
        .map(|_| {
            let text = synth::pass_text(&mut rng);
            let img = synth::pass_frame(&mut rng, &text);
            (text, img)
        })
        .collect();
    let without_code: Vec<GrayImage> = (0..frames).map(|_| synth::blank_frame(&mut rng)).collect();
    // The same passes shown light-on-dark (a phone in dark mode).
    let inverted: Vec<(String, GrayImage)> = with_code
        .iter()
        .map(|(text, img)| {
            let mut img = img.clone();
            image::imageops::invert(&mut img);
            (text.clone(), img)
        })
        .collect();

    println!(
        "\n## synthetic 1280×720 frames, {frames} with a pass and {frames} without, one thread\n"
    );
    println!(
        "| decoder | passes decoded | with code median | p95 | without code median | p95 | false texts | inverted decoded | inverted median |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, decode) in decoders {
        let (decoded, mut with_times) = read_passes(*decode, &with_code);
        let mut false_texts = 0;
        let mut without_times = Vec::with_capacity(frames);
        for img in &without_code {
            let started = Instant::now();
            let texts = run(*decode, img);
            without_times.push(started.elapsed());
            false_texts += texts.len();
        }
        let (inverted_decoded, mut inverted_times) = read_passes(*decode, &inverted);
        println!(
            "| {name} | {decoded}/{frames} | {} | {} | {} | {} | {false_texts} | {inverted_decoded}/{frames} | {} |",
            ms(percentile(&mut with_times, 50)),
            ms(percentile(&mut with_times, 95)),
            ms(percentile(&mut without_times, 50)),
            ms(percentile(&mut without_times, 95)),
            ms(percentile(&mut inverted_times, 50)),
        );
    }
}

/// Decodes each pass frame, timing it: how many were read, and the times.
fn read_passes(decode: DecodeFn, frames: &[(String, GrayImage)]) -> (usize, Vec<Duration>) {
    let mut read = 0;
    let mut times = Vec::with_capacity(frames.len());
    for (text, img) in frames {
        let started = Instant::now();
        let texts = run(decode, img);
        times.push(started.elapsed());
        if texts.contains(text) {
            read += 1;
        }
    }
    (read, times)
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    times.sort();
    // Nearest-rank percentile: the smallest time at or above p% of the runs.
    let rank = (p * times.len()).div_ceil(100).max(1);
    times[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn pct(hits: usize, total: usize) -> String {
    format!(
        "{hits}/{total} ({:.1}%)",
        100.0 * hits as f64 / total.max(1) as f64
    )
}
