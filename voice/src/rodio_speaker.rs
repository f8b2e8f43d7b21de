//! The speaker that plays through the system's audio output with rodio.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use kakou_core::lang::Lang;
use kakou_core::voice::VoicePrompt;
use rodio::mixer::Mixer;
use rodio::{CpalError, CpalErrorKind, DeviceSinkBuilder, MixerDeviceSink};

use crate::playback::Playback;
use crate::{Speaker, VoiceSettings, VoiceStatus, amplitude, clip};

/// How long a missing device is left alone before a prompt tries it again.
/// Opening a missing ALSA device is quick but prints a few lines to stderr
/// (the journal, under systemd), so a gate without sound is not retried on
/// every passage, while a speaker plugged in back is found within a minute.
pub const RETRY_EVERY: Duration = Duration::from_secs(60);

/// Plays prompts through the default audio output, on a thread of its own.
///
/// [`RodioSpeaker::start`] returns at once; the device is opened on the
/// thread, and every method only sends it a message. Without a device the
/// speaker is silent and reports [`VoiceStatus::NoDevice`]; when the device
/// fails while playing (a USB speaker pulled out), likewise. A prompt due
/// while the device is missing tries it again, at most once per
/// [`RETRY_EVERY`].
pub struct RodioSpeaker {
    tx: Sender<Command>,
    status: Arc<Mutex<VoiceStatus>>,
}

pub(crate) enum Command {
    Say(VoicePrompt, Lang),
    Volume(u8),
    Enabled(bool),
    /// The audio thread reported that the device is gone.
    DeviceLost,
    Shutdown,
}

/// An open output: the mixer to play into, and the device stream that must
/// live as long as it plays (none in tests, where the test pulls the mixer).
pub(crate) struct Output {
    pub(crate) mixer: Mixer,
    pub(crate) device: Option<MixerDeviceSink>,
}

/// Opens the output; given a sender for [`Command::DeviceLost`].
pub(crate) type Opener = Box<dyn FnMut(Sender<Command>) -> Option<Output> + Send>;

impl RodioSpeaker {
    /// Starts the playback thread with the lead's settings. `on_status` is
    /// called on that thread with the first status and with every change
    /// (device found or lost, prompts turned on or off), so the kiosk can
    /// update its status bar without polling.
    pub fn start(
        settings: VoiceSettings,
        on_status: impl Fn(VoiceStatus) + Send + 'static,
    ) -> RodioSpeaker {
        RodioSpeaker::start_with(
            settings,
            Box::new(on_status),
            Box::new(open_default),
            RETRY_EVERY,
        )
    }

    pub(crate) fn start_with(
        settings: VoiceSettings,
        on_status: Box<dyn Fn(VoiceStatus) + Send>,
        open: Opener,
        retry_every: Duration,
    ) -> RodioSpeaker {
        let (tx, rx) = channel();
        let status = Arc::new(Mutex::new(VoiceStatus::Starting));
        let worker = Worker {
            open,
            tx: tx.clone(),
            live: None,
            tried_at: None,
            retry_every,
            settings: VoiceSettings {
                volume: settings.volume.min(100),
                ..settings
            },
            status: status.clone(),
            published: None,
            on_status,
        };
        let spawned = thread::Builder::new()
            .name("kakou-voice".into())
            .spawn(move || worker.run(rx));
        if spawned.is_err() {
            // No thread, no sound: the gate carries on in silence.
            *lock(&status) = VoiceStatus::NoDevice;
        }
        RodioSpeaker { tx, status }
    }

    fn send(&self, command: Command) {
        // The thread only ends when this speaker is dropped (or could not
        // start); a prompt sent to no one is silence, which is what a
        // speaker without a thread should give.
        let _ = self.tx.send(command);
    }
}

impl Speaker for RodioSpeaker {
    fn say(&self, prompt: VoicePrompt, lang: Lang) {
        self.send(Command::Say(prompt, lang));
    }

    fn set_volume(&self, volume: u8) {
        self.send(Command::Volume(volume));
    }

    fn set_enabled(&self, enabled: bool) {
        self.send(Command::Enabled(enabled));
    }

    fn status(&self) -> VoiceStatus {
        *lock(&self.status)
    }
}

impl Drop for RodioSpeaker {
    fn drop(&mut self) {
        // The device's error callback holds a sender too, so the channel
        // alone would never close.
        self.send(Command::Shutdown);
    }
}

