//! What the rules see, worked out once per run: the names resolved, the claims grouped by
//! (subject, property) into slots, which claims another finding already reports, the run's
//! budgets, and (in [`classes`]) how the values of a slot split into sides that agree.
//!
//! The analysis is plain data ([`Analysis`]) that the check returns with its findings, so the
//! renderers draw from what was worked out instead of working it out again. The rules read it
//! through a [`Context`], the analysis together with the workspace it was made of. What the
//! analysis needs of the configured rules (a similarity threshold, how many rules share a
//! budget, which claims the rules report) it is told: this module never reads the rules.

pub mod classes;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Deref;
use std::sync::Arc;

use crate::budget::Budgets;
use crate::finding::Evidence;
use crate::model::{Claim, ClaimIdx, Entity, Fact, Rule, SourceIdx, Workspace};
use crate::names::DEFAULT_MIN_SIMILARITY;
use crate::resolve::{Outcome, Place, Resolution, resolve};
use crate::span::FileId;
use crate::timings::Timings;
use crate::value::{Value, ValueType};

/// What the analysis takes from the configured rules.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How close a name must be to a registered one to be taken as a variant of it.
    pub min_similarity: f64,
    /// How many rules share the run's CEL budget (`expr` rules).
    pub expr_rules: usize,
    /// How many rules share the run's budgets for finding quotes (`quotes` rules).
    pub quotes_rules: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            min_similarity: DEFAULT_MIN_SIMILARITY,
            expr_rules: 0,
            quotes_rules: 0,
        }
    }
}

/// Claims a `types` or `names` finding already reports, so that the other checks step back and
/// one cause gives one finding (see `crosscheck explain precedence`).
#[derive(Debug, Default)]
pub struct Precedence {
    /// Claims whose value is reported as naming the wrong entity, or none: `agree` leaves
    /// them out.
    pub set_aside: HashSet<ClaimIdx>,
    /// Every reported claim (the set-aside ones too): never a lone value for `corroborate`.
    pub reported: HashSet<ClaimIdx>,
}

/// What the run worked out about the workspace, for the rules and then for the renderers.
pub struct Analysis {
    pub names: Resolution,
    /// Claims by (subject key, property), in file order.
    pub slots: BTreeMap<(String, String), Vec<ClaimIdx>>,
    /// The run's budgets, shared out among the rules.
    pub budgets: Budgets,
    /// Entity id → its place in the registry.
    entities: HashMap<String, usize>,
    /// Per rule of the workspace, the keys its `subjects` filter resolves to and its
    /// `properties`: resolved and hashed once, not gone through again for every slot.
    filters: Vec<Filter>,
    /// Per source, its id and label; per file, its path: shared by all evidence from them.
    source_names: Vec<(Arc<str>, Arc<str>)>,
    file_paths: Vec<Arc<str>>,
    precedence: Precedence,
    /// Claims whose subject fits several entities that all hold the same values for the
    /// claim's property: compared in the slot of the first of them (by id), which this holds.
    shared: HashMap<ClaimIdx, String>,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("slots", &self.slots.len())
            .field("shared", &self.shared.len())
            .finish_non_exhaustive()
    }
}

