//! Choosing a draft's property and subject: by the properties' cues (see [`crate::cue`]) where
//! the article matches one, else by the registered names (and events' trigger words) of the
//! sentence or the one before, and `TODO` with the reason where that is not one entity.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::cue::{Cue, Part};
use crate::model::{TODO, Workspace};
use crate::scan::{Found, Word};
use crate::value::date::Period;
use crate::value::text::fold_name;
use crate::value::{Value, ValueType, parse_date};

use super::Confidence;

/// A sentence as the chooser sees it: its words folded and the entities it names.
pub struct Sentence<'s> {
    pub words: &'s [Word<'s>],
    pub folded: Vec<String>,
    /// Names and trigger words of registered entities, by position.
    pub mentions: Vec<Found<usize>>,
    /// The events and documents a trigger word of the sentence names ("pardoned", "ruling"):
    /// the sentence tells of them happening, not only of them.
    pub triggered: BTreeSet<usize>,
    /// Descriptors that could name several entities ("the former president" of an article
    /// with two), with those entities (see [`super::descriptor`]).
    pub unsure: Vec<(String, Vec<usize>)>,
}

impl Sentence<'_> {
    /// Whether `entity` is mentioned at most `before` words before the value at `[start, end)`
    /// or at most `after` words after it.
    fn mentioned_near(
        &self,
        entity: usize,
        (start, end): (usize, usize),
        before: usize,
        after: usize,
    ) -> bool {
        // Words are in order: the word holding a byte is found by halving.
        let word_at = |at: usize| {
            self.words
                .partition_point(|w| w.end <= at)
                .min(self.words.len().saturating_sub(1))
        };
        let (first, last) = (word_at(start), word_at(end.saturating_sub(1)));
        self.mentions.iter().filter(|m| m.value == entity).any(|m| {
            let (a, b) = (word_at(m.start), word_at(m.end.saturating_sub(1)));
            a <= last + after && first <= b + before
        })
    }
}

/// What the workspace tells about properties and entities, gathered once per article.
pub struct Chooser<'w> {
    ws: &'w Workspace,
    /// The entity types of the subjects the claims already give each property.
    domains: HashMap<&'w str, BTreeSet<&'w str>>,
    /// Trigger words by their first folded word: (all folded words, entity).
    triggers: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Cues learned from claims, by property, besides the declared ones.
    learned: &'w BTreeMap<String, Vec<Cue>>,
    /// When each dated event or document happened (see [`dates_of_events`]).
    when: HashMap<usize, Period>,
    /// The article's publication date: nothing it names by a trigger word happened after it.
    published: Period,
}

/// How many words before or after a trigger word a year may say which event it names.
const YEAR_BEFORE: usize = 3;
const YEAR_AFTER: usize = 5;

/// How many words from a name an event's trigger word may be for the name to be its fact: a
/// name after the word is mostly its complement ("pardoned on Christmas Eve six years ago by
/// X"), a name further before it the subject of another verb ("X ordered Peru to refrain from
/// implementing the decision").
const TRIGGER_REACH_AFTER: usize = 8;
const TRIGGER_REACH_BEFORE: usize = 4;

/// How many words from a name or trigger word a date may be for the date to be that entity's
/// without a cue: about a clause ("On Tuesday, the court issued an urgent resolution"), not
/// the rest of a long sentence ("the inquiry … will examine records going back to 2019").
const EVENT_DATE_REACH: usize = 12;

/// Words that stand for a name said before.
const PRONOUNS: &[&str] = &["he", "she", "his", "her", "him", "they", "their", "them"];

/// A property and subject chosen for a value, with how much each is trusted.
pub struct Choice {
    pub property: String,
    pub subject: String,
    pub confidence: f64,
    pub notes: Vec<String>,
}

