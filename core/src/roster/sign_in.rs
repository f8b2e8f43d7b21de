//! Checking a volunteer's sign-in at the kiosk against the roster: on time,
//! early, late, not their shift now, or not on the roster at all. The
//! kiosk signs the volunteer in whatever the answer (the gate must never be
//! left unattended for a spreadsheet's sake); the answer is shown and kept
//! with the sign-in so the lead sees who stood in for whom.

use chrono::{Days, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Roster, ScheduledShift};
use crate::lang::Lang;

/// How early and how late a sign-in still counts against a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRules {
    /// A sign-in this many minutes before a shift starts counts as early
    /// for it; earlier is "not your shift now".
    pub early_minutes: u32,
    /// A sign-in this many minutes after the start is still on time.
    pub grace_minutes: u32,
}

impl Default for SignInRules {
    fn default() -> SignInRules {
        SignInRules {
            early_minutes: 30,
            grace_minutes: 10,
        }
    }
}

/// What the roster says about a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "sign_in", rename_all = "snake_case")]
pub enum SignIn {
    OnTime {
        shift: ScheduledShift,
    },
    Early {
        shift: ScheduledShift,
        minutes: i64,
    },
    Late {
        shift: ScheduledShift,
        minutes: i64,
    },
    /// On the roster, but not for now; `next` is their next shift within a week.
    NotNow {
        next: Option<ScheduledShift>,
    },
    NotOnRoster,
}

impl SignIn {
    pub fn code(&self) -> &'static str {
        match self {
            SignIn::OnTime { .. } => "on_time",
            SignIn::Early { .. } => "early",
            SignIn::Late { .. } => "late",
            SignIn::NotNow { .. } => "not_now",
            SignIn::NotOnRoster => "not_on_roster",
        }
    }

    /// The shift the sign-in belongs to, when it belongs to one.
    pub fn shift(&self) -> Option<&ScheduledShift> {
        match self {
            SignIn::OnTime { shift } | SignIn::Early { shift, .. } | SignIn::Late { shift, .. } => {
                Some(shift)
            }
            SignIn::NotNow { .. } | SignIn::NotOnRoster => None,
        }
    }

    /// A sentence for the kiosk's status line.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SignIn::OnTime { shift }, Lang::Zh) => format!("已签到：{} 班", shift.slot.label()),
            (SignIn::OnTime { shift }, Lang::En) => {
                format!("Signed in for {}", shift.slot.label())
            }
            (SignIn::Early { shift, minutes }, Lang::Zh) => {
                format!("提前 {minutes} 分钟签到（{} 班）", shift.slot.label())
            }
            (SignIn::Early { shift, minutes }, Lang::En) => {
                format!("{minutes} min early for {}", shift.slot.label())
            }
            (SignIn::Late { shift, minutes }, Lang::Zh) => {
                format!("迟到 {minutes} 分钟（{} 班）", shift.slot.label())
            }
            (SignIn::Late { shift, minutes }, Lang::En) => {
                format!("{minutes} min late for {}", shift.slot.label())
            }
            (SignIn::NotNow { next: Some(next) }, Lang::Zh) => format!(
                "现在不是您的班次，您的下一班是 {} {}",
                next.date.format("%m-%d"),
                next.slot.label()
            ),
            (SignIn::NotNow { next: Some(next) }, Lang::En) => format!(
                "Not your shift now; your next shift is {} {}",
                next.date.format("%m-%d"),
                next.slot.label()
            ),
            (SignIn::NotNow { next: None }, _) => {
                lang.pick("现在不是您的班次", "Not your shift now").into()
            }
            (SignIn::NotOnRoster, _) => lang
                .pick(
                    "排班表上没有这位志愿者，请告知组长",
                    "This volunteer is not on the roster; please tell the lead",
                )
                .into(),
        }
    }
}

