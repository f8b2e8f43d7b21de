//! Spreadsheet files to rows of text. Community offices send xlsx from
//! Excel or WPS and CSV saved as UTF-8 or GBK; all of them end up here.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use kakou_core::lang::Lang;

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

impl ReadError {
    /// The error in the user's language, naming the file and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadError::Open { path, source }, Lang::Zh) => {
                format!("无法打开 {path}：{source}")
            }
            (ReadError::NotASpreadsheet { path, detail }, Lang::Zh) => format!(
                "{path} 不是 kakou 能读的表格（xlsx、xls、ods 或 csv）：{}",
                detail_zh(detail)
            ),
            (ReadError::TooLarge { path, limit }, Lang::Zh) => {
                format!("{path} 超过 {limit} MB，不像是台账；请拆分文件或删去其中的图片")
            }
            (ReadError::NoSheet { path }, Lang::Zh) => format!("{path} 里没有工作表"),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// The Chinese for the details `read_rows` gives; a detail from a parser
/// library stays as the library wrote it.
fn detail_zh(detail: &str) -> String {
    match detail {
        "the text is neither UTF-8 nor GBK" => "内容既不是 UTF-8 也不是 GBK 编码的文字".into(),
        "the file contains binary data" => "文件含有二进制数据".into(),
        d if d.starts_with("it is ") => format!(
            "这是{}，不是表格",
            match d {
                "it is a PNG image" => "一张 PNG 图片",
                "it is a JPEG image" => "一张 JPEG 图片",
                "it is a GIF image" => "一张 GIF 图片",
                "it is a PDF document" => "一份 PDF 文档",
                _ => "别的文件",
            }
        ),
        d if d.starts_with("the name says ") => {
            "文件名是 Excel 表格，内容却不是（可能改过扩展名或已损坏）".into()
        }
        other => other.to_string(),
    }
}

/// Files people mistake for a ledger, by their first bytes.
const KNOWN_NOT_SHEETS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "it is a PNG image"),
    (&[0xFF, 0xD8, 0xFF], "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"%PDF-", "it is a PDF document"),
];

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
        return read_workbook(path, &name);
    }
    let not_sheet = |detail: &str| ReadError::NotASpreadsheet {
        path: name.clone(),
        detail: detail.to_string(),
    };
    if let Some((_, what)) = KNOWN_NOT_SHEETS.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(not_sheet(what));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if let Some(ext @ ("xlsx" | "xls" | "ods")) = extension.as_deref() {
        // A workbook always starts with a zip or OLE header; reading this
        // one as CSV would only produce a confusing list of bad rows.
        return Err(not_sheet(&format!(
            "the name says .{ext} but the content is not a spreadsheet (renamed or damaged?)"
        )));
    }
    read_csv(&bytes, &name)
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
