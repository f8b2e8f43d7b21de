//! The duty roster: imported from a sheet (xlsx or csv), replacing the
//! stored roster in one transaction, exported as xlsx, and shown on the
//! lead screen as the week with its gaps. Reading and checking the sheet is
//! `kakou_core::roster`'s; this keeps and returns what it decided.

use std::path::Path;

use chrono::NaiveDate;
use kakou_core::lang::Lang;
use kakou_core::ledger::RowError;
use kakou_core::roster::{self, Roster, RosterError, WeekView};
use rust_xlsxwriter::{Format, Workbook};

use super::{AppError, Terminal};
use crate::ledger::{ReadError, read_rows};
use crate::store::{StoreError, roster as stored};

/// What an import did, or why it did nothing.
#[derive(Debug)]
pub enum RosterImport {
    /// The stored roster is now the sheet's, with this many shifts.
    Imported { shifts: usize },
    /// Rows with problems (overlapping shifts among them); nothing changed.
    /// Every problem is listed.
    Rejected(Vec<RowError>),
}

#[derive(Debug, thiserror::Error)]
pub enum RosterFileError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: {error}")]
    Sheet { file: String, error: RosterError },
    #[error("cannot write the roster sheet: {0}")]
    Xlsx(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl RosterFileError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RosterFileError::Read(e) => e.code(),
            RosterFileError::Sheet { error, .. } => error.code(),
            RosterFileError::Xlsx(_) => "xlsx",
            RosterFileError::App(_) => "store",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            RosterFileError::Read(e) => e.message(lang),
            RosterFileError::Sheet { file, error } => format!("{file}: {}", error.message(lang)),
            RosterFileError::Xlsx(why) => match lang {
                Lang::Zh => format!("无法生成排班表：{why}"),
                Lang::En => self.to_string(),
            },
            RosterFileError::App(e) => e.message(lang),
        }
    }
}

/// The stored roster. A stored roster the core refuses (two shifts that
/// overlap) was written around `kakou roster import` and is a store fault.
pub fn load(terminal: &Terminal) -> Result<Roster, AppError> {
    let shifts = stored::all(terminal.store().conn())?;
    Roster::new(shifts).map_err(|conflicts| {
        StoreError::Damaged(format!(
            "the stored roster has {} overlapping shifts; import the roster again",
            conflicts.len()
        ))
        .into()
    })
}

/// Reads the roster sheet at `file` (xlsx, first sheet, or csv) and makes
/// it the stored roster, or lists every problem and changes nothing.
pub fn import(
    terminal: &mut Terminal,
    file: &Path,
    lang: Lang,
) -> Result<RosterImport, RosterFileError> {
    let rows = read_rows(file)?;
    import_rows(terminal, &rows, lang).map_err(|e| match e {
        RosterFileError::Sheet { error, .. } => RosterFileError::Sheet {
            file: file.display().to_string(),
            error,
        },
        other => other,
    })
}

/// [`import`] for rows already read (the demo's bundled roster).
pub fn import_rows(
    terminal: &mut Terminal,
    rows: &[Vec<String>],
    lang: Lang,
) -> Result<RosterImport, RosterFileError> {
    let roster = match roster::parse(rows, lang) {
        Ok(roster) => roster,
        Err(RosterError::Rows(errors)) => return Ok(RosterImport::Rejected(errors)),
        Err(error) => {
            return Err(RosterFileError::Sheet {
                file: String::new(),
                error,
            });
        }
    };
    let shifts = roster.shifts();
    terminal
        .store_mut()
        .write(|tx| stored::replace(tx, shifts))
        .map_err(AppError::from)?;
    Ok(RosterImport::Imported {
        shifts: shifts.len(),
    })
}

/// The stored roster as an xlsx workbook, headers in `lang`; it imports
/// back to the same roster. Every cell is text, so "08:00" stays "08:00".
pub fn export(terminal: &Terminal, lang: Lang) -> Result<Vec<u8>, RosterFileError> {
    let rows = roster::to_rows(&load(terminal)?, lang);
    sheet_bytes(&rows, lang).map_err(|e| RosterFileError::Xlsx(e.to_string()))
}

fn sheet_bytes(rows: &[Vec<String>], lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_num_format("@").set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("排班表", "roster"))?;
    for (r, row) in rows.iter().enumerate() {
        let format = if r == 0 { &header } else { &text };
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string_with_format(r as u32, c as u16, cell, format)?;
        }
    }
    for (c, width) in [14.0, 10.0, 10.0, 30.0, 14.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    workbook.save_to_buffer()
}

/// The week (Monday to Sunday) of `today`, with its gaps.
pub fn week(terminal: &Terminal, today: NaiveDate) -> Result<WeekView, AppError> {
    Ok(roster::week(&load(terminal)?, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::test_terminal;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    const HEADER: &[&str] = &["日期/星期", "开始时间", "结束时间", "值班人员", "负责人"];

    #[test]
    fn an_import_replaces_the_roster_and_a_bad_sheet_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let good = rows(&[
            HEADER,
            &["每天", "00:00", "08:00", "赵一", "孙三"],
            &["每天", "08:00", "16:00", "李四、周五", ""],
        ]);
        let done = import_rows(&mut t, &good, Lang::Zh).unwrap();
        assert!(matches!(done, RosterImport::Imported { shifts: 2 }));
        let before = load(&t).unwrap();
        let bad = rows(&[
            HEADER,
            &["每天", "07:00", "09:00", "郑七", ""],
            &["每天", "08:00", "16:00", "李四", ""],
            &["某天", "25:00", "08:00", "王八", ""],
        ]);
        let RosterImport::Rejected(errors) = import_rows(&mut t, &bad, Lang::Zh).unwrap() else {
            panic!("a sheet with overlaps and bad cells is refused")
        };
        let reasons: Vec<&str> = errors.iter().map(|e| e.reason.as_str()).collect();
        assert!(reasons.contains(&"overlap"), "{reasons:?}");
        assert!(reasons.contains(&"bad_day"), "{reasons:?}");
        assert!(reasons.contains(&"bad_time"), "{reasons:?}");
        assert_eq!(load(&t).unwrap(), before, "the old roster stays");
        let empty = import_rows(&mut t, &rows(&[]), Lang::En).unwrap_err();
        assert_eq!(empty.code(), "empty");
        assert_eq!(load(&t).unwrap(), before);
    }

    #[test]
    fn an_export_reads_back_as_the_same_roster() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = test_terminal(dir.path());
        let sheet = rows(&[
            HEADER,
            &["周一至周五", "08:00", "16:00", "李四、周五", "吴六"],
            &["周六、周日", "22:00", "06:00", "", ""],
            &["2026-11-28", "08:00", "24:00", "郑七", "郑七"],
        ]);
        import_rows(&mut t, &sheet, Lang::Zh).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let file = dir.path().join(format!("roster-{}.xlsx", lang.code()));
            std::fs::write(&file, export(&t, lang).unwrap()).unwrap();
            let read = read_rows(&file).unwrap();
            assert_eq!(read[1][1], "08:00", "times stay text");
            assert_eq!(roster::parse(&read, lang).unwrap(), load(&t).unwrap());
        }
    }
}
