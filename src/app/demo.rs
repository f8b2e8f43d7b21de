//! The bundled demo community (`demo/`, written by
//! `cargo run -p kakou-core --example make_demo`): a ledger, one day of gate
//! traffic and the outcomes that day must have. `kakou demo` replays the
//! day; `kakou kiosk --demo` opens the same community with passes valid
//! today and a handful of cards for the "模拟扫码" button.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use ed25519_dalek::SigningKey;
use serde::Deserialize;

use kakou_core::domain::{Category, ExitQuota, HouseholdStatus};
use kakou_core::lang::Lang;
use kakou_core::ledger;
use kakou_core::pass::{RevocationReason, TrustedKey};

use super::issuing::issue;
use super::ledger_apply::apply;
use super::replay::{ResultLine, read_expected, replay};
use super::setup::{InitOptions, init};
use super::{AppError, GateSession, Terminal, lead_pin, revocation, roster, supplies};
use crate::store::{StoreError, households, issuing_key, keys, passes, people};

pub const LEDGER: &str = include_str!("../../demo/ledger.csv");
pub const SCENARIO: &str = include_str!("../../demo/scenario.jsonl");
pub const EXPECTED: &str = include_str!("../../demo/expected.jsonl");
/// The demo checkpoint's duty roster, with two gaps the lead screen shows
/// (Saturday evening without a lead, Sunday evening without a shift).
pub const ROSTER: &str = include_str!("../../demo/roster.csv");
const PARAMS: &str = include_str!("../../demo/demo.json");

/// The lead PIN of the demo store, shown on the PIN screen in demo mode.
pub const DEMO_PIN: &str = "1234";

/// How long the kiosk demo's passes are valid from the day they are issued.
const PASS_DAYS: u32 = 90;

/// The demo's settings, as the generator wrote them.
#[derive(Debug, Deserialize)]
pub struct DemoParams {
    pub community: String,
    pub checkpoint: String,
    pub neighbour: String,
    pub day: NaiveDate,
    pub exit_quota: String,
    pub issuing_key_seed: String,
    pub neighbour_key_seed: String,
    pub revoked_serials: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the bundled demo is broken: {0}")]
    Broken(String),
    #[error("{0} exists and is not a demo store; refusing to replace it")]
    NotADemo(PathBuf),
    #[error("cannot remove the old demo store {path}: {source}")]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> DemoError {
        DemoError::App(e.into())
    }
}

pub fn params() -> Result<DemoParams, DemoError> {
    serde_json::from_str(PARAMS).map_err(|e| DemoError::Broken(format!("demo.json: {e}")))
}

