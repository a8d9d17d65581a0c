//! Name resolution: which entity each mention refers to.
//!
//! A mention resolves exactly when, folded (case, accents, punctuation, white space), it equals
//! an entity's id, name or alias. Otherwise it is a *look-alike* of a name when the two read the
//! same once look-alike characters are taken for the letters they imitate ([`unconfuse`]:
//! "Albеrtо" with a Cyrillic е and о reads "alberto"). Otherwise, compared as they read, it is
//! a *near miss* of a name when either
//! - their edit similarity (normalised Levenshtein over the names as they read) is at least
//!   `min_similarity` (default 0.85), or
//! - every word of the shorter is a word of the longer and the shorter has at least two words
//!   (a dropped first or middle name: "Pablo Kuczynski" for "Pedro Pablo Kuczynski"), or
//! - they differ by one slip inside a name of five letters or more without digits, first and
//!   last letters kept ("Suaso" for "Suazo"; `one_slip`);
//!
//! and in every case only when they write the same numbers: "Flight 17" is no near miss of
//! "Flight 170", nor "Unit 731" of "Unit 732".
//!
//! A person's name may also give derived forms ([`derived_forms`]: "Suazo" for "Maynor Suazo
//! Sandoval"), added with [`NameIndex::add_derived`]: exact only when no name is, and in the
//! same blocks as names for near misses.
//!
//! Candidates are found by blocking, never by comparing all pairs: a mention is compared only
//! with the names that share a blocking key with it. The keys are
//! - each word, and the first three letters of each word of four or more;
//! - for a dropped word, sets of words: a name is indexed under each proper subset of its
//!   words (two or more) and under its whole set, and a mention looks up each subset of its
//!   own words under whole sets and its whole set under subsets, so either may be the shorter;
//! - for a typo, the other words with what the typo left of one word: its first three letters,
//!   its last three, or its first and last (one edit never changes all three).
//!
//! A name longer than [`MAX_NAME_CHARS`] characters is matched only exactly, never as a near
//! miss: it is in no block, and a mention that long looks none up.
//!
//! A key shared by more than [`MAX_BLOCK`] names (a word like "court", or "maria" in a large
//! registry) is too common to narrow anything down and is skipped. The set keys hold only names
//! a near miss fits, so they stay small as the registry grows. A near miss goes unfound only
//! when its one-word blocks are over the cap and two of its words differ (a typo in each), it
//! has more than [`MAX_SET_WORDS`] words, or it fits more than [`MAX_BLOCK`] names.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use unicode_script::{Script, UnicodeScript};
use unicode_security::{MixedScript, skeleton};

use crate::model::Naming;
use crate::value::text::fold_name;

/// Default for the `names` rule's `min_similarity`.
pub const DEFAULT_MIN_SIMILARITY: f64 = 0.85;
/// Blocking keys shared by more names than this are skipped.
pub const MAX_BLOCK: usize = 512;

/// How a mention relates to the names it was held against.
#[derive(Debug, Clone, PartialEq)]
pub enum Match<T> {
    Exact(T),
    /// A look-alike or near miss of exactly one target; `name` is the closest of its names.
    /// `lookalike` tells that the two differ in look-alike characters from another script.
    Variant {
        target: T,
        name: String,
        lookalike: bool,
    },
    /// An exact or near match of several targets.
    Ambiguous(Vec<T>),
    /// Nothing close; `closest` holds the best names below the threshold (at most
    /// [`MAX_HINTS`], one per target, best first), for a hint.
    Unknown {
        closest: Vec<String>,
    },
}

/// Names of targets (entities, or canonical spellings), indexed for exact and near lookup.
#[derive(Debug)]
pub struct NameIndex<T> {
    /// (the name as it reads, [`unconfuse`]d; the name as written; target). Near misses are
    /// measured between names as they read.
    names: Vec<(String, String, T)>,
    /// The letter counts of each name as it reads, to rule out most candidates cheaply.
    shapes: Vec<Shape>,
    /// The distinct words of each name as it reads, as sorted ids from `word_ids`.
    words: Vec<Box<[u32]>>,
    word_ids: FxHashMap<String, u32>,
    /// By folded name.
    exact: FxHashMap<String, Vec<usize>>,
    /// By folded name, the forms derived from names ([`derived_forms`]): matched exactly
    /// only when no name is, so that an editor's name or alias wins over a derived form.
    derived: FxHashMap<String, Vec<usize>>,
    /// By the name as it reads: a hit that is not exact is a look-alike.
    reads: FxHashMap<String, Vec<usize>>,
    blocks: FxHashMap<BlockKey, Vec<usize>>,
    min_similarity: f64,
}

/// Names longer than this many characters (folded) are matched only exactly: an edit distance
/// costs the product of the two lengths, and no one misspells a 100 KB name.
pub const MAX_NAME_CHARS: usize = 200;

/// Whether a name is too long to be compared by edit distance.
pub fn too_long(name: &str) -> bool {
    name.chars().nth(MAX_NAME_CHARS).is_some()
}

/// Words of a name beyond this many are left out of its word-set keys, which grow with the
/// number of subsets of its words.
pub const MAX_SET_WORDS: usize = 6;

/// A blocking key, hashed: two names that share one are compared. A collision only adds a
/// candidate, which is then measured like any other.
type BlockKey = u64;

fn key(parts: impl Hash) -> BlockKey {
    // A fixed hasher, so that the candidates (and the hints drawn from them) are the same in
    // every run.
    let mut h = FxHasher::default();
    parts.hash(&mut h);
    h.finish()
}

/// What one typo leaves of a word of four or more letters: it changes at most two of the
/// first three letters, the last three, and the first and last letter, never all three.
fn affixes(word: &str) -> Option<[(u8, &str, &str); 3]> {
    let mut starts = word.char_indices().map(|(i, _)| i);
    let (second, prefix_end) = (starts.nth(1)?, starts.nth(1)?);
    let mut from_end = word.char_indices().rev().map(|(i, _)| i);
    let (last, suffix_start) = (from_end.next()?, from_end.nth(1)?);
    // Four letters at least: the prefix ends before the last letter.
    (prefix_end <= last).then(|| {
        [
            (b'<', &word[..prefix_end], ""),
            (b'>', &word[suffix_start..], ""),
            (b'|', &word[..second], &word[last..]),
        ]
    })
}

