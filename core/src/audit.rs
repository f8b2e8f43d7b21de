//! The audit log: who did what on the lead screen that touches people's data
//! or leaves the terminal — openings, wrong PINs, unmasking a person's
//! field, exports, prints and retention runs.
//!
//! Entries are data; the shell appends them (with the time and the lead's
//! name) and `kakou audit` lists them. The kinds have stable codes, which are
//! also the `kind` tag of the entry's JSON, so old rows stay readable.
//! No entry ever holds a full ID number or phone: an unmasking records the
//! masked form of what was shown, and every text is passed through
//! [`mask_text`] when it is worded.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::privacy::{mask_id_number, mask_phone, mask_text};

/// Which personal field a lead unmasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalField {
    IdNumber,
    Phone,
}

impl PersonalField {
    pub fn code(self) -> &'static str {
        match self {
            PersonalField::IdNumber => "id_number",
            PersonalField::Phone => "phone",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            PersonalField::IdNumber => lang.pick("证件号码", "ID number"),
            PersonalField::Phone => lang.pick("手机号", "phone number"),
        }
    }
}

/// What happened. Serialised with its code as the `kind` tag, e.g.
/// `{"kind":"wrong_pin","attempt":3}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditEvent {
    /// The lead screen was opened with the right PIN.
    LeadScreenOpened,
    /// A wrong PIN was typed; `attempt` counts the wrong ones in a row.
    WrongPin { attempt: u32 },
    /// A lead showed one person's field in full.
    Unmask {
        field: PersonalField,
        /// What the field belongs to, as the shell names it (a passage id,
        /// a ledger row); never the number itself.
        record: String,
        /// The masked form of the number that was shown, so two unmaskings
        /// of different people can be told apart without storing either.
        shown: String,
    },
    /// A file left the terminal: a report, an export, the roster.
    Export {
        /// What was exported, as the command names it (`report_daily`,
        /// `export`, `roster`, `audit` …).
        what: String,
        file: String,
        rows: u32,
    },
    /// Something was printed (pass cards, a report).
    Print { what: String, pages: u32 },
    /// The daily retention job ran (see `crate::retention`).
    RetentionRun {
        redacted: u32,
        /// Passages past the period still waiting for the district.
        held: u32,
        /// Passages that will reach the hard limit soon unacknowledged.
        warned: u32,
    },
}

impl AuditEvent {
    /// Every kind's code, in the order the lead's filter lists them.
    pub const CODES: [&'static str; 6] = [
        "lead_screen_opened",
        "wrong_pin",
        "unmask",
        "export",
        "print",
        "retention_run",
    ];

    /// Records an unmasking from the full value that was shown; only its
    /// masked form is kept, so a caller cannot put the number in the log by
    /// mistake.
    pub fn unmask(field: PersonalField, record: &str, full_value: &str) -> AuditEvent {
        let shown = match field {
            PersonalField::IdNumber => mask_id_number(full_value),
            PersonalField::Phone => mask_phone(full_value),
        };
        AuditEvent::Unmask {
            field,
            record: mask_text(record),
            shown,
        }
    }

    /// Records a file leaving the terminal. The texts are masked, because a
    /// file may be named after a person ("李四-13800138000.xlsx").
    pub fn export(what: &str, file: &str, rows: u32) -> AuditEvent {
        AuditEvent::Export {
            what: mask_text(what),
            file: mask_text(file),
            rows,
        }
    }

    /// Records a print job, its description masked as for [`AuditEvent::export`].
    pub fn print(what: &str, pages: u32) -> AuditEvent {
        AuditEvent::Print {
            what: mask_text(what),
            pages,
        }
    }

