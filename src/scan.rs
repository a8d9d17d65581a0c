//! Reading values in article prose: numbers in digits or words ("nine", "twice", "a dozen",
//! "13.6 million"), money ("$13.6 million"), durations ("25-year sentence"), ages
//! ("83-year-old"), dates absolute or relative ("March 17, 2022", "on Friday", "Christmas Eve
//! six years ago") and registered names. The `quotes` rule asks whether a claim's value is in
//! its quote; `extract` proposes claims from what it finds in an article.

use std::collections::HashMap;

use text2num::{Language, text2digits};
use unicode_normalization::char::is_combining_mark;

use crate::model::Entity;
use crate::value::date::Period;
use crate::value::duration::Duration;
use crate::value::money::{Money, SYMBOLS, parse_number, scaled};
use crate::value::relative::{NUMBER_WORDS, month, weekday};
use crate::value::text::fold_name;
use crate::value::time::clock_at;
use crate::value::{DateValue, parse_date};

/// A word of the text and where it is (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'t> {
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
}

impl<'t> Word<'t> {
    fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// The word without a possessive `'s` ("Fujimori's" → "Fujimori").
    fn bare(&self) -> &'t str {
        for s in ["'s", "’s", "´s", "'S", "’S"] {
            if let Some(b) = self.text.strip_suffix(s) {
                return b;
            }
        }
        self.text
    }

    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '´')
}

/// The words of a text: runs of letters and digits, with apostrophes between letters
/// ("Fujimori's") and `.` or `,` between digits ("13.6", "1,000") kept inside.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let joins = |test: fn(char) -> bool| {
                chars.get(j + 1).is_some_and(|n| test(n.1)) && test(chars[j - 1].1)
            };
            // A combining mark stays with its letter ("i" + U+0301 is "í").
            if c.is_alphanumeric()
                || is_combining_mark(c)
                || (is_apostrophe(c) && joins(char::is_alphabetic))
                || (matches!(c, '.' | ',') && joins(|c| c.is_ascii_digit()))
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        out.push(Word {
            text: &text[start..end],
            start,
            end,
        });
        i = j;
    }
    out
}

/// A value read in the text, with the byte range it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub start: usize,
    pub end: usize,
}

/// The longest stretch of words the scanners try as one number or date.
const MAX_PHRASE_WORDS: usize = 6;

/// Scale words and the powers of ten they stand for.
const SCALES: &[(&str, i32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
];

/// Words that mean a count on their own.
const COUNT_WORDS: &[(&str, f64)] = &[("once", 1.0), ("twice", 2.0), ("thrice", 3.0)];

/// Every number in the text: digits ("25", "13.6 million"), number words ("nine",
/// "twenty-five"), "twice", "a dozen".
pub fn numbers(text: &str, ws: &[Word]) -> Vec<Found<f64>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let lower = ws[i].lower();
        let scale_after = |k: usize| {
            ws.get(k)
                .and_then(|w| SCALES.iter().find(|(s, _)| w.text.eq_ignore_ascii_case(s)))
                .map(|(_, f)| *f)
        };
        if let Some(n) = parse_number(ws[i].text) {
            // A number too large with its scale word is left unread.
            let (value, last) = match scale_after(i + 1) {
                Some(e) => (scaled(ws[i].text, e).unwrap_or(f64::INFINITY), i + 1),
                None => (n, i),
            };
            out.push(Found {
                value,
                start: ws[i].start,
                end: ws[last].end,
            });
            i = last + 1;
            continue;
        }
        if let Some((_, n)) = COUNT_WORDS.iter().find(|(w, _)| *w == lower) {
            out.push(Found {
                value: *n,
                start: ws[i].start,
                end: ws[i].end,
            });
            i += 1;
            continue;
        }
        if lower == "dozen" {
            // "a dozen" is 12; "two dozen" was read as 2 just before: make it 24.
            match out.last_mut() {
                Some(prev) if text[prev.end..ws[i].start].trim().is_empty() => {
                    prev.value *= 12.0;
                    prev.end = ws[i].end;
                }
                _ => out.push(Found {
                    value: 12.0,
                    start: ws[i].start,
                    end: ws[i].end,
                }),
            }
            i += 1;
            continue;
        }
        if NUMBER_WORDS.contains(&lower.as_str()) {
            let mut best = None;
            let mut j = i;
            while j < ws.len() && j < i + MAX_PHRASE_WORDS {
                let w = ws[j].lower();
                if !(NUMBER_WORDS.contains(&w.as_str()) || (w == "and" && j > i)) {
                    break;
                }
                let phrase: Vec<String> = ws[i..=j].iter().map(Word::lower).collect();
                if let Ok(digits) = text2digits(&phrase.join(" "), &Language::english())
                    && let Ok(n) = digits.parse::<f64>()
                {
                    best = Some((n, j));
                }
                j += 1;
            }
            if let Some((n, j)) = best {
                out.push(Found {
                    value: n,
                    start: ws[i].start,
                    end: ws[j].end,
                });
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out.retain(|n| n.value.is_finite());
    out
}

/// A number as a count: whole, and from 0 to the largest count; `None` for anything a
/// conversion would round, wrap or clamp.
pub fn whole(x: f64) -> Option<u64> {
    // 2^64, exactly: the first number past the largest count.
    const PAST: f64 = 18_446_744_073_709_551_616.0;
    (x.fract() == 0.0 && (0.0..PAST).contains(&x)).then_some(x as u64)
}

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("sol", "PEN"),
    ("soles", "PEN"),
    ("yen", "JPY"),
];

fn currency_code(w: &Word) -> Option<String> {
    let upper = w.text.len() == 3 && w.text.bytes().all(|b| b.is_ascii_uppercase());
    if upper {
        return Some(w.text.to_string());
    }
    let lower = w.lower();
    CURRENCY_WORDS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| code.to_string())
}

