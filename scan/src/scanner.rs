//! Running the decode pipeline on a worker thread.

use crate::{Debouncer, Decoded, FrameSource, decode_luma};
use image::GrayImage;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A pass read by the scanner, after debouncing: one per showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanEvent {
    pub text: String,
}

/// What the worker has done so far; shown on the diagnostics screen and in
/// logs, so a camera that yields nothing but errors or panics is noticed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanCounters {
    /// Frames decoded (bad frames are not counted here).
    pub frames: u64,
    /// Frames in which at least one code was read.
    pub decoded: u64,
    /// Frames on which a decoder panicked (contained).
    pub panics: u64,
    /// Frames the source could not deliver.
    pub frame_errors: u64,
}

#[derive(Default)]
struct SharedCounters {
    frames: AtomicU64,
    decoded: AtomicU64,
    panics: AtomicU64,
    frame_errors: AtomicU64,
}

impl SharedCounters {
    fn snapshot(&self) -> ScanCounters {
        ScanCounters {
            frames: self.frames.load(Ordering::Relaxed),
            decoded: self.decoded.load(Ordering::Relaxed),
            panics: self.panics.load(Ordering::Relaxed),
            frame_errors: self.frame_errors.load(Ordering::Relaxed),
        }
    }
}

/// Pulls frames from a [`FrameSource`] on its own thread, decodes them and
/// sends one [`ScanEvent`] per pass shown.
///
/// The UI thread never decodes: it polls [`Scanner::events`] (or blocks on it
/// from a bridge thread). Dropping the scanner stops the worker after the
/// frame in hand and waits for it.
pub struct Scanner {
    events: Receiver<ScanEvent>,
    thread: DecodeThread,
}

impl Scanner {
    /// Starts the worker with the real monotonic clock.
    pub fn spawn<S>(source: S, debouncer: Debouncer) -> std::io::Result<Scanner>
    where
        S: FrameSource + Send + 'static,
    {
        Scanner::spawn_with_clock(source, debouncer, monotonic())
    }

    /// Starts the worker with an injected clock, read once per frame. Tests
    /// and replays of recorded sequences use a frame-rate clock so the
    /// debouncing does not depend on how fast this machine decodes.
    pub fn spawn_with_clock<S, C>(
        source: S,
        debouncer: Debouncer,
        clock: C,
    ) -> std::io::Result<Scanner>
    where
        S: FrameSource + Send + 'static,
        C: FnMut() -> Duration + Send + 'static,
    {
        Scanner::start(source, debouncer, clock, decode_luma)
    }

    /// The worker proper, with the decoder as a parameter so that tests can
    /// stand in a decoder that reports panics.
    fn start<S, C>(
        source: S,
        debouncer: Debouncer,
        clock: C,
        decode: fn(&GrayImage) -> Decoded,
    ) -> std::io::Result<Scanner>
    where
        S: FrameSource + Send + 'static,
        C: FnMut() -> Duration + Send + 'static,
    {
        let (sender, events) = mpsc::channel();
        let thread = DecodeThread::spawn(
            Arc::new(AtomicBool::new(false)),
            move || source,
            DecodeLoop {
                debouncer,
                clock,
                decode,
            },
            move |event| sender.send(event).is_ok(),
        )?;
        Ok(Scanner { events, thread })
    }

    /// The scans, in the order read. The channel closes when the source has
    /// ended and every event was taken.
    pub fn events(&self) -> &Receiver<ScanEvent> {
        &self.events
    }

    /// A snapshot of the counters.
    pub fn counters(&self) -> ScanCounters {
        self.thread.counters()
    }

    /// Asks the worker to stop after the frame in hand.
    pub fn stop(&self) {
        self.thread.stop();
    }

    /// Waits until the source has ended (or [`Scanner::stop`] took effect)
    /// and returns the final counters.
    pub fn join(self) -> ScanCounters {
        self.thread.join()
    }
}

/// The real monotonic clock, as time since the worker started.
pub(crate) fn monotonic() -> impl FnMut() -> Duration + Send + 'static {
    let started = Instant::now();
    move || started.elapsed()
}

/// How each frame is turned into scans: the decoder, then the debouncer,
/// read against the clock.
pub(crate) struct DecodeLoop<C> {
    pub debouncer: Debouncer,
    pub clock: C,
    pub decode: fn(&GrayImage) -> Decoded,
}

