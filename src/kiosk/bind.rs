//! The UI thread's side: copies a [`View`] into the Slint adapters and
//! turns the adapters' callbacks into [`Intent`]s. Nothing here touches the
//! store; keys of the on-screen keypads are handled in place.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use kakou_core::domain::{Answers, Direction, HouseholdStatus};
use kakou_core::lang::Lang;
use kakou_scan::{WedgeAssembler, WedgeConfig};

use super::controller::{Intent, RegistrationInput};
use super::keypad;
use super::view::{ScreenId, View};
use super::{
    AppAdapter, AppWindow, CheckAdapter, GateAdapter, LeadAdapter, OutcomeAdapter, PassageRow,
    RemeasureAdapter, ReportRow, Screen, VisitorAdapter,
};

/// Where intents go: to the worker thread, or straight to a controller in tests.
pub type Send = Rc<dyn Fn(Intent)>;

/// Selects the bundled translation for `lang`. Chinese is the source
/// language, so it is the empty selection.
pub fn select_language(lang: Lang) {
    let code = match lang {
        Lang::Zh => "",
        Lang::En => "en",
    };
    if let Err(e) = slint::select_bundled_translation(code) {
        eprintln!("kakou kiosk: cannot switch language: {e}");
    }
}

fn screen(id: ScreenId) -> Screen {
    match id {
        ScreenId::Gate => Screen::Gate,
        ScreenId::Check => Screen::Check,
        ScreenId::Remeasure => Screen::Remeasure,
        ScreenId::Visitor => Screen::Visitor,
        ScreenId::Outcome => Screen::Outcome,
        ScreenId::Pin => Screen::Pin,
        ScreenId::Lead => Screen::Lead,
    }
}

fn s(text: &str) -> SharedString {
    SharedString::from(text)
}

fn rgb(value: u32) -> slint::Color {
    slint::Color::from_rgb_u8((value >> 16) as u8, (value >> 8) as u8, value as u8)
}

/// Copies the view into the window. Inputs the volunteer owns (answers,
/// keypad text, form fields) are only cleared when a new person starts.
pub struct Binder {
    generation: Cell<u64>,
    language: RefCell<String>,
    camera: RefCell<CameraFollow>,
}

/// Who is told the view's camera choice, and the choice last told.
#[derive(Default)]
struct CameraFollow {
    told: Option<Option<u32>>,
    follow: Option<Box<dyn FnMut(Option<u32>)>>,
}

impl Default for Binder {
    fn default() -> Self {
        Binder {
            generation: Cell::new(u64::MAX),
            language: RefCell::new(String::new()),
            camera: RefCell::default(),
        }
    }
}

impl Binder {
    /// Has `follow` told the camera choice of every view applied from now
    /// on, when it differs from the last one told.
    pub fn follow_camera(&self, follow: impl FnMut(Option<u32>) + 'static) {
        *self.camera.borrow_mut() = CameraFollow {
            told: None,
            follow: Some(Box::new(follow)),
        };
    }

    fn tell_camera(&self, choice: Option<u32>) {
        let mut camera = self.camera.borrow_mut();
        if camera.told == Some(choice) {
            return;
        }
        if let Some(follow) = camera.follow.as_mut() {
            follow(choice);
            camera.told = Some(choice);
        }
    }

