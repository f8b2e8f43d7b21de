//! The seam between the kiosk and the sound: what a speaker can be told.

use kakou_core::lang::Lang;
use kakou_core::voice::VoicePrompt;

use crate::VoiceStatus;

/// The lead's choices, kept by the kiosk and handed to a speaker at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoiceSettings {
    pub enabled: bool,
    /// 0–100; above 100 counts as 100.
    pub volume: u8,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings {
            enabled: true,
            volume: 80,
        }
    }
}

/// Plays prompts. Every method returns at once and never fails: a speaker
/// that cannot play stays silent and says so through [`Speaker::status`].
pub trait Speaker: Send + Sync {
    /// Plays `prompt` in `lang`, cutting off whatever is playing. Ignored
    /// while the prompts are off.
    fn say(&self, prompt: VoicePrompt, lang: Lang);
    /// 0–100; above 100 counts as 100. Applies to the prompt playing too.
    fn set_volume(&self, volume: u8);
    /// Turning the prompts off also stops the one playing.
    fn set_enabled(&self, enabled: bool);
    fn status(&self) -> VoiceStatus;
}
