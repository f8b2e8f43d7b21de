//! `kakou camera list` and `kakou camera use`: which cameras this machine
//! has, and which one the gate screen reads passes from.

use std::path::Path;

use anyhow::{Result, bail};
use clap::Subcommand;
use kakou_scan::camera::{OpenError, system_cameras};
use serde_json::json;

use super::{Answer, emit};
use crate::app::{Terminal, camera_choice};

#[derive(Debug, Subcommand)]
pub enum CameraCommand {
    /// List the cameras present, one JSON line each: {"index","name","detail"}.
    List,
    /// Choose the gate screen's camera: an index from `camera list`, or `auto`
    /// for the first one that works. Takes effect when the kiosk starts.
    Use {
        /// `auto` or a camera index.
        #[arg(value_parser = camera_choice::parse)]
        choice: camera_choice::CameraChoice,
    },
}

pub fn run(db: &Path, command: CameraCommand) -> Result<Answer> {
    match command {
        CameraCommand::List => list(db),
        CameraCommand::Use { choice } => {
            let mut terminal = Terminal::open(db)?;
            camera_choice::save(&mut terminal, choice)?;
            match choice {
                Some(index) => say!("kakou: the gate will use camera {index}"),
                None => say!("kakou: the gate will use the first camera that works"),
            }
            Ok(Answer::Yes)
        }
    }
}

/// Lists the cameras, marking the one chosen in the store (when there is a
/// store). No camera at all is the answer "no", with the reason on stderr.
fn list(db: &Path) -> Result<Answer> {
    let cameras = match system_cameras().list() {
        Ok(cameras) => cameras,
        Err(OpenError::Unsupported) => {
            bail!("this build of kakou has no camera support (built without the `camera` feature)")
        }
        Err(OpenError::Missing(reason)) => bail!("{reason}"),
        Err(OpenError::Absent) => Vec::new(),
    };
    let chosen = if db.exists() {
        camera_choice::load(&Terminal::open(db)?)?
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    for camera in &cameras {
        emit(
            &mut out,
            &json!({
                "index": camera.index,
                "name": camera.name,
                "detail": camera.detail,
                "chosen": chosen == Some(camera.index),
            }),
        )?;
    }
    if cameras.is_empty() {
        say!("kakou: no camera found (none plugged in, or no permission on /dev/video*)");
        return Ok(Answer::No);
    }
    Ok(Answer::Yes)
}
