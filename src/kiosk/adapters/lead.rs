//! The PIN and the lead screen: `LeadAdapter` (the pages, today's report
//! and chart, the settings). The PIN never leaves the UI thread until it is
//! submitted. The roster, supplies and inside pages have adapters of their
//! own (`roster`, `supplies`, `inside`).

use std::cell::RefCell;
use std::rc::Rc;

use slint::ComponentHandle;

use kakou_core::domain::HouseholdStatus;
use kakou_core::pass::RevocationReason;

use super::binding::{s, send, set_rows, weak};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::keypad;
use crate::kiosk::ui::{AppWindow, ChartBar, LeadAdapter, LeadTab, PassageRow, ReportRow};
use crate::kiosk::view::{LeadPage, LeadView};

fn tab(page: LeadPage) -> LeadTab {
    match page {
        LeadPage::Today => LeadTab::Today,
        LeadPage::Roster => LeadTab::Roster,
        LeadPage::Supplies => LeadTab::Supplies,
        LeadPage::Inside => LeadTab::Inside,
        LeadPage::Settings => LeadTab::Settings,
    }
}

fn page(tab: LeadTab) -> LeadPage {
    match tab {
        LeadTab::Today => LeadPage::Today,
        LeadTab::Roster => LeadPage::Roster,
        LeadTab::Supplies => LeadPage::Supplies,
        LeadTab::Inside => LeadPage::Inside,
        LeadTab::Settings => LeadPage::Settings,
    }
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(super) fn apply(ui: &AppWindow, l: &LeadView) {
    let lead = ui.global::<LeadAdapter>();
    lead.set_pin_error(s(&l.pin_error));
    // The wait is at most a quarter of an hour; it always fits.
    lead.set_pin_wait(i32::try_from(l.pin_wait).unwrap_or(i32::MAX));
    lead.set_page(tab(l.page));
    lead.set_report_title(s(&l.report_title));
    lead.set_zero_report(l.zero_report);
    set_rows(
        &lead.get_report(),
        l.report
            .iter()
            .map(|(label, value)| ReportRow {
                label: s(label),
                value: s(value),
            })
            .collect(),
        |m| lead.set_report(m),
    );
    set_rows(
        &lead.get_chart(),
        l.chart
            .bars
            .iter()
            .map(|b| ChartBar {
                label: s(&b.label),
                released: count(b.released),
                stopped: count(b.stopped),
            })
            .collect(),
        |m| lead.set_chart(m),
    );
    lead.set_chart_scale(count(l.chart.scale.max(1)));
    lead.set_chart_summary(s(&l.chart.summary));
    set_rows(
        &lead.get_alerts(),
        l.alerts.iter().map(|a| s(a)).collect(),
        |m| lead.set_alerts(m),
    );
    set_rows(
        &lead.get_recent(),
        l.recent
            .iter()
            .map(|p| PassageRow {
                id: s(&p.id),
                time: s(&p.time),
                who: s(&p.who),
                numbers: s(&p.numbers),
                can_unmask: p.can_unmask,
                direction: s(&p.direction),
                outcome: s(&p.outcome),
                released: p.released,
            })
            .collect(),
        |m| lead.set_recent(m),
    );
    lead.set_unmask_error(s(&l.unmask_error));
    lead.set_sync_note(s(&l.sync_note));
    lead.set_can_sync(l.can_sync);
    lead.set_household_result(s(&l.household_result));
    lead.set_revoke_result(s(&l.revoke_result));
    lead.set_camera_choice(s(&l.camera_choice));
    lead.set_camera_note(s(&l.camera_note));
    lead.set_camera_counts(s(&l.camera_counts));
    set_rows(
        &lead.get_cameras(),
        l.cameras.iter().map(|c| s(c)).collect(),
        |m| lead.set_cameras(m),
    );
    lead.set_voice_enabled(l.voice.enabled);
    lead.set_voice_volume(i32::from(l.voice.volume));
}

fn show_pin(weak: &slint::Weak<AppWindow>, pin: &str) {
    if let Some(ui) = weak.upgrade() {
        ui.global::<LeadAdapter>()
            .set_pin_dots("●".repeat(pin.chars().count()).into());
    }
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink, on_exit: Rc<dyn Fn()>) {
    let lead = ui.global::<LeadAdapter>();
    let pin = Rc::new(RefCell::new(String::new()));
    {
        let (pin, weak) = (pin.clone(), weak(ui));
        lead.on_pin_key(move |key| {
            let next = keypad::pin_key(&pin.borrow(), &key);
            show_pin(&weak, &next);
            *pin.borrow_mut() = next;
        });
    }
    {
        let (pin, weak) = (pin.clone(), weak(ui));
        lead.on_pin_erase(move || {
            let next = keypad::erase(&pin.borrow());
            show_pin(&weak, &next);
            *pin.borrow_mut() = next;
        });
    }
    {
        let (pin, weak, sink) = (pin.clone(), weak(ui), sink.clone());
        lead.on_pin_submit(move || {
            let typed = pin.take();
            show_pin(&weak, "");
            sink(Intent::PinSubmit(typed));
        });
    }
    {
        let (pin, weak, sink) = (pin.clone(), weak(ui), sink.clone());
        lead.on_close(move || {
            pin.take();
            show_pin(&weak, "");
            sink(Intent::CloseLead);
        });
    }
    {
        let sink = sink.clone();
        lead.on_show_page(move |tab| sink(Intent::LeadPage(page(tab))));
    }
    {
        let sink = sink.clone();
        lead.on_search_edited(move |text| sink(Intent::Search(text.to_string())));
    }
    {
        let sink = sink.clone();
        lead.on_set_status(move |address, status| {
            if let Some(status) = HouseholdStatus::from_code(&status) {
                sink(Intent::SetHouseholdStatus(address.to_string(), status));
            }
        });
    }
    {
        let sink = sink.clone();
        lead.on_revoke(move |serial, reason| {
            if let Some(reason) = RevocationReason::from_code(&reason) {
                sink(Intent::Revoke(serial.to_string(), reason));
            }
        });
    }
    {
        let sink = sink.clone();
        lead.on_set_voice(move |on| sink(Intent::VoiceEnabled(on)));
    }
    {
        let sink = sink.clone();
        lead.on_set_volume(move |volume| {
            let volume = u8::try_from(volume.clamp(0, 100)).unwrap_or(100);
            sink(Intent::VoiceVolume(volume));
        });
    }
    {
        let sink = sink.clone();
        lead.on_unmask(move |id| sink(Intent::Unmask(id.to_string())));
    }
    lead.on_sync_now(send(sink, Intent::SyncNow));
    lead.on_test_voice(send(sink, Intent::VoiceTest));
    lead.on_next_camera(send(sink, Intent::NextCamera));
    lead.on_exit_app(move || on_exit());
}
