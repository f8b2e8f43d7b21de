//! The roster page: this week's shifts as a grid (slots down, days across)
//! with every gap shown, who the roster has on duty now, and the
//! volunteers' sign-in, which the roster checks but never blocks.

use chrono::NaiveDate;
use kakou_core::roster::{self, DAY_MINUTES, Gap, ScheduledShift, Slot, WeekView};
use kakou_core::validate;

use crate::app::{AppError, roster as app_roster, shifts};
use crate::kiosk::controller::context::{Context, NO_VOLUNTEER};
use crate::kiosk::view::{RosterCell, RosterRow, RosterView};
use crate::kiosk::words::Words;

#[derive(Default)]
pub(super) struct RosterPage;

impl RosterPage {
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let now = cx.now();
        let today = now.date_naive();
        let stored = app_roster::load(cx.session.terminal())?;
        let shift_result = std::mem::take(&mut cx.view.lead.roster.shift_result);
        let mut view = RosterView {
            shift_result,
            ..RosterView::default()
        };
        let week = roster::week(&stored, today);
        view.title = words.week_title(week.monday, week.days[6].date);
        view.days = week.days.iter().map(|d| words.roster_day(d.date)).collect();
        if stored.is_empty() {
            view.missing = words.no_roster().into();
        } else {
            view.rows = grid(words, &week, today);
            view.gaps = week
                .gaps()
                .map(|(date, gap)| words.roster_gap(date, &gap.message(cx.lang)))
                .collect();
            view.on_duty = match stored.on_duty(now.naive_local()).first() {
                Some(shift) => words.on_duty_now(&shift.people(), &shift.slot.label()),
                None => words.nobody_scheduled_now().into(),
            };
        }
        cx.view.lead.roster = view;
        Ok(())
    }

    /// Signs the volunteer in whatever the roster says, and says what it said.
    pub(super) fn sign_in(&mut self, cx: &mut Context, name: &str) -> Result<(), AppError> {
        let verdict = validate::person_name(name);
        let Some(name) = verdict.normalized.filter(|_| verdict.valid) else {
            cx.view.lead.roster.shift_result =
                validate::explain(validate::Field::Name, verdict.reason, cx.lang);
            return Ok(());
        };
        let now = cx.now();
        let check = shifts::sign_in(cx.session.terminal_mut(), &name, now)?;
        cx.session.set_operator(&name);
        cx.view.lead.roster.shift_result = cx.words().signed_in_checked(&name, check.as_ref());
        cx.view.app.volunteer = name;
        Ok(())
    }

    pub(super) fn sign_out(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let now = cx.now();
        let was = shifts::sign_out(cx.session.terminal_mut(), now)?;
        cx.session.set_operator(NO_VOLUNTEER);
        cx.view.app.volunteer.clear();
        let words = cx.words();
        cx.view.lead.roster.shift_result = if was {
            words.signed_out().into()
        } else {
            words.nobody_signed_in().into()
        };
        Ok(())
    }
}

/// One row per slot of the week, one cell per day.
fn grid(words: &dyn Words, week: &WeekView, today: NaiveDate) -> Vec<RosterRow> {
    week.slots()
        .into_iter()
        .map(|slot| RosterRow {
            slot: slot.label(),
            cells: week
                .days
                .iter()
                .map(|day| {
                    let label = format!("{} {}", words.roster_day(day.date), slot.label());
                    let mut cell = match week.cell(day.date, slot) {
                        Some(shift) => staffed(words, shift),
                        None => RosterCell {
                            people: words.roster_no_shift().into(),
                            // Another slot of the day may cover these hours;
                            // it is a gap only when nothing does.
                            gap: day.gaps.iter().any(|g| uncovered_in(*g, slot)),
                            ..RosterCell::default()
                        },
                    };
                    cell.label = label;
                    cell.today = day.date == today;
                    cell
                })
                .collect(),
        })
        .collect()
}

fn staffed(words: &dyn Words, shift: &ScheduledShift) -> RosterCell {
    let nobody = shift.volunteers.is_empty() && shift.lead.is_none();
    RosterCell {
        people: if nobody {
            words.roster_nobody().into()
        } else {
            shift.volunteers.join(words.list_separator())
        },
        lead: match &shift.lead {
            Some(lead) => words.roster_lead(lead),
            None if nobody => String::new(),
            None => words.roster_no_lead().into(),
        },
        gap: shift.lead.is_none(),
        ..RosterCell::default()
    }
}

/// Whether an uncovered stretch of a day falls within `slot` (its part
/// before midnight, for a slot that runs past it).
fn uncovered_in(gap: Gap, slot: Slot) -> bool {
    let Gap::Uncovered { from, to } = gap else {
        return false;
    };
    let end = if slot.crosses_midnight() {
        DAY_MINUTES
    } else {
        slot.end()
    };
    from < end && slot.start() < to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_cell_is_a_gap_only_where_nothing_covers_it() {
        let slot = Slot::new(16 * 60, 0).unwrap();
        let evening = Gap::Uncovered {
            from: 16 * 60,
            to: DAY_MINUTES,
        };
        let morning = Gap::Uncovered {
            from: 0,
            to: 8 * 60,
        };
        assert!(uncovered_in(evening, slot));
        assert!(!uncovered_in(morning, slot));
        let night = Slot::new(22 * 60, 6 * 60).unwrap();
        assert!(uncovered_in(evening, night));
        assert!(!uncovered_in(Gap::NoLead { slot }, slot));
    }
}
