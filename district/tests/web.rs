//! The web pages (issue 15) through the real binary on 127.0.0.1:0, as a
//! browser without JavaScript sees them: log-in, who may see what, every
//! page's references, the visitor form and its pink pass, the rate limits,
//! the export and its audit.

mod support;

use kakou_core::pass::{PassCheck, TrustList, decode, verify};
use kakou_core::sync::events::KeyRole;
use kakou_core::sync::protocol::MasterData;
use support::web::{
    ADMIN_PASSWORD, Browser, COMMUNITY, District, LEAD_PASSWORD, district, hidden, today,
};

fn logged_in(d: &District, user: &str, password: &str) -> Browser {
    let mut browser = Browser::new(&d.url(""));
    assert_eq!(browser.log_in(user, password), 303, "{user} logs in");
    browser
}

/// Every address a page refers to (`src`, `href`, `action`, CSS `url()`,
/// `@import`) and every `<script`.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in [
        "src=\"",
        "href=\"",
        "action=\"",
        "url(",
        "@import",
        "srcset=\"",
    ] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = rest[i + attr.len()..].trim_start_matches(['\'', '"']);
            let end = rest.find(['"', '\'', ')', ';', ' ']).unwrap_or(rest.len());
            found.push(rest[..end].to_string());
        }
    }
    found
}

/// An address of the page's own origin: a path, a query or a fragment.
fn same_origin(reference: &str) -> bool {
    (reference.starts_with('/') && !reference.starts_with("//"))
        || reference.starts_with('?')
        || reference.starts_with('#')
}

fn assert_own_origin_only(path: &str, html: &str) {
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "{path} has a script"
    );
    for r in references(html) {
        assert!(
            same_origin(&r),
            "{path} refers to `{r}`, not its own origin"
        );
    }
}

#[test]
fn every_page_is_usable_without_script_and_refers_only_to_its_own_origin() {
    let d = district(&[]);
    let mut admin = logged_in(&d, "admin", ADMIN_PASSWORD);
    let slug = d.slug.clone();
    let pages = [
        "/".to_string(),
        format!("/c/{slug}"),
        format!("/c/{slug}/map"),
        format!("/c/{slug}/flags"),
        format!("/c/{slug}/report"),
        format!("/c/{slug}/visitors"),
        format!("/c/{slug}/poster?checkpoint=东门"),
        "/audit".to_string(),
    ];
    for path in &pages {
        let response = admin.get(path);
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{csp}"
        );
        let html = response.text().unwrap();
        assert!(
            html.contains("/assets/kakou.css"),
            "{path} has the stylesheet"
        );
        assert_own_origin_only(path, &html);
    }
    let mut public = Browser::new(&d.url(""));
    for path in [
        "/login".to_string(),
        format!("/v/{slug}"),
        format!("/v/{slug}?lang=en"),
        "/v/nosuchplace".into(),
    ] {
        let (_, html) = public.page(&path);
        assert_own_origin_only(&path, &html);
    }
    // The stylesheet's own references are the bundled fonts, served here.
    let (status, css) = public.page("/assets/kakou.css");
    assert_eq!(status, 200);
    let fonts: Vec<String> = references(&css);
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for font in fonts {
        assert!(same_origin(&font), "{font}");
        let response = public.get(&font);
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "font/otf");
        let bytes = response.bytes().unwrap();
        assert!(
            bytes.len() > 1_000_000 && bytes.starts_with(b"OTTO"),
            "{font}"
        );
    }
    // Staff pages without a log-in lead to the log-in page.
    let response = public.get(&format!("/c/{slug}"));
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
}