/// Which side of a lookup the keys are for. A name is indexed under every proper subset of its
/// words, and a mention looks up every subset of its own under the name's whole word set,
/// so that a dropped word is found in either direction through blocks that hold only names
/// it fits.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Indexed,
    Looked,
}

fn block_keys(folded: &str, side: Side) -> Vec<BlockKey> {
    let mut words: Vec<&str> = folded
        .split(' ')
        .filter(|w| w.chars().nth(1).is_some())
        .collect();
    let mut keys = Vec::new();
    for w in &words {
        keys.push(key(("w", w)));
        if let Some([(_, prefix, _), ..]) = affixes(w) {
            keys.push(key(("p", prefix)));
        }
    }
    words.sort_unstable();
    words.dedup();
    words.truncate(MAX_SET_WORDS);
    set_keys(&words, side, &mut keys);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys of a name's distinct words, sorted: those that stay selective however common each
/// word is.
fn set_keys(words: &[&str], side: Side, keys: &mut Vec<BlockKey>) {
    let whole = (1usize << words.len()) - 1;
    // Hashes the words of a subset in place: a lookup makes dozens of these keys.
    let of = |tag: &str, mask: usize, affix: Option<(u8, &str, &str)>| -> BlockKey {
        let mut h = FxHasher::default();
        tag.hash(&mut h);
        for (i, w) in words.iter().enumerate() {
            if mask & (1 << i) != 0 {
                w.hash(&mut h);
            }
        }
        affix.hash(&mut h);
        h.finish()
    };
    // A dropped word: the mention's words are a subset of the name's, or the other way round.
    for mask in (1..=whole).filter(|m| m.count_ones() >= 2) {
        match side {
            Side::Indexed if mask == whole => keys.push(of("all", mask, None)),
            Side::Indexed => keys.push(of("some", mask, None)),
            Side::Looked => {
                keys.push(of("all", mask, None));
                if mask == whole {
                    keys.push(of("some", mask, None));
                }
            }
        }
    }
    // A typo in one word: the other words, and what the typo left of that one.
    for (i, w) in words.iter().enumerate() {
        for affix in affixes(w).into_iter().flatten() {
            keys.push(of("typo", whole & !(1 << i), Some(affix)));
        }
    }
}

/// How a mention reads once look-alike characters are replaced (ASCII reads as folded).
fn reads<'a>(mention: &str, folded: &'a str) -> Cow<'a, str> {
    if mention.is_ascii() {
        Cow::Borrowed(folded)
    } else {
        Cow::Owned(unconfuse(mention))
    }
}

