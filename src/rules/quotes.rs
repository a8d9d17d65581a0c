//! # quotes
//!
//! **What it checks.** Every claim carries a `quote`: the source's own words that state it
//! (`quote-missing`). Where the article's text is at hand (the source's `text:` path, or
//! `check --articles DIR` with a `<source-id>.txt` per source), the quote must occur in it
//! (`quote-not-found`): line breaks, runs of spaces, curly and straight quote marks, dashes and
//! letter case are folded, and an ellipsis (`...`, `…`) or a bracketed insertion (`[his]`)
//! stands for words left out. When a quote is not there, the finding shows the closest passage
//! of the article and an inline diff of quote against passage: looked for where quote ×
//! article is at most 50,000,000 cells (characters of one times characters of the other), and
//! within 200,000,000 cells for the run, past which the note says it was not searched. Finding
//! quotes in their articles may go over 200,000,000 characters of article plus 100 per
//! character of the articles in a run; quotes past that are not searched, and the run reports
//! one `check::budget` error (exit code 2). Both budgets are shared evenly by the `quotes`
//! rules and granted in claim order, so a run always stops at the same quote. And the claim's
//! value must be
//! readable in its quote (`quote-mismatch`): numbers in digits or words ("nine students",
//! "twice", "a dozen", several counts that add up: "nine students and a professor" is 10),
//! ages ("Fujimori, 83,"), durations ("25-year sentence"), money ("$13.6 million"), dates
//! written absolutely or as the article wrote them ("on Friday", read from the claim's
//! `as_of`), times of day ("1:28 a.m.", "6 p.m.", "13:28", "noon"; the clock as written,
//! within the property's `tolerance` in minutes), entities by their registered name or any
//! alias, text word for word. Yes/no values are not read from quotes.
//!
//! **Values as news writes them.** A count is also read from an ordinal between a determiner
//! and the noun it counts: "a third victim" is 3, "the 12th body" 12, "a third confirmed
//! death" 3. An ordinal before "of", a time, a rank or no noun ("a third of the victims", "the
//! second time", "on the third day", "the second-largest") counts nothing, and "first" never
//! counts ("first reported"; a count of one is read from "a" or "one"). "Twice" is read as 2,
//! for a property that counts times. A hedged length of time allows one unit in the hedge's
//! direction: "over 17 years" and "more than 17 years" are 17 to 18 years, "nearly 30"
//! and "almost 30" 29 to 30, "about 10" 9 to 11 ("a decade" is a unit of ten years); "17
//! years ago" unhedged is 17 years. Read with "ago", that is a duration for a `duration` claim and the days that far before the claim's
//! `as_of` for a `date` claim: "over 17 years ago" in an article of 2026-03-27 is any day from
//! 2008-03-27 to 2009-03-27, so a claim of 2008 is read in it and one of 2015 is not. Quotes and articles are compared in Unicode NFC, so an accent
//! typed as a letter and a combining mark matches the accented letter.
//!
//! **Languages.** A source's `language:` (BCP 47, default `en`) says how its quotes are read:
//! in Spanish numbers in words ("veinticinco"), months, weekdays, durations ("25 años"), ages
//! and dates ("el 24 de diciembre de 2017") are read as in English; in Danish, Dutch, French,
//! German, Italian and Portuguese counts and ages (numbers in words through text2num); in any
//! other language nothing. A value of a kind not read in the source's language (and, outside
//! English, a text or entity value, whose wording a translation may change) is never a
//! `quote-mismatch`: when it is not found, one `quote-unread` info per source lists the claims
//! whose values were not read, to check by eye.
//!
//! **Why it matters to an editor.** A claim is only as good as its quote. A quote that is not
//! in the article was mistyped or paraphrased, and a value that is not in its quote was
//! misread or worked out — either way the next editor cannot trust it without going back to
//! the text.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: quoted
//!     kind: quotes
//!     severity: warning
//! ```
//! Finding (`quote-mismatch`, warning): *The quote of claim victims (Latin Times,
//! 2022-04-08) does not state its value 12* — note: *numbers in the quote: 9 and 1*.
//!
//! Finding (`quote-not-found`, warning): *The quote of claim age (Bloomberg, 2023-12-06) is
//! not in the article articles/bloomberg.txt* — notes: *closest passage (line 3): "Fujimori,
//! 85, was jailed in 2005"*, *difference: Fujimori, 8[-3-]{+5+}, was jailed in 2005*.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::budget::{self, Budget};
use crate::finding::join_and;
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{ClaimIdx, Rule, Severity, SourceIdx};
use crate::names::inline_diff;
use crate::passage::{self, Folded, closest, locate};
use crate::scan::{self, Length, NameFinder, Word, WordText};
use crate::value::date::Precision;
use crate::value::{Tolerance, Value};
use crate::yaml::Fields;

