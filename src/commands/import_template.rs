//! `kakou import template --out FILE.xlsx`: the blank ledger to fill in.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
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

pub fn run(args: TemplateArgs, lang: Lang) -> Result<Answer> {
    let bytes = template().context(lang.pick("无法生成台账模板", "cannot make the template"))?;
    let cannot_write = || match lang {
        Lang::Zh => format!("无法写入 {}", args.out.display()),
        Lang::En => format!("cannot write {}", args.out.display()),
    };
    // A ledger someone has filled in may carry the same name as the blank
    // template; it is not overwritten unless asked.
    let mut file = if args.force {
        std::fs::File::create(&args.out)
    } else {
        std::fs::File::create_new(&args.out)
    }
    .or_else(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            bail!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "{} 已存在，未覆盖；换一个文件名，或加 --force 覆盖",
                        args.out.display()
                    ),
                    Lang::En => format!(
                        "{} already exists and was left alone; choose another name or add --force",
                        args.out.display()
                    ),
                }
            )
        }
        Err(e).with_context(cannot_write)
    })?;
    file.write_all(&bytes).with_context(cannot_write)?;
    file.sync_all().with_context(cannot_write)?;
    emit(
        &mut std::io::stdout().lock(),
        &json!({"out": args.out, "bytes": bytes.len()}),
    )?;
    Ok(Answer::Yes)
}
