//! Dates as an article wrote them ("last Wednesday", "Christmas Eve six years ago"), resolved
//! against an anchor: the claim's `as_of`, by default the source's publication date.
//!
//! A relative form always means the most recent match on or before the anchor:
//! - `today`, `yesterday`, `the day before yesterday`: the anchor, 1 and 2 days before it.
//! - A weekday (`Friday`, `on Tuesday`): the most recent such day 0 to 6 days back. Named on
//!   that weekday it is the anchor itself, as articles say "on Wednesday" for the day they
//!   appear. `last Wednesday` is 1 to 7 days back: 7 when the anchor is a Wednesday.
//! - A month-day (`March 17`, `17 March`, `March 17th`, `Dec. 24`, optionally after `on`) or a
//!   holiday (`Christmas Eve` 12-24, `Christmas` or `Christmas Day` 12-25, `New Year's Eve`
//!   12-31, `New Year's Day` 01-01): the most recent such day, the anchor itself included.
//!   `February 29` is the most recent leap year's.
//! - A month (`March`, `in March`): the most recent such month that has begun, the anchor's own
//!   included. Month precision.
//! - `N days ago`, `N weeks ago` (7N days back): day precision. `N months ago`: the calendar
//!   month N before the anchor's. `N years ago`: the calendar year N before the anchor's
//!   (from 2023-12-06, `six years ago` is all of 2017). N is digits or words (`6`, `six`,
//!   `twenty-five`, `a`, `an`), at least 1.
//! - `this month`, `last month`: the anchor's calendar month, the one before.
//!   `this year`, `last year`: the anchor's calendar year, the one before.
//! - A month-day, holiday or month followed by `this year`, `last year` or `N years ago`: that
//!   day or month in that calendar year (`Christmas Eve six years ago` from 2023-12-06 is
//!   2017-12-24). An error if it falls after the anchor or is February 29 of a common year.
//!
//! - From an anchor that is a month or a year (a source published `2023-12`), a phrase means
//!   what it means from any of its days: the run from the earliest such reading to the latest
//!   (`Tuesday` from 2023-12 is 2023-11-28..2023-12-26), a month or year when the run is exactly
//!   one ([`resolve_in`]).
//!
//! Absolute forms ignore the anchor and are not relative: `2017`, `2017-12`, `2017-12-24`,
//! `March 17, 2022`, `24 December 2017`, `Christmas Eve 2017`, `March 2022`.
//!
//! Words are case-insensitive and apostrophes straight or curly; months may be written in
//! full or abbreviated to three letters (`Sept` too), with or without a dot. Anything else is
//! an error, notably `next ...`, `this Friday`, `last week`, `last March` and `last Christmas`,
//! which point forward or have no single agreed meaning.
//!
//! # Who does what
//!
//! The dates are read by [interim], the arithmetic is [chrono]'s, and this module is the
//! normaliser between the text and them. interim alone would not do: it reads forward (a bare
//! `Friday` is the coming one, `April 1` this year's even after the anchor), takes any prefix of
//! three letters or more (`Marc`, `Septem`), times (`Friday 8pm`), `next ...` and slashed dates,
//! and cannot place February 29 in a common year. So every phrase is first checked here against
//! the exact forms above, word by word ([`parse`]); only a phrase that passes is rewritten into
//! one canonical form that interim reads backwards, and interim never sees the original text.
//!
//! Read by interim, once rewritten:
//! - Counting back: `today`, `yesterday`, `the day before yesterday`, `N days/weeks/months/years
//!   ago` (number words made digits with [text2num]), `this/last month`, `this/last year` all
//!   become `N days ago` (`N weeks ago`, ...) with N from 0, which [`interim::parse_duration`]
//!   reads as an interval; chrono subtracts it, months and years from the first of the anchor's
//!   month, and the result is widened to the unit's precision. interim's lexer reads at most
//!   four digits, so a longer count is read as `1 day ago` (...) and multiplied.
//! - Weekdays: `Friday` and `on Friday` become `last friday`, which interim resolves 0 to 6 days
//!   back (the anchor itself on a Friday: the same-day policy above); `last Friday` is the same
//!   phrase read from the day before the anchor, so 1 to 7 days back.
//! - Month-days and holidays with no year (a holiday is a name for its month-day): `March 17`,
//!   `17th March`, `Christmas Eve` become `last march 17`, `last december 24`: this year's if
//!   not after the anchor, else the year before.
//! - Months with no year: `March`, `in March` become `last march`, the first of the most recent
//!   March that has begun.
//! - Absolute month-days: `Sept. 5, 2021`, `24 December 2017`, `Christmas Eve 2017` become
//!   `september 5, 2021`, ... (interim wants the comma and no ordinal or dot).
//!
//! Kept here, because interim cannot or would get it wrong:
//! - The phrase shapes themselves: holiday names, `the day before yesterday`, number words,
//!   ordinals that must fit their number (`17th`, not `17st`), month abbreviations limited to
//!   three letters and `Sept`, days that do not exist (`February 30`), and refusing everything
//!   else.
//! - February 29 with no year: interim looks only in the anchor's year and the one before, and
//!   fails when either is common; it is the most recent leap year's here.
//! - A month-day or month with `this year`, `last year` or `N years ago`, and a month with a
//!   written year (`March 2022`): interim has no such forms (it reads `March 2022` as day 2022
//!   of March), so chrono places them in the year.
//! - Precision (a day, a month, a year) and the checks after resolving: after the anchor, out
//!   of the calendar, `YYYY`, `YYYY-MM` and `YYYY-MM-DD` ([`Period::parse_absolute`]).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use interim::{Dialect, Interval};
use text2num::{Language, text2digits};

use super::date::{Period, month_name, years_before};

