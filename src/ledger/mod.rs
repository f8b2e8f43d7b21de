//! Reading ledger files (xlsx, csv) into rows of text for `kakou_core::ledger`,
//! and applying a parsed ledger to the store.

mod apply;
mod read;

pub use apply::{ImportSummary, apply};
pub use read::{ReadError, read_rows};
