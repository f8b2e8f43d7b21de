//! The camera path end to end, with recorded frames behind the device seam:
//! a camera that is missing at first, then plugged in, shows passes, is
//! unplugged and plugged back in.

mod support;

use image::GrayImage;
use kakou_scan::camera::{
    CameraEvent, CameraInfo, CameraStatus, CameraStream, CameraWorker, Cameras, OpenError,
    PREVIEW_WIDTH, system_cameras,
};
use kakou_scan::{Debouncer, FrameSource, ImageFiles, ScanError};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use support::recording::record;
use support::synth;

/// One scripted answer to an open attempt.
enum Plug {
    /// Nothing at the index.
    Absent,
    /// A camera that plays these files, then fails every frame (unplugged).
    Recording(Vec<PathBuf>),
}

/// A system whose camera comes and goes as the script says; after the
/// script, it is absent for good.
struct ScriptedCameras {
    script: VecDeque<Plug>,
}

impl Cameras for ScriptedCameras {
    fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError> {
        Ok(match self.script.front() {
            Some(Plug::Recording(_)) => vec![CameraInfo {
                index: 0,
                name: "Recorded Camera".into(),
                detail: "test".into(),
            }],
            _ => Vec::new(),
        })
    }

    fn open(&mut self, index: u32) -> Result<Box<dyn CameraStream>, OpenError> {
        assert_eq!(index, 0, "the chosen index reaches the device seam");
        match self.script.pop_front() {
            Some(Plug::Recording(files)) => Ok(Box::new(Recording {
                files: ImageFiles::new(files),
            })),
            Some(Plug::Absent) | None => Err(OpenError::Missing("no /dev/video0".into())),
        }
    }
}

struct Recording {
    files: ImageFiles,
}

impl CameraStream for Recording {
    fn name(&self) -> String {
        "Recorded Camera".into()
    }

    fn next_frame(&mut self) -> Result<GrayImage, ScanError> {
        // Pace the playback at ~30 fps, as a camera would.
        std::thread::sleep(Duration::from_millis(30));
        self.files
            .next_frame()
            .unwrap_or_else(|| Err(ScanError::Camera("device unplugged".into())))
    }
}

/// What a listener sees, without the previews and device lists.
fn is_status_or_scan(event: &CameraEvent) -> bool {
    matches!(event, CameraEvent::Status(_) | CameraEvent::Scan(_))
}

#[test]
fn missing_live_unplugged_and_back_gives_one_scan_per_pass() {
    let mut rng = StdRng::seed_from_u64(5);
    let [a, b, c] = [(); 3].map(|_| synth::pass_text(&mut rng));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = Vec::new();
    first.extend((0..2).map(|_| synth::blank_frame(&mut rng)));
    first.extend((0..6).map(|_| synth::pass_frame(&mut rng, &a)));
    first.extend((0..2).map(|_| synth::blank_frame(&mut rng)));
    first.extend((0..4).map(|_| synth::pass_frame(&mut rng, &b)));
    let second: Vec<GrayImage> = (0..5).map(|_| synth::pass_frame(&mut rng, &c)).collect();
    let first_dir = dir.path().join("first");
    let second_dir = dir.path().join("second");
    std::fs::create_dir_all(&first_dir).unwrap();
    std::fs::create_dir_all(&second_dir).unwrap();
    let cameras = ScriptedCameras {
        script: VecDeque::from([
            Plug::Absent,
            Plug::Absent,
            Plug::Recording(record(&first_dir, &first)),
            Plug::Absent,
            Plug::Recording(record(&second_dir, &second)),
        ]),
    };

    let (tx, rx) = mpsc::channel();
    let worker = CameraWorker::spawn(Box::new(cameras), Some(0), Debouncer::default(), move |e| {
        let _ = tx.send(e);
    })
    .expect("spawn");
    let mut events = Vec::new();
    let mut lives = 0;
    // Runs until the camera has gone missing after its second life.
    while let Ok(event) = rx.recv_timeout(Duration::from_secs(30)) {
        let done = lives == 2 && matches!(event, CameraEvent::Status(CameraStatus::Missing { .. }));
        if matches!(event, CameraEvent::Status(CameraStatus::Live { .. })) {
            lives += 1;
        }
        events.push(event);
        if done {
            break;
        }
    }
    let counters = worker.counters();
    drop(worker);

    let missing = |reason: &str| {
        CameraEvent::Status(CameraStatus::Missing {
            reason: reason.into(),
        })
    };
    let live = CameraEvent::Status(CameraStatus::Live {
        name: "Recorded Camera".into(),
    });
    let seen: Vec<CameraEvent> = events
        .iter()
        .filter(|e| is_status_or_scan(e))
        .cloned()
        .collect();
    assert_eq!(
        seen,
        vec![
            CameraEvent::Status(CameraStatus::Opening),
            missing("no /dev/video0"),
            live.clone(),
            CameraEvent::Scan(a),
            CameraEvent::Scan(b),
            missing("camera unavailable: device unplugged"),
            missing("no /dev/video0"),
            live,
            CameraEvent::Scan(c),
            missing("camera unavailable: device unplugged"),
        ]
    );
    let previews: Vec<&GrayImage> = events
        .iter()
        .filter_map(|e| match e {
            CameraEvent::Preview(p) => Some(p),
            _ => None,
        })
        .collect();
    // Every third frame of 19 is previewed, shrunk to the viewfinder width.
    assert_eq!(
        previews.len(),
        7,
        "one preview per three frames of each life"
    );
    assert!(previews.iter().all(|p| p.width() == PREVIEW_WIDTH));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CameraEvent::Devices(d) if d.len() == 1))
    );
    assert_eq!(counters.frames, 19);
    assert_eq!(counters.panics, 0);
}

