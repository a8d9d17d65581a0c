//! Calendar arithmetic for date phrases: weeks, quarters, halves, seasons, decades, parts of a
//! period, and holidays, all on chrono's proleptic Gregorian calendar.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::value::date::Period;

/// What kind of period a reading is, which decides how it is cut into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    /// Monday to Sunday.
    Week,
    /// Saturday and Sunday.
    Weekend,
    Month,
    /// Three months.
    Quarter,
    /// Three whole months of the northern hemisphere.
    Season,
    Half,
    Year,
    Decade,
    Century,
    /// A run of days that is no calendar unit ("the past week", "earlier this year").
    Span,
}

/// Which part of a period: `early`/`mid`/`late` are its thirds, `the beginning`/`the end` its
/// first and last month (of a year or longer run of months) or third (of a month or week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Early,
    Mid,
    Late,
    Beginning,
    End,
    FirstHalf,
    SecondHalf,
    /// Days 1-7, 8-14, 15-21 or 22-28 of a month (1 to 4).
    Week(u32),
    /// Its last seven days.
    LastWeek,
    FirstDay,
    LastDay,
}

/// The days from `start` to `end`, at the calendar precision that is exactly them if any.
pub(super) fn span(start: NaiveDate, end: NaiveDate) -> Period {
    Period::hull(Period::day(start), Period::day(end))
}

/// The Monday-to-Sunday week holding `day`.
pub(super) fn week(day: NaiveDate) -> Option<Period> {
    let monday =
        day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))?;
    Some(span(monday, monday.checked_add_days(Days::new(6))?))
}

/// The Saturday and Sunday of the week holding `day`.
pub(super) fn weekend(day: NaiveDate) -> Option<Period> {
    let w = week(day)?;
    Some(span(w.end.pred_opt()?, w.end))
}

/// `n` whole months from `first` (the first day of a month), as one period.
pub(super) fn months(year: i32, first_month: u32, n: u32) -> Option<Period> {
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let end = start.checked_add_months(Months::new(n))?.pred_opt()?;
    Some(span(start, end))
}

/// Quarter `q` (1 to 4) of `year`.
pub(super) fn quarter(year: i32, q: u32) -> Option<Period> {
    months(year, 3 * q - 2, 3)
}

/// Half `h` (1 or 2) of `year`.
pub(super) fn half(year: i32, h: u32) -> Option<Period> {
    months(year, 6 * h - 5, 6)
}

/// The seasons, by meteorological (whole-month) reckoning in the northern hemisphere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    pub(super) fn parse(word: &str) -> Option<Season> {
        Some(match word {
            "spring" => Season::Spring,
            "summer" => Season::Summer,
            "autumn" | "fall" => Season::Autumn,
            "winter" => Season::Winter,
            _ => return None,
        })
    }

    /// The season that begins in `year`: winter runs from December into the next year.
    pub(super) fn starting_in(self, year: i32) -> Option<Period> {
        let first = match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Autumn => 9,
            Season::Winter => 12,
        };
        months(year, first, 3)
    }
}

/// The ten years from `first`.
pub(super) fn decade(first: i32) -> Option<Period> {
    years(first, 10)
}

/// `n` whole years from `first`.
pub(super) fn years(first: i32, n: i32) -> Option<Period> {
    Some(span(
        NaiveDate::from_ymd_opt(first, 1, 1)?,
        NaiveDate::from_ymd_opt(first.checked_add(n - 1)?, 12, 31)?,
    ))
}

