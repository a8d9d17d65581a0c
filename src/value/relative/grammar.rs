//! The English grammar of date phrases: words in, readings out (see the module documentation
//! of [`super`] for the forms and the direction rules).
//!
//! Linear and bounded: a phrase is at most [`MAX_WORDS`] words, and the grammar has three
//! levels that never call back up ([`read`] drops one preposition, [`phrase`] reads a day part,
//! a weekday beside a date or a part of a period, [`simple`] reads the rest), so each level
//! tries a fixed number of patterns on a slice of the words.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::Direction;
use super::calendar::{
    self, Holiday, Part, Season, Unit, add_days, decade, half, quarter, span, week, weekend, years,
};
use super::words::{TimeUnit, chrono_weekday, count, day_number, month, unit_word, weekday, year};
use crate::value::date::{Period, month_name};

/// Longer phrases are no date.
pub(super) const MAX_WORDS: usize = 16;

/// A reading of a phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Out {
    pub period: Period,
    pub alternative: Option<Period>,
    pub relative: bool,
    /// One occurrence of a yearly thing (a month, a holiday, a quarter) chosen by the anchor.
    pub recurring: bool,
    pub unit: Unit,
    /// `now`: only a day anchor places it.
    pub needs_day: bool,
    pub weekday_mismatch: Option<Weekday>,
}

impl Out {
    fn new(period: Period, unit: Unit, relative: bool) -> Out {
        Out {
            period,
            alternative: None,
            relative,
            recurring: false,
            unit,
            needs_day: false,
            weekday_mismatch: None,
        }
    }

    fn rel(period: Period, unit: Unit) -> Out {
        Out::new(period, unit, true)
    }

    fn candidates(&self) -> impl Iterator<Item = Period> + '_ {
        std::iter::once(self.period).chain(self.alternative)
    }

    /// The same reading with `f` applied to each candidate.
    fn map(self, unit: Unit, f: impl Fn(Period) -> Option<Period>) -> Option<Out> {
        Some(Out {
            period: f(self.period)?,
            alternative: match self.alternative {
                Some(p) => Some(f(p)?),
                None => None,
            },
            unit,
            ..self
        })
    }
}

/// Why words that are a date form give no date.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Fail {
    /// A day that does not exist ("February 30"), with why.
    Invalid(String),
    /// The phrase alone cannot place the date; says what would.
    Refused(String),
    /// The arithmetic leaves the calendar.
    OutOfRange,
}

type Read = Result<Option<Out>, Fail>;

/// What is read from: the anchor and the direction.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub anchor: NaiveDate,
    pub dir: Direction,
}

/// A form matched: its reading, or out of range when the arithmetic failed.
fn done(out: Option<Out>) -> Read {
    out.map(Some).ok_or(Fail::OutOfRange)
}

const PREPOSITIONS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "over",
    "by",
    "for",
    "from",
    "until",
    "through",
    "throughout",
];

/// Reads `words` (lowercase, `the` dropped except before `last`, `past`, `next` and `coming`).
pub(super) fn read(words: &[&str], cx: Ctx) -> Read {
    if words.is_empty() || words.len() > MAX_WORDS {
        return Ok(None);
    }
    if let Some(out) = phrase(words, cx)? {
        return Ok(Some(out));
    }
    if let [p, rest @ ..] = words
        && PREPOSITIONS.contains(p)
        && let Some(out) = phrase(rest, cx)?
    {
        return Ok(Some(out));
    }
    refusal(words)
}

const DAY_PARTS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "night",
    "overnight",
    "noon",
    "midday",
];

/// A day part (`Friday night`), a weekday beside a date, a part of a period, or [`simple`].
fn phrase(w: &[&str], cx: Ctx) -> Read {
    if let Some(out) = simple(w, cx)? {
        return Ok(Some(out));
    }
    // "Wednesday night", "yesterday morning": the day.
    if let [rest @ .., last] = w
        && DAY_PARTS.contains(last)
        && let Some(out) = day_like(rest, cx)?
    {
        return Ok(Some(out));
    }
    // "late Friday", "early on Monday", "earlier Wednesday" (wire copy), "the night of Nov.
    // 16": the day; "late 2019", "mid-November": a part.
    if let ["early" | "late" | "earlier" | "later", rest @ ..]
    | [
        "morning" | "afternoon" | "evening" | "night",
        "of",
        rest @ ..,
    ] = w
    {
        let rest = rest.strip_prefix(&["on"]).unwrap_or(rest);
        if let Some(out) = day_like(rest, cx)? {
            return Ok(Some(out));
        }
    }
    if let Some((part, rest)) = part_of(w)
        && let Some(inner) = unit_phrase(rest, cx)?
    {
        let Some(out) = inner.map(inner.unit, |p| calendar::part(p, inner.unit, part)) else {
            return Ok(None);
        };
        return Ok(Some(Out {
            unit: Unit::Span,
            ..out
        }));
    }
    // "the week of Nov. 13": the Monday-to-Sunday week holding that day.
    if let ["week", "of", rest @ ..] = w
        && let Some(day) = simple(rest, cx)?.filter(|o| o.unit == Unit::Day)
    {
        return done(day.map(Unit::Week, |p| week(p.start)));
    }
    weekday_with_date(w, cx)
}

/// A reading that is one day (what a day part or `late`/`early` was taken from), itself with
/// a day part or not ("early Tuesday morning").
fn day_like(w: &[&str], cx: Ctx) -> Read {
    let w = match w {
        [rest @ .., last] if DAY_PARTS.contains(last) => rest,
        _ => w,
    };
    let out = match simple(w, cx)? {
        Some(out) => Some(out),
        None => weekday_with_date(w, cx)?,
    };
    Ok(out.filter(|o| o.unit == Unit::Day))
}

