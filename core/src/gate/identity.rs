use crate::domain::{Category, ExitQuota, HouseholdRef, HouseholdStatus};
use crate::pass::PassCheck;

use super::{VehicleForm, VisitorForm};

/// What the shell looked up about a household before the flow decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    pub reference: HouseholdRef,
    pub address: String,
    pub status: HouseholdStatus,
    /// The household's own quota, overriding the community default.
    pub quota: Option<ExitQuota>,
    /// Released exits of this household within the quota window ending now.
    pub exits_in_window: u32,
}

/// A pass as read and verified by the shell, with its holder's household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassFacts {
    pub check: PassCheck,
    /// The key that signed the pass, when the pass was authentic.
    pub key_id: Option<u32>,
    pub serial: Option<u64>,
    /// The colour the pass shows today (a returned pass turns green or blue
    /// once its 14 days are over).
    pub category: Option<Category>,
    pub holder: Option<String>,
    pub household: Option<HouseholdFacts>,
}

/// Who stands at the gate: identified by pass, or registered by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Pass(PassFacts),
    /// A visitor, with the household `visiting` matched to, if any.
    Visitor(VisitorForm, Option<HouseholdFacts>),
    /// A vehicle, with the household `visiting` matched to, if any.
    Vehicle(VehicleForm, Option<HouseholdFacts>),
}
