//! The whole life of a printed card: a 2,000-person xlsx ledger is imported
//! into a new store, everyone gets a pass, the passes are printed, page 1 is
//! rendered at 300 dpi as a printer would, and every QR code on it is read
//! back with the gate's own decoder and verified.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::{id_number, init, json_lines, run, run_ok, write_xlsx};
use kakou::print::layout;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "艳",
];
/// 38 bytes in UTF-8: a version 8 QR code, the largest a pass needs.
const LONG_NAME: &str = "阿卜杜热合曼·买买提艾力江";

fn ledger(people: usize) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "楼栋",
            "单元",
            "房号",
            "姓名",
            "身份证号",
            "类别",
            "户状态",
            "返乡日期",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for i in 0..people {
        // Three people a household, twelve households a building.
        let household = i / 3;
        let building = household / 12 + 1;
        let unit = household % 12 / 6 + 1;
        let room = (household % 6 / 2 + 1) * 100 + household % 2 + 1;
        let name = if i == 0 {
            LONG_NAME.to_string()
        } else {
            format!(
                "{}{}",
                SURNAMES[i % SURNAMES.len()],
                GIVEN[i / SURNAMES.len() % GIVEN.len()]
            )
        };
        let (category, returned) = match i % 4 {
            1 => ("租户", ""),
            2 => ("返乡", "2026-11-20"),
            _ => ("居民", ""),
        };
        rows.push(vec![
            building.to_string(),
            unit.to_string(),
            room.to_string(),
            name,
            id_number(i),
            category.to_string(),
            "正常".to_string(),
            returned.to_string(),
        ]);
    }
    rows
}

/// Runs `pdftoppm`, which CI installs (poppler-utils); a machine without it
/// cannot run this test, and says so instead of passing quietly.
fn render_page_one(pdf: &Path, png_prefix: &Path) -> std::path::PathBuf {
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(png_prefix)
        .status()
        .expect("pdftoppm runs: install poppler-utils (see README)");
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    png_prefix.with_extension("png")
}

/// The QR texts found on the whole page at once, and in each card's
/// rectangle of the layout cut out of the page on its own.
fn decode_page(png: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let page = kakou_scan::load_gray(png).unwrap();
    let whole = kakou_scan::decode_luma(&page).texts;
    let px = |mm: f32| (mm / 25.4 * 300.0).round() as u32;
    let per_card = (0..layout::CARDS_PER_PAGE)
        .map(|slot| {
            let card = layout::card(slot);
            let cut =
                image::imageops::crop_imm(&page, px(card.x), px(card.y), px(card.w), px(card.h))
                    .to_image();
            kakou_scan::decode_luma(&cut).texts
        })
        .collect();
    (whole, per_card)
}

#[test]
fn two_thousand_people_printed_and_page_one_scans_back_as_valid_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gate.db");
    init(&db);

    let ledger_file = dir.path().join("台账.xlsx");
    write_xlsx(&ledger_file, &ledger(2000));
    let out = run_ok(
        &db,
        &["import", "residents", ledger_file.to_str().unwrap()],
        "",
    );
    assert_eq!(json_lines(&out)[0]["summary"]["people_added"], 2000);

    let out = run_ok(&db, &["pass", "issue", "--all", "--from", "2026-11-01"], "");
    let issued: HashSet<String> = json_lines(&out)
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(issued.len(), 2000);

    let pdf = dir.path().join("cards.pdf");
    let out = run_ok(
        &db,
        &[
            "pass",
            "print",
            "--out",
            pdf.to_str().unwrap(),
            "--date",
            "2026-11-24",
        ],
        "",
    );
    let report = &json_lines(&out)[0];
    assert_eq!(report["cards"], 2000);
    assert_eq!(report["pages"], 250);
    assert_eq!(report["missing_glyphs"], serde_json::json!([]));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let png = render_page_one(&pdf, &dir.path().join("page1"));
    let (whole, per_card) = decode_page(&png);
    // Each card's rectangle of the layout holds exactly one code, so the
    // layout the test cuts by is the one the PDF was drawn with.
    for (slot, found) in per_card.iter().enumerate() {
        assert_eq!(found.len(), 1, "card {slot}: {found:?}");
    }
    let texts: Vec<String> = per_card.into_iter().flatten().collect();
    let distinct: HashSet<&String> = texts.iter().collect();
    assert_eq!(distinct.len(), 8, "decoded {texts:?}");
    // The gate's pipeline may find fewer on a whole page of eight codes,
    // but never one that is not on a card.
    eprintln!("the whole page at once gave {} of 8 codes", whole.len());
    assert!(whole.iter().all(|t| distinct.contains(t)), "{whole:?}");
    for text in &texts {
        assert!(issued.contains(text), "{text} was never issued");
        let out = run(&db, &["pass", "verify", text, "--date", "2026-11-24"], "");
        let verdict = &json_lines(&out)[0];
        assert_eq!(verdict["reason"], "ok", "{text}: {verdict}");
        assert_eq!(out.status.code(), Some(0));
    }
    // Page 1 holds the first household, whose first member has the longest
    // name a pass allows: its version 8 code scanned like the others.
    let holders: Vec<String> = texts
        .iter()
        .map(|t| kakou_core::pass::decode(t).unwrap().claims.holder)
        .collect();
    assert!(holders.iter().any(|h| h == LONG_NAME), "{holders:?}");
}
