//! The discrepancy report's data model: built once from an [`Output`], then drawn by the
//! Markdown and HTML renderers. Everything here is plain data in display order; the renderers
//! only lay it out and escape it.
//!
//! What the report holds:
//!
//! - the summary counts and the sources, ordered by publication date, then id;
//! - every finding, with each claim it rests on named by outlet and date, with its quote and
//!   a link to the article where the source gives an `http(s)` `url`;
//! - per subject, a fact matrix: properties as rows, the sources that say something about the
//!   subject as columns (plus the registry's reference facts, where it has some), each cell the
//!   value as written and, for a relative date, what it resolved to; a running figure
//!   (`changes: true`) stated as of another day than its source's says the date it holds at;
//! - a timeline of every dated claim;
//! - per outlet, what it claimed and how much of it others back up;
//! - the gaps: `missing` and `uncorroborated` findings.
//!
//! **Conflicting cells.** Only the losing side of a finding is marked, as its rule judged it
//! ([`Standing`]): a cell is conflicting when its claim (or registry fact) is held wrong by a
//! `conflict`, `self-contradiction`, `age-mismatch`, `reference-mismatch`, `sum-mismatch`,
//! `out-of-order` or `type-mismatch` finding (the minority, the value off the registry's, the
//! age that fits no birth date the others share); disputed when such a finding cannot tell
//! which side is wrong (an even split, an article that contradicts itself); a variant when it
//! is a spelling a `name-variant` finding questions. The claims a finding upholds are not
//! marked.
//!
//! **Corroboration.** A claim is *corroborated* when at least two outlets (its own included;
//! sources of one outlet count once) state an agreeing value for the same (subject,
//! property): the claims of each (resolved subject key, property) are split into classes of
//! agreeing values with [`Value::agrees`](crate::value::Value::agrees), exactly as the
//! `corroborate` rule does (the same tolerance and entity resolution, and for `changes: true`
//! properties only between claims whose `as_of` overlap), and a claim is corroborated when its
//! class spans two outlets or more. This is computed for every claim, whether or not a
//! `corroborate` rule is configured, and does not depend on that rule's `min_outlets` or
//! filters. The *uncorroborated* counts and the gaps list, by contrast, are the claims the
//! configured `corroborate` rules flagged (evidence of an `uncorroborated` finding).
//!
//! **Questioned.** The outlets table counts an outlet's claims that are evidence of a conflict
//! or mismatch ([`CONFLICT_CODES`]), a name variant or an unknown name ([`QUESTIONING_CODES`]),
//! but not those the finding upholds (the majority's value, the registry's); such a claim is
//! not counted as corroborated.
//!
//! **Stood alone.** An outlet stood alone in a `conflict` finding when, splitting that
//! finding's claims into classes of agreeing values, no other outlet shares its value.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::Output;
use crate::analysis::Analysis;
use crate::finding::{Code, Finding, Standing, Summary};
use crate::model::{ClaimIdx, Severity, Workspace};
use crate::rules::{age, agree, corroborate, names, order, reference, require, sum, types};
use crate::value::date::Period;
use crate::value::{DateValue, Value};

/// Codes whose evidence marks a cell of the fact matrix as conflicting.
pub const CONFLICT_CODES: [Code; 7] = [
    agree::CONFLICT,
    agree::SELF_CONTRADICTION,
    age::AGE_MISMATCH,
    reference::REFERENCE_MISMATCH,
    sum::SUM_MISMATCH,
    order::OUT_OF_ORDER,
    types::TYPE_MISMATCH,
];

/// Codes whose evidence counts as questioned in the outlets table, besides [`CONFLICT_CODES`].
pub const QUESTIONING_CODES: [Code; 3] = [
    names::NAME_VARIANT,
    names::UNKNOWN_ENTITY,
    names::AMBIGUOUS_NAME,
];

/// Codes that make a timeline event disputed when one of its claims is their evidence.
const TIMELINE_DISPUTE_CODES: [Code; 2] = [agree::CONFLICT, order::OUT_OF_ORDER];