/// A part of `period`, a reading of kind `unit`.
pub(super) fn part(period: Period, unit: Unit, part: Part) -> Option<Period> {
    let (start, end) = (period.start, period.end);
    let day = |from: NaiveDate, n: u64| from.checked_add_days(Days::new(n));
    match (unit, part) {
        (Unit::Month, Part::Week(n)) if (1..=4).contains(&n) => {
            let first = day(start, 7 * u64::from(n - 1))?;
            Some(span(first, day(first, 6)?))
        }
        (Unit::Month, Part::LastWeek) => Some(span(end.checked_sub_days(Days::new(6))?, end)),
        (_, Part::Week(_) | Part::LastWeek) => None,
        // Of a calendar unit only: "the first day of spring" is the equinox to most writers.
        (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year, Part::FirstDay) => {
            Some(Period::day(start))
        }
        (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year, Part::LastDay) => {
            Some(Period::day(end))
        }
        (_, Part::FirstDay | Part::LastDay) => None,
        // A month in thirds of ten days (the last one holds the rest), as weather services
        // count them; its beginning and end are its first and last thirds.
        (Unit::Month, part) => {
            let y = start.year();
            let m = start.month();
            let d = |n| NaiveDate::from_ymd_opt(y, m, n);
            match part {
                Part::Early | Part::Beginning => Some(span(d(1)?, d(10)?)),
                Part::Mid => Some(span(d(11)?, d(20)?)),
                Part::Late | Part::End => Some(span(d(21)?, end)),
                Part::FirstHalf => Some(span(d(1)?, d(15)?)),
                Part::SecondHalf => Some(span(d(16)?, end)),
                _ => None,
            }
        }
        // A week: early Monday to Wednesday, mid Tuesday to Thursday, late Thursday to Sunday;
        // its beginning Monday and Tuesday, its end Friday to Sunday.
        (Unit::Week, part) => {
            let (from, to) = match part {
                Part::Early => (0, 2),
                Part::Mid => (1, 3),
                Part::Late => (3, 6),
                Part::Beginning => (0, 1),
                Part::End => (4, 6),
                _ => return None,
            };
            Some(span(day(start, from)?, day(start, to)?))
        }
        // Runs of whole months: thirds of its months; the beginning and end are its first and
        // last month; halves for an even number of months.
        (Unit::Quarter | Unit::Season | Unit::Half | Unit::Year, part) => {
            let n =
                (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
            let n = u32::try_from(n).ok()?;
            let (skip, take) = match part {
                Part::Early => (0, n.div_ceil(3)),
                Part::Mid => (n.div_ceil(3), n - 2 * n.div_ceil(3)),
                Part::Late => (n - n.div_ceil(3), n.div_ceil(3)),
                Part::Beginning => (0, 1),
                Part::End => (n - 1, 1),
                Part::FirstHalf if n % 2 == 0 => (0, n / 2),
                Part::SecondHalf if n % 2 == 0 => (n / 2, n / 2),
                _ => return None,
            };
            let first = start.checked_add_months(Months::new(skip))?;
            months(first.year(), first.month(), take)
        }
        // Runs of whole years: thirds, the first the longest (a decade 4, 3 and 3 years).
        (Unit::Decade | Unit::Century, part) => {
            let n = end.year() - start.year() + 1;
            let third = n / 3;
            let (skip, take) = match part {
                Part::Early | Part::Beginning => (0, n - 2 * third),
                Part::Mid => (n - 2 * third, third),
                Part::Late | Part::End => (n - third, third),
                Part::FirstHalf => (0, n / 2),
                Part::SecondHalf => (n / 2, n - n / 2),
                _ => return None,
            };
            years(start.year().checked_add(skip)?, take)
        }
        (Unit::Day | Unit::Weekend | Unit::Span, _) => None,
    }
}

/// A holiday: its day in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holiday {
    Fixed(u32, u32),
    /// The `n`th such weekday of a month (0 for the last), then `offset` days.
    Nth {
        month: u32,
        weekday: Weekday,
        n: u8,
        offset: i8,
    },
    /// Days from Western Easter Sunday.
    Easter(i8),
}

impl Holiday {
    pub(super) fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Holiday::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            Holiday::Nth {
                month,
                weekday,
                n,
                offset,
            } => {
                let day = if n == 0 {
                    let last = months(year, month, 1)?.end;
                    let back = (7 + last.weekday().num_days_from_monday()
                        - weekday.num_days_from_monday())
                        % 7;
                    last.checked_sub_days(Days::new(u64::from(back)))?
                } else {
                    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)?
                };
                add_days(day, i64::from(offset))
            }
            Holiday::Easter(offset) => add_days(easter(year)?, i64::from(offset)),
        }
    }
}