/// Amounts of money: a number with a currency symbol before it ("$13.6 million"), a code or
/// currency word after it ("5 million soles") or a code before it ("USD 400").
pub fn money(text: &str, ws: &[Word]) -> Vec<Found<Money>> {
    let mut out = Vec::new();
    for n in numbers(text, ws) {
        let before = text[..n.start].trim_end_matches(' ');
        let symbol = SYMBOLS
            .iter()
            .find(|(s, _)| before.ends_with(s))
            .map(|(s, code)| (before.len() - s.len(), code.to_string()));
        let after = ws.iter().position(|w| w.start >= n.end);
        let prev = ws.iter().rposition(|w| w.end <= n.start);
        let found = if let Some((start, currency)) = symbol {
            Some((start, n.end, currency))
        } else if let Some(code) = after.and_then(|k| currency_code(&ws[k])) {
            after.map(|k| (n.start, ws[k].end, code))
        } else {
            prev.and_then(|k| {
                let upper =
                    ws[k].text.len() == 3 && ws[k].text.bytes().all(|b| b.is_ascii_uppercase());
                upper.then(|| (ws[k].start, n.end, ws[k].text.to_string()))
            })
        };
        if let Some((start, end, currency)) = found {
            out.push(Found {
                value: Money {
                    amount: n.value,
                    currency,
                },
                start,
                end,
            });
        }
    }
    out
}

/// What a number followed by a unit of time says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// "25 years", "a 25-year sentence", "18 months".
    Duration(Duration),
    /// "83 years old", "an 83-year-old".
    Age(u32),
}

/// Lengths of time and ages: a number followed by a unit ("25-year", "18 months"), or an
/// age ("83-year-old", "83 years old"). "Six years ago" is a date, not a length.
pub fn spans(text: &str, ws: &[Word]) -> Vec<Found<Length>> {
    let mut out = Vec::new();
    for n in numbers(text, ws) {
        let Some(k) = ws.iter().position(|w| w.start >= n.end) else {
            continue;
        };
        let unit = ws[k].lower();
        let unit = unit.trim_end_matches('s');
        let Some(count) = whole(n.value) else {
            continue;
        };
        if !matches!(unit, "year" | "month" | "week" | "day") {
            continue;
        }
        let next = ws.get(k + 1).map(|w| w.lower());
        let value = match next.as_deref() {
            Some("ago") => continue,
            Some("old") if unit == "year" && count <= 150 => Length::Age(count as u32),
            _ => match Duration::parse(&format!("{count} {unit}")) {
                Some(d) => Length::Duration(d),
                None => continue,
            },
        };
        let end = match value {
            Length::Age(_) => ws[k + 1].end,
            Length::Duration(_) => ws[k].end,
        };
        out.push(Found {
            value,
            start: n.start,
            end,
        });
    }
    out
}

/// Ordinal words and the counts they stand for ("twenty-third" is read as "twenty" + "third").
const ORDINALS: &[(&str, u64)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
    ("hundredth", 100),
];

const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Words before an ordinal that make it a member of a run of things: "a third victim".
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that",
];

