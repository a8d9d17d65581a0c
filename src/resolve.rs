//! The names pass: resolves every subject and entity value to a key (an entity id, or the
//! folded text of an unregistered name), and records how each mention matched, so that a near
//! miss is reported once by the `names` rule and treated as its entity everywhere else.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::model::{ClaimIdx, Workspace};
use crate::names::{Match, NameIndex, derived_forms, mixed_script_chars};
use crate::value::text::fold_name;
use crate::value::{Value, ValueType};

/// Where in a claim a mention stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Subject,
    Value,
}

/// How a mention matched, for the `names` rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A look-alike or near miss of `name`; `registered` is false when `name` is another
    /// source's mention; `lookalike` when they differ in look-alike characters.
    Variant {
        key: String,
        name: String,
        registered: bool,
        lookalike: bool,
    },
    Ambiguous {
        keys: Vec<String>,
    },
    /// `closest`: the registered names most like it, best first.
    Unknown {
        closest: Vec<String>,
    },
}

/// One mention (as written) with one outcome, and every claim that uses it.
#[derive(Debug, Clone)]
pub struct MentionReport {
    pub mention: String,
    pub outcome: Outcome,
    pub claims: Vec<(ClaimIdx, Place)>,
}

/// Per claim, the key its subject resolved to. Most claims share their key with many others,
/// so each distinct key is held once.
#[derive(Debug, Default)]
pub struct SubjectKeys {
    keys: Vec<String>,
    ids: rustc_hash::FxHashMap<String, u32>,
    of_claim: Vec<u32>,
}

impl SubjectKeys {
    /// Adds the next claim's key.
    fn push(&mut self, key: &str) {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = self.keys.len() as u32;
                self.keys.push(key.to_string());
                self.ids.insert(key.to_string(), id);
                id
            }
        };
        self.of_claim.push(id);
    }

    /// The key of a claim's subject.
    pub fn get(&self, claim: ClaimIdx) -> Option<&str> {
        let id = *self.of_claim.get(claim)?;
        Some(&self.keys[id as usize])
    }
}

impl std::ops::Index<ClaimIdx> for SubjectKeys {
    type Output = str;

    fn index(&self, claim: ClaimIdx) -> &str {
        &self.keys[self.of_claim[claim] as usize]
    }
}

/// Resolution of every mention in the workspace.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Per claim: the key of its subject.
    pub subject_keys: SubjectKeys,
    global: HashMap<String, String>,
    /// Folded name → entity id, for the registry's unambiguous names (rule references).
    registered: HashMap<String, String>,
    /// Folded name → the spelling that stands for an unregistered name.
    unregistered: HashMap<String, String>,
    /// Keys of entity values that only hold within one (subject, property).
    /// By subject key, property and mention: nested so that a lookup borrows its keys.
    local: HashMap<String, HashMap<String, HashMap<String, String>>>,
    pub reports: Vec<MentionReport>,
    pub has_registry: bool,
}

impl Resolution {
    /// The key of a mention anywhere: a registry match, or for an unregistered name the
    /// spelling that stands for it (as written, so that findings show it as written).
    pub fn key(&self, mention: &str) -> String {
        if let Some(key) = self.global.get(mention) {
            return key.clone();
        }
        let folded = fold_name(mention);
        self.registered
            .get(&folded)
            .or_else(|| self.unregistered.get(&folded))
            .cloned()
            .unwrap_or_else(|| mention.trim().to_string())
    }

    /// The key of an entity value stated for (subject key, property).
    pub fn value_key(&self, subject: &str, property: &str, mention: &str) -> String {
        self.local
            .get(subject)
            .and_then(|by_property| by_property.get(property))
            .and_then(|keys| keys.get(mention))
            .cloned()
            .unwrap_or_else(|| self.key(mention))
    }

    /// Adds a claim to the report of a mention and outcome, starting one if it is the first.
    fn report(
        &mut self,
        pending: &mut Pending,
        mention: &str,
        outcome: Outcome,
        at: (ClaimIdx, Place),
    ) {
        // Looked up by the borrowed mention: most claims repeat a mention already reported.
        let known = pending.get(mention).and_then(|reports| {
            reports
                .iter()
                .find(|&&i| self.reports[i].outcome == outcome)
        });
        let i = match known {
            Some(&i) => i,
            None => {
                self.reports.push(MentionReport {
                    mention: mention.to_string(),
                    outcome,
                    claims: Vec::new(),
                });
                let i = self.reports.len() - 1;
                pending.entry(mention.to_string()).or_default().push(i);
                i
            }
        };
        self.reports[i].claims.push(at);
    }
}