/// What a phrase resolved to, and from which anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub period: Period,
    /// Whether the phrase depended on the anchor (false for `2017`, `March 17, 2022`, ...).
    pub relative: bool,
}

/// Why a date phrase could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelativeDateError {
    /// A day or month that does not exist, e.g. `2023-02-30` or `February 30`.
    #[error("{0}")]
    Invalid(String),
    /// The text is none of the forms in [`UNDERSTOOD_FORMS`].
    #[error("`{text}` is not a date crosscheck understands")]
    NotUnderstood { text: String },
    /// A relative phrase that lands after its anchor, e.g. `Christmas this year` in June.
    #[error("`{text}` would be {resolved}, after {anchor}, the date it is read from")]
    AfterAnchor {
        text: String,
        resolved: Period,
        anchor: NaiveDate,
    },
    /// The arithmetic leaves the calendar (e.g. `9999999 years ago`).
    #[error("`{text}` reaches outside the calendar from {anchor}")]
    OutOfRange { text: String, anchor: NaiveDate },
    /// The anchor is a month or year and a month-day or month with no year lands in different
    /// years across it.
    #[error(
        "`{text}` falls in different years depending on which day of {anchor} it is read from; \
         give the anchor as a day, or write the year"
    )]
    AnchorTooVague { text: String, anchor: Period },
}

/// One line listing the forms understood, used as the `help` of load errors.
pub const UNDERSTOOD_FORMS: &str = "a date is 2017, 2017-12, 2017-12-24, \"March 17, 2022\", \
\"24 December 2017\" or \"March 2022\", or is read back from the as_of date: \"today\", \
\"yesterday\", \"the day before yesterday\", \"Friday\", \"on Friday\", \"last Friday\", \
\"March 17\", \"17 March\", \"in March\", \"Christmas Eve\", \"Christmas Day\", \
\"New Year's Eve\", \"New Year's Day\", \"6 days ago\", \"two weeks ago\", \"a month ago\", \
\"six years ago\", \"last month\", \"this month\", \"last year\", \"this year\", \
\"March 17 last year\", \"Christmas Eve six years ago\"";

/// Resolves `expr` against a day `anchor`.
pub fn resolve(expr: &str, anchor: NaiveDate) -> Result<Resolved, RelativeDateError> {
    let text = expr.trim();
    match Period::parse_absolute(text) {
        Ok(Some(period)) => {
            return Ok(Resolved {
                period,
                relative: false,
            });
        }
        Err(why) => return Err(RelativeDateError::Invalid(why)),
        Ok(None) => {}
    }
    let not_understood = || RelativeDateError::NotUnderstood {
        text: text.to_string(),
    };
    let tokens = tokenize(text);
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let phrase = parse(&words)?.ok_or_else(not_understood)?;
    let out_of_range = || RelativeDateError::OutOfRange {
        text: text.to_string(),
        anchor,
    };
    let resolved = phrase.evaluate(anchor)?.ok_or_else(out_of_range)?;
    if resolved.relative && resolved.period.start > anchor {
        return Err(RelativeDateError::AfterAnchor {
            text: text.to_string(),
            resolved: resolved.period,
            anchor,
        });
    }
    Ok(resolved)
}

/// Resolve against an anchor that is itself a period (a source published "2023-12"): the
/// hull of what the phrase means from each day of the anchor, from the first possible day to
/// the last possible one.
///
/// Every form is monotone in its anchor, so that hull runs from the reading at the anchor's
/// first day to the reading at its last. It keeps a calendar precision when it is exactly a
/// month or a year ("this month" from 2023 is 2023), and is otherwise a [`Precision::Range`]
/// ("Tuesday" from 2023-12 is 2023-11-28..2023-12-26). A phrase that would point after some of
/// the anchor's days is read from the days it does not ("Christmas this year" from 2023-12 is
/// 2023-12-25). A month-day or month with no year that
/// lands in different years across the anchor ("December 10" from 2023-12) means one of two
/// days a year apart, not the year between them: the anchor is too vague. An error at either
/// end is the error.
pub fn resolve_in(expr: &str, anchor: Period) -> Result<Resolved, RelativeDateError> {
    let first = resolve(expr, anchor.start);
    if anchor.end == anchor.start {
        return first;
    }
    let last = resolve(expr, anchor.end)?;
    let first = match first {
        // A phrase that would point after the anchor's first days ("Christmas this year" from
        // 2023-12) was written on a later day: its readings start at the first day it has one.
        Err(RelativeDateError::AfterAnchor { .. }) => anchor
            .start
            .iter_days()
            .take_while(|day| *day < anchor.end)
            .find_map(|day| resolve(expr, day).ok())
            .unwrap_or(last),
        other => other?,
    };
    if first == last {
        return Ok(first);
    }
    let tokens = tokenize(expr.trim());
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let jumps_a_year = matches!(
        parse(&words),
        Ok(Some(
            Phrase::MonthDay {
                year: Year::MostRecent,
                ..
            } | Phrase::Month {
                year: Year::MostRecent,
                ..
            }
        ))
    );
    if jumps_a_year {
        return Err(RelativeDateError::AnchorTooVague {
            text: expr.trim().to_string(),
            anchor,
        });
    }
    Ok(Resolved {
        period: Period::hull(first.period, last.period),
        relative: first.relative || last.relative,
    })
}

/// A phrase understood, before it meets its anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phrase {
    /// `N units ago`; `today` is 0 days, `this month` 0 months, `last year` 1 year, ...
    Back {
        n: u32,
        unit: Unit,
    },
    /// A weekday by its lowercase name; `last` leaves out the anchor's own day.
    Weekday {
        day: &'static str,
        last: bool,
    },
    MonthDay {
        month: u32,
        day: u32,
        year: Year,
    },
    Month {
        month: u32,
        year: Year,
    },
}

