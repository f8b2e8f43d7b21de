//! Files that would make a careless reader hang, abort or run out of
//! memory are refused with a clear error, and real ledgers still read.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use kakou_core::lang::Lang;
use kakou_sheet::{
    FileKind, MAX_CELLS, MAX_UNPACKED_MB, OtherFormat, ReadError, read_rows, rows_from_bytes,
};

/// An xlsx with a text cell at each (row, column), written by the same
/// library the ledger template uses.
fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").unwrap();
    for &(row, column, text) in cells {
        sheet.write_string(row, column, text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// A zip archive of the given entries, deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A roster's times typed into Excel are time cells (fractions of a day);
/// they read as the clock times the sheet shows, beside a date cell that
/// still reads as a date.
#[test]
fn time_cells_read_as_clock_times() {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let time = Format::new().set_num_format("hh:mm");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "日期/星期").unwrap();
    sheet.write_string(0, 1, "开始时间").unwrap();
    sheet.write_string(0, 2, "结束时间").unwrap();
    let day = ExcelDateTime::from_ymd(2026, 11, 24).unwrap();
    sheet.write_datetime_with_format(1, 0, &day, &date).unwrap();
    let start = ExcelDateTime::from_hms(8, 0, 0).unwrap();
    let end = ExcelDateTime::from_hms(16, 30, 0).unwrap();
    sheet
        .write_datetime_with_format(1, 1, &start, &time)
        .unwrap();
    sheet.write_datetime_with_format(1, 2, &end, &time).unwrap();
    let rows = rows_from_bytes(&book.save_to_buffer().unwrap(), "roster.xlsx").unwrap();
    assert_eq!(rows[1], ["2026-11-24", "08:00", "16:30"]);
}

#[test]
fn a_ledger_xlsx_reads_from_its_first_filled_cell() {
    let book = xlsx(&[
        (2, 1, "姓名"),
        (2, 2, "身份证号"),
        (3, 1, "张三"),
        (4, 2, "110105195001010013"),
    ]);
    let rows = rows_from_bytes(&book, "台账.xlsx").unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["姓名", "身份证号"],
            vec!["张三", ""],
            vec!["", "110105195001010013"]
        ]
    );
}

/// The file of issue 12: two cells at the far corners of the grid. calamine
/// would make a grid of 17 billion cells of it and abort.
#[test]
fn cells_at_a1_and_xfd1048576_are_refused_naming_the_size() {
    let book = xlsx(&[(0, 0, "姓名"), (1_048_575, 16_383, "x")]);
    assert!(
        book.len() < 8 * 1024,
        "the file is small: {} bytes",
        book.len()
    );
    let err = rows_from_bytes(&book, "corners.xlsx").unwrap_err();
    let ReadError::SheetTooLarge {
        sheet,
        extent,
        limit,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(sheet.as_deref(), Some("台账"));
    assert_eq!((extent.rows(), extent.columns()), (1_048_576, 16_384));
    assert_eq!(extent.span(), "A1:XFD1048576");
    assert_eq!(*limit, MAX_CELLS);
    assert_eq!(err.code(), "sheet_too_large");
    let en = err.message(Lang::En);
    for words in [
        "corners.xlsx",
        "sheet “台账”",
        "A1:XFD1048576",
        "1048576 rows × 16384 columns",
        "17179869184 cells",
        "at most 2000000 cells",
    ] {
        assert!(en.contains(words), "{words:?} not in {en}");
    }
    let zh = err.message(Lang::Zh);
    for words in [
        "工作表“台账”",
        "A1:XFD1048576",
        "1048576 行 × 16384 列",
        "台账最多 2000000 个单元格",
    ] {
        assert!(zh.contains(words), "{words:?} not in {zh}");
    }
}

#[test]
fn a_sheet_of_exactly_the_cell_limit_reads_and_one_row_more_is_refused() {
    let last_row = (MAX_CELLS / 2 - 1) as u32;
    let at_limit = xlsx(&[(0, 0, "a"), (last_row, 1, "b")]);
    let rows = rows_from_bytes(&at_limit, "limit.xlsx").unwrap();
    assert_eq!(rows.len() as u64 * 2, MAX_CELLS);
    assert_eq!(rows[rows.len() - 1], vec!["", "b"]);

    let beyond = xlsx(&[(0, 0, "a"), (last_row + 1, 1, "b")]);
    let err = rows_from_bytes(&beyond, "beyond.xlsx").unwrap_err();
    assert!(matches!(err, ReadError::SheetTooLarge { .. }), "{err:?}");
}

/// A hand-written sheet that names one cell over and over: its rectangle is
/// one cell, but keeping every listing would still fill memory.
#[test]
fn one_cell_listed_millions_of_times_is_refused() {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">"#,
    );
    let cell = r#"<c r="A1" t="inlineStr"><is><t>x</t></is></c>"#;
    sheet.push_str(&cell.repeat(MAX_CELLS as usize + 1));
    sheet.push_str("</row></sheetData></worksheet>");
    let book = minimal_xlsx(sheet.as_bytes());
    let err = rows_from_bytes(&book, "repeated.xlsx").unwrap_err();
    let ReadError::SheetTooLarge { extent, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((extent.rows(), extent.columns()), (1, 1));
    assert_eq!(extent.cells(), MAX_CELLS + 1);
}

/// The smallest package calamine reads as an xlsx, around one sheet's XML.
fn minimal_xlsx(sheet_xml: &[u8]) -> Vec<u8> {
    zip(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ])
}

