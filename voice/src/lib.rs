//! kakou-voice: the spoken gate prompts, played at the gate.
//!
//! `kakou_core::voice` decides which [`VoicePrompt`] to play; this crate
//! holds the rendered audio (compiled into the binary from
//! `assets/voice/{zh,en}/`, so an installed kiosk finds it wherever it
//! lives) and plays it through a [`Speaker`]:
//!
//! - [`RodioSpeaker`] plays through the system's audio output with rodio on
//!   a thread of its own; the caller never waits, and a new prompt cuts off
//!   the one playing.
//! - [`SilentSpeaker`] plays nothing and remembers what it was asked to say,
//!   for screens without sound and for tests.
//!
//! A gate without an audio device is normal (a tablet with its speaker
//! unplugged, this build machine, CI): the speaker then stays silent and
//! reports [`VoiceStatus::NoDevice`], which the kiosk shows in its status
//! bar. Nothing here panics or returns an error that stops the gate.
//!
//! It is its own crate so it builds and tests without Slint or SQLite.

mod clips;
mod decode;
mod playback;
mod rodio_speaker;
mod silent;
mod speaker;
mod status;
#[cfg(test)]
mod testing;
mod volume;

pub use clips::clip;
pub use decode::{Decoded, decode};
pub use kakou_core::lang::Lang;
pub use kakou_core::voice::VoicePrompt;
pub use rodio_speaker::{RodioSpeaker, probe_output};
pub use silent::SilentSpeaker;
pub use speaker::{Speaker, VoiceSettings};
pub use status::VoiceStatus;
pub use volume::amplitude;
