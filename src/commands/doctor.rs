//! `kakou doctor`: what this machine lacks to be a gate, one JSON line per
//! check (`check`, `status`, `code`, `message`: what to fix). Exit 1 only
//! for real faults; no camera and no audio are notes.

use std::path::Path;

use anyhow::Result;
use kakou_core::doctor::has_fault;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
use crate::app::config::{Config, ConfigError};
use crate::app::doctor::examine;
use crate::clock::{Clock, SystemClock};

pub fn run(db: &Path, config: Result<&Config, &ConfigError>, lang: Lang) -> Result<Answer> {
    let findings = examine(db, config, SystemClock.now());
    let mut out = std::io::stdout().lock();
    for f in &findings {
        emit(
            &mut out,
            &json!({
                "check": f.check,
                "status": f.status,
                "code": f.code,
                "message": f.message(lang),
            }),
        )?;
    }
    if has_fault(&findings) {
        say_warn!(
            "kakou: {}",
            lang.pick(
                "发现需要立即处理的问题（status 为 fault 的项），见上",
                "faults found (the lines with status fault) above: fix them first"
            )
        );
        return Ok(Answer::No);
    }
    say!(
        "kakou: {}",
        lang.pick(
            "没有发现故障（note 和 warn 只是提示）",
            "no faults (notes and warnings are for information)"
        )
    );
    Ok(Answer::Yes)
}
