//! The lead screen's first page: the day's report beside its chart of
//! passages per hour, what needs the lead's eye (supplies running low,
//! people inside past the day's end, personal fields about to be removed
//! before the district has them), and the recent passages with a search.

use kakou_core::audit::PersonalField;
use kakou_core::domain::{Outcome, Subject, VisitorInfo};
use kakou_core::inside::InsideRules;

use crate::app::privacy::{UnmaskError, unmask_at};
use crate::app::{AppError, inside, lead_pin, passages, reports, retention, supplies};
use crate::kiosk::controller::context::Context;
use crate::kiosk::view::{ChartBar, ChartView, PassageLine};
use crate::kiosk::words::report_row;

/// How many recent passages the lead screen lists.
const RECENT: usize = 200;

/// Report lines shown even at zero, so the lead sees the day is counted.
const ALWAYS_SHOWN: [&str; 4] = [
    "passages",
    "people_in_total",
    "people_out_total",
    "fever_readings",
];

#[derive(Default)]
pub(super) struct TodayPage {
    /// The lead's search over recent passages.
    search: String,
    /// The one passage whose numbers the lead unmasked, until the lead
    /// screen closes.
    shown: Option<Shown>,
}

/// A passage's numbers as the lead unmasked them.
struct Shown {
    passage: String,
    id_number: Option<String>,
    phone: Option<String>,
}

impl TodayPage {
    /// The report, the chart, the alerts and the recent passages, anew.
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let today = cx.now().date_naive();
        let report = reports::own(cx.session.terminal(), today)?;
        let lead = &mut cx.view.lead;
        lead.report_title = words.report_title(today);
        lead.zero_report = report.zero_report;
        lead.report = kakou_core::report::rows(&report)
            .into_iter()
            .filter(|(code, n)| {
                code != "zero_report" && (*n > 0 || ALWAYS_SHOWN.contains(&code.as_str()))
            })
            .map(|(code, n)| (report_row(words, &code), n.to_string()))
            .collect();
        self.chart(cx)?;
        self.alerts(cx)?;
        self.refresh_recent(cx)
    }

    /// The day's 24 hours; an empty day is 24 empty bars (the zero report).
    fn chart(&self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let chart = reports::hourly_chart(cx.session.terminal(), cx.now().date_naive())?;
        let busiest = chart
            .busiest_hour()
            .map(|h| (h, chart.hours[usize::from(h)].total()));
        cx.view.lead.chart = ChartView {
            bars: chart
                .hours
                .iter()
                .map(|h| ChartBar {
                    hour: h.hour,
                    label: words.chart_bar(h.hour),
                    released: h.released_in + h.released_out,
                    stopped: h.refused + h.referred + h.cancelled,
                })
                .collect(),
            scale: chart.peak().max(1),
            summary: words.chart_summary(chart.total(), busiest),
        };
        Ok(())
    }

    fn alerts(&self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let now = cx.now();
        let stock = supplies::supplies(cx.session.terminal_mut(), cx.lang)?;
        let overdue = inside::now(cx.session.terminal(), now, InsideRules::default())?
            .iter()
            .filter(|i| i.overdue)
            .count();
        let mut alerts = Vec::new();
        if !stock.low.is_empty() {
            let low: Vec<(String, u32, String)> = stock
                .low
                .iter()
                .map(|l| (l.name.clone(), l.on_hand, l.unit.clone()))
                .collect();
            alerts.push(words.low_stock_alert(&low));
        }
        if overdue > 0 {
            alerts.push(words.overdue_alert(overdue));
        }
        // Passages the district has not acknowledged lose their personal
        // fields at the hard limit anyway; the lead hears a week before.
        if let Some(warning) = retention::warning(cx.session.terminal(), now.date_naive(), cx.lang)?
        {
            alerts.push(warning);
        }
        cx.view.lead.alerts = alerts;
        Ok(())
    }

    /// Masks again whatever the lead unmasked (the lead screen closed).
    pub(super) fn forget(&mut self) {
        self.shown = None;
    }

    /// Shows the ID number and phone of passage `id`'s visitor or driver
    /// in full; each field shown is an entry in the audit log, naming the
    /// volunteer signed in at the gate.
    pub(super) fn unmask(&mut self, cx: &mut Context, id: &str) -> Result<(), AppError> {
        let lead = match cx.view.app.volunteer.as_str() {
            "" => lead_pin::NOBODY_SIGNED_IN.to_string(),
            name => name.to_string(),
        };
        let now = cx.now();
        let terminal = cx.session.terminal_mut();
        let id_number = unmask_at(terminal, id, PersonalField::IdNumber, &lead, now);
        let phone = unmask_at(terminal, id, PersonalField::Phone, &lead, now);
        match (id_number, phone) {
            (Err(UnmaskError::App(e)), _) | (_, Err(UnmaskError::App(e))) => return Err(e),
            (Err(e), Err(_)) => cx.view.lead.unmask_error = e.message(cx.lang),
            (id_number, phone) => {
                cx.view.lead.unmask_error.clear();
                self.shown = Some(Shown {
                    passage: id.to_string(),
                    id_number: id_number.ok(),
                    phone: phone.ok(),
                });
            }
        }
        self.refresh_recent(cx)
    }

    pub(super) fn search(&mut self, cx: &mut Context, text: String) -> Result<(), AppError> {
        self.search = text;
        self.refresh_recent(cx)
    }

    fn refresh_recent(&self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let needle = self.search.trim();
        cx.view.lead.recent = passages::recent_masked(cx.session.terminal(), RECENT)?
            .into_iter()
            .map(|c| {
                let shown = self.shown.as_ref().filter(|s| s.passage == c.id);
                let p = c.passage;
                let person = match &p.subject {
                    Subject::Pass { .. } => None,
                    Subject::Visitor(v) => Some(v),
                    Subject::Vehicle(v) => Some(&v.driver),
                };
                let numbers = person.map(|v| numbers(v, shown)).unwrap_or_default();
                let who = match &p.subject {
                    Subject::Pass { holder, .. } => {
                        holder.clone().unwrap_or_else(|| words.unread_pass().into())
                    }
                    Subject::Visitor(v) => words.visitor_line(&v.name, &v.visiting),
                    Subject::Vehicle(v) => format!("{} · {}", v.plate, v.driver.name),
                };
                let outcome = match p.reason {
                    Some(r) if p.outcome != Outcome::Released => {
                        format!("{} · {}", words.outcome(p.outcome), words.reason(r))
                    }
                    _ => words.outcome(p.outcome).into(),
                };
                PassageLine {
                    can_unmask: shown.is_none() && !numbers.is_empty(),
                    id: c.id,
                    numbers,
                    time: p.at.format("%H:%M").to_string(),
                    who,
                    direction: words.direction(p.direction).into(),
                    released: p.outcome == Outcome::Released,
                    outcome,
                }
            })
            .filter(|line| needle.is_empty() || line.who.contains(needle))
            .collect();
        Ok(())
    }
}

/// A visitor's or driver's ID number and phone as the list shows them:
/// masked (they come masked from `app`), or in full where the lead
/// unmasked them. Redacted fields are empty and left out.
fn numbers(person: &VisitorInfo, shown: Option<&Shown>) -> String {
    let id_number = shown
        .and_then(|s| s.id_number.as_deref())
        .unwrap_or(&person.id_number);
    let phone = shown
        .and_then(|s| s.phone.as_deref())
        .unwrap_or(&person.phone);
    [id_number, phone]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
