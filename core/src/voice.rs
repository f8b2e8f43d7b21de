//! Which spoken prompt the gate plays, and when.
//!
//! The gate flow says what the screen shows next ([`Prompt`]); a voice box
//! at the gate repeats the part that the person at the gate must hear, in
//! a short fixed sentence. The sentences are rendered once, offline, into
//! audio files named by [`VoicePrompt::stem`] (`assets/voice/{zh,en}/`,
//! texts in `assets/voice/prompts.tsv`); this module only decides which one
//! to play, so the rule is tested here and the shell merely plays it.
//!
//! Several prompts say nothing on purpose: going back to the home screen,
//! a cancelled passage, a typing error and the lead's quarantine alert are
//! for the volunteer and the lead, not for the queue.

use crate::domain::{Direction, Reason};
use crate::gate::{Effect, Prompt};
use crate::pass::PassCheck;

/// One spoken sentence. The file stem is its stable name on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VoicePrompt {
    /// 请出示通行证 — Please show your pass.
    ShowPass,
    /// 请回答健康问题 — Please answer the health questions.
    Questions,
    /// 请测量体温 — Please have your temperature taken.
    Measure,
    /// 请稍候复测 — Please wait to be measured again.
    Remeasure,
    /// 体温正常，请通行 — Temperature normal, please go ahead.
    Released,
    /// 请登记 — Please register.
    Register,
    /// 通行证无效，请登记 — This pass is not valid. Please register.
    PassInvalid,
    /// 本户暂不能外出 — Your household may not go out now.
    HouseholdNoExit,
    /// 请到一旁等候工作人员 — Please step aside and wait for staff.
    StepAside,
    /// 请随工作人员前往医疗观察点 — Please go with staff to the medical point.
    MedicalPoint,
}

impl VoicePrompt {
    /// Every prompt, in the order of `assets/voice/prompts.tsv`.
    pub const ALL: [VoicePrompt; 10] = [
        VoicePrompt::ShowPass,
        VoicePrompt::Questions,
        VoicePrompt::Measure,
        VoicePrompt::Remeasure,
        VoicePrompt::Released,
        VoicePrompt::Register,
        VoicePrompt::PassInvalid,
        VoicePrompt::HouseholdNoExit,
        VoicePrompt::StepAside,
        VoicePrompt::MedicalPoint,
    ];

    /// The file name without extension, the same in every language.
    pub fn stem(self) -> &'static str {
        match self {
            VoicePrompt::ShowPass => "show_pass",
            VoicePrompt::Questions => "questions",
            VoicePrompt::Measure => "measure",
            VoicePrompt::Remeasure => "remeasure",
            VoicePrompt::Released => "released",
            VoicePrompt::Register => "register",
            VoicePrompt::PassInvalid => "pass_invalid",
            VoicePrompt::HouseholdNoExit => "household_no_exit",
            VoicePrompt::StepAside => "step_aside",
            VoicePrompt::MedicalPoint => "medical_point",
        }
    }

    pub fn from_stem(stem: &str) -> Option<VoicePrompt> {
        VoicePrompt::ALL.into_iter().find(|p| p.stem() == stem)
    }
}

/// The prompt to play for what one step of the gate flow emitted, if any.
///
/// A step shows at most one prompt; when it ends a passage it also commits
/// it, and the committed passage tells the direction, which decides what a
/// refusal for a confined household means (see [`for_prompt`]).
pub fn for_effects(effects: &[Effect]) -> Option<VoicePrompt> {
    let direction = effects.iter().find_map(|e| match e {
        Effect::Commit(passage) => Some(passage.direction),
        _ => None,
    });
    let prompt = effects.iter().rev().find_map(|e| match e {
        Effect::Show(prompt) => Some(prompt),
        _ => None,
    })?;
    for_prompt(prompt, direction)
}

