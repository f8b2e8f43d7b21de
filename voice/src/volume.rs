//! The volume the lead sets (0–100) as the factor applied to the samples.

/// The sample factor for a volume in percent; values above 100 count as 100.
///
/// Loudness is heard roughly logarithmically, so a linear factor would put
/// all the audible change in the lowest steps of the slider. The square
/// is the usual cheap approximation: 50 % is a quarter of the amplitude
/// (-12 dB), 10 % is -40 dB, and 0 is silence.
pub fn amplitude(volume: u8) -> f32 {
    let v = f32::from(volume.min(100)) / 100.0;
    v * v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_silence_and_full_scale() {
        assert_eq!(amplitude(0), 0.0);
        assert_eq!(amplitude(100), 1.0);
        assert_eq!(amplitude(255), 1.0);
        assert_eq!(amplitude(50), 0.25);
    }

    #[test]
    fn louder_is_never_quieter() {
        for v in 0..100u8 {
            assert!(amplitude(v) < amplitude(v + 1), "{v}");
        }
    }
}
