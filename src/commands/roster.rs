//! `kakou roster import FILE` and `kakou roster export --out FILE`: the duty
//! roster of this checkpoint as a sheet, all or nothing.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kakou_core::lang::Lang;
use kakou_core::roster::RosterError;
use serde_json::json;

use super::{Answer, emit, write_file};
use crate::app::Terminal;
use crate::app::roster::{RosterImport, export, import};

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Replace the duty roster with a sheet (.xlsx, first sheet, or .csv)
    /// with the columns 日期/星期, 开始时间, 结束时间 (or 时段), 值班人员,
    /// 负责人. A sheet with any problem changes nothing; every problem is
    /// listed, one JSON line each.
    Import { file: PathBuf },
    /// Write the duty roster as an .xlsx sheet that imports back unchanged.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(db: &Path, command: RosterCommand, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    match command {
        RosterCommand::Import { file } => {
            match import(&mut terminal, &file, lang).map_err(|e| anyhow!(e.message(lang)))? {
                RosterImport::Imported { shifts } => {
                    emit(&mut out, &json!({ "file": file, "shifts": shifts }))?;
                    Ok(Answer::Yes)
                }
                RosterImport::Rejected(errors) => {
                    for e in &errors {
                        emit(&mut out, e)?;
                    }
                    eprintln!("kakou: {}", RosterError::Rows(errors).message(lang));
                    Ok(Answer::No)
                }
            }
        }
        RosterCommand::Export { out: file, force } => {
            let bytes = export(&terminal, lang).map_err(|e| anyhow!(e.message(lang)))?;
            write_file(&file, &bytes, force, db).map_err(|e| anyhow!(e.message(lang)))?;
            emit(&mut out, &json!({ "out": file, "bytes": bytes.len() }))?;
            Ok(Answer::Yes)
        }
    }
}