/// Whether a default audio output can be opened now, and its name; for
/// `kakou doctor`. Opens the device briefly, so it must not run while a
/// speaker holds a device that allows only one user.
pub fn probe_output() -> Option<String> {
    let (tx, _rx) = channel();
    let output = open_default(tx)?;
    output
        .device
        .as_ref()
        .map(|_| default_device_name().unwrap_or_else(|| "default".into()))
}

fn default_device_name() -> Option<String> {
    use rodio::DeviceTrait;
    use rodio::cpal::traits::HostTrait;
    let device = rodio::cpal::default_host().default_output_device()?;
    device.description().ok().map(|d| d.name().to_string())
}

/// Errors after which the stream plays nothing any more. Underruns and
/// reroutes are glitches the stream survives.
fn is_lost(kind: CpalErrorKind) -> bool {
    matches!(
        kind,
        CpalErrorKind::DeviceNotAvailable
            | CpalErrorKind::StreamInvalidated
            | CpalErrorKind::HostUnavailable
    )
}

fn open_default(lost: Sender<Command>) -> Option<Output> {
    quiet_alsa();
    let on_error = move |error: CpalError| {
        if is_lost(error.kind()) {
            let _ = lost.send(Command::DeviceLost);
        }
    };
    let mut device = DeviceSinkBuilder::from_default_device()
        .ok()?
        .with_error_callback(on_error)
        .open_sink_or_fallback()
        .ok()?;
    // Closing the device is expected (lost, shut down); rodio would print
    // a line to stderr each time.
    device.log_on_drop(false);
    Some(Output {
        mixer: device.mixer().clone(),
        device: Some(device),
    })
}

/// alsa-lib prints why a device does not open ("cannot find card '0'",
/// five lines) to stderr, which under systemd fills the journal on a gate
/// without a speaker. This sends them to a buffer of this thread instead;
/// installing it again empties the buffer, so it never grows. The status
/// already says that there is no device.
fn quiet_alsa() {
    #[cfg(target_os = "linux")]
    let _ = alsa::Output::local_error_handler();
}

fn lock(status: &Mutex<VoiceStatus>) -> std::sync::MutexGuard<'_, VoiceStatus> {
    // A status is one value written whole; a poisoned lock still holds a
    // whole one.
    status.lock().unwrap_or_else(|e| e.into_inner())
}

/// The thread's state. Field order matters on drop: players stop before
/// the device closes.
struct Worker {
    open: Opener,
    tx: Sender<Command>,
    live: Option<Live>,
    tried_at: Option<Instant>,
    retry_every: Duration,
    settings: VoiceSettings,
    status: Arc<Mutex<VoiceStatus>>,
    published: Option<VoiceStatus>,
    on_status: Box<dyn Fn(VoiceStatus) + Send>,
}

struct Live {
    playback: Playback,
    _output: Output,
}

impl Worker {
    fn run(mut self, rx: Receiver<Command>) {
        self.open_device();
        self.publish();
        for command in rx {
            match command {
                Command::Say(prompt, lang) => {
                    if self.settings.enabled {
                        self.retry_device();
                        if let Some(live) = &mut self.live {
                            live.playback.play(clip(prompt, lang));
                        }
                    }
                }
                Command::Volume(volume) => {
                    self.settings.volume = volume.min(100);
                    if let Some(live) = &mut self.live {
                        live.playback.set_amplitude(amplitude(volume));
                    }
                }
                Command::Enabled(enabled) => {
                    self.settings.enabled = enabled;
                    if enabled {
                        self.retry_device();
                    } else if let Some(live) = &mut self.live {
                        live.playback.stop();
                    }
                }
                Command::DeviceLost => {
                    self.live = None;
                    self.tried_at = Some(Instant::now());
                }
                Command::Shutdown => break,
            }
            self.publish();
        }
    }

    fn open_device(&mut self) {
        self.tried_at = Some(Instant::now());
        self.live = (self.open)(self.tx.clone()).map(|output| Live {
            playback: Playback::new(output.mixer.clone(), amplitude(self.settings.volume)),
            _output: output,
        });
    }

    fn retry_device(&mut self) {
        let due = self
            .tried_at
            .is_none_or(|at| at.elapsed() >= self.retry_every);
        if self.live.is_none() && due {
            self.open_device();
        }
    }

    fn current(&self) -> VoiceStatus {
        match (&self.live, self.settings.enabled) {
            (None, _) => VoiceStatus::NoDevice,
            (Some(_), false) => VoiceStatus::Off,
            (Some(_), true) => VoiceStatus::On,
        }
    }

