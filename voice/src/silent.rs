//! A speaker that plays nothing.

use std::sync::Mutex;

use kakou_core::lang::Lang;
use kakou_core::voice::VoicePrompt;

use crate::{Speaker, VoiceSettings, VoiceStatus};

/// Plays nothing and remembers what it was asked to say while on, so a
/// kiosk test can check which prompts the gate would have spoken.
#[derive(Debug, Default)]
pub struct SilentSpeaker {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    settings: VoiceSettings,
    said: Vec<(VoicePrompt, Lang)>,
}

impl SilentSpeaker {
    pub fn new(settings: VoiceSettings) -> SilentSpeaker {
        SilentSpeaker {
            state: Mutex::new(State {
                settings,
                said: Vec::new(),
            }),
        }
    }

    /// The prompts asked for while on, oldest first.
    pub fn said(&self) -> Vec<(VoicePrompt, Lang)> {
        self.lock().said.clone()
    }

    pub fn settings(&self) -> VoiceSettings {
        self.lock().settings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding this lock cannot leave the
        // state half-changed (each change is one assignment or push), so a
        // poisoned lock is still good to use.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Speaker for SilentSpeaker {
    fn say(&self, prompt: VoicePrompt, lang: Lang) {
        let mut state = self.lock();
        if state.settings.enabled {
            state.said.push((prompt, lang));
        }
    }

    fn set_volume(&self, volume: u8) {
        self.lock().settings.volume = volume.min(100);
    }

    fn set_enabled(&self, enabled: bool) {
        self.lock().settings.enabled = enabled;
    }

    fn status(&self) -> VoiceStatus {
        VoiceStatus::Silent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_was_told_while_on() {
        let speaker = SilentSpeaker::default();
        speaker.say(VoicePrompt::ShowPass, Lang::Zh);
        speaker.set_enabled(false);
        speaker.say(VoicePrompt::Measure, Lang::Zh);
        speaker.set_enabled(true);
        speaker.set_volume(140);
        speaker.say(VoicePrompt::Released, Lang::En);
        assert_eq!(
            speaker.said(),
            [
                (VoicePrompt::ShowPass, Lang::Zh),
                (VoicePrompt::Released, Lang::En)
            ]
        );
        assert_eq!(speaker.settings().volume, 100);
        assert_eq!(speaker.status(), VoiceStatus::Silent);
    }
}
