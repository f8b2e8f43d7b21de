//! Looking up the facts the gate flow needs about whoever is at the gate.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use rusqlite::Connection;

use kakou_core::domain::{HouseholdRef, canonical_address};
use kakou_core::gate::{GateConfig, HouseholdFacts, Identity, PassFacts, VehicleForm, VisitorForm};
use kakou_core::pass::{self, KeyRole, PassClaims, TrustList, TrustedKey, Verification};

use super::{AppError, Settings, Terminal};
use crate::store::{StoreError, households, keys, meta};

/// Answers "who is this?" from the store, for one community.
pub struct Lookup<'a> {
    conn: &'a Connection,
    settings: &'a Settings,
    config: &'a GateConfig,
}

impl<'a> Lookup<'a> {
    pub fn new(terminal: &'a Terminal) -> Lookup<'a> {
        Lookup {
            conn: terminal.store().conn(),
            settings: terminal.settings(),
            config: terminal.config(),
        }
    }

    /// The trust list as stored. Entries that do not form a valid list (a
    /// damaged row) are reported rather than silently dropped.
    pub fn trust_list(&self) -> Result<TrustList, AppError> {
        let keys = keys::trusted(self.conn)?
            .into_iter()
            .map(|k| TrustedKey {
                key_id: k.key_id,
                community: k.community,
                public_key: k.public_key,
                role: k.role,
            })
            .collect();
        TrustList::new(keys).map_err(|e| StoreError::Damaged(format!("trust list: {e}")).into())
    }

    /// Verifies a pass text for this community on `day`.
    pub fn verify(&self, text: &str, day: NaiveDate) -> Result<Verification, AppError> {
        let revoked = keys::revoked(self.conn)?;
        Ok(pass::verify(
            text,
            &self.trust_list()?,
            &self.settings.community,
            |key_id, serial| revoked.contains(&(key_id, serial)),
            day,
        ))
    }

    /// Verifies a scanned pass and gathers its holder's household facts.
    pub fn pass(&self, text: &str, now: DateTime<FixedOffset>) -> Result<Identity, AppError> {
        Ok(self.read_pass(text, now)?.0)
    }

    /// [`Lookup::pass`], also giving the claims when they are authentic, for
    /// a screen that shows the card's dates and number.
    pub fn read_pass(
        &self,
        text: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<(Identity, Option<PassClaims>), AppError> {
        let today = now.date_naive();
        let verification = self.verify(text, today)?;
        // Claims nobody vouches for (unknown key, bad signature) are not
        // written into the register as if they were the holder's.
        let authentic = verification.claims_are_authentic();
        let claims = verification.claims.filter(|_| authentic);
        // The pass names its household by the issuing store's number under
        // its own key, which every gate of the community shares.
        let household = match &claims {
            Some(c) => self.household(
                HouseholdRef {
                    key_id: self.household_key(c.key_id)?,
                    number: c.household_ref,
                },
                now,
            )?,
            None => None,
        };
        let identity = Identity::Pass(PassFacts {
            check: verification.check,
            key_id: claims.as_ref().map(|c| c.key_id),
            serial: claims.as_ref().map(|c| c.serial),
            category: claims.as_ref().map(|c| c.effective_category(today)),
            holder: claims.as_ref().map(|c| c.holder.clone()),
            household,
        });
        Ok((identity, claims))
    }

    /// The key under which a pass's household number was given. A pink
    /// pass from the district is signed by the community's visitor key but
    /// names the visited household by its number under the community's
    /// issuing key (a pass has room for one key id), so for a visitor key
    /// that is the issuing key this store took as its community's.
    fn household_key(&self, signer: u32) -> Result<u32, AppError> {
        let is_visitor_key = keys::trusted(self.conn)?
            .iter()
            .any(|k| k.key_id == signer && k.role == KeyRole::Visitor);
        if !is_visitor_key {
            return Ok(signer);
        }
        Ok(meta::community_key_id(self.conn)?.unwrap_or(signer))
    }

    pub fn visitor(
        &self,
        form: VisitorForm,
        now: DateTime<FixedOffset>,
    ) -> Result<Identity, AppError> {
        let visited = self.visited(&form.visiting, now)?;
        Ok(Identity::Visitor(form, visited))
    }

    pub fn vehicle(
        &self,
        form: VehicleForm,
        now: DateTime<FixedOffset>,
    ) -> Result<Identity, AppError> {
        let visited = self.visited(&form.visiting, now)?;
        Ok(Identity::Vehicle(form, visited))
    }

    /// The household a visitor names, when the words match one; an unknown
    /// address is no error (the volunteer phones the household).
    fn visited(
        &self,
        said: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<HouseholdFacts>, AppError> {
        if said.trim().is_empty() {
            return Ok(None);
        }
        match households::by_address(self.conn, &canonical_address(said))? {
            Some(row) => self.household(row.household.reference, now),
            None => Ok(None),
        }
    }

    /// A household's status, quota and the exits it made in the quota window
    /// (today and the `days - 1` days before).
    pub fn household(
        &self,
        reference: HouseholdRef,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<HouseholdFacts>, AppError> {
        let Some(row) = households::by_reference(self.conn, reference)? else {
            return Ok(None);
        };
        let quota = row.quota.or(self.config.exit_quota);
        let exits_in_window = match quota {
            Some(q) if q.days > 0 => {
                let first_day = now
                    .date_naive()
                    .checked_sub_days(Days::new(u64::from(q.days - 1)))
                    .unwrap_or(now.date_naive());
                households::exits_since(self.conn, reference, first_day)?
            }
            _ => 0,
        };
        Ok(Some(HouseholdFacts {
            reference,
            address: row.household.address,
            status: row.household.status,
            quota: row.quota,
            exits_in_window,
        }))
    }
}
