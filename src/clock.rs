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
