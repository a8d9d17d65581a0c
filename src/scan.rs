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
use crate::value::relative::{month, weekday};
use crate::value::text::fold_name;
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

const NUMBER_WORDS: &[&str] = &[
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
        !folded.is_empty() && self.0.contains(&format!(" {folded} "))
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
                Just("’s".to_string()),
                "\\PC{1,3}",
            ];
            prop::collection::vec(word, 0..30).prop_map(|w| w.join(" "))
        }

        proptest! {
            #[test]
            fn every_reading_is_a_slice_of_the_text(text in prose()) {
                let anchor = Period::parse_absolute("2023-12-06").unwrap().unwrap();
                let ws = words(&text);
                let ranges: Vec<(usize, usize)> = numbers(&text, &ws).iter().map(|f| (f.start, f.end))
                    .chain(money(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(spans(&text, &ws).iter().map(|f| (f.start, f.end)))
                    .chain(dates(&text, &ws, anchor).iter().map(|f| (f.start, f.end)))
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
