//! The voice prompts as the controller drives them: which prompt the flow
//! asked for during an intent (the core's `voice::for_effects`), said once
//! when the intent is done, and the lead's on/off and volume.
//!
//! One intent may run several flow steps (a scan begins a passage and
//! identifies the holder; 放行 answers the questions and gives the
//! reading); only the last prompt they ask for is said, so the queue hears
//! "请回答健康问题", not "请出示通行证" cut off after a syllable.

use std::sync::Arc;

use kakou_core::gate::Effect;
use kakou_core::lang::Lang;
use kakou_core::voice::{VoicePrompt, for_effects};
use kakou_voice::{SilentSpeaker, Speaker, VoiceSettings, VoiceStatus};

/// The speaker, the lead's settings, and the prompt due.
pub(super) struct Voice {
    speaker: Arc<dyn Speaker>,
    settings: VoiceSettings,
    /// The speaker's status as last shown in the status bar.
    shown: VoiceStatus,
    pending: Option<VoicePrompt>,
}

impl Voice {
    /// Silent until [`Voice::set_speaker`] gives it a real one.
    pub(super) fn new(settings: VoiceSettings) -> Voice {
        let speaker: Arc<dyn Speaker> = Arc::new(SilentSpeaker::new(settings));
        Voice {
            shown: speaker.status(),
            speaker,
            settings,
            pending: None,
        }
    }

    /// Plays through `speaker` from now on, with the lead's settings.
    pub(super) fn set_speaker(&mut self, speaker: Arc<dyn Speaker>) {
        speaker.set_enabled(self.settings.enabled);
        speaker.set_volume(self.settings.volume);
        self.shown = speaker.status();
        self.speaker = speaker;
    }

    pub(super) fn settings(&self) -> VoiceSettings {
        self.settings
    }

    pub(super) fn set_settings(&mut self, settings: VoiceSettings) {
        self.speaker.set_enabled(settings.enabled);
        self.speaker.set_volume(settings.volume);
        self.settings = settings;
        self.shown = self.speaker.status();
    }

    /// Notes the prompt a flow step's effects call for, if any.
    pub(super) fn heard(&mut self, effects: &[Effect]) {
        if let Some(prompt) = for_effects(effects) {
            self.pending = Some(prompt);
        }
    }

    /// Asks for a prompt outside the flow's effects ("请登记" when the form opens).
    pub(super) fn ask(&mut self, prompt: VoicePrompt) {
        self.pending = Some(prompt);
    }

    /// Says the prompt due, once.
    pub(super) fn say_pending(&mut self, lang: Lang) {
        if let Some(prompt) = self.pending.take() {
            self.speaker.say(prompt, lang);
        }
    }

    pub(super) fn forget_pending(&mut self) {
        self.pending = None;
    }

    /// Plays a prompt now, for the lead to hear the volume.
    pub(super) fn test(&self, lang: Lang) {
        self.speaker.say(VoicePrompt::ShowPass, lang);
    }

    /// Takes the speaker's status; true when it changed since last shown
    /// (a device found or lost), so the status bar is worded anew.
    pub(super) fn status_changed(&mut self) -> bool {
        let now = self.speaker.status();
        let changed = now != self.shown;
        self.shown = now;
        changed
    }

    /// The status bar's note: why the prompts will not be heard, if they
    /// will not. Turned off by the lead is said as such, whatever the device.
    pub(super) fn note(&self, lang: Lang) -> String {
        let status = if self.settings.enabled {
            self.shown
        } else {
            VoiceStatus::Off
        };
        status.note(lang).unwrap_or_default().to_string()
    }
}