    /// The stable machine code, equal to the JSON `kind` tag.
    pub fn code(&self) -> &'static str {
        match self {
            AuditEvent::LeadScreenOpened => "lead_screen_opened",
            AuditEvent::WrongPin { .. } => "wrong_pin",
            AuditEvent::Unmask { .. } => "unmask",
            AuditEvent::Export { .. } => "export",
            AuditEvent::Print { .. } => "print",
            AuditEvent::RetentionRun { .. } => "retention_run",
        }
    }

    /// The kind's name for a filter or a column heading.
    pub fn kind_label(code: &str, lang: Lang) -> Option<&'static str> {
        let (zh, en) = match code {
            "lead_screen_opened" => ("打开组长界面", "lead screen opened"),
            "wrong_pin" => ("PIN 错误", "wrong PIN"),
            "unmask" => ("查看完整信息", "unmasked"),
            "export" => ("导出", "export"),
            "print" => ("打印", "print"),
            "retention_run" => ("过期信息清理", "retention run"),
            _ => return None,
        };
        Some(lang.pick(zh, en))
    }

    /// One sentence saying what happened, with any personal number masked.
    pub fn describe(&self, lang: Lang) -> String {
        let text = match (self, lang) {
            (AuditEvent::LeadScreenOpened, _) => {
                lang.pick("打开了组长界面", "opened the lead screen").into()
            }
            (AuditEvent::WrongPin { attempt }, Lang::Zh) => {
                format!("组长 PIN 输入错误（连续第 {attempt} 次）")
            }
            (AuditEvent::WrongPin { attempt }, Lang::En) => {
                format!("typed a wrong lead PIN ({attempt} in a row)")
            }
            (
                AuditEvent::Unmask {
                    field,
                    record,
                    shown,
                },
                Lang::Zh,
            ) => format!("查看了 {record} 的完整{}（{shown}）", field.label(lang)),
            (
                AuditEvent::Unmask {
                    field,
                    record,
                    shown,
                },
                Lang::En,
            ) => format!(
                "showed the full {} of {record} ({shown})",
                field.label(lang)
            ),
            (AuditEvent::Export { what, file, rows }, Lang::Zh) => {
                format!("导出 {what} 到 {file}（{rows} 行）")
            }
            (AuditEvent::Export { what, file, rows }, Lang::En) => {
                format!("exported {what} to {file} ({rows} rows)")
            }
            (AuditEvent::Print { what, pages }, Lang::Zh) => format!("打印 {what}（{pages} 页）"),
            (AuditEvent::Print { what, pages }, Lang::En) => {
                format!("printed {what} ({pages} pages)")
            }
            (
                AuditEvent::RetentionRun {
                    redacted,
                    held,
                    warned,
                },
                Lang::Zh,
            ) => format!(
                "清理过期个人信息：{redacted} 条已删除，{held} 条待区里确认后删除，{warned} 条即将强制删除"
            ),
            (
                AuditEvent::RetentionRun {
                    redacted,
                    held,
                    warned,
                },
                Lang::En,
            ) => format!(
                "retention run: {redacted} redacted, {held} waiting for the district, {warned} near the hard limit"
            ),
        };
        mask_text(&text)
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<FixedOffset>,
    /// Who did it: the lead's name, or the volunteer on duty for a wrong PIN
    /// typed before anyone was known.
    pub who: String,
    #[serde(flatten)]
    pub event: AuditEvent,
}

impl AuditEntry {
    /// The line `kakou audit` prints: time, who, what.
    pub fn line(&self, lang: Lang) -> String {
        format!(
            "{} {} {}",
            self.at.format("%Y-%m-%d %H:%M:%S"),
            mask_text(&self.who),
            self.event.describe(lang)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::find_personal_numbers;

    fn every_kind() -> Vec<AuditEvent> {
        vec![
            AuditEvent::LeadScreenOpened,
            AuditEvent::WrongPin { attempt: 3 },
            AuditEvent::unmask(
                PersonalField::IdNumber,
                "passage 0193a1b2",
                "11010519491231002X",
            ),
            AuditEvent::unmask(PersonalField::Phone, "passage 0193a1b2", "13800138000"),
            AuditEvent::export("report_daily", "/media/usb/day-13800138000.xlsx", 42),
            AuditEvent::print("passes for 11010519491231002X", 2),
            AuditEvent::RetentionRun {
                redacted: 10,
                held: 2,
                warned: 1,
            },
        ]
    }

    #[test]
    fn codes_are_stable_and_equal_the_json_tag() {
        let mut codes = Vec::new();
        for event in every_kind() {
            let json = serde_json::to_value(&event).unwrap();
            assert_eq!(json["kind"], event.code(), "{event:?}");
            let back: AuditEvent = serde_json::from_value(json).unwrap();
            assert_eq!(back, event);
            if !codes.contains(&event.code()) {
                codes.push(event.code());
            }
        }
        assert_eq!(codes, AuditEvent::CODES);
        for code in AuditEvent::CODES {
            assert!(AuditEvent::kind_label(code, Lang::Zh).is_some(), "{code}");
        }
        assert_eq!(AuditEvent::kind_label("nonsense", Lang::En), None);
    }

    #[test]
    fn an_entry_reads_back_from_its_stored_json() {
        let entry = AuditEntry {
            at: DateTime::parse_from_rfc3339("2026-11-24T08:00:00+08:00").unwrap(),
            who: "王组长".into(),
            event: AuditEvent::WrongPin { attempt: 2 },
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert!(json.contains("\"kind\":\"wrong_pin\""), "{json}");
        assert_eq!(serde_json::from_str::<AuditEntry>(&json).unwrap(), entry);
        assert_eq!(
            entry.line(Lang::Zh),
            "2026-11-24 08:00:00 王组长 组长 PIN 输入错误（连续第 2 次）"
        );
        assert_eq!(
            entry.line(Lang::En),
            "2026-11-24 08:00:00 王组长 typed a wrong lead PIN (2 in a row)"
        );
    }

    #[test]
    fn no_audit_text_holds_a_full_personal_number() {
        for event in every_kind() {
            let json = serde_json::to_string(&event).unwrap();
            assert!(find_personal_numbers(&json).is_empty(), "{json}");
            for lang in [Lang::Zh, Lang::En] {
                let text = event.describe(lang);
                assert!(find_personal_numbers(&text).is_empty(), "{text}");
                assert!(!text.is_empty());
            }
        }
        let AuditEvent::Unmask { shown, .. } =
            AuditEvent::unmask(PersonalField::IdNumber, "r", "11010519491231002X")
        else {
            unreachable!()
        };
        assert_eq!(shown, "110105********002X");
    }
}
