//! The UI thread's side: one module per screen copies its part of a
//! [`View`] into that screen's Slint adapter global (`apply`) and turns the
//! adapter's callbacks into [`Intent`]s (`wire`). Nothing here touches the
//! store; keys of the on-screen keypads are handled in place.

mod app;
mod binding;
mod check;
mod first_run;
mod gate;
mod inside;
mod lead;
mod outcome;
mod registration;
mod remeasure;
mod roster;
mod supplies;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use kakou_core::lang::Lang;

use super::intent::IntentSink;
use super::ui::AppWindow;
use super::view::{ScreenId, View};

/// Selects the bundled translation for `lang`. Chinese is the source
/// language, selected by the empty name. Call only once the window exists:
/// before it, Slint has no translations to select from.
pub fn select_language(lang: Lang) {
    let code = match lang {
        Lang::Zh => "",
        Lang::En => "en",
    };
    if let Err(e) = slint::select_bundled_translation(code) {
        tracing::warn!(target: "kakou::say", "kakou kiosk: cannot switch language: {e}");
    }
}

/// Copies views into the window. Inputs the volunteer owns (answers,
/// keypad text, form fields) are only cleared when a new person starts.
pub struct Binder {
    generation: Cell<u64>,
    lang: Cell<Option<Lang>>,
    camera: RefCell<CameraFollow>,
}

/// Who is told the view's camera choice, and the choice last told.
#[derive(Default)]
struct CameraFollow {
    told: Option<Option<u32>>,
    follow: Option<Box<dyn FnMut(Option<u32>)>>,
}

impl Default for Binder {
    fn default() -> Self {
        Binder {
            generation: Cell::new(u64::MAX),
            lang: Cell::new(None),
            camera: RefCell::default(),
        }
    }
}

impl Binder {
    /// Has `follow` told the camera choice of every view applied from now
    /// on, when it differs from the last one told.
    pub fn follow_camera(&self, follow: impl FnMut(Option<u32>) + 'static) {
        *self.camera.borrow_mut() = CameraFollow {
            told: None,
            follow: Some(Box::new(follow)),
        };
    }

    fn tell_camera(&self, choice: Option<u32>) {
        let mut camera = self.camera.borrow_mut();
        if camera.told == Some(choice) {
            return;
        }
        if let Some(follow) = camera.follow.as_mut() {
            follow(choice);
            camera.told = Some(choice);
        }
    }

    pub fn apply(&self, ui: &AppWindow, view: &View) {
        // Without a store no pass can be checked: the camera stays off.
        if view.screen != ScreenId::FirstRun {
            self.tell_camera(view.app.camera);
        }
        if self.lang.get() != Some(view.app.lang) {
            select_language(view.app.lang);
            self.lang.set(Some(view.app.lang));
        }
        if self.generation.get() != view.inputs_generation {
            self.generation.set(view.inputs_generation);
            check::clear(ui);
            remeasure::clear(ui);
            registration::clear(ui);
        }
        app::apply(ui, view);
        gate::apply(ui, &view.gate);
        check::apply(ui, &view.check);
        remeasure::apply(ui, &view.remeasure);
        registration::apply(ui, &view.visitor);
        outcome::apply(ui, &view.outcome);
        lead::apply(ui, &view.lead);
        roster::apply(ui, &view.lead.roster);
        supplies::apply(ui, &view.lead.supplies);
        inside::apply(ui, &view.lead.inside);
        first_run::apply(ui, &view.first_run);
    }
}

/// Connects every adapter's callbacks to `sink`. `on_exit` runs when the
/// lead chooses to leave the program.
pub fn wire(ui: &AppWindow, sink: IntentSink, on_exit: Rc<dyn Fn()>) {
    app::wire(ui, &sink);
    gate::wire(ui, &sink);
    check::wire(ui, &sink);
    remeasure::wire(ui, &sink);
    registration::wire(ui, &sink);
    outcome::wire(ui, &sink);
    first_run::wire(ui, on_exit.clone());
    lead::wire(ui, &sink, on_exit);
    roster::wire(ui, &sink);
    supplies::wire(ui, &sink);
}
