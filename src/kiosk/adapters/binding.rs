//! What the adapters of every screen share: short names for Slint types,
//! callbacks that send a fixed intent, list models that change only when
//! their rows do, and the temperature keypads.

use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, Screen};
use crate::kiosk::view::ScreenId;

pub(super) fn s(text: &str) -> SharedString {
    SharedString::from(text)
}

/// Sends `intent` whenever a callback without arguments fires.
pub(super) fn send(sink: &IntentSink, intent: Intent) -> impl Fn() + 'static {
    let sink = sink.clone();
    move || sink(intent.clone())
}

/// Replaces a list model only when its rows changed, so that a list the
/// lead is scrolling does not jump every second.
pub(super) fn set_rows<T: Clone + PartialEq + 'static>(
    current: &ModelRc<T>,
    rows: Vec<T>,
    set: impl FnOnce(ModelRc<T>),
) {
    let same = current.row_count() == rows.len()
        && rows
            .iter()
            .enumerate()
            .all(|(i, r)| current.row_data(i).as_ref() == Some(r));
    if !same {
        set(ModelRc::new(VecModel::from(rows)));
    }
}

/// The Slint enum of a screen.
pub(super) fn screen(id: ScreenId) -> Screen {
    match id {
        ScreenId::Gate => Screen::Gate,
        ScreenId::Check => Screen::Check,
        ScreenId::Remeasure => Screen::Remeasure,
        ScreenId::Visitor => Screen::Visitor,
        ScreenId::Outcome => Screen::Outcome,
        ScreenId::Pin => Screen::Pin,
        ScreenId::Lead => Screen::Lead,
        ScreenId::FirstRun => Screen::FirstRun,
    }
}

/// The window's weak handle, for callbacks that read what the volunteer
/// typed before sending it.
pub(super) fn weak(ui: &AppWindow) -> slint::Weak<AppWindow> {
    ui.as_weak()
}

/// The key and erase handlers of a temperature keypad whose display `get`
/// reads and `set` writes. The text lives in the UI until the volunteer
/// submits it, so typing needs no round trip to the worker.
pub(super) fn temperature_keypad(
    ui: &AppWindow,
    get: fn(&AppWindow) -> SharedString,
    set: fn(&AppWindow, SharedString),
) -> (impl Fn(SharedString) + 'static, impl Fn() + 'static) {
    let edit = move |weak: &slint::Weak<AppWindow>, change: &dyn Fn(&str) -> String| {
        if let Some(ui) = weak.upgrade() {
            let next = change(&get(&ui));
            set(&ui, next.into());
        }
    };
    let (for_key, for_erase) = (weak(ui), weak(ui));
    (
        move |key: SharedString| {
            edit(&for_key, &|t| {
                crate::kiosk::keypad::temperature_key(t, &key)
            })
        },
        move || edit(&for_erase, &crate::kiosk::keypad::erase),
    )
}
