//! The status bar and language: `AppAdapter`.

use slint::ComponentHandle;

use kakou_core::lang::Lang;

use super::binding::{s, screen};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppAdapter, AppWindow};
use crate::kiosk::view::View;

pub(super) fn apply(ui: &AppWindow, view: &View) {
    let app = ui.global::<AppAdapter>();
    let v = &view.app;
    app.set_screen(screen(view.screen));
    app.set_demo(v.demo);
    app.set_online(v.online);
    app.set_data_as_of(s(&v.data_as_of));
    app.set_checkpoint(s(&v.checkpoint));
    app.set_volunteer(s(&v.volunteer));
    app.set_language(s(v.lang.code()));
    app.set_voice_note(s(&v.voice_note));
    app.set_sync_note(s(&v.sync_note));
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let sink = sink.clone();
    ui.global::<AppAdapter>().on_set_language(move |code| {
        if let Some(lang) = Lang::parse(&code) {
            sink(Intent::SetLanguage(lang));
        }
    });
}