/// Words that, after an ordinal, are not what is counted: a fraction ("a third of"), a
/// repetition ("the second time"), a rank or a step in time ("first place", "the third day").
const NOT_COUNTED: &[&str] = &[
    "of",
    "time",
    "times",
    "place",
    "half",
    "quarter",
    "round",
    "day",
    "week",
    "month",
    "year",
    "anniversary",
    "term",
    "wave",
    "phase",
    "stage",
    "floor",
    "degree",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "as",
    "is",
    "was",
    "were",
    "has",
    "had",
    "that",
    "which",
    "who",
    "since",
    "after",
    "before",
    "than",
];

/// The count an ordinal word or figure stands for: "third" 3, "12th" 12, "21st" 21.
fn ordinal(lower: &str) -> Option<u64> {
    if let Some((_, n)) = ORDINALS.iter().find(|(w, _)| *w == lower) {
        return Some(*n);
    }
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    let n: u64 = digits.parse().ok()?;
    let expected = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    (suffix == expected).then_some(n)
}

/// Ordinals that count a run of things: after a determiner and before the noun they count,
/// "a third victim" (3), "the fourth death" (4), "the 12th body" (12), "a twenty-first
/// victim" (21), with one participle between allowed ("a third confirmed death"). An ordinal
/// before "of", a time, a rank or no noun at all ("a third of the victims", "the second
/// time", "came second") counts nothing, and "first" / "1st" never count.
pub fn ordinal_counts(ws: &[Word]) -> Vec<Found<u64>> {
    let lower: Vec<String> = ws.iter().map(Word::lower).collect();
    let mut out = Vec::new();
    for (i, word) in lower.iter().enumerate() {
        let Some(unit) = ordinal(word) else {
            continue;
        };
        // "twenty-third": the tens word before the unit ordinal.
        let tens = (i > 0 && unit < 10)
            .then(|| {
                TENS.iter()
                    .find(|(w, _)| *w == lower[i - 1])
                    .map(|(_, n)| *n)
            })
            .flatten();
        // "First" ranks far more often than it counts ("the first reported collapse", "the
        // first victim named"), and a count of one is read from "a" or "one" already.
        if unit == 1 && tens.is_none() {
            continue;
        }
        let first = i - usize::from(tens.is_some());
        if first == 0 || !DETERMINERS.contains(&lower[first - 1].as_str()) {
            continue;
        }
        // The counted noun, past at most one participle ("a third confirmed death").
        let mut k = i + 1;
        if lower.get(k).is_some_and(|w| w.ends_with("ed")) && lower.get(k + 1).is_some() {
            k += 1;
        }
        let noun = lower.get(k).is_some_and(|w| {
            w.chars().all(char::is_alphabetic)
                && !w.ends_with("ed")
                && !w.ends_with("ly")
                && !w.ends_with("est")
                && !NOT_COUNTED.contains(&w.as_str())
        });
        if noun {
            out.push(Found {
                value: tens.unwrap_or(0) + unit,
                start: ws[first].start,
                end: ws[k].end,
            });
        }
    }
    out
}

/// How a length of time was hedged: "over 17 years", "nearly 30 years", "about a decade".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Approx {
    /// The shortest and longest length the words allow, in the unit written: one unit above
    /// the number after "over", one below after "nearly", one either side after "about".
    pub low: Duration,
    pub high: Duration,
    /// Followed by "ago": a date that far before the source's date.
    pub ago: bool,
}

/// Words that hedge a number, and how many units below and above it they allow.
const HEDGES: &[(&str, u64, u64)] = &[
    ("over", 0, 1),
    ("more than", 0, 1),
    ("at least", 0, 1),
    ("upwards of", 0, 1),
    ("nearly", 1, 0),
    ("almost", 1, 0),
    ("under", 1, 0),
    ("less than", 1, 0),
    ("close to", 1, 0),
    ("about", 1, 1),
    ("around", 1, 1),
    ("some", 1, 1),
    ("roughly", 1, 1),
    ("approximately", 1, 1),
];

