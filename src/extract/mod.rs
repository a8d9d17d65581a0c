//! Drafting claims from an article: `crosscheck extract` reads the article's ages ("Fujimori,
//! 83,"), lengths of time, dates (absolute, and relative ones as the article wrote them),
//! counts, amounts of money and mentions of registered entities, and proposes each as a claim
//! with its sentence as the quote. Where it cannot tell whose fact it is or which property it
//! states, it writes `TODO`, which the `drafts` rule reports until an editor fills it in.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::Context;
use crate::cue::Cue;
use crate::model::{Claim, TODO, Workspace};
use crate::scan::{self, Found, Length, NameFinder, Word};
use crate::span::{FileId, Span, Spanned};
use crate::timings::Timings;
use crate::value::date::{Period, Precision};
use crate::value::duration::Duration;
use crate::value::text::fold_text;
use crate::value::{Value, ValueSpec, ValueType};
use crate::write::{self, WriteError};
use crate::yaml::RawValue;

mod choose;
mod descriptor;
mod learn;

use choose::Chooser;
pub use learn::learn;

/// Each property's cues, declared and learned, one line each, for `--explain-cues`.
pub fn explain_cues(ws: &Workspace, learned: &BTreeMap<String, Vec<Cue>>) -> String {
    let mut out = String::new();
    for p in ws.properties.values() {
        let learned = learned.get(&p.name).map(Vec::as_slice).unwrap_or_default();
        if p.cues.is_empty() && learned.is_empty() {
            continue;
        }
        let list = |cues: &[Cue]| {
            cues.iter()
                .map(|c| format!("\"{}\"", c.written()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("{}:\n", p.name));
        if !p.cues.is_empty() {
            out.push_str(&format!("  declared: {}\n", list(&p.cues)));
        }
        if !learned.is_empty() {
            out.push_str(&format!("  learned: {}\n", list(learned)));
        }
    }
    if out.is_empty() {
        out.push_str(
            "no cues: declare them under a property's `cues:`, or learn them with --learn CLAIMS\n",
        );
    }
    out
}

/// What a drafted claim states, in the order the article states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte offset of the value in the article.
    pub at: usize,
    pub ty: ValueType,
    pub subject: String,
    pub property: String,
    /// The value as a claim writes it.
    pub value: String,
    /// The sentence that states it, verbatim.
    pub quote: String,
    /// How likely the draft is right as it stands, from 0 to 1 (see [`Confidence`]).
    pub confidence: f64,
    /// Why a part was left `TODO`, or what the editor should look at, one line each.
    pub notes: Vec<String>,
}

/// How much each way of choosing a part of a draft is trusted: the draft's confidence is the
/// product of its value's, its subject's and its property's.
pub struct Confidence;

impl Confidence {
    /// A number written in digits, a date, an amount of money, a name.
    pub const PLAIN: f64 = 1.0;
    /// A count read from a lone number: whether it counts anything a property names is a guess.
    pub const BARE_COUNT: f64 = 0.6;
    /// "one": as often a pronoun ("one of them") as a number.
    pub const WORD_ONE: f64 = 0.3;
    /// A part chosen by a pattern the article matches (an apposed age, "an 85-year-old X").
    pub const BY_PATTERN: f64 = 1.0;
    /// A property chosen without a cue (by its type, or its name echoed in the sentence).
    pub const NO_CUE: f64 = 0.8;
    /// A subject that is the one fitting registered name of the sentence.
    pub const SAME_SENTENCE: f64 = 0.9;
    /// A subject that is the one fitting registered name of the sentence before.
    pub const SENTENCE_BEFORE: f64 = 0.8;
    /// A property that is the only one of its type.
    pub const ONLY_OF_TYPE: f64 = 0.9;
    /// A property whose name the sentence echoes.
    pub const ECHOED: f64 = 0.8;
    /// The generic `date` property.
    pub const GENERIC_DATE: f64 = 0.7;
    /// The generic `date` property of an event the sentence names by a trigger word.
    pub const EVENT_DATE: f64 = 0.9;
    /// A subject chosen for a property no claim yet has, so its kind of subject is unknown.
    pub const UNKNOWN_DOMAIN: f64 = 0.7;
    /// Below this, a subject is only suggested in a comment and the draft stays `TODO`.
    pub const COMPLETE: f64 = 0.6;
    /// A part left `TODO`: the draft needs the editor either way.
    pub const UNCHOSEN: f64 = 0.5;
}

/// The source block of the drafted file.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub outlet: Option<String>,
    pub published: Period,
    /// The article's path relative to the drafted file, where it stays inside the run root.
    pub text: Option<String>,
}