impl<T: Clone + Ord> NameIndex<T> {
    pub fn new(min_similarity: f64) -> Self {
        Self {
            names: Vec::new(),
            shapes: Vec::new(),
            words: Vec::new(),
            word_ids: FxHashMap::default(),
            exact: FxHashMap::default(),
            derived: FxHashMap::default(),
            reads: FxHashMap::default(),
            blocks: FxHashMap::default(),
            min_similarity,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn add(&mut self, written: &str, target: T) {
        self.add_as(written, target, false);
    }

    /// Adds a form derived from a name: exact only when no name is, a near miss as any name.
    pub fn add_derived(&mut self, written: &str, target: T) {
        self.add_as(written, target, true);
    }

    fn add_as(&mut self, written: &str, target: T, derived: bool) {
        let unconfused = unconfuse(written);
        let folded = if written.is_ascii() {
            unconfused.clone()
        } else {
            fold_name(written)
        };
        if folded.is_empty() {
            return;
        }
        // A name of marks alone reads as nothing once look-alikes are replaced: as itself.
        let reads = if unconfused.is_empty() {
            folded.clone()
        } else {
            unconfused
        };
        let i = self.names.len();
        let near = !too_long(&reads);
        if near {
            for key in block_keys(&reads, Side::Indexed) {
                self.blocks.entry(key).or_default().push(i);
            }
        }
        let exact = if derived {
            &mut self.derived
        } else {
            &mut self.exact
        };
        exact.entry(folded).or_default().push(i);
        self.reads.entry(reads.clone()).or_default().push(i);
        self.shapes.push(Shape::of(&reads));
        // A name in no block is never a candidate: its words are not needed.
        let mut words: Vec<u32> = reads
            .split(' ')
            .filter(|_| near)
            .map(|w| {
                let next = self.word_ids.len() as u32;
                *self.word_ids.entry(w.to_string()).or_insert(next)
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        self.words.push(words.into());
        self.names.push((reads, written.to_string(), target));
    }

    /// How a mention relates to the names; for no match, the closest name as a hint.
    pub fn lookup(&self, mention: &str) -> Match<T> {
        self.lookup_with(mention, true)
    }

    /// Like [`NameIndex::lookup`], without the hint (`closest` is `None`), which is the
    /// costly part for a name that matches nothing.
    pub fn find(&self, mention: &str) -> Match<T> {
        self.lookup_with(mention, false)
    }

    /// The targets a mention names exactly (folded): one (`Exact`), several (`Ambiguous`),
    /// or none; the forms derived from names count only when no name matches. Another
    /// target's name that reads the same, disguised (a twin written with look-alike
    /// characters), makes even an exact match ambiguous.
    pub fn exact(&self, mention: &str) -> Option<Match<T>> {
        let folded = fold_name(mention);
        let hits = self
            .exact
            .get(&folded)
            .or_else(|| self.derived.get(&folded))?;
        let twins = self
            .read_alike(mention, &folded)
            .iter()
            .filter(|&&i| disguised(mention, &self.names[i].1));
        let targets: BTreeSet<T> = hits
            .iter()
            .chain(twins)
            .map(|&i| self.names[i].2.clone())
            .collect();
        Some(match targets.len() {
            1 => Match::Exact(targets.into_iter().next().expect("one target")),
            _ => Match::Ambiguous(targets.into_iter().collect()),
        })
    }

    /// The names that read as the mention does once look-alike characters are replaced.
    fn read_alike(&self, mention: &str, folded: &str) -> &[usize] {
        let reads = reads(mention, folded);
        self.reads
            .get(reads.as_ref())
            .map_or(&[][..], Vec::as_slice)
    }

    fn lookup_with(&self, mention: &str, hint: bool) -> Match<T> {
        if let Some(found) = self.exact(mention) {
            return found;
        }
        let folded = fold_name(mention);
        let reads = reads(mention, &folded);
        let read_alike = self
            .reads
            .get(reads.as_ref())
            .map_or(&[][..], Vec::as_slice);
        // From here on names are compared as they read.
        if !read_alike.is_empty() {
            let mut targets: BTreeMap<T, usize> = BTreeMap::new();
            for &i in read_alike {
                targets.entry(self.names[i].2.clone()).or_insert(i);
            }
            return match targets.len() {
                1 => {
                    let (target, i) = targets.into_iter().next().expect("one target");
                    let name = self.names[i].1.clone();
                    Match::Variant {
                        target,
                        lookalike: disguised(mention, &name),
                        name,
                    }
                }
                _ => Match::Ambiguous(targets.into_keys().collect()),
            };
        }
        if too_long(&folded) {
            return Match::Unknown {
                closest: Vec::new(),
            };
        }
        let mut candidates: Vec<usize> = Vec::new();
        for key in block_keys(&reads, Side::Looked) {
            if let Some(block) = self.blocks.get(&key).filter(|b| b.len() <= MAX_BLOCK) {
                candidates.extend(block);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let shape = Shape::of(&reads);
        // A word no name has gets an id of its own, so that it is in no name's words.
        let mut words: Vec<u32> = reads
            .split(' ')
            .enumerate()
            .map(|(i, w)| self.word_ids.get(w).copied().unwrap_or(u32::MAX - i as u32))
            .collect();
        words.sort_unstable();
        words.dedup();
        // Best near miss per target; ties keep the earlier-added name.
        let mut best: BTreeMap<T, (f64, usize)> = BTreeMap::new();
        let mut misses = Vec::new();
        for i in candidates {
            let (name, _, target) = &self.names[i];
            let bound = shape.similarity_bound(&self.shapes[i]);
            // "Flight 17" is no slip of "Flight 170", nor "Unit 731" of "Unit 732": names whose
            // numbers differ are different names, however alike their letters.
            if !numbers(&reads).eq(numbers(name)) {
                misses.push((i, bound));
                continue;
            }
            // Names whose letters differ too much cannot be similar enough: skip the
            // Levenshtein distance, the cost of a lookup, unless only words were dropped.
            let lev = (bound >= self.min_similarity)
                .then(|| strsim::normalized_levenshtein(&reads, name))
                .filter(|&lev| lev >= self.min_similarity);
            let score = lev
                .or_else(|| {
                    (bound >= 1.0 - 1.0 / shape.len.max(1) as f64 && one_slip(&reads, name))
                        .then_some(self.min_similarity)
                })
                .or_else(|| words_subset(&words, &self.words[i]).then_some(self.min_similarity));
            match score {
                Some(score) => {
                    let e = best.entry(target.clone()).or_insert((score, i));
                    if score > e.0 {
                        *e = (score, i);
                    }
                }
                None => misses.push((i, bound)),
            }
        }
        match best.len() {
            0 => Match::Unknown {
                closest: if hint {
                    self.closest(&reads, &misses)
                } else {
                    Vec::new()
                },
            },
            1 => {
                let (target, (_, i)) = best.into_iter().next().expect("one target");
                let name = self.names[i].1.clone();
                Match::Variant {
                    target,
                    lookalike: disguised(mention, &name),
                    name,
                }
            }
            _ => Match::Ambiguous(best.into_keys().collect()),
        }
    }

    /// The most similar of some names, at least half similar: the best name of each target,
    /// at most [`MAX_HINTS`] targets, best first (the earlier-added of equals).
    fn closest(&self, reads: &str, candidates: &[(usize, f64)]) -> Vec<String> {
        // The best targets so far, best first, each with its best name.
        let mut top: Vec<(f64, usize)> = Vec::with_capacity(MAX_HINTS + 1);
        // Candidates come in the order names were added, so a tie keeps the earlier name.
        for &(i, bound) in candidates {
            // A name that cannot make the list is not measured.
            let floor = match top.get(MAX_HINTS - 1) {
                Some(&(s, _)) => s,
                None => 0.5,
            };
            if bound < 0.5 || (top.len() == MAX_HINTS && bound <= floor) {
                continue;
            }
            let score = strsim::normalized_levenshtein(reads, &self.names[i].0);
            if score < 0.5 {
                continue;
            }
            let target = &self.names[i].2;
            match top.iter().position(|&(_, j)| self.names[j].2 == *target) {
                Some(k) if top[k].0 >= score => continue,
                Some(k) => {
                    top.remove(k);
                }
                None => {}
            }
            let at = top.partition_point(|&(s, _)| s >= score);
            top.insert(at, (score, i));
            top.truncate(MAX_HINTS);
        }
        top.into_iter()
            .map(|(_, i)| self.names[i].1.clone())
            .collect()
    }
}

/// How many registered names an unknown mention's hint suggests at most.
pub const MAX_HINTS: usize = 3;

/// Whether two names, as they read, differ by one slip (a letter changed, added or dropped,
/// or two neighbours swapped) that keeps their first and last letters, in names of five
/// letters or more: "Suaso" for "Suazo". Short names need this, as one edit takes them below
/// `min_similarity`; a four-letter name ("Díez", "Díaz") or a changed ending ("Gomes",
/// "Gómez": Portuguese and Spanish surnames) is another name. Names with digits ("e1234",
/// "Route 15") are codes, not spellings: a digit apart is another one.
fn one_slip(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let digits = |s: &str| s.chars().any(char::is_numeric);
    la.min(lb) >= 5
        && !digits(a)
        && !digits(b)
        && la.abs_diff(lb) <= 1
        && a.chars().next() == b.chars().next()
        && a.chars().next_back() == b.chars().next_back()
        && strsim::osa_distance(a, b) == 1
}

/// Words that belong to the surname after them: "de la Cruz", "dos Santos".
const PARTICLES: [&str; 9] = ["de", "del", "la", "las", "los", "da", "das", "do", "dos"];
/// Words that join two surnames: "Ortega y Gasset".
const CONNECTORS: [&str; 2] = ["y", "e"];

/// The short forms a person's name goes by where people have two surnames, father's then
/// mother's. The last two parts of the name are the surnames, the rest given names; a
/// particle belongs to the part after it ("María | de la Cruz | Pérez"). Spanish uses the
/// first surname alone: "Maynor Suazo Sandoval" is also "Suazo", "Suazo Sandoval" (and
/// "Suazo-Sandoval", which folds the same) and "Maynor Suazo". Portuguese uses the last:
/// "João Silva Santos" is also "Santos", "Silva Santos" and "João Santos", and "Lula da Silva"
/// is "da Silva" and "Silva". A name of two parts gives its surname alone. Initials and given
/// names alone are never derived.
pub fn derived_forms(name: &str, naming: Naming) -> Vec<String> {
    if too_long(name) {
        return Vec::new();
    }
    // Each part with the connector before it, if any.
    let mut parts: Vec<(Option<&str>, String)> = Vec::new();
    let (mut particles, mut connector): (Vec<&str>, Option<&str>) = (Vec::new(), None);
    for word in name.split_whitespace() {
        let folded = fold_name(word);
        if CONNECTORS.contains(&folded.as_str()) && !parts.is_empty() && particles.is_empty() {
            connector = Some(word);
        } else if PARTICLES.contains(&folded.as_str()) {
            particles.push(word);
        } else {
            particles.push(word);
            parts.push((connector.take(), particles.join(" ")));
            particles.clear();
        }
    }
    let n = parts.len();
    if n < 2 {
        return Vec::new();
    }
    let first = parts[0].1.as_str();
    let (last_two, last) = (&parts[n - 2..], parts[n - 1].1.as_str());
    let pair = |with_connector: bool| match (with_connector, last_two[1].0) {
        (true, Some(c)) => format!("{} {c} {}", last_two[0].1, last_two[1].1),
        _ => format!("{} {}", last_two[0].1, last_two[1].1),
    };
    let mut forms: Vec<String> = Vec::new();
    match naming {
        Naming::Spanish if n == 2 => forms.push(last.to_string()),
        Naming::Spanish => {
            let (given, paternal) = (&parts[..n - 2], last_two[0].1.as_str());
            forms.push(paternal.to_string());
            forms.push(pair(true));
            forms.push(pair(false));
            forms.push(format!("{first} {paternal}"));
            if given.len() > 1 {
                let all: Vec<&str> = given.iter().map(|(_, g)| g.as_str()).collect();
                forms.push(format!("{} {paternal}", all.join(" ")));
                forms.push(format!("{first} {}", pair(true)));
            }
        }
        Naming::Portuguese => {
            forms.push(last.to_string());
            // "da Silva" is "Silva" too.
            let bare = last
                .split_whitespace()
                .skip_while(|w| PARTICLES.contains(&fold_name(w).as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            forms.push(bare);
            if n > 2 {
                forms.push(format!("{first} {last}"));
                forms.push(pair(true));
                forms.push(pair(false));
            }
            if n > 3 {
                forms.push(format!("{first} {}", pair(true)));
            }
        }
    }
    let whole = fold_name(name);
    let mut seen = BTreeSet::new();
    forms.retain(|f| {
        let folded = fold_name(f);
        !folded.is_empty() && folded != whole && seen.insert(folded)
    });
    forms
}

/// A folded name's length in characters and how often each letter and digit occurs in it
/// (everything else counts in one bucket).
#[derive(Debug, Clone)]
struct Shape {
    len: usize,
    counts: [u8; 37],
}

impl Shape {
    fn of(folded: &str) -> Shape {
        let mut counts = [0u8; 37];
        let mut len = 0;
        for c in folded.chars() {
            len += 1;
            let bucket = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + c as usize - '0' as usize,
                _ => 36,
            };
            counts[bucket] = counts[bucket].saturating_add(1);
        }
        Shape { len, counts }
    }

    /// The highest normalised Levenshtein similarity the two names can have. Each edit
    /// adds or removes at most one letter on each side, so the letters one name has beyond
    /// the other (the larger of the two surpluses) are at most the edits between them.
    fn similarity_bound(&self, other: &Shape) -> f64 {
        let longest = self.len.max(other.len);
        if longest == 0 {
            return 1.0;
        }
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.counts.iter().zip(&other.counts) {
            if a > b {
                more += usize::from(a - b);
            } else {
                fewer += usize::from(b - a);
            }
        }
        1.0 - more.max(fewer) as f64 / longest as f64
    }
}

/// Whether the distinct words of one name, at least two, are all words of the other; both
/// are sorted word ids. This runs for every candidate of a lookup.
/// The numbers written in a name, in order: "flight 17 of 2014" → 17, 2014.
fn numbers(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
}

fn words_subset(a: &[u32], b: &[u32]) -> bool {
    let (fewer, more) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if fewer.len() < 2 {
        return false;
    }
    let mut rest = more.iter();
    fewer.iter().all(|w| rest.any(|x| x == w))
}

/// The difference between a mention and the name it nearly matches, spelt out inline:
/// `{+Pedro +}Pablo Kuczynski`, `Alberto Fujimor[-y-]{+i+}`.
pub fn inline_diff(written: &str, name: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let words_a: BTreeSet<&str> = written.split_whitespace().collect();
    let words_b: BTreeSet<&str> = name.split_whitespace().collect();
    // Whole words added or dropped read best as a word diff; a typo as a character diff.
    let diff = if words_a.is_subset(&words_b) || words_b.is_subset(&words_a) {
        TextDiff::from_words(written, name)
    } else {
        TextDiff::from_chars(written, name)
    };
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            match open {
                Some(ChangeTag::Delete) => out.push_str("-]"),
                Some(ChangeTag::Insert) => out.push_str("+}"),
                _ => {}
            }
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(change.value());
    }
    match open {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    }
    out
}

/// A name as it reads: folded, with look-alike characters taken for the letters they imitate
/// (the confusable skeletons of UTS #39, a character at a time, before case is folded: a Greek
/// Κ looks like K, a κ does not) and invisible ones dropped, so that "Albеrtо" with a Cyrillic
/// е and о reads "alberto". ASCII is left as it is, so Latin spellings that only look alike
/// ("Kirn" and "Kim", "Clare" and "Dare") stay different names.
pub fn unconfuse(written: &str) -> String {
    if written.is_ascii() {
        return fold_name(written);
    }
    let mut out = String::with_capacity(written.len());
    let mut buf = [0; 4];
    for c in written.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let imitated: String = skeleton(c.encode_utf8(&mut buf)).collect();
        // Skeletons write m as "rn" and I as "l", which ASCII is not read as.
        let imitated = imitated.replace("rn", "m");
        match imitated.strip_prefix('l') {
            Some(rest) if c.is_uppercase() => {
                out.push('I');
                out.push_str(rest);
            }
            _ => out.push_str(&imitated),
        }
    }
    fold_name(&out)
}

/// Whether a character is invisible: UTS #39 drops it from skeletons (a zero-width space, a
/// soft hyphen, a direction mark).
fn invisible(c: char) -> bool {
    let mut buf = [0; 4];
    !c.is_ascii() && skeleton(c.encode_utf8(&mut buf)).next().is_none()
}

/// The script of a letter; `None` for characters every script uses (digits, punctuation,
/// combining marks).
fn script_of(c: char) -> Option<Script> {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        s => Some(s),
    }
}

/// The script most letters of a text are in (the first of equals).
fn main_script(text: &str) -> Option<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for s in text.chars().filter_map(script_of) {
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(s, _)| s)
}

/// The characters of `text` that stand out from `script`: letters of another script, and
/// invisible characters.
fn standing_out(text: &str, script: Option<Script>) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|&c| {
            invisible(c)
                || script.is_some_and(|s| {
                    script_of(c).is_some() && !c.script_extension().contains_script(s)
                })
        })
        .collect();
    out.dedup();
    out
}

/// The characters that make a mention only look like `name`: its letters from another script
/// than most of the name's, else than most of its own, and invisible characters. Empty when
/// the mention has none: the name may be the one with look-alikes, or the two differ in
/// letters of one script ("Walesa" and "Wałęsa"), which is a spelling, not a disguise.
pub fn lookalike_chars(mention: &str, name: &str) -> Vec<char> {
    let foreign = standing_out(mention, main_script(name));
    if !foreign.is_empty() {
        return foreign;
    }
    standing_out(mention, main_script(mention))
}

/// Whether one of two names that read alike is disguised by look-alike characters.
fn disguised(mention: &str, name: &str) -> bool {
    !lookalike_chars(mention, name).is_empty() || !lookalike_chars(name, mention).is_empty()
}

/// The characters of a mention that mix scripts inside a word, or that are invisible; empty
/// for a name whose every word is in one script (Japanese counts as one, as UTS #39 has it).
pub fn mixed_script_chars(mention: &str) -> Vec<char> {
    let mixed = mention.split_whitespace().any(|w| !w.is_single_script());
    standing_out(mention, main_script(mention))
        .into_iter()
        .filter(|&c| mixed || invisible(c))
        .collect()
}

/// A text with some of its characters spelt out: `Alb<е U+0435 Cyrillic>rt<о U+043E Cyrillic>`,
/// and invisible ones as their code point alone: `Al<U+200B>berto`.
pub fn spell_out(text: &str, chars: &[char]) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !chars.contains(&c) {
            out.push(c);
        } else if invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            let script = script_of(c).map_or("", |s| s.full_name());
            out.push_str(&format!("<{c} U+{:04X} {script}>", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex<&'static str> {
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for (name, id) in [
            ("Pedro Pablo Kuczynski", "ppk"),
            ("Kuczynski", "ppk"),
            ("Alberto Fujimori", "alberto"),
            ("Keiko Fujimori", "keiko"),
            ("Constitutional Court", "tc"),
            ("Constitutional Tribunal", "tc"),
            ("IACHR", "commission"),
            ("Fujimori", "alberto"),
            ("Fujimori", "keiko"),
        ] {
            ix.add(name, id);
        }
        ix
    }

    #[test]
    fn exact_names_resolve_ignoring_case_accents_and_punctuation() {
        let ix = index();
        assert_eq!(ix.lookup("constitutional  TRIBUNAL"), Match::Exact("tc"));
        assert_eq!(ix.lookup("Álberto Fujimori."), Match::Exact("alberto"));
    }

    #[test]
    fn names_that_write_different_numbers_are_never_near_misses() {
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for name in [
            "Flight 170",
            "Unit 731",
            "subject-10",
            "Pope Pius XII of 1939",
        ] {
            ix.add(name, name);
        }
        for mention in [
            "Flight 17",
            "Unit 732",
            "subject-11",
            "subject-1",
            "Pope Pius XII of 1940",
        ] {
            assert!(
                matches!(ix.lookup(mention), Match::Unknown { .. }),
                "{mention}"
            );
        }
        // The same numbers with a slip in the letters still are.
        assert!(matches!(ix.lookup("Fliight 170"), Match::Variant { .. }));
    }

    #[test]
    fn a_dropped_first_name_is_a_variant_of_the_full_name() {
        assert_eq!(
            index().lookup("Pablo Kuczynski"),
            Match::Variant {
                target: "ppk",
                name: "Pedro Pablo Kuczynski".into(),
                lookalike: false,
            }
        );
    }

    #[test]
    fn a_typo_is_a_variant_but_another_first_name_is_not() {
        assert_eq!(
            index().lookup("Alberto Fujimory"),
            Match::Variant {
                target: "alberto",
                name: "Alberto Fujimori".into(),
                lookalike: false,
            }
        );
        assert!(matches!(
            index().lookup("Kenji Fujimori"),
            Match::Unknown { .. }
        ));
    }

    #[test]
    fn an_alias_of_two_entities_is_ambiguous() {
        assert_eq!(
            index().lookup("Fujimori"),
            Match::Ambiguous(vec!["alberto", "keiko"])
        );
    }

    #[test]
    fn unknown_names_suggest_the_closest_name() {
        assert_eq!(
            index().lookup("Constitutional Council"),
            Match::Unknown {
                closest: vec!["Constitutional Court".into()]
            }
        );
    }

    #[test]
    fn unknown_names_suggest_up_to_three_entities_best_first() {
        let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for (name, id) in [
            ("Rosa Mejía Alvarado", "rosa"),
            ("Rosa Mejía", "rosa"),
            ("Rosa Medina Alvarado", "medina"),
            ("Rosa Meza Alvarado", "meza"),
            ("Rosa Mena Alvarado", "mena"),
        ] {
            ix.add(name, id);
        }
        assert_eq!(
            ix.lookup("Rosa Mejicano Alvarez"),
            Match::Unknown {
                closest: vec![
                    "Rosa Mejía Alvarado".into(),
                    "Rosa Medina Alvarado".into(),
                    "Rosa Meza Alvarado".into(),
                ]
            }
        );
    }

    fn forms(name: &str, naming: Naming) -> Vec<String> {
        derived_forms(name, naming)
    }

    #[test]
    fn a_spanish_name_goes_by_its_first_surname_and_both() {
        assert_eq!(
            forms("Maynor Suazo Sandoval", Naming::Spanish),
            ["Suazo", "Suazo Sandoval", "Maynor Suazo"]
        );
        assert_eq!(
            forms("Juan Carlos Suazo Sandoval", Naming::Spanish),
            [
                "Suazo",
                "Suazo Sandoval",
                "Juan Suazo",
                "Juan Carlos Suazo",
                "Juan Suazo Sandoval"
            ]
        );
        assert_eq!(forms("Dina Boluarte", Naming::Spanish), ["Boluarte"]);
        assert!(forms("Boluarte", Naming::Spanish).is_empty());
    }

    #[test]
    fn particles_belong_to_the_surname_after_them() {
        assert_eq!(
            forms("María de la Cruz Pérez", Naming::Spanish),
            ["de la Cruz", "de la Cruz Pérez", "María de la Cruz"]
        );
        assert_eq!(
            forms("José Ortega y Gasset", Naming::Spanish),
            ["Ortega", "Ortega y Gasset", "Ortega Gasset", "José Ortega"]
        );
        assert_eq!(
            forms("María de los Ángeles Pérez Gómez", Naming::Spanish)[..3],
            ["Pérez", "Pérez Gómez", "María Pérez"]
        );
    }

    #[test]
    fn a_portuguese_name_goes_by_its_last_surname() {
        assert_eq!(
            forms("João Silva Santos", Naming::Portuguese),
            ["Santos", "João Santos", "Silva Santos"]
        );
        assert_eq!(
            forms("Ana Paula Lima da Silva", Naming::Portuguese),
            [
                "da Silva",
                "Silva",
                "Ana da Silva",
                "Lima da Silva",
                "Ana Lima da Silva"
            ]
        );
    }

    fn victims() -> NameIndex<&'static str> {
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for (name, id, naming) in [
            ("Maynor Suazo Sandoval", "maynor", Naming::Spanish),
            ("Miguel Luna Pérez", "miguel", Naming::Spanish),
            ("João Silva Santos", "joao", Naming::Portuguese),
        ] {
            ix.add(name, id);
            for form in derived_forms(name, naming) {
                ix.add_derived(&form, id);
            }
        }
        ix
    }

