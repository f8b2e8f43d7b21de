//! The resident ledger (户籍台账) as community offices keep it: one row per
//! person, with the household's address and status on every row. Parsing
//! is pure: the shell reads CSV or xlsx into rows of text and this module
//! maps the headers, validates every cell and reports every problem at once.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::{Category, DocumentType, HouseholdStatus, canonical_address};
use crate::lang::Lang;
use crate::validate::{self, Field, Rule};

/// How long after coming back a person counts as returned (red pass).
pub const RETURNED_DAYS: u64 = 14;

/// The columns kakou understands. Headers are matched by the names below,
/// Chinese as community offices write them, or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Building,
    Unit,
    Room,
    Address,
    HeadOfHousehold,
    Name,
    DocumentType,
    IdNumber,
    Phone,
    Category,
    Status,
    ReturnedOn,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Building,
        Column::Unit,
        Column::Room,
        Column::Address,
        Column::HeadOfHousehold,
        Column::Name,
        Column::DocumentType,
        Column::IdNumber,
        Column::Phone,
        Column::Category,
        Column::Status,
        Column::ReturnedOn,
    ];

    /// The header names accepted for this column; the first is the one the
    /// template uses.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Building => &["楼栋", "楼号", "栋", "building"],
            Column::Unit => &["单元", "unit"],
            Column::Room => &["房号", "门牌号", "室", "room"],
            Column::Address => &["地址", "住址", "村组", "address"],
            Column::HeadOfHousehold => &["户主", "head_of_household", "head"],
            Column::Name => &["姓名", "name"],
            Column::DocumentType => &["证件类型", "document_type"],
            Column::IdNumber => &["身份证号", "证件号码", "身份证号码", "id_number", "id"],
            Column::Phone => &["联系电话", "手机号", "电话", "phone"],
            Column::Category => &["类别", "人员类别", "category"],
            Column::Status => &["户状态", "状态", "status"],
            Column::ReturnedOn => &["返乡日期", "返回日期", "returned_on"],
        }
    }

    pub fn from_header(header: &str) -> Option<Column> {
        let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.headers().iter().any(|name| *name == h))
    }
}

/// One valid ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// The row's number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The household's canonical address (`3-2-501` or the village group).
    pub address: String,
    pub name: String,
    pub document_type: DocumentType,
    pub id_number: String,
    pub phone: Option<String>,
    /// Resident, tenant or returned; returned people are residents whose
    /// pass shows red until `returned_until`.
    pub category: Category,
    pub status: HouseholdStatus,
    pub returned_until: Option<NaiveDate>,
}

/// A problem in one cell (or row) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    /// The column's header as the file writes it.
    pub column: String,
    pub value: String,
    /// A stable code: a validator reason, `missing`, `duplicate`, `unknown_category` …
    pub reason: String,
    pub message: String,
}

/// Why a ledger file was rejected as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("the file has no header row")]
    Empty,
    #[error("the file has a header but no people")]
    NoRows,
    #[error("required columns are missing: {0:?}")]
    MissingColumns(Vec<&'static str>),
    #[error("the same column appears twice: {0}")]
    DuplicateColumn(String),
    #[error("{} problems in the rows", .0.len())]
    Rows(Vec<RowError>),
}

impl LedgerError {
    /// A one-paragraph explanation in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LedgerError::Empty, Lang::Zh) => "文件是空的，没有表头行".into(),
            (LedgerError::NoRows, Lang::Zh) => "文件只有表头，没有人员数据".into(),
            (LedgerError::MissingColumns(c), Lang::Zh) => format!(
                "缺少必需的列：{}（表头见 docs/ledger-format.md，或用 kakou import template 生成模板）",
                c.join("、")
            ),
            (LedgerError::MissingColumns(c), Lang::En) => format!(
                "required columns are missing: {} (headers are listed in docs/ledger-format.md; `kakou import template` writes a blank ledger)",
                c.join(", ")
            ),
            (LedgerError::DuplicateColumn(c), Lang::Zh) => format!("列“{c}”出现了两次"),
            (LedgerError::Rows(rows), Lang::Zh) => {
                format!("有 {} 处错误，未导入任何数据", rows.len())
            }
            (LedgerError::Rows(rows), Lang::En) => {
                format!("{} problems; nothing was imported", rows.len())
            }
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// What is wrong with one cell of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Missing,
    Duplicate,
    UnknownCategory,
    UnknownStatus,
    StatusConflict,
    BadDate,
    UnknownDocumentType,
    /// Longer than a pass can carry (`pass::MAX_HOLDER_BYTES`).
    NameTooLong,
    /// A validator refused the value.
    Invalid(Rule),
}

