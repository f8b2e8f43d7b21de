//! The inside page: visitors and vehicles that came in and have not gone
//! out, how long they have been in, those past the day's end first. ID
//! numbers and phones are masked; the name stays, since the lead may have
//! to call for the person.

use kakou_core::inside::{Inside, InsideRules, Who};
use kakou_core::privacy::mask_visitor;

use crate::app::{AppError, inside};
use crate::kiosk::controller::context::Context;
use crate::kiosk::view::{InsideLine, InsideView};
use crate::kiosk::words::Words;

#[derive(Default)]
pub(super) struct InsidePage;

impl InsidePage {
    pub(super) fn refresh(&mut self, cx: &mut Context) -> Result<(), AppError> {
        let words = cx.words();
        let now = cx.now();
        let today = now.date_naive();
        let list = inside::now(cx.session.terminal(), now, InsideRules::default())?;
        let overdue = list.iter().filter(|i| i.overdue).count();
        cx.view.lead.inside = InsideView {
            summary: words.inside_summary(list.len(), overdue),
            people: list
                .iter()
                .map(|i| InsideLine {
                    who: who(words, i),
                    kind: words.inside_kind(&i.who).into(),
                    since: words.inside_since(i.since, today),
                    duration: i.duration_text(cx.lang),
                    overdue: i.overdue,
                })
                .collect(),
        };
        Ok(())
    }
}

fn who(words: &dyn Words, inside: &Inside) -> String {
    match &inside.who {
        Who::Visitor(v) => {
            let v = mask_visitor(v);
            format!("{} · {}", v.name, v.id_number)
        }
        Who::Vehicle(v) => format!("{} · {}", v.plate, v.driver.name),
        Who::PassVisitor { serial, holder } => match holder {
            Some(holder) => format!("{holder} · {}", words.pink_pass(*serial)),
            None => words.pink_pass(*serial),
        },
    }
}
