//! CSV text to rows: UTF-8 or, as Excel on Chinese Windows saves it, GBK.

use crate::extent::{Extent, MAX_CELLS};
use crate::{ReadError, Rows};

pub fn read_csv(bytes: &[u8], name: &str) -> Result<Rows, ReadError> {
    let not_sheet = |detail: String| ReadError::NotASpreadsheet {
        path: name.to_string(),
        detail,
    };
    let decoded;
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(not_sheet("the text is neither UTF-8 nor GBK".into()));
            }
            decoded = text;
            &decoded
        }
    };
    if text.contains('\0') {
        return Err(not_sheet("the file contains binary data".into()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // A file of nothing but commas makes a cell of every byte; counting as
    // the rows come keeps the rows kept in memory under the cell limit, and
    // reading on without keeping them tells the whole size in the error.
    let mut rows = Vec::new();
    let mut extent = Extent::default();
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(not_sheet(e.to_string())),
        }
        extent.include_row(row, u32::try_from(record.len()).unwrap_or(u32::MAX));
        if extent.within_limit() {
            rows.push(record.iter().map(str::to_string).collect());
        } else {
            rows = Vec::new();
        }
        row = row.saturating_add(1);
    }
    if !extent.within_limit() {
        return Err(ReadError::SheetTooLarge {
            path: name.to_string(),
            sheet: None,
            extent,
            limit: MAX_CELLS,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[u8]) -> Rows {
        read_csv(text, "t.csv").unwrap()
    }

    #[test]
    fn utf8_and_gbk_read_the_same() {
        let text = "姓名,身份证号\n张三,110105195001010013\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(rows(text.as_bytes()), rows(&gbk));
        assert_eq!(rows(text.as_bytes())[1], vec!["张三", "110105195001010013"]);
    }

    #[test]
    fn rows_may_differ_in_length() {
        assert_eq!(rows(b"a,b,c\nd\n"), vec![vec!["a", "b", "c"], vec!["d"]]);
    }

    #[test]
    fn a_nul_byte_is_binary_data() {
        let err = read_csv(b"a,b\n\0\n", "t.csv").unwrap_err();
        assert!(err.to_string().contains("binary data"), "{err}");
    }

    #[test]
    fn a_table_beyond_the_cell_limit_is_refused_with_its_whole_size() {
        // One wide header row and enough rows under it: 1001 × 2000 cells.
        let mut text = ",".repeat(1999);
        text.push('\n');
        text.push_str(&"x\n".repeat(1000));
        let err = read_csv(text.as_bytes(), "wide.csv").unwrap_err();
        let ReadError::SheetTooLarge { extent, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((extent.rows(), extent.columns()), (1001, 2000));
        assert_eq!(err.code(), "sheet_too_large");
        assert!(
            err.to_string().contains("1001 rows × 2000 columns"),
            "{err}"
        );
    }

    #[test]
    fn a_table_at_the_cell_limit_is_read() {
        let text = "a,b\n".repeat((MAX_CELLS / 2) as usize);
        assert_eq!(rows(text.as_bytes()).len() as u64, MAX_CELLS / 2);
    }
}