pub(super) fn add_days(day: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        day.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// Western Easter Sunday of `year` (the anonymous Gregorian computus; chrono has none).
fn easter(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The holiday a phrase opens with, and the words after its name.
pub(super) fn holiday<'a>(words: &'a [&'a str]) -> Option<(Holiday, &'a [&'a str])> {
    use Holiday::{Easter, Fixed};
    use Weekday::{Mon, Sun, Thu};
    let nth = |month, weekday, n, offset| Holiday::Nth {
        month,
        weekday,
        n,
        offset,
    };
    let thanksgiving = nth(11, Thu, 4, 0);
    Some(match words {
        ["christmas", "eve", rest @ ..] => (Fixed(12, 24), rest),
        ["christmas", "day", rest @ ..] | ["christmas", rest @ ..] | ["xmas", rest @ ..] => {
            (Fixed(12, 25), rest)
        }
        ["boxing", "day", rest @ ..] => (Fixed(12, 26), rest),
        ["new", "year's" | "years", "eve", rest @ ..] => (Fixed(12, 31), rest),
        ["new", "year's" | "years", "day", rest @ ..] | ["new", "year's", rest @ ..] => {
            (Fixed(1, 1), rest)
        }
        ["valentine's" | "valentines", "day", rest @ ..] => (Fixed(2, 14), rest),
        [
            "st." | "st" | "saint",
            "patrick's" | "patricks",
            "day",
            rest @ ..,
        ] => (Fixed(3, 17), rest),
        ["may", "day", rest @ ..] => (Fixed(5, 1), rest),
        ["juneteenth", rest @ ..] => (Fixed(6, 19), rest),
        ["independence", "day", rest @ ..] | ["fourth", "of", "july", rest @ ..] => {
            (Fixed(7, 4), rest)
        }
        ["bastille", "day", rest @ ..] => (Fixed(7, 14), rest),
        ["halloween", rest @ ..] => (Fixed(10, 31), rest),
        ["guy", "fawkes", "night" | "day", rest @ ..] | ["bonfire", "night", rest @ ..] => {
            (Fixed(11, 5), rest)
        }
        ["veterans" | "veterans'" | "veteran's", "day", rest @ ..]
        | ["armistice" | "remembrance", "day", rest @ ..] => (Fixed(11, 11), rest),
        ["martin", "luther", "king", "jr." | "jr", "day", rest @ ..]
        | ["martin", "luther", "king", "day", rest @ ..]
        | ["mlk", "day", rest @ ..] => (nth(1, Mon, 3, 0), rest),
        [
            "presidents'" | "presidents" | "president's",
            "day",
            rest @ ..,
        ] => (nth(2, Mon, 3, 0), rest),
        ["mother's" | "mothers", "day", rest @ ..] => (nth(5, Sun, 2, 0), rest),
        ["memorial", "day", rest @ ..] => (nth(5, Mon, 0, 0), rest),
        ["father's" | "fathers", "day", rest @ ..] => (nth(6, Sun, 3, 0), rest),
        ["labor", "day", rest @ ..] => (nth(9, Mon, 1, 0), rest),
        ["columbus" | "indigenous", "day", rest @ ..]
        | [
            "indigenous",
            "peoples'" | "peoples" | "people's",
            "day",
            rest @ ..,
        ] => (nth(10, Mon, 2, 0), rest),
        // The Tuesday after the first Monday of November.
        ["election", "day", rest @ ..] => (nth(11, Mon, 1, 1), rest),
        ["thanksgiving", "day", rest @ ..] | ["thanksgiving", rest @ ..] => (thanksgiving, rest),
        ["black", "friday", rest @ ..] => (nth(11, Thu, 4, 1), rest),
        ["cyber", "monday", rest @ ..] => (nth(11, Thu, 4, 4), rest),
        ["easter", "monday", rest @ ..] => (Easter(1), rest),
        ["easter", "sunday", rest @ ..] | ["easter", "day", rest @ ..] | ["easter", rest @ ..] => {
            (Easter(0), rest)
        }
        ["good", "friday", rest @ ..] => (Easter(-2), rest),
        ["palm", "sunday", rest @ ..] => (Easter(-7), rest),
        ["ash", "wednesday", rest @ ..] => (Easter(-46), rest),
        ["mardi", "gras", rest @ ..] | ["shrove", "tuesday", rest @ ..] => (Easter(-47), rest),
        ["pentecost", rest @ ..] => (Easter(49), rest),
        _ => return None,
    })
}