/// Sentences of the article: (start, end) byte ranges. A sentence ends at `.`, `!` or `?`
/// followed by white space and a capital letter or an opening quote mark (dashes between them
/// aside), or at a blank line
/// (a single line break is only the wrapping of a paragraph).
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let end_here = match c {
            '\n' if text[i + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n') =>
            {
                Some(i)
            }
            '.' | '!' | '?' => {
                let mut rest = chars[k + 1..].iter().map(|(_, c)| *c);
                let space = rest.next().is_some_and(char::is_whitespace);
                // "… 2022. - The court": a dash between sentences (a caption's) is no word.
                let next = rest.find(|c| !c.is_whitespace() && !"-–—".contains(*c));
                (space && next.is_some_and(|n| n.is_uppercase() || "\"“'‘".contains(n)))
                    .then_some(i + 1)
            }
            _ => None,
        };
        if let Some(end) = end_here {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

/// The text with each run of white space, line breaks included, as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Longest quote proposed: past this many words, the words around the value.
const MAX_QUOTE_WORDS: usize = 40;

/// The quote for a value at `[start, end)` of a sentence: the sentence, or a window of it.
fn quote_around(sentence: &str, start: usize, end: usize) -> String {
    let ws = scan::words(sentence);
    if ws.len() <= MAX_QUOTE_WORDS {
        return sentence.to_string();
    }
    let first = ws.iter().position(|w| w.end > start).unwrap_or(0);
    let last = ws.iter().rposition(|w| w.start < end).unwrap_or(first);
    let half = MAX_QUOTE_WORDS / 2;
    let from = first.saturating_sub(half);
    let to = (last + half).min(ws.len() - 1);
    sentence[ws[from].start..ws[to].end].to_string()
}

/// Words of a property name that say what it is about ("issued_by" → "issued").
fn name_words(property: &str) -> Vec<String> {
    property
        .split('_')
        .filter(|w| w.len() > 2)
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// Words either side of a value in which a property's name counts as echoed.
const ECHO_WORDS: usize = 4;

/// The declared property of type `ty` whose name the words around the value (at `[start,
/// end)`) echo best, or the only one of that type; `TODO` when that is not one property. An
/// entity value only fits properties whose `range` admits its type.
fn guess_property(
    ws: &Workspace,
    ty: ValueType,
    entity_kind: Option<&str>,
    sentence_words: &[Word],
    (start, end): (usize, usize),
) -> (String, f64) {
    let first = sentence_words
        .iter()
        .position(|w| w.end > start)
        .unwrap_or(0);
    let last = sentence_words
        .iter()
        .rposition(|w| w.start < end)
        .unwrap_or(first);
    let near = &sentence_words
        [first.saturating_sub(ECHO_WORDS)..(last + 1 + ECHO_WORDS).min(sentence_words.len())];
    let stems: BTreeSet<String> = near
        .iter()
        .map(|w| w.text.to_lowercase().chars().take(5).collect())
        .collect();
    let of_type: Vec<&String> = ws
        .properties
        .values()
        .filter(|p| p.ty == ty && !p.many)
        .filter(|p| {
            p.range.is_empty() || entity_kind.is_some_and(|k| p.range.iter().any(|r| r == k))
        })
        .map(|p| &p.name)
        .collect();
    let mut scored: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    for name in &of_type {
        let score = name_words(name)
            .iter()
            .filter(|w| stems.contains(*w))
            .count();
        scored.entry(score).or_default().push(name);
    }
    // A name or a lone number states a property only where a cue or the property's type
    // says which: echoing a property's name is not enough.
    let echo_enough = !matches!(ty, ValueType::Entity | ValueType::Count);
    match scored.iter().next_back() {
        Some((score, names)) if *score > 0 && names.len() == 1 && echo_enough => {
            (names[0].clone(), Confidence::ECHOED)
        }
        _ if of_type.len() == 1 => (of_type[0].clone(), Confidence::ONLY_OF_TYPE),
        // A generic `date` property is how the bundled properties date events.
        _ if ty == ValueType::Date && ws.properties.contains_key("date") => {
            ("date".into(), Confidence::GENERIC_DATE)
        }
        _ => (TODO.into(), Confidence::UNCHOSEN),
    }
}

/// The days a date reading may denote (both readings where it has two).
fn date_of(r: &Reading, published: Period) -> Option<Period> {
    if r.ty != ValueType::Date {
        return None;
    }
    let d = crate::value::parse_date(&r.value, Some(published), Default::default()).ok()?;
    Some(
        d.alternative
            .map_or(d.period, |a| Period::hull(d.period, a)),
    )
}

/// A value read in a sentence, before its property is chosen.
struct Reading {
    /// Byte range in the sentence.
    start: usize,
    end: usize,
    ty: ValueType,
    value: String,
    /// The subject's registry index, when chosen.
    subject: Option<usize>,
    /// How much the value and subject are trusted (see [`Confidence`]).
    confidence: f64,
    notes: Vec<String>,
    /// For a mention: its entity, and its type, which the property's `range` must admit.
    entity: Option<(usize, Option<String>)>,
    /// A word that is a number only where a cue says so ("once").
    needs_cue: bool,
    /// No registered entity is its subject ("an 8-year-old boy"): it stays `TODO`.
    no_subject: bool,
}

/// Words that say how often, not how many ("once a week", "twice elected").
const FREQUENCY_WORDS: &[&str] = &["once", "twice", "thrice"];

/// Every candidate claim of an article, by the declared cues.
pub fn extract(article: &str, published: Period, ws: &Workspace) -> Vec<Candidate> {
    extract_with(article, published, ws, &BTreeMap::new(), None)
}

/// Every candidate claim of an article, by the declared cues and `learned` ones, learning
/// nothing from the claims of the source `unseen` (the one the draft is compared with).
pub fn extract_with(
    article: &str,
    published: Period,
    ws: &Workspace,
    learned: &BTreeMap<String, Vec<Cue>>,
    unseen: Option<&str>,
) -> Vec<Candidate> {
    let finder = NameFinder::new(&ws.entities);
    let chooser = Chooser::new(ws, learned, unseen, published);
    let mut out = Vec::new();
    let spans = sentences(article);
    let all_words: Vec<Vec<Word>> = spans
        .iter()
        .map(|&(a, b)| scan::words(&article[a..b]))
        .collect();
    let all_names: Vec<Vec<Found<usize>>> = all_words.iter().map(|w| finder.find(w)).collect();
    let taught: Vec<descriptor::NamedSentence> = spans
        .iter()
        .zip(&all_words)
        .zip(&all_names)
        .map(|((&(a, b), w), n)| (&article[a..b], w.as_slice(), n.as_slice()))
        .collect();
    let is_person = |e: usize| ws.entities[e].kind.as_deref() == Some("person");
    let descriptors = descriptor::Descriptors::learn(&taught, is_person);
    let mut previous: Option<choose::Sentence> = None;
    for (i, ((&(s_start, s_end), words), names)) in
        spans.iter().zip(&all_words).zip(all_names).enumerate()
    {
        let sentence = &article[s_start..s_end];
        let described = descriptors.find(i, sentence, words, &names);
        // A descriptor ("the former president") is a mention of its person, but not a value of
        // its own: the entities a sentence names as values are those it names by name.
        let mut mentioned = names.clone();
        mentioned.extend(described.mentions);
        mentioned.sort_by_key(|m| (m.start, m.value));
        let readings = readings(sentence, words, &names, &mentioned, published, ws);
        let mut here = chooser.sentence(words, mentioned);
        here.unsure = described.unsure;
        for r in readings {
            let entity_kind = r.entity.as_ref().and_then(|(_, k)| k.as_deref());
            let guessed = guess_property(ws, r.ty, entity_kind, words, (r.start, r.end));
            let choice = chooser.choose(
                &here,
                previous.as_ref(),
                (r.start, r.end),
                r.ty,
                entity_kind,
                r.entity.as_ref().map(|(e, _)| *e),
                date_of(&r, published),
                r.subject,
                guessed,
            );
            if r.needs_cue && choice.confidence < Confidence::BY_PATTERN {
                continue;
            }
            let mut choice = choice;
            if r.no_subject {
                choice.subject = TODO.into();
                choice.notes.retain(|n| !n.starts_with("subject:"));
            }
            let mut notes = r.notes;
            notes.extend(choice.notes);
            out.push(Candidate {
                at: s_start + r.start,
                ty: r.ty,
                subject: choice.subject,
                property: choice.property,
                value: r.value,
                quote: collapse(&quote_around(sentence, r.start, r.end)),
                confidence: r.confidence * choice.confidence,
                notes,
            });
        }
        previous = Some(here);
    }
    out.sort_by_key(|c| c.at);
    one_claim_per_fact(&mut out, published);
    out
}

/// An article that repeats a fact ("a 25-year sentence" twice, "in 2017" then "on 24 December
/// 2017") makes one claim of it: of complete drafts with the same subject and property, a
/// repeated value is left out, and so is a year or month when a date inside it is drafted.
fn one_claim_per_fact(drafts: &mut Vec<Candidate>, published: Period) {
    let period = |c: &Candidate| {
        (c.ty == ValueType::Date)
            .then(|| crate::value::parse_date(&c.value, Some(published), Default::default()).ok())
            .flatten()
            .map(|d| d.period)
    };
    let complete = |c: &Candidate| c.subject != TODO && c.property != TODO;
    // The years and months a narrower date of the subject and property falls in.
    let mut inside: BTreeSet<(&str, &str, Period)> = BTreeSet::new();
    for c in drafts.iter().filter(|c| complete(c)) {
        if let Some(p) = period(c) {
            for wider in [Precision::Month, Precision::Year] {
                if p.precision < wider {
                    inside.insert((&c.subject, &c.property, p.widen(wider)));
                }
            }
        }
    }
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    let keep: Vec<bool> = drafts
        .iter()
        .map(|c| {
            if !complete(c) {
                return true;
            }
            let p = period(c);
            let key = p.map_or_else(|| c.value.clone(), |p| format!("{}..{}", p.start, p.end));
            let covers = p.is_some_and(|p| inside.contains(&(&c.subject, &c.property, p)));
            seen.insert((c.subject.clone(), c.property.clone(), key)) && !covers
        })
        .collect();
    let mut kept = keep.into_iter();
    drafts.retain(|_| kept.next().unwrap_or(true));
}

/// The values a sentence states: dates, money, lengths of time and ages, counts and mentions,
/// each read once (a number inside a date, an amount, a length or a time of day is not a
/// count of its own). `names` are the registered names of the sentence, `mentions` those and
/// the descriptors that stand for one.
fn readings(
    sentence: &str,
    words: &[Word],
    names: &[Found<usize>],
    mentions: &[Found<usize>],
    published: Period,
    ws: &Workspace,
) -> Vec<Reading> {
    let mut out = Vec::new();
    let is_person = |m: &Found<usize>| ws.entities[m.value].kind.as_deref() == Some("person");
    // The subject of a value: the registered entity named nearest before it.
    let nearest_before = |at: usize, person: bool| {
        mentions
            .iter()
            .rfind(|m| m.end <= at && (!person || is_person(m)))
            .map(|m| m.value)
    };
    let plain = |start: usize, end: usize, ty: ValueType, value: String| Reading {
        start,
        end,
        ty,
        value,
        subject: None,
        confidence: Confidence::PLAIN,
        notes: Vec::new(),
        entity: None,
        needs_cue: false,
        no_subject: false,
    };
    // "6:26 p.m." holds no count.
    let mut taken: Vec<(usize, usize)> = scan::times(sentence, words)
        .iter()
        .map(|t| (t.start, t.end))
        .collect();

    for (start, end, written) in dates_with_years(sentence, words, published) {
        out.push(plain(start, end, ValueType::Date, written));
        taken.push((start, end));
    }
    for m in scan::money(sentence, words) {
        out.push(plain(
            m.start,
            m.end,
            ValueType::Money,
            sentence[m.start..m.end].to_string(),
        ));
        taken.push((m.start, m.end));
    }
    for l in scan::spans(sentence, words) {
        taken.push((l.start, l.end));
        let r = match l.value {
            Length::Age(years) => age_reading(sentence, words, mentions, &l, years, ws),
            Length::Duration(d) => plain(l.start, l.end, ValueType::Duration, written_duration(d)),
        };
        out.push(r);
    }
    for n in scan::numbers(sentence, words) {
        let overlaps = taken.iter().any(|&(s, e)| n.start < e && s < n.end);
        let Some(value) = scan::whole(n.value).filter(|_| !overlaps) else {
            continue;
        };
        let written = sentence[n.start..n.end].to_lowercase();
        let mut r = plain(n.start, n.end, ValueType::Count, value.to_string());
        r.needs_cue = FREQUENCY_WORDS.contains(&written.as_str());
        if is_apposed_age(sentence, &n) {
            r.ty = ValueType::Age;
            r.subject = nearest_before(n.start, true);
            r.confidence *= Confidence::BY_PATTERN;
        } else {
            r.confidence *= Confidence::BARE_COUNT;
            if written == "one" {
                r.confidence *= Confidence::WORD_ONE;
            }
        }
        out.push(r);
    }
    let mut seen = BTreeSet::new();
    for m in names {
        if seen.insert(m.value) {
            let written = sentence[m.start..m.end].to_string();
            let written = written
                .strip_suffix("’s")
                .or_else(|| written.strip_suffix("'s"))
                .unwrap_or(&written)
                .to_string();
            let mut r = plain(m.start, m.end, ValueType::Entity, written);
            r.entity = Some((m.value, ws.entities[m.value].kind.clone()));
            out.push(r);
        }
    }
    out
}

/// An age read from "83-year-old" or "83 years old". A compound ("an 8-year-old boy") is the
/// age of what it modifies: of a registered person named right after it ("the 85-year-old
/// Alberto Fujimori") or right before it ("Fujimori, an 85-year-old former president"), and
/// of no one else; the subject of "83 years old" is chosen as for any value.
fn age_reading(
    sentence: &str,
    words: &[Word],
    mentions: &[Found<usize>],
    l: &Found<Length>,
    years: u32,
    ws: &Workspace,
) -> Reading {
    let is_person = |m: &&Found<usize>| ws.entities[m.value].kind.as_deref() == Some("person");
    let mut r = Reading {
        start: l.start,
        end: l.end,
        ty: ValueType::Age,
        value: years.to_string(),
        subject: None,
        confidence: Confidence::PLAIN,
        notes: Vec::new(),
        entity: None,
        needs_cue: false,
        no_subject: false,
    };
    let compound = sentence[l.start..l.end].contains('-');
    if !compound {
        return r;
    }
    let after = words.iter().position(|w| w.start >= l.end);
    // "the 85-year-old ex-leader": a descriptor of the person holds the compound.
    let named_after = after.and_then(|k| {
        mentions
            .iter()
            .filter(is_person)
            .find(|m| m.start == words[k].start || (m.start <= l.start && l.end < m.end))
    });
    // "Fujimori, an 85-year-old ...": the compound's article right after the name's comma.
    let before = sentence[..l.start].trim_end();
    let article = ["a", "an", "the"]
        .iter()
        .find(|a| {
            before.len() > a.len()
                && before[before.len() - a.len()..].eq_ignore_ascii_case(a)
                && before[..before.len() - a.len()].ends_with(|c: char| !c.is_alphanumeric())
        })
        .map(|a| before[..before.len() - a.len()].trim_end());
    let named_before = article
        .and_then(|b| b.strip_suffix(','))
        .map(str::trim_end)
        .and_then(|b| mentions.iter().filter(is_person).find(|m| m.end == b.len()));
    match named_after.or(named_before) {
        Some(m) => {
            r.subject = Some(m.value);
            r.confidence *= Confidence::BY_PATTERN;
        }
        None => {
            let what = after.map_or("", |k| words[k].text);
            r.notes.push(format!(
                "subject: the age of the {what} it describes, not of a registered person named next to it"
            ));
            r.confidence *= Confidence::UNCHOSEN;
            r.no_subject = true;
        }
    }
    r
}

/// The dates of a sentence as (start, end, value as written). A date without a year whose
/// clause names the year ("on Christmas Eve back in 2017", "In 2017, on Christmas Eve") takes
/// it, and the year is not drafted again on its own.
fn dates_with_years(
    sentence: &str,
    words: &[Word],
    published: Period,
) -> Vec<(usize, usize, String)> {
    let found = scan::dates(sentence, words, published);
    let written: Vec<String> = found
        .iter()
        .map(|d| strip_preposition(&collapse(&sentence[d.start..d.end]), published))
        .collect();
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let has_year = |w: &str| scan::words(w).iter().any(|x| is_year(x.text));
    // Years taken by a date, and dates given one.
    let mut used = vec![false; found.len()];
    let mut dated_here = vec![false; found.len()];
    let mut out = Vec::new();
    for (i, d) in found.iter().enumerate() {
        if has_year(&written[i]) {
            continue;
        }
        // The nearest bare year in the same clause, a few words away: at most three words
        // apart, so at most four dates away (dates are in order, each a word or more), which
        // keeps a sentence of a thousand dates linear.
        let year = (i.saturating_sub(4)..(i + 5).min(found.len()))
            .filter(|&k| k != i && !used[k] && is_year(&written[k]))
            .find(|&k| {
                let (a, b) = if k < i {
                    (found[k].end, d.start)
                } else {
                    (d.end, found[k].start)
                };
                let gap = &sentence[a..b];
                !gap.contains(['.', ';', '(', ')']) && scan::words(gap).len() <= 3
            });
        if let Some(k) = year {
            let dated = format!("{} {}", written[i], written[k]);
            if crate::value::parse_date(&dated, Some(published), Default::default()).is_ok() {
                used[k] = true;
                dated_here[i] = true;
                out.push((d.start.min(found[k].start), d.end.max(found[k].end), dated));
            }
        }
    }
    for (i, d) in found.iter().enumerate() {
        if !used[i] && !dated_here[i] {
            out.push((d.start, d.end, written[i].clone()));
        }
    }
    out.sort_by_key(|o| o.0);
    out
}

/// "Fujimori, 85, was jailed": a number between commas right after a name is an age.
fn is_apposed_age(sentence: &str, n: &Found<f64>) -> bool {
    let before = sentence[..n.start].trim_end();
    let after = sentence[n.end..].trim_start();
    n.value > 0.0
        && n.value <= 120.0
        && before.ends_with(',')
        && after.starts_with(',')
        && before[..before.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
}

/// "on Friday" → "Friday", "in 2005" → "2005", when the rest reads as the same date.
fn strip_preposition(phrase: &str, anchor: Period) -> String {
    for p in ["on ", "On ", "in ", "In "] {
        if let Some(rest) = phrase.strip_prefix(p)
            && crate::value::parse_date(rest, Some(anchor), Default::default()).is_ok()
        {
            return rest.to_string();
        }
    }
    phrase.to_string()
}

/// A length of time in the one unit the article used, in a form the loader reads.
fn written_duration(d: Duration) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match (d.months, d.days) {
        (m, 0) if m % 12 == 0 => plural(m / 12, "year"),
        (m, 0) => plural(m, "month"),
        (_, days) if days % 7 == 0 => plural(days / 7, "week"),
        (_, days) => plural(days, "day"),
    }
}

#[derive(Serialize)]
struct FileDoc<'a> {
    source: SourceDoc<'a>,
    claims: Vec<ClaimDoc<'a>>,
}

#[derive(Serialize)]
struct SourceDoc<'a> {
    id: &'a str,
    outlet: &'a str,
    published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct ClaimDoc<'a> {
    id: String,
    subject: &'a str,
    property: &'a str,
    value: ValueDoc<'a>,
    quote: &'a str,
}

/// Counts and ages as YAML numbers, everything else as text.
#[derive(Serialize)]
#[serde(untagged)]
enum ValueDoc<'a> {
    Whole(u64),
    Text(&'a str),
}

fn kind_word(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Entity => "mention",
        other => other.name(),
    }
}

