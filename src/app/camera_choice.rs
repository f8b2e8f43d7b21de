//! Which camera the gate uses: a terminal setting, kept in `meta`.
//!
//! "Automatic" (the first camera that streams) suits a tablet with one
//! camera; a gate with a built-in camera facing the volunteer and a USB one
//! facing the queue needs the lead to pick. The choice is an index, as the
//! system numbers its cameras (N of /dev/videoN on Linux).

use super::{AppError, Terminal};
use crate::store::meta;

const KEY: &str = "camera.index";

/// The chosen camera: `None` is automatic.
pub type CameraChoice = Option<u32>;

/// Reads a choice as typed on the command line: `auto` or an index.
pub fn parse(text: &str) -> Result<CameraChoice, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| {
        format!("`{text}` is not a camera: give `auto` or an index from `kakou camera list`")
    })
}

/// The configured camera (`camera` in the configuration file), else the
/// saved choice; automatic when none was saved (or the saved value is
/// unreadable, which only a hand-edited store could cause).
pub fn load(terminal: &Terminal) -> Result<CameraChoice, AppError> {
    if let Some(configured) = super::config::current().camera {
        return Ok(configured);
    }
    Ok(meta::get(terminal.store().conn(), KEY)?.and_then(|v| parse(&v).ok().flatten()))
}

pub fn save(terminal: &mut Terminal, choice: CameraChoice) -> Result<(), AppError> {
    let value = choice.map_or_else(|| "auto".to_string(), |i| i.to_string());
    Ok(terminal
        .store_mut()
        .write(|tx| meta::set(tx, KEY, &value))?)
}

/// The choice after `current` when the lead taps "switch camera": automatic,
/// then each camera present in turn, then automatic again. A saved camera
/// that is no longer present moves on to the first one present.
pub fn next(current: CameraChoice, present: &[u32]) -> CameraChoice {
    match current {
        None => present.first().copied(),
        Some(index) => present.iter().copied().find(|&i| i > index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_as_auto_or_an_index() {
        assert_eq!(parse("auto"), Ok(None));
        assert_eq!(parse(" AUTO "), Ok(None));
        assert_eq!(parse("2"), Ok(Some(2)));
        let err = parse("front").unwrap_err();
        assert!(
            err.contains("`front`") && err.contains("camera list"),
            "{err}"
        );
        assert!(parse("-1").is_err());
    }

    #[test]
    fn switching_cycles_through_auto_and_every_camera() {
        let present = [0, 2];
        assert_eq!(next(None, &present), Some(0));
        assert_eq!(next(Some(0), &present), Some(2));
        assert_eq!(next(Some(2), &present), None);
        // Camera 1 was unplugged since it was chosen.
        assert_eq!(next(Some(1), &present), Some(2));
        assert_eq!(next(None, &[]), None);
        assert_eq!(next(Some(3), &[]), None);
    }
}
