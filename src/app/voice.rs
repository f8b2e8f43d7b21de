//! The lead's choices for the voice prompts (on or off, and the volume), a
//! terminal setting kept in `meta` and read when the kiosk starts.

use kakou_voice::VoiceSettings;

use super::{AppError, Terminal};
use crate::store::meta;

const ENABLED: &str = "voice.enabled";
const VOLUME: &str = "voice.volume";

/// The saved settings; the defaults (on, 80) for what was never saved or
/// cannot be read (only a hand-edited store could hold that).
pub fn load(terminal: &Terminal) -> Result<VoiceSettings, AppError> {
    let conn = terminal.store().conn();
    let defaults = VoiceSettings::default();
    Ok(VoiceSettings {
        enabled: match meta::get(conn, ENABLED)?.as_deref() {
            Some("off") => false,
            Some("on") => true,
            _ => defaults.enabled,
        },
        volume: meta::get(conn, VOLUME)?
            .and_then(|v| v.parse::<u8>().ok())
            .map_or(defaults.volume, |v| v.min(100)),
    })
}

pub fn save(terminal: &mut Terminal, settings: VoiceSettings) -> Result<(), AppError> {
    Ok(terminal.store_mut().write(|tx| {
        meta::set(tx, ENABLED, if settings.enabled { "on" } else { "off" })?;
        meta::set(tx, VOLUME, &settings.volume.min(100).to_string())
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    #[test]
    fn the_settings_are_kept_and_start_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        assert_eq!(load(&t).unwrap(), VoiceSettings::default());
        let quiet = VoiceSettings {
            enabled: false,
            volume: 30,
        };
        save(&mut t, quiet).unwrap();
        let again = Terminal::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(load(&again).unwrap(), quiet);
    }
}
