//! The committed prompt files, checked in CI: every prompt has a file in
//! both languages, compiled in under the right name, and each one decodes
//! to speech of a sensible length rather than silence or a click.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use kakou_voice::{Lang, VoicePrompt, clip, decode};

const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

/// Quieter than this (RMS over the whole file, full scale = 1) is not a
/// spoken prompt: the files are normalised to a -1 dBFS peak, and speech
/// then sits around 0.1.
const RMS_FLOOR: f32 = 0.03;
/// A window of 20 ms counts as sound above this RMS.
const WINDOW_FLOOR: f32 = 0.01;

fn voice_dir(lang: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/voice")
        .join(lang)
}

#[test]
fn every_prompt_has_a_file_in_both_languages_and_no_file_is_orphaned() {
    for (lang, dir) in LANGS {
        let mut on_disk = BTreeSet::new();
        for entry in std::fs::read_dir(voice_dir(dir)).unwrap() {
            on_disk.insert(entry.unwrap().file_name().into_string().unwrap());
        }
        let expected: BTreeSet<String> = VoicePrompt::ALL
            .iter()
            .map(|p| format!("{}.ogg", p.stem()))
            .collect();
        assert_eq!(on_disk, expected, "assets/voice/{dir}");
        for prompt in VoicePrompt::ALL {
            let file =
                std::fs::read(voice_dir(dir).join(format!("{}.ogg", prompt.stem()))).unwrap();
            assert!(
                clip(prompt, lang) == file.as_slice(),
                "{prompt:?} in {dir} is compiled in from its own file"
            );
        }
    }
    for prompt in VoicePrompt::ALL {
        assert_ne!(clip(prompt, Lang::Zh), clip(prompt, Lang::En), "{prompt:?}");
    }
}

#[test]
fn every_prompt_file_is_speech_of_a_sensible_length() {
    let mut report = Vec::new();
    for (lang, dir) in LANGS {
        for prompt in VoicePrompt::ALL {
            let name = format!("{dir}/{}.ogg", prompt.stem());
            let decoded = decode(clip(prompt, lang)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let duration = decoded.duration();
            let rms = decoded.rms();
            assert!(
                (Duration::from_millis(400)..=Duration::from_secs(4)).contains(&duration),
                "{name} lasts {duration:?}"
            );
            assert!(rms > RMS_FLOOR, "{name} is nearly silent: RMS {rms}");

            // Sound must fill a good part of the file, not one burst in
            // silence: at least 40 % of its 20 ms windows.
            let window = (decoded.sample_rate / 50) as usize * usize::from(decoded.channels);
            let windows: Vec<f32> = decoded
                .samples
                .chunks(window)
                .map(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt())
                .collect();
            let loud = windows.iter().filter(|r| **r > WINDOW_FLOOR).count();
            let share = loud as f32 / windows.len() as f32;
            assert!(
                share > 0.4,
                "{name}: only {:.0} % of it is sound",
                share * 100.0
            );
            report.push(format!(
                "{name}: {:.2} s, RMS {rms:.3}, sound {:.0} %",
                duration.as_secs_f32(),
                share * 100.0
            ));
        }
    }
    println!("{}", report.join("\n"));
}
