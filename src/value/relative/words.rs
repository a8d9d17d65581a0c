//! The words of a date phrase: tokens, numbers, months, weekdays, years.

use chrono::Weekday;
use text2num::{Language, text2digits};

/// Lowercase words. Curly apostrophes are made straight; a trailing comma is a word of its
/// own; `mid-`, `early-` and `late-` are split from what they qualify (`mid-2019`); `2y` and
/// `3wks` are split into a count and a unit; a possessive is dropped from a date word that
/// ends the phrase (`Friday's`, `last week's`), but not from `New Year's`.
pub(super) fn tokenize(text: &str) -> Vec<String> {
    let text = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`'], "'")
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace(['(', ')'], " ");
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let (word, comma) = match word.strip_suffix(',') {
            Some(stem) if !stem.is_empty() => (stem, true),
            _ => (word, false),
        };
        // "third-quarter", "first-half": two words.
        if let Some((ord, tail @ ("quarter" | "half"))) = word.split_once('-') {
            out.push(ord.to_string());
            out.push(tail.to_string());
            if comma {
                out.push(",".to_string());
            }
            continue;
        }
        let word = match ["mid-", "early-", "late-"]
            .iter()
            .find_map(|p| word.strip_prefix(p).map(|rest| (&p[..p.len() - 1], rest)))
        {
            Some((part, rest)) if !rest.is_empty() => {
                out.push(part.to_string());
                rest
            }
            _ => word,
        };
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let unit = &word[digits..];
        if (1..=4).contains(&digits) && unit_word(unit).is_some() && ordinal_suffix(unit).is_none()
        {
            out.push(word[..digits].to_string());
            out.push(unit.to_string());
        } else {
            out.push(word.to_string());
        }
        if comma {
            out.push(",".to_string());
        }
    }
    // A comma or semicolon after the phrase ("November 16, 2023,") is no part of it.
    while out.last().is_some_and(|w| w == "," || w == ";") {
        out.pop();
    }
    let after_new = out.len() >= 2 && out[out.len() - 2] == "new";
    if let Some(last) = out.last_mut()
        && let Some(stem) = last.strip_suffix("'s")
        && possessive_date_word(stem)
        && !(stem == "year" && after_new)
    {
        *last = stem.to_string();
    }
    out
}

fn possessive_date_word(stem: &str) -> bool {
    weekday(stem).is_some()
        || month(stem).is_some()
        || super::calendar::Season::parse(stem).is_some()
        || matches!(
            stem,
            "today"
                | "yesterday"
                | "tomorrow"
                | "tonight"
                | "night"
                | "morning"
                | "afternoon"
                | "evening"
                | "week"
                | "weekend"
                | "month"
                | "quarter"
                | "decade"
                | "century"
                | "christmas"
                | "easter"
                | "thanksgiving"
                | "halloween"
                | "year"
        )
}

fn ordinal_suffix(s: &str) -> Option<&str> {
    ["st", "nd", "rd", "th", "s"]
        .into_iter()
        .find(|&suffix| suffix == s)
}

/// A unit of time as written in full or abbreviated (`days`, `wks`, `yr`, `mos`, `y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimeUnit {
    Day,
    Week,
    Fortnight,
    Month,
    Year,
    Decade,
    Century,
}

pub(super) fn unit_word(word: &str) -> Option<TimeUnit> {
    Some(match word {
        "d" | "day" | "days" => TimeUnit::Day,
        "w" | "wk" | "wks" | "week" | "weeks" => TimeUnit::Week,
        "fortnight" | "fortnights" => TimeUnit::Fortnight,
        "mo" | "mos" | "mth" | "mths" | "month" | "months" => TimeUnit::Month,
        "y" | "yr" | "yrs" | "year" | "years" => TimeUnit::Year,
        "decade" | "decades" => TimeUnit::Decade,
        "century" | "centuries" => TimeUnit::Century,
        _ => return None,
    })
}

/// A count of at least 1: digits, English number words (`twenty-five`), `a`, `an` or `one`.
pub(super) fn count(words: &[&str]) -> Option<u32> {
    let n = match words {
        [] => return None,
        ["a" | "an"] => 1,
        [digits] if digits.bytes().all(|b| b.is_ascii_digit()) => {
            // Too many digits to count is still a count: too far, not a misunderstanding.
            digits.parse().unwrap_or(u32::MAX)
        }
        _ => {
            // text2num is given at most a few short words: its work stays bounded.
            if words.len() > 4
                || words.iter().any(|w| {
                    w.len() > 12 || !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
                })
            {
                return None;
            }
            let digits = text2digits(&words.join(" "), &Language::english()).ok()?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.is_empty() {
                return None;
            }
            digits.parse().unwrap_or(u32::MAX)
        }
    };
    (n >= 1).then_some(n)
}

/// A year written as digits (`2009`) or spoken (`nineteen ninety-one`, `twenty nineteen`,
/// `nineteen oh five`, `two thousand nine`, `two thousand and nine`).
pub(super) fn year(words: &[&str]) -> Option<i32> {
    match words {
        [y] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.parse().ok(),
        ["two", "thousand"] => Some(2000),
        ["two", "thousand", "and", rest @ ..] | ["two", "thousand", rest @ ..] => {
            let n = count(rest).filter(|n| *n <= 99)?;
            Some(2000 + n as i32)
        }
        [century, "hundred"] => spoken_century(century).map(|c| c * 100),
        [century, "oh" | "o", unit] => {
            let n = count(&[unit]).filter(|n| *n <= 9)?;
            Some(spoken_century(century)? * 100 + n as i32)
        }
        [century, rest @ ..] if !rest.is_empty() => {
            // "twenty five" is a number, not 2005: the years after the century are two digits.
            let n = count(rest).filter(|n| (10..=99).contains(n))?;
            Some(spoken_century(century)? * 100 + n as i32)
        }
        _ => None,
    }
}

/// `eleven` to `twenty`: the first half of a spoken year.
fn spoken_century(word: &str) -> Option<i32> {
    NUMBER_WORDS[11..=20]
        .iter()
        .position(|&n| n == word)
        .map(|i| i as i32 + 11)
}

/// A day of the month: `17`, `17th`, `1st`, `22nd`, `3rd` (the suffix must fit the number),
/// or an ordinal word up to `thirty-first` (`the fourth of July`).
pub(super) fn day_number(word: &str) -> Option<u32> {
    let digits_end = word.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, suffix) = word.split_at(digits_end);
    if digits.is_empty() {
        return ordinal_word(word).filter(|n| *n <= 31);
    }
    if digits.len() > 2 {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (suffix.is_empty() || suffix == ordinal_ending(n)).then_some(n)
}

fn ordinal_ending(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// `first` to `thirty-first`, as words.
pub(super) fn ordinal_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 19] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    let unit = |w: &str| UNITS.iter().position(|&u| u == w).map(|i| i as u32 + 1);
    if let Some(n) = unit(word) {
        return Some(n);
    }
    match word {
        "twentieth" => Some(20),
        "thirtieth" => Some(30),
        _ => {
            let (tens, rest) = word.split_once('-')?;
            let tens = match tens {
                "twenty" => 20,
                "thirty" => 30,
                _ => return None,
            };
            unit(rest).filter(|n| *n <= 9).map(|n| tens + n)
        }
    }
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

/// A weekday's full name, or its wire-copy abbreviation with or without a dot (`Mon.`,
/// `Tues.`, `Wed`, `Thurs.`, `Fri.`).
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
    if let Some(day) = DAYS.iter().find(|&&name| name == word) {
        return Some(day);
    }
    let short = word.strip_suffix('.')?;
    let i = match short {
        "mon" => 0,
        "tue" | "tues" => 1,
        "wed" => 2,
        "thu" | "thur" | "thurs" => 3,
        "fri" => 4,
        "sat" => 5,
        "sun" => 6,
        _ => return None,
    };
    Some(DAYS[i])
}

/// The chrono weekday of a name [`weekday`] returned.
pub(super) fn chrono_weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// English number words as single words: `zero` to `twenty`, the tens to `ninety`, then
/// `hundred` to `billion`.
pub(crate) const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
];
