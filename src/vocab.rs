//! Controlled vocabularies: the terms a text property's values resolve to, and the words of an
//! entity type that do not tell one entity of it from another (docs/vocabularies.md).

use std::collections::BTreeMap;

use crate::value::text::fold_name;

/// The terms of a property: each term id and each of its wordings stands for the term,
/// compared folded like names (case, accents, punctuation, white space).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
    /// Folded wording → (wording as written, index of its term).
    wordings: BTreeMap<String, (String, usize)>,
}

/// Below this edit similarity, an unknown wording gets no "did you mean".
const MIN_HINT_SIMILARITY: f64 = 0.6;

impl Vocabulary {
    /// Adds a term; its id is one of its wordings (unless another term has it already).
    pub fn add_term(&mut self, term: &str) -> usize {
        self.terms.push(term.to_string());
        let i = self.terms.len() - 1;
        let _ = self.add_wording(i, term);
        i
    }

    /// Adds a wording of term `i`; a wording that already stands for another term is refused
    /// with that term's id.
    pub fn add_wording(&mut self, i: usize, wording: &str) -> Result<(), &str> {
        let folded = fold_name(wording);
        match self.wordings.get(&folded) {
            _ if folded.is_empty() => Ok(()),
            Some((_, other)) if *other != i => Err(&self.terms[*other]),
            Some(_) => Ok(()),
            None => {
                self.wordings.insert(folded, (wording.to_string(), i));
                Ok(())
            }
        }
    }

    /// The term a wording stands for.
    pub fn term(&self, written: &str) -> Option<&str> {
        self.wordings
            .get(&fold_name(written))
            .map(|(_, i)| self.terms[*i].as_str())
    }

    /// The wording most like an unknown one, with its term, for a "did you mean".
    pub fn closest(&self, written: &str) -> Option<(&str, &str)> {
        let folded = fold_name(written);
        let mut best: Option<(f64, &str, usize)> = None;
        for (f, (w, i)) in &self.wordings {
            let score = strsim::normalized_levenshtein(&folded, f);
            if score >= MIN_HINT_SIMILARITY && best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, w, *i));
            }
        }
        best.map(|(_, w, i)| (w, self.terms[i].as_str()))
    }

    /// Every wording of the term a wording stands for (none for an unknown wording).
    pub fn wordings_of(&self, written: &str) -> impl Iterator<Item = &str> {
        let term = self.wordings.get(&fold_name(written)).map(|(_, i)| *i);
        self.wordings
            .values()
            .filter(move |(_, i)| Some(*i) == term)
            .map(|(w, _)| w.as_str())
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// The words of an entity type that do not tell its entities apart: interchangeable words
/// ("prison", "jail") and words that carry no identity ("the", "Peruvian").
#[derive(Debug, Clone, Default)]
pub struct TypeWords {
    /// Folded word → the first word of its interchangeable group.
    same: BTreeMap<String, String>,
    ignore: Vec<String>,
}

impl TypeWords {
    /// Adds a group of interchangeable words; returns the words already in another group.
    pub fn interchangeable<'a>(&mut self, group: &[&'a str]) -> Vec<&'a str> {
        let Some(first) = group.iter().map(|w| fold_name(w)).find(|w| !w.is_empty()) else {
            return Vec::new();
        };
        let mut clashes = Vec::new();
        for w in group {
            let folded = fold_name(w);
            match self.same.get(&folded) {
                Some(canon) if *canon != first => clashes.push(*w),
                _ => {
                    self.same.insert(folded, first.clone());
                }
            }
        }
        clashes
    }

    pub fn ignore(&mut self, word: &str) {
        let folded = fold_name(word);
        // "Peru's" folds to "perus"; a phrase ("of Peru") ignores each of its words.
        for w in folded.split(' ').filter(|w| !w.is_empty()) {
            self.ignore.push(w.to_string());
        }
    }

    /// Whether a word is both interchangeable and ignored.
    pub fn ignores_interchangeable(&self) -> Option<&str> {
        self.ignore
            .iter()
            .find(|w| self.same.contains_key(*w))
            .map(String::as_str)
    }

    /// A name's identity under this type: its words, interchangeable ones made one, ignored
    /// ones dropped, as a sorted set. `None` when no word of its own is left ("the jail").
    pub fn key(&self, name: &str) -> Option<String> {
        let folded = fold_name(name);
        let mut own = false;
        let mut words: Vec<&str> = folded
            .split(' ')
            .filter(|w| !w.is_empty() && !self.ignore.iter().any(|i| i == w))
            .map(|w| match self.same.get(w) {
                Some(canon) => canon.as_str(),
                None => {
                    own = true;
                    w
                }
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        own.then(|| words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grounds() -> Vocabulary {
        let mut v = Vocabulary::default();
        let health = v.add_term("health");
        for w in ["medical reasons", "on health grounds"] {
            v.add_wording(health, w).unwrap();
        }
        let pardon = v.add_term("pardon");
        v.add_wording(pardon, "presidential pardon").unwrap();
        v
    }

    #[test]
    fn wordings_and_term_ids_resolve_to_their_term_folded_like_names() {
        let v = grounds();
        assert_eq!(v.term("For medical reasons"), None);
        assert_eq!(v.term("Medical  Reasons"), Some("health"));
        assert_eq!(v.term("health"), Some("health"));
        assert_eq!(v.term("Presidential pardon."), Some("pardon"));
    }

    #[test]
    fn the_wordings_of_a_term_are_found_from_any_of_them() {
        let v = grounds();
        let mut found: Vec<&str> = v.wordings_of("Medical reasons").collect();
        found.sort_unstable();
        assert_eq!(found, ["health", "medical reasons", "on health grounds"]);
        assert_eq!(v.wordings_of("political").count(), 0);
    }

    #[test]
    fn a_wording_under_two_terms_is_refused_naming_the_first() {
        let mut v = grounds();
        let humanitarian = v.add_term("humanitarian");
        assert_eq!(
            v.add_wording(humanitarian, "Medical reasons"),
            Err("health")
        );
    }

    #[test]
    fn an_unknown_wording_suggests_the_closest_wording() {
        let v = grounds();
        assert_eq!(
            v.closest("on health ground"),
            Some(("on health grounds", "health"))
        );
        assert_eq!(v.closest("political"), None);
    }

    fn prison() -> TypeWords {
        let mut t = TypeWords::default();
        assert!(
            t.interchangeable(&["prison", "jail", "penitentiary"])
                .is_empty()
        );
        for w in ["the", "Peru's", "of Peru", "Peruvian"] {
            t.ignore(w);
        }
        t
    }

    #[test]
    fn interchangeable_and_ignored_words_leave_the_same_key_in_any_order() {
        let t = prison();
        assert_eq!(t.key("Lurigancho jail"), t.key("Lurigancho Prison"));
        assert_eq!(
            t.key("the Peruvian Lurigancho penitentiary"),
            t.key("Prison of Lurigancho, Peru")
        );
        assert_ne!(t.key("Lurigancho jail"), t.key("Barbadillo Prison"));
    }

    #[test]
    fn a_name_of_only_generic_words_has_no_key() {
        assert_eq!(prison().key("the Peruvian jail"), None);
    }

    #[test]
    fn a_word_in_two_groups_is_refused() {
        let mut t = prison();
        assert_eq!(t.interchangeable(&["jail", "gaol"]), vec!["jail"]);
    }
}
