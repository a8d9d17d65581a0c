//! Dates as periods: a year, a month or a day, so that "2017" agrees with "2017-12-24".

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

/// How precisely a date was given.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// Any run of days that is no single calendar unit: what a relative phrase can mean read
    /// from a month or year ("Tuesday" from 2023-12). Ordered last so that widening leaves it be.
    #[schemars(
        description = "Any run of days that is no single calendar unit: what a relative phrase can mean read from a month or year (\"Tuesday\" from 2023-12)."
    )]
    Range,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Range => "range",
        }
    }
}

/// The days a date denotes: one day, a whole month or a whole year (inclusive bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

impl Period {
    pub fn day(d: NaiveDate) -> Self {
        Self {
            start: d,
            end: d,
            precision: Precision::Day,
        }
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Self {
            start,
            end,
            precision: Precision::Month,
        })
    }

    pub fn year(year: i32) -> Option<Self> {
        Some(Self {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// The same period widened to a coarser precision.
    pub fn widen(self, precision: Precision) -> Self {
        match precision.max(self.precision) {
            Precision::Day => self,
            Precision::Month => Self::month(self.start.year(), self.start.month()).unwrap_or(self),
            Precision::Year => Self::year(self.start.year()).unwrap_or(self),
            Precision::Range => self,
        }
    }

    /// The days from `a`'s start to `b`'s end (or the reverse), at the calendar precision that
    /// is exactly those days if there is one, else as a [`Precision::Range`].
    pub fn hull(a: Period, b: Period) -> Period {
        let (start, end) = (a.start.min(b.start), a.end.max(b.end));
        let range = Period {
            start,
            end,
            precision: Precision::Range,
        };
        [Precision::Day, Precision::Month, Precision::Year]
            .into_iter()
            .map(|p| Period::day(start).widen(p))
            .find(|p| p.start == start && p.end == end)
            .unwrap_or(range)
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn contains(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. `Err` carries why a date-shaped text is invalid
    /// (e.g. 2023-02-30); `Ok(None)` means the text is not an absolute date at all.
    pub fn parse_absolute(text: &str) -> Result<Option<Period>, String> {
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let shape_ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !shape_ok {
            return Ok(None);
        }
        let num = |s: &str| s.parse::<u32>().unwrap_or(0);
        let year = num(parts[0]) as i32;
        let period = match parts.as_slice() {
            [_] => Period::year(year),
            [_, m] => Period::month(year, num(m)),
            [_, m, d] => NaiveDate::from_ymd_opt(year, num(m), num(d)).map(Period::day),
            _ => None,
        };
        match period {
            Some(p) => Ok(Some(p)),
            None if parts.len() == 3 && (1..=12).contains(&num(parts[1])) => Err(format!(
                "{} has no day {}",
                month_name(num(parts[1])),
                num(parts[2])
            )),
            None => Err(format!("month {} does not exist", parts[1])),
        }
    }
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("that month")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Day => write!(f, "{}", self.start.format("%Y-%m-%d")),
            Precision::Month => write!(f, "{}", self.start.format("%Y-%m")),
            Precision::Year => write!(f, "{}", self.start.format("%Y")),
            Precision::Range => write!(
                f,
                "{}..{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            ),
        }
    }
}

/// Subtracts whole years, moving 29 February to 28 February in common years.
pub fn years_before(d: NaiveDate, years: u32) -> Option<NaiveDate> {
    d.checked_sub_months(Months::new(years.checked_mul(12)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse_absolute(s).unwrap().unwrap()
    }

    #[test]
    fn a_year_agrees_with_a_day_inside_it() {
        assert!(p("2017").overlaps(&p("2017-12-24")));
        assert!(p("2017-12").overlaps(&p("2017-12-24")));
    }

    #[test]
    fn different_years_do_not_agree() {
        assert!(!p("2005").overlaps(&p("2007")));
        assert!(!p("2017-11").overlaps(&p("2017-12-24")));
    }

    #[test]
    fn month_periods_end_on_the_last_day() {
        assert_eq!(
            p("2024-02").end,
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            p("2023-12").end,
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
        );
    }

    #[test]
    fn impossible_dates_are_errors_that_say_why() {
        assert_eq!(
            Period::parse_absolute("2023-02-30"),
            Err("February has no day 30".to_string())
        );
        assert!(Period::parse_absolute("2023-13").is_err());
        assert_eq!(Period::parse_absolute("Friday"), Ok(None));
        assert_eq!(Period::parse_absolute("17"), Ok(None));
    }

    #[test]
    fn a_hull_keeps_a_calendar_precision_only_when_it_is_exactly_that_unit() {
        assert_eq!(Period::hull(p("2023-01"), p("2023-12")), p("2023"));
        assert_eq!(Period::hull(p("2023-12-01"), p("2023-12-31")), p("2023-12"));
        let range = Period::hull(p("2023-11-28"), p("2023-12-26"));
        assert_eq!(range.precision, Precision::Range);
        assert_eq!(range.to_string(), "2023-11-28..2023-12-26");
        assert_eq!(range.widen(Precision::Year), range);
    }

    #[test]
    fn widening_keeps_the_period_inside() {
        let d = p("2017-12-24");
        assert!(d.widen(Precision::Month).contains(&d));
        assert_eq!(d.widen(Precision::Year), p("2017"));
    }
}
