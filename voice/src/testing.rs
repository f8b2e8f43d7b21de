//! Helpers for the playback tests: a mixer nobody listens to, and a check
//! that what it put out is a given clip.

use std::num::NonZero;

use kakou_core::lang::Lang;
use kakou_core::voice::VoicePrompt;
use rodio::mixer::{self, Mixer, MixerSource};

use crate::{clip, decode};

/// 5 ms of audio at 22.05 kHz, and a sample more: how long a cut or a
/// volume change may take to reach the output (rodio applies a player's
/// controls every 5 ms of audio).
pub(crate) const LAG: usize = 111;

/// rodio's mixer starts a decoder a few samples in (40 for these files);
/// the offset is searched up to this many samples.
const MAX_SKIP: usize = 64;

/// A prompt's file in Chinese and its decoded samples.
pub(crate) fn zh(prompt: VoicePrompt) -> (&'static [u8], Vec<f32>) {
    let bytes = clip(prompt, Lang::Zh);
    (bytes, decode(bytes).unwrap().samples)
}

/// A mixer at the files' own format (mono, 22.05 kHz), so what it puts out
/// is a clip's samples times the volume, sample for sample.
pub(crate) fn mixer() -> (Mixer, MixerSource) {
    let decoded = decode(clip(VoicePrompt::ShowPass, Lang::Zh)).unwrap();
    assert_eq!(decoded.channels, 1);
    mixer::mixer(
        NonZero::new(1).unwrap(),
        NonZero::new(decoded.sample_rate).unwrap(),
    )
}

/// The next `n` samples the device would play; silence once the mixer has
/// nothing left.
pub(crate) fn pull(out: &mut MixerSource, n: usize) -> Vec<f32> {
    (0..n).map(|_| out.next().unwrap_or(0.0)).collect()
}

/// Asserts that `heard`, from sample `from` on, is `clip` times `factor`
/// (started up to [`MAX_SKIP`] samples in) and has sound in it; returns
/// how many samples of the clip were skipped.
pub(crate) fn assert_plays(
    heard: &[f32],
    clip: &[f32],
    factor: f32,
    from: usize,
    what: &str,
) -> usize {
    let n = heard.len().min(clip.len() - MAX_SKIP);
    assert!(
        heard[from..n].iter().any(|s| s.abs() > 0.01),
        "{what}: the stretch compared has sound"
    );
    let matches =
        |skip: usize| (from..n).all(|i| (heard[i] - clip[i + skip] * factor).abs() < 1e-4);
    match (0..=MAX_SKIP).find(|skip| matches(*skip)) {
        Some(skip) => skip,
        None => panic!("{what}: the output is not the clip times {factor}"),
    }
}
