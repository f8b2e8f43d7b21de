//! Synthetic camera frames showing kakou passes, for the tests and the bench.
//!
//! A frame is 1280×720 grey: a cluttered background (gradient, rectangles,
//! lines, speckle) and, when asked, a white card carrying a QR pass drawn at a
//! random angle and module size, then mildly blurred and noised the way a
//! cheap webcam would. Everything is driven by a seeded RNG so a run can be
//! repeated exactly.

#![allow(dead_code)]

use image::{GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};
use rand::Rng;

/// The QR alphanumeric character set, which is exactly the Base45 alphabet.
pub const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

pub const WIDTH: u32 = 1280;
pub const HEIGHT: u32 = 720;

/// A pass text: `KK1:` plus random Base45 characters.
///
/// The total length is 150–182 characters: 182 is what a version 8 symbol
/// holds at ECC M in alphanumeric mode, and DESIGN.md §4 caps passes there.
pub fn pass_text(rng: &mut impl Rng) -> String {
    let total = rng.gen_range(150..=182);
    let mut text = String::from("KK1:");
    while text.len() < total {
        text.push(BASE45[rng.gen_range(0..BASE45.len())] as char);
    }
    text
}

/// The QR modules of a pass at ECC M (version 7 or 8 for these lengths).
pub fn pass_modules(text: &str) -> (usize, Vec<bool>) {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).expect("pass fits a QR code");
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    (width, dark)
}

/// Where and how a code is drawn in a frame.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub center_x: f32,
    pub center_y: f32,
    pub module_px: f32,
    pub angle_rad: f32,
}

/// A random placement that keeps the whole card inside the frame.
pub fn random_placement(rng: &mut impl Rng, modules: usize) -> Placement {
    let module_px = rng.gen_range(4.0..=8.0);
    let angle_rad = rng.gen_range(0.0..std::f32::consts::TAU);
    // The card is the symbol plus a 4-module quiet zone on each side; its
    // rotated bounding box is at most side × √2.
    let half = (modules as f32 + 8.0) * module_px * std::f32::consts::SQRT_2 / 2.0;
    let half_x = half.min(WIDTH as f32 / 2.0 - 1.0);
    let half_y = half.min(HEIGHT as f32 / 2.0 - 1.0);
    Placement {
        center_x: rng.gen_range(half_x..=WIDTH as f32 - half_x),
        center_y: rng.gen_range(half_y..=HEIGHT as f32 - half_y),
        module_px,
        angle_rad,
    }
}

/// A frame with clutter only.
pub fn blank_frame(rng: &mut impl Rng) -> GrayImage {
    let mut img = background(rng);
    finish(rng, &mut img);
    img
}

/// A frame showing `text` as a QR pass at a random placement.
pub fn pass_frame(rng: &mut impl Rng, text: &str) -> GrayImage {
    let (modules, dark) = pass_modules(text);
    let placement = random_placement(rng, modules);
    pass_frame_at(rng, text, placement, modules, &dark)
}

/// A frame showing `text` upright, centred, at 6 px per module: the easy case
/// used by the recorded-sequence tests.
pub fn upright_pass_frame(rng: &mut impl Rng, text: &str) -> GrayImage {
    let (modules, dark) = pass_modules(text);
    let placement = Placement {
        center_x: WIDTH as f32 / 2.0,
        center_y: HEIGHT as f32 / 2.0,
        module_px: 6.0,
        angle_rad: 0.0,
    };
    pass_frame_at(rng, text, placement, modules, &dark)
}

fn pass_frame_at(
    rng: &mut impl Rng,
    _text: &str,
    p: Placement,
    modules: usize,
    dark: &[bool],
) -> GrayImage {
    let mut img = background(rng);
    let paper: f32 = rng.gen_range(200.0..=250.0);
    let ink: f32 = rng.gen_range(15.0..=70.0);
    let (sin, cos) = p.angle_rad.sin_cos();
    let card_half = (modules as f32 + 8.0) / 2.0;
    let reach = card_half * p.module_px * std::f32::consts::SQRT_2 + 2.0;
    let x0 = (p.center_x - reach).max(0.0) as u32;
    let x1 = ((p.center_x + reach) as u32).min(WIDTH - 1);
    let y0 = (p.center_y - reach).max(0.0) as u32;
    let y1 = ((p.center_y + reach) as u32).min(HEIGHT - 1);
    for y in y0..=y1 {
        for x in x0..=x1 {
            // Supersample 2×2 so module edges are anti-aliased like a lens
            // would render them, instead of staircase nearest-neighbour edges.
            let mut sum = 0.0;
            let mut on_card = 0;
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                let dx = x as f32 + sx - p.center_x;
                let dy = y as f32 + sy - p.center_y;
                // Inverse rotation into card coordinates, in modules.
                let u = (dx * cos + dy * sin) / p.module_px + card_half;
                let v = (-dx * sin + dy * cos) / p.module_px + card_half;
                if u < 0.0 || v < 0.0 || u >= 2.0 * card_half || v >= 2.0 * card_half {
                    sum += img.get_pixel(x, y)[0] as f32;
                    continue;
                }
                on_card += 1;
                let (mu, mv) = (u - 4.0, v - 4.0);
                let is_dark = mu >= 0.0
                    && mv >= 0.0
                    && (mu as usize) < modules
                    && (mv as usize) < modules
                    && dark[mv as usize * modules + mu as usize];
                sum += if is_dark { ink } else { paper };
            }
            if on_card > 0 {
                img.put_pixel(x, y, Luma([(sum / 4.0) as u8]));
            }
        }
    }
    finish(rng, &mut img);
    img
}