    #[test]
    fn a_derived_form_resolves_to_the_one_person_it_fits() {
        let ix = victims();
        for mention in ["Suazo", "Suazo-Sandoval", "suazo sandoval", "Maynor Suazo"] {
            assert_eq!(ix.lookup(mention), Match::Exact("maynor"), "{mention}");
        }
        assert_eq!(ix.lookup("Santos"), Match::Exact("joao"));
        assert_eq!(ix.lookup("João Santos"), Match::Exact("joao"));
        // The Spanish mother's surname alone, or the Portuguese father's, is not the name.
        assert!(matches!(ix.lookup("Sandoval"), Match::Unknown { .. }));
        assert!(matches!(ix.lookup("Silva"), Match::Unknown { .. }));
    }

    #[test]
    fn a_surname_two_people_share_is_ambiguous() {
        let mut ix = victims();
        ix.add("Ana Suazo Méndez", "ana");
        for form in derived_forms("Ana Suazo Méndez", Naming::Spanish) {
            ix.add_derived(&form, "ana");
        }
        assert_eq!(ix.lookup("Suazo"), Match::Ambiguous(vec!["ana", "maynor"]));
        assert_eq!(ix.lookup("Suaso"), Match::Ambiguous(vec!["ana", "maynor"]));
        assert_eq!(ix.lookup("Maynor Suazo"), Match::Exact("maynor"));
    }