/// What is counted back.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Which year a month-day, holiday or month is in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Year {
    /// No year given: the most recent one on or before the anchor.
    MostRecent,
    /// `this year` (0), `last year` (1), `N years ago`.
    Ago(u32),
    /// Written out: an absolute date.
    Absolute(i32),
}

impl Phrase {
    /// `Ok(None)` when the arithmetic leaves chrono's calendar.
    fn evaluate(self, anchor: NaiveDate) -> Result<Option<Resolved>, RelativeDateError> {
        let relative = |period: Option<Period>| {
            period.map(|period| Resolved {
                period,
                relative: true,
            })
        };
        let day = |date: Option<NaiveDate>| relative(date.map(Period::day));
        Ok(match self {
            Phrase::Back { n, unit } => relative(count_back(anchor, n, unit)),
            Phrase::Weekday { day: name, last } => {
                let from = if last {
                    anchor.pred_opt()
                } else {
                    Some(anchor)
                };
                day(from.and_then(|from| read(&format!("last {name}"), from)))
            }
            Phrase::MonthDay {
                month,
                day: d,
                year,
            } => match year {
                Year::MostRecent if (month, d) == (2, 29) => day(most_recent_leap_day(anchor)),
                Year::MostRecent => day(read(&format!("last {} {d}", month_name(month)), anchor)),
                Year::Ago(n) => match years_before(anchor, n) {
                    Some(then) => day(Some(month_day_in(then.year(), month, d)?)),
                    None => None,
                },
                Year::Absolute(y) => {
                    let date = read(&format!("{} {d}, {y}", month_name(month)), anchor);
                    // The day exists in some year, so interim fails only on February 29.
                    let date = date.map_or_else(|| month_day_in(y, month, d), Ok)?;
                    Some(Resolved {
                        period: Period::day(date),
                        relative: false,
                    })
                }
            },
            Phrase::Month { month, year } => match year {
                Year::MostRecent => relative(
                    read(&format!("last {}", month_name(month)), anchor)
                        .and_then(|first| Period::month(first.year(), first.month())),
                ),
                Year::Ago(n) => {
                    relative(years_before(anchor, n).and_then(|d| Period::month(d.year(), month)))
                }
                Year::Absolute(y) => Period::month(y, month).map(|period| Resolved {
                    period,
                    relative: false,
                }),
            },
        })
    }
}

/// interim's reading of a canonical `phrase` from the start of `base`, as a day. `None` when it
/// refuses, which for the phrases written here only happens at the calendar's edges.
fn read(phrase: &str, base: NaiveDate) -> Option<NaiveDate> {
    let base = base.and_time(NaiveTime::MIN).and_utc();
    interim::parse_date_string(phrase, base, Dialect::Uk)
        .ok()
        .map(|at| at.date_naive())
}

/// `n` units back from `anchor`, as a period of the unit's precision: interim reads
/// `N units ago` as an interval and chrono subtracts it (months from the first of the month).
fn count_back(anchor: NaiveDate, n: u32, unit: Unit) -> Option<Period> {
    let name = match unit {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
    };
    // interim's lexer reads at most four digits: read a longer count as one unit, multiplied.
    let (said, times) = if n <= 9999 { (n, 1) } else { (1, u64::from(n)) };
    let plural = if said == 1 { "" } else { "s" };
    let interval = interim::parse_duration(&format!("{said} {name}{plural} ago")).ok()?;
    let date = match interval {
        Interval::Days(days) => {
            anchor.checked_sub_days(Days::new(u64::from(days.unsigned_abs()) * times))?
        }
        Interval::Months(months) => {
            let months = u32::try_from(u64::from(months.unsigned_abs()) * times).ok()?;
            anchor
                .with_day(1)?
                .checked_sub_months(Months::new(months))?
        }
        Interval::Seconds(_) => return None,
    };
    match unit {
        Unit::Day | Unit::Week => Some(Period::day(date)),
        Unit::Month => Period::month(date.year(), date.month()),
        Unit::Year => Period::year(date.year()),
    }
}

/// The most recent February 29 on or before `anchor`.
fn most_recent_leap_day(anchor: NaiveDate) -> Option<NaiveDate> {
    let start = if (2, 29) <= (anchor.month(), anchor.day()) {
        anchor.year()
    } else {
        anchor.year().checked_sub(1)?
    };
    // Leap years are at most 8 years apart (1896 to 1904).
    (0..=8).find_map(|back| NaiveDate::from_ymd_opt(start.checked_sub(back)?, 2, 29))
}

/// `month`-`day` in `year`, which only fails for February 29 in a common year.
fn month_day_in(year: i32, month: u32, day: u32) -> Result<NaiveDate, RelativeDateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        RelativeDateError::Invalid(format!(
            "{} {day} did not exist in {year}",
            month_name(month)
        ))
    })
}

