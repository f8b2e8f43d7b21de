//! Issue 15's acceptance in a real browser: headless Chromium, with
//! JavaScript turned off, against the real `kakou-district` on
//! 127.0.0.1:0. A lead logs in and opens the dashboard and the household
//! map; a visitor fills in the form on a phone-sized window and gets the
//! pink pass, whose QR code is read back from the screenshot with the
//! project's own decoder and verified with the community's visitor key as
//! a gate pulled it.
//!
//! Screenshots go to `KAKOU_SCREENSHOTS_DIR` when it is set (the README's
//! are made with `KAKOU_SCREENSHOTS_DIR=docs/screenshots`), else to a
//! temporary folder. Without Chromium the test skips with a message,
//! except under CI, where it fails.

mod support;

use std::path::{Path, PathBuf};

use kakou_core::pass::{PassCheck, TrustList, verify};
use kakou_core::sync::events::KeyRole;
use kakou_core::sync::protocol::MasterData;
use support::browser::Browser;
use support::web::{COMMUNITY, LEAD_PASSWORD, district, today};

fn shots() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("KAKOU_SCREENSHOTS_DIR") {
        Some(dir) => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
            std::fs::create_dir_all(&dir).unwrap();
            (dir, None)
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            (tmp.path().to_path_buf(), Some(tmp))
        }
    }
}

fn save(dir: &Path, name: &str, png: &[u8]) -> PathBuf {
    let path = dir.join(format!("district-{name}.png"));
    std::fs::write(&path, png).unwrap();
    path
}

#[test]
fn a_lead_and_a_visitor_use_the_pages_in_a_browser_without_javascript() {
    let Some(browser) = Browser::start(1280, 900) else {
        return;
    };
    let d = district(&[]);
    let (dir, _keep) = shots();
    let base = d.url("");

    // The lead logs in.
    browser.open(&format!("{base}/login"));
    assert!(browser.source().contains("卡口 · 街道后台"));
    save(&dir, "login", &browser.screenshot());
    browser.type_into("input[name=name]", "lead");
    browser.type_into("input[name=password]", LEAD_PASSWORD);
    browser.click("button[type=submit]");
    // Straight to their community's dashboard.
    assert_eq!(browser.url(), format!("{base}/c/{}", d.slug));
    let dashboard = browser.source();
    assert!(dashboard.contains("近七天") && dashboard.contains("北门"));
    assert!(!dashboard.to_ascii_lowercase().contains("<script"));
    save(&dir, "dashboard", &browser.screenshot());

    // The household map, through its tab.
    browser.click("nav.tabs a[href$='/map']");
    assert_eq!(browser.url(), format!("{base}/c/{}/map", d.slug));
    assert!(browser.source().contains("楼盘图"));
    save(&dir, "map", &browser.screenshot());

    // The cross-gate flags: household 6 left at both gates today.
    browser.click("nav.tabs a[href$='/flags']");
    assert!(browser.source().contains("1-1-203（#6）"));
    save(&dir, "flags", &browser.screenshot());

    // Another community's map is refused.
    browser.open(&format!("{base}/c/{}/map", d.other_slug));
    assert!(browser.source().contains("您没有查看这个社区的权限"));

    // A visitor on a phone-sized window.
    browser.resize(430, 1100);
    browser.open(&format!("{base}/v/{}", d.slug));
    assert!(browser.source().contains("访客预约登记"));
    browser.type_into("#f-name", "李四");
    browser.type_into("#f-id_number", "11010519491231002X");
    browser.type_into("#f-phone", "13800138000");
    browser.type_into("#f-from", "朝阳区");
    browser.type_into("#f-visiting", "3-2-501");
    save(&dir, "visitor-form", &browser.screenshot());
    browser.click("button[type=submit]");
    assert!(
        browser.url().starts_with(&format!("{base}/p/")),
        "{}",
        browser.url()
    );
    let pass_page = browser.source();
    assert!(pass_page.contains("李四") && !pass_page.contains("11010519491231002X"));
    let shot = save(&dir, "pass", &browser.screenshot());

    // The pink QR, read back from the screenshot by kakou-scan.
    let decoded = kakou_scan::decode_file(&shot).unwrap();
    assert_eq!(decoded.texts.len(), 1, "one QR code on the pass page");
    let text = &decoded.texts[0];
    assert!(text.starts_with("KK1:"));
    assert_eq!(&d.db.query_texts("SELECT pass FROM visitors")[0], text);

    // A gate of the community pulls the visitor key and verifies it.
    let (changes, _) = d.east.pull_all(0);
    let keys: Vec<_> = changes
        .iter()
        .filter_map(|c| match &c.item {
            MasterData::TrustedKey(k) if k.role == KeyRole::Visitor => k.trusted_key(),
            _ => None,
        })
        .collect();
    let trust = TrustList::new(keys).unwrap();
    let verification = verify(text, &trust, COMMUNITY, |_, _| false, today());
    assert_eq!(verification.check, PassCheck::Ok);
    let claims = verification.claims.unwrap();
    assert_eq!(claims.holder, "李四");
    assert_eq!(claims.category, kakou_core::domain::Category::Visitor);
    eprintln!("screenshots in {}", dir.display());
}

/// The admin's pages, for a person to look at (`KAKOU_SCREENSHOTS_DIR`).
#[test]
fn an_admin_sees_every_community_and_prints_the_poster() {
    let Some(browser) = Browser::start(1280, 900) else {
        return;
    };
    let d = district(&[]);
    let (dir, _keep) = shots();
    let base = d.url("");
    browser.open(&format!("{base}/login"));
    browser.type_into("input[name=name]", "admin");
    browser.type_into("input[name=password]", support::web::ADMIN_PASSWORD);
    browser.click("button[type=submit]");
    assert_eq!(browser.url(), format!("{base}/"));
    let overview = browser.source();
    assert!(overview.contains(COMMUNITY) && overview.contains("东城小区"));
    save(&dir, "overview", &browser.screenshot());
    browser.open(&format!("{base}/c/{}/report", d.slug));
    assert!(browser.source().contains("合计"));
    save(&dir, "report", &browser.screenshot());
    browser.resize(900, 1300);
    browser.open(&format!("{base}/c/{}/poster?checkpoint=东门", d.slug));
    assert!(browser.source().contains("请您提前扫码登记"));
    let shot = save(&dir, "poster", &browser.screenshot());
    let decoded = kakou_scan::decode_file(&shot).unwrap();
    assert_eq!(decoded.texts, [format!("{base}/v/{}", d.slug)]);
}
