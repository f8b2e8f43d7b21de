//! Reading ledger files (xlsx, csv) into rows of text for `kakou_core::ledger`,
//! applying a parsed ledger to the store, and the blank template to fill in.

mod apply;
mod read;
mod template;

pub use apply::{ImportSummary, apply};
pub use read::{MAX_FILE_MB, ReadError, read_rows};
pub use template::template;
