//! When a shift applies: a date, or a set of weekdays, read from the words
//! community offices write in a roster's first column and written back the
//! same way.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::weekday_index;
use crate::lang::Lang;

/// A set of weekdays (bit 0 is Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Weekdays(u8);

impl Weekdays {
    pub const ALL: Weekdays = Weekdays(0b111_1111);
    /// 工作日: Monday to Friday.
    pub const WORKDAYS: Weekdays = Weekdays(0b001_1111);
    /// 周末: Saturday and Sunday.
    pub const WEEKEND: Weekdays = Weekdays(0b110_0000);
    pub const NONE: Weekdays = Weekdays(0);

    pub fn only(day: Weekday) -> Weekdays {
        Weekdays(1 << weekday_index(day))
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << weekday_index(day)) != 0
    }

    pub fn union(self, other: Weekdays) -> Weekdays {
        Weekdays(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        WEEK.into_iter().filter(move |d| self.contains(*d))
    }

    /// `first` to `last` inclusive, wrapping past Sunday (周六至周一).
    fn range(first: Weekday, last: Weekday) -> Weekdays {
        let mut set = Weekdays::NONE;
        let mut day = first;
        loop {
            set = set.union(Weekdays::only(day));
            if day == last {
                return set;
            }
            day = day.succ();
        }
    }
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// When a shift applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Only on this date (and it replaces the weekly pattern there).
    Date(NaiveDate),
    /// Every week on these days.
    Weekly(Weekdays),
}

impl When {
    /// Reads a date (`2026-11-24`, `2026/11/24`, `2026年11月24日`, or a
    /// spreadsheet date cell such as `2026-11-24 00:00:00`) or weekday words:
    /// `周一`, `星期天`, `每周三`, `Mon`, `每天`/`every day`, `工作日`/
    /// `weekdays`, `周末`/`weekend`, lists (`周一、周三`) and ranges
    /// (`周一至周五`, `Mon-Fri`). Full-width digits are accepted.
    pub fn parse(text: &str) -> Option<When> {
        let text: String = text.trim().chars().map(ascii_digit).collect();
        if text.is_empty() {
            return None;
        }
        if let Some(date) = parse_date(&text) {
            return Some(When::Date(date));
        }
        let lower = text.to_lowercase();
        let mut set = Weekdays::NONE;
        for part in lower.split(['、', ',', '，', '/', ';', '；']) {
            set = set.union(parse_days(part.trim())?);
        }
        (!set.is_empty()).then_some(When::Weekly(set))
    }

    /// The cell text a roster export writes, which [`When::parse`] reads back.
    pub fn text(self, lang: Lang) -> String {
        match self {
            When::Date(date) => date.format("%Y-%m-%d").to_string(),
            When::Weekly(Weekdays::ALL) => lang.pick("每天", "every day").into(),
            When::Weekly(Weekdays::WORKDAYS) => lang.pick("工作日", "weekdays").into(),
            When::Weekly(Weekdays::WEEKEND) => lang.pick("周末", "weekend").into(),
            When::Weekly(days) => days
                .days()
                .map(|d| weekday_word(d, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
        }
    }
}

/// The short name of a weekday, as the week view's column headings show it.
pub fn weekday_word(day: Weekday, lang: Lang) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    match lang {
        Lang::Zh => ZH[weekday_index(day)],
        Lang::En => EN[weekday_index(day)],
    }
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        other => other,
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    // A spreadsheet date cell may come with a zero time of day.
    let day_part = match text.split_once([' ', 'T']) {
        Some((day, time)) if matches!(time.trim(), "00:00:00" | "00:00") => day,
        Some(_) => return None,
        None => text,
    };
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(day_part, f).ok())
}

/// One list item: a set word, a weekday, or a range of weekdays.
fn parse_days(part: &str) -> Option<Weekdays> {
    match part {
        "每天" | "每日" | "天天" | "全周" | "daily" | "every day" | "everyday" | "all" => {
            return Some(Weekdays::ALL);
        }
        "工作日" | "weekdays" | "workdays" => return Some(Weekdays::WORKDAYS),
        "周末" | "双休日" | "weekend" | "weekends" => return Some(Weekdays::WEEKEND),
        _ => {}
    }
    if let Some(day) = weekday(part) {
        return Some(Weekdays::only(day));
    }
    let (first, last) = part.split_once(['至', '到', '~', '～', '-', '–', '—'])?;
    Some(Weekdays::range(
        weekday(first.trim())?,
        weekday(last.trim())?,
    ))
}