/// The `quotes` rule kind.
pub struct Quotes;

pub const QUOTE_MISSING: Code = Code(&CodeInfo {
    kind: Quotes::NAME,
    name: "quote-missing",
    meaning: "a claim has no quote",
});

pub const QUOTE_NOT_FOUND: Code = Code(&CodeInfo {
    kind: Quotes::NAME,
    name: "quote-not-found",
    meaning: "a quote is not in the source's text",
});

pub const QUOTE_MISMATCH: Code = Code(&CodeInfo {
    kind: Quotes::NAME,
    name: "quote-mismatch",
    meaning: "the value cannot be read in its quote",
});

pub const QUOTE_UNREAD: Code = Code(&CodeInfo {
    kind: Quotes::NAME,
    name: "quote-unread",
    meaning: "a source's text could not be read to find its quotes",
});

impl Kind for Quotes {
    type Settings = NoSettings;
    const NAME: &str = "quotes";
    const CODES: &[Code] = &[QUOTE_MISSING, QUOTE_NOT_FOUND, QUOTE_MISMATCH, QUOTE_UNREAD];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = kind_doc!("quotes.rs");

    fn read(_r: &mut crate::yaml::Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

/// Below this similarity the closest passage is not worth showing.
const MIN_PASSAGE_SIMILARITY: f64 = 0.5;

/// What becomes of a quote's closest passage, when the quote is not in its article.
#[derive(Debug, Clone, Copy)]
enum Passage {
    Search,
    /// Quote × article is more than one search may take: this many cells.
    TooLong(u64),
    /// The rule's share of the run's cells for closest passages was spent.
    OverBudget,
}

/// The quote of a claim, if it has one that says something.
fn quote_of(claim: &crate::model::Claim) -> Option<&str> {
    claim
        .quote
        .as_ref()
        .map(|q| q.value.as_str())
        .filter(|q| !q.trim().is_empty())
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    // Each article is folded once; claims are then checked on every core, and their findings
    // kept in slot order so that the output does not depend on scheduling.
    let articles: HashMap<SourceIdx, Folded> = ctx
        .ws
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.article.as_ref().map(|a| (i, Folded::new(&a.text))))
        .collect();
    let finder = NameFinder::new(&ctx.ws.entities);
    let claims: Vec<(&str, &str, ClaimIdx)> = ctx
        .slots_for(rule)
        .flat_map(|((s, p), claims)| claims.iter().map(move |&c| (s.as_str(), p.as_str(), c)))
        .collect();
    // Finding a quote goes over its article once. The searches are granted in slot order from
    // the rule's share of the run's budget before any runs, so that where it ends is the same
    // in every run; a quote past it is not searched, and the run says so once.
    let mut scan_left = ctx.budgets.quote_scan_share();
    let mut unsearched = false;
    let searched: Vec<Option<&Folded>> = claims
        .iter()
        .map(|&(_, _, c)| {
            let claim = ctx.claim(c);
            let article = articles
                .get(&claim.source)
                .filter(|_| quote_of(claim).is_some())?;
            let cost = article.chars() as u64;
            if cost > scan_left {
                unsearched = true;
                return None;
            }
            scan_left -= cost;
            Some(article)
        })
        .collect();
    if unsearched {
        ctx.budgets.ran_out(Budget::QuoteScan, rule);
    }
    let not_found: Vec<Option<u64>> = claims
        .par_iter()
        .zip(&searched)
        .map(|(&(_, _, c), article)| {
            let (article, quote) = ((*article)?, quote_of(ctx.claim(c))?);
            locate(article, quote)
                .is_none()
                .then(|| passage::cells(article, quote))
        })
        .collect();
    // Closest passages are granted the same way, from the rule's share of their cells.
    let mut cells_left = ctx.budgets.passage_share();
    let passages: Vec<Option<Passage>> = not_found
        .iter()
        .map(|cells| {
            Some(match (*cells)? {
                cells if cells > passage::MAX_CELLS => Passage::TooLong(cells),
                cells if cells > cells_left => Passage::OverBudget,
                cells => {
                    cells_left -= cells;
                    Passage::Search
                }
            })
        })
        .collect();
    let found: Vec<(Vec<Finding>, bool)> = claims
        .par_iter()
        .zip(&passages)
        .map(|(&(subject, property, c), passage)| {
            let mut out = Vec::new();
            let unread = check_claim(
                rule,
                ctx,
                (&articles, *passage),
                &finder,
                (subject, property),
                c,
                &mut out,
            );
            (out, unread)
        })
        .collect();
    let mut unread: BTreeMap<&str, Vec<ClaimIdx>> = BTreeMap::new();
    for ((found, was_unread), &(_, _, c)) in found.into_iter().zip(&claims) {
        out.extend(found);
        if was_unread {
            let source = ctx.ws.source_of(ctx.claim(c));
            unread.entry(source.id.as_str()).or_default().push(c);
        }
    }
    out.extend(
        unread
            .into_values()
            .map(|claims| unread_finding(rule, ctx, &claims)),
    );
}

/// One `quote-unread` info for the claims of one source whose values were not read.
fn unread_finding(rule: &Rule, ctx: &Context, claims: &[ClaimIdx]) -> Finding {
    let mut evidence: Vec<_> = claims.iter().map(|&c| (ctx.evidence(c), c)).collect();
    evidence.sort_by(|(a, _), (b, _)| {
        (&a.file, a.span.line, a.span.column).cmp(&(&b.file, b.span.line, b.span.column))
    });
    let (evidence, claims): (Vec<_>, Vec<_>) = evidence.into_iter().unzip();
    let source = ctx.ws.source_of(ctx.claim(claims[0]));
    let ids = join_and(
        claims
            .iter()
            .map(|&c| format!("`{}`", ctx.claim(c).id))
            .collect(),
    );
    let mut f = finding(
        rule,
        QUOTE_UNREAD,
        "",
        None,
        format!(
            "Values of {} were not read in their quotes, which are in `{}`",
            source.label(),
            source.language
        ),
    );
    f.subject = None;
    f.severity = Severity::Info;
    f.notes.push(format!(
        "in `{}` crosscheck reads {} in quotes; check by eye: {ids}",
        source.language,
        source.language.what_is_read()
    ));
    f.evidence = evidence;
    f
}

/// Checks one claim's quote; true when its value was not read in the quote's language.
fn check_claim(
    rule: &Rule,
    ctx: &Context,
    (articles, passage): (&HashMap<SourceIdx, Folded>, Option<Passage>),
    finder: &NameFinder,
    (subject, property): (&str, &str),
    c: ClaimIdx,
    out: &mut Vec<Finding>,
) -> bool {
    let claim = ctx.claim(c);
    let source = ctx.ws.source_of(claim);
    let Some(quote) = claim.quote.as_ref().filter(|q| !q.value.trim().is_empty()) else {
        let mut f = finding(
            rule,
            QUOTE_MISSING,
            subject,
            Some(property),
            format!("Claim {} ({}) has no quote", claim.id, source.label()),
        );
        f.help.get_or_insert_with(|| {
            "add `quote:` with the article's own words that state the value".into()
        });
        f.evidence = vec![ctx.evidence(c)];
        out.push(f);
        return false;
    };
    if let (Some(article), Some(passage)) = (&source.article, passage) {
        let folded = &articles[&claim.source];
        let mut f = finding(
            rule,
            QUOTE_NOT_FOUND,
            subject,
            Some(property),
            format!(
                "The quote of claim {} ({}) is not in the article {}",
                claim.id,
                source.label(),
                article.path
            ),
        );
        f.notes
            .extend(passage_notes(folded, &article.text, &quote.value, passage));
        f.help.get_or_insert_with(|| {
            "copy the words from the article exactly; mark words left out with `...`".into()
        });
        f.evidence = vec![quote_evidence(ctx, c)];
        out.push(f);
    }
    let contains = match read(ctx, c, subject, property, finder) {
        Reading::Read => return false,
        Reading::Unread => return true,
        Reading::Mismatch(contains) => contains,
    };
    {
        let mut f = finding(
            rule,
            QUOTE_MISMATCH,
            subject,
            Some(property),
            format!(
                "The quote of claim {} ({}) does not state its value {}",
                claim.id,
                source.label(),
                claim.written
            ),
        );
        f.notes.push(contains);
        f.help.get_or_insert_with(|| {
            "quote the words that state the value, or correct the value".into()
        });
        f.evidence = vec![ctx.evidence(c)];
        out.push(f);
    }
    false
}

/// The claim's quote as evidence: where it is in the claims file.
fn quote_evidence(ctx: &Context, c: ClaimIdx) -> crate::finding::Evidence {
    let claim = ctx.claim(c);
    let mut e = ctx.evidence(c);
    if let Some(q) = &claim.quote {
        e.span = q.span;
        e.label = format!("{}: the quote", ctx.ws.source_of(claim).label());
    }
    e
}

/// The closest passage of the article and how the quote differs from it.
fn passage_notes(folded: &Folded, article: &str, quote: &str, passage: Passage) -> Vec<String> {
    let not_searched = match passage {
        Passage::Search => None,
        Passage::TooLong(cells) => Some(format!(
            "the closest passage was not searched: quote and article make {cells} cells \
             (characters of one times characters of the other), more than the {} one search \
             may take",
            passage::MAX_CELLS
        )),
        Passage::OverBudget => Some(format!(
            "the closest passage was not searched: the run's {} cells for closest passages \
             were spent on the quotes before this one",
            budget::PASSAGE_CELLS
        )),
    };
    if let Some(note) = not_searched {
        return vec![note];
    }
    match closest(folded, article, quote) {
        Some(p) if p.similarity >= MIN_PASSAGE_SIMILARITY => {
            let passage = collapse(&article[p.start..p.end]);
            let line = article[..p.start].matches('\n').count() + 1;
            vec![
                format!("closest passage (line {line}): \"{passage}\""),
                format!("difference: {}", inline_diff(&collapse(quote), &passage)),
            ]
        }
        _ => vec!["no passage of the article is close to it".into()],
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What reading a claim's value in its quote gave.
enum Reading {
    /// Found, or a yes/no value or no quote: nothing to say.
    Read,
    /// Not found, and of a kind not read in the quote's language.
    Unread,
    /// Not found: what the quote holds of that kind of value, for the finding's note.
    Mismatch(String),
}

fn read(ctx: &Context, c: ClaimIdx, subject: &str, property: &str, finder: &NameFinder) -> Reading {
    let claim = ctx.claim(c);
    let Some(quote) = &claim.quote else {
        return Reading::Read;
    };
    let language = &ctx.ws.source_of(claim).language;
    let quote = language.readable(&quote.value);
    let quote = &*quote;
    let ws = scan::words(quote);
    let tolerance = ctx
        .ws
        .property(property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    let reader = Reader {
        ctx,
        finder,
        quote,
        folded: std::cell::OnceCell::new(),
        written: &claim.written,
        ws: &ws,
        subject,
        property,
        tolerance,
        as_of: claim.as_of,
    };
    let items = match &claim.value {
        Value::Set(items) => items.iter().collect(),
        one => vec![one],
    };
    let (missing, unread): (Vec<&Value>, Vec<&Value>) = items
        .into_iter()
        .filter(|v| !reader.reads(v))
        .partition(|v| language.reads(v));
    match (missing.first(), unread.is_empty()) {
        (Some(first), _) => Reading::Mismatch(reader.contents(first)),
        (None, false) => Reading::Unread,
        (None, true) => Reading::Read,
    }
}

struct Reader<'a> {
    ctx: &'a Context<'a>,
    finder: &'a NameFinder,
    quote: &'a str,
    /// The quote folded for whole-word search, when a value needs it (numbers do not).
    folded: std::cell::OnceCell<WordText>,
    /// The claim's value as written.
    written: &'a str,
    ws: &'a [Word<'a>],
    subject: &'a str,
    property: &'a str,
    tolerance: Tolerance,
    as_of: crate::value::date::Period,
}

impl Reader<'_> {
    fn folded(&self) -> &WordText {
        self.folded.get_or_init(|| WordText::of_words(self.ws))
    }

    fn reads(&self, value: &Value) -> bool {
        match value {
            // A term is read in the quote in any of its wordings.
            Value::Text(t) => {
                self.folded().mentions(t)
                    || self
                        .ctx
                        .ws
                        .property(self.property)
                        .and_then(|p| p.terms.as_ref())
                        .is_some_and(|v| v.wordings_of(t).any(|w| self.folded().mentions(w)))
            }
            Value::Entity(m) => {
                let key = self.ctx.entity_key(self.subject, self.property)(m);
                self.folded().mentions(m)
                    || self
                        .finder
                        .folded_names(&key)
                        .iter()
                        .any(|n| self.folded().mentions_folded(n))
            }
            // "a third victim" states a count of three.
            Value::Count(n) => {
                self.reads_number(*n as f64)
                    || scan::ordinal_counts(self.ws).iter().any(|f| f.value == *n)
            }
            Value::Age { years, .. } => self.reads_number(f64::from(*years)),
            Value::Number(n) => self.numbers().iter().any(|x| self.tolerance.within(*x, *n)),
            Value::Money(m) => scan::money(self.quote, self.ws)
                .iter()
                .any(|f| f.value.agrees(m, &self.tolerance)),
            Value::Duration(d) => {
                scan::spans(self.quote, self.ws)
                    .iter()
                    .any(|f| f.value == Length::Duration(*d))
                    || self.hedged().iter().any(|f| f.value.contains(d))
            }
            // The words of a relative date, read from the same day, or the digits of a year,
            // are found without reading every date of the quote.
            Value::Date(d) if d.anchor.is_some() && self.folded().mentions(self.written) => true,
            Value::Date(d)
                if d.period.precision == Precision::Year
                    && self
                        .folded()
                        .mentions(&d.period.start.format("%Y").to_string()) =>
            {
                true
            }
            // Either reading of the quote's date may be the claim's.
            // Either reading of the quote's date may be the claim's, and a hedged "over 17
            // years ago" any day it allows.
            Value::Date(d) => {
                scan::dates(self.quote, self.ws, self.as_of)
                    .iter()
                    .any(|f| {
                        f.value
                            .candidates()
                            .any(|q| d.candidates().any(|c| q.overlaps(&c)))
                    })
                    || self
                        .hedged_dates()
                        .any(|q| d.candidates().any(|c| q.overlaps(&c)))
            }
            // The clock as the quote writes it, within the property's minutes.
            Value::Time(t) => scan::times(self.quote, self.ws).iter().any(|f| {
                let clock = crate::value::time::TimeValue {
                    clock: f.value,
                    zone: None,
                    offset: None,
                };
                clock.within(t, self.tolerance.minutes())
            }),
            Value::Boolean(_) => true,
            Value::Set(items) => items.iter().all(|v| self.reads(v)),
        }
    }

    fn hedged(&self) -> Vec<scan::Found<scan::Approx>> {
        scan::hedged_lengths(self.quote, self.ws)
    }

    /// The days each hedged "... ago" of the quote allows, read from the claim's date.
    fn hedged_dates(&self) -> impl Iterator<Item = crate::value::date::Period> {
        self.hedged()
            .into_iter()
            .filter(|f| f.value.ago)
            .filter_map(|f| f.value.before(self.as_of))
    }

    fn numbers(&self) -> Vec<f64> {
        scan::numbers(self.quote, self.ws)
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    /// A count is read as a number of the quote, as "a"/"one" for 1, or as the sum of the
    /// counts joined by "and" ("nine students and a professor").
    fn reads_number(&self, n: f64) -> bool {
        let numbers = self.numbers();
        if numbers.contains(&n) {
            return true;
        }
        let lower: Vec<String> = self.ws.iter().map(|w| w.text.to_lowercase()).collect();
        let one = ["a", "an", "one", "single", "sole", "lone"];
        if n == 1.0 && lower.iter().any(|w| one.contains(&w.as_str())) {
            return true;
        }
        let and_a = lower
            .windows(2)
            .filter(|w| w[0] == "and" && (w[1] == "a" || w[1] == "an"))
            .count();
        let terms = numbers.len() + and_a;
        terms >= 2
            && lower.iter().any(|w| w == "and")
            && numbers.iter().sum::<f64>() + and_a as f64 == n
    }

    /// The names a mention may appear under in a quote: as written, and the registered
    /// name and aliases of the entity it resolves to.
    fn names_of(&self, mention: &str) -> Vec<String> {
        let key = self.ctx.entity_key(self.subject, self.property)(mention);
        let mut names = vec![mention.to_string()];
        if let Some(e) = self.ctx.entity(&key) {
            names.push(e.name.value.clone());
            names.extend(e.aliases.iter().map(|a| a.value.clone()));
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(crate::value::text::fold_name(n)));
        names
    }

    /// What the quote holds of the kind of value that was not found in it.
    fn contents(&self, value: &Value) -> String {
        let list = |items: Vec<String>, what: &str| {
            if items.is_empty() {
                format!("no {what} in the quote")
            } else {
                format!("{what} in the quote: {}", join_and(items))
            }
        };
        match value {
            Value::Count(_) => list(
                self.numbers()
                    .iter()
                    .map(|n| n.to_string())
                    .chain(
                        scan::ordinal_counts(self.ws)
                            .iter()
                            .map(|f| format!("{} (\"{}\")", f.value, &self.quote[f.start..f.end])),
                    )
                    .collect(),
                "numbers",
            ),
            Value::Age { .. } | Value::Number(_) => list(
                self.numbers().iter().map(|n| n.to_string()).collect(),
                "numbers",
            ),
            Value::Money(_) => list(
                scan::money(self.quote, self.ws)
                    .iter()
                    .map(|f| f.value.to_string())
                    .collect(),
                "amounts of money",
            ),
            Value::Duration(_) => list(
                scan::spans(self.quote, self.ws)
                    .iter()
                    .filter_map(|f| match f.value {
                        Length::Duration(d) => Some(d.to_string()),
                        Length::Age(_) => None,
                    })
                    .chain(self.hedged().iter().map(|f| {
                        format!(
                            "{} to {} (\"{}\")",
                            f.value.low,
                            f.value.high,
                            &self.quote[f.start..f.end]
                        )
                    }))
                    .collect(),
                "lengths of time",
            ),
            Value::Date(_) => list(
                scan::dates(self.quote, self.ws, self.as_of)
                    .iter()
                    .map(|f| format!("{} (\"{}\")", f.value, &self.quote[f.start..f.end]))
                    .chain(
                        self.hedged()
                            .iter()
                            .filter(|f| f.value.ago)
                            .filter_map(|f| {
                                let days = f.value.before(self.as_of)?;
                                Some(format!("{days} (\"{}\")", &self.quote[f.start..f.end]))
                            }),
                    )
                    .collect(),
                "dates",
            ),
            Value::Entity(m) => {
                let named: Vec<String> = self
                    .finder
                    .find(self.ws)
                    .iter()
                    .map(|f| self.quote[f.start..f.end].to_string())
                    .collect();
                let expected = join_and(
                    self.names_of(m)
                        .into_iter()
                        .map(|n| format!("\"{n}\""))
                        .collect(),
                );
                format!("expected {expected}; {}", list(named, "registered names"))
            }
            Value::Time(_) => list(
                scan::times(self.quote, self.ws)
                    .iter()
                    .map(|f| format!("{:02}:{:02}", f.value / 60, f.value % 60))
                    .collect(),
                "times",
            ),
            Value::Text(t) => format!("the quote does not contain \"{t}\" word for word"),
            Value::Boolean(_) | Value::Set(_) => String::new(),
        }
    }
}