#[test]
fn a_lead_sees_only_their_own_community() {
    let d = district(&[]);
    let mut lead = logged_in(&d, "lead", LEAD_PASSWORD);
    let (own, other) = (d.slug.clone(), d.other_slug.clone());
    // The overview sends a lead to their community.
    let response = lead.get("/");
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], format!("/c/{own}").as_str());
    for page in [
        "",
        "/map",
        "/flags",
        "/report",
        "/visitors",
        "/poster",
        "/export.xlsx",
    ] {
        assert_eq!(
            lead.get(&format!("/c/{own}{page}")).status(),
            200,
            "own {page}"
        );
        let response = lead.get(&format!("/c/{other}{page}"));
        assert_eq!(response.status(), 403, "other {page}");
        let html = response.text().unwrap();
        assert!(
            !html.contains("东城小区"),
            "a 403 names nothing of the other community"
        );
    }
    // Leads may not unmask, nor read the audit log.
    let (_, html) = lead.page(&format!("/c/{own}"));
    assert!(!html.contains("下载完整证件号"));
    let csrf = hidden(&html, "csrf");
    let day = today().to_string();
    let response = lead.post(
        &format!("/c/{own}/export.xlsx"),
        &[
            ("csrf", &csrf),
            ("from", &day),
            ("to", &day),
            ("reason", "看看"),
        ],
    );
    assert_eq!(response.status(), 403);
    assert_eq!(lead.get("/audit").status(), 403);
    // A community that does not exist is 404, not 403.
    assert_eq!(lead.get("/c/nosuchslug").status(), 404);
    // The admin sees both.
    let mut admin = logged_in(&d, "admin", ADMIN_PASSWORD);
    for slug in [&own, &other] {
        assert_eq!(admin.get(&format!("/c/{slug}/map")).status(), 200);
    }
}

#[test]
fn the_dashboard_map_and_flags_show_the_week() {
    let d = district(&[]);
    let mut lead = logged_in(&d, "lead", LEAD_PASSWORD);
    let slug = d.slug.clone();
    let (_, dashboard) = lead.page(&format!("/c/{slug}"));
    // 北门 has not reported today; 东门 has.
    let not_reported =
        &dashboard[dashboard.find("未报告").unwrap()..dashboard.find("当日").unwrap()];
    assert!(not_reported.contains("北门") && !not_reported.contains("东门"));
    // The chart: seven groups of two bars, drawn by the server.
    assert_eq!(dashboard.matches("<rect class=\"s").count(), 14);
    let (_, map) = lead.page(&format!("/c/{slug}/map"));
    for building in 1..=5 {
        assert!(map.contains(&format!("{building} 号楼")));
    }
    // Household 14 (1-1-502) is in home quarantine, 15 (1-1-503) a close contact.
    assert!(
        map.contains("title=\"1-1-502 · 居家隔离\""),
        "quarantine room"
    );
    assert!(map.contains("class=\"room st-close_contact\" title=\"1-1-503"));
    assert!(map.contains("王家村三组"), "village groups are listed");
    let (_, flags) = lead.page(&format!("/c/{slug}/flags"));
    let quota = &flags[flags.find("超出外出限额").unwrap()..flags.find("一证多卡口").unwrap()];
    assert!(
        quota.contains("1-1-203（#6）")
            && quota.contains("08:00 东门 出")
            && quota.contains("09:30 北门 出"),
        "{quota}"
    );
    let reuse = &flags[flags.find("一证多卡口").unwrap()..flags.find("同步标记").unwrap()];
    assert!(
        reuse.contains("4242") && reuse.contains("4 分 0 秒"),
        "{reuse}"
    );
}

fn register(
    browser: &mut Browser,
    slug: &str,
    fields: &[(&str, &str)],
) -> reqwest::blocking::Response {
    let (status, form) = browser.page(&format!("/v/{slug}"));
    assert_eq!(status, 200);
    let csrf = hidden(&form, "csrf");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser.post(&format!("/v/{slug}"), &all)
}

