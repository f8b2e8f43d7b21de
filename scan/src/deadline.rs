//! When the decode pipeline must stop.

use std::time::Instant;

/// A point after which decoding stops. The pipeline asks before each stage
/// and between the candidate codes of the fast path, so one image cannot
/// hold the decoder for long however it was made; what was found until then
/// is kept.
pub trait Deadline {
    fn passed(&self) -> bool;
}

/// The wall clock: passed once `Instant::now()` reaches it.
impl Deadline for Instant {
    fn passed(&self) -> bool {
        Instant::now() >= *self
    }
}

/// No deadline: the camera's frames, whose size the camera bounds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Never;

impl Deadline for Never {
    fn passed(&self) -> bool {
        false
    }
}
