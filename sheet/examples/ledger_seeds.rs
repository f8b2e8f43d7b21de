//! Writes the seed corpus of the `ledger_read` fuzz target
//! (`fuzz/fuzz_targets/ledger_read.rs`): small ledgers as CSV (UTF-8 with
//! and without a BOM, GBK), as xlsx, and as bare worksheet XML, which the
//! target wraps in an xlsx package itself (shared strings after a NUL).
//! Everything is made here, nothing is copied from elsewhere.
//!
//!   cargo run -p kakou-sheet --example ledger_seeds -- fuzz/corpus/ledger_read

use std::path::Path;

use kakou_core::ledger::Column;
use kakou_core::validate::check_character;

/// A valid mainland ID number born on `born` (YYYYMMDD) in Chaoyang, Beijing.
fn id_number(born: &str, sequence: u32) -> String {
    let first17 = format!("110105{born}{sequence:03}");
    let check = check_character(&first17).expect("17 digits");
    format!("{first17}{check}")
}

fn ledger_rows() -> Vec<Vec<String>> {
    let header = [
        Column::Building,
        Column::Unit,
        Column::Room,
        Column::Address,
        Column::Name,
        Column::IdNumber,
        Column::Phone,
        Column::Category,
        Column::Status,
        Column::ReturnedOn,
    ]
    .map(|c| c.headers()[0].to_string())
    .to_vec();
    let row = |cells: [&str; 10]| cells.map(str::to_string).to_vec();
    let (a, b, c) = (
        id_number("19491231", 2),
        id_number("19900307", 123),
        id_number("19800101", 1),
    );
    vec![
        header,
        row([
            "3",
            "2",
            "501",
            "",
            "张三",
            &a,
            "13800138000",
            "居民",
            "正常",
            "",
        ]),
        row(["3", "2", "501", "", "李梅", &b, "", "租户", "", ""]),
        row([
            "",
            "",
            "",
            "王家村三组",
            "王五",
            &c,
            "13912345678",
            "返乡",
            "居家隔离",
            "2026-11-20",
        ]),
        // A duplicated ID and a wrong check character: rows the parser refuses.
        row(["5", "1", "302", "", "赵六", &a, "", "居民", "", ""]),
        row([
            "5",
            "1",
            "302",
            "",
            "钱七",
            "110105198001010010",
            "1380013800",
            "访客",
            "密接",
            "昨天",
        ]),
    ]
}

fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Digits as numbers and a date as a date, as people type them.
            if let (Ok(n), false) = (cell.parse::<f64>(), cell.is_empty()) {
                sheet.write_number(r as u32, c as u16, n).unwrap();
            } else {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 20).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(3, 9, &date, &format)
        .unwrap();
    sheet.write_boolean(6, 0, true).unwrap();
    sheet.write_formula(6, 1, "=1+1").unwrap();
    book.save_to_buffer().unwrap()
}

/// Worksheet XML in the forms writers use: cells with and without
/// references, shared and inline strings, numbers, booleans, errors, ISO
/// dates, a declared dimension.
fn sheet_xml() -> Vec<(&'static str, Vec<u8>)> {
    let main = r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D3"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>类别</t></is></c><c r="D1" t="s"><v>2</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>3栋2单元501</t></is></c><c t="s"><v>3</v></c><c t="str"><v>居民</v></c><c><v>110105194912310021</v></c></row>
<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="d"><v>2026-11-20T00:00:00</v></c><c r="D3" s="1"><v>46000.5</v></c></row>
</sheetData></worksheet>"#;
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>地址</t></si><si><t>姓名</t></si><si><t>身份证号</t></si><si><r><t>张</t></r><r><t>三</t></r></si></sst>"#;
    let mut with_strings = main.as_bytes().to_vec();
    with_strings.push(0);
    with_strings.extend_from_slice(strings.as_bytes());
    let corners = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#;
    vec![
        ("sheet-shared-strings.xml", with_strings),
        ("sheet-inline.xml", main.as_bytes().to_vec()),
        ("sheet-corners.xml", corners.as_bytes().to_vec()),
    ]
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: ledger_seeds OUTPUT_DIR");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create the corpus folder");
    let rows = ledger_rows();
    let text = csv(&rows);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the seed ledger is all GBK characters");
    let mut seeds: Vec<(&str, Vec<u8>)> = vec![
        ("ledger.csv", text.clone().into_bytes()),
        ("ledger-bom.csv", format!("\u{feff}{text}").into_bytes()),
        ("ledger-gbk.csv", gbk.into_owned()),
        (
            "quoted.csv",
            "姓名,地址\n\"张,三\",\"3栋\n2单元\"\n\"say \"\"hi\"\"\",x\n".into(),
        ),
        ("ledger.xlsx", xlsx(&rows)),
    ];
    seeds.extend(sheet_xml());
    for (name, bytes) in seeds {
        std::fs::write(dir.join(name), bytes).expect("write a seed");
    }
}