    pub fn apply(&self, ui: &AppWindow, view: &View) {
        self.tell_camera(view.app.camera);
        if *self.language.borrow() != view.app.language {
            select_language(Lang::parse(&view.app.language).unwrap_or_default());
            *self.language.borrow_mut() = view.app.language.clone();
        }
        if self.generation.get() != view.inputs_generation {
            self.generation.set(view.inputs_generation);
            clear_inputs(ui);
        }
        let app = ui.global::<AppAdapter>();
        app.set_screen(screen(view.screen));
        app.set_demo(view.app.demo);
        app.set_online(view.app.online);
        app.set_data_as_of(s(&view.app.data_as_of));
        app.set_checkpoint(s(&view.app.checkpoint));
        app.set_volunteer(s(&view.app.volunteer));
        app.set_language(s(&view.app.language));

        let gate = ui.global::<GateAdapter>();
        let g = &view.gate;
        gate.set_banner(s(&g.banner));
        gate.set_banner_detail(s(&g.banner_detail));
        gate.set_direction_in(g.direction_in);
        gate.set_count_in(g.count_in as i32);
        gate.set_count_out(g.count_out as i32);
        gate.set_count_fever(g.count_fever as i32);
        gate.set_count_refused(g.count_refused as i32);
        gate.set_camera_status(s(&g.camera_status));
        gate.set_camera_live(g.camera_live);
        gate.set_scan_error(s(&g.scan_error));

        let check = ui.global::<CheckAdapter>();
        let c = &view.check;
        check.set_holder(s(&c.holder));
        check.set_category_label(s(&c.category_label));
        check.set_category_color(rgb(c.category_rgb));
        check.set_address(s(&c.address));
        check.set_household_status(s(&c.household_status));
        check.set_household_alert(c.household_alert);
        check.set_validity(s(&c.validity));
        check.set_error(s(&c.error));

        let remeasure = ui.global::<RemeasureAdapter>();
        let r = &view.remeasure;
        remeasure.set_first_reading(s(&r.first_reading));
        remeasure.set_seconds_left(r.seconds_left as i32);
        remeasure.set_error(s(&r.error));

        let visitor = ui.global::<VisitorAdapter>();
        let v = &view.visitor;
        visitor.set_vehicle(v.vehicle);
        visitor.set_id_masked(s(&v.id_masked));
        visitor.set_visiting_match(s(&v.visiting_match));
        visitor.set_name_error(s(v.error("name")));
        visitor.set_id_error(s(v.error("id_number")));
        visitor.set_phone_error(s(v.error("phone")));
        visitor.set_plate_error(s(v.error("plate")));
        visitor.set_from_error(s(v.error("from")));
        visitor.set_visiting_error(s(v.error("visiting")));
        visitor.set_occupants_error(s(v.error("occupants")));
        visitor.set_form_error(s(&v.form_error));

        let outcome = ui.global::<OutcomeAdapter>();
        let o = &view.outcome;
        outcome.set_released(o.released);
        outcome.set_title(s(&o.title));
        outcome.set_reason(s(&o.reason));
        outcome.set_advice(s(&o.advice));
        outcome.set_holder(s(&o.holder));

        let lead = ui.global::<LeadAdapter>();
        let l = &view.lead;
        lead.set_pin_error(s(&l.pin_error));
        lead.set_report_title(s(&l.report_title));
        lead.set_zero_report(l.zero_report);
        set_rows(
            &lead.get_report(),
            l.report
                .iter()
                .map(|(label, value)| ReportRow {
                    label: s(label),
                    value: s(value),
                })
                .collect(),
            |m| lead.set_report(m),
        );
        set_rows(
            &lead.get_recent(),
            l.recent
                .iter()
                .map(|p| PassageRow {
                    time: s(&p.time),
                    who: s(&p.who),
                    direction: s(&p.direction),
                    outcome: s(&p.outcome),
                    released: p.released,
                })
                .collect(),
            |m| lead.set_recent(m),
        );
        lead.set_household_result(s(&l.household_result));
        lead.set_revoke_result(s(&l.revoke_result));
        lead.set_shift_result(s(&l.shift_result));
        lead.set_camera_choice(s(&l.camera_choice));
        lead.set_camera_note(s(&l.camera_note));
        lead.set_camera_counts(s(&l.camera_counts));
        set_rows(
            &lead.get_cameras(),
            l.cameras.iter().map(|c| s(c)).collect(),
            |m| lead.set_cameras(m),
        );
    }
}

/// Replaces a list model only when its rows changed, so that a list the
/// lead is scrolling does not jump every second.
fn set_rows<T: Clone + PartialEq + 'static>(
    current: &ModelRc<T>,
    rows: Vec<T>,
    set: impl FnOnce(ModelRc<T>),
) {
    let same = current.row_count() == rows.len()
        && rows
            .iter()
            .enumerate()
            .all(|(i, r)| current.row_data(i).as_ref() == Some(r));
    if !same {
        set(ModelRc::new(VecModel::from(rows)));
    }
}