    #[test]
    fn an_editors_name_wins_over_a_derived_form() {
        let mut ix = victims();
        ix.add("Santos", "santos-fc");
        assert_eq!(ix.lookup("Santos"), Match::Exact("santos-fc"));
        assert_eq!(ix.lookup("Silva Santos"), Match::Exact("joao"));
    }

    #[test]
    fn one_slip_in_a_short_surname_is_a_near_miss() {
        let ix = victims();
        let suazo = Match::Variant {
            target: "maynor",
            name: "Suazo".into(),
            lookalike: false,
        };
        assert_eq!(ix.lookup("Suaso"), suazo);
        assert_eq!(ix.lookup("Suazzo"), suazo);
        assert_eq!(ix.lookup("Sauzo"), suazo);
        assert!(matches!(ix.lookup("Luma"), Match::Unknown { .. }));
        let mut codes: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        codes.add("e1234", "code");
        assert!(matches!(codes.lookup("e1284"), Match::Unknown { .. }));
    }

    #[test]
    fn other_short_surnames_stay_other_names_either_way() {
        for (a, b) in [
            ("Díez", "Díaz"),
            ("Kim", "Kin"),
            ("Gomes", "Gómez"),
            ("Lopes", "López"),
        ] {
            for (name, mention) in [(a, b), (b, a)] {
                let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
                ix.add(name, "registered");
                assert!(
                    matches!(ix.lookup(mention), Match::Unknown { .. }),
                    "{mention} is not {name}"
                );
            }
        }
    }

