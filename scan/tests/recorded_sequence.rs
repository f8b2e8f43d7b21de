//! A recorded frame sequence played through the file source and the Scanner
//! gives exactly one scan per pass shown.

mod support;

use kakou_scan::{Debouncer, ImageFiles, ScanEvent, Scanner};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Duration;
use support::recording::record;
use support::synth;

/// A clock that advances by `step` per frame, as a camera at a fixed frame
/// rate would, independent of how fast this machine decodes.
fn frame_clock(step: Duration) -> impl FnMut() -> Duration + Send + 'static {
    let mut now = Duration::ZERO;
    move || {
        now += step;
        now
    }
}

fn play(files: Vec<PathBuf>, step: Duration) -> (Vec<ScanEvent>, kakou_scan::ScanCounters) {
    let scanner = Scanner::spawn_with_clock(
        ImageFiles::new(files),
        Debouncer::default(),
        frame_clock(step),
    )
    .expect("spawn scanner");
    // The events channel closes when the worker ends, so draining it waits
    // for the whole recording to be played.
    let events: Vec<ScanEvent> = scanner.events().iter().collect();
    (events, scanner.join())
}

#[test]
fn one_scan_per_pass_shown() {
    let mut rng = StdRng::seed_from_u64(20_261_124);
    let first = synth::pass_text(&mut rng);
    let second = synth::pass_text(&mut rng);
    let mut frames = Vec::new();
    frames.extend((0..10).map(|_| synth::pass_frame(&mut rng, &first)));
    frames.extend((0..5).map(|_| synth::blank_frame(&mut rng)));
    frames.extend((0..5).map(|_| synth::pass_frame(&mut rng, &second)));
    let dir = tempfile::tempdir().expect("temp dir");
    let files = record(dir.path(), &frames);

    // 30 frames per second.
    let (events, counters) = play(files, Duration::from_millis(33));

    assert_eq!(
        events,
        vec![ScanEvent { text: first }, ScanEvent { text: second }]
    );
    assert_eq!(counters.frames, 20);
    assert_eq!(counters.frame_errors, 0);
    assert_eq!(counters.panics, 0);
    assert!(counters.decoded >= 2, "{counters:?}");
}

#[test]
fn the_same_pass_shown_again_after_the_window_is_a_new_scan() {
    let mut rng = StdRng::seed_from_u64(7);
    let pass = synth::pass_text(&mut rng);
    let mut frames = Vec::new();
    frames.extend((0..3).map(|_| synth::upright_pass_frame(&mut rng, &pass)));
    frames.extend((0..4).map(|_| synth::blank_frame(&mut rng)));
    frames.extend((0..3).map(|_| synth::upright_pass_frame(&mut rng, &pass)));
    let dir = tempfile::tempdir().expect("temp dir");
    let files = record(dir.path(), &frames);

    // One frame per second: the four blank frames are a gap longer than the
    // default three-second window.
    let (events, _) = play(files, Duration::from_secs(1));

    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|e| e.text == pass));
}

#[test]
fn unreadable_files_in_a_recording_are_counted_not_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junk = dir.path().join("junk.png");
    std::fs::write(&junk, b"not a png").expect("write junk");
    let missing = dir.path().join("missing.png");
    let mut rng = StdRng::seed_from_u64(3);
    let pass = synth::pass_text(&mut rng);
    let mut files = vec![junk, missing];
    files.extend(record(
        dir.path(),
        &[synth::upright_pass_frame(&mut rng, &pass)],
    ));

    let (events, counters) = play(files, Duration::from_millis(33));

    assert_eq!(events, vec![ScanEvent { text: pass }]);
    assert_eq!(counters.frame_errors, 2);
    assert_eq!(counters.frames, 1);
}
