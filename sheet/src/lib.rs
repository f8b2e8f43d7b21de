//! The ledger's files as rows of text: xlsx (the first sheet) and CSV in
//! UTF-8 or GBK, as community offices send them from Excel or WPS.
//!
//! Every size is bounded before memory is spent on it: the file's kind and
//! length ([`read_capped`]), how far a workbook unpacks, and how many cells
//! a sheet spans ([`MAX_CELLS`]). Whatever the bytes, the reader returns
//! rows or a [`ReadError`]; it does not panic or abort, which
//! `fuzz/fuzz_targets/ledger_read.rs` checks.
//!
//! It is its own crate, apart from the terminal, so that the fuzzer builds
//! it with coverage instrumentation without building the UI.

mod csv_text;
mod error;
mod extent;
mod file;
mod sniff;
mod workbook;

use std::path::Path;

pub use error::ReadError;
pub use extent::{Extent, MAX_CELLS, cell_name};
pub use file::{FileKind, read_capped};
pub use sniff::OtherFormat;
pub use workbook::MAX_UNPACKED_MB;

/// Rows of cell texts; the first is the header.
pub type Rows = Vec<Vec<String>>;

/// Larger ledgers than this are a mistake (a photo album, a database dump),
/// not a community: 50 MB holds several hundred thousand rows.
pub const MAX_FILE_MB: u64 = 50;

/// Reads the ledger file at `path`: a regular file of at most
/// [`MAX_FILE_MB`], then [`rows_from_bytes`].
pub fn read_rows(path: &Path) -> Result<Rows, ReadError> {
    let bytes = read_capped(path, MAX_FILE_MB * 1024 * 1024)?;
    rows_from_bytes(&bytes, &path.display().to_string())
}

/// Reads a ledger from its bytes. `name` is the file's name, used in
/// errors and to refuse a text file named like a workbook; what the file is
/// comes from its content.
pub fn rows_from_bytes(bytes: &[u8], name: &str) -> Result<Rows, ReadError> {
    let not_sheet = |detail: String| ReadError::NotASpreadsheet {
        path: name.to_string(),
        detail,
    };
    match sniff::kind(bytes) {
        sniff::Kind::Zip => workbook::read_zip(bytes, name),
        sniff::Kind::Ole => Err(ReadError::SaveAsXlsx {
            path: name.to_string(),
            format: OtherFormat::OleWorkbook,
        }),
        sniff::Kind::NotASheet(what) => Err(not_sheet(what.to_string())),
        sniff::Kind::Text => {
            let extension = Path::new(name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if let Some(ext @ ("xlsx" | "xls" | "ods" | "xlsb" | "et")) = extension.as_deref() {
                // A workbook always starts with a zip or OLE header; reading
                // this one as CSV would only produce a confusing list of bad
                // rows.
                return Err(not_sheet(format!(
                    "the name says .{ext} but the content is not a spreadsheet (renamed or damaged?)"
                )));
            }
            csv_text::read_csv(bytes, name)
        }
    }
}
