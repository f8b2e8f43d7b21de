//! The kiosk's controller: turns what the volunteer does (an [`Intent`])
//! into gate-flow events, carries them out through [`GateSession`] and
//! words the result as a [`View`]. It owns the store, so it runs on the
//! worker thread; it holds no business rules of its own — the core decides
//! every outcome.

use chrono::{DateTime, FixedOffset};

use kakou_core::domain::{
    Answers, Direction, HouseholdStatus, Outcome, Reason, mask_document_number,
};
use kakou_core::gate::{
    Effect, Event, GateState, Identity, Invalid, PersonForm, Prompt, VehicleForm, VisitorForm,
    vehicle_errors, visitor_errors,
};
use kakou_core::lang::Lang;
use kakou_core::pass::PassClaims;
use kakou_core::validate::{self, Field, explain};
use kakou_scan::ScanCounters;
use kakou_scan::camera::{CameraInfo, CameraStatus};

use super::camera_desk::CameraState;
use super::counts::today_counts;
use super::view::{ScreenId, View};
use super::words;
use crate::app::{GateSession, StepResult, camera_choice};
use crate::clock::Clock;
use crate::store::{StoreError, shifts};

/// Who is recorded as operator while nobody has signed in for the shift.
pub const NO_VOLUNTEER: &str = "kiosk";

/// The registration form as typed, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationInput {
    pub vehicle: bool,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub plate: String,
    pub from: String,
    pub visiting: String,
    /// Index into [`words::VEHICLE_KINDS`].
    pub kind_index: usize,
    pub occupants: u32,
}

/// Everything the volunteer or the lead can ask of the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// A pass text from the camera, the USB scanner or the manual field.
    Scan(String),
    /// Demo mode: scan one of the demo community's cards (the given one,
    /// or the next in turn).
    DemoScan(Option<usize>),
    SetDirection(Direction),
    StartRegistration {
        vehicle: bool,
    },
    /// The volunteer typed in a registration field (by field code):
    /// validate it as typed, and look up the household for "visiting".
    FieldEdited {
        field: String,
        text: String,
    },
    SubmitRegistration(RegistrationInput),
    Release {
        answers: Answers,
        temperature: String,
    },
    Refuse,
    Cancel,
    Remeasure(String),
    Refer,
    Acknowledge,
    /// Once a second: timeouts and the re-measure countdown.
    Tick,
    OpenLead,
    PinSubmit(String),
    CloseLead,
    Search(String),
    SetHouseholdStatus(String, HouseholdStatus),
    Revoke(String),
    SignIn(String),
    SignOut,
    SetLanguage(Lang),
    /// The camera thread's state changed.
    Camera(CameraStatus),
    /// The cameras present changed.
    CameraDevices(Vec<CameraInfo>),
    /// The lead's "switch camera".
    NextCamera,
    /// The camera thread's running totals, once a second.
    CameraCounters(ScanCounters),
}

pub struct Controller {
    pub(super) session: GateSession,
    clock: Box<dyn Clock>,
    pub(super) lang: Lang,
    direction: Direction,
    pub(super) view: View,
    /// When to send the flow a timeout, as it last asked.
    timer: Option<DateTime<FixedOffset>>,
    /// The end of the rest before a second reading.
    rest_until: Option<DateTime<FixedOffset>>,
    demo_cards: Vec<String>,
    demo_next: usize,
    /// The lead's search over recent passages.
    pub(super) search: String,
    /// Set once a registration was submitted, so that every field shows its
    /// error as it is typed from then on, not only when typed to full length.
    registration_submitted: bool,
    pub(super) camera: CameraState,
}

