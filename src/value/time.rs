//! Times of day as news writes them: "1:28 a.m.", "1.28am", "6 p.m.", "13:28", "noon",
//! "midnight", with an optional zone after them ("06:28 UTC", "1:28 a.m. America/Lima").

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

const MINUTES_PER_DAY: i32 = 24 * 60;

/// A time of day to the minute, and the zone it was written in, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeValue {
    /// Minutes after midnight, on the clock as written.
    pub clock: u16,
    pub zone: Option<Zone>,
    /// The zone's offset from UTC in minutes on the claim's date (daylight saving included).
    pub offset: Option<i32>,
}

/// The zone a time was written in: UTC, or an IANA name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Utc,
    Named(Tz),
}

impl TimeValue {
    /// Reads a time with an optional zone after it; the zone's offset is taken on `date`
    /// (the claim's date), or on 1 January 2000 for a value without one.
    pub fn parse(text: &str, date: Option<NaiveDate>) -> Result<TimeValue, String> {
        let t = text.trim();
        let (clock, end) = clock_at(t, 0).ok_or_else(|| format!("`{t}` is not a time of day"))?;
        let rest = t[end..].trim();
        let zone = match rest {
            "" => None,
            _ if ["utc", "gmt", "z"].contains(&rest.to_ascii_lowercase().as_str()) => {
                Some(Zone::Utc)
            }
            _ => Some(Zone::Named(Tz::from_str(rest).map_err(|_| {
                format!(
                    "`{rest}` is not a time zone: write UTC or an IANA name such as America/Lima"
                )
            })?)),
        };
        let date = date.unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
        let offset = zone.map(|z| match z {
            Zone::Utc => 0,
            Zone::Named(tz) => {
                // Clocks change at night: the offset at noon is the day's.
                let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
                tz.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60
            }
        });
        Ok(TimeValue {
            clock,
            zone,
            offset,
        })
    }

    /// Minutes after midnight UTC, for a time with a zone.
    pub fn utc(&self) -> Option<i32> {
        self.offset
            .map(|o| (i32::from(self.clock) - o).rem_euclid(MINUTES_PER_DAY))
    }

    /// Whether two times are at most `minutes` apart, across midnight too. Both zoned: compared
    /// in UTC; otherwise a time without a zone is taken to be in the other's zone, as a
    /// newsroom writes the local time of the event.
    pub fn within(&self, other: &TimeValue, minutes: f64) -> bool {
        let diff = match (self.utc(), other.utc()) {
            (Some(a), Some(b)) => a - b,
            _ => i32::from(self.clock) - i32::from(other.clock),
        };
        let diff = diff.rem_euclid(MINUTES_PER_DAY);
        f64::from(diff.min(MINUTES_PER_DAY - diff)) <= minutes
    }
}

impl fmt::Display for TimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.clock / 60, self.clock % 60)?;
        match self.zone {
            Some(Zone::Utc) => f.write_str(" UTC"),
            Some(Zone::Named(tz)) => write!(f, " {}", tz.name()),
            None => Ok(()),
        }
    }
}