/// The whole report, in display order.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub summary: Summary,
    pub load_errors: Vec<LoadErrorRow>,
    /// Every source, by publication date, then id.
    pub sources: Vec<SourceInfo>,
    /// Every finding, in the report's order (errors first).
    pub findings: Vec<FindingView>,
    /// One fact matrix per subject: those with conflicts first, then with variants, then the
    /// rest, each by label.
    pub subjects: Vec<SubjectMatrix>,
    /// Every dated claim, earliest first.
    pub timeline: Vec<TimelineEvent>,
    /// One row per outlet, by name.
    pub outlets: Vec<OutletStats>,
    /// `missing` findings.
    pub missing: Vec<GapRow>,
    /// `uncorroborated` findings.
    pub uncorroborated: Vec<GapRow>,
    /// What a baseline set aside, when the report was given one.
    pub baseline: Option<BaselineView>,
}

/// The findings a baseline accepts, and what else it did.
#[derive(Debug, Clone)]
pub struct BaselineView {
    /// Each accepted finding, in the report's order, with the editor's reason.
    pub accepted: Vec<(FindingView, String)>,
    /// Findings an entry accepted before that state a new or changed value (among `findings`).
    pub reopened: usize,
    /// Entries that match no finding any more.
    pub stale: usize,
}

/// A load error, for the top of the report.
#[derive(Debug, Clone)]
pub struct LoadErrorRow {
    /// `file:line:column`, or the file alone.
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub id: String,
    pub outlet: String,
    pub published: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub claims: usize,
}

impl SourceInfo {
    /// "Bloomberg, 2023-12-06".
    pub fn label(&self) -> String {
        format!("{}, {}", self.outlet, self.published)
    }
}

#[derive(Debug, Clone)]
pub struct FindingView {
    pub severity: Severity,
    /// What it is about, as an editor reads it: "Alberto Fujimori: age" (the registry's name
    /// and the property's label).
    pub headline: Option<String>,
    pub code: &'static str,
    pub rule: String,
    /// The subject as an editor knows it: the registry's name, or the name as written.
    pub subject: Option<String>,
    /// The resolved key (an entity id, or the raw text).
    pub subject_key: Option<String>,
    pub property: Option<String>,
    pub message: String,
    pub notes: Vec<String>,
    pub help: Option<std::sync::Arc<str>>,
    pub evidence: Vec<EvidenceView>,
}

/// One claim or registry fact a finding rests on.
#[derive(Debug, Clone)]
pub struct EvidenceView {
    /// The outlet, or the registry's reference ("Wikipedia", "registry").
    pub who: String,
    /// The source's publication date; `None` for a registry fact.
    pub date: Option<String>,
    pub source: String,
    pub claim: String,
    /// The value as written.
    pub value: String,
    /// What a relative date resolved to.
    pub resolved: Option<String>,
    /// `file:line:column`.
    pub location: String,
    /// The claim's quote: the article's own words.
    pub quote: Option<String>,
    /// The article's address, when its source gives an `http(s)` one ([`article_link`]).
    pub link: Option<String>,
}

/// Bytes percent-encoded in an article link: besides controls and non-ASCII, those that could
/// end a Markdown link destination or an HTML attribute, or start markup.
const LINK_ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'(')
    .add(b')')
    .add(b'[')
    .add(b']')
    .add(b'`')
    .add(b'\\')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// A source's `url:` as a link a report may show: only `http://` and `https://` addresses
/// (never `javascript:` or `data:`), with anything that could break out of the link encoded.
pub fn article_link(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let host = url.split_once("://").map_or("", |(_, rest)| rest);
    (scheme_ok && !host.is_empty() && !host.starts_with('/'))
        .then(|| utf8_percent_encode(url, LINK_ESCAPED).to_string())
}

/// One column of a fact matrix.
#[derive(Debug, Clone)]
pub struct Column {
    /// The outlet, or the registry's reference.
    pub label: String,
    /// The publication date; `None` for the registry column.
    pub date: Option<String>,
    /// The source id, or `registry`.
    pub id: String,
    pub registry: bool,
}

/// How a cell of the fact matrix is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    Plain,
    Variant,
    /// In a conflict whose rule cannot tell which side is wrong (an even split).
    Disputed,
    /// On the losing side of a conflict or mismatch.
    Conflict,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Plain => "plain",
            Mark::Variant => "variant",
            Mark::Disputed => "disputed",
            Mark::Conflict => "conflict",
        }
    }
}