/// The source id a draft takes from its article's file name: the name without its extension,
/// each character other than a letter, digit, `-`, `_` or `.` made `-`, so that whatever the
/// name holds (line breaks, control characters, quote marks) the id is a plain word that loads
/// and names `<id>.txt` in `--articles`.
pub fn id_from_file_name(article: &std::path::Path) -> String {
    let stem = article
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let mut id = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        };
        if !(c == '-' && id.ends_with('-')) {
            id.push(c);
        }
    }
    let id = id.trim_matches(['-', '.']);
    if id.is_empty() {
        "article".into()
    } else {
        id.into()
    }
}

/// A name as a YAML comment shows it: what would end the comment or is not allowed in a YAML
/// file (line breaks, control characters, U+FFFE, U+FFFF) is shown as U+FFFD.
fn comment_text(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}') {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// The drafted claims file: a header that says what it is, then the source and its claims.
pub fn to_yaml(
    draft: &Draft,
    article_name: &str,
    candidates: &[Candidate],
) -> Result<String, WriteError> {
    let claims = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| ClaimDoc {
            id: format!("{}-{}", kind_word(c.ty), i + 1),
            subject: &c.subject,
            property: &c.property,
            value: match c.ty {
                ValueType::Count | ValueType::Age => c
                    .value
                    .parse()
                    .map_or(ValueDoc::Text(&c.value), ValueDoc::Whole),
                _ => ValueDoc::Text(&c.value),
            },
            quote: &c.quote,
        })
        .collect();
    let doc = FileDoc {
        source: SourceDoc {
            id: &draft.id,
            outlet: draft.outlet.as_deref().unwrap_or(TODO),
            published: draft.published.to_string(),
            text: draft.text.as_deref(),
        },
        claims,
    };
    let todo = candidates
        .iter()
        .filter(|c| c.subject == TODO || c.property == TODO)
        .count();
    let body = with_comments(write::to_yaml("draft", &doc)?, candidates);
    Ok(format!(
        "# Drafted by `crosscheck extract` from {}: {} candidate claims, {todo} with a TODO.\n\
         # Read each against the article: correct the subject and property (TODO where no guess was\n\
         # made), keep the value as the article states it, and delete what is not a claim. Until\n\
         # its TODOs are filled in, a claim is a draft: only the `drafts` rule reports it.\n{body}",
        comment_text(article_name),
        candidates.len()
    ))
}

