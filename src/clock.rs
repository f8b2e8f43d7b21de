//! The one place the terminal reads the time. Everything else takes the
//! time as a parameter, so tests and replays can set it.

use chrono::{DateTime, FixedOffset, Local};

pub trait Clock: Send {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The machine's clock in the machine's time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock that always says the same time, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<FixedOffset>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// A clock the test moves by hand, shared between the test and the code it
/// drives (the kiosk's re-measure rest, timeouts).
#[derive(Debug, Clone)]
pub struct ManualClock(std::sync::Arc<std::sync::Mutex<DateTime<FixedOffset>>>);

impl ManualClock {
    pub fn new(start: DateTime<FixedOffset>) -> ManualClock {
        ManualClock(std::sync::Arc::new(std::sync::Mutex::new(start)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