/// `early`, `mid`, `the end of`, `the first half of`, ... and the words they qualify.
fn part_of<'a>(w: &'a [&'a str]) -> Option<(Part, &'a [&'a str])> {
    Some(match w {
        ["early", rest @ ..] => (Part::Early, rest),
        ["mid" | "middle", "of", rest @ ..] | ["mid", rest @ ..] => (Part::Mid, rest),
        ["late", rest @ ..] => (Part::Late, rest),
        ["beginning" | "start" | "outset", "of", rest @ ..] => (Part::Beginning, rest),
        ["end" | "close", "of", rest @ ..] => (Part::End, rest),
        ["first" | "1st", "half", "of", rest @ ..] => (Part::FirstHalf, rest),
        ["second" | "2nd" | "latter", "half", "of", rest @ ..] => (Part::SecondHalf, rest),
        [ord, "week", "of", rest @ ..] if ordinal_upto(ord, 4).is_some() => {
            (Part::Week(ordinal_upto(ord, 4)?), rest)
        }
        ["first" | "1st", "day", "of", rest @ ..] => (Part::FirstDay, rest),
        ["the", "last", "day", "of", rest @ ..] | ["final", "day", "of", rest @ ..] => {
            (Part::LastDay, rest)
        }
        ["the", "last", "week", "of", rest @ ..] | ["final", "week", "of", rest @ ..] => {
            (Part::LastWeek, rest)
        }
        _ => return None,
    })
}

/// What a part may be of: any reading, or `the year`, `the month`, ... (the current one).
fn unit_phrase(w: &[&str], cx: Ctx) -> Read {
    if let [unit] = w
        && let Some(unit) = calendar_unit(unit)
    {
        return done(current(unit, cx.anchor).map(|p| Out::rel(p, unit)));
    }
    match simple(w, cx)? {
        Some(out) => Ok(Some(out)),
        None => Ok(None),
    }
}

/// A weekday beside a month-day: "Monday, Oct. 26", "Tuesday March 3, 2020". The weekday
/// picks the reading it fits; when it fits none, the date is kept and the slip remembered.
fn weekday_with_date(w: &[&str], cx: Ctx) -> Read {
    let (name, rest) = match w {
        [d, ",", rest @ ..] | [d, rest @ ..] if !rest.is_empty() => {
            match weekday(d).or_else(|| weekday(&format!("{d}."))) {
                Some(name) => (name, rest),
                None => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    let Some(wd) = chrono_weekday(name) else {
        return Ok(None);
    };
    // The date is named or written in full, not another weekday or `yesterday`.
    let Some(out) =
        simple(rest, cx)?.filter(|o| o.unit == Unit::Day && (o.recurring || !o.relative))
    else {
        return Ok(None);
    };
    let fits = out.candidates().find(|p| p.start.weekday() == wd);
    Ok(Some(match fits {
        Some(p) => Out {
            period: p,
            alternative: None,
            ..out
        },
        None => Out {
            weekday_mismatch: Some(wd),
            ..out
        },
    }))
}

/// Every form that is not a day part, a part of a period or a weekday beside a date.
fn simple(w: &[&str], cx: Ctx) -> Read {
    let a = cx.anchor;
    let day = |n: i64| done(add_days(a, n).map(|d| Out::rel(Period::day(d), Unit::Day)));
    match w {
        ["today" | "tonight"]
        | ["this", "morning" | "afternoon" | "evening"]
        | ["earlier" | "later", "today" | "tonight"] => return day(0),
        ["now" | "currently" | "presently"] | ["right", "now"] | ["at", "present"] => {
            return done(Some(Out {
                needs_day: true,
                ..Out::rel(Period::day(a), Unit::Day)
            }));
        }
        ["yesterday"] | ["last", "night" | "evening"] => return day(-1),
        ["day", "before", "yesterday"] => return day(-2),
        ["tomorrow"] => return day(1),
        ["day", "after", "tomorrow"] => return day(2),
        _ => {}
    }
    if let Some(out) = weekday_phrase(w, cx) {
        return done(out);
    }
    if let Some(out) = calendar_units(w, cx) {
        return done(out);
    }
    if let Some(out) = counted(w, a) {
        return done(out);
    }
    // "about two years ago" is two years ago for a year or a month; "nearly", "over" or "more
    // than" two years ago may be another year.
    match w {
        [hedge, rest @ ..] if HEDGES.contains(hedge) => {
            if let Some(out) = counted(rest, a) {
                return match out {
                    Some(o) if o.unit == Unit::Day => Err(Fail::Refused(APPROXIMATE.into())),
                    out => done(out),
                };
            }
        }
        ["over" | "under" | "nearly" | "almost" | "just", rest @ ..]
        | ["more" | "less", "than", rest @ ..]
        | ["just", "over" | "under", rest @ ..]
            if counted(rest, a).is_some() =>
        {
            return Err(Fail::Refused(APPROXIMATE.into()));
        }
        _ => {}
    }
    if let Some(out) = named_phrase(w, cx)? {
        return Ok(Some(out));
    }
    if let Some(out) = years_and_decades(w, a) {
        return done(out);
    }
    match w {
        ["between", y1, "and", y2] | [y1, "to" | "through" | "until", y2] => Ok(year_range(y1, y2)),
        [d] if day_number(d).is_some() && !d.bytes().all(|b| b.is_ascii_digit()) => {
            done(day_of_month(day_number(d).unwrap_or(1), a))
        }
        [token] => match iso(token) {
            Some(out) => done(out),
            None => numeric(token, cx),
        },
        _ => Ok(None),
    }
}

/// ISO 8601 beyond `YYYY-MM-DD`: a date with a time (`2023-12-06t10:00:00z`, the date as
/// written) and a week (`2023-w49`, Monday to Sunday).
fn iso(token: &str) -> Option<Option<Out>> {
    if let Some((date, _time)) = token.split_once('t')
        && date.len() == 10
        && let Ok(Some(day)) = Period::parse_absolute(date)
    {
        return Some(Some(Out::new(day, Unit::Day, false)));
    }
    let (y, w) = token.split_once("-w")?;
    if y.len() != 4 || w.len() != 2 || !format!("{y}{w}").bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let monday = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon);
    Some(
        monday
            .and_then(week)
            .map(|p| Out::new(p, Unit::Week, false)),
    )
}

/// `2010 to 2015`: the years from the first to the last, when the first is earlier.
fn year_range(first: &str, last: &str) -> Option<Out> {
    let (first, last) = (year(&[first])?, year(&[last])?);
    if first >= last {
        return None;
    }
    years(first, last - first + 1).map(|p| Out::new(p, Unit::Span, false))
}

/// `the 16th`: the nearer of the last and the coming 16th of a month, with the other.
fn day_of_month(day: u32, a: NaiveDate) -> Option<Out> {
    let first = a.with_day(1)?;
    let in_month = |k: i32| {
        let m = if k >= 0 {
            first.checked_add_months(Months::new(k.unsigned_abs()))?
        } else {
            first.checked_sub_months(Months::new(k.unsigned_abs()))?
        };
        m.with_day(day)
    };
    // A 31st is at most two months away.
    let past = (-2..=0).rev().filter_map(in_month).find(|d| *d <= a)?;
    let next = (0..=2).filter_map(in_month).find(|d| *d > a)?;
    let (likelier, other) = if a - past <= next - a {
        (past, next)
    } else {
        (next, past)
    };
    Some(Out {
        alternative: Some(Period::day(other)),
        recurring: true,
        ..Out::rel(Period::day(likelier), Unit::Day)
    })
}

/// `Friday`, `last Friday`, `this Friday`, `next Friday`, `this coming Friday`.
fn weekday_phrase(w: &[&str], cx: Ctx) -> Option<Option<Out>> {
    let (which, name) = match w {
        [d] => ("", *d),
        ["last" | "past", d] | ["this", "past", d] => ("last", *d),
        ["this", d] => ("this", *d),
        ["next", d] => ("next", *d),
        ["this" | "the", "coming", d] | ["coming" | "upcoming", d] => ("coming", *d),
        _ => return None,
    };
    let wd = chrono_weekday(weekday(name)?)?;
    let a = cx.anchor;
    let back = i64::from((7 + a.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7);
    let at = |n: i64| add_days(a, n).map(Period::day);
    let one = |p: Option<Period>| p.map(|p| Out::rel(p, Unit::Day));
    let two = |p: Option<Period>, q: Option<Period>| {
        Some(Out {
            alternative: Some(q?),
            ..Out::rel(p?, Unit::Day)
        })
    };
    let coming = if back == 0 { 7 } else { 7 - back };
    Some(match which {
        // Named on that weekday it is the anchor itself; else the most recent, or with a
        // future property the coming one. Five or six days back, the coming one (a day or two
        // ahead) stays plausible.
        "" if back == 0 => one(at(0)),
        "" if cx.dir == Direction::Future => one(at(coming)),
        "" if back >= 5 => two(at(-back), at(coming)),
        "" => one(at(-back)),
        "last" => one(at(if back == 0 { -7 } else { -back })),
        "coming" => one(at(coming)),
        // The one in the anchor's week; when that is past, also the next week's.
        "this" => {
            let monday = week(a)?.start;
            let day = add_days(monday, i64::from(wd.num_days_from_monday()))?;
            if day >= a {
                one(Some(Period::day(day)))
            } else {
                two(Some(Period::day(day)), add_days(day, 7).map(Period::day))
            }
        }
        // The coming one; when that is still in the anchor's week, also the week after's.
        _ => {
            let first = add_days(a, coming)?;
            if first <= week(a)?.end {
                two(
                    Some(Period::day(first)),
                    add_days(first, 7).map(Period::day),
                )
            } else {
                one(Some(Period::day(first)))
            }
        }
    })
}

/// `week`, `weekend`, `month`, `quarter`, `year`, `decade`, `century`.
fn calendar_unit(word: &str) -> Option<Unit> {
    Some(match word {
        "week" => Unit::Week,
        "weekend" => Unit::Weekend,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "year" => Unit::Year,
        "decade" => Unit::Decade,
        "century" => Unit::Century,
        _ => return None,
    })
}

/// The `unit` holding `day`.
fn current(unit: Unit, day: NaiveDate) -> Option<Period> {
    let y = day.year();
    match unit {
        Unit::Day => Some(Period::day(day)),
        Unit::Week | Unit::Span => week(day),
        Unit::Weekend => weekend(day),
        Unit::Month => Period::month(y, day.month()),
        Unit::Quarter => quarter(y, (day.month() - 1) / 3 + 1),
        // `this`, `last` and `next` read a season by its name (`last summer`), not as a unit.
        Unit::Season => None,
        Unit::Half => half(y, (day.month() - 1) / 6 + 1),
        Unit::Year => Period::year(y),
        Unit::Decade => decade(y - y.rem_euclid(10)),
        Unit::Century => years(y - y.rem_euclid(100), 100),
    }
}

/// The `unit` `n` units from the one holding `day`.
fn shifted(unit: Unit, day: NaiveDate, n: i32) -> Option<Period> {
    let months = |per: i32| {
        let first = day.with_day(1)?;
        let k = n.checked_mul(per)?;
        if k >= 0 {
            first.checked_add_months(Months::new(k.unsigned_abs()))
        } else {
            first.checked_sub_months(Months::new(k.unsigned_abs()))
        }
    };
    let moved = match unit {
        Unit::Day => add_days(day, i64::from(n)),
        Unit::Week | Unit::Weekend | Unit::Span => add_days(day, 7 * i64::from(n)),
        Unit::Month => months(1),
        Unit::Quarter => months(3),
        Unit::Season => None,
        Unit::Half => months(6),
        Unit::Year => months(12),
        Unit::Decade => months(120),
        Unit::Century => months(1200),
    }?;
    current(unit, moved)
}

/// `this week`, `last month`, `next year`, `the week before last`, `earlier this month`,
/// `later this year`, `the past week`, `the past three years`, `the next 10 days`, `the
/// weekend`.
fn calendar_units(w: &[&str], cx: Ctx) -> Option<Option<Out>> {
    let a = cx.anchor;
    let unit_out = |unit: Unit, p: Option<Period>| p.map(|p| Out::rel(p, unit));
    let span_out =
        |p: Option<(NaiveDate, NaiveDate)>| p.map(|(s, e)| Out::rel(span(s, e), Unit::Span));
    let unit = |u: &str| calendar_unit(u);
    Some(match w {
        ["this" | "current", u] if unit(u).is_some() => {
            let unit = unit(u)?;
            unit_out(unit, current(unit, a))
        }
        ["last", u] if unit(u).is_some() => {
            let unit = unit(u)?;
            unit_out(unit, shifted(unit, a, -1))
        }
        ["next" | "coming", u] | ["the", "coming", u] if unit(u).is_some() => {
            let unit = unit(u)?;
            unit_out(unit, shifted(unit, a, 1))
        }
        [u, "before", "last"] if unit(u).is_some() => {
            let unit = unit(u)?;
            unit_out(unit, shifted(unit, a, -2))
        }
        [u, "after", "next"] if unit(u).is_some() => {
            let unit = unit(u)?;
            unit_out(unit, shifted(unit, a, 2))
        }
        ["year-end" | "yearend" | "year's-end"] | ["year's", "end"] => {
            let year = current(Unit::Year, a)?;
            unit_out(Unit::Month, calendar::part(year, Unit::Year, Part::End))
        }
        // "three years ago this month": that month (or week) so many years back.
        [
            n @ ..,
            "years" | "year",
            "ago",
            "this",
            u @ ("month" | "week"),
        ] if count(n).is_some() => {
            let unit = unit(u)?;
            let then = a.checked_sub_months(Months::new(count(n)?.checked_mul(12)?))?;
            unit_out(unit, current(unit, then))
        }
        // A year back from the anchor's month, or day.
        ["this", "time", "last", "year"] => unit_out(
            Unit::Month,
            a.checked_sub_months(Months::new(12))
                .and_then(|d| Period::month(d.year(), d.month())),
        ),
        [n @ .., u, "ago", "today"] if count(n).is_some() && unit_word(u).is_some() => {
            let day = back(a, count(n)?, unit_word(u)?);
            unit_out(Unit::Day, day.map(Period::day))
        }
        ["earlier", "this" | "in", u] | ["earlier", "in", "this", u] if unit(u).is_some() => {
            span_out(current(unit(u)?, a).map(|p| (p.start, a.max(p.start))))
        }
        ["later", "this" | "in", u] | ["later", "in", "this", u] if unit(u).is_some() => {
            span_out(current(unit(u)?, a).map(|p| (a.min(p.end), p.end)))
        }
        // The weekend holding the anchor, else the last one (with a future property, the
        // coming one).
        ["weekend"] => {
            let this = weekend(a)?;
            let p = if this.start <= a || cx.dir == Direction::Future {
                Some(this)
            } else {
                shifted(Unit::Weekend, a, -1)
            };
            unit_out(Unit::Weekend, p)
        }
        ["the", "past" | "last", "weekend"] | ["this", "past", "weekend"] => {
            let this = weekend(a)?;
            let p = if this.start <= a {
                Some(this)
            } else {
                shifted(Unit::Weekend, a, -1)
            };
            unit_out(Unit::Weekend, p)
        }
        // A run of days up to the anchor, or from it.
        ["the", "past" | "last", rest @ ..] | ["this", "past", rest @ ..]
            if rolling(rest).is_some() =>
        {
            let (n, unit) = rolling(rest)?;
            span_out(back(a, n, unit).map(|start| (start, a)))
        }
        ["the", "next" | "coming", rest @ ..] if rolling(rest).is_some() => {
            let (n, unit) = rolling(rest)?;
            span_out(ahead(a, n, unit).map(|end| (a, end)))
        }
        _ => return None,
    })
}

/// `week`, `three years`, `10 days`: a count (1 when there is none) and a unit.
fn rolling(w: &[&str]) -> Option<(u32, TimeUnit)> {
    match w {
        [u] if !u.ends_with('s') => Some((1, unit_word(u)?)),
        [n @ .., u] => Some((count(n)?, unit_word(u)?)),
        _ => None,
    }
}

/// `n` units before `day` (the same day of the month, clamped).
fn back(day: NaiveDate, n: u32, unit: TimeUnit) -> Option<NaiveDate> {
    move_by(day, n, unit, false)
}

/// `n` units after `day`.
fn ahead(day: NaiveDate, n: u32, unit: TimeUnit) -> Option<NaiveDate> {
    move_by(day, n, unit, true)
}

fn move_by(day: NaiveDate, n: u32, unit: TimeUnit, forward: bool) -> Option<NaiveDate> {
    let (days, months) = match unit {
        TimeUnit::Day => (1, 0),
        TimeUnit::Week => (7, 0),
        TimeUnit::Fortnight => (14, 0),
        TimeUnit::Month => (0, 1),
        TimeUnit::Year => (0, 12),
        TimeUnit::Decade => (0, 120),
        TimeUnit::Century => (0, 1200),
    };
    let days = Days::new(u64::from(n) * days);
    let months = Months::new(n.checked_mul(months)?);
    if forward {
        day.checked_add_days(days)?.checked_add_months(months)
    } else {
        day.checked_sub_days(days)?.checked_sub_months(months)
    }
}

/// Words before a count that leave a month or a year as it is.
const HEDGES: &[&str] = &[
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "circa",
];

const APPROXIMATE: &str = "is approximate: write the date, or the month or year it names";

/// `N units ago`, `in N units`, `N units from now`: a day for days and weeks, the calendar
/// month for months, the calendar year for years and decades.
fn counted(w: &[&str], a: NaiveDate) -> Option<Option<Out>> {
    let (n, unit, forward) = match w {
        [n @ .., u, "ago"] | [n @ .., u, "earlier", "than", "today"] => {
            (count(n)?, unit_word(u)?, false)
        }
        // "in two weeks' time", "in a month's time".
        ["in", n @ .., u, "time"] => {
            let u = u
                .strip_suffix("'s")
                .or_else(|| u.strip_suffix('\''))
                .unwrap_or(u);
            (count(n)?, unit_word(u)?, true)
        }
        ["in", n @ .., u] | [n @ .., u, "from", "now"] | [n @ .., u, "hence"] => {
            (count(n)?, unit_word(u)?, true)
        }
        _ => return None,
    };
    let day = if forward {
        ahead(a, n, unit)
    } else {
        back(a, n, unit)
    };
    Some(day.and_then(|d| {
        let (period, unit) = match unit {
            TimeUnit::Day | TimeUnit::Week | TimeUnit::Fortnight => (Period::day(d), Unit::Day),
            TimeUnit::Month => (Period::month(d.year(), d.month())?, Unit::Month),
            TimeUnit::Year | TimeUnit::Decade | TimeUnit::Century => {
                (Period::year(d.year())?, Unit::Year)
            }
        };
        Some(Out::rel(period, unit))
    }))
}

/// Years (`2009`, `the year 2009`, `nineteen ninety-one`), decades (`the 1990s`, `the '80s`,
/// `the nineties`) and centuries (`the 19th century`, `the 1800s`).
fn years_and_decades(w: &[&str], a: NaiveDate) -> Option<Option<Out>> {
    if let Some(y) = year(w).or_else(|| match w {
        ["year", rest @ ..] => year(rest),
        _ => None,
    }) {
        return Some(Period::year(y).map(|p| Out::new(p, Unit::Year, false)));
    }
    match w {
        [ord, "century"] => {
            let n = day_number(ord).filter(|n| (1..=30).contains(n))? as i32;
            Some(years((n - 1) * 100, 100).map(|p| Out::new(p, Unit::Century, false)))
        }
        [d] => decade_word(d, a),
        _ => None,
    }
}

/// `1990s`, `1990's`, `'90s`, `90s`, `nineties`.
fn decade_word(word: &str, a: NaiveDate) -> Option<Option<Out>> {
    const NAMES: [&str; 8] = [
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ];
    let stem = word.strip_suffix("'s").or_else(|| word.strip_suffix('s'))?;
    let digits = stem.strip_prefix('\'').unwrap_or(stem);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if all_digits && digits.len() == 4 && stem.len() == 4 && digits.ends_with('0') {
        let first: i32 = digits.parse().ok()?;
        let dec = decade(first).map(|p| Out::new(p, Unit::Decade, false));
        if first % 100 != 0 {
            return Some(dec);
        }
        // "the 1800s" is mostly the century, "the 2000s" mostly the decade: both stay.
        let cent = years(first, 100).map(|p| Out::new(p, Unit::Century, false));
        let (likelier, other) = if first < 2000 {
            (cent, dec)
        } else {
            (dec, cent)
        };
        return Some(likelier.zip(other).map(|(l, o)| Out {
            alternative: Some(o.period),
            ..l
        }));
    }
    let tens = if all_digits && digits.len() == 2 && digits.ends_with('0') {
        digits.parse::<i32>().ok()?
    } else {
        (NAMES.iter().position(|&n| n == word)? as i32 + 2) * 10
    };
    // Two digits: the latest such decade that has begun; when that is the anchor's own, the
    // one a century before stays plausible ("the '20s" in 2023).
    let y = a.year();
    let mut first = y - y.rem_euclid(100) + tens;
    if first > y {
        first -= 100;
    }
    let this_decade = first == y - y.rem_euclid(10);
    Some(decade(first).map(|p| Out {
        alternative: if this_decade {
            decade(first - 100)
        } else {
            None
        },
        ..Out::rel(p, Unit::Decade)
    }))
}

/// A thing that recurs every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    MonthDay(u32, u32),
    /// `Nov. 16-18`: a month and its first and last day.
    Days(u32, u32, u32),
    Month(u32),
    Holiday(Holiday),
    Season(Season),
    Quarter(u32),
    Half(u32),
}

impl Named {
    /// The occurrence that begins in `year`.
    fn in_year(self, year: i32) -> Option<Period> {
        match self {
            Named::MonthDay(m, d) => NaiveDate::from_ymd_opt(year, m, d).map(Period::day),
            Named::Days(m, d1, d2) => Some(span(
                NaiveDate::from_ymd_opt(year, m, d1)?,
                NaiveDate::from_ymd_opt(year, m, d2)?,
            )),
            Named::Month(m) => Period::month(year, m),
            Named::Holiday(h) => h.in_year(year).map(Period::day),
            Named::Season(s) => s.starting_in(year),
            Named::Quarter(q) => quarter(year, q),
            Named::Half(h) => half(year, h),
        }
    }

    fn unit(self) -> Unit {
        match self {
            Named::MonthDay(..) | Named::Holiday(_) => Unit::Day,
            Named::Days(..) => Unit::Span,
            Named::Month(_) => Unit::Month,
            Named::Season(_) => Unit::Season,
            Named::Quarter(_) => Unit::Quarter,
            Named::Half(_) => Unit::Half,
        }
    }

    /// Occurrences from the one beginning in `from`'s year, going back (`step` -1) or on
    /// (`step` 1), at most nine years (February 29 skips common years).
    fn walk(self, from: i32, step: i32) -> impl Iterator<Item = Period> {
        (0..=9).filter_map(move |k| self.in_year(from.checked_add(k * step)?))
    }

    /// The latest occurrence begun by `a`, and the first one after it.
    fn around(self, a: NaiveDate) -> (Option<Period>, Option<Period>) {
        let y = a.year();
        let past = self.walk(y, -1).find(|p| p.start <= a);
        let next = self
            .walk(y.checked_sub(1).unwrap_or(y), 1)
            .find(|p| p.start > a);
        (past, next)
    }
}

/// What a named thing opens with, and the words after it.
fn named<'a>(w: &'a [&'a str]) -> Result<Option<(Named, &'a [&'a str])>, Fail> {
    let month_day = |m: u32, d: u32| -> Result<Named, Fail> {
        let longest = match m {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if (1..=longest).contains(&d) {
            Ok(Named::MonthDay(m, d))
        } else {
            Err(Fail::Invalid(format!("{} has no day {d}", month_name(m))))
        }
    };
    if let Some((h, rest)) = calendar::holiday(w) {
        return Ok(Some((Named::Holiday(h), rest)));
    }
    // "Nov. 16-18", "16-18 November".
    let days = |m: u32, r: &str| -> Result<Option<Named>, Fail> {
        let Some((d1, d2)) = r.split_once('-') else {
            return Ok(None);
        };
        let (Some(d1), Some(d2)) = (day_number(d1), day_number(d2)) else {
            return Ok(None);
        };
        month_day(m, d2)?;
        Ok((d1 >= 1 && d1 < d2).then_some(Named::Days(m, d1, d2)))
    };
    for (m, r, rest) in [w.first().zip(w.get(1)), w.get(1).zip(w.first())]
        .into_iter()
        .flatten()
        .map(|(m, r)| (m, r, &w[2..]))
    {
        if let Some(m) = month(m)
            && let Some(range) = days(m, r)?
        {
            return Ok(Some((range, rest)));
        }
    }
    let found = match w {
        [d, "of", m, rest @ ..] if month(m).is_some() && day_number(d).is_some() => (
            month_day(month(m).unwrap_or(1), day_number(d).unwrap_or(1))?,
            rest,
        ),
        [m, d, rest @ ..] if month(m).is_some() && day_number(d).is_some() => (
            month_day(month(m).unwrap_or(1), day_number(d).unwrap_or(1))?,
            rest,
        ),
        [d, m, rest @ ..] if month(m).is_some() && day_number(d).is_some() => (
            month_day(month(m).unwrap_or(1), day_number(d).unwrap_or(1))?,
            rest,
        ),
        [q, rest @ ..] if quarter_token(q).is_some() => {
            (Named::Quarter(quarter_token(q).unwrap_or(1)), rest)
        }
        [ord, "quarter", rest @ ..] if ordinal_upto(ord, 4).is_some() => {
            (Named::Quarter(ordinal_upto(ord, 4).unwrap_or(1)), rest)
        }
        ["h1", rest @ ..] => (Named::Half(1), rest),
        ["h2", rest @ ..] => (Named::Half(2), rest),
        [ord, "half", rest @ ..] if ordinal_upto(ord, 2).is_some() => {
            (Named::Half(ordinal_upto(ord, 2).unwrap_or(1)), rest)
        }
        [s, rest @ ..] if Season::parse(s).is_some() => (
            Named::Season(Season::parse(s).unwrap_or(Season::Summer)),
            rest,
        ),
        [m, rest @ ..] if month(m).is_some() => (Named::Month(month(m).unwrap_or(1)), rest),
        _ => return Ok(None),
    };
    Ok(Some(found))
}

/// `q3`, `3q`.
fn quarter_token(word: &str) -> Option<u32> {
    let n = word.strip_prefix('q').or_else(|| word.strip_suffix('q'))?;
    n.parse().ok().filter(|n| (1..=4).contains(n))
}

/// `first` or `1st` ... up to `max`.
fn ordinal_upto(word: &str, max: u32) -> Option<u32> {
    const WORDS: [&str; 4] = ["first", "second", "third", "fourth"];
    let n = match WORDS.iter().position(|&w| w == word) {
        Some(i) => i as u32 + 1,
        None if word.bytes().next().is_some_and(|b| b.is_ascii_digit()) => day_number(word)?,
        None => return None,
    };
    (1..=max).contains(&n).then_some(n)
}

/// Which year a named thing is in, from the words after it.
enum YearTail {
    /// None given: chosen by the anchor and the direction.
    None,
    Written(i32),
    /// Years after the anchor's (negative: before).
    Offset(i32),
    /// Two years written as one (`2019-20`): the season that runs across them.
    Across(i32),
}

fn year_tail(w: &[&str]) -> Option<YearTail> {
    let w = match w {
        ["," | "of" | "in", rest @ ..] if !rest.is_empty() => rest,
        _ => w,
    };
    Some(match w {
        [] => YearTail::None,
        ["this" | "current", "year"] | ["year"] => YearTail::Offset(0),
        ["last" | "past", "year"] => YearTail::Offset(-1),
        ["next" | "coming", "year"] => YearTail::Offset(1),
        [n @ .., "year" | "years", "ago"] => YearTail::Offset(-i32::try_from(count(n)?).ok()?),
        // "the winter of 2019-20", "2019/20", "2019-2020": the season across the two years.
        [span] if span.len() >= 7 && span.get(..4).and_then(|y| year(&[y])).is_some() => {
            let first = year(&[span.get(..4)?])?;
            let rest = span.get(4..)?.strip_prefix(['-', '/'])?;
            let next = format!("{:04}", first + 1);
            (rest == next || Some(rest) == next.get(2..)).then_some(YearTail::Across(first))?
        }
        _ => YearTail::Written(year(w)?),
    })
}

/// A named thing with its year: `Nov. 16`, `Nov. 16, 2023`, `last June`, `this March`, `next
/// Christmas`, `the fourth quarter of 2001`, `the summer of 2016`, `March last year`.
fn named_phrase(w: &[&str], cx: Ctx) -> Read {
    let (which, rest) = match w {
        ["last" | "past", rest @ ..] | ["this", "past", rest @ ..] => ("last", rest),
        ["this" | "the", "coming", rest @ ..] | ["coming" | "upcoming", rest @ ..] => {
            ("coming", rest)
        }
        ["this" | "current", rest @ ..] => ("this", rest),
        ["next", rest @ ..] => ("next", rest),
        _ => ("", w),
    };
    let Some((mut thing, mut tail)) = named(rest)? else {
        return Ok(None);
    };
    // "March 17 years ago": the month, 17 years back.
    if let (Named::MonthDay(m, _), None, [_, after @ ..]) = (thing, year_tail(tail), rest) {
        (thing, tail) = (Named::Month(m), after);
    }
    let Some(tail) = year_tail(tail) else {
        return Ok(None);
    };
    let a = cx.anchor;
    let unit = thing.unit();
    let one = |p: Option<Period>, relative: bool| {
        p.map(|p| Out {
            recurring: relative,
            ..Out::new(p, unit, relative)
        })
    };
    let two = |p: Period, q: Option<Period>| {
        Some(Out {
            alternative: q,
            recurring: true,
            ..Out::new(p, unit, true)
        })
    };
    let (past, next) = thing.around(a);
    let out = match (which, tail) {
        ("", YearTail::Written(y)) => {
            if let Named::Season(Season::Winter) = thing {
                // "the winter of 2019": the one that ends in 2019, or the one that begins.
                let ending = thing.in_year(y - 1);
                return done(ending.zip(thing.in_year(y)).map(|(e, b)| Out {
                    alternative: Some(b),
                    ..Out::new(e, unit, false)
                }));
            }
            match thing.in_year(y) {
                Some(p) => Some(Out::new(p, unit, false)),
                None => return Err(not_in_year(thing, y)),
            }
        }
        ("", YearTail::Across(y)) => match thing {
            Named::Season(Season::Winter) => thing.in_year(y).map(|p| Out::new(p, unit, false)),
            _ => return Ok(None),
        },
        ("", YearTail::Offset(k)) => {
            let y = a.year().checked_add(k).ok_or(Fail::OutOfRange)?;
            match thing.in_year(y) {
                Some(p) => Some(Out::new(p, unit, true)),
                None => return Err(not_in_year(thing, y)),
            }
        }
        ("", YearTail::None) => choose(past, next, a, cx.dir).and_then(|(p, q)| match q {
            Some(q) => two(p, Some(q)),
            None => one(Some(p), true),
        }),
        (_, YearTail::None) => match which {
            "last" => one(thing.walk(a.year(), -1).find(|p| p.end < a), true),
            "this" => {
                let holding = past.filter(|p| p.end >= a);
                one(holding.or_else(|| thing.in_year(a.year())), true)
            }
            "coming" => one(past.filter(|p| p.end >= a).or(next), true),
            // The coming one; if it is still this year's, next year's stays plausible.
            _ => match next {
                Some(n) if n.start.year() == a.year() => {
                    two(n, thing.walk(n.start.year() + 1, 1).next())
                }
                n => one(n, true),
            },
        },
        _ => return Ok(None),
    };
    done(out)
}

fn not_in_year(thing: Named, year: i32) -> Fail {
    match thing {
        Named::MonthDay(m, d) => {
            Fail::Invalid(format!("{} {d} did not exist in {year}", month_name(m)))
        }
        _ => Fail::OutOfRange,
    }
}

/// Days within which a reading is plausible whatever its year.
const NEAR_DAYS: i64 = 183;
/// Days within which a reading in the anchor's own year is plausible (news leaves out the
/// current year).
const SAME_YEAR_DAYS: i64 = 335;

/// The bare yearly thing: the occurrence holding the anchor; else with a future property the
/// coming one; else the nearer of the last and the coming one, with the other when it is
/// plausible too (within half a year of the anchor, or eleven months in the anchor's year).
fn choose(
    past: Option<Period>,
    next: Option<Period>,
    a: NaiveDate,
    dir: Direction,
) -> Option<(Period, Option<Period>)> {
    if let Some(p) = past.filter(|p| p.end >= a) {
        return Some((p, None));
    }
    let (Some(p), Some(n)) = (past, next) else {
        return past.or(next).map(|p| (p, None));
    };
    if dir == Direction::Future {
        return Some((n, None));
    }
    let back = (a - p.end).num_days();
    let ahead = (n.start - a).num_days();
    let plausible =
        |gap: i64, year: i32| gap <= NEAR_DAYS || (year == a.year() && gap <= SAME_YEAR_DAYS);
    let plausible_past = plausible(back, p.start.year());
    let plausible_next = plausible(ahead, n.start.year());
    // The reading the year or the nearness favours; the other one stays a candidate when it
    // is plausible too, or nearer (a bare "Easter" in October: this year's, or next spring's).
    let (first, other, other_plausible) = match (plausible_past, plausible_next) {
        (false, true) => (n, p, false),
        (true, true) if back > ahead => (n, p, true),
        (_, plausible) => (p, n, plausible),
    };
    let nearer = (first == p && ahead < back) || (first == n && back < ahead);
    Some((first, (other_plausible || nearer).then_some(other)))
}

/// A date in figures: `2021/04/03` (year first), `13/04/2021` and `04/13/2021` (the day is
/// the number over 12), `4/13` (this year's or the nearest); refused when both numbers could
/// be the month.
fn numeric(token: &str, cx: Ctx) -> Read {
    let sep = match token.bytes().find(|b| matches!(b, b'/' | b'.' | b'-')) {
        Some(b) => b as char,
        None => return Ok(None),
    };
    let parts: Vec<&str> = token.split(sep).collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Ok(None);
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (y, first, second) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => {
            let date = NaiveDate::from_ymd_opt(num(y) as i32, num(m), num(d));
            return match date {
                Some(d) => Ok(Some(Out::new(Period::day(d), Unit::Day, false))),
                None => Err(Fail::Invalid(format!("{token} is no day"))),
            };
        }
        [p, q, y] if y.len() == 4 && p.len() <= 2 && q.len() <= 2 => {
            (Some(num(y) as i32), num(p), num(q))
        }
        [p, q] if sep == '-' && p.len() == 4 && q.len() == 4 => return Ok(year_range(p, q)),
        [p, q] if sep == '/' && p.len() <= 2 && q.len() <= 2 => (None, num(p), num(q)),
        _ => return Ok(None),
    };
    let (m, d) = match (first, second) {
        (f, s) if f > 12 && s <= 12 => (s, f),
        (f, s) if s > 12 && f <= 12 => (f, s),
        (f, s) if f == s && f <= 12 => (f, s),
        (f, s) if f <= 12 && s <= 12 => {
            return Err(Fail::Refused(format!(
                "could be {f} {} or {} {s} (day/month order): write the month as a word \
                 (\"{f} {}\") or the date as YYYY-MM-DD",
                month_name(s),
                month_name(f),
                month_name(s)
            )));
        }
        _ => return Err(Fail::Invalid(format!("{token} is no day"))),
    };
    match y {
        Some(y) => match NaiveDate::from_ymd_opt(y, m, d) {
            Some(day) => Ok(Some(Out::new(Period::day(day), Unit::Day, false))),
            None => Err(Fail::Invalid(format!("{token} is no day"))),
        },
        None => {
            // Any day of the month in a leap year.
            if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
                return Err(Fail::Invalid(format!("{token} is no day")));
            }
            let (past, next) = Named::MonthDay(m, d).around(cx.anchor);
            done(choose(past, next, cx.anchor, cx.dir).map(|(p, q)| Out {
                alternative: q,
                recurring: true,
                ..Out::rel(p, Unit::Day)
            }))
        }
    }
}

/// Words that say a phrase is vague, with what would place it.
const VAGUE: &[&str] = &[
    "recently",
    "lately",
    "past",
    "soon",
    "shortly",
    "later",
    "earlier",
    "previously",
    "formerly",
    "once",
    "future",
    "someday",
    "sometime",
    "eventually",
    "while",
    "few",
    "several",
    "some",
    "many",
    "couple",
    "recent",
    "coming",
    "upcoming",
    "nowadays",
    "these",
    "other",
    "since",
    "before",
    "after",
];

/// A phrase no form reads: refused with what would place it when it is vague, else not a date.
fn refusal(w: &[&str]) -> Read {
    let has = |set: &[&str]| w.iter().any(|x| set.contains(x));
    if has(&["fiscal"]) || w.iter().any(|x| x.starts_with("fy")) {
        return Err(Fail::Refused(
            "depends on the organisation's fiscal year: write the months it covers, or the \
             calendar year"
                .into(),
        ));
    }
    if has(&[
        "hour", "hours", "minute", "minutes", "second", "seconds", "hrs", "mins",
    ]) {
        return Err(Fail::Refused(
            "needs the time the source was published, which crosscheck does not have: write \
             the day"
                .into(),
        ));
    }
    if has(&["labour"]) {
        return Err(Fail::Refused(
            "falls on different days in different countries: write the date".into(),
        ));
    }
    let no_count = matches!(w, [u, "ago"] if unit_word(u).is_some());
    if has(VAGUE) || no_count {
        return Err(Fail::Refused(
            "does not say when: write the date, or the day, month or year it names \
             (\"last week\", \"in March\", \"2019\")"
                .into(),
        ));
    }
    Ok(None)
}