/// The draft with each claim's confidence and notes as comments above it. serde_yaml starts
/// each item of the top-level `claims:` list with `- id: ` at the start of a line, and no
/// value can (values are one line, or indented); should the count differ, the comments are
/// left out rather than put above the wrong claim.
fn with_comments(body: String, candidates: &[Candidate]) -> String {
    let starts = body.lines().filter(|l| l.starts_with("- id: ")).count();
    if starts != candidates.len() {
        return body;
    }
    let mut out = String::with_capacity(body.len() + candidates.len() * 24);
    let mut next = candidates.iter();
    for line in body.split_inclusive('\n') {
        if line.starts_with("- id: ")
            && let Some(c) = next.next()
        {
            out.push_str(&format!("# confidence: {:.2}\n", c.confidence));
            for note in &c.notes {
                out.push_str(&format!("# {}\n", comment_text(note)));
            }
        }
        out.push_str(line);
    }
    out
}

/// How many hand-written claims of a source the candidates propose: the same value (read as
/// the claim's property reads it) with a quote that overlaps the claim's.
#[derive(Debug, Clone, PartialEq)]
pub struct Recall {
    /// Claims with a complete draft: the same subject, property and value.
    pub complete: usize,
    /// Complete drafts (no `TODO`), and those that match no claim.
    pub drafted_complete: usize,
    pub unmatched_complete: usize,
    pub proposed: usize,
    pub total: usize,
    /// The claims not proposed: (claim id, value as written).
    pub missed: Vec<(String, String)>,
}