/// The prompt to play for a screen prompt. `direction` is the direction of
/// the passage that just ended, when the shell knows it.
pub fn for_prompt(prompt: &Prompt, direction: Option<Direction>) -> Option<VoicePrompt> {
    match prompt {
        Prompt::ShowPass => Some(VoicePrompt::ShowPass),
        Prompt::Questions => Some(VoicePrompt::Questions),
        Prompt::Measure => Some(VoicePrompt::Measure),
        // A second reading taken too early is told the same thing again:
        // the person is still to wait, not to leave.
        Prompt::Remeasure { .. } | Prompt::StillResting { .. } => Some(VoicePrompt::Remeasure),
        // Every release passes through a normal reading (the flow releases
        // only after measuring), so "temperature normal" is always true.
        Prompt::Released => Some(VoicePrompt::Released),
        Prompt::Refused(reason) => Some(refused(*reason, direction)),
        // Every referral in the flow is a health referral (fever, symptoms,
        // contact, travel) or the volunteer's own, which is one too.
        Prompt::Referred(_) => Some(VoicePrompt::MedicalPoint),
        Prompt::Cancelled | Prompt::Idle => None,
    }
}

/// What a refused person hears. The screen names the reason; the voice only
/// says what to do now.
fn refused(reason: Reason, direction: Option<Direction>) -> VoicePrompt {
    match (reason, direction) {
        // A genuine pass of another community: its holder registers as a visitor.
        (Reason::Pass(PassCheck::OtherCommunity), _) => VoicePrompt::Register,
        (Reason::Pass(_), _) => VoicePrompt::PassInvalid,
        // Leaving from a confined household, or past the household's quota.
        (
            Reason::HouseholdQuarantine | Reason::HouseholdCloseContact | Reason::ExitQuota,
            Some(Direction::Out),
        ) => VoicePrompt::HouseholdNoExit,
        // A visitor to a confined household, a volunteer's refusal, or a
        // reason whose direction is unknown: the staff explain in person.
        _ => VoicePrompt::StepAside,
    }
}

#[cfg(test)]
mod tests {
    // The table is tuples on purpose: one row per line reads as a table.
    #![allow(clippy::type_complexity)]

    use chrono::{DateTime, FixedOffset};

    use super::*;
    use crate::domain::{Answers, HouseholdStatus, Outcome, Passage, Subject};
    use crate::gate::{
        Ctx, Event, GateConfig, GateState, HouseholdFacts, Identity, PassFacts, PersonForm,
        VisitorForm, step,
    };
    use crate::validate::Field;