impl<'w> Chooser<'w> {
    /// `unseen`: a source whose claims the chooser must not learn from (the one a draft is
    /// compared with).
    pub fn new(
        ws: &'w Workspace,
        learned: &'w BTreeMap<String, Vec<Cue>>,
        unseen: Option<&str>,
        published: Period,
    ) -> Self {
        let kinds: HashMap<&str, &str> = ws
            .entities
            .iter()
            .filter_map(|e| Some((e.id.as_str(), e.kind.as_deref()?)))
            .collect();
        let mut domains: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        let unseen = unseen.and_then(|id| ws.sources.iter().position(|s| s.id == id));
        for c in ws.claims.iter().filter(|c| Some(c.source) != unseen) {
            if let Some(kind) = kinds.get(c.subject.value.as_str()) {
                domains.entry(&c.property.value).or_default().insert(kind);
            }
        }
        let mut triggers: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (i, e) in ws.entities.iter().enumerate() {
            for t in &e.triggers {
                let words: Vec<String> = t.split(' ').map(str::to_string).collect();
                triggers
                    .entry(words[0].clone())
                    .or_default()
                    .push((words, i));
            }
        }
        Chooser {
            ws,
            domains,
            triggers,
            learned,
            when: dates_of_events(ws, unseen, published),
            published,
        }
    }

    /// The sentence's words folded, with its names and trigger words.
    pub fn sentence<'s>(&self, words: &'s [Word<'s>], names: Vec<Found<usize>>) -> Sentence<'s> {
        let folded: Vec<String> = words.iter().map(|w| fold_name(w.text)).collect();
        // The years of the sentence, by word position.
        let years: Vec<(usize, Period)> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((i, w.text.parse::<i32>().ok()?)))
            .filter(|(_, y)| (1000..=9999).contains(y))
            .filter_map(|(i, y)| Some((i, Period::year(y)?)))
            .collect();
        let mut mentions = names;
        let mut triggered = BTreeSet::new();
        for (i, f) in folded.iter().enumerate() {
            let named: Vec<(usize, usize)> = self
                .triggers
                .get(f)
                .into_iter()
                .flatten()
                .filter(|(t, _)| {
                    folded
                        .get(i..i + t.len())
                        .is_some_and(|ws| ws == t.as_slice())
                })
                .map(|(t, e)| (*e, t.len()))
                .collect();
            // "the Resolution of April 7, 2022", "pardoned in 2017": a year a few words from
            // the trigger word says which.
            let near: Vec<Period> = years
                .iter()
                .filter(|(k, _)| i <= k + YEAR_BEFORE && *k <= i + YEAR_AFTER)
                .map(|(_, y)| *y)
                .collect();
            for (e, len) in self.which_one(named, &near) {
                triggered.insert(e);
                mentions.push(Found {
                    value: e,
                    start: words[i].start,
                    end: words[i + len - 1].end,
                });
            }
        }
        mentions.sort_by_key(|m| (m.start, m.value));
        Sentence {
            words,
            folded,
            mentions,
            triggered,
            unsure: Vec::new(),
        }
    }

    /// The entities a trigger word can name here, of those it names (with the trigger's length
    /// in words): not one that happened after the article; of several, the one whose date a
    /// year of the sentence falls in ("the resolutions of 2018"), else, when all are dated, the
    /// latest ("the ruling" of a newer article is the newer ruling).
    fn which_one(&self, named: Vec<(usize, usize)>, years: &[Period]) -> Vec<(usize, usize)> {
        let before: Vec<(usize, usize)> = named
            .into_iter()
            .filter(|(e, _)| {
                self.when
                    .get(e)
                    .is_none_or(|p| p.start <= self.published.end)
            })
            .collect();
        if before.len() < 2 {
            return before;
        }
        let in_year: Vec<&(usize, usize)> = before
            .iter()
            .filter(|(e, _)| {
                self.when
                    .get(e)
                    .is_some_and(|p| years.iter().any(|y| y.contains(p)))
            })
            .collect();
        if let [one] = in_year.as_slice() {
            return vec![**one];
        }
        if !years.is_empty() {
            return before;
        }
        let dated: Vec<(Period, (usize, usize))> = before
            .iter()
            .filter_map(|m| Some((*self.when.get(&m.0)?, *m)))
            .collect();
        let latest = dated.iter().map(|(p, _)| p.end).max();
        let at_latest: Vec<(usize, usize)> = dated
            .iter()
            .filter(|(p, _)| Some(p.end) == latest)
            .map(|(_, m)| *m)
            .collect();
        if dated.len() == before.len() && at_latest.len() == 1 {
            at_latest
        } else {
            before
        }
    }

    fn kind(&self, entity: usize) -> Option<&str> {
        self.ws.entities[entity].kind.as_deref()
    }