/// Holds the candidates against the claims of the source `source_id` in `ws`.
pub fn recall(ws: &Workspace, source_id: &str, candidates: &[Candidate]) -> Recall {
    let analysis = crate::rules::analyse(ws, &mut Timings::default());
    let ctx = analysis.of(ws);
    let mut result = Recall {
        complete: 0,
        drafted_complete: 0,
        unmatched_complete: 0,
        proposed: 0,
        total: 0,
        missed: Vec::new(),
    };
    let Some(source) = ws.sources.iter().position(|s| s.id == source_id) else {
        return result;
    };
    let claims: Vec<&Claim> = ws.claims.iter().filter(|c| c.source == source).collect();
    let complete = |claim: &Claim, cand: &Candidate| {
        cand.subject == claim.subject.value
            && cand.property == claim.property.value
            && proposes(&ctx, claim, cand)
    };
    for cand in candidates
        .iter()
        .filter(|c| c.subject != TODO && c.property != TODO)
    {
        result.drafted_complete += 1;
        if !claims.iter().any(|claim| complete(claim, cand)) {
            result.unmatched_complete += 1;
        }
    }
    for claim in claims {
        result.total += 1;
        if candidates.iter().any(|cand| complete(claim, cand)) {
            result.complete += 1;
        }
        if candidates.iter().any(|cand| proposes(&ctx, claim, cand)) {
            result.proposed += 1;
        } else {
            result
                .missed
                .push((claim.id.to_string(), claim.written.to_string()));
        }
    }
    result
}

