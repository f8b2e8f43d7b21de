//! The web pages' tests: a district with a week of two communities' data,
//! pushed by real (simulated) gates over HTTP, and browsers that log in.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use kakou_core::domain::{
    Answers, Category, Direction, ExitQuota, HouseholdRef, HouseholdStatus, Outcome, Passage,
    Subject, Temperature,
};
use kakou_core::report;
use kakou_core::sync::Envelope;
use kakou_core::sync::events::{EventBody, GateConfigBody, HouseholdBody, PassageRecord};
use reqwest::blocking::{Client, Response};
use reqwest::redirect::Policy;

use super::db::{Backend, TestDb};
use super::events as ev;
use super::gate::{Gate, install_tls_provider};
use super::server::{Server, admin, enroll_code};

pub const COMMUNITY: &str = "幸福里小区";
pub const OTHER: &str = "东城小区";
pub const ADMIN_PASSWORD: &str = "admin-password-1";
pub const LEAD_PASSWORD: &str = "lead-password-1";
/// The issuing key id of 幸福里小区's households.
pub const KEY: u32 = 7;

/// The gates' local day now (UTC+8, the server's default).
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
}

pub fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<FixedOffset> {
    day.and_hms_opt(h, m, 0)
        .unwrap()
        .and_local_timezone(FixedOffset::east_opt(8 * 3600).unwrap())
        .unwrap()
}

/// The address of household `number` (1..=300): five buildings of two
/// units, ten floors, three rooms a floor; 298..=300 are village groups.
pub fn address(number: u32) -> String {
    match number {
        298 => "王家村一组".into(),
        299 => "王家村二组".into(),
        300 => "王家村三组".into(),
        n => {
            let i = n - 1;
            let building = i / 60 + 1;
            let unit = (i % 60) / 30 + 1;
            let floor = (i % 30) / 3 + 1;
            let room = i % 3 + 1;
            format!("{building}-{unit}-{floor}{room:02}")
        }
    }
}

pub fn status_of(number: u32) -> HouseholdStatus {
    match number {
        14 | 77 => HouseholdStatus::HomeQuarantine,
        15 | 150 => HouseholdStatus::CloseContact,
        16 | 151 | 299 => HouseholdStatus::SecondaryContact,
        n if n % 23 == 0 => HouseholdStatus::Vacant,
        _ => HouseholdStatus::Normal,
    }
}

fn resident(
    when: DateTime<FixedOffset>,
    direction: Direction,
    serial: u64,
    number: u32,
    id: u128,
    checkpoint: &str,
) -> EventBody {
    EventBody::Passage(Box::new(PassageRecord {
        id: ev::uuid7(id),
        checkpoint: checkpoint.into(),
        operator: "王五".into(),
        passage: Passage {
            at: when,
            direction,
            subject: Subject::Pass {
                key_id: Some(KEY),
                serial: Some(serial),
                category: Some(Category::Resident),
                holder: Some("赵六".into()),
                household: Some(HouseholdRef {
                    key_id: KEY,
                    number,
                }),
            },
            temperatures: vec![Temperature(365)],
            answers: Answers::default(),
            outcome: Outcome::Released,
            reason: None,
            alert: None,
        },
    }))
}

/// A running district with its data, an admin (`admin`), a lead of
/// 幸福里小区 (`lead`) and one of 东城小区 (`other_lead`).
pub struct District {
    pub db: TestDb,
    pub server: Server,
    pub east: Gate,
    pub slug: String,
    pub other_slug: String,
}

impl District {
    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }
}

/// How many days of passages the scenario pushes, today included.
pub const DAYS: i64 = 7;

