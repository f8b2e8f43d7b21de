//! Writes the crafted image that measures `kakou qr decode`'s per-image
//! limits: a PNG (8000×8000 unless told) tiled with QR finder patterns and
//! no code, from `tests/support/synth.rs`.
//!
//!   cargo run --release -p kakou-scan --example finder_grid -- OUT.png [SIDE]
//!   kakou qr decode OUT.png
//!
//! Before the pixel and time caps, `qr decode` spent 157–172 s on the 8000²
//! image (release build, this project's 2-core machine under load); with
//! them it gives up after the 2 s of `FileLimits::DEFAULT`.

#[path = "../tests/support/synth.rs"]
mod synth;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: finder_grid OUT.png [SIDE]");
    let side = args
        .next()
        .map_or(8000, |s| s.parse().expect("SIDE is a number"));
    synth::finder_grid(side).save(&out).expect("write the PNG");
}
