//! One module per command; each parses nothing (clap did) and prints its
//! results as JSON lines.

pub mod activation;
pub mod camera;
pub mod check;
pub mod demo;
pub mod import;
pub mod import_template;
pub mod init;
pub mod keys;
pub mod lead_pin;
pub mod pass;
pub mod pass_print;
pub mod qr;
pub mod replay;
pub mod report;

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kakou_core::lang::Lang;
use serde::Serialize;

use crate::cli::{Answer, Command, GateCommand, ImportCommand, QrCommand, ReportCommand};
use crate::store::Store;

pub fn run(command: Command, db: &Path, lang: Lang) -> Result<Answer> {
    match command {
        Command::Init(args) => init::run(db, args),
        Command::Check { kind, values } => check::run(kind, values, lang),
        Command::Qr(QrCommand::Decode { files }) => qr::run(&files),
        Command::Gate(GateCommand::Replay(args)) => replay::run(db, args),
        Command::Report(ReportCommand::Daily(args)) => report::run(db, args),
        Command::Report(ReportCommand::Activation(args)) => activation::run(db, args),
        Command::Import(ImportCommand::Residents(args)) => import::run(db, args, lang),
        Command::Import(ImportCommand::Template(args)) => import_template::run(args, lang),
        Command::Pass(cmd) => pass::run(db, cmd, lang),
        Command::Keys(cmd) => keys::run(db, cmd),
        Command::Demo(args) => demo::run(args),
        Command::Kiosk(args) => crate::kiosk::run(args, db, lang).map(|()| Answer::Yes),
        Command::LeadPin { pin } => lead_pin::run(db, &pin),
        Command::Camera(cmd) => camera::run(db, cmd),
    }
}

/// Opens an existing store; a missing file is an error here (only `init`
/// and `demo` create stores), so a typo in `--db` does not make an empty one.
pub fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {}: run `kakou init --community NAME --checkpoint NAME` first, or pass --db",
            db.display()
        );
    }
    Ok(Store::open(db)?)
}

/// Prints one JSON object as one line and flushes, so that a reader (or a
/// killed process) never sees half a line.
pub fn emit(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    let mut line = serde_json::to_vec(value)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.flush()?;
    Ok(())
}
