//! Drafting claims from an article: `crosscheck extract` reads the article's ages ("Fujimori,
//! 83,"), lengths of time, dates (absolute, and relative ones as the article wrote them),
//! counts, amounts of money and mentions of registered entities, and proposes each as a claim
//! with its sentence as the quote. Where it cannot tell whose fact it is or which property it
//! states, it writes `TODO`, which the `drafts` rule reports until an editor fills it in.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::Context;
use crate::model::{Claim, TODO, Workspace};
use crate::scan::{self, Found, Length, NameFinder, Word};
use crate::span::{FileId, Span, Spanned};
use crate::timings::Timings;
use crate::value::date::Period;
use crate::value::duration::Duration;
use crate::value::text::fold_text;
use crate::value::{Value, ValueSpec, ValueType};
use crate::write::{self, WriteError};
use crate::yaml::RawValue;

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
/// followed by white space and a capital letter or an opening quote mark, or at a blank line
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
                let next = rest.find(|c| !c.is_whitespace());
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

/// The declared property of type `ty` whose name the sentence echoes best, or the only one
/// of that type; `TODO` when that is not one property. An entity value only fits properties
/// whose `range` admits its type.
fn guess_property(
    ws: &Workspace,
    ty: ValueType,
    entity_kind: Option<&str>,
    sentence_words: &[Word],
) -> String {
    let stems: BTreeSet<String> = sentence_words
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
    match scored.iter().next_back() {
        Some((score, names)) if *score > 0 && names.len() == 1 => names[0].clone(),
        _ if of_type.len() == 1 => of_type[0].clone(),
        // A generic `date` property is how the bundled properties date events.
        _ if ty == ValueType::Date && ws.properties.contains_key("date") => "date".into(),
        _ => TODO.into(),
    }
}

/// Every candidate claim of an article.
pub fn extract(article: &str, published: Period, ws: &Workspace) -> Vec<Candidate> {
    let finder = NameFinder::new(&ws.entities);
    let mut out = Vec::new();
    for (s_start, s_end) in sentences(article) {
        let sentence = &article[s_start..s_end];
        let words = scan::words(sentence);
        let mentions = finder.find(&words);
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let propose = |out: &mut Vec<Candidate>,
                       found: (usize, usize),
                       ty: ValueType,
                       subject: String,
                       value: String,
                       entity_kind: Option<&str>| {
            out.push(Candidate {
                at: s_start + found.0,
                ty,
                subject,
                property: guess_property(ws, ty, entity_kind, &words),
                value,
                quote: collapse(&quote_around(sentence, found.0, found.1)),
            });
        };
        // The subject of a value: the registered entity named nearest before it.
        let subject_before = |at: usize, person: bool| {
            mentions
                .iter()
                .rfind(|m| {
                    m.end <= at
                        && (!person || ws.entities[m.value].kind.as_deref() == Some("person"))
                })
                .map_or_else(|| TODO.to_string(), |m| ws.entities[m.value].id.clone())
        };

        for d in scan::dates(sentence, &words, published) {
            let written = strip_preposition(&collapse(&sentence[d.start..d.end]), published);
            propose(
                &mut out,
                (d.start, d.end),
                ValueType::Date,
                TODO.into(),
                written,
                None,
            );
            taken.push((d.start, d.end));
        }
        for m in scan::money(sentence, &words) {
            let subject = subject_before(m.start, false);
            let written = sentence[m.start..m.end].to_string();
            propose(
                &mut out,
                (m.start, m.end),
                ValueType::Money,
                subject,
                written,
                None,
            );
            taken.push((m.start, m.end));
        }
        for l in scan::spans(sentence, &words) {
            let subject = subject_before(l.start, true);
            let (ty, value) = match l.value {
                Length::Age(years) => (ValueType::Age, years.to_string()),
                Length::Duration(d) => (ValueType::Duration, written_duration(d)),
            };
            propose(&mut out, (l.start, l.end), ty, subject, value, None);
            taken.push((l.start, l.end));
        }
        for n in scan::numbers(sentence, &words) {
            let overlaps = taken.iter().any(|&(s, e)| n.start < e && s < n.end);
            let Some(value) = scan::whole(n.value).filter(|_| !overlaps) else {
                continue;
            };
            let value = value.to_string();
            if is_apposed_age(sentence, &n) {
                let subject = subject_before(n.start, true);
                propose(
                    &mut out,
                    (n.start, n.end),
                    ValueType::Age,
                    subject,
                    value,
                    None,
                );
            } else {
                let subject = subject_before(n.start, false);
                propose(
                    &mut out,
                    (n.start, n.end),
                    ValueType::Count,
                    subject,
                    value,
                    None,
                );
            }
        }
        let mut seen = BTreeSet::new();
        for m in &mentions {
            if seen.insert(m.value) {
                let written = sentence[m.start..m.end].to_string();
                let written = written
                    .strip_suffix("’s")
                    .or_else(|| written.strip_suffix("'s"))
                    .unwrap_or(&written)
                    .to_string();
                let kind = ws.entities[m.value].kind.as_deref();
                propose(
                    &mut out,
                    (m.start, m.end),
                    ValueType::Entity,
                    TODO.into(),
                    written,
                    kind,
                );
            }
        }
    }
    out.sort_by_key(|c| c.at);
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
    let body = write::to_yaml("draft", &doc)?;
    Ok(format!(
        "# Drafted by `crosscheck extract` from {}: {} candidate claims, {todo} with a TODO.\n\
         # Read each against the article: correct the subject and property (TODO where no guess was\n\
         # made), keep the value as the article states it, and delete what is not a claim. Until\n\
         # its TODOs are filled in, a claim is a draft: only the `drafts` rule reports it.\n{body}",
        comment_text(article_name),
        candidates.len()
    ))
}

/// How many hand-written claims of a source the candidates propose: the same value (read as
/// the claim's property reads it) with a quote that overlaps the claim's.
#[derive(Debug, Clone, PartialEq)]
pub struct Recall {
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
        proposed: 0,
        total: 0,
        missed: Vec::new(),
    };
    let Some(source) = ws.sources.iter().position(|s| s.id == source_id) else {
        return result;
    };
    for claim in ws.claims.iter().filter(|c| c.source == source) {
        result.total += 1;
        if candidates.iter().any(|cand| proposes(&ctx, claim, cand)) {
            result.proposed += 1;
        } else {
            result
                .missed
                .push((claim.id.clone(), claim.written.clone()));
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
