//! The roster as a spreadsheet: one row per shift (date or weekday, start,
//! end, volunteers, lead). The shell reads xlsx or csv into rows of text;
//! this module maps the headers, checks every cell and reports every problem
//! at once, in the shape of the resident ledger's errors
//! ([`crate::ledger::RowError`]); and writes a roster back as rows that read
//! in again unchanged.

use std::collections::HashMap;

use serde::Serialize;

use super::time::parse_slot_text;
use super::{Roster, Shift, Slot, When, format_time, parse_time};
use crate::lang::Lang;
use crate::ledger::RowError;
use crate::validate::{self, Field, Rule};

/// The columns of a roster sheet. Headers are matched by the names below,
/// Chinese as offices write them, or English; the first is the template's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// A date or weekday words (see [`When::parse`]).
    Day,
    Start,
    End,
    /// Start and end in one cell (`08:00-16:00`), instead of two columns.
    Slot,
    Volunteers,
    Lead,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Day,
        Column::Start,
        Column::End,
        Column::Slot,
        Column::Volunteers,
        Column::Lead,
    ];

    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Day => &[
                "日期/星期",
                "日期",
                "星期",
                "值班日期",
                "day",
                "date",
                "weekday",
            ],
            Column::Start => &["开始时间", "开始", "start"],
            Column::End => &["结束时间", "结束", "end"],
            Column::Slot => &["时段", "班次时间", "值班时间", "slot", "time"],
            Column::Volunteers => &["值班人员", "志愿者", "人员", "volunteers"],
            Column::Lead => &["负责人", "带班负责人", "带班", "组长", "lead"],
        }
    }

    /// The template's header in the given language.
    pub fn header(self, lang: Lang) -> &'static str {
        let headers = self.headers();
        match lang {
            Lang::Zh => headers[0],
            Lang::En => headers
                .iter()
                .find(|h| h.is_ascii())
                .copied()
                .unwrap_or(headers[0]),
        }
    }

    pub fn from_header(header: &str) -> Option<Column> {
        let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.headers().iter().any(|name| *name == h))
    }
}

/// Why a roster sheet was refused. Nothing of a refused sheet is used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("the sheet has no header row")]
    Empty,
    #[error("the sheet has a header but no shifts")]
    NoRows,
    #[error("required columns are missing: {0:?}")]
    MissingColumns(Vec<&'static str>),
    #[error("the same column appears twice: {0}")]
    DuplicateColumn(String),
    #[error("{} problems in the rows", .0.len())]
    Rows(Vec<RowError>),
}

impl RosterError {
    pub fn code(&self) -> &'static str {
        match self {
            RosterError::Empty => "empty",
            RosterError::NoRows => "no_rows",
            RosterError::MissingColumns(_) => "missing_columns",
            RosterError::DuplicateColumn(_) => "duplicate_column",
            RosterError::Rows(_) => "rows",
        }
    }

    /// A one-paragraph explanation in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RosterError::Empty, Lang::Zh) => "表格是空的，没有表头行".into(),
            (RosterError::NoRows, Lang::Zh) => "表格只有表头，没有班次".into(),
            (RosterError::MissingColumns(c), Lang::Zh) => format!(
                "缺少必需的列：{}（表头为 日期/星期、开始时间、结束时间、值班人员、负责人）",
                c.join("、")
            ),
            (RosterError::MissingColumns(c), Lang::En) => format!(
                "required columns are missing: {} (the headers are day, start, end, volunteers, lead)",
                c.join(", ")
            ),
            (RosterError::DuplicateColumn(c), Lang::Zh) => format!("列“{c}”出现了两次"),
            (RosterError::Rows(rows), Lang::Zh) => {
                format!("有 {} 处错误，排班表未导入", rows.len())
            }
            (RosterError::Rows(rows), Lang::En) => {
                format!("{} problems; the roster was not imported", rows.len())
            }
            (other, Lang::En) => other.to_string(),
        }
    }
}

fn cell_message(reason: &str, lang: Lang, other_row: Option<usize>) -> String {
    let (zh, en) = match reason {
        "missing" => ("此项必填", "this cell must be filled in"),
        "bad_day" => (
            "应为日期（2026-11-24）或星期（周一、每天、工作日、周一至周五）",
            "write a date (2026-11-24) or weekdays (Mon, every day, weekdays, Mon-Fri)",
        ),
        "bad_time" => (
            "时间应写成 08:00（结束时间可写 24:00）",
            "write times as 08:00 (an end may be 24:00)",
        ),
        "bad_slot" => ("时段应写成 08:00-16:00", "write a slot as 08:00-16:00"),
        "empty_slot" => (
            "开始和结束时间相同；全天请写 00:00 到 24:00",
            "the start and the end are the same; a whole day is 00:00 to 24:00",
        ),
        "several_leads" => ("每个班次只写一位负责人", "a slot has exactly one lead"),
        "overlap" => {
            let row = other_row.unwrap_or_default();
            return match lang {
                Lang::Zh => format!("与第 {row} 行的班次时间重叠"),
                Lang::En => format!("overlaps the shift in row {row}"),
            };
        }
        other => {
            return match Rule::from_code(other) {
                Some(rule) => validate::explain(Field::Name, rule, lang),
                None => lang.pick("内容无效", "invalid value").to_string(),
            };
        }
    };
    lang.pick(zh, en).to_string()
}

