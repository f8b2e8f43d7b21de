//! `kakou pass issue|list|verify|revoke`; `print` is in `pass_print`.

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;

use kakou_core::lang::Lang;
use kakou_core::pass::RevocationReason;

use super::{Answer, emit};
use crate::app::passes::{self, Holders};
use crate::app::revocation::{self, RevokeOutcome};
use crate::app::{Terminal, issuing::IssuedPass};
use crate::clock::{Clock, SystemClock};

#[derive(Debug, Subcommand)]
pub enum PassCommand {
    /// Issue passes: for one person, one household, or everyone without a valid pass.
    Issue {
        /// The person's ID document number.
        #[arg(long, conflicts_with_all = ["household", "all"])]
        person: Option<String>,
        /// The household's address (3-2-501, 3栋2单元501 …).
        #[arg(long, conflicts_with = "all")]
        household: Option<String>,
        /// Everyone on the ledger who has no valid pass today.
        #[arg(long)]
        all: bool,
        /// How many days the passes are valid, from today (1 to 1096).
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=1096))]
        days: u32,
        /// First valid day (YYYY-MM-DD); today when not given.
        #[arg(long)]
        from: Option<NaiveDate>,
    },
    /// Every pass, one JSON object per line, with its exact QR text.
    List,
    /// Verify a scanned pass text; exit 0 when valid, 1 when not.
    Verify {
        text: String,
        /// The day to verify for (YYYY-MM-DD); today when not given.
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Print passes as A4 sheets of eight cards with cut marks (PDF).
    Print(super::pass_print::PrintArgs),
    /// Revoke a pass by serial (lost card, moved out …).
    Revoke {
        /// The serial printed on the card.
        #[arg(value_parser = clap::value_parser!(u64).range(1..=kakou_core::pass::MAX_SERIAL))]
        serial: u64,
        #[arg(long)]
        reason: RevocationReason,
    },
}

pub fn run(db: &Path, command: PassCommand, lang: Lang) -> Result<Answer> {
    if let PassCommand::Print(args) = command {
        return super::pass_print::run(db, args, lang);
    }
    let mut terminal = Terminal::open(db).map_err(|e| anyhow!(e.message(lang)))?;
    let now = SystemClock.now();
    let today = now.date_naive();
    let mut out = std::io::stdout().lock();
    match command {
        PassCommand::Issue {
            person,
            household,
            all,
            days,
            from,
        } => {
            let holders = match (person, household, all) {
                (Some(number), _, _) => Holders::Person(number),
                (_, Some(address), _) => Holders::Household(address),
                (_, _, true) => Holders::AllWithoutPass,
                _ => anyhow::bail!(
                    "say whom to issue for: --person ID_NUMBER, --household ADDRESS or --all"
                ),
            };
            let issued: Vec<IssuedPass> =
                passes::issue_for(&mut terminal, &holders, from.unwrap_or(today), days, now)
                    .map_err(|e| anyhow!(e.message(lang)))?;
            for p in &issued {
                emit(&mut out, p)?;
            }
            say!("kakou: issued {} passes", issued.len());
            Ok(Answer::Yes)
        }
        PassCommand::List => {
            for p in passes::list(&terminal, today)? {
                emit(&mut out, &p)?;
            }
            Ok(Answer::Yes)
        }
        PassCommand::Verify { text, date } => {
            let report = passes::verify(&terminal, &text, date.unwrap_or(today))?;
            emit(&mut out, &report)?;
            Ok(if report.valid {
                Answer::Yes
            } else {
                Answer::No
            })
        }
        PassCommand::Print(_) => unreachable!("handled before the store is opened"),
        PassCommand::Revoke { serial, reason } => {
            let outcome = revocation::revoke(&mut terminal, serial, reason, now)?;
            emit(
                &mut out,
                &json!({
                    "serial": serial,
                    "outcome": outcome.code(),
                    "revoked": outcome != RevokeOutcome::UnknownSerial,
                    "already_revoked": outcome == RevokeOutcome::AlreadyRevoked,
                    "reason": reason.code(),
                }),
            )?;
            if outcome == RevokeOutcome::NoCommunityKey {
                say!(
                    "kakou: {}",
                    match lang {
                        Lang::Zh =>
                            "本卡口尚未导入社区数据包（kakou bundle import），还不知道社区的签发密钥",
                        Lang::En =>
                            "this gate has not imported its community's bundle yet (kakou bundle import) and does not know the community's key",
                    }
                );
                return Ok(Answer::No);
            }
            if outcome == RevokeOutcome::UnknownSerial {
                say!(
                    "kakou: {}",
                    match lang {
                        Lang::Zh =>
                            format!("未找到证号 {serial}：本终端从未签发过该通行证，未作废任何卡"),
                        Lang::En => format!(
                            "no pass numbered {serial}: this terminal never issued it; nothing was revoked"
                        ),
                    }
                );
                return Ok(Answer::No);
            }
            Ok(Answer::Yes)
        }
    }
}