    fn publish(&mut self) {
        let now = self.current();
        if self.published != Some(now) {
            *lock(&self.status) = now;
            self.published = Some(now);
            (self.on_status)(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZero;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc::RecvTimeoutError;

    use rodio::mixer::{self, MixerSource};

    use super::*;
    use crate::decode;
    use crate::testing::{LAG, assert_plays, pull, zh};

    /// Long enough for a thread to answer on a loaded 2-core machine; the
    /// tests never wait this long when things work.
    const PATIENCE: Duration = Duration::from_secs(20);

    /// A device the test switches on and off. Each opening hands the test
    /// the mixer's output (what the device would play) and keeps the
    /// sender the device uses to say it is lost.
    struct FakeDevice {
        present: Arc<AtomicBool>,
        opened: Arc<AtomicUsize>,
        outputs: Receiver<MixerSource>,
        lost: Arc<Mutex<Option<Sender<Command>>>>,
    }

    fn fake_device(present: bool) -> (FakeDevice, Opener) {
        let present = Arc::new(AtomicBool::new(present));
        let opened = Arc::new(AtomicUsize::new(0));
        let lost = Arc::new(Mutex::new(None));
        let (tx, outputs) = channel();
        let device = FakeDevice {
            present: present.clone(),
            opened: opened.clone(),
            outputs,
            lost: lost.clone(),
        };
        let rate = decode(clip(VoicePrompt::ShowPass, Lang::Zh))
            .unwrap()
            .sample_rate;
        let open: Opener = Box::new(move |on_lost| {
            opened.fetch_add(1, Ordering::SeqCst);
            if !present.load(Ordering::SeqCst) {
                return None;
            }
            *lost.lock().unwrap() = Some(on_lost);
            let (mixer, source) =
                mixer::mixer(NonZero::new(1).unwrap(), NonZero::new(rate).unwrap());
            tx.send(source).unwrap();
            Some(Output {
                mixer,
                device: None,
            })
        });
        (device, open)
    }

    fn start(
        settings: VoiceSettings,
        open: Opener,
        retry_every: Duration,
    ) -> (RodioSpeaker, Receiver<VoiceStatus>) {
        let (tx, statuses) = channel();
        let speaker = RodioSpeaker::start_with(
            settings,
            Box::new(move |s| {
                let _ = tx.send(s);
            }),
            open,
            retry_every,
        );
        (speaker, statuses)
    }

    fn next_status(statuses: &Receiver<VoiceStatus>) -> VoiceStatus {
        statuses.recv_timeout(PATIENCE).expect("a status change")
    }

    /// The first `n` samples of the first clip that reaches the device.
    fn heard(out: &mut MixerSource, n: usize) -> Vec<f32> {
        let since = Instant::now();
        let first = loop {
            if let Some(sample) = out.next() {
                break sample;
            }
            assert!(since.elapsed() < PATIENCE, "nothing reached the device");
            thread::sleep(Duration::from_millis(1));
        };
        std::iter::once(first)
            .chain((1..n).map(|_| out.next().unwrap_or(0.0)))
            .collect()
    }

    fn assert_is(heard: &[f32], prompt: VoicePrompt, volume: u8) {
        let what = format!("{prompt:?} at {volume}");
        assert_plays(heard, &zh(prompt).1, amplitude(volume), 0, &what);
    }

    #[test]
    fn plays_on_its_own_thread_at_the_volume_set() {
        let (device, open) = fake_device(true);
        let settings = VoiceSettings {
            enabled: true,
            volume: 60,
        };
        let (speaker, statuses) = start(settings, open, RETRY_EVERY);
        assert_eq!(next_status(&statuses), VoiceStatus::On);
        assert_eq!(speaker.status(), VoiceStatus::On);
        let mut out = device.outputs.recv_timeout(PATIENCE).unwrap();
        speaker.say(VoicePrompt::Questions, Lang::Zh);
        assert_is(&heard(&mut out, 6000), VoicePrompt::Questions, 60);
    }

    #[test]
    fn no_device_is_silence_and_a_status_until_a_prompt_finds_one() {
        let (device, open) = fake_device(false);
        let (speaker, statuses) = start(VoiceSettings::default(), open, Duration::ZERO);
        assert_eq!(next_status(&statuses), VoiceStatus::NoDevice);
        assert_eq!(speaker.status(), VoiceStatus::NoDevice);

        // The speaker is plugged in; the next prompt opens it and plays.
        device.present.store(true, Ordering::SeqCst);
        speaker.say(VoicePrompt::Measure, Lang::Zh);
        assert_eq!(next_status(&statuses), VoiceStatus::On);
        assert_eq!(device.opened.load(Ordering::SeqCst), 2);
        let mut out = device.outputs.recv_timeout(PATIENCE).unwrap();
        assert_is(&heard(&mut out, 6000), VoicePrompt::Measure, 80);
    }

    /// Dropping the speaker ends its thread after the commands sent before;
    /// the status channel closing says it has ended.
    fn finish(speaker: RodioSpeaker, statuses: &Receiver<VoiceStatus>) {
        drop(speaker);
        assert_eq!(
            statuses.recv_timeout(PATIENCE),
            Err(RecvTimeoutError::Disconnected),
            "no status changed while the device stayed missing"
        );
    }

    #[test]
    fn each_prompt_tries_a_missing_device_once_the_retry_time_is_over() {
        let (device, open) = fake_device(false);
        let (speaker, statuses) = start(VoiceSettings::default(), open, Duration::ZERO);
        assert_eq!(next_status(&statuses), VoiceStatus::NoDevice);
        speaker.say(VoicePrompt::ShowPass, Lang::Zh);
        speaker.say(VoicePrompt::Measure, Lang::Zh);
        finish(speaker, &statuses);
        assert_eq!(device.opened.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_missing_device_is_not_tried_on_every_prompt() {
        let (device, open) = fake_device(false);
        let (speaker, statuses) = start(VoiceSettings::default(), open, RETRY_EVERY);
        assert_eq!(next_status(&statuses), VoiceStatus::NoDevice);
        speaker.say(VoicePrompt::ShowPass, Lang::Zh);
        speaker.set_enabled(false);
        speaker.set_enabled(true);
        speaker.say(VoicePrompt::Measure, Lang::Zh);
        speaker.set_volume(10);
        finish(speaker, &statuses);
        assert_eq!(device.opened.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_lost_device_is_reported_and_opened_again_by_the_next_prompt() {
        let (device, open) = fake_device(true);
        let (speaker, statuses) = start(VoiceSettings::default(), open, Duration::ZERO);
        assert_eq!(next_status(&statuses), VoiceStatus::On);
        let _first = device.outputs.recv_timeout(PATIENCE).unwrap();

        let lost = device.lost.lock().unwrap().take().unwrap();
        lost.send(Command::DeviceLost).unwrap();
        assert_eq!(next_status(&statuses), VoiceStatus::NoDevice);
        assert_eq!(speaker.status(), VoiceStatus::NoDevice);

        speaker.say(VoicePrompt::Released, Lang::Zh);
        assert_eq!(next_status(&statuses), VoiceStatus::On);
        let mut second = device.outputs.recv_timeout(PATIENCE).unwrap();
        assert_is(&heard(&mut second, 6000), VoicePrompt::Released, 80);
    }

    #[test]
    fn off_is_silent_and_says_so() {
        let (device, open) = fake_device(true);
        let settings = VoiceSettings {
            enabled: false,
            volume: 80,
        };
        let (speaker, statuses) = start(settings, open, RETRY_EVERY);
        assert_eq!(next_status(&statuses), VoiceStatus::Off);
        let mut out = device.outputs.recv_timeout(PATIENCE).unwrap();
        speaker.say(VoicePrompt::ShowPass, Lang::Zh);
        speaker.set_enabled(true);
        assert_eq!(next_status(&statuses), VoiceStatus::On);
        // Everything before "on" is done, and nothing was played while off.
        assert_eq!(out.next(), None);

        speaker.say(VoicePrompt::StepAside, Lang::Zh);
        let playing = heard(&mut out, 3000);
        assert_is(&playing, VoicePrompt::StepAside, 80);
        speaker.set_enabled(false);
        assert_eq!(next_status(&statuses), VoiceStatus::Off);
        let after = pull(&mut out, 3000);
        assert!(
            after[LAG..].iter().all(|s| *s == 0.0),
            "turning off stops the prompt"
        );
    }

    /// The real device path, on whatever machine runs the tests: in CI and
    /// on the build machine there is no sound card, and that must be
    /// silence and a status, not a panic or a hang.
    #[test]
    fn the_system_output_opens_or_is_reported_missing() {
        let probed = probe_output();
        let (tx, statuses) = channel();
        // Volume 0: on a machine with a sound card the test stays quiet.
        let quiet = VoiceSettings {
            enabled: true,
            volume: 0,
        };
        let speaker = RodioSpeaker::start(quiet, move |s| {
            let _ = tx.send(s);
        });
        for prompt in VoicePrompt::ALL {
            speaker.say(prompt, Lang::En);
        }
        let first = next_status(&statuses);
        let expected = if probed.is_some() {
            VoiceStatus::On
        } else {
            VoiceStatus::NoDevice
        };
        assert_eq!(first, expected, "probe said {probed:?}");
        assert_eq!(speaker.status(), expected);
    }
}
