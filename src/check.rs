//! The engine: resolves names once, groups claims by (subject, property), runs every rule and
//! returns the findings in a fixed order.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::budget::Budgets;
use crate::error::LoadError;
use crate::finding::{Evidence, Finding, Summary};
use crate::model::{Claim, ClaimIdx, Entity, Fact, Rule, SourceIdx, Workspace};
use crate::names::DEFAULT_MIN_SIMILARITY;
use crate::resolve::{Outcome, Place, Resolution, resolve};
use crate::rules::RuleKind;
use crate::timings::Timings;
use crate::value::{Value, ValueType};

/// What every rule sees: the workspace, the resolved names and the claims grouped by slot.
pub struct Context<'w> {
    pub ws: &'w Workspace,
    pub names: Resolution,
    /// Claims by (subject key, property), in file order.
    pub slots: BTreeMap<(String, String), Vec<ClaimIdx>>,
    entities: HashMap<&'w str, usize>,
    /// The run's budgets, shared out among the rules.
    pub budgets: Budgets,
    /// Per rule of the workspace, the keys its `subjects` filter resolves to and its
    /// `properties`: resolved and hashed once, not gone through again for every slot.
    filters: Vec<Filter>,
    /// Per source, its id and label; per file, its path: shared by all evidence from them.
    source_names: Vec<(Arc<str>, Arc<str>)>,
    file_paths: Vec<Arc<str>>,
    /// Claims whose value a `types` or `names` finding already reports as naming the wrong
    /// entity or none: `agree` leaves them out (see `crosscheck explain precedence`).
    set_aside: HashSet<ClaimIdx>,
    /// Claims a `types` or `names` finding already reports: never a lone value for `corroborate`.
    reported: HashSet<ClaimIdx>,
    /// Claims whose subject fits several entities that all hold the same values for the
    /// claim's property: compared in the slot of the first of them (by id), which this holds.
    shared: HashMap<ClaimIdx, String>,
}

impl<'w> Context<'w> {
    pub fn new(ws: &'w Workspace) -> Self {
        Self::timed(ws, &mut Timings::default())
    }

    /// Like [`Context::new`], recording how long resolving and grouping took.
    pub fn timed(ws: &'w Workspace, timings: &mut Timings) -> Self {
        let min_similarity = ws
            .rules
            .iter()
            .find_map(|r| match r.kind {
                RuleKind::Names(p) => Some(p.min_similarity),
                _ => None,
            })
            .unwrap_or(DEFAULT_MIN_SIMILARITY);
        let names = timings.time("resolve names", || resolve(ws, min_similarity));
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
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let source_names = ws
            .sources
            .iter()
            .map(|s| (s.id.as_str().into(), s.label().into()))
            .collect();
        let file_paths = (0..ws.files.len() as u32)
            .map(|f| ws.files.path(crate::span::FileId(f)).into())
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
        let mut ctx = Self {
            ws,
            names,
            slots,
            entities,
            budgets: Budgets::new(ws),
            filters,
            source_names,
            file_paths,
            set_aside: HashSet::new(),
            reported: HashSet::new(),
            shared: HashMap::new(),
        };
        timings.time("ambiguous subjects", || ctx.share_ambiguous_subjects());
        timings.time("precedence", || ctx.find_reported());
        ctx
    }

