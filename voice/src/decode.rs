//! Decoding a prompt file completely, for checks rather than playback
//! (playback decodes as it plays).

use std::io::Cursor;
use std::time::Duration;

use rodio::Source;
use rodio::decoder::{Decoder, DecoderError};

/// A prompt file decoded to samples in [-1, 1], channels interleaved.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub sample_rate: u32,
    pub channels: u16,
    pub samples: Vec<f32>,
}

impl Decoded {
    pub fn duration(&self) -> Duration {
        let frames = self.samples.len() as f64 / f64::from(self.channels);
        Duration::from_secs_f64(frames / f64::from(self.sample_rate))
    }

    /// Root mean square of all samples: 0 for silence, about 0.1 for
    /// normalised speech.
    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self.samples.iter().map(|s| f64::from(*s).powi(2)).sum();
        (sum / self.samples.len() as f64).sqrt() as f32
    }
}

/// Decodes a whole Ogg Vorbis file (any format rodio was built for).
pub fn decode(bytes: &'static [u8]) -> Result<Decoded, DecoderError> {
    let decoder = Decoder::new(Cursor::new(bytes))?;
    let sample_rate = decoder.sample_rate().get();
    let channels = decoder.channels().get();
    Ok(Decoded {
        sample_rate,
        channels,
        samples: decoder.collect(),
    })
}