/// The reports started so far, by mention.
type Pending = HashMap<String, Vec<usize>>;

fn entity_mentions(value: &Value) -> Vec<&str> {
    match value {
        Value::Entity(m) => vec![m.as_str()],
        Value::Set(items) => items.iter().flat_map(entity_mentions).collect(),
        _ => Vec::new(),
    }
}

/// Clusters unregistered spellings: each is held against the spellings already taken as
/// canonical (those without look-alike characters first, then the most used), and becomes a
/// variant of the one it nearly matches.
fn cluster(
    spellings: &BTreeMap<String, (usize, String)>,
    min_similarity: f64,
) -> HashMap<String, (String, Option<(String, bool)>)> {
    let mut order: Vec<(&String, &(usize, String), bool)> = spellings
        .iter()
        .map(|(folded, s)| (folded, s, !mixed_script_chars(&s.1).is_empty()))
        .collect();
    order.sort_by(|a, b| {
        a.2.cmp(&b.2)
            .then(b.1.0.cmp(&a.1.0))
            .then(b.0.len().cmp(&a.0.len()))
            .then(a.0.cmp(b.0))
    });
    let mut index: NameIndex<String> = NameIndex::new(min_similarity);
    let mut out = HashMap::new();
    for (folded, (_, written), _) in order {
        match index.find(written) {
            Match::Variant {
                target,
                name,
                lookalike,
            } => {
                out.insert(folded.clone(), (target, Some((name, lookalike))));
            }
            _ => {
                index.add(written, written.clone());
                out.insert(folded.clone(), (written.clone(), None));
            }
        }
    }
    out
}

/// The registry's names, ids and the names' keys under their type's generic words.
struct Registry {
    names: NameIndex<usize>,
    /// Folded id → entity. An id matches only exactly: it is no name to be a near miss of.
    ids: HashMap<String, usize>,
    /// Id as written → entity.
    written_ids: HashMap<String, usize>,
    /// By "type NUL name key" ([`crate::vocab::TypeWords::key`]): the entities of a type
    /// with generic words whose names have that key.
    typed: HashMap<String, Vec<usize>>,
    /// Folded adjective → the entities it stands for ("Honduran" → Honduras), for entity
    /// values only: an adjective is no name, so it neither shadows nor is a near miss of one.
    adjectives: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// An entity value's match: a name or id exactly, else an adjective, else a near miss.
    fn value_match(&self, m: &str, by_name: Match<usize>) -> Match<usize> {
        if matches!(by_name, Match::Exact(_)) {
            return by_name;
        }
        match self.adjectives.get(&fold_name(m)).map(Vec::as_slice) {
            Some([one]) => Match::Exact(*one),
            Some(several) => Match::Ambiguous(several.to_vec()),
            None => by_name,
        }
    }

    /// How a mention matches: a name exactly, else an id, else a name under its type's
    /// generic words ("Lurigancho jail" for "Lurigancho Prison"), else a near miss of a name.
    fn lookup(&self, ws: &Workspace, m: &str) -> Match<usize> {
        // An id written as such; otherwise names first, so that a name two entities share
        // (or a disguised twin) stays ambiguous even when it folds to an id.
        if let Some(&e) = self.written_ids.get(m) {
            return Match::Exact(e);
        }
        if let Some(found) = self.names.exact(m) {
            return found;
        }
        if let Some(&e) = self.ids.get(&fold_name(m)) {
            return Match::Exact(e);
        }
        let mut hits: Vec<usize> = ws
            .entity_types
            .iter()
            .filter_map(|(ty, words)| Some((ty, words.key(m)?)))
            .filter_map(|(ty, key)| self.typed.get(&format!("{ty}\u{0}{key}")))
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        hits.dedup();
        match hits.as_slice() {
            [] => self.names.lookup(m),
            [one] => Match::Exact(*one),
            _ => Match::Ambiguous(hits),
        }
    }
}

