//! The phrases every language of the kiosk has.

use chrono::NaiveDate;
use kakou_core::domain::{Category, Direction, HouseholdStatus, Outcome, Reason, VehicleKind};
use kakou_core::pass::{PassCheck, RevocationReason};
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::ops::OpsWords;
use super::sync::SyncWords;

/// The phrases of one language.
pub trait Words: OpsWords + SyncWords + Sync {
    // The gate screen.
    /// The banner's headline and the line under it.
    fn banner_idle(&self, direction: Direction) -> (&'static str, &'static str);
    fn direction(&self, direction: Direction) -> &'static str;
    fn camera_status(&self, status: Option<&CameraStatus>) -> String;
    fn abandoned_and_cancelled(&self) -> &'static str;
    fn store_error_not_saved(&self) -> &'static str;
    fn store_cannot_open(&self) -> &'static str;
    fn call_the_lead(&self) -> &'static str;
    fn no_ledger(&self) -> &'static str;

    // The check and re-measure screens.
    /// The colour name and category printed on the card.
    fn category(&self, category: Category) -> &'static str;
    fn vehicle(&self) -> &'static str;
    fn holder_unknown(&self) -> &'static str;
    fn validity(&self, from: NaiveDate, until: NaiveDate, serial: u64) -> String;
    fn household_status(&self, status: HouseholdStatus) -> &'static str;
    fn lead_alerted(&self) -> &'static str;
    fn visitor_from(&self, from: &str) -> String;
    fn vehicle_detail(&self, kind: VehicleKind, occupants: u32) -> String;
    fn visiting(&self, address: &str) -> String;
    fn visited_not_matched(&self) -> &'static str;
    fn still_resting(&self, seconds: i64) -> String;

    // The registration form.
    fn vehicle_kind(&self, kind: VehicleKind) -> &'static str;
    fn household_found(&self, address: &str, status: HouseholdStatus) -> String;
    fn household_not_found(&self) -> &'static str;
    fn correct_marked_fields(&self) -> &'static str;

    // The outcome screen.
    fn outcome(&self, outcome: Outcome) -> &'static str;
    fn reason(&self, reason: Reason) -> &'static str;
    fn pass_check(&self, check: PassCheck) -> &'static str;
    /// What the volunteer does after a refusal or referral.
    fn advice(&self, outcome: Outcome, reason: Option<Reason>) -> &'static str;

    // The lead screen.
    /// A wrong PIN; `tries_left` more are free of a wait.
    fn wrong_pin(&self, tries_left: u32) -> String;
    /// A PIN typed while the wait after wrong PINs runs: it was not checked.
    fn pin_not_checked(&self) -> &'static str;
    fn type_the_pin(&self) -> &'static str;
    fn no_pin_set(&self) -> &'static str;
    fn report_title(&self, day: NaiveDate) -> String;
    /// A report line's label, for the codes without a prefix.
    fn report_metric(&self, code: &str) -> Option<&'static str>;
    /// The label of a report line's prefix (`people_in_` …).
    fn report_prefix(&self, prefix: &str) -> Option<&'static str>;
    fn category_plural(&self, category: Category) -> &'static str;
    fn total(&self) -> &'static str;
    fn unread_pass(&self) -> &'static str;
    fn visitor_line(&self, name: &str, visiting: &str) -> String;
    fn type_address_first(&self) -> &'static str;
    fn no_household_at(&self, address: &str) -> String;
    fn status_changed(&self, address: &str, status: HouseholdStatus) -> String;
    fn serial_is_digits(&self) -> &'static str;
    fn revocation_reason(&self, reason: RevocationReason) -> &'static str;
    fn revoked(&self, serial: u64, reason: RevocationReason) -> String;
    fn already_revoked(&self, serial: u64) -> String;
    fn unknown_serial(&self, serial: u64) -> String;
    fn no_community_key(&self) -> &'static str;
    fn signed_out(&self) -> &'static str;
    fn nobody_signed_in(&self) -> &'static str;
    fn camera_choice(&self, choice: Option<u32>, present: &[CameraInfo]) -> String;
    fn camera_counts(&self, counters: &ScanCounters) -> String;
    fn camera_reason(&self, reason: &str) -> String;
    fn no_camera_found(&self) -> &'static str;
}
