//! The resident ledger into the store, all or nothing, and the blank
//! ledger to fill in.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use kakou_core::lang::Lang;
use kakou_core::ledger::{self, LedgerError, RowError};

use super::ledger_apply::{ImportSummary, apply};
use super::{AppError, Role, Terminal};
use crate::ledger::{ReadError, read_rows};

/// What an import did, or why it did nothing.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Applied (or, on a dry run, what would have been applied).
    Imported(ImportSummary),
    /// Rows with problems; nothing was imported. Every problem is listed.
    Rejected(Vec<RowError>),
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: {error}")]
    Ledger { file: String, error: LedgerError },
    #[error(
        "this is a verifier gate: only the community's issuing store imports the ledger; gates receive households by `kakou bundle import`"
    )]
    NotIssuing,
    #[error(transparent)]
    App(#[from] AppError),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Read(e) => e.message(lang),
            ImportError::Ledger { file, error } => format!("{file}: {}", error.message(lang)),
            ImportError::NotIssuing => match lang {
                Lang::Zh => "这是验证卡口：只有社区的签发终端导入台账；卡口通过 kakou bundle import 接收住户数据".into(),
                Lang::En => self.to_string(),
            },
            ImportError::App(e) => e.message(lang),
        }
    }
}

/// Reads the ledger at `file` and brings the store in line with it, in one
/// transaction; with `dry_run` the transaction is rolled back.
pub fn residents(
    terminal: &mut Terminal,
    file: &Path,
    dry_run: bool,
    lang: Lang,
    now: DateTime<FixedOffset>,
) -> Result<ImportOutcome, ImportError> {
    if terminal.role() != Role::Issuing {
        return Err(ImportError::NotIssuing);
    }
    let key_id = terminal.community_key_id()?.ok_or_else(|| {
        AppError::Store(crate::store::StoreError::Damaged(
            "the issuing store has no key id".into(),
        ))
    })?;
    let rows = read_rows(file)?;
    let parsed = match ledger::parse(&rows, lang, now.date_naive()) {
        Ok(parsed) => parsed,
        Err(LedgerError::Rows(errors)) => return Ok(ImportOutcome::Rejected(errors)),
        Err(error) => {
            return Err(ImportError::Ledger {
                file: file.display().to_string(),
                error,
            });
        }
    };
    let at = now.to_rfc3339();
    let terminal_id = terminal.settings().terminal_id.clone();
    let store = terminal.store_mut();
    let summary = if dry_run {
        store.dry_run(|tx| apply(tx, key_id, &terminal_id, &parsed, &at))
    } else {
        store.write(|tx| apply(tx, key_id, &terminal_id, &parsed, &at))
    }
    .map_err(AppError::from)?;
    Ok(ImportOutcome::Imported(summary))
}

/// The blank ledger (.xlsx) with the accepted headers, examples and an
/// explanation sheet.
pub fn template() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::ledger::template()
}