impl Problem {
    /// The stable code a [`RowError`] carries.
    fn code(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Duplicate => "duplicate",
            Problem::UnknownCategory => "unknown_category",
            Problem::UnknownStatus => "unknown_status",
            Problem::StatusConflict => "status_conflict",
            Problem::BadDate => "bad_date",
            Problem::UnknownDocumentType => "unknown_document_type",
            Problem::NameTooLong => "name_too_long",
            Problem::Invalid(rule) => rule.code(),
        }
    }
}

fn cell_message(problem: Problem, column: Column, lang: Lang) -> String {
    let field = match column {
        Column::Name | Column::HeadOfHousehold => Some(Field::Name),
        Column::IdNumber => Some(Field::IdNumber),
        Column::Phone => Some(Field::Phone),
        _ => None,
    };
    let (zh, en) = match problem {
        Problem::Missing => ("此项必填", "this cell must be filled in"),
        Problem::Duplicate => (
            "证件号码在文件中重复出现",
            "this ID number appears more than once in the file",
        ),
        Problem::UnknownCategory => (
            "类别应为 居民、租户 或 返乡",
            "category must be resident, tenant or returned",
        ),
        Problem::UnknownStatus => (
            "户状态应为 正常、密接、次密接、居家隔离 或 空置",
            "status must be normal, close_contact, secondary_contact, home_quarantine or vacant",
        ),
        Problem::StatusConflict => (
            "同一户的户状态与前面的行不一致",
            "this household's status differs from an earlier row",
        ),
        Problem::BadDate => ("日期格式应为 2026-11-24", "dates are written as 2026-11-24"),
        Problem::UnknownDocumentType => (
            "证件类型应为 身份证、港澳台通行证 或 护照",
            "document type must be mainland_id, hk_mo_tw_permit or passport",
        ),
        Problem::NameTooLong => (
            "姓名超过通行证能印的长度（最多14个汉字或42个字母），请在台账中写简称",
            "the name is longer than a pass can print (at most 14 Chinese characters or 42 letters); write a shorter form in the ledger",
        ),
        Problem::Invalid(rule) => {
            return match field {
                Some(field) => validate::explain(field, rule, lang),
                None => lang.pick("内容无效", "invalid value").to_string(),
            };
        }
    };
    lang.pick(zh, en).to_string()
}

fn document_type(word: &str) -> Option<DocumentType> {
    match word.trim() {
        "" | "身份证" | "居民身份证" => Some(DocumentType::MainlandId),
        "港澳台通行证" | "回乡证" | "台胞证" | "通行证" => {
            Some(DocumentType::HkMoTwPermit)
        }
        "护照" => Some(DocumentType::Passport),
        other => DocumentType::from_code(&other.to_ascii_lowercase()),
    }
}

