//! Everything the kiosk says that depends on data (prompts, reasons,
//! statuses, results), one file per language: [`zh`] and [`en`]. Fixed
//! labels are translated in the .slint files with `@tr` and
//! `lang/en/LC_MESSAGES/kakou.po`. Validator reasons are worded by
//! `kakou_core::validate::explain`, next to the rules they explain.
//!
//! Each language implements [`Words`] (`phrases.rs`) and, for the lead
//! screen's pages of running a checkpoint for weeks, [`OpsWords`]
//! (`ops.rs`, in `ops_zh.rs` and `ops_en.rs`), and for sync with the
//! district [`SyncWords`] (`sync.rs`, in `sync_zh.rs` and `sync_en.rs`);
//! a phrase missing in one language is a compile error, not an
//! untranslated string on the screen.

mod en;
mod ops;
mod ops_en;
mod ops_zh;
mod phrases;
mod sync;
mod sync_en;
mod sync_zh;
mod zh;

pub use ops::{ItemName, OpsWords};
pub use phrases::Words;
pub use sync::{SyncFacts, SyncWords};

use kakou_core::domain::{Category, Reason, VehicleKind};
use kakou_core::lang::Lang;

/// The phrases of `lang`.
pub fn words(lang: Lang) -> &'static dyn Words {
    match lang {
        Lang::Zh => &zh::Zh,
        Lang::En => &en::En,
    }
}

/// The vehicle kinds in the order of the buttons on the vehicle form.
pub const VEHICLE_KINDS: [VehicleKind; 5] = [
    VehicleKind::Delivery,
    VehicleKind::Courier,
    VehicleKind::ResidentCar,
    VehicleKind::Emergency,
    VehicleKind::Other,
];

/// A line of the day's report on the lead screen, by the code
/// `kakou_core::report::rows` gives it (`passages`, `people_in_resident`,
/// `refused_exit_quota`, `vehicles_delivery` …).
pub fn report_row(words: &dyn Words, code: &str) -> String {
    if let Some(label) = words.report_metric(code) {
        return label.into();
    }
    for prefix in [
        "people_in_",
        "people_out_",
        "refused_",
        "referred_",
        "vehicles_",
    ] {
        if let (Some(rest), Some(label)) = (code.strip_prefix(prefix), words.report_prefix(prefix))
        {
            return format!("{label}{}", report_word(words, rest));
        }
    }
    code.to_string()
}

fn report_word(words: &dyn Words, code: &str) -> String {
    if let Some(category) = Category::from_code(code) {
        return words.category_plural(category).into();
    }
    if let Some(kind) = VehicleKind::ALL.into_iter().find(|k| k.code() == code) {
        return words.vehicle_kind(kind).into();
    }
    if let Some(r) = Reason::from_code(code) {
        return words.reason(r).into();
    }
    match code {
        "total" => words.total().into(),
        _ => code.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every report code the core can give is worded in both languages, so
    /// the lead never reads a bare code.
    #[test]
    fn every_report_line_is_worded_in_both_languages() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut report = kakou_core::report::daily(
            day,
            "东门",
            &[],
            kakou_core::domain::Temperature::DEFAULT_FEVER,
        )
        .pop()
        .unwrap();
        for kind in VehicleKind::ALL {
            report.vehicles.insert(kind, 1);
        }
        for code in ["fever", "exit_quota", "expired", "operator", "timeout"] {
            report.refused.insert(code.into(), 1);
            report.referred.insert(code.into(), 1);
        }
        for lang in [Lang::Zh, Lang::En] {
            for (code, _) in kakou_core::report::rows(&report) {
                let label = report_row(words(lang), &code);
                assert!(
                    !label.contains('_') && label != code,
                    "{lang:?}: {code} is worded as {label}"
                );
            }
        }
    }
}
