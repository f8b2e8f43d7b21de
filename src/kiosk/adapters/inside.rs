//! The lead screen's inside page: `InsideAdapter`.

use slint::ComponentHandle;

use super::binding::{s, set_rows};
use crate::kiosk::ui::{AppWindow, InsideAdapter, InsideRow};
use crate::kiosk::view::InsideView;

pub(super) fn apply(ui: &AppWindow, v: &InsideView) {
    let inside = ui.global::<InsideAdapter>();
    inside.set_summary(s(&v.summary));
    set_rows(
        &inside.get_people(),
        v.people
            .iter()
            .map(|p| InsideRow {
                who: s(&p.who),
                kind: s(&p.kind),
                since: s(&p.since),
                duration: s(&p.duration),
                overdue: p.overdue,
            })
            .collect(),
        |m| inside.set_people(m),
    );
}