impl Controller {
    /// A controller on an opened session. `demo_cards` are pass texts the
    /// "模拟扫码" button cycles through; empty outside demo mode.
    pub fn new(
        session: GateSession,
        clock: Box<dyn Clock>,
        lang: Lang,
        demo_cards: Vec<String>,
    ) -> Result<Controller, StoreError> {
        let camera = CameraState::new(camera_choice::load(session.store())?);
        let mut controller = Controller {
            session,
            clock,
            lang,
            direction: Direction::In,
            view: View::default(),
            timer: None,
            rest_until: None,
            demo_next: 0,
            demo_cards,
            search: String::new(),
            registration_submitted: false,
            camera,
        };
        let volunteer = shifts::current(controller.session.store().conn())?
            .map(|s| s.volunteer)
            .unwrap_or_default();
        if !volunteer.is_empty() {
            controller.session.set_operator(&volunteer);
        }
        controller.view.app.volunteer = volunteer;
        controller.view.app.demo = !controller.demo_cards.is_empty();
        controller.view.app.checkpoint = controller.session.settings().checkpoint.clone();
        controller.refresh_status()?;
        controller.show_gate();
        Ok(controller)
    }

    /// The session, for reading the store (tests assert what was committed).
    pub fn session(&self) -> &GateSession {
        &self.session
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// Carries out one intent. A store error is shown on the current screen
    /// and nothing is claimed as registered; the flow stays where it was.
    pub fn handle(&mut self, intent: Intent) {
        if let Err(e) = self.try_handle(intent) {
            let message = format!(
                "{}: {e}",
                self.lang
                    .pick("数据库错误，本条未保存", "Store error, not saved")
            );
            match self.view.screen {
                ScreenId::Check => self.view.check.error = message,
                ScreenId::Remeasure => self.view.remeasure.error = message,
                ScreenId::Visitor => self.view.visitor.form_error = message,
                ScreenId::Lead | ScreenId::Pin => self.view.lead.pin_error = message,
                _ => self.view.gate.scan_error = message,
            }
        }
    }

    fn try_handle(&mut self, intent: Intent) -> Result<(), StoreError> {
        match intent {
            Intent::Scan(text) => self.scan(text.trim()),
            Intent::DemoScan(which) => {
                if self.demo_cards.is_empty() {
                    return Ok(());
                }
                let index = which.unwrap_or_else(|| {
                    self.demo_next += 1;
                    self.demo_next - 1
                });
                let text = self.demo_cards[index % self.demo_cards.len()].clone();
                self.scan(&text)
            }
            Intent::SetDirection(direction) => {
                self.direction = direction;
                if self.view.screen == ScreenId::Gate {
                    self.show_gate();
                }
                Ok(())
            }
            Intent::StartRegistration { vehicle } => self.start_registration(vehicle),
            Intent::FieldEdited { field, text } => self.field_edited(&field, &text),
            Intent::SubmitRegistration(input) => self.submit_registration(input),
            Intent::Release {
                answers,
                temperature,
            } => self.release(answers, &temperature),
            Intent::Refuse => self.event(Event::Refuse),
            Intent::Cancel => self.event(Event::Cancel),
            Intent::Remeasure(temperature) => self.remeasure(&temperature),
            Intent::Refer => self.event(Event::Refer),
            Intent::Acknowledge => self.event(Event::Acknowledge),
            Intent::Tick => self.tick(),
            Intent::OpenLead => {
                self.view.lead.pin_error.clear();
                self.view.screen = ScreenId::Pin;
                Ok(())
            }
            Intent::PinSubmit(pin) => self.pin_submit(&pin),
            Intent::CloseLead => {
                self.show_gate();
                Ok(())
            }
            Intent::Search(text) => {
                self.search = text;
                self.refresh_recent()
            }
            Intent::SetHouseholdStatus(address, status) => {
                self.set_household_status(&address, status)
            }
            Intent::Revoke(serial) => self.revoke(&serial),
            Intent::SignIn(name) => self.sign_in(&name),
            Intent::SignOut => self.sign_out(),
            Intent::SetLanguage(lang) => self.set_language(lang),
            Intent::Camera(status) => {
                self.camera_status(status);
                Ok(())
            }
            Intent::CameraDevices(devices) => {
                self.camera_devices(devices);
                Ok(())
            }
            Intent::NextCamera => self.next_camera(),
            Intent::CameraCounters(counters) => {
                self.camera_counters(counters);
                Ok(())
            }
        }
    }

    fn scan(&mut self, text: &str) -> Result<(), StoreError> {
        // A scan is heard on the gate screen and over an outcome (the next
        // person is already at the gate); elsewhere someone is being
        // checked, and a stray read of a card in the queue must not replace them.
        if !matches!(self.view.screen, ScreenId::Gate | ScreenId::Outcome) || text.is_empty() {
            return Ok(());
        }
        let now = self.now();
        self.session.handle(Event::Begin(self.direction), now)?;
        let verification = self.session.lookup().verify(text, now.date_naive())?;
        let identity = self.session.lookup().pass(text, now)?;
        let authentic = verification.claims_are_authentic();
        let claims = verification.claims.filter(|_| authentic);
        self.fill_check_for_pass(&identity, claims.as_ref());
        self.identify(identity)
    }

    fn fill_check_for_pass(&mut self, identity: &Identity, claims: Option<&PassClaims>) {
        let lang = self.lang;
        let Identity::Pass(facts) = identity else {
            return;
        };
        let check = &mut self.view.check;
        check.holder = facts
            .holder
            .clone()
            .unwrap_or_else(|| lang.pick("（无法识别持证人）", "(holder unknown)").into());
        check.category_label = facts
            .category
            .map(|c| words::category(lang, c).to_string())
            .unwrap_or_default();
        check.category_rgb = words::category_rgb(facts.category);
        check.address = facts
            .household
            .as_ref()
            .map(|h| h.address.clone())
            .unwrap_or_default();
        check.household_status = facts
            .household
            .as_ref()
            .map(|h| words::household_status(lang, h.status).to_string())
            .unwrap_or_default();
        check.household_alert = facts
            .household
            .as_ref()
            .is_some_and(|h| h.status.confines_members());
        check.validity = claims
            .map(|c| {
                format!(
                    "{} {} – {} · {} {}",
                    lang.pick("有效期", "Valid"),
                    c.valid_from,
                    c.valid_until,
                    lang.pick("证号", "No."),
                    c.serial
                )
            })
            .unwrap_or_default();
        check.error.clear();
    }

    /// Hands the identified person to the flow and moves to the screen it asks for.
    fn identify(&mut self, identity: Identity) -> Result<(), StoreError> {
        let now = self.now();
        let result = self.session.handle(Event::Identify(identity), now)?;
        self.view.inputs_generation += 1;
        self.apply(result)
    }

    fn start_registration(&mut self, vehicle: bool) -> Result<(), StoreError> {
        if !matches!(self.view.screen, ScreenId::Gate | ScreenId::Outcome) {
            return Ok(());
        }
        let now = self.now();
        self.session.handle(Event::Begin(self.direction), now)?;
        self.view.visitor = Default::default();
        self.view.visitor.vehicle = vehicle;
        self.registration_submitted = false;
        self.view.inputs_generation += 1;
        self.view.screen = ScreenId::Visitor;
        self.timer = self.session.state().deadline();
        Ok(())
    }

    /// Checks one field as it is typed. Until the first submit, a field is
    /// only marked once it is as long as a complete value, so that nobody is
    /// told off for an ID number they are still typing.
    fn field_edited(&mut self, code: &str, text: &str) -> Result<(), StoreError> {
        if self.view.screen != ScreenId::Visitor {
            return Ok(());
        }
        let Some(field) = Field::from_code(code) else {
            return Ok(());
        };
        if field == Field::Visiting {
            self.view.visitor.visiting_match = self.visiting_hint(text)?;
        }
        let typed = text.trim().chars().count();
        let verdict = match field {
            Field::Name => validate::person_name(text),
            Field::IdNumber => validate::cn_id(text),
            Field::Phone => validate::cn_mobile(text),
            Field::Plate => validate::cn_plate(text),
            _ => validate::free_text(text, 60),
        };
        let complete = match field {
            Field::IdNumber => typed >= 18,
            Field::Phone => text.chars().filter(char::is_ascii_digit).count() >= 11,
            Field::Plate => typed >= 7,
            _ => false,
        };
        let show = self.registration_submitted || complete;
        let visitor = &mut self.view.visitor;
        // A vehicle's origin and destination may be left empty.
        let optional_empty =
            visitor.vehicle && matches!(field, Field::From | Field::Visiting) && typed == 0;
        visitor.errors.retain(|(f, _)| f != code);
        if !verdict.valid && show && !optional_empty {
            visitor
                .errors
                .push((code.to_string(), explain(field, verdict.reason, self.lang)));
        }
        if field == Field::IdNumber {
            visitor.id_masked = verdict
                .normalized
                .filter(|_| verdict.valid)
                .map(|n| mask_document_number(&n))
                .unwrap_or_default();
        }
        Ok(())
    }

    fn visiting_hint(&self, said: &str) -> Result<String, StoreError> {
        if said.trim().is_empty() {
            return Ok(String::new());
        }
        let facts = self.session.lookup().visitor(
            VisitorForm {
                visiting: said.into(),
                ..Default::default()
            },
            self.now(),
        )?;
        let lang = self.lang;
        Ok(match facts {
            Identity::Visitor(_, Some(h)) => format!(
                "{} {} · {}",
                lang.pick("已匹配住户", "Household found:"),
                h.address,
                words::household_status(lang, h.status)
            ),
            _ => lang
                .pick(
                    "未找到该住户：可以登记，请电话联系住户确认",
                    "No such household: registration is allowed; phone the household",
                )
                .into(),
        })
    }

    fn submit_registration(&mut self, input: RegistrationInput) -> Result<(), StoreError> {
        if self.view.screen != ScreenId::Visitor {
            return Ok(());
        }
        let lang = self.lang;
        self.registration_submitted = true;
        let person = PersonForm {
            name: input.name.clone(),
            document_type: Default::default(),
            id_number: input.id_number.clone(),
            phone: input.phone.clone(),
        };
        let now = self.now();
        let (errors, identity) = if input.vehicle {
            let form = VehicleForm {
                plate: input.plate.clone(),
                kind: words::VEHICLE_KINDS[input.kind_index.min(words::VEHICLE_KINDS.len() - 1)],
                driver: person,
                occupants: input.occupants,
                from: input.from.clone(),
                visiting: input.visiting.clone(),
            };
            let errors = vehicle_errors(&form);
            let identity = if errors.is_empty() {
                Some(self.session.lookup().vehicle(form, now)?)
            } else {
                None
            };
            (errors, identity)
        } else {
            let form = VisitorForm {
                person,
                from: input.from.clone(),
                visiting: input.visiting.clone(),
            };
            let errors = visitor_errors(&form);
            let identity = if errors.is_empty() {
                Some(self.session.lookup().visitor(form, now)?)
            } else {
                None
            };
            (errors, identity)
        };
        let visitor = &mut self.view.visitor;
        visitor.errors = errors
            .iter()
            .map(|Invalid { field, reason }| {
                (field.code().to_string(), explain(*field, reason, lang))
            })
            .collect();
        visitor.id_masked = validate::cn_id(&input.id_number)
            .normalized
            .map(|n| mask_document_number(&n))
            .unwrap_or_default();
        let Some(identity) = identity else {
            visitor.form_error = lang
                .pick(
                    "请改正标红的项目后再提交",
                    "Correct the fields marked in red, then submit again",
                )
                .into();
            return Ok(());
        };
        visitor.form_error.clear();
        self.fill_check_for_registration(&identity);
        self.identify(identity)
    }

    fn fill_check_for_registration(&mut self, identity: &Identity) {
        let lang = self.lang;
        let (name, detail, visited) = match identity {
            Identity::Visitor(form, visited) => (
                form.person.name.clone(),
                format!("{} {}", lang.pick("来自", "From"), form.from),
                visited,
            ),
            Identity::Vehicle(form, visited) => (
                format!("{} · {}", form.plate, form.driver.name),
                format!(
                    "{} · {} {}",
                    words::vehicle_kind(lang, form.kind),
                    lang.pick("车上人数", "occupants"),
                    form.occupants
                ),
                visited,
            ),
            Identity::Pass(_) => return,
        };
        let check = &mut self.view.check;
        check.holder = name;
        check.category_label = match identity {
            Identity::Vehicle(..) => lang.pick("车辆", "Vehicle").into(),
            _ => words::category(lang, kakou_core::domain::Category::Visitor).into(),
        };
        check.category_rgb = match identity {
            Identity::Vehicle(..) => 0x00695c,
            _ => words::category_rgb(Some(kakou_core::domain::Category::Visitor)),
        };
        check.address = match visited {
            Some(h) => format!("{} {}", lang.pick("拜访", "Visiting"), h.address),
            None => lang
                .pick("拜访住户未匹配", "Visited household not matched")
                .into(),
        };
        check.household_status = visited
            .as_ref()
            .map(|h| words::household_status(lang, h.status).to_string())
            .unwrap_or_default();
        check.household_alert = visited
            .as_ref()
            .is_some_and(|h| h.status.confines_members());
        check.validity = detail;
        check.error.clear();
    }

    fn release(&mut self, answers: Answers, temperature: &str) -> Result<(), StoreError> {
        if self.view.screen != ScreenId::Check {
            return Ok(());
        }
        // The reading is checked before anything reaches the flow, so that a
        // typing slip leaves the answers and the flow untouched.
        if let Err(reason) = validate::parse_temperature(temperature) {
            self.view.check.error = explain(Field::Temperature, reason, self.lang);
            return Ok(());
        }
        let now = self.now();
        if matches!(self.session.state(), GateState::Ask { .. }) {
            let result = self.session.handle(Event::Answer(answers), now)?;
            self.apply(result)?;
        }
        let result = self
            .session
            .handle(Event::Reading(temperature.to_string()), now)?;
        self.apply(result)
    }

    fn remeasure(&mut self, temperature: &str) -> Result<(), StoreError> {
        if self.view.screen != ScreenId::Remeasure {
            return Ok(());
        }
        if let Err(reason) = validate::parse_temperature(temperature) {
            self.view.remeasure.error = explain(Field::Temperature, reason, self.lang);
            return Ok(());
        }
        let now = self.now();
        let result = self
            .session
            .handle(Event::Reading(temperature.to_string()), now)?;
        self.apply(result)
    }

    fn event(&mut self, event: Event) -> Result<(), StoreError> {
        let now = self.now();
        let result = self.session.handle(event, now)?;
        self.apply(result)
    }

    fn tick(&mut self) -> Result<(), StoreError> {
        let now = self.now();
        if let Some(until) = self.rest_until {
            self.view.remeasure.seconds_left = (until - now).num_seconds().max(0)
                + i64::from((until - now).subsec_nanos() > 0 && until > now);
        }
        match self.timer {
            Some(deadline) if now >= deadline => {
                let abandoned = !matches!(self.session.state(), GateState::Done { .. });
                let result = self.session.handle(Event::Timeout, now)?;
                let committed = result.committed.is_some();
                self.apply(result)?;
                if abandoned && committed {
                    self.view.gate.scan_error = self
                        .lang
                        .pick(
                            "上一位长时间未完成，已记为取消",
                            "The last person was left unfinished and is recorded as cancelled",
                        )
                        .into();
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Moves to the screens the flow's effects ask for.
    fn apply(&mut self, result: StepResult) -> Result<(), StoreError> {
        let lang = self.lang;
        for effect in &result.effects {
            match effect {
                Effect::StartTimer(at) => self.timer = Some(*at),
                Effect::Invalid { field, reason } => {
                    let message = explain(*field, reason, lang);
                    match self.view.screen {
                        ScreenId::Remeasure => self.view.remeasure.error = message,
                        ScreenId::Visitor => self.view.visitor.form_error = message,
                        _ => self.view.check.error = message,
                    }
                }
                Effect::Alert(status) => {
                    self.view.check.household_status = format!(
                        "{} {}",
                        words::household_status(lang, *status),
                        lang.pick("（已提醒组长）", "(the lead is alerted)")
                    );
                    self.view.check.household_alert = true;
                }
                Effect::Show(prompt) => self.show(prompt, &result)?,
                Effect::Commit(_) => {}
            }
        }
        Ok(())
    }

    fn show(&mut self, prompt: &Prompt, result: &StepResult) -> Result<(), StoreError> {
        let lang = self.lang;
        match prompt {
            Prompt::ShowPass => {}
            Prompt::Questions | Prompt::Measure => {
                self.rest_until = None;
                self.view.screen = ScreenId::Check;
            }
            Prompt::Remeasure { until } => {
                let first = match self.session.state() {
                    GateState::Measure { first, .. } => first.map(|t| t.to_string()),
                    _ => None,
                };
                self.rest_until = Some(*until);
                self.view.remeasure.first_reading = first.unwrap_or_default();
                self.view.remeasure.seconds_left = (*until - self.now()).num_seconds().max(0);
                self.view.remeasure.error.clear();
                self.view.inputs_generation += 1;
                self.view.screen = ScreenId::Remeasure;
            }
            Prompt::StillResting { until } => {
                let left = (*until - self.now()).num_seconds().max(1);
                self.view.remeasure.error = match lang {
                    Lang::Zh => format!("休息时间未到，请再等 {left} 秒后复测"),
                    Lang::En => format!("Still resting: measure again in {left} s"),
                };
            }
            Prompt::Released | Prompt::Refused(_) | Prompt::Referred(_) | Prompt::Cancelled => {
                let (outcome, reason) = match &result.committed {
                    Some(c) => (c.passage.outcome, c.passage.reason),
                    None => (Outcome::Cancelled, None),
                };
                self.rest_until = None;
                let outcome_view = &mut self.view.outcome;
                outcome_view.released = outcome == Outcome::Released;
                outcome_view.title = words::outcome_title(lang, outcome).into();
                outcome_view.reason = reason
                    .filter(|r| *r != Reason::Operator || outcome != Outcome::Cancelled)
                    .map(|r| words::reason(lang, r))
                    .unwrap_or_default();
                outcome_view.advice = words::advice(lang, outcome, reason).into();
                outcome_view.holder = self.view.check.holder.clone();
                self.refresh_counts()?;
                if outcome == Outcome::Cancelled && reason.is_none() {
                    // A plain cancel needs no screen of its own.
                    self.event(Event::Acknowledge)?;
                } else {
                    self.view.screen = ScreenId::Outcome;
                }
            }
            Prompt::Idle => {
                self.rest_until = None;
                self.timer = None;
                self.refresh_counts()?;
                self.show_gate();
            }
        }
        Ok(())
    }

    pub(super) fn show_gate(&mut self) {
        let (banner, detail) = words::banner_idle(self.lang, self.direction);
        self.view.gate.banner = banner;
        self.view.gate.banner_detail = detail;
        self.view.gate.direction_in = self.direction == Direction::In;
        if self.view.screen != ScreenId::Gate {
            self.view.gate.scan_error.clear();
        }
        // Leaving the visitor form or the lead screen abandons nobody: the
        // flow is back at idle unless a person is mid-check.
        if matches!(self.session.state(), GateState::Stop { .. }) {
            self.session.reset();
        }
        self.view.screen = ScreenId::Gate;
    }

    pub(super) fn refresh_counts(&mut self) -> Result<(), StoreError> {
        let now = self.now();
        let counts = today_counts(&self.session, now.date_naive())?;
        let gate = &mut self.view.gate;
        gate.count_in = counts.people_in;
        gate.count_out = counts.people_out;
        gate.count_fever = counts.fever;
        gate.count_refused = counts.refused;
        Ok(())
    }

    /// The status bar and counters, reworded (after a language switch, on start).
    pub(super) fn refresh_status(&mut self) -> Result<(), StoreError> {
        self.view.app.language = match self.lang {
            Lang::Zh => "zh".into(),
            Lang::En => "en".into(),
        };
        self.view.app.online = false;
        self.view.app.data_as_of = super::counts::data_as_of(&self.session)?
            .unwrap_or_else(|| self.lang.pick("无名册", "no ledger").into());
        self.word_camera();
        self.refresh_counts()
    }

    fn set_language(&mut self, lang: Lang) -> Result<(), StoreError> {
        self.lang = lang;
        self.refresh_status()?;
        if self.view.screen == ScreenId::Gate {
            self.show_gate();
        }
        if matches!(self.view.screen, ScreenId::Lead) {
            self.refresh_lead()?;
        }
        Ok(())
    }
}
