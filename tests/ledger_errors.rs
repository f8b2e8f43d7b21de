//! Broken ledgers through the real command line against a real store: each
//! is refused with a clear, specific error and leaves the store exactly as
//! it was. A GBK-encoded CSV, as Excel on Chinese Windows saves it, imports.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{counts, id_number, init, json_lines, run, run_ok, store_dump};

const HEADER: &str = "楼栋,单元,房号,姓名,身份证号,联系电话,类别,户状态";

/// A store with a household, its people and their passes, so that "nothing
/// changed" is checked against something.
fn populated_store(dir: &Path) -> PathBuf {
    let db = dir.join("gate.db");
    init(&db);
    let ledger = dir.join("good.csv");
    std::fs::write(
        &ledger,
        format!(
            "{HEADER}\n3,2,501,张三,{},13800138000,居民,正常\n3,2,501,李梅,{},,租户,\n",
            id_number(1),
            id_number(2)
        ),
    )
    .unwrap();
    run_ok(&db, &["import", "residents", ledger.to_str().unwrap()], "");
    let out = run(&db, &["pass", "issue", "--all"], "");
    assert!(out.status.success());
    assert_eq!(counts(&db), (1, 2, 2));
    db
}

/// Imports `file` with `--lang lang`, checks that it was refused and that
/// the store did not change, and returns what kakou said.
fn refused(db: &Path, file: &Path, lang: &str) -> (Output, String) {
    let before = store_dump(db);
    let out = run(
        db,
        &[
            "--lang",
            lang,
            "import",
            "residents",
            file.to_str().unwrap(),
        ],
        "",
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !out.status.success(),
        "{} was accepted: {}",
        file.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        store_dump(db),
        before,
        "{} changed the store",
        file.display()
    );
    (out, stderr)
}

#[test]
fn wrong_headers_name_the_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let file = dir.path().join("wrong.csv");
    std::fs::write(
        &file,
        format!("名字,证件,类型\n张三,{},居民\n", id_number(3)),
    )
    .unwrap();
    let (out, err) = refused(&db, &file, "en");
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("required columns are missing"), "{err}");
    for column in ["姓名", "身份证号", "地址 或 楼栋+单元+房号"] {
        assert!(err.contains(column), "{column} not named: {err}");
    }
    let (_, err) = refused(&db, &file, "zh");
    assert!(err.contains("缺少必需的列"), "{err}");
}

#[test]
fn an_empty_file_and_a_file_with_only_headers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let (_, err) = refused(&db, &empty, "en");
    assert!(err.contains("no header row"), "{err}");
    let (_, err) = refused(&db, &empty, "zh");
    assert!(err.contains("文件是空的"), "{err}");

    let headers_only = dir.path().join("headers.xlsx");
    common::write_xlsx(
        &headers_only,
        &[HEADER.split(',').map(String::from).collect()],
    );
    let (_, err) = refused(&db, &headers_only, "en");
    assert!(err.contains("has a header but no people"), "{err}");
    let (_, err) = refused(&db, &headers_only, "zh");
    assert!(err.contains("只有表头"), "{err}");
}

#[test]
fn duplicated_id_numbers_name_the_row_and_column_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let file = dir.path().join("dup.csv");
    let twice = id_number(7);
    std::fs::write(
        &file,
        format!("{HEADER}\n1,1,101,赵一,{twice},,居民,\n1,1,101,赵二,{twice},,居民,\n"),
    )
    .unwrap();
    for (lang, words) in [
        ("en", "appears more than once"),
        ("zh", "证件号码在文件中重复出现"),
    ] {
        let (out, err) = refused(&db, &file, lang);
        assert_eq!(out.status.code(), Some(1));
        let problems = json_lines(&out);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p["row"], 3);
        assert_eq!(p["column"], "身份证号");
        // The number is shown masked: error lines are personal data too.
        assert_eq!(p["value"], kakou_core::domain::mask_document_number(&twice));
        assert!(!String::from_utf8_lossy(&out.stdout).contains(&twice));
        assert_eq!(p["reason"], "duplicate");
        assert!(p["message"].as_str().unwrap().contains(words), "{p}");
        let summary = if lang == "en" {
            "nothing was imported"
        } else {
            "未导入任何数据"
        };
        assert!(err.contains(summary), "{err}");
    }
}

