//! How long visitors' and drivers' personal fields are kept.
//!
//! A daily job asks [`plan`] which passages to redact: those older than the
//! retention period (28 days by default) once the district has acknowledged
//! them, and those older than the hard limit (56 days) even without — a
//! terminal that never reaches the district must not keep personal data
//! forever. Before a passage reaches the hard limit unacknowledged, the lead
//! is warned for `warn_days` days, so there is time to sync or export.
//!
//! Redaction ([`redact_passage`]) empties the personal fields and keeps
//! everything the daily report counts, so a report of an old day reads the
//! same before and after. Residents' pass passages are not touched: they
//! carry no ID number or phone, only the name printed on the card.

mod redact;
mod schedule;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use redact::{has_personal_fields, redact_passage, redact_vehicle, redact_visitor};
pub use schedule::due;

use crate::audit::AuditEvent;
use crate::domain::{Passage, Subject};
use crate::lang::Lang;

/// The periods of the retention rule, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// Personal fields of acknowledged passages are kept this many days.
    pub period_days: u32,
    /// …and of unacknowledged ones at most this many.
    pub hard_limit_days: u32,
    /// The lead is warned this many days before the hard limit strikes.
    pub warn_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> RetentionPolicy {
        RetentionPolicy {
            period_days: 28,
            hard_limit_days: 56,
            warn_days: 7,
        }
    }
}

/// Why a configured policy was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the retention period must be at least one day")]
    PeriodTooShort,
    #[error("the hard limit must not be shorter than the retention period")]
    HardLimitBeforePeriod,
    #[error("the warning must come before the hard limit")]
    WarnTooLong,
}

impl PolicyError {
    pub fn code(self) -> &'static str {
        match self {
            PolicyError::PeriodTooShort => "period_too_short",
            PolicyError::HardLimitBeforePeriod => "hard_limit_before_period",
            PolicyError::WarnTooLong => "warn_too_long",
        }
    }

    pub fn message(self, lang: Lang) -> String {
        let (zh, en) = match self {
            PolicyError::PeriodTooShort => (
                "保留期至少 1 天",
                "The retention period must be at least 1 day",
            ),
            PolicyError::HardLimitBeforePeriod => (
                "最长保留期不能短于保留期",
                "The hard limit must not be shorter than the retention period",
            ),
            PolicyError::WarnTooLong => (
                "提前提醒的天数必须小于最长保留期",
                "The warning days must be fewer than the hard limit",
            ),
        };
        lang.pick(zh, en).to_string()
    }
}

impl RetentionPolicy {
    /// A policy from the configuration, checked.
    pub fn new(
        period_days: u32,
        hard_limit_days: u32,
        warn_days: u32,
    ) -> Result<RetentionPolicy, PolicyError> {
        if period_days == 0 {
            return Err(PolicyError::PeriodTooShort);
        }
        if hard_limit_days < period_days {
            return Err(PolicyError::HardLimitBeforePeriod);
        }
        if warn_days >= hard_limit_days {
            return Err(PolicyError::WarnTooLong);
        }
        Ok(RetentionPolicy {
            period_days,
            hard_limit_days,
            warn_days,
        })
    }
}

/// What went through the gate, as the store's `subject_kind` column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Pass,
    Visitor,
    Vehicle,
}

impl SubjectKind {
    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Pass => "pass",
            SubjectKind::Visitor => "visitor",
            SubjectKind::Vehicle => "vehicle",
        }
    }

    pub fn from_code(code: &str) -> Option<SubjectKind> {
        [
            SubjectKind::Pass,
            SubjectKind::Visitor,
            SubjectKind::Vehicle,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn of(passage: &Passage) -> SubjectKind {
        match passage.subject {
            Subject::Visitor(_) => SubjectKind::Visitor,
            Subject::Vehicle(_) => SubjectKind::Vehicle,
            _ => SubjectKind::Pass,
        }
    }
}

/// What the retention job needs to know of one stored passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageFacts {
    pub id: String,
    /// The passage's local day.
    pub day: NaiveDate,
    pub kind: SubjectKind,
    /// Whether personal fields are still there ([`has_personal_fields`]).
    pub personal: bool,
    /// Whether the district has acknowledged the passage's event.
    pub acknowledged: bool,
}

