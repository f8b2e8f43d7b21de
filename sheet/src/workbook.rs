//! xlsx workbooks to rows: the first sheet, measured before it is built.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, ExcelDateTime, Reader, Xlsx, XlsxError};

use crate::extent::{Extent, MAX_CELLS};
use crate::sniff::{ZipKind, zip_kind};
use crate::{ReadError, Rows};

/// The most a workbook may unpack to. The XML of an xlsx is some 5 to 10
/// times the size of the file, so a ledger within the file size limit stays
/// well under this; far more is a zip bomb. The bound must hold before
/// calamine starts, because it reads the shared strings whole when it opens
/// a workbook, and the zip reader stops at the end of the data, not at the
/// size an entry declares.
pub const MAX_UNPACKED_MB: u64 = 512;

const MB: u64 = 1024 * 1024;

/// Reads the first sheet of the workbook in `bytes`, which start like a zip.
///
/// A panic in the zip or spreadsheet readers on a damaged file is contained
/// here and reported as a damaged workbook; nothing they left half-built is
/// used afterwards.
pub fn read_zip(bytes: &[u8], name: &str) -> Result<Rows, ReadError> {
    catch_unwind(AssertUnwindSafe(|| read_zip_unguarded(bytes, name)))
        .unwrap_or_else(|_| Err(not_sheet(name, "the workbook is damaged")))
}

fn read_zip_unguarded(bytes: &[u8], name: &str) -> Result<Rows, ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_sheet(name, &e.to_string()))?;
    match zip_kind(archive.file_names()) {
        ZipKind::Xlsx => {}
        ZipKind::NotAWorkbook => {
            return Err(not_sheet(name, "it is a zip archive, not a workbook"));
        }
        ZipKind::Other(format) => {
            return Err(ReadError::SaveAsXlsx {
                path: name.to_string(),
                format,
            });
        }
    }
    if unpacked_size(&mut archive, MAX_UNPACKED_MB * MB) > MAX_UNPACKED_MB * MB {
        return Err(ReadError::UnpacksTooLarge {
            path: name.to_string(),
            limit: MAX_UNPACKED_MB,
        });
    }
    read_first_sheet(bytes, name)
}

/// How many bytes the archive's entries unpack to, counted by unpacking
/// them, up to a little more than `limit`. An entry that cannot be read
/// counts what it gave before failing; calamine reports it if it matters.
fn unpacked_size(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, limit: u64) -> u64 {
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let mut entry = entry.take(limit - total + 1);
        while let Ok(n @ 1..) = entry.read(&mut buf) {
            total += n as u64;
        }
        if total > limit {
            break;
        }
    }
    total
}

fn read_first_sheet(bytes: &[u8], name: &str) -> Result<Rows, ReadError> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| not_sheet(name, &e.to_string()))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(ReadError::NoSheet {
            path: name.to_string(),
        });
    };
    // The cell reader streams the sheet's cells; calamine's own
    // `worksheet_range` would build the grid from the outermost ones
    // before anyone could look at its size.
    let mut cells = match book.worksheet_cells_reader(&sheet) {
        Ok(cells) => cells,
        // A chart sheet first: no cells, which the ledger calls empty.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(not_sheet(name, &e.to_string())),
    };
    let mut extent = Extent::default();
    let mut kept = Vec::new();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| not_sheet(name, &e.to_string()))?
    {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        extent.include(row, column);
        // Past the limit nothing more is kept, but the sheet is read to
        // its end so that the error can say how large it claims to be.
        if extent.within_limit() {
            kept.push(((row, column), cell_text(&cell.get_value().clone().into())));
        } else if !kept.is_empty() {
            kept = Vec::new();
        }
    }
    if !extent.within_limit() {
        return Err(ReadError::SheetTooLarge {
            path: name.to_string(),
            sheet: Some(sheet),
            extent,
            limit: MAX_CELLS,
        });
    }
    Ok(grid(&extent, kept))
}

