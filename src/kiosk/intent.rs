//! Everything the volunteer, the lead, the camera or the clock can ask of
//! the kiosk. The UI thread turns taps into intents; the controller on the
//! worker thread carries them out.

use kakou_core::domain::{Answers, Direction, HouseholdStatus};
use kakou_core::lang::Lang;
use kakou_core::pass::RevocationReason;
use kakou_core::sync::schedule::Link;
use kakou_core::validate::Field;
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::view::LeadPage;

/// Where intents go: to the worker thread, or straight to a controller in
/// tests.
pub type IntentSink = std::rc::Rc<dyn Fn(Intent)>;

/// The registration form as typed, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationInput {
    pub vehicle: bool,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub plate: String,
    pub from: String,
    pub visiting: String,
    /// Index into the vehicle kinds in the order of the form's buttons.
    pub kind_index: usize,
    pub occupants: u32,
}

/// What the lead records for a supply item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyAction {
    In,
    Out,
    /// The amount counted on the shelf, which corrects the stock.
    Count,
}

/// What the sync thread last found, as plain data for the controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSeen {
    pub link: Link,
    /// Why the latest round did not complete, when a person must act
    /// (an unreachable district is said by `link` alone).
    pub problem: Option<SyncProblem>,
}

/// Why the district and this terminal do not sync, for the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncProblem {
    /// `kakou enroll` has not been run for this store.
    NotEnrolled,
    /// Anything else a person must act on (a refusal, another community,
    /// an unreadable certificate, a store error), as `app` words it in
    /// both languages.
    Other { zh: String, en: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// A pass text from the camera, the USB scanner or the manual field.
    Scan(String),
    /// Demo mode: scan one of the demo community's cards (the given one,
    /// or the next in turn).
    DemoScan(Option<usize>),
    SetDirection(Direction),
    StartRegistration {
        vehicle: bool,
    },
    /// The volunteer typed in a registration field: validate it as typed,
    /// and look up the household for "visiting".
    FieldEdited {
        field: Field,
        text: String,
    },
    SubmitRegistration(RegistrationInput),
    Release {
        answers: Answers,
        temperature: String,
    },
    Refuse,
    Cancel,
    Remeasure(String),
    Refer,
    Acknowledge,
    /// Once a second: timeouts and the re-measure countdown.
    Tick,
    OpenLead,
    PinSubmit(String),
    CloseLead,
    Search(String),
    SetHouseholdStatus(String, HouseholdStatus),
    Revoke(String, RevocationReason),
    SignIn(String),
    SignOut,
    /// The lead opens a page of the lead screen.
    LeadPage(LeadPage),
    /// A supplies movement as typed: the item, what to record, the
    /// keypad's text and the note.
    Supply {
        item: i64,
        action: SupplyAction,
        quantity: String,
        note: String,
    },
    /// The lead turns the voice prompts on or off.
    VoiceEnabled(bool),
    /// The lead sets the volume (0–100).
    VoiceVolume(u8),
    /// The lead plays a prompt to hear the volume.
    VoiceTest,
    SetLanguage(Lang),
    /// The camera thread's state changed.
    Camera(CameraStatus),
    /// The cameras present changed.
    CameraDevices(Vec<CameraInfo>),
    /// The lead's "switch camera".
    NextCamera,
    /// The camera thread's running totals, once a second.
    CameraCounters(ScanCounters),
    /// The sync thread finished a round.
    Sync(SyncSeen),
    /// The lead's 立即同步.
    SyncNow,
    /// The lead shows the ID number and phone of one recent passage's
    /// visitor or driver in full (audited).
    Unmask(String),
}

impl Intent {
    /// Whether this is the lead's own doing on the lead screen, which
    /// keeps it from locking itself. The clock's ticks and the camera's
    /// reports are not.
    pub fn touches_lead_screen(&self) -> bool {
        matches!(
            self,
            Intent::Search(_)
                | Intent::SetHouseholdStatus(..)
                | Intent::Revoke(..)
                | Intent::SignIn(_)
                | Intent::SignOut
                | Intent::LeadPage(_)
                | Intent::Supply { .. }
                | Intent::VoiceEnabled(_)
                | Intent::VoiceVolume(_)
                | Intent::VoiceTest
                | Intent::SetLanguage(_)
                | Intent::NextCamera
                | Intent::SyncNow
                | Intent::Unmask(_)
        )
    }
}