impl Analysis {
    /// Resolves the names and groups the claims, recording how long each took.
    pub fn new(ws: &Workspace, settings: &Settings, timings: &mut Timings) -> Self {
        let names = timings.time("resolve names", || resolve(ws, settings.min_similarity));
        let slots = timings.time("group slots", || {
            // Grouped by borrowed keys first: only each slot's key is copied, not each claim's.
            let mut by_key: HashMap<(&str, &str), Vec<ClaimIdx>> = HashMap::new();
            for (i, c) in ws.claims.iter().enumerate() {
                by_key
                    .entry((&names.subject_keys[i], &c.property.value))
                    .or_default()
                    .push(i);
            }
            by_key
                .into_iter()
                .map(|((s, p), claims)| ((s.to_string(), p.to_string()), claims))
                .collect::<BTreeMap<_, _>>()
        });
        let entities = ws
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let source_names = ws
            .sources
            .iter()
            .map(|s| (s.id.as_str().into(), s.label().into()))
            .collect();
        let file_paths = (0..ws.files.len() as u32)
            .map(|f| ws.files.path(FileId(f)).into())
            .collect();
        let filters = ws
            .rules
            .iter()
            .map(|r| Filter {
                subjects: r
                    .subjects
                    .as_ref()
                    .map(|ss| ss.iter().map(|s| names.key(&s.value)).collect()),
                properties: r
                    .properties
                    .as_ref()
                    .map(|ps| ps.iter().map(|p| p.value.clone()).collect()),
            })
            .collect();
        let mut analysis = Self {
            names,
            slots,
            budgets: Budgets::new(ws, settings.expr_rules, settings.quotes_rules),
            entities,
            filters,
            source_names,
            file_paths,
            precedence: Precedence::default(),
            shared: HashMap::new(),
        };
        timings.time("ambiguous subjects", || {
            let moves = analysis.of(ws).shared_ambiguous_subjects();
            analysis.share(moves);
        });
        analysis
    }

    /// The analysis read together with the workspace it was made of.
    pub fn of<'w>(&'w self, ws: &'w Workspace) -> Context<'w> {
        Context { ws, analysis: self }
    }

    /// Records which claims the rules report, for the other rules to step back from.
    pub fn set_precedence(&mut self, precedence: Precedence) {
        self.precedence = precedence;
    }

    /// Moves each claim from its own slot into that of the candidate it is compared as.
    fn share(&mut self, moves: Vec<Move>) {
        for Move {
            claim: c,
            own,
            into,
        } in moves
        {
            let property = own.1.clone();
            if let Some(claims) = self.slots.get_mut(&own) {
                claims.retain(|&x| x != c);
                if claims.is_empty() {
                    self.slots.remove(&own);
                }
            }
            let claims = self.slots.entry((into.clone(), property)).or_default();
            let at = claims.partition_point(|&x| x < c);
            claims.insert(at, c);
            self.shared.insert(c, into);
        }
    }
}

/// The analysis together with the workspace it was made of: what every rule sees. Reading
/// through it costs nothing; it works nothing out again.
#[derive(Clone, Copy)]
pub struct Context<'w> {
    pub ws: &'w Workspace,
    analysis: &'w Analysis,
}

impl Deref for Context<'_> {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        self.analysis
    }
}

impl<'w> Context<'w> {
    /// Which claims with an ambiguous subject are compared, and as which candidate: when
    /// every candidate's slot for the claim's property holds the same values (claims and
    /// registry facts), the claim gets the same verdict whichever is meant, so it joins the
    /// first candidate's slot (by id). Otherwise it stays in a slot of its own mention,
    /// compared only with claims that write the same name.
    fn shared_ambiguous_subjects(&self) -> Vec<Move> {
        // A mention that fits more entities than this is compared with none of them.
        const MAX_CANDIDATES: usize = 10;
        let mut interned: HashMap<Vec<String>, usize> = HashMap::new();
        let mut of_slot: HashMap<(&str, &str), Option<usize>> = HashMap::new();
        let mut moves = Vec::new();
        for report in &self.names.reports {
            let Outcome::Ambiguous { keys } = &report.outcome else {
                continue;
            };
            if keys.len() > MAX_CANDIDATES {
                continue;
            }
            for &(c, place) in &report.claims {
                let property = self.claim(c).property.value.as_str();
                if place != Place::Subject {
                    continue;
                }
                let mut ids = keys.iter().map(|k| {
                    *of_slot
                        .entry((k.as_str(), property))
                        .or_insert_with(|| self.slot_values(k, property, &mut interned))
                });
                let first = ids.next().flatten();
                if first.is_some() && ids.all(|id| id == first) {
                    moves.push(Move {
                        claim: c,
                        own: (self.subject_key(c).to_string(), property.to_string()),
                        into: keys.iter().min().expect("candidates").clone(),
                    });
                }
            }
        }
        moves
    }