/// One value in a cell (a source may state a property twice).
#[derive(Debug, Clone)]
pub struct CellValue {
    pub written: String,
    /// What a relative date resolved to: "Friday" → "2022-04-08".
    pub resolved: Option<String>,
    /// For a property with `changes: true`, the date the value holds at, where that is not
    /// the day its source was published (the column's date).
    pub as_of: Option<String>,
    pub mark: Mark,
    pub claim: String,
    /// The claim's quote: the article's own words (`None` for a registry fact).
    pub quote: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub property: String,
    /// The property's label ("what it was for").
    pub label: String,
    /// One entry per column; empty where that source says nothing.
    pub cells: Vec<Vec<CellValue>>,
}

impl MatrixRow {
    /// The strongest mark of any value in the row.
    pub fn mark(&self) -> Mark {
        self.cells
            .iter()
            .flatten()
            .map(|v| v.mark)
            .max()
            .unwrap_or(Mark::Plain)
    }
}

#[derive(Debug, Clone)]
pub struct SubjectMatrix {
    pub key: String,
    /// The registry's name, or the key as written.
    pub label: String,
    pub registered: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<MatrixRow>,
}

impl SubjectMatrix {
    pub fn count(&self, mark: Mark) -> usize {
        self.rows.iter().filter(|r| r.mark() == mark).count()
    }

    /// The properties in conflict: a value held wrong, or disputed.
    pub fn conflicting(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.mark() >= Mark::Disputed)
            .count()
    }
}

/// One way a date was written, and who wrote it so.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    pub written: String,
    /// What a relative date resolved to.
    pub resolved: Option<String>,
    /// "Latin Times, 2022-04-08", oldest first.
    pub sources: Vec<String>,
}

/// One date on the timeline: a (subject, property) dated to one period by some sources.
#[derive(Debug, Clone)]
pub struct TimelineEvent {
    pub period: Period,
    /// The date as shown: `2017-12-24`, `2017-12` or `2017`.
    pub date: String,
    pub subject: String,
    pub subject_key: String,
    pub property: String,
    /// The property's label ("date jailed").
    pub label: String,
    /// The distinct forms the sources wrote, each with its resolution where relative.
    pub written: Vec<Stated>,
    /// "Bloomberg, 2023-12-06", in source order.
    pub sources: Vec<String>,
    /// Sources date this (subject, property) differently, or a conflict / out-of-order
    /// finding involves it.
    pub disputed: bool,
}

#[derive(Debug, Clone)]
pub struct OutletStats {
    pub outlet: String,
    pub sources: usize,
    pub claims: usize,
    /// Claims whose value another outlet states too (see the module documentation), and that
    /// no finding questions.
    pub corroborated: usize,
    /// Claims a finding questions: in a conflict or a mismatch ([`CONFLICT_CODES`]), a name
    /// variant or an unknown name ([`QUESTIONING_CODES`]).
    pub questioned: usize,
    /// Claims a `corroborate` rule flagged.
    pub uncorroborated: usize,
    /// `conflict` findings it is part of.
    pub conflicts: usize,
    /// `conflict` findings in which no other outlet shares its value.
    pub alone: usize,
}

/// A missing fact or an uncorroborated claim.
#[derive(Debug, Clone)]
pub struct GapRow {
    pub severity: Severity,
    pub subject: String,
    pub property: String,
    /// The value (uncorroborated claims), with its resolution.
    pub value: Option<(String, Option<String>)>,
    /// Who states it ("Bloomberg, 2023-12-06"); empty for a missing fact.
    pub sources: Vec<String>,
    pub message: String,
    pub help: Option<std::sync::Arc<str>>,
}