/// Characters that separate names in one cell: 张三、李四 / Zhang, Li.
const NAME_SEPARATORS: [char; 8] = ['、', ',', '，', ';', '；', '/', '\n', '|'];

/// Reads a roster sheet; the first row is the header. Either every row is
/// valid and the roster comes back, or every problem is listed.
///
/// Empty volunteer and lead cells are allowed: a planned slot nobody has
/// taken yet is exactly what the week view must show as a gap.
pub fn parse(rows: &[Vec<String>], lang: Lang) -> Result<Roster, RosterError> {
    let Some((header, body)) = rows.split_first() else {
        return Err(RosterError::Empty);
    };
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(RosterError::Empty);
    }
    let mut columns: HashMap<Column, (usize, String)> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = Column::from_header(h) {
            if columns.insert(c, (i, h.trim().to_string())).is_some() {
                return Err(RosterError::DuplicateColumn(h.trim().to_string()));
            }
        }
    }
    let has = |c: Column| columns.contains_key(&c);
    let two_columns = has(Column::Start) && has(Column::End);
    let mut missing: Vec<&'static str> = [Column::Day, Column::Volunteers, Column::Lead]
        .into_iter()
        .filter(|c| !has(*c))
        .map(|c| c.header(lang))
        .collect();
    if !two_columns && !has(Column::Slot) {
        missing.push(lang.pick("开始时间+结束时间 或 时段", "start+end or slot"));
    }
    if !missing.is_empty() {
        return Err(RosterError::MissingColumns(missing));
    }
    let body: Vec<(usize, &Vec<String>)> = body
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if body.is_empty() {
        return Err(RosterError::NoRows);
    }

    let header_of = |c: Column| {
        columns
            .get(&c)
            .map_or_else(|| c.header(lang).to_string(), |(_, h)| h.clone())
    };
    let mut errors = Vec::new();
    let mut shifts: Vec<(usize, Shift)> = Vec::new();
    for (row_number, row) in body {
        let cell = |c: Column| -> &str {
            columns
                .get(&c)
                .and_then(|(i, _)| row.get(*i))
                .map_or("", |s| s.trim())
        };
        let errors_before = errors.len();
        let mut fail = |c: Column, reason: &str, value: &str| {
            errors.push(RowError {
                row: row_number,
                column: header_of(c),
                value: value.to_string(),
                reason: reason.to_string(),
                message: cell_message(reason, lang, None),
            });
        };

        let day_text = cell(Column::Day);
        let when = if day_text.is_empty() {
            fail(Column::Day, "missing", day_text);
            None
        } else {
            When::parse(day_text).or_else(|| {
                fail(Column::Day, "bad_day", day_text);
                None
            })
        };

        let slot = read_slot(&cell, two_columns, &mut fail);

        let mut volunteers: Vec<String> = Vec::new();
        let volunteers_text = cell(Column::Volunteers);
        for name in volunteers_text.split(NAME_SEPARATORS) {
            if name.trim().is_empty() {
                continue;
            }
            let verdict = validate::person_name(name);
            match verdict.normalized {
                Some(name) if verdict.valid => {
                    if !volunteers.contains(&name) {
                        volunteers.push(name);
                    }
                }
                _ => fail(Column::Volunteers, verdict.reason.code(), name.trim()),
            }
        }

        let lead_text = cell(Column::Lead);
        let lead = if lead_text.is_empty() {
            None
        } else if lead_text.contains(NAME_SEPARATORS) {
            fail(Column::Lead, "several_leads", lead_text);
            None
        } else {
            let verdict = validate::person_name(lead_text);
            if !verdict.valid {
                fail(Column::Lead, verdict.reason.code(), lead_text);
            }
            verdict.normalized
        };

        if let (Some(when), Some(slot), true) = (when, slot, errors.len() == errors_before) {
            shifts.push((
                row_number,
                Shift {
                    when,
                    slot,
                    volunteers,
                    lead,
                },
            ));
        }
    }

    let time_column = if two_columns {
        Column::Start
    } else {
        Column::Slot
    };
    let (rows_of, shifts): (Vec<usize>, Vec<Shift>) = shifts.into_iter().unzip();
    let roster = match Roster::new(shifts) {
        Ok(roster) => Some(roster),
        Err(conflicts) => {
            for c in conflicts {
                let (first, second) = (rows_of[c.first], rows_of[c.second]);
                let value = row_text(rows, second, &columns, time_column);
                errors.push(RowError {
                    row: second,
                    column: header_of(time_column),
                    value,
                    reason: "overlap".into(),
                    message: cell_message("overlap", lang, Some(first)),
                });
            }
            None
        }
    };
    match roster {
        Some(roster) if errors.is_empty() => Ok(roster),
        _ => {
            errors.sort_by_key(|e| e.row);
            Err(RosterError::Rows(errors))
        }
    }
}