/// Lengths of time with a hedging word before them, "ago" or not ("over 17 years ago", "more
/// than a decade ago", "nearly 30 years"), and unhedged ones before "ago" ("17 years ago").
/// The number may be digits or words, or "a" for one unit; a decade is ten years.
pub fn hedged_lengths(text: &str, ws: &[Word]) -> Vec<Found<Approx>> {
    let lower: Vec<String> = ws.iter().map(Word::lower).collect();
    let mut counts: Vec<(usize, usize, u64)> = numbers(text, ws)
        .into_iter()
        .filter_map(|n| {
            let first = ws.iter().position(|w| w.start == n.start)?;
            let last = ws.iter().rposition(|w| w.end == n.end)?;
            Some((first, last, whole(n.value)?))
        })
        .collect();
    counts.extend(
        lower
            .iter()
            .enumerate()
            .filter(|(_, w)| matches!(w.as_str(), "a" | "an"))
            .map(|(k, _)| (k, k, 1)),
    );
    let mut out = Vec::new();
    for (first, last, n) in counts {
        let Some(unit) = lower.get(last + 1) else {
            continue;
        };
        // Months per unit, or days per unit.
        let per = match unit.trim_end_matches('s') {
            "decade" => Ok(120),
            "year" => Ok(12),
            "month" => Ok(1),
            "week" => Err(7),
            "day" => Err(1),
            _ => continue,
        };
        let hedge = HEDGES.iter().find(|(h, ..)| {
            let hw: Vec<&str> = h.split(' ').collect();
            first >= hw.len() && lower[first - hw.len()..first].iter().eq(hw.iter())
        });
        let ago = lower.get(last + 2).is_some_and(|w| w == "ago");
        // "17 years ago" unhedged is a length too, of exactly 17 years.
        let (words_before, below, above) = match hedge {
            Some(&(h, below, above)) => (h.split(' ').count(), below, above),
            None if ago => (0, 0, 0),
            None => continue,
        };
        let length = |m: u64| -> Option<Duration> {
            Some(match per {
                Ok(months) => Duration {
                    months: m.checked_mul(months)?,
                    days: 0,
                },
                Err(days) => Duration {
                    months: 0,
                    days: m.checked_mul(days)?,
                },
            })
        };
        let (Some(low), Some(high)) = (
            length(n.saturating_sub(below)),
            n.checked_add(above).and_then(length),
        ) else {
            continue;
        };
        let start = first - words_before;
        out.push(Found {
            value: Approx { low, high, ago },
            start: ws[start].start,
            end: ws[last + 1 + usize::from(ago)].end,
        });
    }
    out.sort_by_key(|f| f.start);
    out
}

impl Approx {
    /// Whether a length of time lies within the hedged range (months taken as 30.436875 days
    /// when the units differ).
    pub fn contains(&self, d: &Duration) -> bool {
        let days = |d: &Duration| d.months as f64 * 30.436875 + d.days as f64;
        (days(&self.low)..=days(&self.high)).contains(&days(d))
    }

    /// The days "that long ago" may denote, read from `as_of`.
    pub fn before(&self, as_of: Period) -> Option<Period> {
        let back = |date: chrono::NaiveDate, d: &Duration| {
            date.checked_sub_months(chrono::Months::new(u32::try_from(d.months).ok()?))?
                .checked_sub_days(chrono::Days::new(d.days))
        };
        Some(Period {
            start: back(as_of.start, &self.high)?,
            end: back(as_of.end, &self.low)?,
            precision: crate::value::date::Precision::Range,
        })
    }
}

/// Times of day, as minutes after midnight on the clock written: "1:28 a.m.", "1.28am",
/// "6 p.m.", "13:28", "noon", "midnight".
pub fn times(text: &str, ws: &[Word]) -> Vec<Found<u16>> {
    let mut out: Vec<Found<u16>> = Vec::new();
    for w in ws {
        // The minutes of a time just read ("28" of "1:28") start no time of their own.
        if out.last().is_some_and(|f| w.start < f.end) {
            continue;
        }
        if let Some((clock, end)) = clock_at(text, w.start) {
            out.push(Found {
                value: clock,
                start: w.start,
                end,
            });
        }
    }
    out
}

const DATE_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "night",
    "ago",
    "christmas",
    "eve",
    "day",
    "week",
    "weekend",
    "year",
    "month",
    "quarter",
    "decade",
];

/// Words a date phrase may open with besides a date word or a number: "on Friday", "in
/// 2005", "last year", "the day before yesterday", "New Year's Eve", "next week", "coming
/// Tuesday", "late March", "mid-2019" (a Spanish quote's "el próximo martes" is read as
/// "coming Tuesday", not as the last Tuesday).
const DATE_OPENERS: &[&str] = &[
    "on", "in", "last", "this", "the", "a", "an", "new", "next", "coming", "early", "mid", "late",
];

/// What a word can be in a date phrase.
#[derive(Clone, Copy, Default)]
struct DateRole {
    /// It carries a date: a year, a capitalised month or weekday, a date word.
    cue: bool,
    opens: bool,
    closes: bool,
    /// A month or weekday name in lower case: "may" and "march" as verbs.
    verb_like: bool,
}

