//! Who is inside now: visitors and vehicles that came in and have not gone
//! out, with how long they have been in, flagged once their day is over.
//!
//! An `out` matches the latest open `in` of the same key: a registered
//! visitor by document type and number (a name is not unique, a phone may be
//! shared), a vehicle by its plate, and a visitor with a pink pass by the
//! pass serial. Only released passages count — someone refused at the gate
//! never came in. A second `in` while one is open replaces it: the exit in
//! between went unrecorded (another gate, a volunteer's slip), and the
//! latest arrival is the one the lead can act on. The shell gives the
//! passages of every gate of the community it knows, since people often
//! leave by another gate.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::{Category, Direction, Outcome, Passage, Subject, VehicleInfo, VisitorInfo};
use crate::lang::Lang;

/// When a stay counts as too long, and how far back to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsideRules {
    /// Minutes after midnight at which a visitor's day ends (1440: midnight).
    /// Someone who came in on a day and is still inside at or after that
    /// time of the same day is flagged.
    pub day_ends_at: u16,
    /// Arrivals older than this many days are forgotten: whoever came in a
    /// week ago and was never seen leaving almost surely left unrecorded,
    /// and a list that never shrinks would hide today's stays.
    pub lookback_days: u32,
}

impl Default for InsideRules {
    fn default() -> InsideRules {
        InsideRules {
            day_ends_at: 24 * 60,
            lookback_days: 3,
        }
    }
}

/// Who is inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Who {
    Visitor(VisitorInfo),
    Vehicle(VehicleInfo),
    /// A visitor who came in with a pink pass.
    PassVisitor {
        serial: u64,
        holder: Option<String>,
    },
}

/// One stay that has not ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inside {
    pub who: Who,
    pub since: DateTime<FixedOffset>,
    /// Minutes between `since` and now.
    pub minutes: i64,
    /// When the stay's day ended (or ends).
    pub day_ends: DateTime<FixedOffset>,
    /// Still inside at or after `day_ends`.
    pub overdue: bool,
}

impl Inside {
    /// "3小时20分" / "3 h 20 min", for the list.
    pub fn duration_text(&self, lang: Lang) -> String {
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        match (lang, h) {
            (Lang::Zh, 0) => format!("{m}分钟"),
            (Lang::Zh, _) => format!("{h}小时{m}分"),
            (Lang::En, 0) => format!("{m} min"),
            (Lang::En, _) => format!("{h} h {m} min"),
        }
    }
}

/// How an `in` and its `out` find each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Visitor(&'static str, String),
    Vehicle(String),
    Pass(u64),
}

fn key_and_who(subject: &Subject) -> Option<(Key, Who)> {
    match subject {
        Subject::Visitor(v) if !v.id_number.is_empty() => Some((
            Key::Visitor(v.document_type.code(), v.id_number.clone()),
            Who::Visitor(v.clone()),
        )),
        Subject::Vehicle(v) if !v.plate.is_empty() => {
            Some((Key::Vehicle(v.plate.clone()), Who::Vehicle(v.clone())))
        }
        Subject::Pass {
            serial: Some(serial),
            category: Some(Category::Visitor),
            holder,
            ..
        } => Some((
            Key::Pass(*serial),
            Who::PassVisitor {
                serial: *serial,
                holder: holder.clone(),
            },
        )),
        _ => None,
    }
}

