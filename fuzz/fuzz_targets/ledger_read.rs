//! Fuzzes the ledger reader: any bytes handed to `kakou import residents`
//! must come back as rows or as an error, never as a panic in our code or
//! an abort, and the rows must then parse or fail as a ledger without one.
//!
//! Each input is tried twice: as a whole file (CSV, xlsx or anything else),
//! and as the XML of a worksheet wrapped in a minimal xlsx package built
//! here, so that mutations reach calamine's sheet parser instead of all
//! failing the zip's checksums. In the second form an optional NUL byte
//! separates the sheet from the shared strings.

#![no_main]

use std::io::Write;

use chrono::NaiveDate;
use kakou_core::lang::Lang;
use kakou_sheet::{MAX_CELLS, rows_from_bytes};
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8], name: &str) {
    match rows_from_bytes(bytes, name) {
        Ok(rows) => {
            let cells: usize = rows.iter().map(Vec::len).sum();
            assert!(cells as u64 <= MAX_CELLS, "{cells} cells came back");
            let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            if let Err(e) = kakou_core::ledger::parse(&rows, Lang::Zh, day) {
                let _ = e.message(Lang::En);
            }
        }
        Err(e) => {
            let _ = (e.code(), e.message(Lang::Zh), e.message(Lang::En));
        }
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A minimal xlsx whose first sheet (and shared strings, after a NUL) are
/// the input; stored, not deflated, so that building it costs little.
fn xlsx_around(data: &[u8]) -> Vec<u8> {
    let (sheet, strings) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let mut entries = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = strings {
        entries.push(("xl/sharedStrings.xml", strings));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(name, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The reader contains panics of the libraries it calls (calamine, zip) on
/// damaged files and reports them as a damaged workbook, as it must: the
/// process lives on. libFuzzer's own hook would abort on those too, so they
/// are let through here, once noted by place; a panic anywhere else, in
/// kakou's code, still aborts and is a crash.
fn contain_library_panics() {
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if place.contains("/registry/src/") {
            let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
            if !seen.contains(&place) {
                eprintln!("contained library panic at {place}: {info}");
                seen.push(place);
            }
            return;
        }
        eprintln!("{info}");
        std::process::abort();
    }));
}

fuzz_target!(init: contain_library_panics(), |data: &[u8]| {
    check(data, "台账.csv");
    check(&xlsx_around(data), "台账.xlsx");
});
