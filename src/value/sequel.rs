//! Dates an article gives after it has given another ("two years later", "the following day",
//! "that Friday"): a claim with `relative_to: CLAIM-ID` is read from that claim's date instead
//! of the publication date (docs/formats.md section 7, "Dates relative to another claim").
//!
//! Read from a target day T (N in digits or words: `3`, `three`, `twenty-five`, `a`, `an`):
//! - `N days|weeks|fortnights|months|years|decades later|after|afterwards|on` and
//!   `... earlier|before|previously|prior|beforehand`, optionally `after that`, `before that`.
//!   Precision follows the unit, as TimeML gives it: days give the day; weeks the Monday–Sunday
//!   week holding the day 7N days on (a reporter's "a week later" is seldom exactly 7 days);
//!   months the calendar month N on from T's; years and decades the calendar year.
//! - `N hours|minutes later|earlier`: the days those hours can reach, T's hour being unknown
//!   ("two hours later" from 2017-12-24 is 2017-12-24..2017-12-25).
//! - `the next|following|subsequent UNIT`, `the UNIT after`: one UNIT later;
//!   `the previous|preceding|prior UNIT`, `the UNIT before`: one earlier. UNIT is day, week,
//!   month or year; a part of the day (`morning`, `afternoon`, `evening`, `night`) is the day.
//! - `the same UNIT`, `that UNIT`, `that same UNIT`: T's own day, week, month or year.
//! - `later that UNIT`, `later the same UNIT`, `later in the UNIT`: from T to the end of its
//!   UNIT; `earlier ...`: from the start of it to T.
//! - A weekday: `the following Friday`, `the next Friday`, `the Friday after`: the first Friday
//!   after T (1 to 7 days on); `the previous Friday`, `the Friday before`: the last before T
//!   (1 to 7 days back); `that Friday`: the Friday of T's Monday–Sunday week, as narrative uses
//!   it ("arrested on Tuesday, Dec. 5; that Friday he was freed").
//! - A leading `on`, `in`, `during`, `just`, `only` or `exactly` changes nothing, nor do `early`
//!   and `late`, whose part of the unit lies inside it ("early the next morning" is the next
//!   day, "late that year" the year).
//!
//! From a target known only to a month, a year or a run of days, a phrase means what it means
//! from any of its days: the run from its reading at the first day to that at the last (every
//! form is monotone in T), a calendar unit when the run is exactly one ("two years later" from
//! 2017-12 is 2019; "the next day" from 2017-12 is 2017-12-02..2018-01-01). A target with two
//! candidate readings gives two. A count with no number ("days later", "a few years later",
//! "later") places nothing and is refused, naming what would place it.
//!
//! Work is linear in the phrase: it is split into words once, and a phrase of more than
//! [`MAX_WORDS`] words is refused before any is read.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use text2num::{Language, text2digits};

use super::date::Period;
use super::{DateValue, ValueError};
use crate::yaml::RawValue;

/// The longest phrase read: "just over twenty-five years later that same day" is shorter.
pub const MAX_WORDS: usize = 12;

/// One line listing the forms understood, used as the `help` of load errors.
pub const UNDERSTOOD_FORMS: &str = "with `relative_to`, a date is read from that claim's date: \
\"two years later\", \"a year earlier\", \"3 days after\", \"18 months before\", \"a week later\", \
\"two hours later\", \"the following day\", \"the next morning\", \"the day before\", \
\"the previous year\", \"the same month\", \"that day\", \"later that year\", \
\"the following Monday\", \"the Friday before\", \"that Friday\"; or an absolute date \
(2019, 2019-05, 2019-05-02)";

/// Why a phrase could not be read from its target's date.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SequelError {
    /// A day or month that does not exist, e.g. `2023-02-30`.
    #[error("{0}")]
    Invalid(String),
    #[error("`{0}` is not a date crosscheck reads from another claim's date")]
    NotUnderstood(String),
    /// A count with no number: "days later".
    #[error("`{text}` does not say how many {unit}, so it places no date")]
    Vague { text: String, unit: String },
    #[error("`{text}` reaches outside the calendar from {from}")]
    OutOfRange { text: String, from: Period },
}

