//! Why a file could not be read as a ledger, in Chinese and English, with a
//! stable code for machine-readable output.

use kakou_core::lang::Lang;

use crate::extent::Extent;
use crate::file::FileKind;
use crate::sniff::OtherFormat;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is {kind}, not a file; name the ledger file itself")]
    NotAFile { path: String, kind: FileKind },
    #[error("{path} is larger than {limit} MB; split the ledger or remove pictures from it")]
    TooLarge { path: String, limit: u64 },
    #[error(
        "{path} unpacks to more than {limit} MB, far more than any ledger; the file is damaged or was made to exhaust memory"
    )]
    UnpacksTooLarge { path: String, limit: u64 },
    #[error("{path} is not a spreadsheet kakou can read (xlsx or csv): {detail}")]
    NotASpreadsheet { path: String, detail: String },
    #[error(
        "{path} is {format}; open it in Excel or WPS, save it as .xlsx (or .csv) and import that"
    )]
    SaveAsXlsx { path: String, format: OtherFormat },
    #[error(
        "{path}: {} spans {} ({} rows × {} columns, {} cells); a ledger may have at most {limit} cells. \
         Delete the stray cells far from the table and save again",
        sheet_en(.sheet), .extent.span(), .extent.rows(), .extent.columns(), .extent.cells()
    )]
    SheetTooLarge {
        path: String,
        /// The worksheet's name; `None` for CSV, which has no sheets.
        sheet: Option<String>,
        extent: Extent,
        limit: u64,
    },
    #[error("{path} has no worksheet")]
    NoSheet { path: String },
}

fn sheet_en(sheet: &Option<String>) -> String {
    match sheet {
        Some(name) => format!("sheet “{name}”"),
        None => "the table".into(),
    }
}

impl ReadError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Open { .. } => "cannot_open",
            ReadError::NotAFile { .. } => "not_a_file",
            ReadError::TooLarge { .. } => "file_too_large",
            ReadError::UnpacksTooLarge { .. } => "unpacks_too_large",
            ReadError::NotASpreadsheet { .. } => "not_a_spreadsheet",
            ReadError::SaveAsXlsx { .. } => "save_as_xlsx",
            ReadError::SheetTooLarge { .. } => "sheet_too_large",
            ReadError::NoSheet { .. } => "no_sheet",
        }
    }

    /// The error in the user's language, naming the file and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadError::Open { path, source }, Lang::Zh) => {
                format!("无法打开 {path}：{source}")
            }
            (ReadError::NotAFile { path, kind }, Lang::Zh) => {
                format!("{path} 是{}，不是文件；请给出台账文件本身", kind.zh())
            }
            (ReadError::TooLarge { path, limit }, Lang::Zh) => {
                format!("{path} 超过 {limit} MB，不像是台账；请拆分文件或删去其中的图片")
            }
            (ReadError::UnpacksTooLarge { path, limit }, Lang::Zh) => format!(
                "{path} 解压后超过 {limit} MB，远超任何台账；文件已损坏，或是有意制造来耗尽内存的"
            ),
            (ReadError::NotASpreadsheet { path, detail }, Lang::Zh) => format!(
                "{path} 不是 kakou 能读的表格（xlsx 或 csv）：{}",
                detail_zh(detail)
            ),
            (ReadError::SaveAsXlsx { path, format }, Lang::Zh) => format!(
                "{path} 是{}；请用 Excel 或 WPS 打开，另存为 .xlsx（或 .csv）后再导入",
                format.zh()
            ),
            (
                ReadError::SheetTooLarge {
                    path,
                    sheet,
                    extent,
                    limit,
                },
                Lang::Zh,
            ) => format!(
                "{path}：{}占 {}（{} 行 × {} 列，{} 个单元格），台账最多 {limit} 个单元格。\
                 请删去表格远处多余的单元格后重新保存",
                match sheet {
                    Some(name) => format!("工作表“{name}”"),
                    None => "表格".into(),
                },
                extent.span(),
                extent.rows(),
                extent.columns(),
                extent.cells()
            ),
            (ReadError::NoSheet { path }, Lang::Zh) => format!("{path} 里没有工作表"),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// The Chinese for the details this crate gives; a detail from a parser
/// library stays as the library wrote it.
fn detail_zh(detail: &str) -> String {
    match detail {
        "the text is neither UTF-8 nor GBK" => "内容既不是 UTF-8 也不是 GBK 编码的文字".into(),
        "the file contains binary data" => "文件含有二进制数据".into(),
        "it is a zip archive, not a workbook" => "这是一个 zip 压缩包，不是工作簿".into(),
        "the workbook is damaged" => "工作簿已损坏".into(),
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