/// Reads a row's slot from its start and end cells, or from its slot cell
/// (also when a sheet has both kinds of column and this row fills only the
/// slot cell).
fn read_slot<'a>(
    cell: &dyn Fn(Column) -> &'a str,
    two_columns: bool,
    fail: &mut dyn FnMut(Column, &str, &str),
) -> Option<Slot> {
    let slot_only = cell(Column::Start).is_empty()
        && cell(Column::End).is_empty()
        && !cell(Column::Slot).is_empty();
    let (start, end) = if two_columns && !slot_only {
        let mut time = |c: Column, as_end: bool| {
            let text = cell(c);
            if text.is_empty() {
                fail(c, "missing", text);
                return None;
            }
            parse_time(text, as_end).or_else(|| {
                fail(c, "bad_time", text);
                None
            })
        };
        let start = time(Column::Start, false);
        let end = time(Column::End, true);
        (start?, end?)
    } else {
        let text = cell(Column::Slot);
        if text.is_empty() {
            fail(Column::Slot, "missing", text);
            return None;
        }
        let Some(pair) = parse_slot_text(text) else {
            fail(Column::Slot, "bad_slot", text);
            return None;
        };
        pair
    };
    let slot = Slot::new(start, end);
    if slot.is_none() {
        let column = if two_columns && !slot_only {
            Column::End
        } else {
            Column::Slot
        };
        fail(column, "empty_slot", &format_time(end));
    }
    slot
}

/// The time cell(s) of a row as written, for an overlap message.
fn row_text(
    rows: &[Vec<String>],
    row_number: usize,
    columns: &HashMap<Column, (usize, String)>,
    time_column: Column,
) -> String {
    let row = &rows[row_number - 1];
    let cell = |c: Column| {
        columns
            .get(&c)
            .and_then(|(i, _)| row.get(*i))
            .map_or("", |s| s.trim())
    };
    match time_column {
        Column::Start => format!("{}-{}", cell(Column::Start), cell(Column::End)),
        _ => cell(Column::Slot).to_string(),
    }
}

