//! `kakou roster import|export` and the supplies part of `kakou report
//! daily`, end to end through the binary.

mod common;

use chrono::DateTime;
use kakou::app::{Terminal, roster, supplies};
use kakou_core::lang::Lang;
use kakou_core::supplies::Request;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use common::{json_lines, run, run_ok};

fn init(db: &std::path::Path) {
    run_ok(
        db,
        &["init", "--community", "幸福里", "--checkpoint", "东门"],
        "",
    );
}

/// A roster as an office types it in Excel: weekday words, a date cell,
/// and times as time cells.
fn office_roster() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let time = Format::new().set_num_format("hh:mm");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, header) in ["日期/星期", "开始时间", "结束时间", "值班人员", "负责人"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    // (day, start (h, m), end (h, m), volunteers, lead); times as Excel
    // time cells, the way an office writes them.
    type Row<'a> = (&'a str, (u16, u8), (u16, u8), &'a str, &'a str);
    let rows: [Row; 3] = [
        ("每天", (0, 0), (8, 0), "赵一、钱二", "孙三"),
        ("每天", (8, 0), (16, 0), "李四、周五", "吴六"),
        ("2026-11-28", (16, 0), (23, 30), "陈十", ""),
    ];
    for (r, (day, start, end, people, lead)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        if day.starts_with("2026") {
            let d = ExcelDateTime::from_ymd(2026, 11, 28).unwrap();
            sheet.write_datetime_with_format(r, 0, &d, &date).unwrap();
        } else {
            sheet.write_string(r, 0, *day).unwrap();
        }
        for (col, (h, m)) in [(1, start), (2, end)] {
            let t = ExcelDateTime::from_hms(*h, *m, 0).unwrap();
            sheet.write_datetime_with_format(r, col, &t, &time).unwrap();
        }
        sheet.write_string(r, 3, *people).unwrap();
        sheet.write_string(r, 4, *lead).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_roster_imports_from_excel_and_exports_to_a_sheet_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let sheet = dir.path().join("排班表.xlsx");
    std::fs::write(&sheet, office_roster()).unwrap();
    let out = run_ok(&db, &["roster", "import", sheet.to_str().unwrap()], "");
    assert_eq!(json_lines(&out)[0]["shifts"], 3);
    let imported = roster::load(&Terminal::open(&db).unwrap()).unwrap();
    assert_eq!(imported.shifts()[2].slot.label(), "16:00–23:30");

    let export = dir.path().join("out.xlsx");
    let out = run_ok(
        &db,
        &["roster", "export", "--out", export.to_str().unwrap()],
        "",
    );
    assert!(json_lines(&out)[0]["bytes"].as_u64().unwrap() > 0);
    // Never over an existing file without --force, never over the store.
    let again = run(
        &db,
        &["roster", "export", "--out", export.to_str().unwrap()],
        "",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let over_store = run(
        &db,
        &["roster", "export", "--out", db.to_str().unwrap(), "--force"],
        "",
    );
    assert_eq!(over_store.status.code(), Some(2));
    run_ok(
        &db,
        &[
            "roster",
            "export",
            "--out",
            export.to_str().unwrap(),
            "--force",
        ],
        "",
    );
    // The export imports back to the same roster.
    run_ok(&db, &["roster", "import", export.to_str().unwrap()], "");
    assert_eq!(
        roster::load(&Terminal::open(&db).unwrap()).unwrap(),
        imported
    );
}

#[test]
fn a_bad_roster_lists_every_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "日期/星期,开始时间,结束时间,值班人员,负责人\n每天,08:00,16:00,李四,吴六\n",
    )
    .unwrap();
    run_ok(&db, &["roster", "import", good.to_str().unwrap()], "");
    let before = roster::load(&Terminal::open(&db).unwrap()).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "日期/星期,开始时间,结束时间,值班人员,负责人\n\
         每天,08:00,16:00,李四,吴六\n\
         工作日,12:00,20:00,周五,\n\
         每天,25:30,20:00,郑七,\n",
    )
    .unwrap();
    let out = run(&db, &["roster", "import", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "the answer is no");
    let problems = json_lines(&out);
    let reasons: Vec<&str> = problems
        .iter()
        .map(|p| p["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"overlap"), "{reasons:?}");
    assert!(reasons.contains(&"bad_time"), "{reasons:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the roster was not imported"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(roster::load(&Terminal::open(&db).unwrap()).unwrap(), before);
    // Chinese too, with the same codes.
    let zh = run(
        &db,
        &["--lang", "zh", "roster", "import", bad.to_str().unwrap()],
        "",
    );
    assert!(String::from_utf8_lossy(&zh.stderr).contains("排班表未导入"));
}

#[test]
fn the_daily_report_carries_the_supplies_once_they_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);
    let day = ["report", "daily", "--date", "2026-11-25"];
    assert_eq!(
        json_lines(&run_ok(&db, &day, "")).len(),
        1,
        "no supplies yet"
    );
    let mut terminal = Terminal::open(&db).unwrap();
    let masks = supplies::supplies(&mut terminal, Lang::En).unwrap().items[0].id;
    let at = DateTime::parse_from_rfc3339("2026-11-25T08:00:00+08:00").unwrap();
    supplies::record(&mut terminal, masks, Request::In(200), at, "Li", "").unwrap();
    supplies::record(&mut terminal, masks, Request::Out(30), at, "Li", "").unwrap();
    drop(terminal);
    let lines = json_lines(&run_ok(&db, &day, ""));
    assert_eq!(lines.len(), 2);
    let first = &lines[1]["supplies"][0];
    assert_eq!(first["name"], "masks");
    assert_eq!(
        (&first["received"], &first["issued"], &first["closing"]),
        (&200.into(), &30.into(), &170.into())
    );
    let csv = run_ok(
        &db,
        &["report", "daily", "--date", "2026-11-25", "--format", "csv"],
        "",
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.contains("2026-11-25,东门,supplies.masks.closing,170"),
        "{csv}"
    );
}