fn weekday(word: &str) -> Option<Weekday> {
    // 每周三 = every Wednesday.
    let word = word.strip_prefix('每').unwrap_or(word);
    let chinese = ["周", "星期", "礼拜"]
        .iter()
        .find_map(|prefix| word.strip_prefix(prefix));
    if let Some(rest) = chinese {
        let index = match rest {
            "一" => 0,
            "二" => 1,
            "三" => 2,
            "四" => 3,
            "五" => 4,
            "六" => 5,
            "日" | "天" => 6,
            _ => return None,
        };
        return Some(WEEK[index]);
    }
    let index = match word {
        "mon" | "monday" => 0,
        "tue" | "tues" | "tuesday" => 1,
        "wed" | "wednesday" => 2,
        "thu" | "thur" | "thurs" | "thursday" => 3,
        "fri" | "friday" => 4,
        "sat" | "saturday" => 5,
        "sun" | "sunday" => 6,
        _ => return None,
    };
    Some(WEEK[index])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::test_support::date;

    fn days(list: &[Weekday]) -> When {
        When::Weekly(
            list.iter()
                .fold(Weekdays::NONE, |s, d| s.union(Weekdays::only(*d))),
        )
    }

    #[test]
    fn reads_dates_and_weekday_words() {
        use Weekday::*;
        let cases: Vec<(&str, Option<When>)> = vec![
            ("2026-11-24", Some(When::Date(date("2026-11-24")))),
            ("2026/11/24", Some(When::Date(date("2026-11-24")))),
            ("2026年11月24日", Some(When::Date(date("2026-11-24")))),
            ("２０２６-１１-２４", Some(When::Date(date("2026-11-24")))),
            ("2026-11-24 00:00:00", Some(When::Date(date("2026-11-24")))),
            ("2026-11-24T00:00:00", Some(When::Date(date("2026-11-24")))),
            ("2026-11-24 08:00", None),
            ("2026-02-30", None),
            ("周一", Some(days(&[Mon]))),
            ("星期天", Some(days(&[Sun]))),
            ("礼拜三", Some(days(&[Wed]))),
            ("每周三", Some(days(&[Wed]))),
            (" Friday ", Some(days(&[Fri]))),
            ("每天", Some(When::Weekly(Weekdays::ALL))),
            ("Every Day", Some(When::Weekly(Weekdays::ALL))),
            ("工作日", Some(When::Weekly(Weekdays::WORKDAYS))),
            ("周一至周五", Some(When::Weekly(Weekdays::WORKDAYS))),
            ("Mon-Fri", Some(When::Weekly(Weekdays::WORKDAYS))),
            ("周末", Some(When::Weekly(Weekdays::WEEKEND))),
            ("周六到周一", Some(days(&[Sat, Sun, Mon]))),
            ("周一、周三，周五", Some(days(&[Mon, Wed, Fri]))),
            ("Mon, Wed", Some(days(&[Mon, Wed]))),
            ("", None),
            ("周八", None),
            ("明天", None),
            ("周一、", None),
        ];
        for (text, expected) in cases {
            assert_eq!(When::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn written_words_read_back_the_same() {
        use Weekday::*;
        for when in [
            When::Date(date("2026-11-24")),
            When::Weekly(Weekdays::ALL),
            When::Weekly(Weekdays::WORKDAYS),
            When::Weekly(Weekdays::WEEKEND),
            days(&[Tue]),
            days(&[Mon, Thu, Sun]),
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let text = when.text(lang);
                assert_eq!(When::parse(&text), Some(when), "{text}");
            }
        }
        assert_eq!(days(&[Mon, Thu]).text(Lang::Zh), "周一、周四");
        assert_eq!(days(&[Mon, Thu]).text(Lang::En), "Mon, Thu");
    }
}
