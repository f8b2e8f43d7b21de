//! `kakou audit [--from D] [--to D] [--kind K]`: the audit log as JSON lines,
//! oldest first — each entry's fields and its sentence (`line`).

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::Args;
use kakou_core::audit::AuditEvent;
use kakou_core::lang::Lang;
use kakou_core::privacy::mask_text;
use serde_json::{Value, json};

use super::{Answer, emit};
use crate::app::{Terminal, audit};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The first day to list (YYYY-MM-DD); from the beginning when not given.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// The last day to list (YYYY-MM-DD); to the end when not given.
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Only entries of this kind (lead_screen_opened, wrong_pin, unmask,
    /// export, print, retention_run).
    #[arg(long)]
    pub kind: Option<String>,
}

pub fn run(db: &Path, args: AuditArgs, lang: Lang) -> Result<Answer> {
    if let Some(kind) = &args.kind
        && AuditEvent::kind_label(kind, lang).is_none()
    {
        bail!(
            "`{kind}` is not a kind of audit entry: {}",
            AuditEvent::CODES.join(", ")
        );
    }
    let terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    for entry in audit::list(&terminal, args.from, args.to)? {
        if args
            .kind
            .as_deref()
            .is_some_and(|k| k != entry.event.code())
        {
            continue;
        }
        let mut line = serde_json::to_value(&entry)?;
        if let Value::Object(fields) = &mut line {
            fields.insert("who".into(), json!(mask_text(&entry.who)));
            fields.insert("line".into(), json!(entry.line(lang)));
        }
        emit(&mut out, &line)?;
    }
    Ok(Answer::Yes)
}