    /// An id for the distinct values a slot holds (its claims' and the registry's), the same
    /// for two slots with the same values; `None` for a slot with none.
    fn slot_values(
        &self,
        subject: &str,
        property: &str,
        interned: &mut HashMap<Vec<String>, usize>,
    ) -> Option<usize> {
        let slot = (subject.to_string(), property.to_string());
        let stated = self.slots.get(&slot).into_iter().flatten();
        let facts = self
            .entity(subject)
            .into_iter()
            .flat_map(|e| &e.facts)
            .filter(|f| f.property == property)
            .map(|f| &f.value);
        let mut values: Vec<String> = stated
            .map(|&c| &self.claim(c).value)
            .chain(facts)
            .map(|v| self.value_text(subject, property, v))
            .collect();
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        values.dedup();
        let next = interned.len();
        Some(*interned.entry(values).or_insert(next))
    }

    /// A value as a text that is equal for equal values: entity mentions as their keys.
    fn value_text(&self, subject: &str, property: &str, value: &Value) -> String {
        match value {
            Value::Entity(m) => self.names.value_key(subject, property, m),
            Value::Set(items) => {
                let mut texts: Vec<String> = items
                    .iter()
                    .map(|v| self.value_text(subject, property, v))
                    .collect();
                texts.sort_unstable();
                format!("{texts:?}")
            }
            other => format!("{other:?}"),
        }
    }