fn proposes(ctx: &Context, claim: &Claim, cand: &Candidate) -> bool {
    let Some(quote) = &claim.quote else {
        return false;
    };
    if !quotes_overlap(&quote.value, &cand.quote) {
        return false;
    }
    let Some(property) = ctx.ws.property(&claim.property.value) else {
        return false;
    };
    let span = Span {
        file: FileId(0),
        line: 0,
        column: 0,
        offset: 0,
        len: 0,
    };
    let raw = RawValue::Scalar(Spanned {
        value: cand.value.clone(),
        span,
    });
    let spec = ValueSpec {
        ty: property.ty,
        many: false,
        as_of: Some(claim.as_of),
        date: crate::value::DateReading {
            future: property.future,
            language: None,
        },
    };
    let Ok(value) = Value::parse(&raw, spec) else {
        return false;
    };
    let key = |m: &str| match property.ty {
        ValueType::Text => property.text_key(m),
        _ => ctx.names.key(m),
    };
    let agrees = |v: &Value| match (v, &value) {
        (Value::Entity(a), Value::Entity(b)) => key(a) == key(b),
        _ => v.agrees(&value, &property.tolerance, &key),
    };
    match &claim.value {
        Value::Set(items) => items.iter().any(agrees),
        one => agrees(one),
    }
}