pub fn resolve(ws: &Workspace, min_similarity: f64) -> Resolution {
    let mut names: NameIndex<usize> = NameIndex::new(min_similarity);
    let mut ids = HashMap::new();
    let mut written_ids = HashMap::new();
    let mut typed: HashMap<String, Vec<usize>> = HashMap::new();
    let mut adjectives: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in ws.entities.iter().enumerate() {
        // The canonical name first: a near miss is shown against the first name it ties on.
        let all = std::iter::once(&e.name.value).chain(e.aliases.iter().map(|a| &a.value));
        for name in all {
            names.add(name, i);
            if let Some(ty) = &e.kind
                && let Some(key) = ws.entity_types.get(ty).and_then(|w| w.key(name))
            {
                let hits = typed.entry(format!("{ty}\u{0}{key}")).or_default();
                if !hits.contains(&i) {
                    hits.push(i);
                }
            }
        }
        // After the entity's own names: a near miss is shown against those first.
        for form in e
            .naming
            .map(|n| derived_forms(&e.name.value, n))
            .unwrap_or_default()
        {
            names.add_derived(&form, i);
        }
        ids.entry(fold_name(&e.id)).or_insert(i);
        written_ids.entry(e.id.clone()).or_insert(i);
        for a in &e.adjectives {
            let hits = adjectives.entry(fold_name(&a.value)).or_default();
            if !hits.contains(&i) {
                hits.push(i);
            }
        }
    }
    let registry = Registry {
        names,
        ids,
        written_ids,
        typed,
        adjectives,
    };
    let mut res = Resolution {
        has_registry: !registry.names.is_empty(),
        ..Default::default()
    };
    for (i, e) in ws.entities.iter().enumerate() {
        let names = std::iter::once(&e.name.value).chain(e.aliases.iter().map(|a| &a.value));
        for name in names.chain(std::iter::once(&e.id)) {
            if let Match::Exact(t) = registry.lookup(ws, name)
                && t == i
            {
                res.registered.insert(fold_name(name), e.id.clone());
            }
        }
    }
    let mut pending = Pending::new();
    // Each distinct mention is looked up once, on every core; what follows reads the answers
    // in claim order, so the outcome does not depend on scheduling.
    let mut distinct: HashSet<&str> = HashSet::new();
    for claim in &ws.claims {
        distinct.insert(claim.subject.value.as_str());
        if ws
            .property(&claim.property.value)
            .is_some_and(|p| p.ty == ValueType::Entity)
        {
            distinct.extend(entity_mentions(&claim.value));
        }
    }
    let distinct: Vec<&str> = distinct.into_iter().collect();
    let memo: HashMap<&str, Match<usize>> = distinct
        .par_iter()
        .map(|m| (*m, registry.lookup(ws, m)))
        .collect();
    // Every mention below was collected above.
    let lookup = |m: &str| -> Match<usize> { memo[m].clone() };

    // Registry matches, for subjects and entity values alike.
    let mut unresolved_subjects: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut unresolved_values: Vec<(ClaimIdx, String)> = Vec::new();
    for (ci, claim) in ws.claims.iter().enumerate() {
        let entity_property = ws
            .property(&claim.property.value)
            .is_some_and(|p| p.ty == ValueType::Entity);
        let mut mentions = vec![(claim.subject.value.as_str(), Place::Subject)];
        if entity_property {
            mentions.extend(
                entity_mentions(&claim.value)
                    .into_iter()
                    .map(|m| (m, Place::Value)),
            );
        }
        for (m, place) in mentions {
            let found = match place {
                Place::Value => registry.value_match(m, lookup(m)),
                Place::Subject => lookup(m),
            };
            match found {
                Match::Exact(e) => {
                    if !res.global.contains_key(m) {
                        res.global.insert(m.to_string(), ws.entities[e].id.clone());
                    }
                }
                Match::Variant {
                    target,
                    name,
                    lookalike,
                } => {
                    let key = ws.entities[target].id.clone();
                    if !res.global.contains_key(m) {
                        res.global.insert(m.to_string(), key.clone());
                    }
                    let outcome = Outcome::Variant {
                        key,
                        name,
                        registered: true,
                        lookalike,
                    };
                    res.report(&mut pending, m, outcome, (ci, place));
                }
                Match::Ambiguous(targets) => {
                    let keys = targets.iter().map(|&t| ws.entities[t].id.clone()).collect();
                    res.report(&mut pending, m, Outcome::Ambiguous { keys }, (ci, place));
                }
                Match::Unknown { closest } => {
                    if place == Place::Subject {
                        let e = unresolved_subjects
                            .entry(fold_name(m))
                            .or_insert((0, m.to_string()));
                        e.0 += 1;
                    } else {
                        unresolved_values.push((ci, m.to_string()));
                    }
                    if res.has_registry {
                        res.report(&mut pending, m, Outcome::Unknown { closest }, (ci, place));
                    }
                }
            }
        }
    }

    // Unregistered subjects: near misses of each other across all sources.
    let clusters = cluster(&unresolved_subjects, min_similarity);
    res.unregistered = clusters
        .iter()
        .map(|(folded, (key, _))| (folded.clone(), key.clone()))
        .collect();
    for (ci, c) in ws.claims.iter().enumerate() {
        let m = c.subject.value.as_str();
        if let Some(key) = res.global.get(m) {
            res.subject_keys.push(key);
            continue;
        }
        match clusters.get(&fold_name(m)) {
            Some((key, Some((name, lookalike)))) => {
                let outcome = Outcome::Variant {
                    key: key.clone(),
                    name: name.clone(),
                    registered: false,
                    lookalike: *lookalike,
                };
                res.report(&mut pending, m, outcome, (ci, Place::Subject));
                res.subject_keys.push(key);
            }
            Some((key, None)) => res.subject_keys.push(key),
            None => res.subject_keys.push(m.trim()),
        }
    }

    // Unregistered entity values: near misses of another source's mention of the same slot.
    let mut by_slot: BTreeMap<(String, String), BTreeMap<String, (usize, String)>> =
        BTreeMap::new();
    for (ci, m) in &unresolved_values {
        let slot = (
            res.subject_keys[*ci].to_string(),
            ws.claims[*ci].property.value.to_string(),
        );
        let e = by_slot
            .entry(slot)
            .or_default()
            .entry(fold_name(m))
            .or_insert((0, m.clone()));
        e.0 += 1;
    }
    let slot_clusters: BTreeMap<_, _> = by_slot
        .iter()
        .map(|(slot, spellings)| (slot.clone(), cluster(spellings, min_similarity)))
        .collect();
    for (ci, m) in &unresolved_values {
        let slot = (
            res.subject_keys[*ci].to_string(),
            ws.claims[*ci].property.value.to_string(),
        );
        let Some((key, variant_of)) = slot_clusters.get(&slot).and_then(|c| c.get(&fold_name(m)))
        else {
            continue;
        };
        res.local
            .entry(slot.0.clone())
            .or_default()
            .entry(slot.1.clone())
            .or_default()
            .insert(m.clone(), key.clone());
        if let Some((name, lookalike)) = variant_of {
            let outcome = Outcome::Variant {
                key: key.clone(),
                name: name.clone(),
                registered: false,
                lookalike: *lookalike,
            };
            res.report(&mut pending, m, outcome, (*ci, Place::Value));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::load;

    /// A registry with Honduras (adjectives Honduran, hondureño) and a claim per value of
    /// `nationality` about a victim.
    fn nationality(values: &[&str]) -> (Workspace, Resolution) {
        let claims: String = values
            .iter()
            .map(|v| format!("  - subject: victim\n    property: nationality\n    value: {v}\n"))
            .collect();
        let ws = load(&[
            (
                "properties.yaml",
                "properties:\n  nationality: {type: entity, range: [country]}\n",
            ),
            (
                "registry.yaml",
                "entities:\n  - id: victim\n    name: Elmer Cáceres\n  - id: honduras\n    name: Honduras\n    type: country\n    adjectives: [Honduran, hondureño]\n  - id: hn-navy-ship\n    name: Hondureña\n    type: ship\n    adjectives: [Hondureño]\n",
            ),
            (
                "a.yaml",
                &format!("source:\n  outlet: A\n  published: 2025-04-10\nclaims:\n{claims}"),
            ),
        ]);
        let res = resolve(&ws, 0.85);
        (ws, res)
    }

    #[test]
    fn an_adjective_resolves_an_entity_value_to_its_entity() {
        let (_, res) = nationality(&["Honduran", "HONDURAN"]);
        assert_eq!(
            res.value_key("victim", "nationality", "Honduran"),
            "honduras"
        );
        assert_eq!(
            res.value_key("victim", "nationality", "HONDURAN"),
            "honduras"
        );
        assert!(res.reports.is_empty(), "{:?}", res.reports);
    }

    #[test]
    fn a_name_wins_over_an_adjective_and_a_shared_adjective_is_ambiguous() {
        // "Hondureña" is the ship's name (and folds like no adjective); "hondureño" is an
        // adjective of both Honduras and the ship.
        let (_, res) = nationality(&["Hondureña", "hondureño"]);
        assert_eq!(
            res.value_key("victim", "nationality", "Hondureña"),
            "hn-navy-ship"
        );
        let outcomes: Vec<_> = res
            .reports
            .iter()
            .map(|r| (&r.mention, &r.outcome))
            .collect();
        assert_eq!(
            outcomes,
            [(
                &"hondureño".to_string(),
                &Outcome::Ambiguous {
                    keys: vec!["honduras".into(), "hn-navy-ship".into()]
                }
            )]
        );
    }
}
