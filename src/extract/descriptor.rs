//! The article teaches its own descriptors: a title or description that stands right before a
//! registered person's name ("former President Alberto Fujimori", "Peru's ex-leader Alberto
//! Fujimori") or in apposition to it ("Alberto Fujimori, the former president,") names that
//! person when the article later says "the former president" or "the ex-leader". Nothing is
//! known in advance about which words are titles: they are whatever the article puts there.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::scan::{Found, Word};
use crate::value::text::fold_name;

/// How many words a descriptor may have ("former Peruvian President").
const MAX_WORDS: usize = 3;

/// Words that end a descriptor: what comes before them is another phrase ("pardoned by former
/// President X": "by"), and determiners begin a definite mention rather than a title.
const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "of", "by", "to", "for", "with", "and", "or", "but", "in",
    "on", "at", "from", "as", "who", "whom", "which", "whose", "than", "into", "after", "before",
];

/// Articles that open an apposition ("Fujimori, the former president,").
const APPOSITION_ARTICLES: &[&str] = &["the", "a", "an"];

/// A word of a sentence with its hyphenated neighbours joined ("ex-leader", "85-year-old"),
/// folded, and whether it follows the word before with only spaces between.
struct Token {
    folded: String,
    /// Written in lower case: a common word ("former"), not a proper one ("Peruvian").
    lower: bool,
    /// Folded without a possessive ("Peru's" → "peru"), for telling proper words.
    bare: String,
    start: usize,
    end: usize,
    joined_to_previous: bool,
}

fn tokens(sentence: &str, words: &[Word]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for w in words {
        let gap = out.last().map_or("", |t| &sentence[t.end..w.start]);
        if let Some(last) = out.last_mut().filter(|_| gap == "-" || gap == "‑") {
            last.folded.push('-');
            last.folded.push_str(&fold_name(w.text));
            last.end = w.end;
            continue;
        }
        out.push(Token {
            folded: fold_name(w.text),
            lower: w.text.starts_with(|c: char| c.is_lowercase()),
            bare: fold_name(
                w.text
                    .strip_suffix("'s")
                    .or_else(|| w.text.strip_suffix("’s"))
                    .unwrap_or(w.text),
            ),
            start: w.start,
            end: w.end,
            joined_to_previous: !out.is_empty() && gap.chars().all(char::is_whitespace),
        });
    }
    out
}

/// Whether a token can be part of a descriptor: a word, not a function word or a number
/// ("the 85-year-old ex-leader" is described by its age, which no later mention repeats).
fn descriptive(t: &Token) -> bool {
    !STOP_WORDS.contains(&t.folded.as_str()) && !t.folded.chars().any(|c| c.is_ascii_digit())
}

/// A descriptor the article gave an entity, and where: sentence index and byte in it.
struct Taught {
    words: Vec<String>,
    /// The common words before the last ("former" of "former President"), possessives aside:
    /// a mention keeps one of them, as "the president" is not "the former president".
    qualifiers: Vec<String>,
    entity: usize,
    at: (usize, usize),
}

/// A sentence's text, its words and the registered names found in it.
pub type NamedSentence<'a> = (&'a str, &'a [Word<'a>], &'a [Found<usize>]);

/// The descriptors an article teaches.
pub struct Descriptors {
    /// By the descriptor's last word, each (words, entity) once, where first taught.
    taught: HashMap<String, Vec<Taught>>,
}

/// What the descriptors of one sentence name: mentions of one entity each, and the phrases
/// that could name several ("the former president" of two former presidents), with those
/// entities.
pub struct Described {
    pub mentions: Vec<Found<usize>>,
    pub unsure: Vec<(String, Vec<usize>)>,
}