    const SURNAMES: [&str; 40] = [
        "Albornoz",
        "Benavides",
        "Cardenas",
        "Delgado",
        "Echeverria",
        "Figueroa",
        "Gallardo",
        "Hinojosa",
        "Iturbide",
        "Jaramillo",
        "Kuczynski",
        "Lombardi",
        "Montoya",
        "Navarrete",
        "Olivares",
        "Pizarro",
        "Quintana",
        "Rosales",
        "Salazar",
        "Tejada",
        "Urquiza",
        "Villalobos",
        "Wiesse",
        "Ximenez",
        "Yupanqui",
        "Zavala",
        "Arguedas",
        "Bustamante",
        "Chirinos",
        "Durand",
        "Espinoza",
        "Fuentes",
        "Huamani",
        "Mamani",
        "Quispe",
        "Condori",
        "Ugarte",
        "Vizcarra",
        "Toledo",
        "Humala",
    ];

    /// "Maria A B C" for every three surnames in order: each surname is in 741 names and
    /// "Maria" in all, so every one-word block is over the cap.
    fn crowded_registry() -> NameIndex<String> {
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for (a, x) in SURNAMES.iter().enumerate() {
            for (b, y) in SURNAMES.iter().enumerate().skip(a + 1) {
                for z in &SURNAMES[b + 1..] {
                    let name = format!("Maria {x} {y} {z}");
                    ix.add(&name, name.clone());
                }
            }
        }
        ix
    }