#[test]
fn the_minimal_package_reads() {
    let sheet = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="B1"><v>42</v></c></row></sheetData></worksheet>"#;
    assert_eq!(
        rows_from_bytes(&minimal_xlsx(sheet), "m.xlsx").unwrap(),
        vec![vec!["x", "42"]]
    );
}

/// A zip bomb: a few hundred kilobytes that unpack past the limit. It is
/// refused after unpacking into nothing, before calamine reads it.
#[test]
fn a_workbook_that_unpacks_past_the_limit_is_refused() {
    let padding = vec![b' '; (MAX_UNPACKED_MB * 1024 * 1024) as usize + 1];
    let sheet = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#;
    let mut book = minimal_xlsx(sheet);
    // Rebuilt with the padding as an extra entry, which calamine would
    // never read: the bound is on the whole archive.
    book = {
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            entries.push((entry.name().to_string(), data));
        }
        entries.push(("xl/media/padding.xml".into(), padding));
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        zip(&refs)
    };
    assert!(book.len() < 2 * 1024 * 1024, "{} bytes", book.len());
    let err = rows_from_bytes(&book, "bomb.xlsx").unwrap_err();
    assert!(matches!(err, ReadError::UnpacksTooLarge { .. }), "{err:?}");
    assert_eq!(err.code(), "unpacks_too_large");
    assert!(err.message(Lang::Zh).contains("解压后超过 512 MB"));
}

#[test]
fn workbooks_kakou_does_not_read_are_named_with_what_to_do() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0xFF);
    let xlsb = zip(&[("xl/workbook.bin", b"\x83\x01\x00")]);
    let ods = zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    for (bytes, name, format) in [
        (&ole, "旧台账.xls", OtherFormat::OleWorkbook),
        (&xlsb, "台账.xlsb", OtherFormat::Xlsb),
        (&ods, "台账.ods", OtherFormat::Ods),
    ] {
        let err = rows_from_bytes(bytes, name).unwrap_err();
        let ReadError::SaveAsXlsx { format: got, .. } = &err else {
            panic!("{name}: {err:?}");
        };
        assert_eq!(*got, format);
        assert_eq!(err.code(), "save_as_xlsx");
        assert!(err.message(Lang::En).contains("save it as .xlsx"), "{err}");
        assert!(err.message(Lang::Zh).contains("另存为 .xlsx"), "{err}");
    }
    let photos = zip(&[("photos/1.jpg", b"\xFF\xD8\xFF")]);
    let err = rows_from_bytes(&photos, "台账.xlsx").unwrap_err();
    assert!(
        err.to_string().contains("a zip archive, not a workbook"),
        "{err}"
    );
}

/// Runs `read_rows` on another thread so that a reader that waits on a
/// FIFO fails this test instead of hanging the test run.
fn read_rows_or_hang(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let (done, result) = mpsc::channel();
    let path = path.to_owned();
    std::thread::spawn(move || done.send(read_rows(&path)).unwrap());
    result
        .recv_timeout(Duration::from_secs(60))
        .expect("read_rows waited on the file instead of refusing it")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ledger.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = read_rows_or_hang(&fifo).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::NotAFile {
                kind: FileKind::Pipe,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "not_a_file");
    assert!(err.message(Lang::Zh).contains("管道"), "{err}");
    assert!(err.message(Lang::En).contains("a pipe (FIFO), not a file"));
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_once() {
    let err = read_rows_or_hang(Path::new("/dev/zero")).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::NotAFile {
                kind: FileKind::Device,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.message(Lang::Zh).contains("设备"), "{err}");
}

#[test]
fn a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_rows(dir.path()).unwrap_err();
    assert!(err.message(Lang::En).contains("is a folder"), "{err}");
}

#[test]
fn a_ledger_file_reads_through_the_path_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    std::fs::write(&path, xlsx(&[(0, 0, "姓名"), (1, 0, "张三")])).unwrap();
    assert_eq!(read_rows(&path).unwrap(), vec![vec!["姓名"], vec!["张三"]]);
}
