//! The decoding stages the pipeline is built from, all from rxing (the
//! pure-Rust port of zxing and zxing-cpp).
//!
//! Each stage takes one grey frame and returns the texts it found, with no
//! panic containment and no fallback logic: both live in
//! [`crate::decode_luma`]. They are public so that the benchmark can measure
//! each one on its own, which is how the order in
//! `docs/adr/0001-qr-decoder.md` was chosen.

mod classic;
mod finder_first;
mod global;
mod luma;

pub use classic::decode_classic;
pub use finder_first::{FinderFirst, decode_finder_first, decode_finder_first_until};
pub use global::{decode_global, decode_global_until};