/// The roster as sheet rows (header first) in its own order, with separate
/// start and end columns; [`parse`] reads them back to the same roster.
pub fn to_rows(roster: &Roster, lang: Lang) -> Vec<Vec<String>> {
    let columns = [
        Column::Day,
        Column::Start,
        Column::End,
        Column::Volunteers,
        Column::Lead,
    ];
    let mut rows = vec![columns.iter().map(|c| c.header(lang).to_string()).collect()];
    for shift in roster.shifts() {
        rows.push(vec![
            shift.when.text(lang),
            format_time(shift.slot.start()),
            format_time(shift.slot.end()),
            shift.volunteers.join(lang.pick("、", ", ")),
            shift.lead.clone().unwrap_or_default(),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Weekdays;
    use crate::roster::test_support::{date, slot, three_slots};

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    const HEADER: &[&str] = &["日期/星期", "开始时间", "结束时间", "值班人员", "负责人"];

    #[test]
    fn reads_an_office_roster() {
        let sheet = rows(&[
            HEADER,
            &["每天", "0:00", "8:00", "赵一、钱二", "孙三"],
            &["每天", "08:00", "16:00", "李四，周五", "吴六"],
            &["每天", "16:00", "24:00", "", ""],
            &["", "", "", "", ""],
            &["2026年11月28日", "06：00", "18点", "郑七 / 王八", "冯九"],
        ]);
        let roster = parse(&sheet, Lang::Zh).unwrap_or_else(|e| panic!("{e:?}"));
        let shifts = roster.shifts();
        assert_eq!(shifts.len(), 4);
        assert_eq!(shifts[0].when, When::Weekly(Weekdays::ALL));
        assert_eq!(shifts[0].volunteers, vec!["赵一", "钱二"]);
        assert_eq!(shifts[0].lead.as_deref(), Some("孙三"));
        assert_eq!(shifts[1].volunteers, vec!["李四", "周五"]);
        assert_eq!(shifts[2].slot, slot("16:00", "24:00"));
        assert!(shifts[2].volunteers.is_empty() && shifts[2].lead.is_none());
        assert_eq!(shifts[3].when, When::Date(date("2026-11-28")));
        assert_eq!(shifts[3].slot, slot("06:00", "18:00"));
        assert_eq!(shifts[3].volunteers, vec!["郑七", "王八"]);
    }

    #[test]
    fn reads_english_headers_and_a_slot_column() {
        let sheet = rows(&[
            &["weekday", "slot", "volunteers", "lead"],
            &["Mon-Thu", "22:00-06:00", "Zhang San, Li Si", "Wang"],
            &["weekend", "00:00~24:00", "Zhao", "Qian"],
        ]);
        let roster = parse(&sheet, Lang::En).unwrap();
        assert_eq!(roster.shifts()[0].slot, slot("22:00", "06:00"));
        assert_eq!(roster.shifts()[0].volunteers, vec!["Zhang San", "Li Si"]);
        assert_eq!(roster.shifts()[1].slot.minutes(), 1440);
    }

    #[test]
    fn every_problem_is_listed_with_row_and_column() {
        let sheet = rows(&[
            HEADER,
            &["每天", "08:00", "16:00", "赵一", "钱二"],
            &["明天", "25:00", "16:00", "13800138000", "孙三、李四"],
            &["", "08:00", "08:00", "", ""],
            &["每天", "15:00", "17:00", "周五", "吴六"],
            &["工作日", "", "9:00", "郑七", "x".repeat(31).as_str()],
        ]);
        let RosterError::Rows(errors) = parse(&sheet, Lang::Zh).unwrap_err() else {
            panic!("expected row errors");
        };
        let found: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "日期/星期", "bad_day"),
                (3, "开始时间", "bad_time"),
                (3, "值班人员", "bad_chars"),
                (3, "负责人", "several_leads"),
                (4, "日期/星期", "missing"),
                (4, "结束时间", "empty_slot"),
                (5, "开始时间", "overlap"),
                (6, "开始时间", "missing"),
                (6, "负责人", "too_long"),
            ]
        );
        let overlap = errors.iter().find(|e| e.reason == "overlap").unwrap();
        assert_eq!(overlap.message, "与第 2 行的班次时间重叠");
        assert_eq!(overlap.value, "15:00-17:00");
        assert!(errors.iter().all(|e| !e.message.is_empty()));
        // An ID or phone typed into a name cell is refused, not stored.
        assert!(errors.iter().any(|e| e.value == "13800138000"));
    }

    #[test]
    fn a_sheet_without_the_needed_columns_or_rows_is_refused() {
        assert_eq!(parse(&[], Lang::Zh), Err(RosterError::Empty));
        assert_eq!(
            parse(&rows(&[&["", " "]]), Lang::Zh),
            Err(RosterError::Empty)
        );
        let Err(RosterError::MissingColumns(missing)) =
            parse(&rows(&[&["日期", "值班人员"], &["每天", "a"]]), Lang::Zh)
        else {
            panic!()
        };
        assert_eq!(missing, vec!["负责人", "开始时间+结束时间 或 时段"]);
        assert_eq!(parse(&rows(&[HEADER]), Lang::Zh), Err(RosterError::NoRows));
        assert!(matches!(
            parse(&rows(&[&["日期", "day"]]), Lang::Zh),
            Err(RosterError::DuplicateColumn(_))
        ));
        let err = parse(&rows(&[HEADER]), Lang::En).unwrap_err();
        assert_eq!(err.code(), "no_rows");
        assert!(!err.message(Lang::Zh).is_empty());
    }

    #[test]
    fn written_rows_read_back_to_the_same_roster() {
        let mut shifts = three_slots();
        shifts.push(crate::roster::test_support::shift(
            When::Date(date("2026-11-28")),
            "22:00",
            "06:00",
            &[],
            None,
        ));
        let roster = Roster::new(shifts).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let sheet = to_rows(&roster, lang);
            assert_eq!(sheet.len(), 5);
            assert_eq!(parse(&sheet, lang), Ok(roster.clone()), "{lang:?}");
        }
        assert_eq!(
            to_rows(&roster, Lang::Zh)[2],
            vec!["每天", "08:00", "16:00", "孙三、李四", "周五"]
        );
        assert_eq!(
            to_rows(&roster, Lang::En)[0],
            vec!["day", "start", "end", "volunteers", "lead"]
        );
    }
}