    #[test]
    fn near_misses_are_found_when_every_word_of_the_name_is_common() {
        let ix = crowded_registry();
        let name = "Maria Delgado Pizarro Vizcarra".to_string();
        let variant = Match::Variant {
            target: name.clone(),
            name,
            lookalike: false,
        };
        assert_eq!(ix.lookup("Delgado Pizarro Vizcarra"), variant);
        assert_eq!(ix.lookup("Maria Delgado Pizarro Viscarra"), variant);
        assert_eq!(ix.lookup("Maria Delgado Bizarro Vizcarra"), variant);
    }

    #[test]
    fn a_typo_in_the_middle_of_a_short_word_is_found_when_the_other_word_is_common() {
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        for i in 0..=MAX_BLOCK {
            // "Keiko Qbaketonez", "Keiko Qsadifonez", ...: distinct, and far from "Keiko Perez".
            let syllables = ["ba", "ke", "lo", "mu", "ri", "sa", "to", "ve"];
            let family: String = (0..4).map(|k| syllables[(i >> (3 * k)) % 8]).collect();
            ix.add(&format!("Keiko Q{family}nez"), i);
        }
        ix.add("Keiko Perez", usize::MAX);
        // The typo changes the first three letters of "Perez" and the last three.
        assert_eq!(
            ix.lookup("Keiko Peaez"),
            Match::Variant {
                target: usize::MAX,
                name: "Keiko Perez".into(),
                lookalike: false,
            }
        );
    }

    /// The word-set keys of a list of distinct words, on one side.
    fn sets(words: &[String], side: Side) -> BTreeSet<BlockKey> {
        let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let mut keys = Vec::new();
        set_keys(&sorted, side, &mut keys);
        keys.into_iter().collect()
    }

    fn shares_a_set_key(name: &[String], mention: &[String]) -> bool {
        !sets(name, Side::Indexed).is_disjoint(&sets(mention, Side::Looked))
    }

    proptest::proptest! {
        #[test]
        fn a_dropped_word_shares_a_word_set_key_with_its_name_either_way(
            words in proptest::collection::btree_set("[a-z]{2,8}", 3..=MAX_SET_WORDS),
            keep in proptest::collection::vec(proptest::bool::ANY, MAX_SET_WORDS),
        ) {
            let name: Vec<String> = words.into_iter().collect();
            let shorter: Vec<String> = name
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(w, _)| w.clone())
                .collect();
            proptest::prop_assume!(shorter.len() >= 2);
            proptest::prop_assert!(shares_a_set_key(&name, &shorter));
            proptest::prop_assert!(shares_a_set_key(&shorter, &name));
        }

        #[test]
        fn a_one_letter_typo_in_one_word_shares_a_word_set_key_with_its_name(
            words in proptest::collection::btree_set("[a-z]{4,9}", 1..=MAX_SET_WORDS),
            which in 0..MAX_SET_WORDS,
            at in 0usize..10,
            edit in 0..3,
            letter in "[a-z]",
        ) {
            let name: Vec<String> = words.into_iter().collect();
            let i = which % name.len();
            let mut chars: Vec<char> = name[i].chars().collect();
            let at = at % (chars.len() + usize::from(edit == 1));
            let letter = letter.chars().next().expect("one letter");
            match edit {
                0 => chars[at] = letter,
                1 => chars.insert(at, letter),
                _ => {
                    chars.remove(at);
                }
            }
            let typo: String = chars.into_iter().collect();
            // A typo that keeps four letters and makes no other word of the name.
            proptest::prop_assume!(typo.len() >= 4 && !name.contains(&typo));
            let mut mention = name.clone();
            mention[i] = typo;
            proptest::prop_assert!(shares_a_set_key(&name, &mention));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_reads_as_it_folds(s in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(unconfuse(&s), fold_name(&s));
        }

        #[test]
        fn cyrillic_look_alikes_anywhere_in_a_latin_name_are_found(
            name in "[A-Z][a-z]{3,9} [A-Z][a-z]{3,9}",
            swap in proptest::collection::vec(proptest::bool::ANY, 20),
        ) {
            // Latin letters and the Cyrillic ones that look the same.
            let twin = |c: char| match c {
                'a' => Some('\u{430}'), 'e' => Some('\u{435}'), 'o' => Some('\u{43e}'),
                'p' => Some('\u{440}'), 'c' => Some('\u{441}'), 'y' => Some('\u{443}'),
                'x' => Some('\u{445}'), 'A' => Some('\u{410}'), 'K' => Some('\u{41a}'),
                'M' => Some('\u{41c}'), 'T' => Some('\u{422}'), _ => None,
            };
            let mention: String = name
                .chars()
                .zip(swap.iter().chain(std::iter::repeat(&false)))
                .map(|(c, &s)| if s { twin(c).unwrap_or(c) } else { c })
                .collect();
            let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
            ix.add(&name, ());
            let expected = if mention == name {
                Match::Exact(())
            } else {
                Match::Variant { target: (), name: name.clone(), lookalike: true }
            };
            proptest::prop_assert_eq!(ix.lookup(&mention), expected);
        }
    }

