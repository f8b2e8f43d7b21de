//! The daily report as a spreadsheet (`kakou report daily --format xlsx`):
//! one sheet of the day's counts per checkpoint, and any further sheets the
//! day has (supplies, once the store keeps them). Every text cell passes
//! through `privacy::mask_text`, so no full ID number or phone can reach
//! the file whatever a name or note holds.

use kakou_core::lang::Lang;
use kakou_core::privacy::mask_text;
use kakou_core::report::{self, DailyReport};
use rust_xlsxwriter::{Format, Workbook};

use super::AppError;

/// One sheet: its name and rows, the first row being the headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// The counts sheet: one row per checkpoint and count, as the CSV report.
pub fn counts_sheet(reports: &[DailyReport], lang: Lang) -> Sheet {
    let mut rows = vec![
        match lang {
            Lang::Zh => ["日期", "卡口", "项目", "数量"],
            Lang::En => ["day", "checkpoint", "metric", "value"],
        }
        .map(String::from)
        .to_vec(),
    ];
    for r in reports {
        for (metric, value) in report::rows(r) {
            rows.push(vec![
                r.day.to_string(),
                r.checkpoint.clone(),
                metric,
                value.to_string(),
            ]);
        }
    }
    Sheet {
        name: lang.pick("日报", "Daily report").into(),
        rows,
    }
}

/// The workbook of `sheets` as xlsx bytes. Cells that are whole numbers
/// are written as numbers (so the district can sum them), the rest as
/// masked text.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, AppError> {
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::Spreadsheet(e.to_string());
    let mut book = Workbook::new();
    let heading = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(failed)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r).map_err(|_| AppError::Spreadsheet("too many rows".into()))?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c)
                    .map_err(|_| AppError::Spreadsheet("too many columns".into()))?;
                match cell.parse::<u32>() {
                    Ok(n) if r > 0 => ws.write_number(r, c, f64::from(n)).map_err(failed)?,
                    _ if r == 0 => ws
                        .write_string_with_format(r, c, mask_text(cell), &heading)
                        .map_err(failed)?,
                    _ => ws.write_string(r, c, mask_text(cell)).map_err(failed)?,
                };
            }
        }
        ws.autofit();
    }
    book.save_to_buffer().map_err(failed)
}

/// The day's report workbook (`reports` as `app::reports::daily` gives
/// them), with `extra` sheets after the counts; and how many data rows it
/// holds (for the audit log).
pub fn daily_workbook(
    reports: &[DailyReport],
    extra: Vec<Sheet>,
    lang: Lang,
) -> Result<(Vec<u8>, u32), AppError> {
    let mut sheets = vec![counts_sheet(reports, lang)];
    sheets.extend(extra);
    let rows = sheets
        .iter()
        .map(|s| s.rows.len().saturating_sub(1))
        .sum::<usize>();
    Ok((workbook(&sheets)?, u32::try_from(rows).unwrap_or(u32::MAX)))
}