    fn t0() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T08:00:00+08:00").unwrap()
    }

    #[test]
    fn each_screen_prompt_has_its_voice() {
        use Direction::{In, Out};
        use VoicePrompt as V;
        let until = t0();
        let table: &[(Prompt, Option<Direction>, Option<VoicePrompt>)] = &[
            (Prompt::ShowPass, None, Some(V::ShowPass)),
            (Prompt::Questions, None, Some(V::Questions)),
            (Prompt::Measure, None, Some(V::Measure)),
            (Prompt::Remeasure { until }, None, Some(V::Remeasure)),
            (Prompt::StillResting { until }, None, Some(V::Remeasure)),
            (Prompt::Released, Some(In), Some(V::Released)),
            (Prompt::Released, Some(Out), Some(V::Released)),
            (Prompt::Cancelled, Some(In), None),
            (Prompt::Idle, None, None),
            // Pass reasons: invalid passes register, other communities register too.
            (
                Prompt::Refused(Reason::Pass(PassCheck::Malformed)),
                Some(In),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::BadSignature)),
                Some(In),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::UnknownKey)),
                Some(In),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::NotYetValid)),
                Some(Out),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::Expired)),
                Some(In),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::Revoked)),
                Some(Out),
                Some(V::PassInvalid),
            ),
            (
                Prompt::Refused(Reason::Pass(PassCheck::OtherCommunity)),
                Some(In),
                Some(V::Register),
            ),
            // Household reasons: leaving is what is refused.
            (
                Prompt::Refused(Reason::HouseholdQuarantine),
                Some(Out),
                Some(V::HouseholdNoExit),
            ),
            (
                Prompt::Refused(Reason::HouseholdCloseContact),
                Some(Out),
                Some(V::HouseholdNoExit),
            ),
            (
                Prompt::Refused(Reason::ExitQuota),
                Some(Out),
                Some(V::HouseholdNoExit),
            ),
            // A visitor to a confined household is turned away in person.
            (
                Prompt::Refused(Reason::HouseholdQuarantine),
                Some(In),
                Some(V::StepAside),
            ),
            (
                Prompt::Refused(Reason::HouseholdCloseContact),
                Some(In),
                Some(V::StepAside),
            ),
            (
                Prompt::Refused(Reason::HouseholdQuarantine),
                None,
                Some(V::StepAside),
            ),
            (
                Prompt::Refused(Reason::Operator),
                Some(In),
                Some(V::StepAside),
            ),
            (
                Prompt::Refused(Reason::Operator),
                Some(Out),
                Some(V::StepAside),
            ),
            // Every referral goes to the medical point.
            (
                Prompt::Referred(Reason::Fever),
                Some(In),
                Some(V::MedicalPoint),
            ),
            (
                Prompt::Referred(Reason::Symptoms),
                Some(Out),
                Some(V::MedicalPoint),
            ),
            (
                Prompt::Referred(Reason::Contact14d),
                Some(In),
                Some(V::MedicalPoint),
            ),
            (
                Prompt::Referred(Reason::Travel14d),
                Some(In),
                Some(V::MedicalPoint),
            ),
            (
                Prompt::Referred(Reason::Operator),
                Some(In),
                Some(V::MedicalPoint),
            ),
        ];
        for (prompt, direction, expected) in table {
            assert_eq!(
                for_prompt(prompt, *direction),
                *expected,
                "{prompt:?} {direction:?}"
            );
        }
    }

    fn passage(direction: Direction, outcome: Outcome, reason: Option<Reason>) -> Passage {
        Passage {
            at: t0(),
            direction,
            subject: Subject::Pass {
                key_id: None,
                serial: Some(1),
                category: None,
                holder: None,
                household: Some(crate::domain::HouseholdRef {
                    key_id: 9,
                    number: 7,
                }),
            },
            temperatures: Vec::new(),
            answers: Answers::default(),
            outcome,
            reason,
            alert: None,
        }
    }

    #[test]
    fn effects_give_the_shown_prompt_with_the_committed_direction() {
        use VoicePrompt as V;
        let refused = |d| {
            vec![
                Effect::Commit(Box::new(passage(
                    d,
                    Outcome::Refused,
                    Some(Reason::HouseholdQuarantine),
                ))),
                Effect::Show(Prompt::Refused(Reason::HouseholdQuarantine)),
                Effect::StartTimer(t0()),
            ]
        };
        let table: &[(Vec<Effect>, Option<VoicePrompt>)] = &[
            (refused(Direction::Out), Some(V::HouseholdNoExit)),
            (refused(Direction::In), Some(V::StepAside)),
            (
                vec![
                    Effect::Alert(HouseholdStatus::HomeQuarantine),
                    Effect::Show(Prompt::Questions),
                    Effect::StartTimer(t0()),
                ],
                Some(V::Questions),
            ),
            // A timeout commits a cancelled passage and goes home: silence.
            (
                vec![
                    Effect::Commit(Box::new(passage(
                        Direction::In,
                        Outcome::Cancelled,
                        Some(Reason::Timeout),
                    ))),
                    Effect::Show(Prompt::Idle),
                ],
                None,
            ),
            // A typing error is the volunteer's business.
            (
                vec![Effect::Invalid {
                    field: Field::Temperature,
                    reason: crate::validate::Rule::BadChars,
                }],
                None,
            ),
            (Vec::new(), None),
        ];
        for (effects, expected) in table {
            assert_eq!(for_effects(effects), *expected, "{effects:?}");
        }
    }

    /// The rule applied to what the real flow emits, step by step.
    #[test]
    fn a_walk_through_the_flow_speaks_at_each_step() {
        let config = GateConfig::default();
        let at = |s| Ctx {
            now: t0() + chrono::Duration::seconds(s),
            config: &config,
        };
        let household = |status| HouseholdFacts {
            reference: crate::domain::HouseholdRef {
                key_id: 9,
                number: 7,
            },
            address: "3-2-501".into(),
            status,
            quota: None,
            exits_in_window: 0,
        };
        let pass = |status| {
            Identity::Pass(PassFacts {
                check: PassCheck::Ok,
                key_id: Some(9),
                serial: Some(42),
                category: None,
                holder: Some("张三".into()),
                household: Some(household(status)),
            })
        };
        let visitor = Identity::Visitor(
            VisitorForm {
                person: PersonForm {
                    name: "李四".into(),
                    document_type: Default::default(),
                    id_number: "11010519491231002X".into(),
                    phone: "13800138000".into(),
                },
                from: "朝阳区".into(),
                visiting: "3-2-501".into(),
            },
            Some(household(HouseholdStatus::HomeQuarantine)),
        );
        let walks: Vec<(&str, Vec<Event>, Vec<Option<VoicePrompt>>)> = vec![
            (
                "resident in, fever then normal",
                vec![
                    Event::Begin(Direction::In),
                    Event::Identify(pass(HouseholdStatus::Normal)),
                    Event::Answer(Answers::default()),
                    Event::Reading("37.8".into()),
                    Event::Reading("36.6".into()),
                ],
                vec![
                    Some(VoicePrompt::ShowPass),
                    Some(VoicePrompt::Questions),
                    Some(VoicePrompt::Measure),
                    Some(VoicePrompt::Remeasure),
                    Some(VoicePrompt::Remeasure),
                ],
            ),
            (
                "resident out, normal reading",
                vec![
                    Event::Begin(Direction::Out),
                    Event::Identify(pass(HouseholdStatus::Normal)),
                    Event::Answer(Answers::default()),
                    Event::Reading("36.5".into()),
                    Event::Acknowledge,
                ],
                vec![
                    Some(VoicePrompt::ShowPass),
                    Some(VoicePrompt::Questions),
                    Some(VoicePrompt::Measure),
                    Some(VoicePrompt::Released),
                    None,
                ],
            ),
            (
                "quarantined resident out",
                vec![
                    Event::Begin(Direction::Out),
                    Event::Identify(pass(HouseholdStatus::HomeQuarantine)),
                ],
                vec![
                    Some(VoicePrompt::ShowPass),
                    Some(VoicePrompt::HouseholdNoExit),
                ],
            ),
            (
                "visitor to a quarantined household",
                vec![Event::Begin(Direction::In), Event::Identify(visitor)],
                vec![Some(VoicePrompt::ShowPass), Some(VoicePrompt::StepAside)],
            ),
        ];
        for (name, events, expected) in walks {
            let mut state = GateState::Idle;
            let mut heard = Vec::new();
            for (i, event) in events.into_iter().enumerate() {
                // Every step 10 s apart: the second reading comes before the
                // rest period is over, so the flow says "still resting".
                let (next, effects) = step(&state, event, &at(10 * i as i64));
                heard.push(for_effects(&effects));
                state = next;
            }
            assert_eq!(heard, expected, "{name}");
        }
    }

    #[test]
    fn stems_are_unique_and_round_trip() {
        for prompt in VoicePrompt::ALL {
            assert_eq!(VoicePrompt::from_stem(prompt.stem()), Some(prompt));
        }
        let mut stems: Vec<_> = VoicePrompt::ALL.iter().map(|p| p.stem()).collect();
        stems.sort();
        stems.dedup();
        assert_eq!(stems.len(), VoicePrompt::ALL.len());
        assert_eq!(VoicePrompt::from_stem("nothing"), None);
    }

    /// The texts the render script speaks are listed once, in
    /// `assets/voice/prompts.tsv`; its stems must be exactly this enum's, in
    /// order, so no prompt lacks a sentence and no file is orphaned.
    #[test]
    fn the_texts_file_lists_every_prompt_once() {
        let tsv = include_str!("../../assets/voice/prompts.tsv");
        let rows: Vec<Vec<&str>> = tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        let stems: Vec<&str> = rows.iter().map(|r| r[0]).collect();
        let expected: Vec<&str> = VoicePrompt::ALL.iter().map(|p| p.stem()).collect();
        assert_eq!(stems, expected);
        for row in &rows {
            assert_eq!(row.len(), 3, "stem, zh, en: {row:?}");
            assert!(row[1].chars().any(|c| c > '\u{3000}'), "zh text: {row:?}");
            assert!(row[2].is_ascii() && !row[2].is_empty(), "en text: {row:?}");
        }
    }
}
