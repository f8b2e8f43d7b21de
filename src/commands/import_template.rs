//! `kakou import template --out FILE.xlsx`: the blank ledger to fill in.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::Args;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit, write_file};
use crate::app::import::template;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the template (.xlsx).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(db: &Path, args: TemplateArgs, lang: Lang) -> Result<Answer> {
    let bytes = template().context(lang.pick("无法生成台账模板", "cannot make the template"))?;
    // A ledger someone has filled in may carry the same name as the blank
    // template; it is not overwritten unless asked, and never the store.
    write_file(&args.out, &bytes, args.force, db).map_err(|e| anyhow!(e.message(lang)))?;
    emit(
        &mut std::io::stdout().lock(),
        &json!({"out": args.out, "bytes": bytes.len()}),
    )?;
    Ok(Answer::Yes)
}