/// The decoding thread shared by [`Scanner`] and the camera worker: pulls
/// frames until the source ends or `stop` is set, counts what happened and
/// hands each debounced scan to `sink` (which returns `false` once nobody
/// listens, ending the thread).
///
/// The source is built on the thread itself, so a camera handle that must
/// stay on the thread that opened it never crosses threads.
pub(crate) struct DecodeThread {
    counters: Arc<SharedCounters>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DecodeThread {
    pub(crate) fn spawn<S, C>(
        stop: Arc<AtomicBool>,
        make_source: impl FnOnce() -> S + Send + 'static,
        mut each: DecodeLoop<C>,
        mut sink: impl FnMut(ScanEvent) -> bool + Send + 'static,
    ) -> std::io::Result<DecodeThread>
    where
        S: FrameSource,
        C: FnMut() -> Duration + Send + 'static,
    {
        let counters = Arc::new(SharedCounters::default());
        let thread = {
            let counters = Arc::clone(&counters);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("kakou-scan".into())
                .spawn(move || {
                    let mut source = make_source();
                    while !stop.load(Ordering::Relaxed) {
                        let frame = match source.next_frame() {
                            None => break,
                            Some(Err(_)) => {
                                counters.frame_errors.fetch_add(1, Ordering::Relaxed);
                                continue;
                            }
                            Some(Ok(frame)) => frame,
                        };
                        let now = (each.clock)();
                        let decoded = (each.decode)(&frame);
                        counters.frames.fetch_add(1, Ordering::Relaxed);
                        if decoded.panicked {
                            counters.panics.fetch_add(1, Ordering::Relaxed);
                        }
                        if !decoded.texts.is_empty() {
                            counters.decoded.fetch_add(1, Ordering::Relaxed);
                        }
                        for text in decoded.texts {
                            if each.debouncer.accept(&text, now) && !sink(ScanEvent { text }) {
                                // Nobody listens any more: stop scanning.
                                return;
                            }
                        }
                    }
                })?
        };
        Ok(DecodeThread {
            counters,
            stop,
            thread: Some(thread),
        })
    }

    pub(crate) fn counters(&self) -> ScanCounters {
        self.counters.snapshot()
    }

    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    pub(crate) fn join(mut self) -> ScanCounters {
        self.wait();
        self.counters.snapshot()
    }

    fn wait(&mut self) {
        if let Some(thread) = self.thread.take() {
            // The loop cannot panic outside the contained decoder, so a join
            // error would only repeat a panic already counted.
            let _ = thread.join();
        }
    }
}

impl Drop for DecodeThread {
    fn drop(&mut self) {
        self.stop();
        self.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a frame's first pixel as its "content": 0 is a blank frame, 1 a
    /// frame the decoder panics on, anything else a pass named after it.
    fn fake_decode(frame: &GrayImage) -> Decoded {
        match frame.get_pixel(0, 0)[0] {
            0 => Decoded::default(),
            1 => Decoded {
                panicked: true,
                ..Decoded::default()
            },
            n => Decoded {
                texts: vec![format!("KK1:{n}")],
                ..Decoded::default()
            },
        }
    }

    fn frames(contents: Vec<u8>) -> impl Iterator<Item = GrayImage> + Send + 'static {
        contents
            .into_iter()
            .map(|c| GrayImage::from_pixel(1, 1, image::Luma([c])))
    }

    fn tick() -> impl FnMut() -> Duration + Send + 'static {
        let mut now = Duration::ZERO;
        move || {
            now += Duration::from_millis(100);
            now
        }
    }

    #[test]
    fn panics_are_counted_and_scanning_goes_on() {
        let scanner = Scanner::start(
            frames(vec![1, 7, 7, 1, 0, 9]),
            Debouncer::default(),
            tick(),
            fake_decode,
        )
        .expect("spawn");
        let texts: Vec<String> = scanner.events().iter().map(|e| e.text).collect();
        let counters = scanner.join();
        assert_eq!(texts, vec!["KK1:7", "KK1:9"]);
        assert_eq!(
            counters,
            ScanCounters {
                frames: 6,
                decoded: 3,
                panics: 2,
                frame_errors: 0
            }
        );
    }

    #[test]
    fn dropping_the_scanner_stops_an_endless_source() {
        let endless = std::iter::repeat_with(|| GrayImage::from_pixel(1, 1, image::Luma([5])));
        let scanner =
            Scanner::start(endless, Debouncer::default(), tick(), fake_decode).expect("spawn");
        let first = scanner.events().recv().expect("one scan");
        assert_eq!(first.text, "KK1:5");
        drop(scanner);
    }
}
