//! `kakou kiosk`: the gate volunteer's screen (the default command).

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use kakou_core::lang::Lang;

use super::Answer;
use crate::kiosk::{self, Walk};

#[derive(Debug, Default, Args)]
pub struct KioskArgs {
    /// Run on the bundled demo community (a separate store, marked DEMO on
    /// screen; lead PIN 1234).
    #[arg(long)]
    pub demo: bool,
    /// Kiosk mode: full screen, no window decorations; only the lead (with
    /// the PIN) can leave.
    #[arg(long)]
    pub fullscreen: bool,
    /// Walk to a screen after start (gate, check, visitor, vehicle, outcome,
    /// refused, remeasure, lead, lead-roster, lead-supplies, lead-inside,
    /// lead-settings), for screenshots and demonstrations.
    #[arg(long, hide = true)]
    pub walk: Option<Walk>,
    /// Play the image files in this folder as the camera (10 frames a
    /// second, looping), for demonstrations and the screenshot run.
    #[arg(long, hide = true, value_name = "DIR")]
    pub camera_replay: Option<PathBuf>,
}

pub fn run(db: &Path, args: KioskArgs, lang: Lang) -> Result<Answer> {
    kiosk::run(
        kiosk::Options {
            db: db.to_path_buf(),
            demo: args.demo,
            fullscreen: args.fullscreen,
            walk: args.walk,
            camera_replay: args.camera_replay,
        },
        lang,
    )?;
    Ok(Answer::Yes)
}