impl SequelError {
    /// What would place the date.
    pub fn help(&self) -> String {
        match self {
            SequelError::Vague { unit, .. } => format!(
                "write how many {unit} (\"three {unit} later\") if the article says, or the date itself"
            ),
            SequelError::OutOfRange { .. } | SequelError::Invalid(_) => {
                "write the date itself: 2019, 2019-05 or 2019-05-02".into()
            }
            SequelError::NotUnderstood(_) => UNDERSTOOD_FORMS.into(),
        }
    }
}

/// Reads a claim's value as a date relative to `target`, the date of the claim it names.
pub fn parse(raw: &RawValue, target: &DateValue) -> Result<DateValue, ValueError> {
    let RawValue::Scalar(text) = raw else {
        return Err(ValueError {
            span: raw.span(),
            message: "a date read from another claim is one phrase, not a list or a map".into(),
            help: UNDERSTOOD_FORMS.into(),
        });
    };
    resolve(&text.value, target).map_err(|e| ValueError {
        span: text.span,
        message: e.to_string(),
        help: e.help(),
    })
}

/// Resolves `text` from `target`: each of the target's readings gives one.
pub fn resolve(text: &str, target: &DateValue) -> Result<DateValue, SequelError> {
    let text = text.trim();
    match Period::parse_absolute(text) {
        Ok(Some(period)) => return Ok(DateValue::single(period, None)),
        Err(why) => return Err(SequelError::Invalid(why)),
        Ok(None) => {}
    }
    let sequel = read(text)?;
    let from = |p: Period| {
        sequel
            .read_from_period(p)
            .ok_or_else(|| SequelError::OutOfRange {
                text: text.to_string(),
                from: p,
            })
    };
    let period = from(target.period)?;
    let alternative = target
        .alternative
        .map(from)
        .transpose()?
        .filter(|a| *a != period);
    Ok(DateValue {
        period,
        alternative,
        anchor: Some(target.period),
        weekday_mismatch: None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    After,
    Before,
    SameWeek,
}

/// What a phrase says, apart from the date it is read from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sequel {
    /// So many units on (or back, when negative), at the unit's precision.
    Shift(Unit, i64),
    /// From T to the end of its unit (`later that month`), or from the start of it to T.
    Rest {
        unit: Unit,
        later: bool,
    },
    Weekday(Weekday, Side),
}

impl Sequel {
    /// The reading from a period: from each of its ends, and the run between.
    fn read_from_period(self, p: Period) -> Option<Period> {
        let first = self.read_from_day(p.start)?;
        if p.start == p.end {
            return Some(first);
        }
        Some(Period::hull(first, self.read_from_day(p.end)?))
    }

    fn read_from_day(self, d: NaiveDate) -> Option<Period> {
        match self {
            Sequel::Shift(unit, n) => {
                let back = n < 0;
                let n = n.unsigned_abs();
                let days = |count: u64| {
                    if back {
                        d.checked_sub_days(Days::new(count))
                    } else {
                        d.checked_add_days(Days::new(count))
                    }
                };
                match unit {
                    // The hour of T is unknown: N hours on may be the same day or later ones.
                    Unit::Minute | Unit::Hour => {
                        let per_day = if unit == Unit::Hour { 24 } else { 24 * 60 };
                        let other = days(n.div_ceil(per_day))?;
                        Some(run(d.min(other), d.max(other)))
                    }
                    Unit::Day => days(n).map(Period::day),
                    Unit::Week => days(n.checked_mul(7)?).and_then(week_of),
                    Unit::Month => {
                        let first = d.with_day(1)?;
                        let months = Months::new(u32::try_from(n).ok()?);
                        let m = if back {
                            first.checked_sub_months(months)?
                        } else {
                            first.checked_add_months(months)?
                        };
                        Period::month(m.year(), m.month())
                    }
                    Unit::Year => {
                        let n = i32::try_from(n).ok()?;
                        let year = if back {
                            d.year().checked_sub(n)?
                        } else {
                            d.year().checked_add(n)?
                        };
                        Period::year(year)
                    }
                }
            }
            Sequel::Rest { unit, later } => {
                let whole = match unit {
                    Unit::Week => week_of(d)?,
                    Unit::Month => Period::month(d.year(), d.month())?,
                    Unit::Year => Period::year(d.year())?,
                    _ => Period::day(d),
                };
                Some(if later {
                    run(d, whole.end)
                } else {
                    run(whole.start, d)
                })
            }
            Sequel::Weekday(w, side) => {
                let (want, have) = (w.num_days_from_monday(), d.weekday().num_days_from_monday());
                let day = match side {
                    Side::After => {
                        d.checked_add_days(Days::new(u64::from((want + 6 - have) % 7 + 1)))?
                    }
                    Side::Before => {
                        d.checked_sub_days(Days::new(u64::from((have + 6 - want) % 7 + 1)))?
                    }
                    Side::SameWeek => week_of(d)?
                        .start
                        .checked_add_days(Days::new(u64::from(want)))?,
                };
                Some(Period::day(day))
            }
        }
    }
}

/// The days from `a` to `b`, a single day or calendar unit when they are exactly one.
fn run(a: NaiveDate, b: NaiveDate) -> Period {
    Period::hull(Period::day(a), Period::day(b))
}

/// The Monday–Sunday week holding `d`.
fn week_of(d: NaiveDate) -> Option<Period> {
    let monday = d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
    Some(run(monday, monday.checked_add_days(Days::new(6))?))
}

/// Reads the words of a phrase.
fn read(text: &str) -> Result<Sequel, SequelError> {
    let not_understood = || SequelError::NotUnderstood(text.to_string());
    if text.split_whitespace().nth(MAX_WORDS).is_some() {
        return Err(not_understood());
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut w = words.as_slice();
    while let [first, rest @ ..] = w
        && matches!(
            *first,
            "on" | "in" | "during" | "just" | "only" | "exactly" | "early" | "late"
        )
    {
        w = rest;
    }
    // "the day after that" is "the day after"; "two days after that", "two days after".
    if let [rest @ .., "after" | "before", "that"] = w {
        w = &w[..rest.len() + 1];
    }
    let (the, body) = match w {
        ["the", rest @ ..] => (true, rest),
        _ => (false, w),
    };
    let vague = |unit: &str| SequelError::Vague {
        text: text.to_string(),
        unit: unit.to_string(),
    };
    let found = match body {
        // A weekday after a bare "next" is the speaker's ("next Friday"), not the target's.
        [next, x]
            if matches!(*next, "next" | "following" | "subsequent")
                && (the || weekday(x).is_none()) =>
        {
            step(x, 1)
        }
        [prev, x] if the && matches!(*prev, "previous" | "preceding" | "prior") => step(x, -1),
        [x, "after"] if the => step(x, 1),
        [x, "before"] if the => step(x, -1),
        ["same", x] if the => same(x),
        ["that", x] | ["that", "same" | "very", x] if !the => same(x),
        [side @ ("later" | "earlier"), rest @ ..] if !the && rest.len() >= 2 => match rest {
            ["that", x] | ["that", "same", x] | ["the", "same", x] | ["in", "the" | "that", x] => {
                rest_of(x, *side == "later")
            }
            _ => None,
        },
        ["later" | "earlier" | "afterwards" | "afterward" | "thereafter" | "beforehand"]
        | [
            "soon" | "shortly",
            "after" | "afterwards" | "afterward" | "thereafter" | "before",
        ]
        | ["later", "on"]
            if !the =>
        {
            return Err(vague("days, months or years"));
        }
        [count @ .., unit_word, dir] if !the => {
            let sign = match *dir {
                "later" | "after" | "afterwards" | "afterward" | "on" | "thereafter" => 1,
                "earlier" | "before" | "previously" | "prior" | "beforehand" => -1,
                _ => return Err(not_understood()),
            };
            let Some((unit, per)) = unit(unit_word) else {
                return Err(not_understood());
            };
            let plural = match unit_word.strip_suffix('s') {
                Some(_) => unit_word.to_string(),
                None => format!("{unit_word}s"),
            };
            if is_vague(count) {
                return Err(vague(&plural));
            }
            let n = count_of(count).ok_or_else(not_understood)?;
            // Too large a count is still a count: too far, not a misunderstanding.
            let n = i64::try_from(n.saturating_mul(per)).unwrap_or(i64::MAX);
            Some(Sequel::Shift(unit, sign * n))
        }
        _ => None,
    };
    found.ok_or_else(not_understood)
}

/// `the next X`, `the X after` (`by` 1) and `the previous X`, `the X before` (`by` -1).
fn step(x: &str, by: i64) -> Option<Sequel> {
    if let Some(w) = weekday(x) {
        let side = if by > 0 { Side::After } else { Side::Before };
        return Some(Sequel::Weekday(w, side));
    }
    Some(Sequel::Shift(calendar_unit(x)?, by))
}

/// `the same X`, `that X`.
fn same(x: &str) -> Option<Sequel> {
    if let Some(w) = weekday(x) {
        return Some(Sequel::Weekday(w, Side::SameWeek));
    }
    Some(Sequel::Shift(calendar_unit(x)?, 0))
}

/// `later that X`, `earlier that X`.
fn rest_of(x: &str, later: bool) -> Option<Sequel> {
    Some(Sequel::Rest {
        unit: calendar_unit(x)?,
        later,
    })
}

/// A day, week, month or year in the singular, a part of the day counting as its day.
fn calendar_unit(x: &str) -> Option<Unit> {
    match x {
        "morning" | "afternoon" | "evening" | "night" => Some(Unit::Day),
        "day" | "week" | "month" | "year" => unit(x).map(|(u, _)| u),
        _ => None,
    }
}

/// A unit of a count, singular or plural, and how many of it a count of one is.
fn unit(word: &str) -> Option<(Unit, u64)> {
    Some(match word {
        "minute" | "minutes" => (Unit::Minute, 1),
        "hour" | "hours" => (Unit::Hour, 1),
        "day" | "days" => (Unit::Day, 1),
        "week" | "weeks" => (Unit::Week, 1),
        "fortnight" | "fortnights" => (Unit::Week, 2),
        "month" | "months" => (Unit::Month, 1),
        "year" | "years" => (Unit::Year, 1),
        "decade" | "decades" => (Unit::Year, 10),
        _ => return None,
    })
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// No number, or words that say "some": "days later", "a few years later".
fn is_vague(count: &[&str]) -> bool {
    matches!(
        count,
        [] | ["few" | "several" | "some" | "many" | "numerous" | "countless"]
            | ["a", "few"]
            | ["a" | "the", "following"]
            | ["a" | "an", "couple" | "number" | "handful", "of"]
            | ["couple", "of"]
    )
}

/// A count of at least 1: digits, English number words (`twenty-five`), `a`, `an`.
fn count_of(words: &[&str]) -> Option<u64> {
    let n = match words {
        [] => return None,
        ["a" | "an" | "one"] => 1,
        [digits] if digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().unwrap_or(u64::MAX)
        }
        _ => {
            if !words
                .iter()
                .all(|w| w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
            {
                return None;
            }
            let digits = text2digits(&words.join(" "), &Language::english()).ok()?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().unwrap_or(u64::MAX)
        }
    };
    (n >= 1).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::date::Precision;

    fn p(s: &str) -> Period {
        Period::parse_absolute(s).unwrap().unwrap()
    }

    /// The reading of `text` from the single date `target`, as `crosscheck when` shows it.
    fn from(target: &str, text: &str) -> String {
        match resolve(text, &DateValue::single(p(target), None)) {
            Ok(d) => d.period.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn counts_of_days_give_the_day() {
        assert_eq!(from("2017-12-24", "two days later"), "2017-12-26");
        assert_eq!(from("2017-12-24", "3 days after"), "2017-12-27");
        assert_eq!(from("2017-12-24", "ten days earlier"), "2017-12-14");
        assert_eq!(from("2017-12-24", "a day before"), "2017-12-23");
        assert_eq!(from("2017-12-24", "just 8 days after that"), "2018-01-01");
    }

    #[test]
    fn counts_of_years_give_the_calendar_year() {
        assert_eq!(from("2017-12-24", "two years later"), "2019");
        assert_eq!(from("2017-12-24", "a year earlier"), "2016");
        assert_eq!(from("2017-12-24", "twenty-five years on"), "2042");
        assert_eq!(from("2017-12-24", "a decade later"), "2027");
        assert_eq!(from("2017-12-24", "two decades before"), "1997");
    }

    #[test]
    fn counts_of_months_give_the_calendar_month() {
        assert_eq!(from("2017-12-24", "three months later"), "2018-03");
        assert_eq!(from("2017-12-24", "18 months before"), "2016-06");
        // From the 31st, a month on is the next calendar month, not a day that does not exist.
        assert_eq!(from("2018-01-31", "a month later"), "2018-02");
    }

    #[test]
    fn counts_of_weeks_give_the_monday_to_sunday_week_of_the_day_that_many_weeks_on() {
        // 2017-12-24 is a Sunday; 2017-12-31 too: its week is Monday 25 to Sunday 31.
        assert_eq!(from("2017-12-24", "a week later"), "2017-12-25..2017-12-31");
        assert_eq!(
            from("2017-12-24", "two weeks earlier"),
            "2017-12-04..2017-12-10"
        );
        assert_eq!(
            from("2017-12-24", "a fortnight later"),
            "2018-01-01..2018-01-07"
        );
    }

    #[test]
    fn hours_reach_the_days_they_may_fall_on() {
        assert_eq!(
            from("2017-12-24", "two hours later"),
            "2017-12-24..2017-12-25"
        );
        assert_eq!(
            from("2017-12-24", "36 hours earlier"),
            "2017-12-22..2017-12-24"
        );
        assert_eq!(
            from("2017-12-24", "30 minutes later"),
            "2017-12-24..2017-12-25"
        );
    }

    #[test]
    fn the_next_and_previous_unit_is_one_unit_on_or_back() {
        assert_eq!(from("2017-12-24", "the following day"), "2017-12-25");
        assert_eq!(
            from("2017-12-24", "early the following morning"),
            "2017-12-25"
        );
        assert_eq!(from("2017-12-24", "late the previous year"), "2016");
        assert_eq!(from("2017-12-24", "exactly a year later"), "2018");
        assert_eq!(from("2017-12-24", "The next day,"), "2017-12-25");
        assert_eq!(from("2017-12-24", "on the next morning"), "2017-12-25");
        assert_eq!(from("2017-12-24", "the day after"), "2017-12-25");
        assert_eq!(from("2017-12-24", "the night before"), "2017-12-23");
        assert_eq!(from("2017-12-24", "the previous day"), "2017-12-23");
        assert_eq!(from("2017-12-24", "the day after that"), "2017-12-25");
        assert_eq!(from("2017-12-24", "the following month"), "2018-01");
        assert_eq!(from("2017-12-24", "the previous month"), "2017-11");
        assert_eq!(from("2017-12-24", "the year before"), "2016");
        assert_eq!(from("2017-12-24", "the prior year"), "2016");
        assert_eq!(from("2017-12-24", "the following year"), "2018");
        assert_eq!(
            from("2017-12-24", "the following week"),
            "2017-12-25..2017-12-31"
        );
    }

    #[test]
    fn the_same_unit_is_the_targets_own() {
        assert_eq!(from("2017-12-24", "the same day"), "2017-12-24");
        assert_eq!(from("2017-12-24", "that night"), "2017-12-24");
        assert_eq!(from("2017-12-24", "that same month"), "2017-12");
        assert_eq!(from("2017-12-24", "that year"), "2017");
        assert_eq!(from("2017-12-24", "that week"), "2017-12-18..2017-12-24");
    }

    #[test]
    fn later_and_earlier_that_unit_run_from_the_target_to_its_units_end_or_start() {
        assert_eq!(
            from("2017-12-24", "later that month"),
            "2017-12-24..2017-12-31"
        );
        assert_eq!(
            from("2017-03-10", "earlier that year"),
            "2017-01-01..2017-03-10"
        );
        assert_eq!(from("2017-12-24", "later the same day"), "2017-12-24");
        assert_eq!(
            from("2017-12-24", "earlier that year"),
            "2017-01-01..2017-12-24"
        );
        assert_eq!(from("2017-12-01", "later in the month"), "2017-12");
    }

    #[test]
    fn weekdays_are_the_first_after_the_last_before_or_the_one_of_the_targets_week() {
        // 2017-12-21 is a Thursday.
        assert_eq!(from("2017-12-21", "the following Monday"), "2017-12-25");
        assert_eq!(from("2017-12-21", "the next Thursday"), "2017-12-28");
        assert_eq!(from("2017-12-21", "the Friday after"), "2017-12-22");
        assert_eq!(from("2017-12-21", "the previous Thursday"), "2017-12-14");
        assert_eq!(from("2017-12-21", "the Monday before"), "2017-12-18");
        assert_eq!(from("2017-12-21", "that Friday"), "2017-12-22");
        assert_eq!(from("2017-12-21", "that Monday"), "2017-12-18");
        // From a Sunday, as docs/formats.md shows them.
        assert_eq!(from("2017-12-24", "the following Friday"), "2017-12-29");
        assert_eq!(from("2017-12-24", "the Friday before"), "2017-12-22");
        assert_eq!(from("2017-12-24", "that Friday"), "2017-12-22");
    }

    #[test]
    fn a_target_known_to_the_month_or_year_widens_the_reading() {
        assert_eq!(from("2017-12", "two years later"), "2019");
        assert_eq!(from("2017-12", "three months later"), "2018-03");
        assert_eq!(from("2017", "three months later"), "2017-04-01..2018-03-31");
        assert_eq!(from("2017-12", "the next day"), "2017-12-02..2018-01-01");
        assert_eq!(from("2017-12", "the same day"), "2017-12");
        assert_eq!(from("2017", "later that month"), "2017");
    }

    #[test]
    fn a_target_with_two_readings_gives_two() {
        let target = DateValue {
            alternative: Some(p("2022-11-16")),
            ..DateValue::single(p("2023-11-16"), Some(p("2023-12-06")))
        };
        let d = resolve("two years later", &target).unwrap();
        assert_eq!((d.period, d.alternative), (p("2025"), Some(p("2024"))));
        assert_eq!(d.anchor, Some(p("2023-11-16")));
        // Readings that come to the same period are one.
        let d = resolve("that decade", &target);
        assert!(d.is_err());
        let same = DateValue {
            alternative: Some(p("2023-11-17")),
            ..target
        };
        assert_eq!(resolve("that year", &same).unwrap().alternative, None);
    }

    #[test]
    fn absolute_dates_need_no_target() {
        let d = resolve("2019-05-02", &DateValue::single(p("2017"), None)).unwrap();
        assert_eq!((d.period, d.anchor), (p("2019-05-02"), None));
        assert_eq!(from("2017", "2019-02-30"), "error: February has no day 30");
    }

    #[test]
    fn a_count_without_a_number_is_refused_naming_what_would_place_it() {
        assert_eq!(
            from("2017-12-24", "days later"),
            "error: `days later` does not say how many days, so it places no date"
        );
        let e = resolve(
            "a few years later",
            &DateValue::single(p("2017-12-24"), None),
        )
        .unwrap_err();
        assert!(e.help().contains("three years later"), "{}", e.help());
        assert!(from("2017-12-24", "several months earlier").contains("how many months"));
        assert!(from("2017-12-24", "later").contains("does not say how many"));
        assert!(from("2017-12-24", "a couple of weeks later").contains("how many weeks"));
    }

    #[test]
    fn anything_else_is_refused_with_the_forms_understood() {
        for text in [
            "",
            "yesterday",
            "two years ago",
            "the day after tomorrow",
            "next Friday",
            "the same decade",
            "the next hour",
            "two and a half years later",
            "about two years later",
            "two years",
            "the previous",
            "that",
            "0 days later",
        ] {
            let e = resolve(text, &DateValue::single(p("2017-12-24"), None)).unwrap_err();
            assert!(matches!(e, SequelError::NotUnderstood(_)), "{text}: {e:?}");
            assert!(e.help().contains("two years later"));
        }
    }

    #[test]
    fn counts_beyond_the_calendar_are_out_of_range_not_a_panic() {
        for text in [
            "99999999999999999999999 days later",
            "4294967296 months later",
            "9999999 years earlier",
            "9223372036854775807 weeks later",
            "9223372036854775807 hours before",
        ] {
            assert!(
                from("2017-12-24", text).contains("outside the calendar"),
                "{text}: {}",
                from("2017-12-24", text)
            );
        }
        let last = DateValue::single(Period::day(NaiveDate::MAX), None);
        assert!(matches!(
            resolve("the next day", &last),
            Err(SequelError::OutOfRange { .. })
        ));
    }

    use proptest::prelude::*;
    use proptest::sample::select;

    /// Any day chrono holds, the calendar's edges included, as a day, a month or a year.
    fn any_target() -> impl Strategy<Value = DateValue> {
        let days = NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce();
        (
            days,
            select(vec![Precision::Day, Precision::Month, Precision::Year]),
        )
            .prop_map(|(d, precision)| {
                let day = NaiveDate::from_num_days_from_ce_opt(d).expect("in range");
                DateValue::single(Period::day(day).widen(precision), None)
            })
    }

    /// A phrase that points forward (`1`) or back (`-1`) from its target.
    fn directed() -> impl Strategy<Value = (String, i32)> {
        let count = (
            1u32..5000,
            select(vec![
                "minutes",
                "hours",
                "days",
                "weeks",
                "fortnights",
                "months",
                "years",
                "decades",
            ]),
        )
            .prop_flat_map(|(n, unit)| {
                select(vec![
                    ("later", 1),
                    ("after", 1),
                    ("on", 1),
                    ("earlier", -1),
                    ("before", -1),
                ])
                .prop_map(move |(dir, sign)| (format!("{n} {unit} {dir}"), sign))
            });
        let named = (
            select(vec![
                "day", "week", "month", "year", "morning", "night", "monday", "friday", "sunday",
            ]),
            select(vec![
                ("the following {}", 1),
                ("the next {}", 1),
                ("the {} after", 1),
                ("the previous {}", -1),
                ("the {} before", -1),
            ]),
        )
            .prop_map(|(x, (form, sign))| (form.replace("{}", x), sign));
        prop_oneof![count, named]
    }

    proptest! {
        #[test]
        fn a_phrase_pointing_forward_never_starts_before_its_target_nor_one_pointing_back_ends_after(
            target in any_target(),
            (text, sign) in directed(),
        ) {
            if let Ok(d) = resolve(&text, &target) {
                let (p, t) = (d.period, target.period);
                prop_assert!(p.start <= p.end);
                if sign > 0 {
                    prop_assert!(p.start >= t.start, "{text} from {t}: {p}");
                } else {
                    prop_assert!(p.end <= t.end, "{text} from {t}: {p}");
                }
            }
        }

        #[test]
        fn any_text_from_any_target_is_read_or_refused_without_a_panic(
            target in any_target(),
            text in "[a-z0-9 ,.-]{0,40}",
        ) {
            if let Ok(d) = resolve(&text, &target) {
                prop_assert!(d.candidates().all(|p| p.start <= p.end));
            }
        }

        #[test]
        fn each_reading_of_a_target_with_two_gives_the_reading_of_that_date_alone(
            target in any_target(),
            other in any_target(),
            (text, _) in directed(),
        ) {
            let both = DateValue { alternative: Some(other.period), ..target };
            if let (Ok(d), Ok(first), Ok(second)) =
                (resolve(&text, &both), resolve(&text, &target), resolve(&text, &other))
            {
                prop_assert_eq!(d.period, first.period);
                prop_assert_eq!(d.alternative.unwrap_or(d.period), second.period);
            }
        }
    }

    #[test]
    fn a_long_phrase_is_refused_before_it_is_read() {
        let long = "very ".repeat(100_000) + "two years later";
        assert!(matches!(
            resolve(&long, &DateValue::single(p("2017"), None)),
            Err(SequelError::NotUnderstood(_))
        ));
    }
}
