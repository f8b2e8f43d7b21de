//! The shift lead's screen: PIN, the day's report, recent passages,
//! household status, revocation, shifts.

use kakou_core::domain::{HouseholdStatus, Subject};
use kakou_core::validate;

use super::controller::{Controller, NO_VOLUNTEER};
use super::counts::own_report;
use super::view::{PassageLine, ScreenId};
use super::words;
use crate::app::lead::{self, PinCheck};
use crate::store::{StoreError, passages, passes};

/// How many recent passages the lead screen lists.
const RECENT: usize = 200;

impl Controller {
    pub(super) fn pin_submit(&mut self, pin: &str) -> Result<(), StoreError> {
        let lang = self.lang;
        match lead::check_pin(self.session.store(), pin)? {
            PinCheck::Ok => {
                self.view.lead.pin_error.clear();
                self.view.lead.household_result.clear();
                self.view.lead.revoke_result.clear();
                self.view.screen = ScreenId::Lead;
                self.refresh_lead()
            }
            PinCheck::Wrong => {
                self.view.lead.pin_error = lang.pick("密码错误", "Wrong PIN").into();
                Ok(())
            }
            PinCheck::NotSet => {
                self.view.lead.pin_error = lang
                    .pick(
                        "尚未设置组长密码：请在终端运行 kakou lead-pin",
                        "No lead PIN yet: run `kakou lead-pin` on this terminal",
                    )
                    .into();
                Ok(())
            }
        }
    }

    pub(super) fn refresh_lead(&mut self) -> Result<(), StoreError> {
        self.word_camera();
        let lang = self.lang;
        let today = self.now().date_naive();
        let report = own_report(&self.session, today)?;
        let always = [
            "passages",
            "people_in_total",
            "people_out_total",
            "fever_readings",
        ];
        let lead = &mut self.view.lead;
        lead.report_title = format!("{} {}", lang.pick("今日报表", "Today's report"), today);
        lead.zero_report = report.zero_report;
        lead.report = kakou_core::report::rows(&report)
            .into_iter()
            .filter(|(code, n)| {
                code != "zero_report" && (*n > 0 || always.contains(&code.as_str()))
            })
            .map(|(code, n)| (words::report_row(lang, &code), n.to_string()))
            .collect();
        self.refresh_recent()
    }

    pub(super) fn refresh_recent(&mut self) -> Result<(), StoreError> {
        let lang = self.lang;
        let needle = self.search.trim().to_string();
        let lines = passages::recent(self.session.store().conn(), RECENT)?
            .into_iter()
            .map(|c| {
                let p = c.passage;
                let who = match &p.subject {
                    Subject::Pass { holder, .. } => holder
                        .clone()
                        .unwrap_or_else(|| lang.pick("未识别通行证", "unread pass").into()),
                    Subject::Visitor(v) => {
                        format!("{} · {} {}", v.name, lang.pick("访", "to"), v.visiting)
                    }
                    Subject::Vehicle(v) => format!("{} · {}", v.plate, v.driver.name),
                };
                let outcome = match p.reason {
                    Some(r) if p.outcome != kakou_core::domain::Outcome::Released => format!(
                        "{} · {}",
                        words::outcome_title(lang, p.outcome),
                        words::reason(lang, r)
                    ),
                    _ => words::outcome_title(lang, p.outcome).into(),
                };
                PassageLine {
                    time: p.at.format("%H:%M").to_string(),
                    who,
                    direction: words::direction(lang, p.direction).into(),
                    released: p.outcome == kakou_core::domain::Outcome::Released,
                    outcome,
                }
            })
            .filter(|line| needle.is_empty() || line.who.contains(&needle))
            .collect();
        self.view.lead.recent = lines;
        Ok(())
    }

    pub(super) fn set_household_status(
        &mut self,
        address: &str,
        status: HouseholdStatus,
    ) -> Result<(), StoreError> {
        let lang = self.lang;
        if address.trim().is_empty() {
            self.view.lead.household_result = lang
                .pick(
                    "请先输入住户地址，如 3-2-501",
                    "Type the address first, e.g. 3-2-501",
                )
                .into();
            return Ok(());
        }
        let now = self.now();
        let changed = lead::set_household_status(self.session.store_mut(), address, status, now)?;
        self.view.lead.household_result = match changed {
            Some(row) => format!(
                "{} → {}",
                row.household.address,
                words::household_status(lang, row.household.status)
            ),
            None => format!(
                "{} {}",
                lang.pick("未找到住户", "No household at"),
                address.trim()
            ),
        };
        Ok(())
    }

    pub(super) fn revoke(&mut self, serial: &str) -> Result<(), StoreError> {
        let lang = self.lang;
        let Ok(serial) = serial.trim().parse::<u64>() else {
            self.view.lead.revoke_result = lang
                .pick(
                    "证号应为卡片上印的数字",
                    "The number is the digits printed on the card",
                )
                .into();
            return Ok(());
        };
        // A gate that keeps the pass register refuses numbers it never
        // issued (a typo would otherwise block nobody and reassure the lead);
        // a gate with only the trust list takes the lead's word for it.
        let conn = self.session.store().conn();
        if passes::any(conn)? && !passes::exists(conn, serial)? {
            self.view.lead.revoke_result =
                format!("{} {serial}", lang.pick("未找到证号", "No pass numbered"));
            return Ok(());
        }
        let now = self.now();
        let newly = lead::revoke(self.session.store_mut(), serial, "lost", now)?;
        self.view.lead.revoke_result = match (newly, lang) {
            (true, kakou_core::lang::Lang::Zh) => {
                format!("证号 {serial} 已作废，该卡在本卡口将被拒绝")
            }
            (true, kakou_core::lang::Lang::En) => {
                format!("Pass {serial} revoked; this gate refuses it now")
            }
            (false, kakou_core::lang::Lang::Zh) => format!("证号 {serial} 此前已作废"),
            (false, kakou_core::lang::Lang::En) => format!("Pass {serial} was already revoked"),
        };
        Ok(())
    }

    pub(super) fn sign_in(&mut self, name: &str) -> Result<(), StoreError> {
        let lang = self.lang;
        let verdict = validate::person_name(name);
        let Some(name) = verdict.normalized.filter(|_| verdict.valid) else {
            self.view.lead.shift_result =
                validate::explain(validate::Field::Name, verdict.reason, lang);
            return Ok(());
        };
        let now = self.now();
        lead::sign_in(self.session.store_mut(), &name, now)?;
        self.session.set_operator(&name);
        self.view.app.volunteer = name.clone();
        self.view.lead.shift_result = format!("{} {name}", lang.pick("已签到：", "Signed in:"));
        Ok(())
    }

    pub(super) fn sign_out(&mut self) -> Result<(), StoreError> {
        let lang = self.lang;
        let now = self.now();
        let was = lead::sign_out(self.session.store_mut(), now)?;
        self.session.set_operator(NO_VOLUNTEER);
        self.view.app.volunteer.clear();
        self.view.lead.shift_result = if was {
            lang.pick("已签退", "Signed out").into()
        } else {
            lang.pick("当前无人签到", "Nobody was signed in").into()
        };
        Ok(())
    }
}