/// The rectangle of `extent` with every kept cell in place, as calamine's
/// `Range::rows` gives it: from the first row and column that hold
/// anything, every row as wide as the widest. A position listed twice
/// keeps its last value.
fn grid(extent: &Extent, kept: Vec<((u32, u32), String)>) -> Rows {
    let Some(((row0, column0), _)) = extent.bounds() else {
        return Vec::new();
    };
    // Both are within MAX_CELLS here, so they fit in memory and in usize.
    let columns = extent.columns() as usize;
    let mut rows = vec![vec![String::new(); columns]; extent.rows() as usize];
    for ((row, column), text) in kept {
        rows[(row - row0) as usize][(column - column0) as usize] = text;
    }
    rows
}

/// A cell as the person typing it meant it: ID numbers typed as numbers
/// come back without ".0", dates as YYYY-MM-DD, times of day (a roster's
/// 08:00, which a spreadsheet stores as a fraction of a day) as HH:MM.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match time_of_day(d) {
            Some(time) => time,
            None => d
                .as_datetime()
                .map(|dt| dt.date().to_string())
                .unwrap_or_else(|| d.to_string()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A cell that holds a time and no date: a fraction of a day under a time
/// format (as `0.3333` for 08:00, which would otherwise read as the date
/// 1899-12-31), or a duration (`[h]:mm`, where a whole day is 24:00). As
/// HH:MM, or HH:MM:SS when it has seconds; rounded to the second, since
/// 08:00 is not exact in binary.
fn time_of_day(d: &ExcelDateTime) -> Option<String> {
    let days = d.as_f64();
    let is_time = (d.is_datetime() && (0.0..1.0).contains(&days))
        || (d.is_duration() && (0.0..=1.0).contains(&days));
    if !is_time {
        return None;
    }
    let seconds = (days * 86_400.0).round() as u32;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    Some(if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    })
}

fn not_sheet(name: &str, detail: &str) -> ReadError {
    ReadError::NotASpreadsheet {
        path: name.to_string(),
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_typed_as_numbers_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(110105.0)), "110105");
        assert_eq!(cell_text(&Data::Float(36.5)), "36.5");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn times_of_day_read_as_clock_times_and_dates_as_dates() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let cell = |value, kind| cell_text(&Data::DateTime(ExcelDateTime::new(value, kind, false)));
        assert_eq!(cell(8.0 / 24.0, DateTime), "08:00");
        assert_eq!(cell(0.0, DateTime), "00:00");
        assert_eq!(cell((16.0 * 60.0 + 30.0) / 1440.0, DateTime), "16:30");
        assert_eq!(cell(23.0 / 24.0 + 59.0 / 1440.0, DateTime), "23:59");
        assert_eq!(cell(1.0, TimeDelta), "24:00");
        assert_eq!(cell((8.0 * 3600.0 + 5.0) / 86_400.0, DateTime), "08:00:05");
        // 2026-11-24 is day 46350 of Excel's 1900 calendar.
        assert_eq!(cell(46350.0, DateTime), "2026-11-24");
        assert_eq!(cell(46350.5, DateTime), "2026-11-24");
    }

    #[test]
    fn the_grid_starts_at_the_first_filled_row_and_column() {
        let mut extent = Extent::default();
        let kept = vec![((2, 1), "a".to_string()), ((3, 3), "b".to_string())];
        for (position, _) in &kept {
            extent.include(position.0, position.1);
        }
        assert_eq!(
            grid(&extent, kept),
            vec![vec!["a", "", ""], vec!["", "", "b"]]
        );
    }

    #[test]
    fn a_position_listed_twice_keeps_its_last_value() {
        let mut extent = Extent::default();
        extent.include(0, 0);
        extent.include(0, 0);
        let kept = vec![((0, 0), "old".to_string()), ((0, 0), "new".to_string())];
        assert_eq!(grid(&extent, kept), vec![vec!["new"]]);
    }
}
