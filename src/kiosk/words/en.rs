//! English, chosen on the lead screen or with `--lang en`.

use chrono::NaiveDate;
use kakou_core::domain::{Category, Direction, HouseholdStatus, Outcome, Reason, VehicleKind};
use kakou_core::pass::{PassCheck, RevocationReason};
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::phrases::Words;

pub struct En;

impl Words for En {
    fn banner_idle(&self, direction: Direction) -> (&'static str, &'static str) {
        match direction {
            Direction::In => (
                "Show your pass and ID card",
                "Entering: scan the pass, or register a visitor or vehicle",
            ),
            Direction::Out => (
                "Show your pass and ID card",
                "Leaving: scan the pass; the household's outings are checked",
            ),
        }
    }

    fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::In => "In",
            Direction::Out => "Out",
        }
    }

    fn camera_status(&self, status: Option<&CameraStatus>) -> String {
        match status {
            None | Some(CameraStatus::Opening) => "Opening the camera…".into(),
            Some(CameraStatus::Live { name }) => format!("Camera: {name}"),
            Some(CameraStatus::Absent) => {
                "No camera found; plug one in and it starts by itself".into()
            }
            Some(CameraStatus::Missing { .. }) => {
                "No camera, or it was unplugged; retrying by itself".into()
            }
            Some(CameraStatus::Unsupported) => "This build has no camera support".into(),
        }
    }

    fn abandoned_and_cancelled(&self) -> &'static str {
        "The last person was left unfinished and is recorded as cancelled"
    }

    fn store_error_not_saved(&self) -> &'static str {
        "Store error, not saved"
    }

    fn store_cannot_open(&self) -> &'static str {
        "Cannot open the store; registration is paused"
    }

    fn call_the_lead(&self) -> &'static str {
        "call the shift lead"
    }

    fn no_ledger(&self) -> &'static str {
        "no ledger"
    }

    fn category(&self, category: Category) -> &'static str {
        match category {
            Category::Resident => "Green · Resident",
            Category::Tenant => "Blue · Tenant",
            Category::Returned => "Red · Returned",
            Category::Visitor => "Pink · Visitor",
        }
    }

    fn vehicle(&self) -> &'static str {
        "Vehicle"
    }

    fn holder_unknown(&self) -> &'static str {
        "(holder unknown)"
    }

    fn validity(&self, from: NaiveDate, until: NaiveDate, serial: u64) -> String {
        format!("Valid {from} – {until} · No. {serial}")
    }

    fn household_status(&self, status: HouseholdStatus) -> &'static str {
        match status {
            HouseholdStatus::Normal => "Household: normal",
            HouseholdStatus::CloseContact => "Household: close contact — nobody may leave",
            HouseholdStatus::SecondaryContact => "Household: secondary contact — watch",
            HouseholdStatus::HomeQuarantine => "Household: home quarantine — nobody may leave",
            HouseholdStatus::Vacant => "Household: vacant",
        }
    }

    fn lead_alerted(&self) -> &'static str {
        "(the lead is alerted)"
    }

    fn visitor_from(&self, from: &str) -> String {
        format!("From {from}")
    }

    fn vehicle_detail(&self, kind: VehicleKind, occupants: u32) -> String {
        format!("{} · occupants {occupants}", self.vehicle_kind(kind))
    }

    fn visiting(&self, address: &str) -> String {
        format!("Visiting {address}")
    }

    fn visited_not_matched(&self) -> &'static str {
        "Visited household not matched"
    }

    fn still_resting(&self, seconds: i64) -> String {
        format!("Still resting: measure again in {seconds} s")
    }

    fn vehicle_kind(&self, kind: VehicleKind) -> &'static str {
        match kind {
            VehicleKind::Delivery => "Delivery",
            VehicleKind::Courier => "Courier",
            VehicleKind::ResidentCar => "Resident's car",
            VehicleKind::Emergency => "Emergency/official",
            VehicleKind::Other => "Other",
        }
    }

    fn household_found(&self, address: &str, status: HouseholdStatus) -> String {
        format!(
            "Household found: {address} · {}",
            self.household_status(status)
        )
    }

    fn household_not_found(&self) -> &'static str {
        "No such household: registration is allowed; phone the household"
    }

    fn correct_marked_fields(&self) -> &'static str {
        "Correct the fields marked in red, then submit again"
    }

    fn outcome(&self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Released => "Released",
            Outcome::Refused => "Refused",
            Outcome::Referred => "Referred",
            Outcome::Cancelled => "Cancelled",
        }
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::Fever => "Fever on two readings",
            Reason::Symptoms => "Fever, cough or fatigue reported",
            Reason::Travel14d => "Travelled outside in the last 14 days",
            Reason::Contact14d => "Contact with a confirmed or suspected case in 14 days",
            Reason::HouseholdQuarantine => "The household is in home quarantine",
            Reason::HouseholdCloseContact => "The household is a close-contact household",
            Reason::ExitQuota => "The household has used its outings",
            Reason::Pass(check) => self.pass_check(check),
            Reason::Operator => "Decided by the volunteer",
            Reason::Timeout => "Cancelled after no input",
        }
    }

    fn pass_check(&self, check: PassCheck) -> &'static str {
        match check {
            PassCheck::Ok => "Pass valid",
            PassCheck::Malformed => "Not a kakou pass (unreadable code)",
            PassCheck::BadSignature => "The pass was altered or forged",
            PassCheck::UnknownKey => "Pass signed by an unknown key",
            PassCheck::NotYetValid => "The pass is not valid yet",
            PassCheck::Expired => "The pass has expired",
            PassCheck::Revoked => "The pass was reported lost or revoked",
            PassCheck::OtherCommunity => "A pass of another community: register as a visitor",
        }
    }

    fn advice(&self, outcome: Outcome, reason: Option<Reason>) -> &'static str {
        match (outcome, reason) {
            (Outcome::Referred, _) => {
                "Call the shift lead and take the person to the medical point; keep them in the waiting area"
            }
            (
                Outcome::Refused,
                Some(Reason::HouseholdQuarantine | Reason::HouseholdCloseContact),
            ) => {
                "No outings during quarantine; for supplies or emergencies call the community office"
            }
            (Outcome::Refused, Some(Reason::ExitQuota)) => {
                "Come back another day, within the household's outings"
            }
            (Outcome::Refused, Some(Reason::Pass(PassCheck::Revoked | PassCheck::Expired))) => {
                "Get a new pass at the community office; meanwhile register as a visitor"
            }
            (Outcome::Refused, Some(Reason::Pass(_))) => {
                "Check the ID card and register as a visitor"
            }
            _ => "",
        }
    }

    fn wrong_pin(&self, tries_left: u32) -> String {
        match tries_left {
            0 => "Wrong PIN".into(),
            1 => "Wrong PIN: one more before a wait".into(),
            n => format!("Wrong PIN: {n} more before a wait"),
        }
    }

    fn pin_not_checked(&self) -> &'static str {
        "Not checked during the wait"
    }

    fn type_the_pin(&self) -> &'static str {
        "Type the PIN first"
    }

    fn no_pin_set(&self) -> &'static str {
        "No lead PIN yet: run `kakou lead-pin` on this terminal"
    }

    fn report_title(&self, day: NaiveDate) -> String {
        format!("Today's report {day}")
    }

    fn report_metric(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "zero_report" => "Zero report",
            "passages" => "Passages",
            "fever_readings" => "Fever readings",
            "vehicle_occupants" => "Vehicle occupants",
            "cancelled" => "Cancelled",
            "alerts" => "Quarantine alerts",
            _ => return None,
        })
    }

    fn report_prefix(&self, prefix: &str) -> Option<&'static str> {
        Some(match prefix {
            "people_in_" => "In · ",
            "people_out_" => "Out · ",
            "refused_" => "Refused · ",
            "referred_" => "Referred · ",
            "vehicles_" => "Vehicles · ",
            _ => return None,
        })
    }

    fn category_plural(&self, category: Category) -> &'static str {
        match category {
            Category::Resident => "residents",
            Category::Tenant => "tenants",
            Category::Returned => "returned",
            Category::Visitor => "visitors",
        }
    }

    fn total(&self) -> &'static str {
        "total"
    }

    fn unread_pass(&self) -> &'static str {
        "unread pass"
    }

    fn visitor_line(&self, name: &str, visiting: &str) -> String {
        format!("{name} · to {visiting}")
    }

    fn type_address_first(&self) -> &'static str {
        "Type the address first, e.g. 3-2-501"
    }

    fn no_household_at(&self, address: &str) -> String {
        format!("No household at {address}")
    }

    fn status_changed(&self, address: &str, status: HouseholdStatus) -> String {
        format!("{address} → {}", self.household_status(status))
    }

    fn serial_is_digits(&self) -> &'static str {
        "The number is the digits printed on the card"
    }

    fn revocation_reason(&self, reason: RevocationReason) -> &'static str {
        match reason {
            RevocationReason::Lost => "lost",
            RevocationReason::Moved => "moved out",
            RevocationReason::Damaged => "damaged",
            RevocationReason::Replaced => "replaced",
            RevocationReason::Other => "other",
        }
    }

    fn revoked(&self, serial: u64, reason: RevocationReason) -> String {
        format!(
            "Pass {serial} revoked ({}); this gate refuses it now",
            self.revocation_reason(reason)
        )
    }

    fn already_revoked(&self, serial: u64) -> String {
        format!("Pass {serial} was already revoked")
    }

    fn unknown_serial(&self, serial: u64) -> String {
        format!("No pass numbered {serial}: this terminal never issued it")
    }

    fn no_community_key(&self) -> &'static str {
        "This gate has not imported its community's bundle yet and does not know the community's key"
    }

    fn signed_out(&self) -> &'static str {
        "Signed out"
    }

    fn nobody_signed_in(&self) -> &'static str {
        "Nobody was signed in"
    }

    fn camera_choice(&self, choice: Option<u32>, present: &[CameraInfo]) -> String {
        match choice {
            None => "Automatic (first camera that works)".into(),
            Some(index) => match present.iter().find(|c| c.index == index) {
                Some(camera) => format!("{index} · {}", camera.name),
                None => format!("{index} · not connected"),
            },
        }
    }

    fn camera_counts(&self, c: &ScanCounters) -> String {
        format!(
            "{} frames, {} with a code, {} bad frames, {} decoder failures",
            c.frames, c.decoded, c.frame_errors, c.panics
        )
    }

    fn camera_reason(&self, reason: &str) -> String {
        format!("Reason: {reason}")
    }

    fn no_camera_found(&self) -> &'static str {
        "No camera found"
    }
}