fn date_role(w: &Word) -> DateRole {
    let lower = w.lower();
    let digits = w.text.starts_with(|c: char| c.is_ascii_digit());
    let year = w.text.len() == 4
        && w.text.bytes().all(|b| b.is_ascii_digit())
        && (1000..3000).contains(&w.text.parse::<u32>().unwrap_or(0));
    let named = is_month_or_weekday(&lower);
    let cue = year || (named && w.capitalised()) || DATE_WORDS.contains(&lower.as_str());
    DateRole {
        cue,
        opens: cue
            || digits
            || DATE_OPENERS.contains(&lower.as_str())
            || NUMBER_WORDS.contains(&lower.as_str()),
        closes: cue || digits,
        verb_like: named && !w.capitalised(),
    }
}

fn is_month_or_weekday(lower: &str) -> bool {
    month(lower).is_some() || weekday(lower).is_some()
}

/// Dates, absolute or relative to `anchor`: at each word the longest phrase that reads as a
/// date, phrases not overlapping, left to right. Only phrases that open and close with words
/// a date can open and close with, and that hold a date word, are tried.
pub fn dates(text: &str, ws: &[Word], anchor: Period) -> Vec<Found<DateValue>> {
    let roles: Vec<DateRole> = ws.iter().map(date_role).collect();
    longest_phrases(ws, MAX_PHRASE_WORDS, |i, len| {
        let window = &roles[i..i + len];
        if !window[0].opens
            || !window[len - 1].closes
            || !window.iter().any(|r| r.cue)
            || window.iter().any(|r| r.verb_like)
        {
            return None;
        }
        let phrase = &text[ws[i].start..ws[i + len - 1].end];
        // A date does not run across a sentence, a paragraph or a parenthesis.
        if phrase.contains([';', '(', ')']) || phrase.contains(". ") || phrase.contains("\n\n") {
            return None;
        }
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        parse_date(&phrase, Some(anchor), Default::default()).ok()
    })
}

