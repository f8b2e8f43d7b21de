//! The first-run screen: `FirstRunAdapter`.

use std::rc::Rc;

use slint::ComponentHandle;

use super::binding::s;
use crate::kiosk::ui::{AppWindow, FirstRunAdapter};
use crate::kiosk::view::FirstRunView;

pub(super) fn apply(ui: &AppWindow, v: &FirstRunView) {
    let first_run = ui.global::<FirstRunAdapter>();
    first_run.set_db(s(&v.db));
    first_run.set_db_arg(s(&v.db_arg));
}

/// With no store there is nothing to guard: anyone may leave, and under
/// the kiosk's service leaving is how it starts again on the new store.
pub(super) fn wire(ui: &AppWindow, on_exit: Rc<dyn Fn()>) {
    ui.global::<FirstRunAdapter>()
        .on_exit_app(move || on_exit());
}