    /// Whether `entity` can be the subject of `property`: its type is among those of the
    /// property's subjects in the claims, or a person for an age; any, with no claims to go by.
    fn fits(&self, property: &str, ty: ValueType, entity: usize) -> bool {
        let kind = self.kind(entity);
        match self.domains.get(property) {
            Some(kinds) => kind.is_some_and(|k| kinds.contains(k)),
            None if ty == ValueType::Age => kind == Some("person"),
            None => true,
        }
    }

    /// The declared and learned cues of a property.
    pub fn cues(&self, property: &str) -> impl Iterator<Item = &Cue> {
        let declared = self.ws.properties.get(property).map(|p| p.cues.as_slice());
        let learned = self.learned.get(property).map(Vec::as_slice);
        declared
            .unwrap_or_default()
            .iter()
            .chain(learned.unwrap_or_default())
    }

    /// The properties whose cues the value at `[start, end)` of the sentence matches, with the
    /// subject a cue's slot names: the longest cues, each property once.
    fn by_cue(
        &self,
        s: &Sentence,
        start: usize,
        end: usize,
        ty: ValueType,
        entity_kind: Option<&str>,
    ) -> Vec<(String, Option<usize>)> {
        let Some(first) = s.words.iter().position(|w| w.end > start) else {
            return Vec::new();
        };
        let last = s.words.iter().rposition(|w| w.start < end).unwrap_or(first);
        let mut best: Vec<(usize, String, Option<usize>)> = Vec::new();
        for p in self.ws.properties.values() {
            let type_fits = p.ty == ty
                && (p.range.is_empty()
                    || entity_kind.is_some_and(|k| p.range.iter().any(|r| r == k)));
            if !type_fits {
                continue;
            }
            for cue in self.cues(&p.name) {
                let Some(subject) = matches(cue, s, first, last, self) else {
                    continue;
                };
                let len = cue.before.len() + cue.after.len();
                if best.first().is_some_and(|b| b.0 > len) {
                    continue;
                }
                if best.first().is_some_and(|b| b.0 < len) {
                    best.clear();
                }
                if !best.iter().any(|b| b.1 == p.name) {
                    best.push((len, p.name.clone(), subject));
                }
            }
        }
        best.sort_by(|a, b| a.1.cmp(&b.1));
        best.into_iter().map(|(_, p, s)| (p, s)).collect()
    }

