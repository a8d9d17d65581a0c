//! Cues learned from the newsroom's claims: in each claim's quote, the value is found as a draft
//! would read it, and the words next to it become cues of the claim's property ("serving a
//! 25-year sentence" teaches `sentence` the cues "serving a {n}", "a {n}" is too common to
//! keep, "{n} sentence"). A cue learned for two properties says neither and is dropped.

use std::collections::{BTreeMap, BTreeSet};

use crate::cue::{Cue, Part};
use crate::model::Workspace;
use crate::scan::{self, NameFinder};
use crate::timings::Timings;
use crate::value::text::fold_name;

use super::{Candidate, proposes, readings};

/// Words too common to make a cue on their own.
const COMMON: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "at", "to", "and", "or", "for", "by", "with", "from", "as",
    "is", "was", "were", "be", "been", "has", "had", "have", "that", "this", "his", "her", "its",
    "their", "he", "she", "it", "they", "who", "which", "after", "before", "since", "than", "but",
    "not", "s",
];

/// Learned cues kept per property, the most often learned first: matching costs a pass over a
/// property's cues for each value of an article, so a large archive must not make it unbounded.
pub const MAX_LEARNED: usize = 64;

/// The cues of each property, learned from the claims of every source but `unseen`.
pub fn learn(ws: &Workspace, unseen: Option<&str>) -> BTreeMap<String, Vec<Cue>> {
    let analysis = crate::rules::analyse(ws, &mut Timings::default());
    let ctx = analysis.of(ws);
    let finder = NameFinder::new(&ws.entities);
    let unseen = unseen.and_then(|id| ws.sources.iter().position(|s| s.id == id));
    // Each cue: the properties it was learned for, and how many times.
    let mut found: BTreeMap<Cue, (BTreeSet<&str>, usize)> = BTreeMap::new();
    for claim in ws.claims.iter().filter(|c| Some(c.source) != unseen) {
        let (Some(quote), Some(property)) = (&claim.quote, ws.property(&claim.property.value))
        else {
            continue;
        };
        let text = &quote.value;
        let words = scan::words(text);
        let mentions = finder.find(&words);
        let folded: Vec<String> = words.iter().map(|w| fold_name(w.text)).collect();
        for r in readings(text, &words, &mentions, &mentions, claim.as_of, ws) {
            if r.ty != property.ty {
                continue;
            }
            let cand = Candidate {
                at: 0,
                ty: r.ty,
                subject: String::new(),
                property: String::new(),
                value: r.value.clone(),
                quote: text.clone(),
                confidence: 0.0,
                notes: Vec::new(),
            };
            if !proposes(&ctx, claim, &cand) {
                continue;
            }
            let Some(first) = words.iter().position(|w| w.end > r.start) else {
                continue;
            };
            let last = words.iter().rposition(|w| w.start < r.end).unwrap_or(first);
            for cue in around(&folded, first, last) {
                let entry = found.entry(cue).or_default();
                entry.0.insert(&property.name);
                entry.1 += 1;
            }
        }
    }
    let mut counted: BTreeMap<String, Vec<(usize, Cue)>> = BTreeMap::new();
    for (cue, (properties, times)) in found {
        if let [one] = properties.iter().collect::<Vec<_>>().as_slice() {
            counted
                .entry(one.to_string())
                .or_default()
                .push((times, cue));
        }
    }
    counted
        .into_iter()
        .map(|(property, mut cues)| {
            // Most often learned first; a stable sort keeps ties in the cues' own order.
            cues.sort_by_key(|c| std::cmp::Reverse(c.0));
            cues.truncate(MAX_LEARNED);
            let mut kept: Vec<Cue> = cues.into_iter().map(|(_, c)| c).collect();
            kept.sort();
            (property, kept)
        })
        .collect()
}

/// The cues of a value on words `first..=last`: one or two words before it, one or two after,
/// each holding a word that is not [`COMMON`].
fn around(folded: &[String], first: usize, last: usize) -> Vec<Cue> {
    let word = |k: usize| Part::Word(folded[k].clone());
    let telling = |ks: &[usize]| ks.iter().any(|&k| !COMMON.contains(&folded[k].as_str()));
    let mut out = Vec::new();
    for n in 1..=2 {
        if first >= n {
            let ks: Vec<usize> = (first - n..first).collect();
            if telling(&ks) {
                out.push(Cue {
                    before: ks.iter().map(|&k| word(k)).collect(),
                    after: Vec::new(),
                });
            }
        }
        if last + n < folded.len() {
            let ks: Vec<usize> = (last + 1..=last + n).collect();
            if telling(&ks) {
                out.push(Cue {
                    before: Vec::new(),
                    after: ks.iter().map(|&k| word(k)).collect(),
                });
            }
        }
    }
    out
}