/// Lowercase words; curly apostrophes made straight; a trailing comma split off as its own word.
fn tokenize(text: &str) -> Vec<String> {
    let text = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        match word.strip_suffix(',') {
            Some(stem) if !stem.is_empty() => {
                out.push(stem.to_string());
                out.push(",".to_string());
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

/// `Ok(None)` when the words are no known form; `Err` when they are one but name no real day.
fn parse(words: &[&str]) -> Result<Option<Phrase>, RelativeDateError> {
    if let Some(phrase) = parse_fixed(words) {
        return Ok(Some(phrase));
    }
    match words {
        ["on", rest @ ..] => parse_named_day(rest),
        ["in", rest @ ..] => Ok(parse_named_month(rest)),
        _ => match parse_named_day(words)? {
            Some(phrase) => Ok(Some(phrase)),
            None => Ok(parse_named_month(words)),
        },
    }
}

/// The forms that name no month: days back, months and years back, weekdays.
fn parse_fixed(words: &[&str]) -> Option<Phrase> {
    let back = |n, unit| Phrase::Back { n, unit };
    Some(match words {
        ["today"] => back(0, Unit::Day),
        ["yesterday"] => back(1, Unit::Day),
        ["the", "day", "before", "yesterday"] | ["day", "before", "yesterday"] => {
            back(2, Unit::Day)
        }
        ["this", "month"] => back(0, Unit::Month),
        ["last", "month"] => back(1, Unit::Month),
        ["this", "year"] => back(0, Unit::Year),
        ["last", "year"] => back(1, Unit::Year),
        [day] | ["on", day] => Phrase::Weekday {
            day: weekday(day)?,
            last: false,
        },
        ["last", day] => Phrase::Weekday {
            day: weekday(day)?,
            last: true,
        },
        [count @ .., unit, "ago"] => {
            let n = parse_count(count)?;
            match *unit {
                "day" | "days" => back(n, Unit::Day),
                "week" | "weeks" => back(n, Unit::Week),
                "month" | "months" => back(n, Unit::Month),
                "year" | "years" => back(n, Unit::Year),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// A month-day or holiday, then an optional year.
fn parse_named_day(words: &[&str]) -> Result<Option<Phrase>, RelativeDateError> {
    let heads: [Option<(u32, u32, &[&str])>; 3] = [
        match words {
            [m, d, rest @ ..] => month(m).zip(day_number(d)).map(|(m, d)| (m, d, rest)),
            _ => None,
        },
        match words {
            [d, m, rest @ ..] => month(m).zip(day_number(d)).map(|(m, d)| (m, d, rest)),
            _ => None,
        },
        holiday(words),
    ];
    for (month, day, rest) in heads.into_iter().flatten() {
        let Some(year) = parse_year(rest) else {
            continue;
        };
        let longest = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=longest).contains(&day) {
            return Err(RelativeDateError::Invalid(format!(
                "{} has no day {day}",
                month_name(month)
            )));
        }
        return Ok(Some(Phrase::MonthDay { month, day, year }));
    }
    Ok(None)
}

/// A month name, then an optional year.
fn parse_named_month(words: &[&str]) -> Option<Phrase> {
    let [m, rest @ ..] = words else {
        return None;
    };
    Some(Phrase::Month {
        month: month(m)?,
        year: parse_year(rest)?,
    })
}

/// What may follow a month-day, holiday or month: nothing, a written year, or a year offset.
fn parse_year(words: &[&str]) -> Option<Year> {
    match words {
        [] => Some(Year::MostRecent),
        [y] | [",", y] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            y.parse().ok().map(Year::Absolute)
        }
        ["this", "year"] => Some(Year::Ago(0)),
        ["last", "year"] => Some(Year::Ago(1)),
        [count @ .., "year" | "years", "ago"] => parse_count(count).map(Year::Ago),
        _ => None,
    }
}

/// The fixed-date holidays, as (month, day, words after the name).
fn holiday<'a>(words: &'a [&'a str]) -> Option<(u32, u32, &'a [&'a str])> {
    match words {
        ["christmas", "eve", rest @ ..] => Some((12, 24, rest)),
        ["christmas", "day", rest @ ..] => Some((12, 25, rest)),
        ["christmas", rest @ ..] => Some((12, 25, rest)),
        ["new", "year's" | "years", "eve", rest @ ..] => Some((12, 31, rest)),
        ["new", "year's" | "years", "day", rest @ ..] => Some((1, 1, rest)),
        _ => None,
    }
}

/// A count of at least 1: digits, English number words (`twenty-five`), `a` or `an`.
fn parse_count(words: &[&str]) -> Option<u32> {
    let n = match words {
        [] => return None,
        ["a" | "an"] => 1,
        [digits] if digits.bytes().all(|b| b.is_ascii_digit()) => {
            // Too many digits to count is still a count: too far back, not a misunderstanding.
            digits.parse().unwrap_or(u32::MAX)
        }
        _ => {
            if words
                .iter()
                .any(|w| !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
            {
                return None;
            }
            let digits = text2digits(&words.join(" "), &Language::english()).ok()?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().unwrap_or(u32::MAX)
        }
    };
    (n >= 1).then_some(n)
}

/// A day of the month: `17`, `17th`, `1st`, `22nd`, `3rd` (the suffix must fit the number).
fn day_number(word: &str) -> Option<u32> {
    let digits_end = word.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, suffix) = word.split_at(digits_end);
    if !(1..=2).contains(&digits.len()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let fitting = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    (suffix.is_empty() || suffix == fitting).then_some(n)
}

/// A month's full name, or its three-letter abbreviation (or `sept`) with an optional dot.
pub(crate) fn month(word: &str) -> Option<u32> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = FULL.iter().position(|&name| name == word) {
        return Some(i as u32 + 1);
    }
    let short = word.strip_suffix('.').unwrap_or(word);
    if short == "may" {
        return None; // "May." is no abbreviation
    }
    if short == "sept" {
        return Some(9);
    }
    FULL.iter()
        .position(|name| short.len() == 3 && name.starts_with(short))
        .map(|i| i as u32 + 1)
}

/// A weekday's full name, exactly (interim would also take `fri`, `thurs`, ...).
pub(crate) fn weekday(word: &str) -> Option<&'static str> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter().find(|&&name| name == word).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::date::{MONTH_NAMES, Precision};
    use Precision::{Day, Month, Year};
    use proptest::prelude::*;
    use proptest::sample::select;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse_absolute(s).unwrap().unwrap()
    }

    /// (phrase, anchor, expected start, expected end, precision).
    /// Weekdays: 2023-12-06 is a Wednesday, 2022-04-08 a Friday, 2023-01-01 a Sunday.
    #[rustfmt::skip]
    const CASES: &[(&str, &str, &str, &str, Precision)] = &[
        // Absolute forms ignore the anchor.
        ("2017", "2023-12-06", "2017-01-01", "2017-12-31", Year),
        ("2017-12", "2023-12-06", "2017-12-01", "2017-12-31", Month),
        ("2017-12-24", "2023-12-06", "2017-12-24", "2017-12-24", Day),
        ("March 17, 2022", "2023-12-06", "2022-03-17", "2022-03-17", Day),
        ("March 17th, 2022", "2023-12-06", "2022-03-17", "2022-03-17", Day),
        ("24 December 2017", "2023-12-06", "2017-12-24", "2017-12-24", Day),
        ("Sept. 5, 2021", "2023-12-06", "2021-09-05", "2021-09-05", Day),
        ("February 29, 2024", "2023-12-06", "2024-02-29", "2024-02-29", Day),
        ("Christmas Eve 2017", "2023-12-06", "2017-12-24", "2017-12-24", Day),
        ("New Year's Day, 2020", "2023-12-06", "2020-01-01", "2020-01-01", Day),
        ("March 2022", "2023-12-06", "2022-03-01", "2022-03-31", Month),
        ("in March 2022", "2023-12-06", "2022-03-01", "2022-03-31", Month),
        ("March 2025", "2023-12-06", "2025-03-01", "2025-03-31", Month),
        // today, yesterday, the day before yesterday.
        ("today", "2023-12-06", "2023-12-06", "2023-12-06", Day),
        ("Today", "2024-02-29", "2024-02-29", "2024-02-29", Day),
        ("yesterday", "2023-12-06", "2023-12-05", "2023-12-05", Day),
        ("yesterday", "2023-01-01", "2022-12-31", "2022-12-31", Day),
        ("the day before yesterday", "2023-12-06", "2023-12-04", "2023-12-04", Day),
        ("the day before yesterday", "2024-03-01", "2024-02-28", "2024-02-28", Day),
        ("Day before yesterday", "2023-01-01", "2022-12-30", "2022-12-30", Day),
        // Weekdays: named on that weekday, bare or with "on" is the anchor, "last" a week back.
        ("Wednesday", "2023-12-06", "2023-12-06", "2023-12-06", Day),
        ("on Wednesday", "2023-12-06", "2023-12-06", "2023-12-06", Day),
        ("last Wednesday", "2023-12-06", "2023-11-29", "2023-11-29", Day),
        ("Tuesday", "2023-12-06", "2023-12-05", "2023-12-05", Day),
        ("last Tuesday", "2023-12-06", "2023-12-05", "2023-12-05", Day),
        ("Thursday", "2023-12-06", "2023-11-30", "2023-11-30", Day),
        ("on Friday", "2023-12-06", "2023-12-01", "2023-12-01", Day),
        ("last Friday", "2023-12-06", "2023-12-01", "2023-12-01", Day),
        ("FRIDAY", "2022-04-08", "2022-04-08", "2022-04-08", Day),
        ("last friday", "2022-04-08", "2022-04-01", "2022-04-01", Day),
        ("On Saturday", "2022-04-08", "2022-04-02", "2022-04-02", Day),
        ("Sunday", "2023-01-01", "2023-01-01", "2023-01-01", Day),
        ("Saturday", "2023-01-01", "2022-12-31", "2022-12-31", Day),
        ("last Sunday", "2023-01-01", "2022-12-25", "2022-12-25", Day),
        ("Monday", "2023-01-01", "2022-12-26", "2022-12-26", Day),
        // Month-days: the most recent on or before the anchor.
        ("March 30", "2022-04-08", "2022-03-30", "2022-03-30", Day),
        ("March 30", "2022-03-01", "2021-03-30", "2021-03-30", Day),
        ("on March 30", "2022-04-08", "2022-03-30", "2022-03-30", Day),
        ("30 March", "2022-03-30", "2022-03-30", "2022-03-30", Day),
        ("March 17th", "2022-04-08", "2022-03-17", "2022-03-17", Day),
        ("17th March", "2022-04-08", "2022-03-17", "2022-03-17", Day),
        ("on 1st April", "2022-04-08", "2022-04-01", "2022-04-01", Day),
        ("April 22nd", "2022-04-08", "2021-04-22", "2021-04-22", Day),
        ("Dec 24", "2023-12-06", "2022-12-24", "2022-12-24", Day),
        ("Dec. 5", "2023-12-06", "2023-12-05", "2023-12-05", Day),
        ("December 6", "2023-12-06", "2023-12-06", "2023-12-06", Day),
        ("December 7", "2023-12-06", "2022-12-07", "2022-12-07", Day),
        ("January 1st", "2023-01-01", "2023-01-01", "2023-01-01", Day),
        ("December 31", "2023-01-01", "2022-12-31", "2022-12-31", Day),
        // February 29: the most recent leap year's (1900 was not one).
        ("February 29", "2023-12-06", "2020-02-29", "2020-02-29", Day),
        ("February 29", "2024-02-29", "2024-02-29", "2024-02-29", Day),
        ("February 29", "2024-02-28", "2020-02-29", "2020-02-29", Day),
        ("Feb 29", "1904-01-01", "1896-02-29", "1896-02-29", Day),
        // Holidays.
        ("Christmas Eve", "2023-12-24", "2023-12-24", "2023-12-24", Day),
        ("Christmas Eve", "2023-12-23", "2022-12-24", "2022-12-24", Day),
        ("christmas eve", "2023-12-06", "2022-12-24", "2022-12-24", Day),
        ("Christmas", "2023-12-25", "2023-12-25", "2023-12-25", Day),
        ("Christmas Day", "2023-12-26", "2023-12-25", "2023-12-25", Day),
        ("on Christmas Day", "2023-12-06", "2022-12-25", "2022-12-25", Day),
        ("New Year's Day", "2023-01-01", "2023-01-01", "2023-01-01", Day),
        ("New Year\u{2019}s Day", "2022-12-31", "2022-01-01", "2022-01-01", Day),
        ("New Year's Eve", "2023-01-01", "2022-12-31", "2022-12-31", Day),
        ("on New Year\u{2019}s Eve", "2023-12-31", "2023-12-31", "2023-12-31", Day),
        ("NEW YEARS DAY", "2023-12-06", "2023-01-01", "2023-01-01", Day),
        ("  on   Christmas   Eve ", "2023-12-24", "2023-12-24", "2023-12-24", Day),
        // N days, weeks, months, years ago.
        ("3 days ago", "2023-12-06", "2023-12-03", "2023-12-03", Day),
        ("three days ago", "2023-01-01", "2022-12-29", "2022-12-29", Day),
        ("a day ago", "2023-12-06", "2023-12-05", "2023-12-05", Day),
        ("two weeks ago", "2023-12-06", "2023-11-22", "2023-11-22", Day),
        ("1 week ago", "2023-01-01", "2022-12-25", "2022-12-25", Day),
        ("two months ago", "2023-12-06", "2023-10-01", "2023-10-31", Month),
        ("a month ago", "2023-03-31", "2023-02-01", "2023-02-28", Month),
        ("one month ago", "2023-01-01", "2022-12-01", "2022-12-31", Month),
        ("13 months ago", "2023-01-01", "2021-12-01", "2021-12-31", Month),
        ("six years ago", "2023-12-06", "2017-01-01", "2017-12-31", Year),
        ("6 years ago", "2023-12-06", "2017-01-01", "2017-12-31", Year),
        ("Six Years Ago", "2023-12-06", "2017-01-01", "2017-12-31", Year),
        ("one year ago", "2023-01-01", "2022-01-01", "2022-12-31", Year),
        ("a year ago", "2024-02-29", "2023-01-01", "2023-12-31", Year),
        ("an year ago", "2023-12-06", "2022-01-01", "2022-12-31", Year),
        ("twenty-five years ago", "2023-12-06", "1998-01-01", "1998-12-31", Year),
        ("twenty five years ago", "2023-12-06", "1998-01-01", "1998-12-31", Year),
        ("one hundred years ago", "2023-12-06", "1923-01-01", "1923-12-31", Year),
        // last/this month and year.
        ("last year", "2023-01-01", "2022-01-01", "2022-12-31", Year),
        ("this year", "2023-01-01", "2023-01-01", "2023-12-31", Year),
        ("last month", "2023-01-01", "2022-12-01", "2022-12-31", Month),
        ("Last Month", "2024-03-31", "2024-02-01", "2024-02-29", Month),
        ("this month", "2023-12-06", "2023-12-01", "2023-12-31", Month),
        // Months: the most recent that has begun.
        ("March", "2022-04-08", "2022-03-01", "2022-03-31", Month),
        ("in March", "2022-03-01", "2022-03-01", "2022-03-31", Month),
        ("in April", "2022-03-31", "2021-04-01", "2021-04-30", Month),
        ("December", "2023-01-01", "2022-12-01", "2022-12-31", Month),
        ("Sept", "2023-12-06", "2023-09-01", "2023-09-30", Month),
        // A month-day, holiday or month in a year counted back.
        ("Christmas Eve six years ago", "2023-12-06", "2017-12-24", "2017-12-24", Day),
        ("Christmas Eve last year", "2023-12-06", "2022-12-24", "2022-12-24", Day),
        ("Christmas eve last year", "2023-12-25", "2022-12-24", "2022-12-24", Day),
        ("Christmas Day a year ago", "2023-12-06", "2022-12-25", "2022-12-25", Day),
        ("New Year's Day this year", "2023-12-06", "2023-01-01", "2023-01-01", Day),
        ("March 17 last year", "2022-04-08", "2021-03-17", "2021-03-17", Day),
        ("on March 17 two years ago", "2022-04-08", "2020-03-17", "2020-03-17", Day),
        ("February 29 four years ago", "2024-06-01", "2020-02-29", "2020-02-29", Day),
        ("March last year", "2022-04-08", "2021-03-01", "2021-03-31", Month),
        ("in June this year", "2023-12-06", "2023-06-01", "2023-06-30", Month),
        ("March 17 years ago", "2023-12-06", "2006-03-01", "2006-03-31", Month),
    ];

    #[test]
    fn each_form_resolves_to_its_documented_period() {
        let mut failures = Vec::new();
        for &(phrase, anchor, start, end, precision) in CASES {
            let expected = Period {
                start: d(start),
                end: d(end),
                precision,
            };
            match resolve(phrase, d(anchor)) {
                Ok(r) if r.period == expected => {}
                other => failures.push(format!("{phrase:?} from {anchor}: {other:?}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(CASES.len() >= 70);
    }

    #[test]
    fn only_anchor_free_forms_are_not_relative() {
        for &(phrase, anchor, ..) in CASES {
            let r = resolve(phrase, d(anchor)).unwrap();
            // A written year: four digits at the start of a word.
            let absolute = phrase
                .split_whitespace()
                .any(|w| w.bytes().take_while(u8::is_ascii_digit).count() == 4);
            assert_eq!(r.relative, !absolute, "{phrase:?}");
        }
    }

    #[test]
    fn impossible_days_are_invalid_and_say_why() {
        let anchor = d("2023-12-06");
        let invalid = |s: &str| match resolve(s, anchor) {
            Err(RelativeDateError::Invalid(why)) => why,
            other => panic!("{s:?}: {other:?}"),
        };
        assert_eq!(invalid("2023-02-30"), "February has no day 30");
        assert_eq!(invalid("2023-13"), "month 13 does not exist");
        assert_eq!(invalid("February 30"), "February has no day 30");
        assert_eq!(invalid("on 31 April"), "April has no day 31");
        assert_eq!(invalid("February 30, 2024"), "February has no day 30");
        assert_eq!(
            invalid("February 29, 2023"),
            "February 29 did not exist in 2023"
        );
        assert_eq!(
            invalid("February 29 last year"),
            "February 29 did not exist in 2022"
        );
        assert_eq!(invalid("March 32"), "March has no day 32");
    }

    #[test]
    fn a_day_or_month_this_year_after_the_anchor_is_an_error() {
        for (phrase, resolved) in [
            ("Christmas this year", p("2023-12-25")),
            ("December 7 this year", p("2023-12-07")),
        ] {
            assert_eq!(
                resolve(phrase, d("2023-12-06")),
                Err(RelativeDateError::AfterAnchor {
                    text: phrase.to_string(),
                    resolved,
                    anchor: d("2023-12-06"),
                })
            );
        }
        assert!(matches!(
            resolve("March this year", d("2023-02-28")),
            Err(RelativeDateError::AfterAnchor { .. })
        ));
    }

    #[test]
    fn counting_back_out_of_the_calendar_is_an_error() {
        for phrase in [
            "9999999 years ago",
            "99999999999 days ago",
            "4000000000 weeks ago",
        ] {
            assert_eq!(
                resolve(phrase, d("2023-12-06")),
                Err(RelativeDateError::OutOfRange {
                    text: phrase.to_string(),
                    anchor: d("2023-12-06"),
                }),
            );
        }
    }

    #[test]
    fn unparseable_text_is_not_understood_and_the_help_names_forms_that_resolve() {
        for text in [
            "",
            "soon",
            "tomorrow",
            "next Friday",
            "this Friday",
            "Fri",
            "last week",
            "this week",
            "last March",
            "last Christmas",
            "on last Friday",
            "a few days ago",
            "few days ago",
            "0 days ago",
            "zero years ago",
            "sixth days ago",
            "an hour ago",
            "2 hours ago",
            "days ago",
            "New Year's",
            "on March",
            "in March 17",
            "in Friday",
            "March 17st",
            "March 202",
            "17/03/2022",
            "May. 5",
            "2017 12 24",
            "Friday March 17",
        ] {
            let err = resolve(text, d("2023-12-06")).unwrap_err();
            assert_eq!(
                err,
                RelativeDateError::NotUnderstood {
                    text: text.trim().to_string()
                },
                "{text:?}"
            );
            assert!(err.to_string().contains(&format!("`{text}`")));
        }
        // The forms the help names, quoted or as the leading bare examples, all resolve.
        let quoted = UNDERSTOOD_FORMS.split('"').skip(1).step_by(2);
        let examples: Vec<&str> = ["2017", "2017-12", "2017-12-24"]
            .into_iter()
            .chain(quoted)
            .collect();
        assert!(examples.len() > 25);
        for example in examples {
            assert!(UNDERSTOOD_FORMS.contains(example));
            assert!(resolve(example, d("2023-12-06")).is_ok(), "{example:?}");
        }
        assert!(!UNDERSTOOD_FORMS.contains('\n'));
    }

    fn range(start: &str, end: &str) -> Period {
        Period {
            start: d(start),
            end: d(end),
            precision: Precision::Range,
        }
    }

    #[test]
    fn a_month_or_year_anchor_gives_the_hull_of_what_each_of_its_days_gives() {
        let month = p("2023-12");
        let year = p("2023");
        let within = |s: &str, anchor: Period| resolve_in(s, anchor).map(|r| r.period);
        for (phrase, anchor, expected) in [
            // Weekdays: the Tuesdays on or before some day of the anchor.
            ("Tuesday", month, range("2023-11-28", "2023-12-26")),
            ("on Tuesday", month, range("2023-11-28", "2023-12-26")),
            ("last Tuesday", month, range("2023-11-28", "2023-12-26")),
            ("Tuesday", year, range("2022-12-27", "2023-12-26")),
            // Days counted back.
            ("today", month, p("2023-12")),
            ("yesterday", month, range("2023-11-30", "2023-12-30")),
            (
                "the day before yesterday",
                month,
                range("2023-11-29", "2023-12-29"),
            ),
            ("3 days ago", month, range("2023-11-28", "2023-12-28")),
            ("two weeks ago", month, range("2023-11-17", "2023-12-17")),
            ("yesterday", year, range("2022-12-31", "2023-12-30")),
            ("today", year, p("2023")),
            // Months counted back.
            ("this month", month, p("2023-12")),
            ("last month", month, p("2023-11")),
            ("two months ago", p("2023-06"), p("2023-04")),
            ("this month", year, p("2023")),
            ("last month", year, range("2022-12-01", "2023-11-30")),
            // Years counted back.
            ("last year", month, p("2022")),
            ("six years ago", month, p("2017")),
            ("this year", year, p("2023")),
            ("six years ago", year, p("2017")),
            // A month-day, holiday or month that falls in one year across the anchor.
            ("March 17", month, p("2023-03-17")),
            ("Christmas Eve", p("2024-01"), p("2023-12-24")),
            ("in March", month, p("2023-03")),
            ("Christmas Eve six years ago", month, p("2017-12-24")),
            ("March last year", year, p("2022-03")),
            // Read only from the days it does not point after.
            ("Christmas this year", month, p("2023-12-25")),
            ("in June this year", year, p("2023-06")),
            // Absolute dates ignore the anchor.
            ("2017-12-24", year, p("2017-12-24")),
            ("March 2022", year, p("2022-03")),
        ] {
            assert_eq!(
                within(phrase, anchor),
                Ok(expected),
                "{phrase} from {anchor}"
            );
        }
        assert!(resolve_in("March 2022", year).is_ok_and(|r| !r.relative));
        assert!(resolve_in("yesterday", month).is_ok_and(|r| r.relative));
        // A month-day or month with no year that lands in different years: two days a year
        // apart, not the year between them.
        for (phrase, anchor) in [
            ("December 10", month),
            ("Christmas", month),
            ("March 17", year),
            ("in June", year),
        ] {
            assert_eq!(
                resolve_in(phrase, anchor),
                Err(RelativeDateError::AnchorTooVague {
                    text: phrase.to_string(),
                    anchor,
                }),
                "{phrase}"
            );
        }
    }

    fn anchor() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 ..= 2099-12-31
        (0u64..73_049).prop_map(|n| d("1900-01-01") + Days::new(n))
    }

    fn count() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u32..120).prop_map(|n| n.to_string()),
            select(
                &[
                    "a",
                    "an",
                    "one",
                    "two",
                    "six",
                    "ten",
                    "twelve",
                    "twenty-five",
                    "forty two",
                    "ninety-nine",
                ][..]
            )
            .prop_map(str::to_string),
        ]
    }

    /// The phrases that must resolve from any anchor (none ends "this year").
    fn relative_phrase() -> impl Strategy<Value = String> {
        let units = [
            "day", "days", "week", "weeks", "month", "months", "year", "years",
        ];
        let weekdays = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let holidays = [
            "Christmas Eve",
            "Christmas",
            "christmas day",
            "New Year's Day",
            "New Year\u{2019}s Eve",
        ];
        let year_tail = prop_oneof![
            Just(String::new()),
            Just(" last year".to_string()),
            count().prop_map(|n| format!(" {n} years ago")),
        ];
        let day_head = prop_oneof![
            (select(&MONTH_NAMES[..]), 1u32..=28).prop_map(|(m, d)| format!("{m} {d}")),
            (1u32..=28, select(&MONTH_NAMES[..])).prop_map(|(d, m)| format!("on {d} {m}")),
            select(holidays.to_vec()).prop_map(str::to_string),
        ];
        let named_months = select(&MONTH_NAMES[..]).prop_map(|m| format!("in {m}"));
        prop_oneof![
            select(
                &[
                    "today",
                    "yesterday",
                    "the day before yesterday",
                    "last year",
                    "this year",
                    "last month",
                    "this month",
                    "February 29",
                ][..]
            )
            .prop_map(str::to_string),
            (count(), select(units.to_vec())).prop_map(|(n, u)| format!("{n} {u} ago")),
            (select(&["", "on ", "last "][..]), select(weekdays.to_vec()))
                .prop_map(|(pre, day)| format!("{pre}{day}")),
            (day_head, year_tail.clone()).prop_map(|(h, t)| format!("{h}{t}")),
            (named_months, year_tail).prop_map(|(h, t)| format!("{h}{t}")),
        ]
    }

    /// Anything: relative phrases, ones that may fail, absolute dates and noise.
    fn any_phrase() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => relative_phrase(),
            1 => (select(&MONTH_NAMES[..]), 1u32..=31).prop_map(|(m, d)| format!("{m} {d} this year")),
            1 => (1900i32..2100, 1u32..=13, 1u32..=31)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            1 => (select(&MONTH_NAMES[..]), 1u32..=31, 1900i32..2100)
                .prop_map(|(m, d, y)| format!("{m} {d}, {y}")),
            1 => "[a-zA-Z0-9 ,'-]{0,24}",
        ]
    }

    proptest! {
        #[test]
        fn relative_dates_never_start_after_the_anchor_and_days_never_end_after_it(
            phrase in relative_phrase(),
            anchor in anchor(),
        ) {
            let r = resolve(&phrase, anchor);
            prop_assert!(r.is_ok(), "{phrase:?} from {anchor}: {r:?}");
            let r = r.unwrap();
            prop_assert!(r.relative);
            prop_assert!(r.period.start <= anchor);
            // A month or year can hold days after the anchor, but only if it holds the anchor.
            let latest = Period::day(anchor).widen(r.period.precision);
            prop_assert!(r.period.end <= latest.end, "{phrase:?} from {anchor}: {r:?}");
            if r.period.precision == Precision::Day {
                prop_assert!(r.period.end <= anchor);
            }
        }

        #[test]
        fn widening_a_resolved_period_keeps_it_inside(
            phrase in any_phrase(),
            anchor in anchor(),
        ) {
            if let Ok(r) = resolve(&phrase, anchor) {
                for precision in [Precision::Day, Precision::Month, Precision::Year] {
                    prop_assert!(r.period.widen(precision).contains(&r.period));
                }
            }
        }

        #[test]
        fn resolving_in_a_day_anchor_is_resolving_at_that_day(
            phrase in any_phrase(),
            anchor in anchor(),
        ) {
            prop_assert_eq!(resolve_in(&phrase, Period::day(anchor)), resolve(&phrase, anchor));
        }

        #[test]
        fn resolving_in_a_month_or_year_holds_what_each_of_its_days_gives(
            phrase in relative_phrase(),
            anchor in anchor(),
            coarse in select(&[Precision::Month, Precision::Year][..]),
        ) {
            let period = Period::day(anchor).widen(coarse);
            let hull = resolve_in(&phrase, period);
            if let (Ok(hull), Ok(at_day)) = (hull, resolve(&phrase, anchor)) {
                prop_assert!(hull.period.contains(&at_day.period), "{phrase:?} in {period}");
                prop_assert!(hull.period.precision >= at_day.period.precision);
                // Never a range the phrase does not mean: both ends are readings of some day.
                let first = resolve(&phrase, period.start).unwrap().period;
                let last = resolve(&phrase, period.end).unwrap().period;
                prop_assert_eq!(hull.period.start, first.start);
                prop_assert_eq!(hull.period.end, last.end);
            }
        }
    }
}