/// Reads a ledger: the first row is the header. Either every row is valid
/// and all rows come back, or every problem is listed and none do.
///
/// `today` is the import day: a person listed as returned without a return
/// date counts as returned from today.
pub fn parse(
    rows: &[Vec<String>],
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<LedgerRow>, LedgerError> {
    let Some((header, body)) = rows.split_first() else {
        return Err(LedgerError::Empty);
    };
    let mut columns: HashMap<Column, (usize, String)> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = Column::from_header(h) {
            if columns.insert(c, (i, h.trim().to_string())).is_some() {
                return Err(LedgerError::DuplicateColumn(h.trim().to_string()));
            }
        }
    }
    let has_address = columns.contains_key(&Column::Address)
        || [Column::Building, Column::Unit, Column::Room]
            .iter()
            .all(|c| columns.contains_key(c));
    let mut missing: Vec<&'static str> = [Column::Name, Column::IdNumber, Column::Category]
        .into_iter()
        .filter(|c| !columns.contains_key(c))
        .map(|c| c.headers()[0])
        .collect();
    if !has_address {
        missing.push("地址 或 楼栋+单元+房号");
    }
    if columns.is_empty() && header.iter().all(|h| h.trim().is_empty()) {
        return Err(LedgerError::Empty);
    }
    if !missing.is_empty() {
        return Err(LedgerError::MissingColumns(missing));
    }
    let body: Vec<(usize, &Vec<String>)> = body
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if body.is_empty() {
        return Err(LedgerError::NoRows);
    }

    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut statuses: HashMap<String, HouseholdStatus> = HashMap::new();
    for (row_number, row) in body {
        let cell = |c: Column| -> &str {
            columns
                .get(&c)
                .and_then(|(i, _)| row.get(*i))
                .map_or("", |s| s.trim())
        };
        let mut fail = |c: Column, problem: Problem, value: &str| {
            // Error lines are printed, logged and passed around: an ID
            // number or phone in them is shown masked, even a mistyped one.
            let value = match c {
                Column::IdNumber => crate::domain::mask_document_number(value),
                Column::Phone => crate::privacy::mask_phone(value),
                _ => value.to_string(),
            };
            errors.push(RowError {
                row: row_number,
                column: columns
                    .get(&c)
                    .map_or_else(|| c.headers()[0].to_string(), |(_, h)| h.clone()),
                value,
                reason: problem.code().to_string(),
                message: cell_message(problem, c, lang),
            });
        };
        let address = if columns.contains_key(&Column::Address) && !cell(Column::Address).is_empty()
        {
            canonical_address(cell(Column::Address))
        } else {
            let parts = [Column::Building, Column::Unit, Column::Room].map(cell);
            if parts.iter().any(|p| p.is_empty()) {
                let col = if columns.contains_key(&Column::Address) {
                    Column::Address
                } else {
                    Column::Room
                };
                fail(col, Problem::Missing, "");
                String::new()
            } else {
                canonical_address(&parts.join("-"))
            }
        };
        let name = cell(Column::Name);
        let name_verdict = validate::person_name(name);
        if name.is_empty() {
            fail(Column::Name, Problem::Missing, name);
        } else if !name_verdict.valid {
            fail(Column::Name, Problem::Invalid(name_verdict.reason), name);
        } else if name_verdict.normalized.as_deref().unwrap_or(name).len()
            > crate::pass::MAX_HOLDER_BYTES
        {
            // The pass prints the name exactly; the lead shortens it, not us.
            fail(Column::Name, Problem::NameTooLong, name);
        }
        let doc_word = cell(Column::DocumentType);
        let doc_type = document_type(doc_word).unwrap_or_else(|| {
            fail(Column::DocumentType, Problem::UnknownDocumentType, doc_word);
            DocumentType::MainlandId
        });
        let id = cell(Column::IdNumber);
        let id_verdict = validate::document(doc_type, id);
        let id_number = id_verdict
            .normalized
            .clone()
            .unwrap_or_else(|| id.to_string());
        if id.is_empty() {
            fail(Column::IdNumber, Problem::Missing, id);
        } else if !id_verdict.valid {
            fail(Column::IdNumber, Problem::Invalid(id_verdict.reason), id);
        } else if seen_ids.insert(id_number.clone(), row_number).is_some() {
            fail(Column::IdNumber, Problem::Duplicate, id);
        }
        let phone = cell(Column::Phone);
        let phone = if phone.is_empty() {
            None
        } else {
            let v = validate::cn_mobile(phone);
            if !v.valid {
                fail(Column::Phone, Problem::Invalid(v.reason), phone);
            }
            v.normalized
        };
        let cat_word = cell(Column::Category);
        let category = match Category::from_ledger_word(cat_word) {
            Some(Category::Visitor) | None => {
                fail(Column::Category, Problem::UnknownCategory, cat_word);
                Category::Resident
            }
            Some(c) => c,
        };
        let status_word = cell(Column::Status);
        let status = HouseholdStatus::from_ledger_word(status_word).unwrap_or_else(|| {
            fail(Column::Status, Problem::UnknownStatus, status_word);
            HouseholdStatus::Normal
        });
        if !status_word.is_empty() && !address.is_empty() {
            match statuses.get(&address) {
                Some(previous) if *previous != status => {
                    fail(Column::Status, Problem::StatusConflict, status_word)
                }
                _ => {
                    statuses.insert(address.clone(), status);
                }
            }
        }
        let returned_word = cell(Column::ReturnedOn);
        let returned_until = if returned_word.is_empty() {
            (category == Category::Returned)
                .then(|| today.checked_add_days(Days::new(RETURNED_DAYS)))
                .flatten()
        } else {
            match NaiveDate::parse_from_str(returned_word, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(returned_word, "%Y/%m/%d"))
            {
                Ok(day) => day.checked_add_days(Days::new(RETURNED_DAYS)),
                Err(_) => {
                    fail(Column::ReturnedOn, Problem::BadDate, returned_word);
                    None
                }
            }
        };
        out.push(LedgerRow {
            row: row_number,
            address,
            name: name_verdict.normalized.unwrap_or_else(|| name.to_string()),
            document_type: doc_type,
            id_number,
            phone,
            category,
            status,
            returned_until,
        });
    }
    if !errors.is_empty() {
        return Err(LedgerError::Rows(errors));
    }
    // A household's status may be written on one row only (often the head
    // of household's); it applies to every member.
    for row in &mut out {
        if let Some(status) = statuses.get(&row.address) {
            row.status = *status;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    const HEADER: &[&str] = &[
        "楼栋",
        "单元",
        "房号",
        "户主",
        "姓名",
        "身份证号",
        "联系电话",
        "类别",
        "户状态",
    ];

    #[test]
    fn reads_a_chinese_ledger_and_spreads_the_household_status() {
        let ledger = rows(&[
            HEADER,
            &[
                "3",
                "2",
                "501",
                "张三",
                "张三",
                "11010519491231002X",
                "138 0013 8000",
                "居民",
                "居家隔离",
            ],
            &[
                "3",
                "2",
                "501",
                "张三",
                "李梅",
                "110101199003071233",
                "",
                "租户",
                "",
            ],
        ]);
        let parsed = parse(&ledger, Lang::Zh, day()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].address, "3-2-501");
        assert_eq!(parsed[0].phone.as_deref(), Some("13800138000"));
        assert_eq!(parsed[1].category, Category::Tenant);
        assert_eq!(parsed[1].status, HouseholdStatus::HomeQuarantine);
        assert_eq!(parsed[1].row, 3);
    }

    #[test]
    fn english_headers_and_a_returned_date_work_too() {
        let ledger = rows(&[
            &["address", "name", "id_number", "category", "returned_on"],
            &[
                "王家村三组",
                "Wang",
                "11010519491231002X",
                "returned",
                "2026-11-20",
            ],
        ]);
        let parsed = parse(&ledger, Lang::En, day()).unwrap();
        assert_eq!(parsed[0].address, "王家村三组");
        assert_eq!(
            parsed[0].returned_until,
            NaiveDate::from_ymd_opt(2026, 12, 4)
        );
    }

    #[test]
    fn every_problem_is_listed_with_row_and_column() {
        let ledger = rows(&[
            HEADER,
            &[
                "3",
                "2",
                "501",
                "",
                "张三",
                "11010519491231002X",
                "12345",
                "居民",
                "",
            ],
            &[
                "3",
                "2",
                "",
                "",
                "",
                "11010519491231002X",
                "",
                "外星人",
                "发烧",
            ],
        ]);
        let LedgerError::Rows(errors) = parse(&ledger, Lang::Zh, day()).unwrap_err() else {
            panic!("expected row errors");
        };
        let found: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.reason.as_str()))
            .collect();
        for expected in [
            (2, "联系电话", "bad_length"),
            (3, "房号", "missing"),
            (3, "姓名", "missing"),
            (3, "身份证号", "duplicate"),
            (3, "类别", "unknown_category"),
            (3, "户状态", "unknown_status"),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn a_file_without_the_needed_columns_or_rows_is_refused() {
        assert_eq!(parse(&[], Lang::Zh, day()), Err(LedgerError::Empty));
        assert!(matches!(
            parse(&rows(&[&["foo", "bar"], &["1", "2"]]), Lang::Zh, day()),
            Err(LedgerError::MissingColumns(_))
        ));
        assert_eq!(
            parse(&rows(&[HEADER]), Lang::Zh, day()),
            Err(LedgerError::NoRows)
        );
        assert!(matches!(
            parse(&rows(&[&["姓名", "name"]]), Lang::Zh, day()),
            Err(LedgerError::DuplicateColumn(_))
        ));
    }
}