#[test]
fn a_visitor_gets_a_pink_pass_the_gates_verify_offline() {
    let d = district(&[]);
    let slug = d.slug.clone();
    let mut phone = Browser::new(&d.url(""));
    let day = today().to_string();
    // Bad fields get the gate's own words, all at once.
    let response = register(
        &mut phone,
        &slug,
        &[
            ("name", ""),
            ("id_number", "110105194912310021"),
            ("phone", "1380013800"),
            ("from", "朝阳区"),
            ("visiting", "3-2-501"),
            ("day", &day),
        ],
    );
    assert_eq!(response.status(), 422);
    let html = response.text().unwrap();
    for message in ["身份证号校验位不对", "手机号应为11位数字"] {
        assert!(html.contains(message), "{message}");
    }
    // An address nobody lives at, and a household in quarantine, are refused.
    for (address, message) in [
        ("9-9-999", "没有找到这个地址的住户"),
        ("1-1-502", "居家隔离"),
    ] {
        let response = register(
            &mut phone,
            &slug,
            &[
                ("name", "李四"),
                ("id_number", "11010519491231002X"),
                ("phone", "13800138000"),
                ("from", "朝阳区"),
                ("visiting", address),
                ("day", &day),
            ],
        );
        assert_eq!(response.status(), 422, "{address}");
        assert!(response.text().unwrap().contains(message), "{address}");
    }
    // A good form: a pink pass at an unguessable address.
    let response = register(
        &mut phone,
        &slug,
        &[
            ("name", "李四"),
            ("id_number", "11010519491231002x"),
            ("phone", "138 0013 8000"),
            ("from", "朝阳区"),
            ("visiting", "3栋2单元501"),
            ("day", &day),
        ],
    );
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let token = location
        .strip_prefix("/p/")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert_eq!(token.len(), 32, "128 random bits");
    let (status, pass_page) = phone.page(&location);
    assert_eq!(status, 200);
    assert!(pass_page.contains("李四") && pass_page.contains("<svg class=\"qr\""));
    for secret in ["11010519491231002X", "13800138000", "0013"] {
        assert!(
            !pass_page.contains(secret),
            "the pass page shows no {secret}"
        );
    }
    assert_eq!(
        phone.get("/p/00000000000000000000000000000000").status(),
        404
    );

    // The pass as stored: a KK1 text signed by the community's visitor key.
    let passes = d.db.query_texts("SELECT pass FROM visitors");
    assert_eq!(passes.len(), 1);
    let text = &passes[0];
    let claims = decode(text).unwrap().claims;
    assert_eq!(claims.category, kakou_core::domain::Category::Visitor);
    assert_eq!(claims.holder, "李四");
    assert_eq!((claims.valid_from, claims.valid_until), (today(), today()));
    // 3-2-501 is household 163 of the scenario's ledger.
    assert_eq!(claims.household_ref, 163);
    // A gate pulls the visitor key and verifies the pass offline.
    let (changes, _) = d.east.pull_all(0);
    let keys: Vec<_> = changes
        .iter()
        .filter_map(|c| match &c.item {
            MasterData::TrustedKey(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let visitor_key = keys
        .iter()
        .find(|k| k.role == KeyRole::Visitor && k.community == COMMUNITY)
        .expect("the community's visitor key flows down");
    assert_eq!(visitor_key.key_id, claims.key_id);
    let trust = TrustList::new(keys.iter().filter_map(|k| k.trusted_key()).collect()).unwrap();
    let check = |day| verify(text, &trust, COMMUNITY, |_, _| false, day).check;
    assert_eq!(check(today()), PassCheck::Ok);
    assert_eq!(check(today().succ_opt().unwrap()), PassCheck::Expired);
    assert_eq!(
        verify(text, &trust, "东城小区", |_, _| false, today()).check,
        PassCheck::OtherCommunity
    );
    // The district keeps the visitor's numbers; its pages mask them.
    assert_eq!(
        d.db.query_texts("SELECT id_number FROM visitors"),
        ["11010519491231002X"]
    );
    let mut lead = logged_in(&d, "lead", LEAD_PASSWORD);
    let (_, visitors) = lead.page(&format!("/c/{slug}/visitors"));
    assert!(visitors.contains("李四") && visitors.contains("138****8000"));
    assert!(!visitors.contains("11010519491231002X") && !visitors.contains("13800138000"));
}

#[test]
fn a_visitor_form_flood_is_rate_limited_per_client_and_per_community() {
    let day = today().to_string();
    let form = |name: &'static str| {
        vec![
            ("name", name),
            ("id_number", "11010519491231002X"),
            ("phone", "13800138000"),
            ("from", "朝阳区"),
            ("visiting", "3-2-501"),
        ]
    };
    // Per client: three registrations, then 429.
    let d = district(&["--visitor-rate-per-client", "3/3600"]);
    let mut phone = Browser::new(&d.url(""));
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let mut fields = form("李四");
        fields.push(("day", &day));
        statuses.push(register(&mut phone, &d.slug, &fields).status().as_u16());
    }
    assert_eq!(statuses, [303, 303, 303, 429, 429, 429]);
    // Refused attempts stored nothing.
    assert_eq!(d.db.query_texts("SELECT count(*) FROM visitors"), ["3"]);
    // Per community: the page takes two, whoever sends them.
    let d = district(&[
        "--visitor-rate-per-client",
        "100/1",
        "--visitor-rate-per-community",
        "2/3600",
    ]);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let mut phone = Browser::new(&d.url(""));
        let mut fields = form("王五");
        fields.push(("day", &day));
        statuses.push(register(&mut phone, &d.slug, &fields).status().as_u16());
    }
    assert_eq!(statuses, [303, 303, 429, 429]);
    // The other community's page is not affected.
    let mut phone = Browser::new(&d.url(""));
    assert_eq!(phone.page(&format!("/v/{}", d.other_slug)).0, 200);
}