    /// Compares a claim whose subject is ambiguous where the candidates agree on it: when
    /// every candidate's slot for the claim's property holds the same values (claims and
    /// registry facts), the claim gets the same verdict whichever is meant, so it joins the
    /// first candidate's slot (by id). Otherwise it stays in a slot of its own mention,
    /// compared only with claims that write the same name.
    fn share_ambiguous_subjects(&mut self) {
        // A mention that fits more entities than this is compared with none of them.
        const MAX_CANDIDATES: usize = 10;
        let mut interned: HashMap<Vec<String>, usize> = HashMap::new();
        let mut of_slot: HashMap<(&str, &str), Option<usize>> = HashMap::new();
        let mut moves: Vec<(ClaimIdx, String)> = Vec::new();
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
                    let into = keys.iter().min().expect("candidates").clone();
                    moves.push((c, into));
                }
            }
        }
        for (c, into) in moves {
            let property = self.claim(c).property.value.clone();
            let own = (self.names.subject_keys[c].to_string(), property.clone());
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
    pub fn shared_subject(&self, claim: ClaimIdx) -> Option<&str> {
        self.shared.get(&claim).map(String::as_str)
    }

    /// Marks the claims whose cause a `types` or `names` rule reports, so that the other
    /// checks step back and one cause gives one finding.
    fn find_reported(&mut self) {
        let (mut set_aside, mut reported) = (HashSet::new(), HashSet::new());
        for rule in &self.ws.rules {
            match rule.kind {
                RuleKind::Types => {
                    for ((subject, property), claims) in self.slots_for(rule) {
                        for (c, _, _) in
                            crate::rules::types::mismatches(self, subject, property, claims)
                        {
                            set_aside.insert(c);
                        }
                    }
                }
                RuleKind::Names(_) => {
                    for report in &self.names.reports {
                        for &(c, place) in &report.claims {
                            if !self.admits(
                                rule,
                                self.subject_key(c),
                                &self.claim(c).property.value,
                            ) {
                                continue;
                            }
                            reported.insert(c);
                            // A near miss counts as the entity it misses, so it is still compared.
                            if place == Place::Value
                                && !matches!(report.outcome, Outcome::Variant { .. })
                            {
                                set_aside.insert(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        reported.extend(&set_aside);
        self.set_aside = set_aside;
        self.reported = reported;
    }

    /// Whether a `types` or `names` finding already reports that the claim's value names the
    /// wrong entity, or none: its value is then not held against the others.
    pub fn is_set_aside(&self, claim: ClaimIdx) -> bool {
        self.set_aside.contains(&claim)
    }

    /// Whether a `types` or `names` finding already reports the claim.
    pub fn is_reported(&self, claim: ClaimIdx) -> bool {
        self.reported.contains(&claim)
    }

    /// Whether a rule of the kind named reports on a slot (`agree` on conflicts, say).
    pub fn has_rule(&self, kind: &str, subject: &str, property: &str) -> bool {
        self.ws
            .rules
            .iter()
            .any(|r| r.kind.info().name == kind && self.admits(r, subject, property))
    }

    /// A source's id and label, as evidence shows them.
    pub fn source_names(&self, source: SourceIdx) -> (Arc<str>, Arc<str>) {
        self.source_names[source].clone()
    }

    /// The path of a file, as evidence shows it.
    pub fn file_path(&self, file: crate::span::FileId) -> Arc<str> {
        self.file_paths[file.0 as usize].clone()
    }

    pub fn claim(&self, i: ClaimIdx) -> &'w Claim {
        &self.ws.claims[i]
    }

    pub fn subject_key(&self, i: ClaimIdx) -> &str {
        &self.names.subject_keys[i]
    }

    /// The registry entity a key names, if it is an entity id.
    pub fn entity(&self, key: &str) -> Option<&'w Entity> {
        self.entities.get(key).map(|&i| &self.ws.entities[i])
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
                let f = &self.filters[at];
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
    ) -> impl Iterator<Item = (&'a (String, String), &'a Vec<ClaimIdx>)> + 'a {
        self.slots
            .iter()
            .filter(move |((s, p), _)| self.admits(rule, s, p))
    }

    pub fn evidence(&self, i: ClaimIdx) -> Evidence {
        let c = self.claim(i);
        let resolved = c.resolved();
        let shown = match &resolved {
            Some(r) => format!("{} ({r})", c.written),
            None => c.written.clone(),
        };
        let (source, origin) = self.source_names(c.source);
        let label = format!("{origin}: {shown}");
        Evidence {
            source,
            origin,
            claim: c.id.clone(),
            file: self.file_path(c.span.file),
            span: c.value_span,
            value: c.written.clone(),
            resolved,
            date: match &c.value {
                Value::Date(d) if d.anchor.is_some() => Some(*d),
                _ => None,
            },
            label,
        }
    }

    /// Like [`Context::evidence`], but pointing at the claim's subject instead of its value.
    pub fn subject_evidence(&self, i: ClaimIdx) -> Evidence {
        let c = self.claim(i);
        let mut e = self.evidence(i);
        e.span = c.subject.span;
        e.value = c.subject.value.clone();
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

/// A rule's `subjects` (as keys) and `properties` filters, hashed; `None` admits all.
struct Filter {
    subjects: Option<HashSet<String>>,
    properties: Option<HashSet<String>>,
}

/// "a", "a and b", "a, b and c".
pub fn join_and(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
    }
}

/// The result of a check: every finding, in order, and the counts.
#[derive(Debug)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Per claim: the key its subject resolved to (an entity id, or the name as written).
    pub subject_keys: crate::resolve::SubjectKeys,
    /// What a baseline left out, when one was given.
    pub baseline: Option<crate::baseline::Outcome>,
    /// How long resolving names, grouping and each rule kind took.
    pub timings: Timings,
    /// One error per budget of the run that ran out: checks that were not done, which fail a
    /// run like the inputs' load errors.
    pub budget_errors: Vec<LoadError>,
}

impl Report {
    /// Sets aside the findings a baseline accepts ([`crate::baseline::apply`]).
    pub fn apply_baseline(&mut self, entries: &[crate::baseline::Entry]) {
        self.baseline = Some(crate::baseline::apply(&mut self.findings, entries));
        self.recount();
    }

    /// Counts the findings again, after some were left out.
    fn recount(&mut self) {
        let by =
            |s: crate::model::Severity| self.findings.iter().filter(|f| f.severity == s).count();
        let (errors, warnings, infos) = (
            by(crate::model::Severity::Error),
            by(crate::model::Severity::Warning),
            by(crate::model::Severity::Info),
        );
        self.summary.errors = errors;
        self.summary.warnings = warnings;
        self.summary.infos = infos;
    }
}

/// Runs every configured rule over the workspace.
pub fn check(ws: &Workspace) -> Report {
    let mut timings = Timings::default();
    let ctx = Context::timed(ws, &mut timings);
    // Rules run side by side (most run on one core); their findings are joined in rule order
    // and sorted, so the output does not depend on scheduling.
    // On threads with stacks large enough for `expr` rules, which would otherwise each need a
    // thread of their own.
    let checked: Vec<(Vec<Finding>, Duration)> = timings.time("rules", || {
        crate::rules::expr::on_large_stacks(|| {
            ws.rules
                .par_iter()
                .map(|rule| {
                    let started = Instant::now();
                    let mut found = Vec::new();
                    rule.kind.check(rule, &ctx, &mut found);
                    ctx.budgets.keep_share(rule, &mut found);
                    (found, started.elapsed())
                })
                .collect()
        })
    });
    let mut findings = Vec::new();
    for (rule, (found, took)) in ws.rules.iter().zip(checked) {
        timings.add_part(&format!("rule {}", rule.kind.info().name), took);
        findings.extend(found);
    }
    findings.iter_mut().for_each(Finding::dedup_evidence);
    timings.time("sort findings", || {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup();
    });
    let outlets = ws.sources.iter().map(|s| s.outlet.as_str()).collect();
    let summary = Summary::count(&findings, ws.sources.len(), outlets, ws.claims.len());
    Report {
        findings,
        summary,
        budget_errors: ctx.budgets.errors(ws),
        subject_keys: ctx.names.subject_keys,
        baseline: None,
        timings,
    }
}