    /// The candidate a claim with an ambiguous subject is compared as, if it is compared.
    pub fn shared_subject(&self, claim: ClaimIdx) -> Option<&'w str> {
        self.analysis.shared.get(&claim).map(String::as_str)
    }

    /// Whether a `types` or `names` finding already reports that the claim's value names the
    /// wrong entity, or none: its value is then not held against the others.
    pub fn is_set_aside(&self, claim: ClaimIdx) -> bool {
        self.precedence.set_aside.contains(&claim)
    }

    /// Whether a `types` or `names` finding already reports the claim.
    pub fn is_reported(&self, claim: ClaimIdx) -> bool {
        self.precedence.reported.contains(&claim)
    }

    /// A source's id and label, as evidence shows them.
    pub fn source_names(&self, source: SourceIdx) -> (Arc<str>, Arc<str>) {
        self.analysis.source_names[source].clone()
    }

    /// The path of a file, as evidence shows it.
    pub fn file_path(&self, file: FileId) -> Arc<str> {
        self.analysis.file_paths[file.0 as usize].clone()
    }

    pub fn claim(&self, i: ClaimIdx) -> &'w Claim {
        &self.ws.claims[i]
    }

    pub fn subject_key(&self, i: ClaimIdx) -> &'w str {
        &self.analysis.names.subject_keys[i]
    }

    /// The registry entity a key names, if it is an entity id.
    pub fn entity(&self, key: &str) -> Option<&'w Entity> {
        self.analysis
            .entities
            .get(key)
            .map(|&i| &self.ws.entities[i])
    }

    /// What the text-like values of one slot compare as: an entity mention its resolved
    /// entity, a text value its term or folded text.
    pub fn entity_key<'a>(
        &'a self,
        subject: &'a str,
        property: &'a str,
    ) -> impl Fn(&str) -> String + 'a {
        let text = self
            .ws
            .property(property)
            .filter(|p| p.ty == ValueType::Text);
        move |m| match text {
            Some(p) => p.text_key(m),
            None => self.names.value_key(subject, property, m),
        }
    }

    /// Whether a rule's `subjects` and `properties` filters admit a slot.
    pub fn admits(&self, rule: &Rule, subject_key: &str, property: &str) -> bool {
        // A rule of the workspace has its filters ready; another is read as written.
        let at = (rule as *const Rule as usize).wrapping_sub(self.ws.rules.as_ptr() as usize)
            / std::mem::size_of::<Rule>().max(1);
        match self.ws.rules.get(at) {
            Some(r) if std::ptr::eq(r, rule) => {
                let f = &self.analysis.filters[at];
                f.properties.as_ref().is_none_or(|ps| ps.contains(property))
                    && f.subjects
                        .as_ref()
                        .is_none_or(|ss| ss.contains(subject_key))
            }
            _ => {
                rule.applies_to_property(property)
                    && rule.applies_to_subject(subject_key, &|s| self.names.key(s))
            }
        }
    }

    /// The slots a rule applies to.
    pub fn slots_for<'a>(
        &'a self,
        rule: &'a Rule,
    ) -> impl Iterator<Item = (&'w (String, String), &'w Vec<ClaimIdx>)> + 'a {
        self.analysis
            .slots
            .iter()
            .filter(move |((s, p), _)| self.admits(rule, s, p))
    }

    pub fn evidence(&self, i: ClaimIdx) -> Evidence {
        let c = self.claim(i);
        let resolved = c.resolved();
        let shown = match &resolved {
            Some(r) => format!("{} ({r})", c.written),
            None => c.written.to_string(),
        };
        let (source, origin) = self.source_names(c.source);
        let label = format!("{origin}: {shown}");
        Evidence {
            source,
            origin,
            claim: c.id.to_string(),
            file: self.file_path(c.span.file),
            span: c.value_span,
            value: c.written.to_string(),
            resolved,
            date: match &c.value {
                Value::Date(d) if d.anchor.is_some() => Some(*d),
                _ => None,
            },
            label,
            standing: crate::finding::Standing::Disputed,
        }
    }

    /// Like [`Context::evidence`], but pointing at the claim's subject instead of its value.
    pub fn subject_evidence(&self, i: ClaimIdx) -> Evidence {
        let c = self.claim(i);
        let mut e = self.evidence(i);
        e.span = c.subject.span;
        e.value = c.subject.value.to_string();
        e.resolved = None;
        e.date = None;
        e.label = format!("{}: {}", e.origin, c.subject.value);
        e
    }

    pub fn fact_evidence(&self, entity: &Entity, fact: &Fact) -> Evidence {
        let reference = entity.reference.as_deref().unwrap_or("registry");
        Evidence {
            source: "registry".into(),
            origin: reference.into(),
            claim: format!("{}.{}", entity.id, fact.property),
            file: self.file_path(fact.span.file),
            span: fact.span,
            value: fact.written.clone(),
            resolved: None,
            date: None,
            label: format!("{reference}: {}", fact.written),
            standing: crate::finding::Standing::Disputed,
        }
    }

    /// "Latin Times, 2022-04-08; Bloomberg, 2023-12-06": the sources of some claims.
    pub fn sources_of(&self, claims: &[ClaimIdx]) -> String {
        let labels: BTreeSet<String> = claims
            .iter()
            .map(|&i| {
                let s = self.ws.source_of(self.claim(i));
                s.label()
            })
            .collect();
        labels.into_iter().collect::<Vec<_>>().join("; ")
    }

    /// Distinct outlets among some claims: sources of one outlet count once.
    pub fn outlets_of(&self, claims: &[ClaimIdx]) -> BTreeSet<&'w str> {
        claims
            .iter()
            .map(|&i| self.ws.source_of(self.claim(i)).outlet.as_str())
            .collect()
    }
}

/// A claim with an ambiguous subject leaving the slot of its own mention for a candidate's.
struct Move {
    claim: ClaimIdx,
    own: (String, String),
    into: String,
}

/// A rule's `subjects` (as keys) and `properties` filters, hashed; `None` admits all.
struct Filter {
    subjects: Option<HashSet<String>>,
    properties: Option<HashSet<String>>,
}