    #[test]
    fn a_name_of_100_kb_is_matched_only_exactly_and_at_once() {
        let long = "Ana ".repeat(25_000);
        let near = format!("{long}x");
        let mut ix = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        ix.add(&long, "long");
        ix.add("Ana Diaz", "ana");
        let started = std::time::Instant::now();
        assert_eq!(ix.lookup(&long), Match::Exact("long"));
        assert_eq!(
            ix.lookup(&near),
            Match::Unknown {
                closest: Vec::new()
            }
        );
        assert!(
            matches!(ix.lookup("Ana Dias"), Match::Variant { target: "ana", .. }),
            "a long name is in no block of its words"
        );
        // Quadratic work would take hours; the bound only tells that apart, on a busy machine too.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }

    #[test]
    fn blocking_keys_do_not_depend_on_word_order_or_repetition() {
        for side in [Side::Indexed, Side::Looked] {
            assert_eq!(
                block_keys("ana lopez ana", side),
                block_keys("lopez ana", side)
            );
        }
    }

    fn lookalike(target: &'static str, name: &str) -> Match<&'static str> {
        Match::Variant {
            target,
            name: name.into(),
            lookalike: true,
        }
    }

    #[test]
    fn cyrillic_letters_in_a_latin_name_are_a_lookalike_of_it() {
        // е U+0435, о U+043E, і U+0456.
        assert_eq!(
            index().lookup("Alb\u{435}rt\u{43e} Fujimor\u{456}"),
            lookalike("alberto", "Alberto Fujimori")
        );
        // A Greek ι U+03B9, in an alias.
        assert_eq!(
            index().lookup("Kuczynsk\u{3b9}"),
            lookalike("ppk", "Kuczynski")
        );
    }

    #[test]
    fn capitals_are_read_as_the_capitals_they_imitate() {
        let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        ix.add("Ivan", "ivan");
        ix.add("Kim", "kim");
        ix.add("Emma", "emma");
        // Cyrillic І U+0406 and Greek Ι U+0399 look like I; Greek Κ U+039A like K.
        assert_eq!(ix.lookup("\u{406}van"), lookalike("ivan", "Ivan"));
        assert_eq!(ix.lookup("\u{399}van"), lookalike("ivan", "Ivan"));
        assert_eq!(ix.lookup("\u{39a}im"), lookalike("kim", "Kim"));
        // Latin ṃ U+1E43 is an accented m, not "rn".
        assert_eq!(ix.lookup("E\u{1e43}\u{1e43}a"), Match::Exact("emma"));
        assert_eq!(ix.lookup("\u{415}\u{1e43}ma"), lookalike("emma", "Emma"));
    }

    #[test]
    fn a_typo_in_a_disguised_name_is_a_lookalike_near_miss() {
        assert_eq!(
            index().lookup("Alb\u{435}rt\u{43e} Fujimory"),
            lookalike("alberto", "Alberto Fujimori")
        );
    }

    #[test]
    fn invisible_characters_make_a_lookalike() {
        assert_eq!(
            index().lookup("Al\u{200b}berto Fuji\u{ad}mori"),
            lookalike("alberto", "Alberto Fujimori")
        );
    }

    #[test]
    fn names_in_one_script_and_accented_latin_names_match_as_usual() {
        let mut ix = index();
        ix.add("Путин", "putin");
        ix.add("Αλέξης Τσίπρας", "tsipras");
        ix.add("Carlos Núñez Peña", "nunez");
        assert_eq!(ix.lookup("путин"), Match::Exact("putin"));
        assert_eq!(ix.lookup("Αλέξης Τσίπρας"), Match::Exact("tsipras"));
        assert_eq!(ix.lookup("Carlos Nunez Pena"), Match::Exact("nunez"));
        assert_eq!(ix.lookup("Carlos Núñez Peña"), Match::Exact("nunez"));
        // A typo in Greek is an ordinary near miss.
        assert_eq!(
            ix.lookup("Αλέξης Τσίπρα"),
            Match::Variant {
                target: "tsipras",
                name: "Αλέξης Τσίπρας".into(),
                lookalike: false
            }
        );
        // A Latin y U+0079 in the Cyrillic name.
        assert_eq!(ix.lookup("П\u{79}тин"), lookalike("putin", "Путин"));
    }

    #[test]
    fn a_disguised_twin_of_a_name_makes_it_ambiguous() {
        let mut ix = index();
        // Cyrillic А U+0410.
        ix.add("\u{410}lberto Fujimori", "twin");
        assert_eq!(
            ix.lookup("Alberto Fujimori"),
            Match::Ambiguous(vec!["alberto", "twin"])
        );
        assert_eq!(
            ix.lookup("\u{410}lberto Fujimori"),
            Match::Ambiguous(vec!["alberto", "twin"])
        );
    }

    #[test]
    fn latin_letters_of_other_languages_are_spellings_not_disguises() {
        let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        ix.add("Lech Wałęsa", "walesa");
        ix.add("Kılıç", "kilic");
        let plain = |target, name: &str| Match::Variant {
            target,
            name: name.into(),
            lookalike: false,
        };
        assert_eq!(ix.lookup("Lech Walesa"), plain("walesa", "Lech Wałęsa"));
        assert_eq!(ix.lookup("Kilic"), plain("kilic", "Kılıç"));
        // Nor are they twins: each is its own entity.
        ix.add("Kilic", "another-kilic");
        assert_eq!(ix.lookup("Kilic"), Match::Exact("another-kilic"));
        assert_eq!(ix.lookup("Kılıç"), Match::Exact("kilic"));
    }

    #[test]
    fn ascii_letters_that_look_alike_stay_different_names() {
        let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        ix.add("Kim", "kim");
        ix.add("Dare", "dare");
        assert!(matches!(ix.lookup("Kirn"), Match::Unknown { .. }));
        assert!(matches!(ix.lookup("Clare"), Match::Unknown { .. }));
    }

    #[test]
    fn a_name_read_wholly_as_another_script_is_a_lookalike() {
        let mut ix: NameIndex<&str> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
        ix.add("Papa", "papa");
        // Р U+0420, а U+0430: all Cyrillic.
        assert_eq!(
            ix.lookup("\u{420}\u{430}\u{440}\u{430}"),
            lookalike("papa", "Papa")
        );
    }

    #[test]
    fn lookalike_characters_are_spelt_out_with_code_points_and_scripts() {
        let m = "Alb\u{435}rt\u{43e} Fu\u{200b}jimori";
        let chars = lookalike_chars(m, "Alberto Fujimori");
        assert_eq!(
            spell_out(m, &chars),
            "Alb<\u{435} U+0435 Cyrillic>rt<\u{43e} U+043E Cyrillic> Fu<U+200B>jimori"
        );
        assert_eq!(
            lookalike_chars("Alberto Fujimory", "Alberto Fujimori"),
            Vec::<char>::new()
        );
    }

    #[test]
    fn only_words_that_mix_scripts_are_mixed() {
        assert_eq!(mixed_script_chars("Alb\u{435}rto"), ['\u{435}']);
        assert_eq!(mixed_script_chars("Gazprom Германия"), Vec::<char>::new());
        assert_eq!(mixed_script_chars("Путин"), Vec::<char>::new());
        assert_eq!(mixed_script_chars("安倍 晋三"), Vec::<char>::new());
        assert_eq!(mixed_script_chars("東京タワー"), Vec::<char>::new());
        assert_eq!(mixed_script_chars("Núñez"), Vec::<char>::new());
    }

    #[test]
    fn diffs_show_added_words_and_changed_letters() {
        assert_eq!(
            inline_diff("Pablo Kuczynski", "Pedro Pablo Kuczynski"),
            "{+Pedro +}Pablo Kuczynski"
        );
        assert_eq!(
            inline_diff("Alberto Fujimory", "Alberto Fujimori"),
            "Alberto Fujimor[-y-]{+i+}"
        );
    }
}
