//! The rendered prompts, compiled into the binary.
//!
//! `include_bytes!` needs literal paths, so the stems are spelled here a
//! second time; `tests/prompt_files.rs` checks each one against
//! [`VoicePrompt::stem`] and the files on disk. The match is exhaustive, so
//! a new prompt does not compile until its files are listed.

use kakou_core::lang::Lang;
use kakou_core::voice::VoicePrompt;

macro_rules! clips {
    ($($prompt:ident => $stem:literal),* $(,)?) => {
        /// The Ogg Vorbis file of `prompt` in `lang`.
        pub fn clip(prompt: VoicePrompt, lang: Lang) -> &'static [u8] {
            match (prompt, lang) {
                $(
                    (VoicePrompt::$prompt, Lang::Zh) => include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/../assets/voice/zh/", $stem, ".ogg"
                    )),
                    (VoicePrompt::$prompt, Lang::En) => include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/../assets/voice/en/", $stem, ".ogg"
                    )),
                )*
            }
        }
    };
}

clips! {
    ShowPass => "show_pass",
    Questions => "questions",
    Measure => "measure",
    Remeasure => "remeasure",
    Released => "released",
    Register => "register",
    PassInvalid => "pass_invalid",
    HouseholdNoExit => "household_no_exit",
    StepAside => "step_aside",
    MedicalPoint => "medical_point",
}
