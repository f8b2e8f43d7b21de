//! Spreadsheet files to rows of text. Community offices send xlsx from
//! Excel or WPS and CSV saved as UTF-8 or GBK; all of them end up here.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// Why a file could not be read as a spreadsheet at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a spreadsheet kakou can read (xlsx, xls, ods or csv): {detail}")]
    NotASpreadsheet { path: String, detail: String },
    #[error("{path} is larger than {limit} MB; split the ledger or remove pictures from it")]
    TooLarge { path: String, limit: u64 },
    #[error("{path} has no worksheet")]
    NoSheet { path: String },
}

/// Larger ledgers than this are a mistake (a photo album, a database dump),
/// not a community: 50 MB holds several hundred thousand rows.
pub const MAX_FILE_MB: u64 = 50;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

pub fn read_rows(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let name = path.display().to_string();
    let open_err = |source| ReadError::Open {
        path: name.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(open_err)?.len();
    if size > MAX_FILE_MB * 1024 * 1024 {
        return Err(ReadError::TooLarge {
            path: name,
            limit: MAX_FILE_MB,
        });
    }
    let bytes = std::fs::read(path).map_err(open_err)?;
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        read_workbook(path, &name)
    } else {
        read_csv(&bytes, &name)
    }
}

fn read_workbook(path: &Path, name: &str) -> Result<Vec<Vec<String>>, ReadError> {
    let not_sheet = |detail: String| ReadError::NotASpreadsheet {
        path: name.to_string(),
        detail,
    };
    let mut workbook = open_workbook_auto(path).map_err(|e| not_sheet(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ReadError::NoSheet {
            path: name.to_string(),
        })?
        .map_err(|e| not_sheet(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// A cell as the person typing it meant it: ID numbers typed as numbers
/// come back without ".0", dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_csv(bytes: &[u8], name: &str) -> Result<Vec<Vec<String>>, ReadError> {
    let not_sheet = |detail: String| ReadError::NotASpreadsheet {
        path: name.to_string(),
        detail,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            // Excel on Chinese Windows saves CSV as GBK.
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(not_sheet("the text is neither UTF-8 nor GBK".into()));
            }
            text.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(not_sheet("the file contains binary data".into()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(str::to_string).collect())
                .map_err(|e| not_sheet(e.to_string()))
        })
        .collect()
}
