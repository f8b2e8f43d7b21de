//! Times of day as a roster writes them: `08:00`, `8:00`, `8`, `8点`,
//! `8点半`, `08：00`, `08:00:00`, and `24:00` as the end of a day.

use super::DAY_MINUTES;

/// Reads a time of day as minutes after midnight. `24:00` is accepted only
/// as an end (`as_end`), where it means midnight at the end of the day.
/// Seconds, when written, must be zero: a roster slot starts on a minute.
/// A spreadsheet time cell that comes with a date (`1899-12-31 08:00:00`)
/// is read by its time.
pub fn parse_time(text: &str, as_end: bool) -> Option<u16> {
    let mut text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            other => other,
        })
        .collect();
    if let Some((_, time)) = text.split_once([' ', 'T']) {
        text = time.trim().to_string();
    }
    let text = text
        .replace("点半", ":30")
        .replace(['点', '時', '时'], ":")
        .replace('分', "");
    let mut parts = text.trim_end_matches(':').split(':');
    let hours: u16 = number(parts.next()?)?;
    let minutes: u16 = parts.next().map_or(Some(0), number)?;
    if let Some(seconds) = parts.next() {
        if number(seconds)? != 0 {
            return None;
        }
    }
    if parts.next().is_some() || minutes > 59 {
        return None;
    }
    let total = hours * 60 + minutes;
    let limit = if as_end { DAY_MINUTES } else { DAY_MINUTES - 1 };
    (hours <= 24 && total <= limit).then_some(total)
}

/// Writes minutes after midnight as `HH:MM`; the end of the day is `24:00`.
pub fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One or two ASCII digits.
fn number(text: &str) -> Option<u16> {
    let ok = (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// Reads a slot written in one cell, `08:00-16:00` (also with `–`, `~`,
/// `至` or `到`), as (start, end) minutes.
pub(super) fn parse_slot_text(text: &str) -> Option<(u16, u16)> {
    let (start, end) = text.split_once(['-', '–', '—', '~', '～', '至', '到'])?;
    Some((parse_time(start, false)?, parse_time(end, true)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_a_sheet_writes_a_time() {
        let cases: &[(&str, bool, Option<u16>)] = &[
            ("08:00", false, Some(480)),
            ("8:00", false, Some(480)),
            ("8", false, Some(480)),
            ("08", false, Some(480)),
            ("8点", false, Some(480)),
            ("8点半", false, Some(510)),
            ("8点30分", false, Some(510)),
            ("０８：３０", false, Some(510)),
            ("16:00:00", false, Some(960)),
            ("1899-12-31 07:45:00", false, Some(465)),
            ("00:00", false, Some(0)),
            ("23:59", false, Some(1439)),
            ("24:00", true, Some(1440)),
            ("24:00", false, None),
            ("24:01", true, None),
            ("25", true, None),
            ("08:60", false, None),
            ("08:00:30", false, None),
            ("8:5:0:0", false, None),
            ("800", false, None),
            ("8am", false, None),
            ("", false, None),
            (":30", false, None),
        ];
        for (text, as_end, expected) in cases {
            assert_eq!(parse_time(text, *as_end), *expected, "{text:?}");
        }
    }

    #[test]
    fn writes_times_that_read_back() {
        for minutes in [0, 59, 480, 1439] {
            assert_eq!(parse_time(&format_time(minutes), false), Some(minutes));
        }
        assert_eq!(format_time(1440), "24:00");
        assert_eq!(parse_time(&format_time(1440), true), Some(1440));
    }

    #[test]
    fn reads_a_slot_in_one_cell() {
        assert_eq!(parse_slot_text("08:00-16:00"), Some((480, 960)));
        assert_eq!(parse_slot_text("16:00 – 24:00"), Some((960, 1440)));
        assert_eq!(parse_slot_text("22点至6点"), Some((1320, 360)));
        assert_eq!(parse_slot_text("8~16"), Some((480, 960)));
        assert_eq!(parse_slot_text("08:00"), None);
        assert_eq!(parse_slot_text("24:00-08:00"), None);
    }
}
