//! Reading ledger files (xlsx, csv) into rows of text for `kakou_core::ledger`,
//! and the blank template to fill in. Applying a parsed ledger to the store
//! is `app::import`'s.

mod read;
mod template;

pub use read::{MAX_FILE_MB, ReadError, read_rows};
pub use template::template;