/// A tolerance for times: minutes, written `5`, `5m`, `5 min` or `5 minutes`.
pub fn parse_tolerance(text: &str) -> Option<f64> {
    let t = text.trim();
    let number = ["minutes", "minute", "min", "m"]
        .iter()
        .find_map(|unit| t.strip_suffix(unit))
        .unwrap_or(t)
        .trim();
    let n: f64 = number.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// The time of day written at byte `at` of `text`, and where it ends: "1:28 a.m.", "1.28am",
/// "6 p.m.", "12 noon", "13:28", "noon", "midnight". A number with no "a.m."/"p.m." is a time
/// only as hours:minutes with a colon ("1.28" is a decimal, "6" a count).
pub fn clock_at(text: &str, at: usize) -> Option<(u16, usize)> {
    let s = text.get(at..)?;
    let lower = s.to_ascii_lowercase();
    for (word, minute) in [("noon", 720), ("midnight", 0)] {
        if lower.starts_with(word) && !continues(&lower[word.len()..]) {
            return Some((minute, at + word.len()));
        }
    }
    let b = lower.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let hl = digits(0);
    if !(1..=2).contains(&hl) {
        return None;
    }
    let hour: u16 = lower[..hl].parse().ok()?;
    let mut i = hl;
    let mut minute = None;
    let mut colon = false;
    if matches!(b.get(i), Some(b':' | b'.'))
        && digits(i + 1) == 2
        && !b.get(i + 3).is_some_and(u8::is_ascii_digit)
    {
        colon = b[i] == b':';
        minute = lower[i + 1..i + 3].parse::<u16>().ok();
        i += 3;
    }
    let minute = minute.unwrap_or(0);
    let spaced = i + lower[i..].len() - lower[i..].trim_start().len();
    let rest = &lower[spaced..];
    if rest.starts_with("noon") && hour == 12 && minute == 0 && !continues(&rest[4..]) {
        return Some((720, at + spaced + 4));
    }
    let meridiem = ["a.m.", "a. m.", "a.m", "am", "p.m.", "p. m.", "p.m", "pm"]
        .iter()
        .find(|m| rest.starts_with(**m) && (m.ends_with('.') || !continues(&rest[m.len()..])));
    if minute > 59 {
        return None;
    }
    match meridiem {
        Some(m) if (1..=12).contains(&hour) => {
            let pm = m.starts_with('p');
            let hour = hour % 12 + if pm { 12 } else { 0 };
            Some((hour * 60 + minute, at + spaced + m.len()))
        }
        None if colon && hour <= 23 && !continues(&lower[i..]) => {
            Some((hour * 60 + minute, at + i))
        }
        _ => None,
    }
}

/// Whether a word goes on after this point (a letter or digit follows).
fn continues(rest: &str) -> bool {
    rest.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(t: &str) -> Option<String> {
        TimeValue::parse(t, None).ok().map(|v| v.to_string())
    }

    #[test]
    fn times_are_read_as_news_writes_them() {
        for (written, read) in [
            ("1:28 a.m.", "01:28"),
            ("1.28am", "01:28"),
            ("6:26 p.m.", "18:26"),
            ("6 p.m.", "18:00"),
            ("12:05 a.m.", "00:05"),
            ("12 noon", "12:00"),
            ("13:28", "13:28"),
            ("noon", "12:00"),
            ("Midnight", "00:00"),
            ("06:28 UTC", "06:28 UTC"),
            ("1:28 a.m. America/Lima", "01:28 America/Lima"),
        ] {
            assert_eq!(clock(written).as_deref(), Some(read), "{written}");
        }
    }

    #[test]
    fn numbers_that_are_not_times_are_refused() {
        for t in [
            "1.28",
            "6",
            "25:00",
            "13 p.m.",
            "1:75 a.m.",
            "noonday",
            "1:28 a.m. Lima",
        ] {
            assert_eq!(clock(t), None, "{t}");
        }
    }

    #[test]
    fn times_agree_across_zones_on_the_claims_date() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 27);
        let at = |t: &str| TimeValue::parse(t, day).unwrap();
        // Lima is UTC-5 all year.
        assert!(at("1:28 a.m. America/Lima").within(&at("06:28 UTC"), 0.0));
        assert!(at("1:28 a.m. America/Lima").within(&at("06:31 UTC"), 5.0));
        assert!(!at("1:28 a.m. America/Lima").within(&at("06:40 UTC"), 5.0));
        // Across midnight, and a time with no zone read in the other's.
        assert!(at("11:58 p.m.").within(&at("00:02"), 5.0));
        assert!(at("1:28 a.m.").within(&at("01:28 America/Lima"), 0.0));
    }

    #[test]
    fn tolerances_are_minutes() {
        assert_eq!(parse_tolerance("5m"), Some(5.0));
        assert_eq!(parse_tolerance("10 minutes"), Some(10.0));
        assert_eq!(parse_tolerance("3"), Some(3.0));
        assert_eq!(parse_tolerance("2%"), None);
    }
}