#[test]
fn a_wrong_check_digit_is_named_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let good = id_number(9);
    let last = good.chars().last().unwrap();
    let wrong_check = if last == '0' { '1' } else { '0' };
    let bad = format!("{}{wrong_check}", &good[..17]);
    let file = dir.path().join("bad-id.xlsx");
    common::write_xlsx(
        &file,
        &[
            HEADER.split(',').map(String::from).collect(),
            ["1", "1", "101", "钱三", &id_number(10), "", "居民", ""]
                .map(String::from)
                .to_vec(),
            ["1", "1", "101", "钱四", &bad, "", "居民", ""]
                .map(String::from)
                .to_vec(),
        ],
    );
    let (out, _) = refused(&db, &file, "en");
    let problems = json_lines(&out);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["row"], 3);
    assert_eq!(problems[0]["column"], "身份证号");
    assert_eq!(problems[0]["reason"], "bad_checksum");
    let (out, _) = refused(&db, &file, "zh");
    let message = json_lines(&out)[0]["message"].as_str().unwrap().to_string();
    assert!(message.contains("校验"), "{message}");
}

#[test]
fn a_picture_named_xlsx_and_random_bytes_named_csv_are_not_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let png = dir.path().join("台账.xlsx");
    let mut picture = Vec::new();
    image::GrayImage::new(8, 8)
        .write_to(
            &mut std::io::Cursor::new(&mut picture),
            image::ImageFormat::Png,
        )
        .unwrap();
    std::fs::write(&png, &picture).unwrap();
    let (out, err) = refused(&db, &png, "en");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("is not a spreadsheet") && err.contains("PNG image"),
        "{err}"
    );
    let (_, err) = refused(&db, &png, "zh");
    assert!(
        err.contains("不是 kakou 能读的表格") && err.contains("PNG 图片"),
        "{err}"
    );

    // The same bytes every run: a fixed linear congruential sequence.
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    let csv = dir.path().join("noise.csv");
    std::fs::write(&csv, &noise).unwrap();
    let (out, err) = refused(&db, &csv, "en");
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("is not a spreadsheet"), "{err}");

    // A file named .xlsx that is plain text (renamed CSV) is not read as CSV.
    let renamed = dir.path().join("renamed.xlsx");
    std::fs::write(&renamed, format!("{HEADER}\n")).unwrap();
    let (_, err) = refused(&db, &renamed, "en");
    assert!(err.contains("the name says .xlsx"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let huge = dir.path().join("huge.csv");
    // A sparse file: its size is what counts, and it takes no disk space.
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(kakou::ledger::MAX_FILE_MB * 1024 * 1024 + 1)
        .unwrap();
    drop(file);
    let (out, err) = refused(&db, &huge, "en");
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("larger than 50 MB"), "{err}");
    let (_, err) = refused(&db, &huge, "zh");
    assert!(err.contains("超过 50 MB"), "{err}");
}

#[test]
fn a_gbk_csv_from_chinese_excel_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let text = format!(
        "{HEADER}\n3,2,501,张三,{},13800138000,居民,正常\n3,2,501,李梅,{},,租户,\n5,1,302,欧阳修,{},,返乡,居家隔离\n",
        id_number(1),
        id_number(2),
        id_number(11)
    );
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the test file must really be GBK"
    );
    let file = dir.path().join("gbk.csv");
    std::fs::write(&file, &gbk).unwrap();
    let out = run_ok(&db, &["import", "residents", file.to_str().unwrap()], "");
    let summary = &json_lines(&out)[0]["summary"];
    assert_eq!(summary["people_added"], 1);
    assert_eq!(summary["people_unchanged"], 2);
    assert_eq!(counts(&db), (2, 3, 2));
    // The names arrived as Chinese, not as mojibake.
    let dump = store_dump(&db);
    assert!(dump.contains("欧阳修"), "{dump}");
    assert!(
        dump.contains("home_quarantine"),
        "the household status was read"
    );
}
