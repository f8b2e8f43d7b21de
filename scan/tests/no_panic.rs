//! Property: no input, however broken, makes a panic escape the pipeline.
//!
//! Three families of frames: random pixels of random (also degenerate)
//! sizes; QR-like frames with finder patterns at random places and sizes,
//! which push the detectors into sampling absurd geometry (the kind of frame
//! on which rqrr asserts); and real pass codes garbled by stripes, blotches
//! and shearing.

mod support;

use image::{GrayImage, Luma};
use kakou_scan::decode_luma;
use proptest::prelude::*;

fn random_pixels() -> impl Strategy<Value = GrayImage> {
    (0u32..200, 0u32..200).prop_flat_map(|(w, h)| {
        proptest::collection::vec(any::<u8>(), (w * h) as usize)
            .prop_map(move |px| GrayImage::from_raw(w, h, px).expect("sized buffer"))
    })
}

/// Draws a 7×7-module finder pattern (dark ring, light ring, dark 3×3 core).
fn finder(img: &mut GrayImage, x: i64, y: i64, module: i64) {
    for my in 0..7 {
        for mx in 0..7 {
            let ring = (mx - 3i64).abs().max((my - 3i64).abs());
            let dark = ring != 2;
            for py in 0..module {
                for px in 0..module {
                    let (fx, fy) = (x + mx * module + px, y + my * module + py);
                    if fx >= 0 && fy >= 0 && (fx as u32) < img.width() && (fy as u32) < img.height()
                    {
                        img.put_pixel(fx as u32, fy as u32, Luma([if dark { 0 } else { 255 }]));
                    }
                }
            }
        }
    }
}

fn finder_soup() -> impl Strategy<Value = GrayImage> {
    (
        40u32..400,
        40u32..400,
        proptest::collection::vec((-20i64..400, -20i64..400, 1i64..8), 2..7),
        proptest::collection::vec((0u32..400, 0u32..400, any::<bool>()), 0..300),
    )
        .prop_map(|(w, h, finders, specks)| {
            let mut img = GrayImage::from_pixel(w, h, Luma([255]));
            for (x, y, module) in finders {
                finder(&mut img, x, y, module);
            }
            for (x, y, dark) in specks {
                if x < w && y < h {
                    img.put_pixel(x, y, Luma([if dark { 0 } else { 255 }]));
                }
            }
            img
        })
}

fn garbled_pass() -> impl Strategy<Value = GrayImage> {
    (
        proptest::collection::vec(0usize..45, 10..60),
        2u32..5,
        proptest::collection::vec(
            (0u32..300, 0u32..300, 1u32..40, 1u32..40, any::<u8>()),
            0..8,
        ),
        -0.3f32..0.3,
    )
        .prop_map(|(chars, module, blotches, shear)| {
            let text: String = "KK1:"
                .chars()
                .chain(chars.into_iter().map(|i| support::synth::BASE45[i] as char))
                .collect();
            let (modules, dark) = support::synth::pass_modules(&text);
            let side = (modules as u32 + 8) * module;
            let mut img = GrayImage::from_fn(side, side, |x, y| {
                // Shear the code horizontally to break its geometry.
                let sx = x as f32 + shear * y as f32;
                let (mx, my) = (sx as i64 / module as i64 - 4, y as i64 / module as i64 - 4);
                let on = mx >= 0
                    && my >= 0
                    && (mx as usize) < modules
                    && (my as usize) < modules
                    && dark[my as usize * modules + mx as usize];
                Luma([if on { 0 } else { 255 }])
            });
            for (x, y, w, h, shade) in blotches {
                for yy in y..(y + h).min(side) {
                    for xx in x..(x + w).min(side) {
                        img.put_pixel(xx, yy, Luma([shade]));
                    }
                }
            }
            img
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_pixels_never_panic(img in random_pixels()) {
        let decoded = decode_luma(&img);
        prop_assert!(decoded.texts.iter().all(|t| !t.is_empty()));
    }

    #[test]
    fn finder_pattern_soup_never_panics(img in finder_soup()) {
        let _ = decode_luma(&img);
    }

    #[test]
    fn garbled_passes_never_panic(img in garbled_pass()) {
        let _ = decode_luma(&img);
    }
}

fn layout() -> impl Strategy<Value = kakou_scan::PixelLayout> {
    use kakou_scan::PixelLayout::*;
    prop_oneof![
        Just(Yuyv),
        Just(Nv12),
        Just(Gray),
        Just(Mjpeg),
        Just(Rgb),
        Just(Bgr)
    ]
}

proptest! {
    /// A camera frame of any claimed size and layout with any bytes (a torn
    /// USB transfer, a driver reporting the wrong size, a corrupt JPEG) is
    /// a grey image of the claimed size or an error, never a panic.
    #[test]
    fn raw_camera_frames_convert_or_fail_cleanly(
        layout in layout(),
        width in 0u32..64,
        height in 0u32..64,
        data in proptest::collection::vec(any::<u8>(), 0..12_000),
    ) {
        let frame = kakou_scan::RawFrame { layout, width, height, data };
        if let Ok(grey) = frame.to_gray()
            && layout != kakou_scan::PixelLayout::Mjpeg
        {
            prop_assert_eq!(grey.dimensions(), (width, height));
        }
    }
}