/// Everyone inside at `now`: those past their day's end first, then the
/// longest stays first.
pub fn inside(passages: &[Passage], now: DateTime<FixedOffset>, rules: InsideRules) -> Vec<Inside> {
    let since = now - Duration::days(i64::from(rules.lookback_days));
    let mut ordered: Vec<&Passage> = passages
        .iter()
        .filter(|p| p.outcome == Outcome::Released && p.at >= since && p.at <= now)
        .collect();
    ordered.sort_by_key(|p| p.at);
    let mut open: HashMap<Key, (Who, DateTime<FixedOffset>)> = HashMap::new();
    for p in ordered {
        let Some((key, who)) = key_and_who(&p.subject) else {
            continue;
        };
        match p.direction {
            Direction::In => {
                open.insert(key, (who, p.at));
            }
            Direction::Out => {
                open.remove(&key);
            }
        }
    }
    let mut list: Vec<Inside> = open
        .into_values()
        .map(|(who, since)| {
            let midnight = since.date_naive().and_time(NaiveTime::MIN);
            let day_ends = (midnight + Duration::minutes(i64::from(rules.day_ends_at)))
                .and_local_timezone(*since.offset())
                .single()
                .unwrap_or(since);
            Inside {
                who,
                since,
                minutes: (now - since).num_minutes(),
                day_ends,
                overdue: now >= day_ends,
            }
        })
        .collect();
    list.sort_by_key(|i| (!i.overdue, i.since));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answers, DocumentType, VehicleKind};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
    }

    fn visitor(name: &str, id: &str) -> Subject {
        Subject::Visitor(VisitorInfo {
            name: name.into(),
            document_type: DocumentType::MainlandId,
            id_number: id.into(),
            phone: "13800138000".into(),
            from: "x".into(),
            visiting: "3-2-501".into(),
            household: None,
        })
    }

    fn car(plate: &str, driver: &str) -> Subject {
        let Subject::Visitor(driver) = visitor(driver, "110101199003071233") else {
            unreachable!()
        };
        Subject::Vehicle(VehicleInfo {
            plate: plate.into(),
            kind: VehicleKind::Delivery,
            driver,
            occupants: 1,
        })
    }

    fn pink(serial: u64) -> Subject {
        Subject::Pass {
            key_id: None,
            serial: Some(serial),
            category: Some(Category::Visitor),
            holder: Some("访客".into()),
            household: None,
        }
    }

    fn pass(when: &str, direction: Direction, subject: Subject, outcome: Outcome) -> Passage {
        Passage {
            at: at(when),
            direction,
            subject,
            temperatures: vec![],
            answers: Answers::default(),
            outcome,
            reason: None,
            alert: None,
        }
    }

    fn names(list: &[Inside]) -> Vec<String> {
        list.iter()
            .map(|i| match &i.who {
                Who::Visitor(v) => v.name.clone(),
                Who::Vehicle(v) => v.plate.clone(),
                Who::PassVisitor { serial, .. } => format!("pass {serial}"),
            })
            .collect()
    }

    #[test]
    fn ins_without_outs_are_inside() {
        use Direction::{In, Out};
        use Outcome::{Refused, Released};
        let passages = vec![
            pass(
                "2026-11-24T08:00:00",
                In,
                visitor("李四", "11010519491231002X"),
                Released,
            ),
            pass(
                "2026-11-24T09:00:00",
                In,
                visitor("王五", "110101199003071233"),
                Released,
            ),
            // 李四 leaves; 王五 does not.
            pass(
                "2026-11-24T10:00:00",
                Out,
                visitor("李四（出）", "11010519491231002X"),
                Released,
            ),
            // Same name as 王五, different person: does not close 王五's stay.
            pass(
                "2026-11-24T10:30:00",
                Out,
                visitor("王五", "11010519491231002X"),
                Released,
            ),
            // A van in and out, another van still in.
            pass("2026-11-24T11:00:00", In, car("京A12345", "赵六"), Released),
            pass(
                "2026-11-24T11:20:00",
                Out,
                car("京A12345", "别人开走"),
                Released,
            ),
            pass("2026-11-24T12:00:00", In, car("京B88888", "钱七"), Released),
            // Refused at the gate: never came in.
            pass(
                "2026-11-24T12:30:00",
                In,
                visitor("孙八", "11010519491231002X"),
                Refused,
            ),
            // A pink pass visitor.
            pass("2026-11-24T13:00:00", In, pink(7), Released),
            // Residents with green passes are not listed.
            pass(
                "2026-11-24T13:10:00",
                In,
                Subject::Pass {
                    key_id: None,
                    serial: Some(8),
                    category: Some(Category::Resident),
                    holder: None,
                    household: Some(crate::domain::HouseholdRef {
                        key_id: 9,
                        number: 1,
                    }),
                },
                Released,
            ),
        ];
        let list = inside(&passages, at("2026-11-24T14:00:00"), InsideRules::default());
        assert_eq!(names(&list), vec!["王五", "京B88888", "pass 7"]);
        assert_eq!(list[0].minutes, 300);
        assert_eq!(list[0].duration_text(Lang::Zh), "5小时0分");
        assert_eq!(list[2].duration_text(Lang::En), "1 h 0 min");
        assert!(list.iter().all(|i| !i.overdue));
        assert_eq!(list[0].day_ends, at("2026-11-25T00:00:00"));
    }

    #[test]
    fn stays_past_the_day_end_are_flagged_and_listed_first() {
        use Direction::In;
        use Outcome::Released;
        let passages = vec![
            pass(
                "2026-11-23T20:00:00",
                In,
                visitor("昨晚", "11010519491231002X"),
                Released,
            ),
            pass(
                "2026-11-24T07:00:00",
                In,
                visitor("今早", "110101199003071233"),
                Released,
            ),
            pass("2026-11-24T21:30:00", In, car("京C00001", "晚到"), Released),
        ];
        let midnight = InsideRules::default();
        let list = inside(&passages, at("2026-11-24T22:00:00"), midnight);
        assert_eq!(names(&list), vec!["昨晚", "今早", "京C00001"]);
        let flags: Vec<bool> = list.iter().map(|i| i.overdue).collect();
        assert_eq!(flags, vec![true, false, false]);

        // With the day ending at 21:00, this morning's visitor is overdue
        // too, and so is the van that came after 21:00.
        let nine_pm = InsideRules {
            day_ends_at: 21 * 60,
            ..InsideRules::default()
        };
        let list = inside(&passages, at("2026-11-24T22:00:00"), nine_pm);
        let flags: Vec<bool> = list.iter().map(|i| i.overdue).collect();
        assert_eq!(flags, vec![true, true, true]);
        assert_eq!(list[1].day_ends, at("2026-11-24T21:00:00"));
        let list = inside(&passages, at("2026-11-24T20:59:00"), nine_pm);
        assert_eq!(names(&list), vec!["昨晚", "今早"]);
        assert_eq!(list.iter().filter(|i| i.overdue).count(), 1);
    }

    #[test]
    fn re_entries_old_arrivals_and_future_passages() {
        use Direction::{In, Out};
        use Outcome::Released;
        let id = "11010519491231002X";
        let passages = vec![
            // Came in a week ago, never seen leaving: forgotten.
            pass(
                "2026-11-17T08:00:00",
                In,
                visitor("上周", "110101199003071233"),
                Released,
            ),
            // In twice without an out: the later arrival counts.
            pass("2026-11-24T08:00:00", In, visitor("李四", id), Released),
            pass("2026-11-24T12:00:00", In, visitor("李四", id), Released),
            // An out stamped after `now` (a clock ahead) is ignored.
            pass("2026-11-24T18:00:00", Out, visitor("李四", id), Released),
        ];
        let list = inside(&passages, at("2026-11-24T13:00:00"), InsideRules::default());
        assert_eq!(names(&list), vec!["李四"]);
        assert_eq!(list[0].since, at("2026-11-24T12:00:00"));
        // Out, then in again: inside again.
        let mut again = passages.clone();
        again.push(pass(
            "2026-11-24T12:30:00",
            Out,
            visitor("李四", id),
            Released,
        ));
        again.push(pass(
            "2026-11-24T12:45:00",
            In,
            visitor("李四", id),
            Released,
        ));
        let list = inside(&again, at("2026-11-24T13:00:00"), InsideRules::default());
        assert_eq!(list[0].minutes, 15);
        assert_eq!(list[0].duration_text(Lang::Zh), "15分钟");
        assert_eq!(list[0].duration_text(Lang::En), "15 min");
        assert!(inside(&[], at("2026-11-24T13:00:00"), InsideRules::default()).is_empty());
    }
}