/// One quote holds the other, or most of the hand-written one's words are in the candidate's.
fn quotes_overlap(hand: &str, candidate: &str) -> bool {
    let (h, c) = (fold_text(hand), fold_text(candidate));
    if h.contains(&c) || c.contains(&h) {
        return true;
    }
    let hw: BTreeSet<&str> = h.split(' ').collect();
    let cw: BTreeSet<&str> = c.split(' ').collect();
    hw.intersection(&cw).count() * 10 >= hw.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_id_from_any_file_name_is_a_plain_word() {
        let id = |name: &str| id_from_file_name(std::path::Path::new(name));
        assert_eq!(id("articles/andes-ledger.txt"), "andes-ledger");
        assert_eq!(id("Andes Ledger (2).txt"), "Andes-Ledger-2");
        assert_eq!(id("a\nb: \u{1b}[2J#c.txt"), "a-b-2J-c");
        assert_eq!(id("...txt"), "article");
        assert_eq!(id("/"), "article");
        assert_eq!(id("Pérez.txt"), "Pérez");
    }

    #[test]
    fn a_file_name_in_the_draft_header_cannot_end_the_comment() {
        assert_eq!(
            comment_text("a\nb\r\u{1b}\u{85}\u{2028}c"),
            "a\u{fffd}b\u{fffd}\u{fffd}\u{fffd}\u{fffd}c"
        );
    }

    #[test]
    fn sentences_end_at_full_stops_before_capitals_and_at_line_breaks() {
        let t = "He owes $13.6 million. It was 2.5\ntimes more.\n\nA new line! \"Quoted.\" end";
        let s: Vec<&str> = sentences(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            [
                "He owes $13.6 million.",
                "It was 2.5\ntimes more.",
                "A new line!",
                "\"Quoted.\" end"
            ]
        );
    }

    #[test]
    fn durations_are_written_in_the_unit_the_article_used() {
        assert_eq!(
            written_duration(Duration::parse("18 months").unwrap()),
            "18 months"
        );
        assert_eq!(
            written_duration(Duration::parse("25 years").unwrap()),
            "25 years"
        );
        assert_eq!(
            written_duration(Duration::parse("1 week").unwrap()),
            "1 week"
        );
    }
}