fn clear_inputs(ui: &AppWindow) {
    let check = ui.global::<CheckAdapter>();
    check.set_travel(false);
    check.set_contact(false);
    check.set_symptoms(false);
    check.set_temperature(SharedString::new());
    ui.global::<RemeasureAdapter>()
        .set_temperature(SharedString::new());
    let visitor = ui.global::<VisitorAdapter>();
    for set in [
        VisitorAdapter::set_name,
        VisitorAdapter::set_id_number,
        VisitorAdapter::set_phone,
        VisitorAdapter::set_plate,
        VisitorAdapter::set_from,
        VisitorAdapter::set_visiting,
    ] {
        set(&visitor, SharedString::new());
    }
    visitor.set_kind_index(0);
    visitor.set_occupants(1);
}

/// Connects every callback of the adapters to `send`. `on_exit` runs when
/// the lead chooses to leave the program.
pub fn wire(ui: &AppWindow, send: Send, on_exit: Rc<dyn Fn()>) {
    let weak = ui.as_weak();
    let gate = ui.global::<GateAdapter>();
    {
        let send = send.clone();
        gate.on_scanned(move |text| send(Intent::Scan(text.to_string())));
    }
    {
        // A USB scanner in keyboard mode types fast and ends with Enter;
        // the assembler tells it apart from a person at the keyboard.
        let send = send.clone();
        let wedge = RefCell::new(WedgeAssembler::new(WedgeConfig::default()));
        let started = Instant::now();
        gate.on_key_typed(move |text| {
            for key in text.chars() {
                let key = if key == '\r' { '\n' } else { key };
                if let Some(code) = wedge.borrow_mut().feed(key, started.elapsed()) {
                    send(Intent::Scan(code));
                }
            }
        });
    }
    {
        let send = send.clone();
        gate.on_set_direction(move |inward| {
            send(Intent::SetDirection(if inward {
                Direction::In
            } else {
                Direction::Out
            }))
        });
    }
    {
        let send = send.clone();
        gate.on_register_visitor(move || send(Intent::StartRegistration { vehicle: false }));
    }
    {
        let send = send.clone();
        gate.on_register_vehicle(move || send(Intent::StartRegistration { vehicle: true }));
    }
    {
        let send = send.clone();
        gate.on_open_lead(move || send(Intent::OpenLead));
    }
    {
        let send = send.clone();
        gate.on_demo_scan(move || send(Intent::DemoScan(None)));
    }

    let check = ui.global::<CheckAdapter>();
    {
        let weak = weak.clone();
        check.on_key(move |key| {
            edit_temperature(&weak, Reading::First, |t| keypad::temperature_key(t, &key))
        });
    }
    {
        let weak = weak.clone();
        check.on_erase(move || edit_temperature(&weak, Reading::First, keypad::erase));
    }
    {
        let send = send.clone();
        let weak = weak.clone();
        check.on_release(move || {
            if let Some(ui) = weak.upgrade() {
                let c = ui.global::<CheckAdapter>();
                send(Intent::Release {
                    answers: Answers {
                        travel_14d: c.get_travel(),
                        contact_14d: c.get_contact(),
                        symptoms: c.get_symptoms(),
                    },
                    temperature: c.get_temperature().to_string(),
                });
            }
        });
    }
    {
        let send = send.clone();
        check.on_refuse(move || send(Intent::Refuse));
    }
    {
        let send = send.clone();
        check.on_cancel(move || send(Intent::Cancel));
    }

    let remeasure = ui.global::<RemeasureAdapter>();
    {
        let weak = weak.clone();
        remeasure.on_key(move |key| {
            edit_temperature(&weak, Reading::Second, |t| keypad::temperature_key(t, &key))
        });
    }
    {
        let weak = weak.clone();
        remeasure.on_erase(move || edit_temperature(&weak, Reading::Second, keypad::erase));
    }
    {
        let send = send.clone();
        let weak = weak.clone();
        remeasure.on_submit(move || {
            if let Some(ui) = weak.upgrade() {
                let t = ui.global::<RemeasureAdapter>().get_temperature();
                send(Intent::Remeasure(t.to_string()));
            }
        });
    }
    {
        let send = send.clone();
        remeasure.on_refer(move || send(Intent::Refer));
    }

    let visitor = ui.global::<VisitorAdapter>();
    {
        let send = send.clone();
        visitor.on_edited(move |field, text| {
            send(Intent::FieldEdited {
                field: field.to_string(),
                text: text.to_string(),
            })
        });
    }
    {
        let send = send.clone();
        let weak = weak.clone();
        visitor.on_submit(move || {
            if let Some(ui) = weak.upgrade() {
                let v = ui.global::<VisitorAdapter>();
                send(Intent::SubmitRegistration(RegistrationInput {
                    vehicle: v.get_vehicle(),
                    name: v.get_name().to_string(),
                    id_number: v.get_id_number().to_string(),
                    phone: v.get_phone().to_string(),
                    plate: v.get_plate().to_string(),
                    from: v.get_from().to_string(),
                    visiting: v.get_visiting().to_string(),
                    kind_index: usize::try_from(v.get_kind_index()).unwrap_or(0),
                    occupants: u32::try_from(v.get_occupants()).unwrap_or(0),
                }));
            }
        });
    }
    {
        let send = send.clone();
        visitor.on_cancel(move || send(Intent::Cancel));
    }

    {
        let send = send.clone();
        ui.global::<OutcomeAdapter>()
            .on_done(move || send(Intent::Acknowledge));
    }

    let lead = ui.global::<LeadAdapter>();
    // The PIN never leaves the UI thread until it is submitted.
    let pin = Rc::new(RefCell::new(String::new()));
    {
        let (pin, weak) = (pin.clone(), weak.clone());
        lead.on_pin_key(move |key| {
            let next = keypad::pin_key(&pin.borrow(), &key);
            show_pin(&weak, &next);
            *pin.borrow_mut() = next;
        });
    }
    {
        let (pin, weak) = (pin.clone(), weak.clone());
        lead.on_pin_erase(move || {
            let next = keypad::erase(&pin.borrow());
            show_pin(&weak, &next);
            *pin.borrow_mut() = next;
        });
    }
    {
        let (pin, weak, send) = (pin.clone(), weak.clone(), send.clone());
        lead.on_pin_submit(move || {
            let typed = pin.take();
            show_pin(&weak, "");
            send(Intent::PinSubmit(typed));
        });
    }
    {
        let (pin, weak, send) = (pin.clone(), weak.clone(), send.clone());
        lead.on_close(move || {
            pin.take();
            show_pin(&weak, "");
            send(Intent::CloseLead);
        });
    }
    {
        let send = send.clone();
        lead.on_search_edited(move |text| send(Intent::Search(text.to_string())));
    }
    {
        let send = send.clone();
        lead.on_set_status(move |address, status| {
            if let Some(status) = HouseholdStatus::from_code(&status) {
                send(Intent::SetHouseholdStatus(address.to_string(), status));
            }
        });
    }
    {
        let send = send.clone();
        lead.on_revoke(move |serial, _reason| send(Intent::Revoke(serial.to_string())));
    }
    {
        let send = send.clone();
        lead.on_sign_in(move |name| send(Intent::SignIn(name.to_string())));
    }
    {
        let send = send.clone();
        lead.on_sign_out(move || send(Intent::SignOut));
    }
    {
        let send = send.clone();
        lead.on_next_camera(move || send(Intent::NextCamera));
    }
    lead.on_exit_app(move || on_exit());
    {
        let send = send.clone();
        ui.global::<AppAdapter>().on_set_language(move |code| {
            if let Some(lang) = Lang::parse(&code) {
                send(Intent::SetLanguage(lang));
            }
        });
    }
}

/// The two temperature displays the keypads type into.
#[derive(Clone, Copy)]
enum Reading {
    /// On the check screen.
    First,
    /// On the re-measure screen.
    Second,
}

/// Applies a keypad edit to a temperature display; the text lives in the
/// UI until the volunteer submits it.
fn edit_temperature(
    weak: &slint::Weak<AppWindow>,
    reading: Reading,
    edit: impl Fn(&str) -> String,
) {
    let Some(ui) = weak.upgrade() else { return };
    match reading {
        Reading::First => {
            let c = ui.global::<CheckAdapter>();
            c.set_temperature(edit(&c.get_temperature()).into());
        }
        Reading::Second => {
            let r = ui.global::<RemeasureAdapter>();
            r.set_temperature(edit(&r.get_temperature()).into());
        }
    }
}

fn show_pin(weak: &slint::Weak<AppWindow>, pin: &str) {
    if let Some(ui) = weak.upgrade() {
        ui.global::<LeadAdapter>()
            .set_pin_dots("●".repeat(pin.chars().count()).into());
    }
}
