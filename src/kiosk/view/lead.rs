//! What the lead screen shows, page by page: today (the report, the chart
//! of the day, recent passages), the roster week and sign-in, supplies,
//! who is inside, and the settings (household status, revocation, camera,
//! voice, language).

/// The lead screen's pages, mirrored from ui/adapters.slint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadPage {
    #[default]
    Today,
    Roster,
    Supplies,
    Inside,
    Settings,
}

impl LeadPage {
    pub const ALL: [LeadPage; 5] = [
        LeadPage::Today,
        LeadPage::Roster,
        LeadPage::Supplies,
        LeadPage::Inside,
        LeadPage::Settings,
    ];

    /// The page's code in the .slint files.
    pub fn code(self) -> &'static str {
        match self {
            LeadPage::Today => "today",
            LeadPage::Roster => "roster",
            LeadPage::Supplies => "supplies",
            LeadPage::Inside => "inside",
            LeadPage::Settings => "settings",
        }
    }

    pub fn from_code(code: &str) -> Option<LeadPage> {
        LeadPage::ALL.into_iter().find(|p| p.code() == code)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassageLine {
    /// The passage's id, for the lead's unmask button.
    pub id: String,
    pub time: String,
    pub who: String,
    /// A visitor's or driver's ID number and phone, masked unless the lead
    /// unmasked this passage; empty for a resident's pass.
    pub numbers: String,
    /// The numbers are masked and there is something to show.
    pub can_unmask: bool,
    pub direction: String,
    pub outcome: String,
    pub released: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadView {
    pub page: LeadPage,
    pub pin_error: String,
    /// Seconds before a PIN will be checked again, after wrong PINs (0: now).
    pub pin_wait: i64,
    // Today.
    pub report_title: String,
    pub zero_report: bool,
    pub report: Vec<(String, String)>,
    pub recent: Vec<PassageLine>,
    pub chart: ChartView,
    /// What needs the lead's eye: supplies running low, people inside past
    /// the day's end. One sentence each.
    pub alerts: Vec<String>,
    /// Sync with the district, for the lead, with what to do when stuck.
    pub sync_note: String,
    /// 立即同步 can be pressed (enrolled, a sync thread, no round asked for).
    pub can_sync: bool,
    /// Why the lead's unmask did not show anything.
    pub unmask_error: String,
    // Settings.
    pub household_result: String,
    pub revoke_result: String,
    /// The chosen camera, worded.
    pub camera_choice: String,
    /// Frames read, codes found, decoder failures contained, bad frames.
    pub camera_counts: String,
    /// The cameras present, one line each.
    pub cameras: Vec<String>,
    /// Why the camera is missing, as the system said it (for the lead to
    /// pass on to whoever fixes it).
    pub camera_note: String,
    pub voice: VoiceView,
    // The other pages.
    pub roster: RosterView,
    pub supplies: SuppliesView,
    pub inside: InsideView,
}

/// The day's passages per hour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartView {
    /// 24 bars, midnight first.
    pub bars: Vec<ChartBar>,
    /// The tallest bar's total, which the drawing scales to (at least 1).
    pub scale: u32,
    /// The day's total and busiest hour, worded.
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartBar {
    pub hour: u8,
    /// What a screen reader calls the bar ("09时").
    pub label: String,
    pub released: u32,
    /// Refused, referred and cancelled.
    pub stopped: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoiceView {
    pub enabled: bool,
    pub volume: u8,
}

/// This week's roster as a grid: the slots down, the days across.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterView {
    pub title: String,
    /// The seven column headings, Monday first.
    pub days: Vec<String>,
    pub rows: Vec<RosterRow>,
    /// Every gap of the week, worded with its day.
    pub gaps: Vec<String>,
    /// Who the roster has on duty now.
    pub on_duty: String,
    /// No roster was imported: the grid is empty and this says how to.
    pub missing: String,
    pub shift_result: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterRow {
    /// `08:00–16:00`.
    pub slot: String,
    /// Seven cells, Monday first.
    pub cells: Vec<RosterCell>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterCell {
    /// What a screen reader calls the cell ("周三 08:00–16:00").
    pub label: String,
    /// The volunteers, or what is missing.
    pub people: String,
    /// The slot's lead, worded; empty when there is none.
    pub lead: String,
    /// A gap: nobody, no lead, or no shift at all in this slot that day.
    pub gap: bool,
    pub today: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppliesView {
    pub items: Vec<SupplyLine>,
    /// The last movement recorded, or why it was refused.
    pub result: String,
    pub refused: bool,
    /// Counts recorded movements, so the form empties after each one.
    pub recorded: u64,
    /// The latest movements, newest first, one line each.
    pub recent: Vec<String>,
}

/// One item with its day (the supplies part of the daily report).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplyLine {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub on_hand: u32,
    pub low_at: u32,
    pub low: bool,
    pub opening: u32,
    pub received: u32,
    pub issued: u32,
    /// The day's corrections with their sign ("−10"), empty without any.
    pub corrected: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsideView {
    pub people: Vec<InsideLine>,
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsideLine {
    /// Who, with the ID number and phone masked.
    pub who: String,
    pub kind: String,
    pub since: String,
    pub duration: String,
    pub overdue: bool,
}
