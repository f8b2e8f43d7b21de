//! What a file is, from its first bytes: the reader never trusts the name.

/// A workbook format kakou recognises but does not read.
///
/// calamine reads these too, but not safely against a crafted file: its
/// compound-file (.xls) reader sizes buffers from header fields and follows
/// sector chains without a bound, and its .ods reader expands
/// `number-columns-repeated` as it parses, so a file of a few hundred bytes
/// aborts the process before any sheet could be measured. Excel and WPS
/// save any of them as .xlsx in two clicks, and .xlsx is read with every
/// size checked first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherFormat {
    /// A compound (OLE) file: Excel 97–2003 `.xls`, WPS `.et`, or an
    /// `.xlsx` saved with a password, which Excel wraps the same way.
    OleWorkbook,
    /// Excel's binary workbook, `.xlsb`.
    Xlsb,
    /// An OpenDocument spreadsheet, `.ods`.
    Ods,
}

impl OtherFormat {
    pub fn zh(self) -> &'static str {
        match self {
            OtherFormat::OleWorkbook => {
                "旧版 Excel（.xls）或 WPS（.et）工作簿，或设了密码的工作簿（kakou 不读这些格式）"
            }
            OtherFormat::Xlsb => "Excel 二进制工作簿（.xlsb，kakou 不读这种格式）",
            OtherFormat::Ods => "OpenDocument 表格（.ods，kakou 不读这种格式）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            OtherFormat::OleWorkbook => {
                "an Excel 97–2003 (.xls) or WPS (.et) workbook, or one saved with a password, which kakou does not read"
            }
            OtherFormat::Xlsb => "an Excel binary workbook (.xlsb), which kakou does not read",
            OtherFormat::Ods => "an OpenDocument spreadsheet (.ods), which kakou does not read",
        }
    }
}

impl std::fmt::Display for OtherFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip archive: an `.xlsx`, or an `.xlsb` or `.ods`, told apart by the
    /// names inside ([`zip_kind`]).
    Zip,
    Ole,
    /// A file people mistake for a ledger, with the words for it.
    NotASheet(&'static str),
    /// Anything else is read as CSV text.
    Text,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Files people mistake for a ledger, by their first bytes.
const KNOWN_NOT_SHEETS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "it is a PNG image"),
    (&[0xFF, 0xD8, 0xFF], "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"%PDF-", "it is a PDF document"),
];

pub fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(ZIP_MAGIC) {
        Kind::Zip
    } else if bytes.starts_with(OLE_MAGIC) {
        Kind::Ole
    } else if let Some((_, what)) = KNOWN_NOT_SHEETS.iter().find(|(m, _)| bytes.starts_with(m)) {
        Kind::NotASheet(what)
    } else {
        Kind::Text
    }
}

/// What a zip archive holds, from the names of its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Other(OtherFormat),
    NotAWorkbook,
}

/// Entry names are compared without case, as calamine looks them up.
pub fn zip_kind<'a>(names: impl IntoIterator<Item = &'a str>) -> ZipKind {
    let mut kind = ZipKind::NotAWorkbook;
    for name in names {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "xl/workbook.bin" => return ZipKind::Other(OtherFormat::Xlsb),
            "content.xml" | "mimetype" => return ZipKind::Other(OtherFormat::Ods),
            "xl/workbook.xml" => kind = ZipKind::Xlsx,
            _ => {}
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_decide_the_kind() {
        assert_eq!(kind(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(
            kind(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Kind::Ole
        );
        assert_eq!(
            kind(b"\x89PNG\r\n\x1a\n..."),
            Kind::NotASheet("it is a PNG image")
        );
        assert_eq!(kind(b"%PDF-1.7"), Kind::NotASheet("it is a PDF document"));
        assert_eq!(kind("姓名,身份证号\n".as_bytes()), Kind::Text);
        assert_eq!(kind(b""), Kind::Text);
    }

    #[test]
    fn entry_names_tell_workbooks_apart() {
        let xlsx = [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
        ];
        assert_eq!(zip_kind(xlsx), ZipKind::Xlsx);
        assert_eq!(zip_kind(["XL/Workbook.xml"]), ZipKind::Xlsx);
        assert_eq!(
            zip_kind(["[Content_Types].xml", "xl/workbook.bin"]),
            ZipKind::Other(OtherFormat::Xlsb)
        );
        assert_eq!(
            zip_kind(["mimetype", "content.xml"]),
            ZipKind::Other(OtherFormat::Ods)
        );
        assert_eq!(zip_kind(["photos/1.jpg"]), ZipKind::NotAWorkbook);
        assert_eq!(zip_kind([]), ZipKind::NotAWorkbook);
    }
}