#[test]
fn log_in_needs_the_form_token_and_wrong_passwords_are_rate_limited() {
    let d = district(&["--login-rate", "3/3600"]);
    let mut browser = Browser::new(&d.url(""));
    // Without the form's token (another site's form): refused.
    let response = browser.post("/login", &[("name", "admin"), ("password", ADMIN_PASSWORD)]);
    assert_eq!(response.status(), 403);
    let response = browser.post(
        "/login",
        &[
            ("name", "admin"),
            ("password", ADMIN_PASSWORD),
            ("csrf", "0".repeat(64).as_str()),
        ],
    );
    assert_eq!(response.status(), 403);
    // The session cookie is HttpOnly and SameSite=Strict.
    let mut ok = Browser::new(&d.url(""));
    let (_, html) = ok.page("/login");
    let csrf = hidden(&html, "csrf");
    let response = ok.post(
        "/login",
        &[
            ("name", "admin"),
            ("password", ADMIN_PASSWORD),
            ("csrf", &csrf),
        ],
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.starts_with("kakou_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Three wrong passwords, then even the right one waits.
    let statuses: Vec<u16> = (0..3)
        .map(|_| browser.log_in("admin", "wrong-password"))
        .collect();
    assert_eq!(statuses, [401, 401, 401]);
    assert_eq!(browser.log_in("admin", ADMIN_PASSWORD), 429);
    assert_eq!(
        browser.log_in("nobody", "whatever-1"),
        429,
        "the client is held back"
    );
    // Logging out ends the session: the old cookie no longer opens pages.
    let (_, page) = ok.page(&format!("/c/{}", d.slug));
    let csrf = hidden(&page, "csrf");
    assert_eq!(ok.post("/logout", &[("csrf", "wrong")]).status(), 403);
    assert_eq!(ok.post("/logout", &[("csrf", &csrf)]).status(), 303);
    assert_eq!(ok.get(&format!("/c/{}", d.slug)).status(), 303);
}

#[test]
fn the_export_is_masked_unless_an_admin_asks_and_that_is_audited() {
    use calamine::{Reader, Xlsx};
    let d = district(&[]);
    let mut admin = logged_in(&d, "admin", ADMIN_PASSWORD);
    let day = today().to_string();
    let read = |bytes: Vec<u8>| {
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let response = admin.get(&format!("/c/{}/export.xlsx?from={day}&to={day}", d.slug));
    assert_eq!(response.status(), 200);
    let masked = read(response.bytes().unwrap().to_vec());
    assert_eq!(masked[0][8], "证件号");
    let ids: Vec<&String> = masked[1..]
        .iter()
        .map(|r| &r[8])
        .filter(|id| !id.is_empty())
        .collect();
    assert!(!ids.is_empty(), "visitors and drivers have ID numbers");
    assert!(ids.iter().all(|id| id.contains("****")), "{ids:?}");
    assert!(d.db.query_texts("SELECT count(*) FROM audit") == ["0"]);
    // Unmasked: only with the session's form token and a reason; audited.
    let (_, page) = admin.page(&format!("/c/{}", d.slug));
    let csrf = hidden(&page, "csrf");
    let path = format!("/c/{}/export.xlsx", d.slug);
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("csrf", "x"),
                    ("from", &day),
                    ("to", &day),
                    ("reason", "流调")
                ]
            )
            .status(),
        403
    );
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("csrf", &csrf),
                    ("from", &day),
                    ("to", &day),
                    ("reason", " ")
                ]
            )
            .status(),
        400
    );
    let response = admin.post(
        &path,
        &[
            ("csrf", &csrf),
            ("from", &day),
            ("to", &day),
            ("reason", "疾控流调"),
        ],
    );
    assert_eq!(response.status(), 200);
    let full = read(response.bytes().unwrap().to_vec());
    assert_eq!(full.len(), masked.len());
    assert!(full[1..].iter().any(|r| r[8] == "11010519491231002X"));
    let audit = d.db.query_texts("SELECT detail FROM audit");
    assert_eq!(audit.len(), 1);
    assert!(audit[0].contains("疾控流调") && audit[0].contains(&day));
    let (_, audit_page) = admin.page("/audit");
    assert!(audit_page.contains("export_unmasked") && audit_page.contains("疾控流调"));
}