impl Roster {
    /// Checks `name` signing in at `at` (local time) against the roster.
    pub fn check_sign_in(&self, name: &str, at: NaiveDateTime, rules: SignInRules) -> SignIn {
        if !self.lists(name) {
            return SignIn::NotOnRoster;
        }
        let day = at.date();
        let from = day.checked_sub_days(Days::new(1)).unwrap_or(day);
        let to = day.checked_add_days(Days::new(7)).unwrap_or(day);
        let theirs: Vec<ScheduledShift> = self
            .scheduled(from, to)
            .into_iter()
            .filter(|s| s.names(name))
            .collect();
        if let Some(shift) = theirs.iter().find(|s| s.covers(at)) {
            let minutes = (at - shift.starts).num_minutes();
            let shift = shift.clone();
            return if minutes <= i64::from(rules.grace_minutes) {
                SignIn::OnTime { shift }
            } else {
                SignIn::Late { shift, minutes }
            };
        }
        let next = theirs.into_iter().find(|s| s.starts > at);
        match next {
            Some(shift) if (shift.starts - at).num_minutes() <= i64::from(rules.early_minutes) => {
                let minutes = (shift.starts - at).num_minutes();
                SignIn::Early { shift, minutes }
            }
            next => SignIn::NotNow { next },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::test_support::{at, date, shift, three_slots};
    use crate::roster::{Weekdays, When};

    #[test]
    fn sign_ins_are_judged_against_the_shift_they_fall_in() {
        let mut shifts = three_slots();
        // 李四 also covers one dated night, which replaces that day's pattern.
        shifts.push(shift(
            When::Date(date("2026-11-26")),
            "22:00",
            "06:00",
            &["李四"],
            Some("郑七"),
        ));
        let roster = Roster::new(shifts).unwrap();
        let rules = SignInRules::default();
        let cases: &[(&str, &str, &str, Option<i64>)] = &[
            ("李四", "2026-11-24 08:00", "on_time", None),
            ("李四", "2026-11-24 08:10", "on_time", None),
            ("李四", "2026-11-24 08:11", "late", Some(11)),
            ("李四", "2026-11-24 15:59", "late", Some(479)),
            ("李四", "2026-11-24 07:30", "early", Some(30)),
            ("李四", "2026-11-24 07:29", "not_now", None),
            ("李四", "2026-11-24 17:00", "not_now", None),
            // The lead of a slot signs in like a volunteer.
            ("周五", "2026-11-24 08:05", "on_time", None),
            ("赵一", "2026-11-24 00:20", "late", Some(20)),
            // The dated night: its lead, and 李四 after midnight in a shift
            // that started the day before.
            ("郑七", "2026-11-26 23:00", "late", Some(60)),
            ("李四", "2026-11-27 00:30", "late", Some(150)),
            ("路人甲", "2026-11-24 08:00", "not_on_roster", None),
        ];
        for (name, moment, code, minutes) in cases {
            let answer = roster.check_sign_in(name, at(moment), rules);
            assert_eq!(answer.code(), *code, "{name} at {moment}: {answer:?}");
            let got = match &answer {
                SignIn::Early { minutes, .. } | SignIn::Late { minutes, .. } => Some(*minutes),
                _ => None,
            };
            assert_eq!(got, *minutes, "{name} at {moment}");
            assert!(!answer.message(Lang::Zh).is_empty());
        }
    }

    #[test]
    fn not_now_names_the_next_shift_within_a_week() {
        let roster = Roster::new(vec![
            shift(
                When::Weekly(Weekdays::only(chrono::Weekday::Sat)),
                "08:00",
                "16:00",
                &["周末班"],
                Some("组长"),
            ),
            shift(
                When::Date(date("2026-10-01")),
                "08:00",
                "16:00",
                &["国庆班"],
                Some("组长"),
            ),
        ])
        .unwrap();
        let answer = roster.check_sign_in("周末班", at("2026-11-24 08:00"), SignInRules::default());
        let SignIn::NotNow { next: Some(next) } = &answer else {
            panic!("{answer:?}");
        };
        assert_eq!(next.date, date("2026-11-28"));
        assert_eq!(
            answer.message(Lang::Zh),
            "现在不是您的班次，您的下一班是 11-28 08:00–16:00"
        );
        assert_eq!(
            roster.check_sign_in("国庆班", at("2026-11-24 08:00"), SignInRules::default()),
            SignIn::NotNow { next: None }
        );
        assert!(answer.shift().is_none());
    }
}