impl Descriptors {
    /// Learns from each sentence (its text, words and the registered names found in it) the
    /// descriptors of the names for which `learns` holds.
    pub fn learn(sentences: &[NamedSentence], learns: impl Fn(usize) -> bool) -> Self {
        let toks: Vec<Vec<Token>> = sentences.iter().map(|(t, w, _)| tokens(t, w)).collect();
        // A sentence's first word is capitalised whatever it is ("Former President X"): it is
        // proper where the article capitalises it elsewhere ("Peru's ex-leader X").
        let proper: BTreeSet<&str> = toks
            .iter()
            .flat_map(|t| t.iter().skip(1))
            .filter(|t| !t.lower)
            .map(|t| t.bare.as_str())
            .collect();
        // A possessive says whose title it is ("the country's ex-leader"), not which one.
        let qualifies = |t: &Token, first: bool| {
            t.bare == t.folded && (t.lower || (first && !proper.contains(t.bare.as_str())))
        };
        let mut taught: HashMap<String, Vec<Taught>> = HashMap::new();
        for (i, ((text, _, names), toks)) in sentences.iter().zip(&toks).enumerate() {
            let name_ends: HashSet<usize> = names.iter().map(|m| m.end).collect();
            let name_starts: HashSet<usize> = names.iter().map(|m| m.start).collect();
            for name in names.iter().filter(|m| learns(m.value)) {
                let Ok(first) = toks.binary_search_by_key(&name.start, |t| t.start) else {
                    continue;
                };
                // "former President Alberto Fujimori": the words right before the name.
                let mut before: Vec<(&Token, bool)> = Vec::new();
                let mut k = first;
                while k > 0 && before.len() < MAX_WORDS && toks[k].joined_to_previous {
                    k -= 1;
                    if !descriptive(&toks[k]) || name_ends.contains(&toks[k].end) {
                        break;
                    }
                    before.insert(0, (&toks[k], k == 0));
                }
                // "Alberto Fujimori, the former president,": an apposition after a comma.
                let after =
                    Some(toks.partition_point(|t| t.start < name.end)).filter(|&k| k < toks.len());
                let apposition = after
                    .filter(|&k| {
                        text[name.end..toks[k].start].trim() == ","
                            && APPOSITION_ARTICLES.contains(&toks[k].folded.as_str())
                    })
                    .map(|k| {
                        toks[k + 1..]
                            .iter()
                            .take_while(|t| {
                                t.joined_to_previous
                                    && descriptive(t)
                                    && !name_starts.contains(&t.start)
                            })
                            .take(MAX_WORDS)
                            .map(|t| (t, false))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                for words in [before, apposition] {
                    let Some(((head, _), qualifiers)) = words.split_last() else {
                        continue;
                    };
                    let folded: Vec<String> = words.iter().map(|(t, _)| t.folded.clone()).collect();
                    let same = taught.entry(head.folded.clone()).or_default();
                    if !same
                        .iter()
                        .any(|d| d.entity == name.value && d.words == folded)
                    {
                        same.push(Taught {
                            words: folded,
                            qualifiers: qualifiers
                                .iter()
                                .filter(|(t, first)| qualifies(t, *first))
                                .map(|(t, _)| t.folded.clone())
                                .collect(),
                            entity: name.value,
                            at: (i, name.start),
                        });
                    }
                }
            }
        }
        Descriptors { taught }
    }

    /// The definite descriptors of sentence `index` ("the former president", "the 85-year-old
    /// ex-leader") that the article taught before them: the last word is the descriptor's last
    /// word, the others among its words (a number aside) and one of its qualifiers if it has
    /// any. A descriptor right before a name is
    /// that name's title, not a mention of its own.
    pub fn find(
        &self,
        index: usize,
        text: &str,
        words: &[Word],
        names: &[Found<usize>],
    ) -> Described {
        let toks = tokens(text, words);
        let name_starts: HashSet<usize> = names.iter().map(|m| m.start).collect();
        let mut described = Described {
            mentions: Vec::new(),
            unsure: Vec::new(),
        };
        for (i, t) in toks.iter().enumerate() {
            if t.folded != "the" {
                continue;
            }
            let phrase = toks[i + 1..]
                .iter()
                .take_while(|t| t.joined_to_previous && !STOP_WORDS.contains(&t.folded.as_str()))
                .take(MAX_WORDS)
                .count();
            let found = (1..=phrase).rev().find_map(|n| {
                let (head, modifiers) = (&toks[i + n], &toks[i + 1..i + n]);
                if toks
                    .get(i + n + 1)
                    .is_some_and(|next| name_starts.contains(&next.start))
                {
                    return None;
                }
                let mut entities: Vec<usize> = self
                    .taught
                    .get(&head.folded)
                    .into_iter()
                    .flatten()
                    .filter(|d| d.at < (index, t.start))
                    .filter(|d| {
                        modifiers
                            .iter()
                            .filter(|m| descriptive(m))
                            .all(|m| d.words.contains(&m.folded))
                            && (d.qualifiers.is_empty()
                                || modifiers.iter().any(|m| d.qualifiers.contains(&m.folded)))
                    })
                    .map(|d| d.entity)
                    .collect();
                entities.sort_unstable();
                entities.dedup();
                (!entities.is_empty()).then_some((head.end, entities))
            });
            match found {
                Some((end, entities)) if entities.len() == 1 => described.mentions.push(Found {
                    value: entities[0],
                    start: t.start,
                    end,
                }),
                Some((end, entities)) => described
                    .unsure
                    .push((text[t.start..end].to_string(), entities)),
                None => {}
            }
        }
        described
    }
}
