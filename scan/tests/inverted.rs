//! Inverted codes (light modules on a dark card), as a phone in dark mode or
//! a pass printed white-on-colour shows them.

mod support;

use image::imageops::invert;
use kakou_scan::decode_luma;
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::synth;

#[test]
fn inverted_passes_are_read_at_any_placement() {
    let mut rng = StdRng::seed_from_u64(41);
    for _ in 0..12 {
        let pass = synth::pass_text(&mut rng);
        let mut frame = synth::pass_frame(&mut rng, &pass);
        invert(&mut frame);

        let decoded = decode_luma(&frame);

        assert_eq!(decoded.texts, vec![pass]);
        assert!(!decoded.panicked);
    }
}

#[test]
fn an_inverted_blank_frame_still_reads_nothing() {
    let mut rng = StdRng::seed_from_u64(42);
    for _ in 0..12 {
        let mut frame = synth::blank_frame(&mut rng);
        invert(&mut frame);
        assert_eq!(decode_luma(&frame).texts, Vec::<String>::new());
    }
}