#[test]
fn the_poster_pdf_carries_the_visitor_page_as_a_qr_code() {
    let d = district(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("poster.pdf");
    let run = support::server::admin(
        &d.db.url,
        &[
            "poster",
            "--community",
            COMMUNITY,
            "--checkpoint",
            "东门",
            "--base-url",
            "http://192.0.2.10:8787",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let url = format!("http://192.0.2.10:8787/v/{}", d.slug);
    assert_eq!(run.json_lines()[0]["url"], url.as_str());
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let unknown = support::server::admin(
        &d.db.url,
        &[
            "poster",
            "--community",
            "无名小区",
            "--base-url",
            "http://x",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("community list"));
    // A community made before its first gate enrols has its pages and
    // visitor key at once; making it again changes nothing.
    let added = support::server::admin(&d.db.url, &["community", "add", "新华小区"], "");
    assert_eq!(added.code, 0, "{}", added.stderr);
    let again = support::server::admin(&d.db.url, &["community", "add", "新华小区"], "");
    assert_eq!(added.json_lines(), again.json_lines());
    let (changes, _) = d.east.pull_all(0);
    assert!(changes.iter().any(|c| matches!(&c.item,
        MasterData::TrustedKey(k) if k.community == "新华小区" && k.role == KeyRole::Visitor)));
    // Rendered to pixels, the code reads back as the page's address.
    if !support::browser::tool_available("pdftoppm") {
        return;
    }
    let png = dir.path().join("poster");
    let status = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "100",
            "-singlefile",
            out.to_str().unwrap(),
            png.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let decoded = kakou_scan::decode_file(&dir.path().join("poster.png")).unwrap();
    assert_eq!(decoded.texts, [url]);
}
