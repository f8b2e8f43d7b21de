//! Telling a USB "keyboard wedge" scanner's keystrokes from a person typing.

use std::time::Duration;

/// Thresholds that separate a scanner burst from human typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WedgeConfig {
    /// The longest pause between two keys of one scan, Enter included.
    /// Wedge scanners type a key every 1–15 ms (USB HID at 1–8 ms, the slower
    /// Bluetooth ones at up to ~20 ms); even a very fast typist leaves 60 ms
    /// or more between keys, and rollover bursts last two or three keys.
    pub max_gap: Duration,
    /// The fewest characters a scan has. Shorter bursts ending in Enter (a
    /// typist's quick "ok⏎") are not scans. Passes are about 150 characters.
    pub min_len: usize,
}

impl Default for WedgeConfig {
    fn default() -> Self {
        WedgeConfig {
            max_gap: Duration::from_millis(35),
            min_len: 8,
        }
    }
}

/// Collects keys into a scan: a burst of at least `min_len` characters with
/// no pause longer than `max_gap`, ended by Enter (`\r` or `\n`) within
/// `max_gap` of the last character.
///
/// Pure: the key events and their timestamps come in as parameters, so the
/// shell feeds it from whatever keyboard hook it has and tests feed it
/// tables.
#[derive(Debug, Clone, Default)]
pub struct WedgeAssembler {
    config: WedgeConfig,
    burst: String,
    last_key: Option<Duration>,
}

impl WedgeAssembler {
    pub fn new(config: WedgeConfig) -> Self {
        WedgeAssembler {
            config,
            burst: String::new(),
            last_key: None,
        }
    }

    /// Feeds one key. Returns the scanned text when this key completes a
    /// scan. Keys that turn out not to be part of a scan are dropped here:
    /// the text field the person is typing into receives its keys directly.
    pub fn feed(&mut self, key: char, now: Duration) -> Option<String> {
        let in_burst = self
            .last_key
            .is_some_and(|last| now.saturating_sub(last) <= self.config.max_gap);
        self.last_key = Some(now);
        if !in_burst {
            self.burst.clear();
        }
        if key == '\r' || key == '\n' {
            let burst = std::mem::take(&mut self.burst);
            return (in_burst && burst.chars().count() >= self.config.min_len).then_some(burst);
        }
        if !key.is_control() {
            self.burst.push(key);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `text` with `gap_ms` between keys starting at `start_ms` and
    /// returns every scan emitted.
    fn type_text(w: &mut WedgeAssembler, text: &str, start_ms: u64, gap_ms: u64) -> Vec<String> {
        text.chars()
            .enumerate()
            .filter_map(|(i, c)| w.feed(c, Duration::from_millis(start_ms + i as u64 * gap_ms)))
            .collect()
    }

    #[test]
    fn fast_burst_ending_in_enter_is_a_scan() {
        let mut w = WedgeAssembler::default();
        assert_eq!(
            type_text(&mut w, "KK1:ABC123 $%*+-./:\r", 0, 4),
            vec!["KK1:ABC123 $%*+-./:"]
        );
    }

    #[test]
    fn carriage_return_line_feed_gives_one_scan() {
        let mut w = WedgeAssembler::default();
        assert_eq!(
            type_text(&mut w, "KK1:ABCDEFG\r\n", 0, 4),
            vec!["KK1:ABCDEFG"]
        );
    }

    #[test]
    fn slow_human_typing_is_not_a_scan() {
        let mut w = WedgeAssembler::default();
        assert!(type_text(&mut w, "KK1:ABCDEFGH\n", 0, 120).is_empty());
    }

    #[test]
    fn short_fast_burst_is_not_a_scan() {
        let mut w = WedgeAssembler::default();
        assert!(type_text(&mut w, "ok\n", 0, 5).is_empty());
    }

    #[test]
    fn burst_without_enter_is_not_a_scan_and_does_not_leak_into_the_next() {
        let mut w = WedgeAssembler::default();
        assert!(type_text(&mut w, "GARBAGE12345", 0, 3).is_empty());
        assert_eq!(
            type_text(&mut w, "KK1:REALPASS\n", 1_000, 3),
            vec!["KK1:REALPASS"]
        );
    }

    #[test]
    fn enter_pressed_late_by_a_person_is_not_a_scan() {
        let mut w = WedgeAssembler::default();
        assert!(type_text(&mut w, "KK1:ABCDEFGH", 0, 3).is_empty());
        assert_eq!(w.feed('\n', Duration::from_millis(500)), None);
    }

    #[test]
    fn human_keys_before_a_scan_are_not_prepended() {
        let mut w = WedgeAssembler::default();
        assert!(type_text(&mut w, "xy", 0, 200).is_empty());
        assert_eq!(
            type_text(&mut w, "KK1:PASS0001\n", 700, 5),
            vec!["KK1:PASS0001"]
        );
    }

    #[test]
    fn two_scans_in_a_row() {
        let mut w = WedgeAssembler::default();
        assert_eq!(
            type_text(&mut w, "KK1:FIRST001\n", 0, 2),
            vec!["KK1:FIRST001"]
        );
        assert_eq!(
            type_text(&mut w, "KK1:SECOND02\n", 2_000, 2),
            vec!["KK1:SECOND02"]
        );
    }

    #[test]
    fn thresholds_are_configurable() {
        let mut w = WedgeAssembler::new(WedgeConfig {
            max_gap: Duration::from_millis(100),
            min_len: 2,
        });
        assert_eq!(type_text(&mut w, "ab\n", 0, 80), vec!["ab"]);
    }
}