impl PassageFacts {
    /// The facts of a passage the store holds.
    pub fn of(id: &str, passage: &Passage, acknowledged: bool) -> PassageFacts {
        PassageFacts {
            id: id.to_string(),
            day: passage.at.date_naive(),
            kind: SubjectKind::of(passage),
            personal: has_personal_fields(passage),
            acknowledged,
        }
    }
}

/// Why a passage's personal fields go now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedactWhy {
    /// Past the retention period and acknowledged by the district.
    Acknowledged,
    /// Past the hard limit without acknowledgement.
    HardLimit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redaction {
    pub id: String,
    pub why: RedactWhy,
}

/// A passage that will reach the hard limit unacknowledged soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub id: String,
    pub day: NaiveDate,
    /// The first day on which the job will redact it.
    pub redact_on: NaiveDate,
    pub days_left: u32,
}

/// The job's decisions for one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionPlan {
    /// Redact these now.
    pub redact: Vec<Redaction>,
    /// Past the period but kept, waiting for the district (warned or not).
    pub held: Vec<String>,
    /// Held passages within `warn_days` of the hard limit, soonest first.
    pub warnings: Vec<Warning>,
}

impl RetentionPlan {
    /// The audit entry for a run that carried the plan out.
    pub fn audit_event(&self) -> AuditEvent {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        AuditEvent::RetentionRun {
            redacted: count(self.redact.len()),
            held: count(self.held.len()),
            warned: count(self.warnings.len()),
        }
    }

    /// The lead screen's warning, when there is one.
    pub fn warning_message(&self, lang: Lang) -> Option<String> {
        let first = self.warnings.first()?;
        let n = self.warnings.len();
        let on = first.redact_on.format("%Y-%m-%d");
        let days = first.days_left;
        Some(match lang {
            Lang::Zh => format!(
                "有 {n} 条访客或车辆记录区里尚未确认接收，最早一条将于 {on}（{days} 天后）强制删除个人信息。请尽快联网同步，或导出交给区里"
            ),
            Lang::En => format!(
                "{n} visitor or vehicle records are not yet acknowledged by the district; the first loses its personal fields on {on} (in {days} days). Sync soon, or export them for the district"
            ),
        })
    }
}

