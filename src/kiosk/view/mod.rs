//! What the kiosk shows, as plain data. The controller (on the worker
//! thread) produces a [`View`]; the UI thread copies it into the Slint
//! adapters. Keeping it `Send` and free of Slint types is what lets the
//! store work happen off the UI thread.

mod lead;

use kakou_core::domain::Category;
use kakou_core::lang::Lang;
use kakou_core::validate::Field;

pub use lead::{
    ChartBar, ChartView, InsideLine, InsideView, LeadPage, LeadView, PassageLine, RosterCell,
    RosterRow, RosterView, SuppliesView, SupplyLine, VoiceView,
};

/// The screens of ui/adapters.slint, mirrored so the controller does not
/// depend on generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScreenId {
    #[default]
    Gate,
    Check,
    Remeasure,
    Visitor,
    Outcome,
    Pin,
    Lead,
    /// No store at `--db` and no `--demo`: what to do first.
    FirstRun,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    pub screen: ScreenId,
    /// Bumped whenever a new person's inputs must start empty (the answer
    /// toggles, the keypad, the registration form).
    pub inputs_generation: u64,
    pub app: AppView,
    pub gate: GateView,
    pub check: CheckView,
    pub remeasure: RemeasureView,
    pub visitor: VisitorView,
    pub outcome: OutcomeView,
    pub lead: LeadView,
    pub first_run: FirstRunView,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppView {
    pub demo: bool,
    /// The district answered the latest round.
    pub online: bool,
    /// Sync in a few words: the link, the last sync, what waits.
    pub sync_note: String,
    pub data_as_of: String,
    pub checkpoint: String,
    pub volunteer: String,
    pub lang: Lang,
    /// The camera to read from (`None`: the first that works). The UI side
    /// restarts the camera thread when this changes.
    pub camera: Option<u32>,
    /// Why the voice prompts will not be heard (no audio device, turned
    /// off); empty while they play.
    pub voice_note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateView {
    pub banner: String,
    pub banner_detail: String,
    pub direction_in: bool,
    pub count_in: u32,
    pub count_out: u32,
    pub count_fever: u32,
    pub count_refused: u32,
    pub camera_status: String,
    /// Frames are coming in: the viewfinder shows them instead of the status.
    pub camera_live: bool,
    pub scan_error: String,
}

/// What stands at the gate, for the colour of the check screen's band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Band {
    /// A pass that could not be read, or nothing yet.
    #[default]
    Unknown,
    Card(Category),
    Vehicle,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckView {
    pub holder: String,
    pub category_label: String,
    pub band: Band,
    pub address: String,
    pub household_status: String,
    pub household_alert: bool,
    pub validity: String,
    pub error: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemeasureView {
    pub first_reading: String,
    pub seconds_left: i64,
    pub error: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitorView {
    pub vehicle: bool,
    pub id_masked: String,
    pub visiting_match: String,
    /// The fields with an error, worded in the UI language.
    pub errors: Vec<(Field, String)>,
    pub form_error: String,
}

impl VisitorView {
    pub fn error(&self, field: Field) -> &str {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
            .unwrap_or("")
    }

    pub fn set_error(&mut self, field: Field, error: Option<String>) {
        self.errors.retain(|(f, _)| *f != field);
        if let Some(error) = error {
            self.errors.push((field, error));
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeView {
    pub released: bool,
    pub title: String,
    pub reason: String,
    pub advice: String,
    pub holder: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstRunView {
    /// Where the kiosk looked for its store.
    pub db: String,
    /// The same path as one word for a shell, for the commands shown.
    pub db_arg: String,
}
