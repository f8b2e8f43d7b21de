//! `kakou household status ADDRESS STATUS`: the lead sets a household's
//! status (home quarantine, back to normal …) from the command line, as on
//! the lead screen.

use std::path::Path;

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kakou_core::domain::HouseholdStatus;
use kakou_core::lang::Lang;
use serde_json::json;

use super::{Answer, emit};
use crate::app::{Terminal, households};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Subcommand)]
pub enum HouseholdCommand {
    /// Set a household's status: normal, close_contact, secondary_contact,
    /// home_quarantine or vacant (or 正常, 密接, 次密接, 居家隔离, 空置).
    Status {
        /// The address as the ledger writes it (3-2-501, 3栋2单元501 …).
        address: String,
        #[arg(value_parser = parse_status)]
        status: HouseholdStatus,
    },
}

fn parse_status(word: &str) -> Result<HouseholdStatus, String> {
    HouseholdStatus::from_ledger_word(word)
        .filter(|_| !word.trim().is_empty())
        .ok_or_else(|| {
            format!(
                "`{word}` is not a household status (normal, close_contact, secondary_contact, home_quarantine, vacant)"
            )
        })
}

pub fn run(db: &Path, command: HouseholdCommand, lang: Lang) -> Result<Answer> {
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let HouseholdCommand::Status { address, status } = command;
    let mut out = std::io::stdout().lock();
    match households::set_status(&mut terminal, &address, status, SystemClock.now())? {
        Some(h) => {
            emit(
                &mut out,
                &json!({"address": h.address, "status": h.status.code()}),
            )?;
            Ok(Answer::Yes)
        }
        None => {
            say!(
                "kakou: {}",
                match lang {
                    Lang::Zh => format!("没有地址为“{address}”的住户"),
                    Lang::En => format!("no household at `{address}`"),
                }
            );
            Ok(Answer::No)
        }
    }
}