/// Decides, on `today`, which passages' personal fields go. Passages of
/// residents' passes and passages already redacted are left out; a day in
/// the future (a clock that was wrong) counts as today.
pub fn plan(facts: &[PassageFacts], today: NaiveDate, policy: RetentionPolicy) -> RetentionPlan {
    let mut out = RetentionPlan::default();
    let period = i64::from(policy.period_days);
    let hard = i64::from(policy.hard_limit_days);
    let warn_from = hard - i64::from(policy.warn_days);
    for f in facts {
        if f.kind == SubjectKind::Pass || !f.personal {
            continue;
        }
        let age = (today - f.day).num_days().max(0);
        let why = if f.acknowledged && age > period {
            Some(RedactWhy::Acknowledged)
        } else if age > hard {
            Some(RedactWhy::HardLimit)
        } else {
            None
        };
        if let Some(why) = why {
            out.redact.push(Redaction {
                id: f.id.clone(),
                why,
            });
            continue;
        }
        if f.acknowledged {
            continue;
        }
        if age > period {
            out.held.push(f.id.clone());
        }
        if age > warn_from {
            let days_left = hard + 1 - age;
            out.warnings.push(Warning {
                id: f.id.clone(),
                day: f.day,
                redact_on: f
                    .day
                    .checked_add_days(Days::new(policy.hard_limit_days as u64 + 1))
                    .unwrap_or(f.day),
                days_left: u32::try_from(days_left).unwrap_or(0),
            });
        }
    }
    out.warnings.sort_by_key(|w| (w.redact_on, w.id.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fact(
        id: &str,
        d: &str,
        kind: SubjectKind,
        personal: bool,
        acknowledged: bool,
    ) -> PassageFacts {
        PassageFacts {
            id: id.into(),
            day: day(d),
            kind,
            personal,
            acknowledged,
        }
    }

    #[test]
    fn policies_are_checked() {
        assert_eq!(
            RetentionPolicy::new(28, 56, 7),
            Ok(RetentionPolicy::default())
        );
        assert_eq!(
            RetentionPolicy::new(0, 56, 7),
            Err(PolicyError::PeriodTooShort)
        );
        assert_eq!(
            RetentionPolicy::new(28, 27, 7),
            Err(PolicyError::HardLimitBeforePeriod)
        );
        assert_eq!(
            RetentionPolicy::new(28, 28, 28),
            Err(PolicyError::WarnTooLong)
        );
        assert!(RetentionPolicy::new(28, 28, 0).is_ok());
        for e in [
            PolicyError::PeriodTooShort,
            PolicyError::HardLimitBeforePeriod,
            PolicyError::WarnTooLong,
        ] {
            assert!(!e.message(Lang::Zh).is_empty() && !e.code().is_empty());
        }
    }

    #[test]
    fn decides_by_age_acknowledgement_and_kind() {
        use SubjectKind::{Pass, Vehicle, Visitor};
        // Today is 2026-12-31: 28 days back is 12-03, 56 days back is 11-05.
        let today = day("2026-12-31");
        let facts = vec![
            fact("new-ack", "2026-12-30", Visitor, true, true),
            fact("at-period-ack", "2026-12-03", Visitor, true, true),
            fact("past-period-ack", "2026-12-02", Vehicle, true, true),
            fact("past-period-unack", "2026-12-02", Visitor, true, false),
            fact("warned-unack", "2026-11-11", Vehicle, true, false),
            fact("last-day-unack", "2026-11-05", Visitor, true, false),
            fact("past-hard-unack", "2026-11-04", Visitor, true, false),
            fact("past-hard-ack", "2026-10-01", Vehicle, true, true),
            fact("already-redacted", "2026-10-01", Visitor, false, false),
            fact("resident-pass", "2026-10-01", Pass, true, true),
            fact("future", "2027-01-05", Visitor, true, false),
        ];
        let plan = plan(&facts, today, RetentionPolicy::default());
        let redacted: Vec<(&str, RedactWhy)> =
            plan.redact.iter().map(|r| (r.id.as_str(), r.why)).collect();
        assert_eq!(
            redacted,
            vec![
                ("past-period-ack", RedactWhy::Acknowledged),
                ("past-hard-unack", RedactWhy::HardLimit),
                ("past-hard-ack", RedactWhy::Acknowledged),
            ]
        );
        assert_eq!(
            plan.held,
            vec!["past-period-unack", "warned-unack", "last-day-unack"]
        );
        let warned: Vec<(&str, u32)> = plan
            .warnings
            .iter()
            .map(|w| (w.id.as_str(), w.days_left))
            .collect();
        assert_eq!(warned, vec![("last-day-unack", 1), ("warned-unack", 7)]);
        assert_eq!(plan.warnings[0].redact_on, day("2027-01-01"));
        assert_eq!(
            plan.audit_event(),
            AuditEvent::RetentionRun {
                redacted: 3,
                held: 3,
                warned: 2
            }
        );
        assert_eq!(
            plan.warning_message(Lang::Zh).unwrap(),
            "有 2 条访客或车辆记录区里尚未确认接收，最早一条将于 2027-01-01（1 天后）强制删除个人信息。请尽快联网同步，或导出交给区里"
        );
    }

    #[test]
    fn the_warning_comes_before_the_hard_limit_and_the_redaction_on_the_day_it_names() {
        let start = day("2026-11-24");
        let facts = [fact("v", "2026-11-24", SubjectKind::Visitor, true, false)];
        let policy = RetentionPolicy::default();
        let mut first_warning = None;
        let mut redacted_on = None;
        for offset in 0..80u64 {
            let today = start.checked_add_days(Days::new(offset)).unwrap();
            let p = plan(&facts, today, policy);
            if first_warning.is_none() && !p.warnings.is_empty() {
                first_warning = Some(offset);
                assert_eq!(p.warnings[0].redact_on, day("2027-01-20"));
            }
            if !p.redact.is_empty() {
                redacted_on = Some(today);
                break;
            }
        }
        assert_eq!(first_warning, Some(50));
        assert_eq!(redacted_on, Some(day("2027-01-20")));
        assert_eq!(RetentionPlan::default().warning_message(Lang::En), None);
    }
}
