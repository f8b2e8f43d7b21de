//! The camera and the decoder on one background thread.

use super::{CameraEvent, CameraFeed, Cameras};
use crate::scanner::{DecodeLoop, DecodeThread, monotonic};
use crate::{Debouncer, ScanCounters, decode_luma};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often a pause between open attempts checks whether to stop, so that
/// dropping the worker (the lead choosing another camera, the kiosk closing)
/// never waits out a five-second retry.
const STOP_POLL: Duration = Duration::from_millis(50);

/// Runs a [`CameraFeed`] and the decode pipeline on one thread and reports
/// status, device lists, previews and debounced scans to `on_event`.
///
/// The thread owns the camera from open to close. Dropping the worker stops
/// it after the frame in hand and waits for it; the camera is released
/// before `drop` returns, so another worker can open it at once.
pub struct CameraWorker {
    thread: DecodeThread,
}

impl CameraWorker {
    /// Starts the worker on camera `index` (`None`: the first that works).
    pub fn spawn(
        cameras: Box<dyn Cameras>,
        index: Option<u32>,
        debouncer: Debouncer,
        on_event: impl Fn(CameraEvent) + Send + Sync + 'static,
    ) -> std::io::Result<CameraWorker> {
        let stop = Arc::new(AtomicBool::new(false));
        let on_event = Arc::new(on_event);
        let make_feed = {
            let stop = Arc::clone(&stop);
            let on_event = Arc::clone(&on_event);
            move || {
                CameraFeed::new(
                    cameras,
                    index,
                    move |event| on_event(event),
                    move |delay| pause_unless_stopped(&stop, delay),
                )
            }
        };
        let thread = DecodeThread::spawn(
            stop,
            make_feed,
            DecodeLoop {
                debouncer,
                clock: monotonic(),
                decode: decode_luma,
            },
            move |scan| {
                on_event(CameraEvent::Scan(scan.text));
                true
            },
        )?;
        Ok(CameraWorker { thread })
    }

    /// Frames decoded, codes read, panics contained, bad frames.
    pub fn counters(&self) -> ScanCounters {
        self.thread.counters()
    }
}

/// Sleeps for `delay` in short steps; `false` as soon as `stop` is set.
fn pause_unless_stopped(stop: &AtomicBool, delay: Duration) -> bool {
    let until = Instant::now() + delay;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(STOP_POLL));
    }
}
