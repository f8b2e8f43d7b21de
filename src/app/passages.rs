//! The register as the lead reads it.

use super::{AppError, CommittedPassage, Terminal};
use crate::store::passages;

/// The newest `limit` passages, newest first.
pub fn recent(terminal: &Terminal, limit: usize) -> Result<Vec<CommittedPassage>, AppError> {
    Ok(passages::recent(terminal.store().conn(), limit)?)
}

/// Every passage of one local day at any checkpoint, in commit order.
pub fn on_day(
    terminal: &Terminal,
    day: chrono::NaiveDate,
) -> Result<Vec<CommittedPassage>, AppError> {
    Ok(passages::on_day(terminal.store().conn(), day)?)
}

/// The passage the `gate replay` line with this id committed, if any.
pub fn by_replay_id(
    terminal: &Terminal,
    replay_id: &str,
) -> Result<Option<CommittedPassage>, AppError> {
    Ok(passages::by_replay_id(terminal.store().conn(), replay_id)?)
}

/// The newest `limit` passages, newest first, with every visitor's and
/// driver's ID number and phone masked: what the lead screen lists (a
/// lead shows one field in full through `app::privacy::unmask`).
pub fn recent_masked(terminal: &Terminal, limit: usize) -> Result<Vec<CommittedPassage>, AppError> {
    Ok(recent(terminal, limit)?.into_iter().map(masked).collect())
}

/// A passage with its personal numbers masked (`kakou_core::privacy`).
pub fn masked(committed: CommittedPassage) -> CommittedPassage {
    CommittedPassage {
        passage: kakou_core::privacy::mask_passage(&committed.passage),
        ..committed
    }
}
