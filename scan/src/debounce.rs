//! Suppressing repeated reads of the pass that is still in front of the lens.

use std::collections::HashMap;
use std::time::Duration;

/// Remembers when each text was last seen and lets it through again only
/// after it has been out of sight for the window.
///
/// A camera sees the same pass in every frame for as long as it is held up,
/// so the gate must get one scan per showing, not thirty per second. The
/// window restarts on every sighting: a card held still for ten seconds is
/// still one scan, and the same card shown again after it was taken away for
/// longer than the window is a new scan (the resident going out again).
/// The clock comes in as a parameter so the rule is testable without
/// sleeping.
#[derive(Debug, Clone)]
pub struct Debouncer {
    window: Duration,
    last_seen: HashMap<String, Duration>,
}

impl Debouncer {
    /// The default window: long enough to cover a volunteer fumbling with the
    /// card, short enough that a second person with the same card is not
    /// silently ignored.
    pub const DEFAULT_WINDOW: Duration = Duration::from_secs(3);

    pub fn new(window: Duration) -> Self {
        Debouncer {
            window,
            last_seen: HashMap::new(),
        }
    }

    /// Records a sighting of `text` at `now` and says whether it is a new
    /// scan. `now` is any monotonic clock reading (time since start).
    pub fn accept(&mut self, text: &str, now: Duration) -> bool {
        // Forget texts not seen for a whole window so the map stays as small
        // as the number of passes recently in view.
        let window = self.window;
        self.last_seen
            .retain(|_, seen| now.saturating_sub(*seen) <= window);
        let is_new = !self.last_seen.contains_key(text);
        self.last_seen.insert(text.to_owned(), now);
        is_new
    }
}

impl Default for Debouncer {
    fn default() -> Self {
        Debouncer::new(Self::DEFAULT_WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn first_sighting_is_a_scan() {
        let mut d = Debouncer::default();
        assert!(d.accept("KK1:A", secs(0.0)));
    }

    #[test]
    fn same_text_within_the_window_is_suppressed() {
        let mut d = Debouncer::default();
        assert!(d.accept("KK1:A", secs(0.0)));
        assert!(!d.accept("KK1:A", secs(1.0)));
        assert!(!d.accept("KK1:A", secs(2.9)));
    }

    #[test]
    fn a_card_held_up_continuously_stays_one_scan() {
        let mut d = Debouncer::default();
        assert!(d.accept("KK1:A", secs(0.0)));
        for tenth in 1..100 {
            assert!(!d.accept("KK1:A", secs(tenth as f64 / 10.0)));
        }
    }

    #[test]
    fn same_text_after_the_window_is_a_new_scan() {
        let mut d = Debouncer::default();
        assert!(d.accept("KK1:A", secs(0.0)));
        assert!(d.accept("KK1:A", secs(3.5)));
    }

    #[test]
    fn different_texts_do_not_suppress_each_other() {
        let mut d = Debouncer::default();
        assert!(d.accept("KK1:A", secs(0.0)));
        assert!(d.accept("KK1:B", secs(0.1)));
        assert!(!d.accept("KK1:A", secs(0.2)));
    }

    #[test]
    fn custom_window_is_respected() {
        let mut d = Debouncer::new(secs(0.5));
        assert!(d.accept("x", secs(0.0)));
        assert!(!d.accept("x", secs(0.4)));
        assert!(d.accept("x", secs(1.0)));
    }

    #[test]
    fn a_clock_going_backwards_does_not_panic_or_rescan() {
        let mut d = Debouncer::default();
        assert!(d.accept("x", secs(10.0)));
        assert!(!d.accept("x", secs(9.0)));
    }
}
