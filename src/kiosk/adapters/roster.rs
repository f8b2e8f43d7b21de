//! The lead screen's roster page: `RosterAdapter` (the week's grid, its
//! gaps, and the sign-in).

use slint::{ComponentHandle, Model, ModelRc, VecModel};

use super::binding::{s, send, set_rows};
use crate::kiosk::intent::{Intent, IntentSink};
use crate::kiosk::ui::{AppWindow, RosterAdapter, RosterCell, RosterRow};
use crate::kiosk::view::RosterView;

pub(super) fn apply(ui: &AppWindow, r: &RosterView) {
    let roster = ui.global::<RosterAdapter>();
    roster.set_title(s(&r.title));
    set_rows(
        &roster.get_days(),
        r.days.iter().map(|d| s(d)).collect(),
        |m| roster.set_days(m),
    );
    let rows: Vec<(RosterRow, Vec<RosterCell>)> = r
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<RosterCell> = row
                .cells
                .iter()
                .map(|c| RosterCell {
                    label: s(&c.label),
                    people: s(&c.people),
                    lead: s(&c.lead),
                    gap: c.gap,
                    today: c.today,
                })
                .collect();
            let model = RosterRow {
                slot: s(&row.slot),
                cells: ModelRc::new(VecModel::from(cells.clone())),
            };
            (model, cells)
        })
        .collect();
    // A row holds its cells as a model, which compares by identity, so the
    // rows are compared cell by cell: the grid is rebuilt only when the
    // roster changed.
    let current = roster.get_rows();
    let same = current.row_count() == rows.len()
        && rows.iter().enumerate().all(|(i, (row, cells))| {
            current.row_data(i).is_some_and(|shown| {
                shown.slot == row.slot
                    && shown.cells.row_count() == cells.len()
                    && cells
                        .iter()
                        .enumerate()
                        .all(|(j, c)| shown.cells.row_data(j).as_ref() == Some(c))
            })
        });
    if !same {
        let rows: Vec<RosterRow> = rows.into_iter().map(|(row, _)| row).collect();
        roster.set_rows(ModelRc::new(VecModel::from(rows)));
    }
    set_rows(
        &roster.get_gaps(),
        r.gaps.iter().map(|g| s(g)).collect(),
        |m| roster.set_gaps(m),
    );
    roster.set_on_duty(s(&r.on_duty));
    roster.set_missing(s(&r.missing));
    roster.set_shift_result(s(&r.shift_result));
}

pub(super) fn wire(ui: &AppWindow, sink: &IntentSink) {
    let roster = ui.global::<RosterAdapter>();
    {
        let sink = sink.clone();
        roster.on_sign_in(move |name| sink(Intent::SignIn(name.to_string())));
    }
    roster.on_sign_out(send(sink, Intent::SignOut));
}