fn key_from_hex(hex: &str) -> Result<SigningKey, DemoError> {
    let broken = || DemoError::Broken(format!("key seed `{hex}`"));
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect::<Option<_>>()
        .ok_or_else(broken)?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| broken())?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Removes an earlier demo store at `db` (only a file whose settings say it
/// is the demo's) and builds a fresh one: the community, its ledger, the
/// neighbour's key and the revocations of the demo day.
pub fn setup(db: &Path) -> Result<Terminal, DemoError> {
    let p = params()?;
    if db.exists() {
        let is_demo = Terminal::open_as_stored(db)
            .map(|t| t.settings().community == p.community)
            .unwrap_or(false);
        if !is_demo {
            return Err(DemoError::NotADemo(db.to_path_buf()));
        }
        for suffix in ["", "-wal", "-shm", ".issuing-key"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            let path = PathBuf::from(name);
            if path.exists() {
                std::fs::remove_file(&path).map_err(|source| DemoError::Remove { path, source })?;
            }
        }
    }
    let options = InitOptions {
        community: p.community.clone(),
        checkpoint: p.checkpoint.clone(),
        exit_quota: Some(
            p.exit_quota
                .parse::<ExitQuota>()
                .map_err(DemoError::Broken)?,
        ),
        rest_seconds: None,
    };
    let created = DateTime::parse_from_rfc3339(&format!("{}T05:00:00+08:00", p.day))
        .map_err(|e| DemoError::Broken(e.to_string()))?;
    let mut terminal = init(db, &options, &key_from_hex(&p.issuing_key_seed)?, created)
        .map_err(|e| DemoError::Broken(e.to_string()))?;
    let rows = csv_rows(LEDGER, "ledger.csv")?;
    let parsed = ledger::parse(&rows, Lang::Zh, p.day)
        .map_err(|e| DemoError::Broken(format!("ledger.csv: {e:?}")))?;
    let neighbour = TrustedKey::new(
        p.neighbour.clone(),
        &key_from_hex(&p.neighbour_key_seed)?.verifying_key(),
    );
    let imported_at = format!("{}T05:00:00+08:00", p.day);
    let revoked: Vec<u64> = p
        .revoked_serials
        .iter()
        .map(|s| {
            s.parse()
                .map_err(|_| DemoError::Broken(format!("serial {s}")))
        })
        .collect::<Result<_, _>>()?;
    let key_id = key_from_hex(&p.issuing_key_seed)?.verifying_key();
    let key_id = kakou_core::pass::key_id_for(&key_id.to_bytes());
    let terminal_id = terminal.settings().terminal_id.clone();
    terminal.store_mut().write(|tx| {
        apply(tx, key_id, &terminal_id, &parsed, &imported_at)?;
        keys::trust(
            tx,
            &keys::TrustedKeyRow {
                key_id: neighbour.key_id,
                community: neighbour.community.clone(),
                public_key: neighbour.public_key,
                role: neighbour.role,
            },
        )?;
        for serial in &revoked {
            keys::revoke(
                tx,
                key_id,
                *serial,
                RevocationReason::Lost.code(),
                &imported_at,
            )?;
        }
        Ok(())
    })?;
    Ok(terminal)
}

/// The demo day replayed: every result, and the differences from the
/// expected outcomes (none when the flow is right).
pub struct DemoDay {
    pub day: NaiveDate,
    pub results: Vec<ResultLine>,
    pub problems: Vec<String>,
    pub session: GateSession,
}

/// Builds a fresh demo store at `db` and replays the demo day through the
/// real flow and store, handing each result to `done` as it is committed.
pub fn replay_day(
    db: &Path,
    done: impl FnMut(&ResultLine) -> std::io::Result<()>,
) -> Result<DemoDay, DemoError> {
    let terminal = setup(db)?;
    let mut session = GateSession::open(terminal, "demo");
    let results = replay(&mut session, SCENARIO.as_bytes(), done)
        .map_err(|e| DemoError::Broken(format!("replaying the demo day: {e}")))?;
    let expected =
        read_expected(EXPECTED).map_err(|e| DemoError::Broken(format!("expected.jsonl: {e}")))?;
    let problems = super::replay::compare(&results, &expected);
    Ok(DemoDay {
        day: params()?.day,
        results,
        problems,
        session,
    })
}

/// The kiosk's demo: opens the demo store at `db`, building it when absent
/// (what was registered in an earlier demo session is kept), issues passes
/// valid on `today` when there are none, sets the demo PIN, and returns the
/// terminal with one card of each kind for the "模拟扫码" button.
pub fn prepare_kiosk(db: &Path, today: NaiveDate) -> Result<(Terminal, Vec<String>), DemoError> {
    let mut terminal = if db.exists() {
        Terminal::open_as_stored(db)?
    } else {
        setup(db)?
    };
    if terminal.settings().community != params()?.community {
        return Err(DemoError::NotADemo(db.to_path_buf()));
    }
    if passes::holders_valid_on(terminal.store().conn(), today)?.is_empty() {
        let key = issuing_key::load(&issuing_key::path_for(db)).map_err(AppError::from)?;
        let from = today.checked_sub_days(Days::new(7)).unwrap_or(today);
        let issued_at = format!("{today}T06:00:00+08:00");
        terminal.store_mut().write(|tx| {
            let everyone = people::active(tx)?;
            issue(tx, &key, &everyone, from, PASS_DAYS, &issued_at)
                .map_err(|e| StoreError::Damaged(e.to_string()))?;
            Ok(())
        })?;
    }
    if !lead_pin::is_set(&terminal)? {
        lead_pin::set(&mut terminal, DEMO_PIN)?;
    }
    stock_the_checkpoint(&mut terminal, today)?;
    let cards = demo_cards(&mut terminal, today)?;
    Ok((terminal, cards))
}

/// The demo's roster and the supplies it received that morning, once: a
/// store that has a roster or a movement keeps what the visitor did with it.
fn stock_the_checkpoint(terminal: &mut Terminal, today: NaiveDate) -> Result<(), DemoError> {
    if roster::load(terminal)?.is_empty() {
        let rows = csv_rows(ROSTER, "roster.csv")?;
        roster::import_rows(terminal, &rows, Lang::Zh)
            .map_err(|e| DemoError::Broken(format!("roster.csv: {e}")))?;
    }
    if supplies::recent(terminal, 1)?.is_empty() {
        let items = supplies::supplies(terminal, Lang::Zh)?.items;
        let morning = DateTime::parse_from_rfc3339(&format!("{today}T06:00:00+08:00"))
            .map_err(|e| DemoError::Broken(e.to_string()))?;
        // Gloves and disinfectant start below their thresholds.
        let received = [500, 30, 4, 3, 12, 20, 15];
        for (item, quantity) in items.iter().zip(received) {
            let request = kakou_core::supplies::Request::In(quantity);
            supplies::record(terminal, item.id, request, morning, "街道办", "")
                .map_err(|e| DemoError::Broken(format!("demo supplies: {e}")))?;
        }
    }
    Ok(())
}

fn csv_rows(text: &str, name: &str) -> Result<Vec<Vec<String>>, DemoError> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.map(|rec| rec.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| DemoError::Broken(format!("{name}: {e}")))
}

