//! Reading ledger files (xlsx, csv) into rows of text for `kakou_core::ledger`,
//! and the blank template to fill in. Applying a parsed ledger to the store
//! is `app::import`'s.
//!
//! Reading is the `kakou-sheet` crate (`sheet/`), which bounds every size a
//! file could stretch and is fuzzed on its own.

mod template;

pub use kakou_sheet::{MAX_FILE_MB, ReadError, read_rows};
pub use template::template;