/// Starts a district on SQLite with `extra` serve arguments and fills it.
pub fn district(extra: &[&str]) -> District {
    let db = TestDb::new(Backend::Sqlite);
    let add_user = |args: &[&str], password: &str| {
        let out = admin(&db.url, args, &format!("{password}\n"));
        assert_eq!(out.code, 0, "{}", out.stderr);
    };
    add_user(&["user", "add", "admin", "--role", "admin"], ADMIN_PASSWORD);
    add_user(
        &[
            "user",
            "add",
            "lead",
            "--role",
            "lead",
            "--community",
            COMMUNITY,
        ],
        LEAD_PASSWORD,
    );
    add_user(
        &[
            "user",
            "add",
            "other_lead",
            "--role",
            "lead",
            "--community",
            OTHER,
        ],
        LEAD_PASSWORD,
    );
    let east_code = enroll_code(&db.url, COMMUNITY, "东门");
    let north_code = enroll_code(&db.url, COMMUNITY, "北门");
    let south_code = enroll_code(&db.url, OTHER, "南门");
    let server = Server::start_with(&db.url, extra);
    let base = server.url("");
    let mut east = Gate::enroll(&base, &east_code);
    let mut north = Gate::enroll(&base, &north_code);
    let _south = Gate::enroll(&base, &south_code);

    let today = today();
    let now_ms = Utc::now().timestamp_millis() as u64;
    let mut east_events: Vec<Envelope> = Vec::new();
    let mut north_events: Vec<Envelope> = Vec::new();
    // The issuing store (东门) pushes the ledger's households and its
    // gate's settings.
    east_events.push(east.writer.event(
        &EventBody::GateConfig(GateConfigBody {
            fever_at_tenths: 373,
            rest_seconds: 300,
            exit_quota: None,
        }),
        today,
        now_ms,
    ));
    for number in 1..=300 {
        let quota = (number == 6).then_some(ExitQuota {
            outings: 1,
            days: 2,
        });
        east_events.push(east.writer.event(
            &EventBody::Household(HouseholdBody {
                key_id: KEY,
                number,
                address: address(number),
                status: status_of(number),
                quota,
            }),
            today,
            now_ms,
        ));
    }
    for back in (0..DAYS).rev() {
        let day = today - Duration::days(back);
        let count = 40 + (back as u64 * 17) % 50;
        let mut day_passages = Vec::new();
        for n in 0..count {
            let body = ev::passage_body(n + back as u64 * 1000, day, "东门");
            if let EventBody::Passage(p) = &body {
                day_passages.push(("东门".to_string(), p.passage.clone()));
            }
            east_events.push(east.writer.event(&body, day, now_ms));
        }
        for n in 0..count / 2 + 10 {
            let body = ev::passage_body(20_000 + n + back as u64 * 1000, day, "北门");
            north_events.push(north.writer.event(&body, day, now_ms));
        }
        let report =
            report::daily(day, "东门", &day_passages, Temperature::DEFAULT_FEVER).remove(0);
        east_events.push(east.writer.event(&ev::daily_report(report), day, now_ms));
        if back > 0 {
            let report = report::daily(day, "北门", &[], Temperature::DEFAULT_FEVER).remove(0);
            north_events.push(north.writer.event(&ev::daily_report(report), day, now_ms));
        }
    }
    // Household 6 (quota one outing in two days) leaves at both gates
    // today; pass 4242 goes in at both gates four minutes apart.
    for body in [
        resident(at(today, 8, 0), Direction::Out, 106, 6, 900_001, "东门"),
        resident(at(today, 12, 0), Direction::In, 4242, 40, 900_003, "东门"),
    ] {
        east_events.push(east.writer.event(&body, today, now_ms));
    }
    for body in [
        resident(at(today, 9, 30), Direction::Out, 107, 6, 900_002, "北门"),
        resident(at(today, 12, 4), Direction::In, 4242, 40, 900_004, "北门"),
    ] {
        north_events.push(north.writer.event(&body, today, now_ms));
    }
    east.push_all(&east_events, 500);
    north.push_all(&north_events, 500);

    let communities = admin(&db.url, &["community", "list"], "").json_lines();
    let slug_of = |name: &str| {
        communities
            .iter()
            .find(|c| c["community"] == name)
            .unwrap_or_else(|| panic!("{name} has a community row"))["slug"]
            .as_str()
            .unwrap()
            .to_string()
    };
    District {
        slug: slug_of(COMMUNITY),
        other_slug: slug_of(OTHER),
        db,
        server,
        east,
    }
}

/// A browser without JavaScript: cookies kept by hand, redirects not
/// followed (so the tests see each answer).
pub struct Browser {
    pub client: Client,
    pub cookies: Vec<(String, String)>,
    pub base: String,
}

/// The value of the form field `name="…" value="…"` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in the page"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        install_tls_provider();
        Browser {
            client: Client::builder().redirect(Policy::none()).build().unwrap(),
            cookies: Vec::new(),
            base: base.trim_end_matches('/').to_string(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, response: &Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
    }

    pub fn get(&mut self, path: &str) -> Response {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    /// GETs a page and answers its status and text.
    pub fn page(&mut self, path: &str) -> (u16, String) {
        let response = self.get(path);
        (response.status().as_u16(), response.text().unwrap())
    }

    /// Logs in through the form; answers the status of the POST.
    pub fn log_in(&mut self, name: &str, password: &str) -> u16 {
        let (status, html) = self.page("/login");
        assert_eq!(status, 200);
        let csrf = hidden(&html, "csrf");
        self.post(
            "/login",
            &[("name", name), ("password", password), ("csrf", &csrf)],
        )
        .status()
        .as_u16()
    }
}