    /// The property and subject of a value read at `[start, end)` of `s`; `before` is the
    /// previous sentence. `subject` is a subject already chosen by the value's own pattern,
    /// `value_entity` the entity a mention names (never its own subject), `guessed` the property
    /// chosen by type and name when no cue matches, with its confidence.
    #[allow(clippy::too_many_arguments)]
    pub fn choose(
        &self,
        s: &Sentence,
        before: Option<&Sentence>,
        (start, end): (usize, usize),
        ty: ValueType,
        entity_kind: Option<&str>,
        value_entity: Option<usize>,
        date: Option<Period>,
        subject: Option<usize>,
        guessed: (String, f64),
    ) -> Choice {
        let mut notes = Vec::new();
        let by_cue = self.by_cue(s, start, end, ty, entity_kind);
        let (property, mut confidence, cue_subject) = match by_cue.as_slice() {
            [(p, subject)] => (p.clone(), Confidence::BY_PATTERN, *subject),
            [] => (guessed.0, guessed.1 * Confidence::NO_CUE, None),
            several => {
                let names: Vec<&str> = several.iter().map(|(p, _)| p.as_str()).collect();
                notes.push(format!("property: one of {}", names.join(", ")));
                (TODO.to_string(), Confidence::UNCHOSEN, None)
            }
        };
        if let Some(e) = subject.or(cue_subject) {
            return Choice {
                property,
                subject: self.ws.entities[e].id.clone(),
                confidence,
                notes,
            };
        }
        // Entities named in the sentence, else in the one before, that fit the property.
        let fitting = |s: &Sentence| -> BTreeSet<usize> {
            s.mentions
                .iter()
                .map(|m| m.value)
                .filter(|&e| Some(e) != value_entity)
                .filter(|&e| property == TODO || self.fits(&property, ty, e))
                .collect()
        };
        // A date is not the date of an event known to have happened at another time.
        let at_another_time =
            |e: &usize| date.is_some_and(|d| self.when.get(e).is_some_and(|w| !w.overlaps(&d)));
        let candidates = |s: &Sentence| -> BTreeSet<usize> {
            let mut found = fitting(s);
            found.retain(|e| !at_another_time(e));
            found
        };
        let mut here = candidates(s);
        // A name is a fact of an event its trigger word names only close by (see
        // TRIGGER_REACH_AFTER).
        // A date is of what is named in its clause, not anywhere in a long sentence.
        if ty == ValueType::Date {
            here.retain(|e| s.mentioned_near(*e, (start, end), EVENT_DATE_REACH, EVENT_DATE_REACH));
        }
        if value_entity.is_some() {
            here.retain(|e| {
                !s.triggered.contains(e)
                    || s.mentioned_near(*e, (start, end), TRIGGER_REACH_AFTER, TRIGGER_REACH_BEFORE)
            });
        }
        // "the former president" of an article with two former presidents: either of them.
        let unsure = [Some(s), before.filter(|_| here.is_empty())]
            .into_iter()
            .flatten()
            .flat_map(|s| &s.unsure)
            .find(|(_, es)| {
                es.iter()
                    .any(|&e| property == TODO || self.fits(&property, ty, e))
            });
        if let Some((phrase, entities)) = unsure {
            let ids: Vec<&str> = entities
                .iter()
                .map(|&e| self.ws.entities[e].id.as_str())
                .collect();
            notes.push(format!("subject: “{phrase}” may be {}", ids.join(" or ")));
            return Choice {
                property,
                subject: TODO.into(),
                confidence: confidence * Confidence::UNCHOSEN,
                notes,
            };
        }
        // "He also owes...": a pronoun may stand for a name of the sentence before.
        // A pronoun stands for a person, who can be the subject only if a person fits.
        let person_fits = self
            .domains
            .get(property.as_str())
            .is_none_or(|kinds| kinds.contains("person"));
        // "The former president ... for which he owes": a person the sentence opens with, and
        // the only one it names, is whom its pronouns stand for.
        let opens_with = s
            .mentions
            .first()
            .filter(|m| s.words.first().is_some_and(|w| w.start == m.start))
            .filter(|m| here.len() == 1 && here.contains(&m.value))
            .filter(|m| self.kind(m.value) == Some("person"));
        let pronoun = s
            .folded
            .iter()
            .find(|w| PRONOUNS.contains(&w.as_str()))
            .filter(|_| person_fits && opens_with.is_none());
        if let Some(pronoun) = pronoun.filter(|_| !here.is_empty()) {
            let earlier = before.map(candidates).unwrap_or_default();
            if earlier.is_empty() {
                // Whom it stands for is named further back, or not at all.
                notes.push(format!(
                    "subject: “{pronoun}” may stand for someone named before this"
                ));
                return Choice {
                    property,
                    subject: TODO.into(),
                    confidence: confidence * Confidence::UNCHOSEN,
                    notes,
                };
            }
            here.extend(earlier);
        }
        let in_sentence = !here.is_empty();
        let (found, weight) = if here.is_empty() {
            (
                before.map(candidates).unwrap_or_default(),
                Confidence::SENTENCE_BEFORE,
            )
        } else {
            (here, Confidence::SAME_SENTENCE)
        };
        let known = self.domains.contains_key(property.as_str());
        let subject = match found.len() {
            1 => {
                let e = *found.first().unwrap_or(&0);
                let id = self.ws.entities[e].id.clone();
                // "The Supreme Court overturned it in 2018": the one date of an event the
                // sentence tells of happening is its date, even without a cue.
                if property == "date"
                    && by_cue.is_empty()
                    && in_sentence
                    && s.triggered.contains(&e)
                {
                    confidence = Confidence::EVENT_DATE * Confidence::NO_CUE;
                }
                // With no claims of the property to say what its subjects are, the one name
                // around is only a guess.
                confidence *= weight
                    * if known {
                        1.0
                    } else {
                        Confidence::UNKNOWN_DOMAIN
                    };
                if confidence < Confidence::COMPLETE {
                    notes.push(format!("subject: perhaps {id}"));
                    TODO.into()
                } else {
                    id
                }
            }
            0 => {
                let other_time: Vec<&str> = fitting(s)
                    .into_iter()
                    .filter(at_another_time)
                    .map(|e| self.ws.entities[e].id.as_str())
                    .collect();
                notes.push(if other_time.is_empty() {
                    "subject: no registered name in this sentence or the one before".into()
                } else {
                    format!(
                        "subject: not {}, known to be at another time",
                        other_time.join(", ")
                    )
                });
                confidence *= Confidence::UNCHOSEN;
                TODO.into()
            }
            _ => {
                let mut ids: Vec<&str> = found
                    .iter()
                    .map(|&e| self.ws.entities[e].id.as_str())
                    .collect();
                ids.sort_unstable();
                notes.push(format!("subject: one of {}", ids.join(", ")));
                confidence *= Confidence::UNCHOSEN;
                TODO.into()
            }
        };
        Choice {
            property,
            subject,
            confidence,
            notes,
        }
    }
}