/// What a relative date resolved to, shown as a plain date; `None` for absolute dates.
pub fn resolved_date(value: &Value) -> Option<String> {
    match value {
        Value::Date(
            d @ DateValue {
                anchor: Some(_), ..
            },
        ) => Some(d.to_string()),
        Value::Set(items) => {
            let parts: Vec<String> = items.iter().filter_map(resolved_date).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

/// The dates a value denotes: one for a date, each item's for a set of dates.
fn periods(value: &Value) -> Vec<Period> {
    match value {
        Value::Date(d) => vec![d.period],
        Value::Set(items) => items.iter().flat_map(periods).collect(),
        _ => Vec::new(),
    }
}

/// Builds the report from what the check produced.
pub fn build(out: &Output) -> ReportData {
    Builder::new(out).build()
}

struct Builder<'a> {
    out: &'a Output<'a>,
    ws: &'a Workspace,
    /// What the check worked out: resolved names, slots, value classes.
    analysis: &'a Analysis,
    /// (source id, claim id) → claim.
    claim_of: HashMap<(&'a str, &'a str), ClaimIdx>,
    source_of: HashMap<&'a str, usize>,
    entity_name: HashMap<&'a str, &'a str>,
    /// Per claim: the strongest mark any finding gives it.
    marks: Vec<Mark>,
    /// Registry facts (`entity.property`) marked by findings.
    fact_marks: HashMap<String, Mark>,
    /// Claims a conflict / out-of-order finding involves.
    timeline_disputed: Vec<bool>,
    /// Sources in display order.
    order: Vec<usize>,
    /// Per source: its place in `order`.
    position: Vec<usize>,
}

impl<'a> Builder<'a> {
    fn new(out: &'a Output<'a>) -> Self {
        let ws = out.workspace;
        let claim_of = ws
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| ((ws.sources[c.source].id.as_str(), c.id.as_str()), i))
            .collect();
        let source_of = ws
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let entity_name = ws
            .entities
            .iter()
            .map(|e| (e.id.as_str(), e.name.value.as_str()))
            .collect();
        let mut order: Vec<usize> = (0..ws.sources.len()).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb) = (&ws.sources[a], &ws.sources[b]);
            (sa.published.start, sa.published.end, &sa.id).cmp(&(
                sb.published.start,
                sb.published.end,
                &sb.id,
            ))
        });
        let mut position = vec![0; order.len()];
        for (pos, &s) in order.iter().enumerate() {
            position[s] = pos;
        }
        let mut b = Builder {
            out,
            ws,
            analysis: &out.report.analysis,
            claim_of,
            source_of,
            entity_name,
            marks: vec![Mark::Plain; ws.claims.len()],
            fact_marks: HashMap::new(),
            timeline_disputed: vec![false; ws.claims.len()],
            position,
            order,
        };
        b.mark_claims();
        b
    }

    fn mark_claims(&mut self) {
        for f in &self.out.report.findings {
            let conflict = CONFLICT_CODES.contains(&f.code);
            for e in &f.evidence {
                // Only the side a finding holds wrong is marked; an upheld claim is not.
                let mark = match e.standing {
                    Standing::Upheld => Mark::Plain,
                    _ if f.code == names::NAME_VARIANT => Mark::Variant,
                    Standing::Wrong if conflict => Mark::Conflict,
                    Standing::Disputed if conflict => Mark::Disputed,
                    _ => Mark::Plain,
                };
                if &*e.source == "registry" {
                    let m = self
                        .fact_marks
                        .entry(e.claim.clone())
                        .or_insert(Mark::Plain);
                    *m = (*m).max(mark);
                } else if let Some(&i) = self.claim_of.get(&(&*e.source, e.claim.as_str())) {
                    self.marks[i] = self.marks[i].max(mark);
                    if TIMELINE_DISPUTE_CODES.contains(&f.code) {
                        self.timeline_disputed[i] = true;
                    }
                }
            }
        }
    }

    fn subject_key(&self, i: ClaimIdx) -> &str {
        self.analysis
            .names
            .subject_keys
            .get(i)
            .unwrap_or(&self.ws.claims[i].subject.value)
    }

    fn label(&self, key: &str) -> String {
        self.entity_name
            .get(key)
            .map_or_else(|| key.to_string(), |n| n.to_string())
    }

    /// "what it was for": the property's label, or its name made readable.
    fn property_label(&self, property: &str) -> String {
        let label = self.ws.property(property).and_then(|p| p.label.as_deref());
        crate::model::Property::label_of(property, label)
    }

    /// "Latin Times, 2022-04-08; Bloomberg, 2023-12-06": the sources of some claims, once
    /// each, in display order.
    fn source_labels(&self, claims: impl Iterator<Item = ClaimIdx>) -> Vec<String> {
        let sources: BTreeSet<usize> = claims
            .map(|i| self.position[self.ws.claims[i].source])
            .collect();
        sources
            .into_iter()
            .map(|pos| self.ws.sources[self.order[pos]].label())
            .collect()
    }

    fn build(&self) -> ReportData {
        ReportData {
            summary: self.out.report.summary.clone(),
            load_errors: self.load_errors(),
            sources: self.sources(),
            findings: self
                .out
                .report
                .findings
                .iter()
                .map(|f| self.finding(f))
                .collect(),
            subjects: self.subjects(),
            timeline: self.timeline(),
            outlets: self.outlets(),
            missing: self.gaps(require::MISSING),
            uncorroborated: self.gaps(corroborate::UNCORROBORATED),
            baseline: self.out.report.baseline.as_ref().map(|b| BaselineView {
                accepted: b
                    .accepted
                    .iter()
                    .map(|a| (self.finding(&a.finding), a.reason.clone()))
                    .collect(),
                reopened: b.reopened,
                stale: b.stale.len(),
            }),
        }
    }

    fn load_errors(&self) -> Vec<LoadErrorRow> {
        self.out
            .load_errors
            .iter()
            .map(|e| LoadErrorRow {
                location: match e.span {
                    Some(s) => format!("{}:{}:{}", e.path, s.line, s.column),
                    None => e.path.clone(),
                },
                message: e.to_string(),
                help: e.help.clone(),
            })
            .collect()
    }

    fn sources(&self) -> Vec<SourceInfo> {
        let mut claims = vec![0usize; self.ws.sources.len()];
        for c in &self.ws.claims {
            claims[c.source] += 1;
        }
        self.order
            .iter()
            .map(|&i| {
                let s = &self.ws.sources[i];
                SourceInfo {
                    id: s.id.clone(),
                    outlet: s.outlet.clone(),
                    published: s.published.to_string(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    claims: claims[i],
                }
            })
            .collect()
    }

    fn finding(&self, f: &Finding) -> FindingView {
        let evidence = f
            .evidence
            .iter()
            .map(|e| {
                let claim = self.claim_of.get(&(&*e.source, e.claim.as_str()));
                let source = self.source_of.get(&*e.source).map(|&s| &self.ws.sources[s]);
                let registry = &*e.source == "registry";
                let (who, date) = match source {
                    Some(s) if &*e.source != "registry" => {
                        (s.outlet.clone(), Some(s.published.to_string()))
                    }
                    _ => {
                        let who = e
                            .label
                            .strip_suffix(&format!(": {}", e.value))
                            .unwrap_or("registry");
                        (who.to_string(), None)
                    }
                };
                let resolved = match claim {
                    // Only a claim whose own value was read is resolved; a subject mention is not.
                    Some(&i) if e.resolved.is_some() => resolved_date(&self.ws.claims[i].value),
                    _ => None,
                }
                .or_else(|| e.resolved.clone());
                EvidenceView {
                    who,
                    date,
                    source: e.source.to_string(),
                    claim: e.claim.clone(),
                    value: e.value.clone(),
                    resolved,
                    location: format!("{}:{}:{}", e.file, e.span.line, e.span.column),
                    quote: claim
                        .filter(|_| !registry)
                        .and_then(|&i| self.ws.claims[i].quote.as_ref())
                        .map(|q| q.value.clone()),
                    link: source
                        .filter(|_| !registry)
                        .and_then(|s| s.url.as_deref())
                        .and_then(article_link),
                }
            })
            .collect();
        let subject = f.subject.as_deref().map(|s| self.label(s));
        let property = f.property.as_deref().map(|p| self.property_label(p));
        FindingView {
            headline: match (&property, &subject) {
                (Some(p), Some(s)) => Some(format!("{s}: {p}")),
                (p, s) => p.clone().or_else(|| s.clone()),
            },
            severity: f.severity,
            code: f.code.as_str(),
            rule: f.rule.clone(),
            subject,
            subject_key: f.subject.clone(),
            property: f.property.clone(),
            message: f.message.clone(),
            notes: f.notes.clone(),
            help: f.help.clone(),
            evidence,
        }
    }

    fn subjects(&self) -> Vec<SubjectMatrix> {
        // subject key → property → claims
        let mut by_subject: BTreeMap<&str, BTreeMap<&str, Vec<ClaimIdx>>> = BTreeMap::new();
        for (i, c) in self.ws.claims.iter().enumerate() {
            by_subject
                .entry(self.subject_key(i))
                .or_default()
                .entry(c.property.value.as_str())
                .or_default()
                .push(i);
        }
        let position = &self.position;
        let mut out: Vec<SubjectMatrix> = by_subject
            .into_iter()
            .map(|(key, props)| {
                let entity = self.ws.entities.iter().find(|e| e.id == key);
                let used: BTreeSet<usize> = props
                    .values()
                    .flatten()
                    .map(|&i| position[self.ws.claims[i].source])
                    .collect();
                let mut columns: Vec<Column> = used
                    .iter()
                    .map(|&pos| {
                        let s = &self.ws.sources[self.order[pos]];
                        Column {
                            label: s.outlet.clone(),
                            date: Some(s.published.to_string()),
                            id: s.id.clone(),
                            registry: false,
                        }
                    })
                    .collect();
                let facts = entity.map_or(&[][..], |e| e.facts.as_slice());
                if let Some(e) = entity.filter(|_| !facts.is_empty()) {
                    columns.push(Column {
                        label: e.reference.clone().unwrap_or_else(|| "Registry".into()),
                        date: None,
                        id: "registry".into(),
                        registry: true,
                    });
                }
                let mut names: BTreeSet<&str> = props.keys().copied().collect();
                names.extend(facts.iter().map(|f| f.property.as_str()));
                let rows = names
                    .into_iter()
                    .map(|property| {
                        let mut cells: Vec<Vec<CellValue>> = vec![Vec::new(); columns.len()];
                        let changes = self.ws.property(property).is_some_and(|p| p.changes);
                        for &i in props.get(property).into_iter().flatten() {
                            let c = &self.ws.claims[i];
                            let published = self.ws.sources[c.source].published;
                            let col = used
                                .iter()
                                .position(|&p| p == position[c.source])
                                .unwrap_or(0);
                            cells[col].push(CellValue {
                                written: c.written.to_string(),
                                resolved: resolved_date(&c.value),
                                as_of: (changes && c.as_of != published)
                                    .then(|| c.as_of.to_string()),
                                mark: self.marks[i],
                                claim: c.id.to_string(),
                                quote: c.quote.as_ref().map(|q| q.value.clone()),
                            });
                        }
                        if let Some(e) = entity {
                            for f in facts.iter().filter(|f| f.property == property) {
                                let id = format!("{}.{}", e.id, f.property);
                                let mark = self.fact_marks.get(&id).copied().unwrap_or(Mark::Plain);
                                if let Some(last) = cells.last_mut() {
                                    last.push(CellValue {
                                        written: f.written.clone(),
                                        resolved: None,
                                        as_of: None,
                                        mark,
                                        claim: id,
                                        quote: None,
                                    });
                                }
                            }
                        }
                        MatrixRow {
                            property: property.to_string(),
                            label: self.property_label(property),
                            cells,
                        }
                    })
                    .collect();
                SubjectMatrix {
                    key: key.to_string(),
                    label: self.label(key),
                    registered: entity.is_some(),
                    columns,
                    rows,
                }
            })
            .collect();
        // Subjects with conflicts first, then those with name variants, then the rest.
        let rank = |m: &SubjectMatrix| {
            std::cmp::Reverse(
                m.rows
                    .iter()
                    .map(MatrixRow::mark)
                    .max()
                    .unwrap_or(Mark::Plain),
            )
        };
        out.sort_by(|a, b| {
            (rank(a), a.label.to_lowercase(), &a.key).cmp(&(
                rank(b),
                b.label.to_lowercase(),
                &b.key,
            ))
        });
        out
    }

    fn timeline(&self) -> Vec<TimelineEvent> {
        // (subject key, property) → period → claims
        type Slot<'s> = BTreeMap<Period, Vec<ClaimIdx>>;
        let mut slots: BTreeMap<(&str, &str), Slot> = BTreeMap::new();
        for (i, c) in self.ws.claims.iter().enumerate() {
            for period in periods(&c.value) {
                slots
                    .entry((self.subject_key(i), c.property.value.as_str()))
                    .or_default()
                    .entry(period)
                    .or_default()
                    .push(i);
            }
        }
        let mut events = Vec::new();
        for ((key, property), dates) in slots {
            // Dated differently: two sources whose values disagree (a set of years is one
            // value, not a disagreement with itself).
            let mut all: Vec<ClaimIdx> = dates.values().flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            let differ = self.analysis.sources_differ(self.ws, key, property, &all);
            for (period, claims) in dates {
                // (written, resolved) → the claims that wrote it so
                type Form = (String, Option<String>);
                let mut forms: Vec<(Form, Vec<ClaimIdx>)> = Vec::new();
                for &i in &claims {
                    let c = &self.ws.claims[i];
                    // A date with two readings stands at its likelier one and shows both.
                    let form = if matches!(c.value, Value::Set(_)) {
                        (period.to_string(), None)
                    } else {
                        (c.written.to_string(), resolved_date(&c.value))
                    };
                    match forms.iter_mut().find(|(f, _)| *f == form) {
                        Some((_, cs)) => cs.push(i),
                        None => forms.push((form, vec![i])),
                    }
                }
                let first = |cs: &[ClaimIdx]| {
                    cs.iter()
                        .map(|&i| self.position[self.ws.claims[i].source])
                        .min()
                };
                forms.sort_by_key(|(_, cs)| first(cs));
                let written = forms
                    .into_iter()
                    .map(|((written, resolved), cs)| Stated {
                        written,
                        resolved,
                        sources: self.source_labels(cs.into_iter()),
                    })
                    .collect();
                let sources = self.source_labels(claims.iter().copied());
                let disputed = differ || claims.iter().any(|&i| self.timeline_disputed[i]);
                events.push(TimelineEvent {
                    period,
                    date: period.to_string(),
                    subject: self.label(key),
                    subject_key: key.to_string(),
                    property: property.to_string(),
                    label: self.property_label(property),
                    written,
                    sources,
                    disputed,
                });
            }
        }
        events.sort_by(|a, b| {
            (a.period.start, a.period.end, &a.subject, &a.property).cmp(&(
                b.period.start,
                b.period.end,
                &b.subject,
                &b.property,
            ))
        });
        events
    }

    fn outlets(&self) -> Vec<OutletStats> {
        let mut stats: BTreeMap<&str, OutletStats> = BTreeMap::new();
        let entry = |stats: &mut BTreeMap<&'a str, OutletStats>, outlet: &'a str| {
            stats.entry(outlet).or_insert_with(|| OutletStats {
                outlet: outlet.to_string(),
                sources: 0,
                claims: 0,
                corroborated: 0,
                questioned: 0,
                uncorroborated: 0,
                conflicts: 0,
                alone: 0,
            });
        };
        for s in &self.ws.sources {
            entry(&mut stats, s.outlet.as_str());
            if let Some(o) = stats.get_mut(s.outlet.as_str()) {
                o.sources += 1;
            }
        }
        let outlet_of = |i: ClaimIdx| self.ws.sources[self.ws.claims[i].source].outlet.as_str();
        let mut questioned = vec![false; self.ws.claims.len()];
        for f in &self.out.report.findings {
            if CONFLICT_CODES.contains(&f.code) || QUESTIONING_CODES.contains(&f.code) {
                for e in f.evidence.iter().filter(|e| e.standing != Standing::Upheld) {
                    if let Some(&i) = self.claim_of.get(&(&*e.source, e.claim.as_str())) {
                        questioned[i] = true;
                    }
                }
            }
        }
        // A claim another outlet backs up but a finding questions (a name written wrong in
        // both) is not corroborated: the table would call a wrong outlet reliable.
        let corroborated = self.analysis.corroborated(self.ws);
        for (i, ok) in corroborated.iter().enumerate() {
            if let Some(o) = stats.get_mut(outlet_of(i)) {
                o.claims += 1;
                o.corroborated += usize::from(*ok && !questioned[i]);
                o.questioned += usize::from(questioned[i]);
            }
        }
        let mut flagged = BTreeSet::new();
        for f in &self.out.report.findings {
            let claims: Vec<ClaimIdx> = f
                .evidence
                .iter()
                .filter_map(|e| self.claim_of.get(&(&*e.source, e.claim.as_str())).copied())
                .collect();
            match f.code {
                c if c == corroborate::UNCORROBORATED => flagged.extend(claims),
                c if c == agree::CONFLICT => {
                    let outlets: BTreeSet<&str> = claims.iter().map(|&i| outlet_of(i)).collect();
                    for o in &outlets {
                        if let Some(s) = stats.get_mut(o) {
                            s.conflicts += 1;
                        }
                    }
                    let (subject, property) = match (&f.subject, &f.property) {
                        (Some(s), Some(p)) => (s.as_str(), p.as_str()),
                        _ => continue,
                    };
                    let classes = self.analysis.sides(self.ws, subject, property, &claims);
                    for o in outlets {
                        let mine: Vec<&Vec<ClaimIdx>> = classes
                            .iter()
                            .filter(|class| class.iter().any(|&i| outlet_of(i) == o))
                            .collect();
                        // Alone: all its claims in one class that no other outlet shares.
                        let alone = matches!(mine.as_slice(), [class] if class.iter().all(|&i| outlet_of(i) == o));
                        if alone && let Some(s) = stats.get_mut(o) {
                            s.alone += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        for i in flagged {
            if let Some(o) = stats.get_mut(outlet_of(i)) {
                o.uncorroborated += 1;
            }
        }
        stats.into_values().collect()
    }

    fn gaps(&self, code: Code) -> Vec<GapRow> {
        self.out
            .report
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| {
                let claims: Vec<ClaimIdx> = f
                    .evidence
                    .iter()
                    .filter_map(|e| self.claim_of.get(&(&*e.source, e.claim.as_str())).copied())
                    .collect();
                let value = claims.first().map(|&i| {
                    let c = &self.ws.claims[i];
                    (c.written.to_string(), resolved_date(&c.value))
                });
                let sources = self.source_labels(claims.iter().copied());
                GapRow {
                    severity: f.severity,
                    subject: f
                        .subject
                        .as_deref()
                        .map_or_else(String::new, |s| self.label(s)),
                    property: f.property.clone().unwrap_or_default(),
                    value,
                    sources,
                    message: f.message.clone(),
                    help: f.help.clone(),
                }
            })
            .collect()
    }
}

impl ReportData {
    /// The findings of one severity, in report order.
    pub fn findings_of(&self, severity: Severity) -> impl Iterator<Item = &FindingView> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// The number of timeline events marked disputed.
    pub fn disputed_events(&self) -> usize {
        self.timeline.iter().filter(|e| e.disputed).count()
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check;
    use crate::render::{Output, html, markdown};
    use crate::testing::nov_16_against_oct_1;

    #[test]
    fn a_date_with_two_readings_shows_both_in_the_report() {
        let ws = nov_16_against_oct_1();
        let report = check(&ws);
        let out = Output {
            workspace: &ws,
            report: &report,
            load_errors: &[],
        };
        let data = super::build(&out);
        let event = data
            .timeline
            .iter()
            .find(|e| e.date == "2023-11-16")
            .expect("the likelier reading is on the timeline");
        assert_eq!(
            event.written[0].resolved.as_deref(),
            Some("2023-11-16 (or 2022-11-16)")
        );
        assert!(event.disputed);
        // Markdown escapes the parentheses; they show as written.
        let md = markdown::render(&out);
        assert!(
            md.contains(r"| 🟠 Nov. 16 → 2023-11-16 \(or 2022-11-16\) |"),
            "{md}"
        );
        let page = html::render(&out);
        assert!(
            page.contains("Nov. 16</span> <span class=\"res\">→&nbsp;2023-11-16 (or 2022-11-16)"),
            "{page}"
        );
    }
}
