//! Reading ledger files (xlsx, csv) into rows of text for `kakou_core::ledger`,
//! applying a parsed ledger to the store, and the blank template to fill in.
//!
//! Reading is the `kakou-sheet` crate (`sheet/`), which bounds every size a
//! file could stretch and is fuzzed on its own.

mod apply;
mod template;

pub use apply::{ImportSummary, apply};
pub use kakou_sheet::{MAX_FILE_MB, ReadError, read_rows};
pub use template::template;