#[test]
fn stopping_does_not_wait_out_a_retry() {
    let cameras = ScriptedCameras {
        script: VecDeque::new(),
    };
    let (tx, rx) = mpsc::channel();
    let worker = CameraWorker::spawn(Box::new(cameras), Some(0), Debouncer::default(), move |e| {
        let _ = tx.send(e);
    })
    .expect("spawn");
    // Let it fail a few times, so it is in a longer pause.
    std::thread::sleep(Duration::from_millis(2000));
    let started = std::time::Instant::now();
    drop(worker);
    let stopped_in = started.elapsed();
    let statuses: Vec<CameraEvent> = rx.try_iter().filter(is_status_or_scan).collect();
    assert_eq!(
        statuses.len(),
        2,
        "one Opening, then one Missing however many retries: {statuses:?}"
    );
    // Not a timing target: a stop that waited out the 2–5 s pause would be
    // seconds, the 50 ms polling makes it a fraction of one.
    assert!(stopped_in < Duration::from_millis(1500), "{stopped_in:?}");
}

/// On this machine's CI there is no /dev/video*; on a kiosk there usually
/// is. Either way the real system camera must report a state, never panic.
#[test]
fn the_system_camera_reports_a_state() {
    let (tx, rx) = mpsc::channel();
    let worker = CameraWorker::spawn(system_cameras(), None, Debouncer::default(), move |e| {
        let _ = tx.send(e);
    })
    .expect("spawn");
    let mut status = None;
    while let Ok(event) = rx.recv_timeout(Duration::from_secs(10)) {
        if let CameraEvent::Status(s) = event
            && s != CameraStatus::Opening
        {
            status = Some(s);
            break;
        }
    }
    drop(worker);
    let status = status.expect("a status after opening");
    println!("system camera: {status:?}");
    let has_device = std::path::Path::new("/dev/video0").exists();
    assert_eq!(
        status == CameraStatus::Unsupported,
        cfg!(not(feature = "camera")),
        "{status:?}"
    );
    match status {
        CameraStatus::Live { .. } => assert!(has_device, "live without a device"),
        CameraStatus::Absent => assert!(!has_device, "absent although /dev/video0 exists"),
        CameraStatus::Missing { reason } => assert!(!reason.is_empty()),
        // Only a build without the camera feature may say so.
        CameraStatus::Unsupported => {}
        CameraStatus::Opening => unreachable!(),
    }
}
