//! One prompt at a time into a rodio mixer: the part of playback that does
//! not depend on a device, so it is tested by pulling samples from a mixer
//! nobody listens to.

use std::io::Cursor;

use rodio::mixer::Mixer;
use rodio::{Decoder, Player};

pub(crate) struct Playback {
    mixer: Mixer,
    current: Option<Player>,
    amplitude: f32,
}

impl Playback {
    pub(crate) fn new(mixer: Mixer, amplitude: f32) -> Playback {
        Playback {
            mixer,
            current: None,
            amplitude,
        }
    }

    /// Starts `clip`, cutting off the clip playing. Each clip gets a player
    /// of its own: dropping the previous one stops it within 5 ms (rodio
    /// checks a player's controls every 5 ms of audio), without waiting for
    /// the audio thread, which `Player::clear` and `Player::stop` would do.
    pub(crate) fn play(&mut self, clip: &'static [u8]) {
        // The embedded files all decode (tests/prompt_files.rs decodes each
        // one in CI); were one broken, that prompt stays silent and the
        // gate goes on.
        let Ok(source) = Decoder::new(Cursor::new(clip)) else {
            self.stop();
            return;
        };
        let player = Player::connect_new(&self.mixer);
        player.set_volume(self.amplitude);
        player.append(source);
        self.current = Some(player);
    }

    /// Applies to the clip playing as well as the next ones.
    pub(crate) fn set_amplitude(&mut self, amplitude: f32) {
        self.amplitude = amplitude;
        if let Some(player) = &self.current {
            player.set_volume(amplitude);
        }
    }

    pub(crate) fn stop(&mut self) {
        self.current = None;
    }
}

#[cfg(test)]
mod tests {
    use kakou_core::voice::VoicePrompt;

    use super::*;
    use crate::testing::{LAG, assert_plays, mixer, pull, zh};

    #[test]
    fn plays_the_clip_at_the_volume_set() {
        let (mixer, mut out) = mixer();
        let mut playback = Playback::new(mixer, 0.25);
        playback.play(zh(VoicePrompt::ShowPass).0);
        let heard = pull(&mut out, 8000);
        let clip = zh(VoicePrompt::ShowPass).1;
        let skipped = assert_plays(&heard, &clip, 0.25, 0, "show_pass");
        // rodio's mixer drops the decoder's first few samples; they are
        // part of the 50 ms of silence the render script puts first.
        assert!(clip[..skipped].iter().all(|s| s.abs() < 0.01));
    }

    #[test]
    fn a_new_prompt_cuts_off_the_one_playing() {
        let (mixer, mut out) = mixer();
        let mut playback = Playback::new(mixer, 1.0);
        playback.play(zh(VoicePrompt::StepAside).0);
        pull(&mut out, 4000);
        playback.play(zh(VoicePrompt::Measure).0);
        let heard = pull(&mut out, 12000);
        // Were step_aside still playing, the output would be the sum of both.
        assert_plays(
            &heard,
            &zh(VoicePrompt::Measure).1,
            1.0,
            LAG,
            "measure after step_aside",
        );
    }

    #[test]
    fn a_volume_change_reaches_the_prompt_playing() {
        let (mixer, mut out) = mixer();
        let mut playback = Playback::new(mixer, 1.0);
        playback.play(zh(VoicePrompt::Released).0);
        let before = pull(&mut out, 4000);
        playback.set_amplitude(0.1);
        let after = pull(&mut out, 8000);
        let clip = zh(VoicePrompt::Released).1;
        assert_plays(&before, &clip, 1.0, 0, "released");
        assert_plays(&after, &clip[4000..], 0.1, LAG, "released, turned down");
    }

    #[test]
    fn stop_silences_at_once_and_the_end_of_a_clip_is_silence() {
        let (mixer, mut out) = mixer();
        let mut playback = Playback::new(mixer, 1.0);
        playback.play(zh(VoicePrompt::PassInvalid).0);
        assert!(pull(&mut out, 4000).iter().any(|s| s.abs() > 0.1));
        playback.stop();
        let after = pull(&mut out, 4000);
        assert!(after[LAG..].iter().all(|s| *s == 0.0), "silent after stop");

        let (register, samples) = zh(VoicePrompt::Register);
        playback.play(register);
        let heard = pull(&mut out, samples.len() + 1000);
        assert!(heard[samples.len()..].iter().all(|s| *s == 0.0));
    }
}