/// A demo card: its text, category and household status.
struct DemoPass {
    serial: u64,
    text: String,
    category: Category,
    status: HouseholdStatus,
    revoked: bool,
}

/// One card of each kind the volunteer should see, in this order: green,
/// blue and red cards of ordinary households, a member of a quarantined
/// household, and a card reported lost (`kiosk --walk` counts on it).
fn demo_cards(terminal: &mut Terminal, today: NaiveDate) -> Result<Vec<String>, DemoError> {
    let current = current_passes(terminal, today)?;
    let normal = |p: &&DemoPass| !p.revoked && p.status == HouseholdStatus::Normal;
    let mut cards = Vec::new();
    for wanted in [Category::Resident, Category::Tenant, Category::Returned] {
        if let Some(p) = current.iter().filter(normal).find(|p| p.category == wanted) {
            cards.push(p.text.clone());
        }
    }
    if let Some(p) = current
        .iter()
        .find(|p| !p.revoked && p.status == HouseholdStatus::HomeQuarantine)
    {
        cards.push(p.text.clone());
    }
    // The lost card of an earlier demo session is shown again rather than
    // another card being revoked at every start.
    if let Some(p) = current.iter().find(|p| p.revoked) {
        cards.push(p.text.clone());
    } else if let Some(p) = current
        .iter()
        .filter(normal)
        .filter(|p| p.category == Category::Resident)
        .nth(1)
    {
        let now: DateTime<FixedOffset> =
            DateTime::parse_from_rfc3339(&format!("{today}T06:00:00+08:00"))
                .map_err(|e| DemoError::Broken(e.to_string()))?;
        revocation::revoke(terminal, p.serial, RevocationReason::Lost, now)?;
        cards.push(p.text.clone());
    }
    Ok(cards)
}

/// The passes whose dates cover `today`, with what the demo needs to pick.
fn current_passes(terminal: &Terminal, today: NaiveDate) -> Result<Vec<DemoPass>, DemoError> {
    let conn = terminal.store().conn();
    let mut found = Vec::new();
    for row in passes::all(conn)? {
        if row.valid_from > today || row.valid_until < today {
            continue;
        }
        let Some(person) = people::by_id(conn, row.person_id)? else {
            continue;
        };
        let Some(home) = households::by_id(conn, person.person.household_id)? else {
            continue;
        };
        found.push(DemoPass {
            serial: row.serial,
            text: row.text,
            category: person.person.category,
            status: home.household.status,
            revoked: row.revoked.is_some(),
        });
    }
    Ok(found)
}
