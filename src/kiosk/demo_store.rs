//! The kiosk's demo: the bundled demo community with passes valid today, a
//! known lead PIN, and a handful of cards for the "模拟扫码" button that
//! show each kind of gate decision.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Days, NaiveDate};

use kakou_core::domain::{Category, HouseholdStatus};

use crate::app::issuing::{IssuedPass, issue};
use crate::app::lead;
use crate::demo;
use crate::issuing_key;
use crate::store::{Store, households, passes, people};

/// The lead PIN of the demo store, shown on the PIN screen in demo mode.
pub const DEMO_PIN: &str = "1234";

/// How long the demo's passes are valid from the day they are issued.
const PASS_DAYS: u32 = 90;

/// Opens the demo store at `db`, building it when absent (what was
/// registered in an earlier demo session is kept), issues passes valid on
/// `today` when there are none, and returns the store and the demo cards.
pub fn prepare(db: &Path, today: NaiveDate) -> Result<(Store, Vec<String>)> {
    let mut store = if db.exists() {
        Store::open(db)?
    } else {
        demo::setup(db)?
    };
    let settings = store.settings()?;
    if settings.community != demo::params()?.community {
        anyhow::bail!(
            "{} is not a demo store; run the kiosk without --demo to use it",
            db.display()
        );
    }
    if passes::holders_valid_on(store.conn(), today)?.is_empty() {
        let key = issuing_key::load(&issuing_key::path_for(db))
            .context("the demo store's issuing key")?;
        let from = today.checked_sub_days(Days::new(7)).unwrap_or(today);
        let issued_at = format!("{today}T06:00:00+08:00");
        store.write(|tx| {
            let everyone = people::active(tx)?;
            issue(tx, &key, &everyone, from, PASS_DAYS, &issued_at)
                .map_err(|e| crate::store::StoreError::Damaged(e.to_string()))?;
            Ok(())
        })?;
    }
    if lead::check_pin(&store, DEMO_PIN)? == lead::PinCheck::NotSet {
        lead::set_pin(&mut store, DEMO_PIN)?;
    }
    let cards = demo_cards(&mut store, today)?;
    Ok((store, cards))
}

/// One card of each kind the volunteer should see: green, blue and red
/// cards of ordinary households, a member of a quarantined household, and a
/// card reported lost.
fn demo_cards(store: &mut Store, today: NaiveDate) -> Result<Vec<String>> {
    let (valid, revoked) = current_passes(store, today)?;
    let status_of = |household: &str| -> Result<HouseholdStatus> {
        Ok(households::by_address(store.conn(), household)?
            .map(|h| h.household.status)
            .unwrap_or_default())
    };
    let mut cards = Vec::new();
    let mut lost = None;
    for wanted in [Category::Resident, Category::Tenant, Category::Returned] {
        let mut normal = valid.iter().filter(|p| p.category == wanted);
        if let Some(p) =
            normal.find(|p| status_of(&p.address).ok() == Some(HouseholdStatus::Normal))
        {
            cards.push(p.text.clone());
        }
        if wanted == Category::Resident {
            lost = normal
                .find(|p| status_of(&p.address).ok() == Some(HouseholdStatus::Normal))
                .cloned();
        }
    }
    if let Some(p) = valid
        .iter()
        .find(|p| status_of(&p.address).ok() == Some(HouseholdStatus::HomeQuarantine))
    {
        cards.push(p.text.clone());
    }
    // The lost card of an earlier demo session is shown again rather than
    // another card being revoked at every start.
    match (revoked.into_iter().next(), lost) {
        (Some(p), _) => cards.push(p.text),
        (None, Some(p)) => {
            let now = chrono::DateTime::parse_from_rfc3339(&format!("{today}T06:00:00+08:00"))?;
            lead::revoke(store, p.serial, "lost", now)?;
            cards.push(p.text);
        }
        (None, None) => {}
    }
    Ok(cards)
}

/// The passes whose dates cover `today`, as the card register has them:
/// those in force, and those revoked.
fn current_passes(store: &Store, today: NaiveDate) -> Result<(Vec<IssuedPass>, Vec<IssuedPass>)> {
    let mut valid = Vec::new();
    let mut revoked = Vec::new();
    for row in passes::all(store.conn())? {
        if row.valid_from > today || row.valid_until < today {
            continue;
        }
        let Some(person) = people::by_id(store.conn(), row.person_id)? else {
            continue;
        };
        let Some(home) = households::by_id(store.conn(), person.person.household_id)? else {
            continue;
        };
        let list = if row.revoked.is_some() {
            &mut revoked
        } else {
            &mut valid
        };
        list.push(IssuedPass {
            serial: row.serial,
            holder: person.person.name,
            category: person.person.category,
            address: home.household.address,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            text: row.text,
        });
    }
    Ok((valid, revoked))
}
