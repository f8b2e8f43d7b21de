//! What the voice output is doing, for the kiosk's status bar and
//! `kakou doctor`.

use kakou_core::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoiceStatus {
    /// The audio device is being opened (the first moments after start).
    Starting,
    /// Prompts play.
    On,
    /// The lead turned the prompts off.
    Off,
    /// There is no usable audio output: prompts are silent. Checked again
    /// when a prompt is due, at most once per retry interval.
    NoDevice,
    /// A speaker that never plays (no sound by configuration, or a test).
    Silent,
}

impl VoiceStatus {
    /// Stable machine code, for logs and JSON.
    pub fn code(self) -> &'static str {
        match self {
            VoiceStatus::Starting => "starting",
            VoiceStatus::On => "on",
            VoiceStatus::Off => "off",
            VoiceStatus::NoDevice => "no_device",
            VoiceStatus::Silent => "silent",
        }
    }

    /// The status-bar note, when there is something to say: prompts that
    /// are expected but will not be heard.
    pub fn note(self, lang: Lang) -> Option<&'static str> {
        match self {
            VoiceStatus::Starting | VoiceStatus::On => None,
            VoiceStatus::Off => Some(lang.pick("语音提示已关闭", "Voice prompts off")),
            VoiceStatus::NoDevice => Some(lang.pick(
                "无音频设备，语音提示已关闭",
                "No audio device: voice prompts off",
            )),
            VoiceStatus::Silent => Some(lang.pick("语音提示未启用", "Voice prompts not in use")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_silence_the_lead_did_not_choose_is_noted_as_a_fault() {
        let all = [
            VoiceStatus::Starting,
            VoiceStatus::On,
            VoiceStatus::Off,
            VoiceStatus::NoDevice,
            VoiceStatus::Silent,
        ];
        let codes: Vec<_> = all.iter().map(|s| s.code()).collect();
        assert_eq!(codes, ["starting", "on", "off", "no_device", "silent"]);
        assert_eq!(VoiceStatus::On.note(Lang::Zh), None);
        assert_eq!(VoiceStatus::Starting.note(Lang::En), None);
        assert_eq!(
            VoiceStatus::NoDevice.note(Lang::Zh),
            Some("无音频设备，语音提示已关闭")
        );
        assert_eq!(
            VoiceStatus::NoDevice.note(Lang::En),
            Some("No audio device: voice prompts off")
        );
        assert_eq!(VoiceStatus::Off.note(Lang::Zh), Some("语音提示已关闭"));
    }
}