/// A gradient with random rectangles, lines and blobs, standing in for the
/// queue, the table and the volunteer's sleeve behind a pass.
fn background(rng: &mut impl Rng) -> GrayImage {
    let base: f32 = rng.gen_range(60.0..180.0);
    let gx: f32 = rng.gen_range(-0.05..0.05);
    let gy: f32 = rng.gen_range(-0.08..0.08);
    let mut img = GrayImage::from_fn(WIDTH, HEIGHT, |x, y| {
        Luma([(base + gx * x as f32 + gy * y as f32).clamp(0.0, 255.0) as u8])
    });
    for _ in 0..rng.gen_range(20..40) {
        let w = rng.gen_range(10..300);
        let h = rng.gen_range(10..200);
        let x = rng.gen_range(0..WIDTH - w);
        let y = rng.gen_range(0..HEIGHT - h);
        let shade = rng.gen_range(0..=255u8);
        for yy in y..y + h {
            for xx in x..x + w {
                img.put_pixel(xx, yy, Luma([shade]));
            }
        }
    }
    for _ in 0..rng.gen_range(20..60) {
        let (mut x, mut y) = (
            rng.gen_range(0.0..WIDTH as f32),
            rng.gen_range(0.0..HEIGHT as f32),
        );
        let angle: f32 = rng.gen_range(0.0..std::f32::consts::TAU);
        let (dy, dx) = angle.sin_cos();
        let thickness = rng.gen_range(1..6);
        let shade = rng.gen_range(0..=255u8);
        for _ in 0..rng.gen_range(50..600) {
            for t in 0..thickness {
                let (px, py) = (x as i64 + t, y as i64);
                if px >= 0 && py >= 0 && (px as u32) < WIDTH && (py as u32) < HEIGHT {
                    img.put_pixel(px as u32, py as u32, Luma([shade]));
                }
            }
            x += dx;
            y += dy;
        }
    }
    // Small dark/light squares: text-like texture that makes finder-pattern
    // searches work for their money.
    for _ in 0..rng.gen_range(300..800) {
        let s = rng.gen_range(2..10);
        let x = rng.gen_range(0..WIDTH - s);
        let y = rng.gen_range(0..HEIGHT - s);
        let shade = if rng.gen_bool(0.5) {
            rng.gen_range(0..60)
        } else {
            rng.gen_range(190..=255)
        };
        for yy in y..y + s {
            for xx in x..x + s {
                img.put_pixel(xx, yy, Luma([shade]));
            }
        }
    }
    img
}

/// Mild Gaussian blur and sensor noise over the whole frame.
fn finish(rng: &mut impl Rng, img: &mut GrayImage) {
    let sigma = rng.gen_range(0.4..1.0);
    *img = image::imageops::blur(img, sigma);
    let amplitude: i16 = rng.gen_range(3..=10);
    for px in img.pixels_mut() {
        let n = rng.gen_range(-amplitude..=amplitude);
        px[0] = (px[0] as i16 + n).clamp(0, 255) as u8;
    }
}

/// Pixels per module of [`finder_grid`]: small enough for many patterns,
/// large enough that the hybrid binariser keeps every ring.
pub const GRID_MODULE_PX: u32 = 3;

/// A white square of `side` pixels tiled with QR finder patterns and no
/// code: the crafted image that measures the pipeline's deadline.
///
/// The patterns stand as far apart as those of a version 1 symbol, so every
/// three neighbours pass the detectors' geometry checks and the decoder has
/// a candidate code at each triple; none of them decodes, so every stage
/// runs. An 8000×8000 grid took the unbounded pipeline over two minutes.
pub fn finder_grid(side: u32) -> GrayImage {
    let mut img = GrayImage::from_pixel(side, side, Luma([255]));
    let module = GRID_MODULE_PX;
    let pitch = 14 * module;
    let mut y = 4 * module;
    while y + 7 * module < side {
        let mut x = 4 * module;
        while x + 7 * module < side {
            finder_pattern(&mut img, x, y, module);
            x += pitch;
        }
        y += pitch;
    }
    img
}

/// A 7×7-module finder pattern (dark ring, light ring, dark 3×3 core) with
/// its top-left corner at (x, y).
fn finder_pattern(img: &mut GrayImage, x: u32, y: u32, module: u32) {
    for my in 0..7 {
        for mx in 0..7 {
            let ring = mx.min(my).min(6 - mx).min(6 - my);
            if ring == 1 {
                continue;
            }
            for py in 0..module {
                for px in 0..module {
                    img.put_pixel(x + mx * module + px, y + my * module + py, Luma([0]));
                }
            }
        }
    }
}