/// When each event or document happened, as far as the workspace tells: the dates the claims
/// of other sources than `unseen` give it (`date`), else the date its registered name ends with
/// ("… resolution of 7 April 2022", "…, December 2023"). Relative dates in a name are not read.
fn dates_of_events(
    ws: &Workspace,
    unseen: Option<usize>,
    published: Period,
) -> HashMap<usize, Period> {
    let index: HashMap<&str, usize> = ws
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind.as_deref(), Some("event" | "document")))
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut when: HashMap<usize, Period> = HashMap::new();
    for c in ws.claims.iter().filter(|c| Some(c.source) != unseen) {
        let (Some(&e), "date", Value::Date(d)) = (
            index.get(c.subject.value.as_str()),
            c.property.value.as_str(),
            &c.value,
        ) else {
            continue;
        };
        when.entry(e)
            .and_modify(|p| *p = Period::hull(*p, d.period))
            .or_insert(d.period);
    }
    for &e in index.values() {
        if when.contains_key(&e) {
            continue;
        }
        let name = &ws.entities[e].name.value;
        let words: Vec<&str> = name.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let has_year = |w: &&str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
        if !words.last().is_some_and(has_year) {
            continue;
        }
        let dated = (1..=3.min(words.len())).rev().find_map(|n| {
            let tail = words[words.len() - n..].join(" ");
            parse_date(&tail, Some(published), Default::default()).ok()
        });
        if let Some(d) = dated {
            when.insert(e, d.period);
        }
    }
    when
}

/// Whether `cue` matches with its value on words `first..=last` of `s`, and the entity its
/// slot names (`Some(None)`: a match without a slot). Words after the value's first word may
/// lie inside the value ("85-year-old" is read as one age; "{n}-year-old" matches it).
fn matches(
    cue: &Cue,
    s: &Sentence,
    first: usize,
    last: usize,
    ch: &Chooser,
) -> Option<Option<usize>> {
    let mut subject = None;
    let mut k = first + 1;
    for part in &cue.after {
        match part {
            Part::Word(w) => {
                if k <= last && s.folded.get(k) == Some(w) {
                    k += 1;
                    continue;
                }
                k = k.max(last + 1);
                (s.folded.get(k) == Some(w)).then_some(())?;
                k += 1;
            }
            Part::Entity(slot) => {
                k = k.max(last + 1);
                let at = s.words.get(k)?.start;
                let (m, one) = named(s, ch, *slot, |m| m.start == at)?;
                subject = one;
                k = s
                    .words
                    .iter()
                    .position(|w| w.start >= m.end)
                    .unwrap_or(s.words.len());
            }
            Part::Value => return None,
        }
    }
    let mut k = first;
    for part in cue.before.iter().rev() {
        k = k.checked_sub(1)?;
        match part {
            Part::Word(w) => (s.folded.get(k) == Some(w)).then_some(())?,
            Part::Entity(slot) => {
                let end = s.words[k].end;
                let (m, one) = named(s, ch, *slot, |m| m.end == end)?;
                subject = one;
                k = s.words.iter().position(|w| w.start >= m.start)?;
            }
            Part::Value => return None,
        }
    }
    Some(subject)
}

/// The mention a slot matches where `at` holds, and its entity when it names only one: a
/// trigger word of two events ("ruling") matches the slot but names neither.
fn named<'s>(
    s: &'s Sentence,
    ch: &Chooser,
    slot: crate::cue::Slot,
    at: impl Fn(&Found<usize>) -> bool,
) -> Option<(&'s Found<usize>, Option<usize>)> {
    let mut here = s
        .mentions
        .iter()
        .filter(|m| at(m) && slot.admits(ch.kind(m.value)));
    let first = here.next()?;
    let one = here.all(|m| m.value == first.value).then_some(first.value);
    Some((first, one))
}