/// Left to right, at each word the longest phrase of at most `longest` words that `read`
/// accepts (`read(first word, length)`); the phrases found do not overlap.
fn longest_phrases<T>(
    ws: &[Word],
    longest: usize,
    read: impl Fn(usize, usize) -> Option<T>,
) -> Vec<Found<T>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let hit = (1..=longest.min(ws.len() - i))
            .rev()
            .find_map(|len| read(i, len).map(|value| (value, len)));
        match hit {
            Some((value, len)) => {
                out.push(Found {
                    value,
                    start: ws[i].start,
                    end: ws[i + len - 1].end,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// Finds registered names and aliases in text, longest first.
pub struct NameFinder {
    /// folded name → entity index
    names: HashMap<String, usize>,
    /// entity id → its name and aliases folded for [`WordText::mentions_folded`]
    by_id: HashMap<String, Vec<String>>,
    longest: usize,
}

impl NameFinder {
    pub fn new(entities: &[Entity]) -> Self {
        let mut names = HashMap::new();
        let mut longest = 1;
        let by_id = entities
            .iter()
            .map(|e| {
                let folded = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| fold_words(&n.value))
                    .collect();
                (e.id.clone(), folded)
            })
            .collect();
        for (i, e) in entities.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let folded = fold_name(&name.value);
                if folded.is_empty() {
                    continue;
                }
                longest = longest.max(folded.split(' ').count());
                names.entry(folded).or_insert(i);
            }
        }
        Self {
            names,
            by_id,
            longest,
        }
    }

    /// The registered name and aliases of an entity, folded; none for an unknown id.
    pub fn folded_names(&self, id: &str) -> &[String] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every mention of a registered entity: (entity index, start, end), not overlapping.
    pub fn find(&self, ws: &[Word]) -> Vec<Found<usize>> {
        // Folding goes a character at a time, so a window folds as its words folded once each
        // and joined by spaces.
        let folded: Vec<String> = ws.iter().map(|w| fold_name(w.bare())).collect();
        longest_phrases(ws, self.longest, |i, len| {
            self.names.get(&join_folded(&folded[i..i + len])).copied()
        })
    }
}

/// Folded words joined as [`fold_name`] joins them: one space between, none for a word that
/// folds to nothing.
fn join_folded(words: &[String]) -> String {
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A text folded for whole-word search: case, accents, punctuation and possessives
/// ("Fujimori's Fuerza Popular" mentions "Fujimori") do not count.
pub struct WordText(String);

impl WordText {
    pub fn new(text: &str) -> Self {
        Self::of_words(&words(text))
    }

    /// [`WordText::new`] for a text already split into words.
    pub fn of_words(ws: &[Word]) -> Self {
        Self(format!(" {} ", fold_bare(ws)))
    }

    /// Whether `phrase` occurs as whole words.
    pub fn mentions(&self, phrase: &str) -> bool {
        self.mentions_folded(&fold_words(phrase))
    }

    /// [`WordText::mentions`] for a phrase already folded with the same folding.
    pub fn mentions_folded(&self, folded: &str) -> bool {
        // `contains(" {folded} ")` without building that string for every value read: the
        // phrase tried after each space.
        let text = self.0.as_str();
        !folded.is_empty()
            && text.match_indices(' ').any(|(at, _)| {
                text[at + 1..].starts_with(folded) && text[at + 1 + folded.len()..].starts_with(' ')
            })
    }
}

fn fold_words(s: &str) -> String {
    fold_bare(&words(s))
}

/// The words without possessives, folded as a name.
fn fold_bare(ws: &[Word]) -> String {
    let bare: Vec<&str> = ws.iter().map(Word::bare).collect();
    fold_name(&bare.join(" "))
}

/// Whether `phrase` occurs in `text` as whole words (see [`WordText`]).
pub fn mentions(text: &str, phrase: &str) -> bool {
    WordText::new(text).mentions(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(t: &str) -> Vec<f64> {
        numbers(t, &words(t)).into_iter().map(|f| f.value).collect()
    }

    #[test]
    fn words_keep_decimals_thousands_and_possessives_together() {
        let t = "Peru’s $13.6 million, 1,000 (1990-2000).";
        let w: Vec<&str> = words(t).iter().map(|w| w.text).collect();
        assert_eq!(w, ["Peru’s", "13.6", "million", "1,000", "1990", "2000"]);
    }

    #[test]
    fn numbers_are_read_in_digits_and_words() {
        assert_eq!(nums("nine students and a professor"), [9.0]);
        assert_eq!(nums("twenty-five years"), [25.0]);
        assert_eq!(nums("has now twice issued"), [2.0]);
        assert_eq!(nums("a dozen"), [12.0]);
        assert_eq!(nums("two dozen"), [24.0]);
        assert_eq!(nums("$13.6 million"), [13_600_000.0]);
        assert_eq!(nums("Fujimori, 85, was jailed in 2005"), [85.0, 2005.0]);
    }

    #[test]
    fn scaled_numbers_are_exact_and_too_large_ones_are_not_read() {
        assert_eq!(
            nums("4.1 million and 2.01 billion"),
            [4_100_000.0, 2_010_000_000.0]
        );
        assert_eq!(nums("1e300 trillion, 1e308 dozen"), Vec::<f64>::new());
    }

    #[test]
    fn only_whole_numbers_within_the_count_range_are_counts() {
        assert_eq!(whole(25.0), Some(25));
        assert_eq!(
            whole(18_446_744_073_709_549_568.0),
            Some(18_446_744_073_709_549_568)
        );
        for x in [
            2.5,
            -1.0,
            18_446_744_073_709_551_616.0,
            1e30,
            f64::INFINITY,
            f64::NAN,
        ] {
            assert_eq!(whole(x), None, "{x}");
        }
        let t = "a 99999999999999999999-year sentence";
        assert!(spans(t, &words(t)).is_empty());
    }

    #[test]
    fn money_needs_a_currency() {
        let t = "he owes $13.6 million and 5 million soles, not 7 million";
        let m: Vec<Money> = money(t, &words(t)).into_iter().map(|f| f.value).collect();
        assert_eq!(
            m,
            [
                Money {
                    amount: 13_600_000.0,
                    currency: "USD".into()
                },
                Money {
                    amount: 5_000_000.0,
                    currency: "PEN".into()
                },
            ]
        );
    }

    #[test]
    fn lengths_of_time_and_ages_are_told_apart_from_dates() {
        let t =
            "serving a 25-year sentence; the 83-year-old was jailed six years ago for 18 months";
        let s: Vec<Length> = spans(t, &words(t)).into_iter().map(|f| f.value).collect();
        assert_eq!(
            s,
            [
                Length::Duration(Duration::parse("25 years").unwrap()),
                Length::Age(83),
                Length::Duration(Duration::parse("18 months").unwrap()),
            ]
        );
    }

    #[test]
    fn dates_are_read_absolute_and_relative_to_the_anchor() {
        let anchor = Period::parse_absolute("2023-12-06").unwrap().unwrap();
        let t = "pardoned on Christmas eve six years ago, ruled on March 17, 2022 and (1990-2000); \
                 on Tuesday it may march on";
        let d: Vec<String> = dates(t, &words(t), anchor)
            .into_iter()
            .map(|f| f.value.period.to_string())
            .collect();
        assert_eq!(
            d,
            [
                "2017-12-24",
                "2022-03-17",
                "1990-01-01..2000-12-31",
                "2023-12-05"
            ]
        );
    }

    #[test]
    fn spanish_quotes_made_readable_give_numbers_lengths_and_dates() {
        let es = crate::language::Language::parse("es").unwrap();
        let anchor = Period::parse_absolute("2023-12-06").unwrap().unwrap();
        let years = |n: &str| Length::Duration(Duration::parse(n).unwrap());
        let lengths = |t: &str| {
            let t = es.readable(t);
            spans(&t, &words(&t))
                .into_iter()
                .map(|f| f.value)
                .collect::<Vec<_>>()
        };
        let read_dates = |t: &str| {
            let t = es.readable(t);
            dates(&t, &words(&t), anchor)
                .into_iter()
                .map(|f| f.value.period.to_string())
                .collect::<Vec<_>>()
        };
        let read_numbers = |t: &str| {
            let t = es.readable(t);
            nums(&t)
        };
        assert_eq!(
            lengths("condenado a veinticinco años de prisión"),
            [years("25 years")]
        );
        assert_eq!(lengths("una condena de 25 años"), [years("25 years")]);
        assert_eq!(lengths("seis meses de arresto"), [years("6 months")]);
        assert_eq!(read_numbers("Fujimori, de 85 años,"), [85.0]);
        assert_eq!(read_numbers("ochenta y cinco años"), [85.0]);
        assert_eq!(read_numbers("25 mil soles"), [25_000.0]);
        assert_eq!(
            read_dates("indultado el 24 de diciembre de 2017"),
            ["2017-12-24"]
        );
        // Read from 2023-12-06: the coming one, 18 days ahead.
        assert_eq!(read_dates("el 24 de diciembre"), ["2023-12-24"]);
        assert_eq!(
            read_dates("dijo que el próximo martes votarán"),
            ["2023-12-12"]
        );
        assert_eq!(read_dates("la semana pasada"), ["2023-11-27..2023-12-03"]);
        assert_eq!(
            read_dates("a fines de marzo de 2020"),
            ["2020-03-21..2020-03-31"]
        );
        assert_eq!(read_dates("llegó anoche"), ["2023-12-05"]);
        assert_eq!(read_dates("en Nochebuena hace seis años"), ["2017-12-24"]);
        assert_eq!(read_dates("el martes dijo"), ["2023-12-05"]);
        assert_eq!(read_dates("el año pasado"), ["2022"]);
        assert_eq!(read_dates("el pasado martes"), ["2023-12-05"]);
        let t = es.readable("una deuda de 13,6 millones de dólares");
        let amounts: Vec<String> = money(&t, &words(&t))
            .iter()
            .map(|f| f.value.to_string())
            .collect();
        assert_eq!(amounts, ["13600000 USD"]);
        assert_eq!(read_dates("en diciembre de 2017"), ["2017-12"]);
    }

    fn ordinals(t: &str) -> Vec<u64> {
        ordinal_counts(&words(t))
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    #[test]
    fn ordinals_before_what_they_count_are_counts() {
        assert_eq!(ordinals("rescuers found a third victim"), [3]);
        assert_eq!(ordinals("the fourth death in the slide"), [4]);
        assert_eq!(ordinals("the 12th body was recovered"), [12]);
        assert_eq!(ordinals("a twenty-first victim"), [21]);
        assert_eq!(ordinals("its 23rd fatality"), [23]);
        assert_eq!(ordinals("a third confirmed death"), [3]);
    }

    #[test]
    fn ordinals_that_rank_time_or_divide_are_not_counts() {
        for t in [
            "the slide was first reported on Friday",
            "the first reported collapse",
            "a third of the victims were children",
            "for the second time this year",
            "on the third day of the search",
            "the second-largest toll",
            "it came first",
            "the 12st body",
        ] {
            assert_eq!(ordinals(t), Vec::<u64>::new(), "{t}");
        }
    }

    #[test]
    fn hedged_lengths_allow_one_unit_in_the_direction_of_the_hedge() {
        let read = |t: &str| -> Vec<(String, String, bool)> {
            hedged_lengths(t, &words(t))
                .into_iter()
                .map(|f| {
                    (
                        f.value.low.to_string(),
                        f.value.high.to_string(),
                        f.value.ago,
                    )
                })
                .collect()
        };
        let r = |low: &str, high: &str, ago| vec![(low.to_string(), high.to_string(), ago)];
        assert_eq!(
            read("he left over 17 years ago"),
            r("17 years", "18 years", true)
        );
        assert_eq!(
            read("more than a decade ago"),
            r("10 years", "20 years", true)
        );
        assert_eq!(
            read("nearly thirty years ago"),
            r("29 years", "30 years", true)
        );
        assert_eq!(
            read("served about six months"),
            r("5 months", "7 months", false)
        );
        assert_eq!(read("opened 17 years ago"), r("17 years", "17 years", true));
        assert!(read("17 years, and three weeks later").is_empty());
    }

    #[test]
    fn a_hedged_ago_is_the_days_it_allows_before_the_source() {
        let t = "the road was built over 17 years ago";
        let found = hedged_lengths(t, &words(t));
        let as_of = Period::parse_absolute("2026-03-27").unwrap().unwrap();
        let days = found[0].value.before(as_of).unwrap();
        assert_eq!(days.to_string(), "2008-03-27..2009-03-27");
        assert_eq!(&t[found[0].start..found[0].end], "over 17 years ago");
        assert!(
            found[0]
                .value
                .contains(&Duration::parse("17 years").unwrap())
        );
        assert!(
            !found[0]
                .value
                .contains(&Duration::parse("25 years").unwrap())
        );
    }

    #[test]
    fn times_of_day_are_read_in_their_written_forms() {
        let t = "the first tremor hit at 1:28 a.m., the second at 13:05 and rescuers left at \
                 noon; by 6 p.m. 1.28 tonnes and 12:05 a.m.";
        let found: Vec<u16> = times(t, &words(t)).into_iter().map(|f| f.value).collect();
        assert_eq!(found, [88, 785, 720, 1080, 5]);
    }

    #[test]
    fn mentions_are_whole_words_and_ignore_possessives() {
        assert!(mentions("Fujimori’s Fuerza Popular", "Fujimori"));
        assert!(mentions("the IACtHR´s resolutions", "IACtHR"));
        assert!(!mentions("Fujimoris", "Fujimori"));
        assert!(mentions("at his daughter’s home", "his daughter's home"));
        assert!(!mentions("Keiko Fujimori", "Kenji"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn prose() -> impl Strategy<Value = String> {
            let word = prop_oneof![
                "[A-Za-z]{1,9}",
                "[0-9]{1,5}",
                Just("Friday".to_string()),
                Just("six years ago".to_string()),
                Just("$13.6 million".to_string()),
                Just("25-year".to_string()),
                Just("over 17 years ago".to_string()),
                Just("a third".to_string()),
                Just("1:28 a.m.".to_string()),
                Just("’s".to_string()),
                "\\PC{1,3}",
            ];
            prop::collection::vec(word, 0..30).prop_map(|w| w.join(" "))
        }

        proptest! {
            #[test]
            fn a_folded_phrase_is_mentioned_exactly_where_it_stands_between_spaces(
                text in "[ab ]{0,12}",
                phrase in "[ab ]{0,5}",
            ) {
                let t = WordText(format!(" {text} "));
                prop_assert_eq!(
                    t.mentions_folded(&phrase),
                    !phrase.is_empty() && t.0.contains(&format!(" {phrase} "))
                );
            }

            #[test]
            fn every_reading_is_a_slice_of_the_text(text in prose()) {
                let anchor = Period::parse_absolute("2023-12-06").unwrap().unwrap();
                let ws = words(&text);
                let ranges: Vec<(usize, usize)> = numbers(&text, &ws).iter().map(|f| (f.start, f.end))
                    .chain(money(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(spans(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(dates(&text, &ws, anchor).iter().map(|f| (f.start, f.end)))
                    .chain(ordinal_counts(&ws).iter().map(|f| (f.start, f.end)))
                    .chain(hedged_lengths(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(times(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(ws.iter().map(|w| (w.start, w.end)))
                    .collect();
                for (start, end) in ranges {
                    prop_assert!(start <= end && end <= text.len());
                    prop_assert!(text.get(start..end).is_some(), "{start}..{end} splits a character");
                }
            }

            #[test]
            fn a_phrase_mentions_itself_in_any_text_around_it(
                before in prose(), phrase in "[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,3}", after in prose()
            ) {
                let text = format!("{before} {phrase} {after}");
                prop_assert!(mentions(&text, &phrase));
            }

            #[test]
            fn words_folded_one_by_one_and_joined_fold_as_the_joined_words(text in prose()) {
                let ws = words(&text);
                let bare: Vec<&str> = ws.iter().map(Word::bare).collect();
                let folded: Vec<String> = bare.iter().map(|w| fold_name(w)).collect();
                prop_assert_eq!(join_folded(&folded), fold_name(&bare.join(" ")));
            }
        }
    }
}
