//! # require
//!
//! **What it checks.** Each subject listed in `subjects`, and each registry entity whose `type`
//! is listed in `types`, has each property in `properties` stated by at least one source.
//!
//! With `per: source` (the default is `per: subject`), every source that writes about such a
//! subject states each property itself: a source with at least one claim about the subject but
//! none of a required property gets its own `missing` finding, pointing at its first claim
//! about the subject. A subject no source writes about gives nothing with `per: source`.
//!
//! **Why it matters to an editor.** Some facts must be in any story on the case (who granted
//! the pardon, and when); a gap is a question for the reporter before it is a correction.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: pardon-basics
//!     kind: require
//!     subjects: [fujimori-pardon-2017]
//!     properties: [granted_by, date]
//!   - id: people-born
//!     kind: require
//!     types: [person]
//!     properties: [born]
//!   - id: every-article-gives-the-age
//!     kind: require
//!     per: source
//!     subjects: [alberto-fujimori]
//!     properties: [age]
//! ```
//! Finding (`missing`, info): *No source states date of fujimori-pardon-2017.* With
//! `per: source`: *Bloomberg, 2023-12-06 writes about alberto-fujimori but does not state its
//! age.*

use std::collections::BTreeMap;

use super::{Kind, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::error::{LoadErrorKind, did_you_mean};
use crate::finding::{Code, CodeInfo, Evidence, Finding};
use crate::model::{ClaimIdx, Rule, Severity, SourceIdx};
use crate::span::Spanned;
use crate::yaml::{Fields, Reader};
use schemars::JsonSchema;

/// The `require` rule kind.
pub struct Require;

pub const MISSING: Code = Code(&CodeInfo {
    kind: Require::NAME,
    name: "missing",
    meaning: "a fact the rule requires is not stated",
});

impl Kind for Require {
    type Settings = Params;
    const NAME: &str = "require";
    const CODES: &[Code] = &[MISSING];
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    const DOC: &str = kind_doc!("require.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// Who must state the properties: some source of each subject, or each source of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Subject,
    Source,
}

impl Per {
    const ALL: [(&'static str, Per); 2] = [("subject", Per::Subject), ("source", Per::Source)];
}

/// The settings of a `require` rule.
#[derive(Debug, Clone, JsonSchema)]
pub struct Params {
    /// Entity types whose entities must have the properties.
    #[schemars(with = "Vec<String>")]
    pub types: Vec<Spanned<String>>,
    /// Who must state the properties: some source of each subject (subject, the
    /// default), or every source that writes about it (source).
    pub per: Per,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        if !f.has("properties") {
            r.error(
                f.span,
                LoadErrorKind::MissingKey {
                    key: "properties".into(),
                },
                Some("a require rule lists the `properties` each subject must have".into()),
            );
        }
        let per = match r.opt_string(f, "per", "subject or source") {
            // Present but not a word: already reported.
            None if f.has("per") => None,
            None => Some(Per::Subject),
            Some(s) => {
                let found = Per::ALL
                    .iter()
                    .find(|(n, _)| *n == s.value.trim())
                    .map(|(_, p)| *p);
                if found.is_none() {
                    let help = did_you_mean(s.value.trim(), Per::ALL.iter().map(|(n, _)| *n))
                        .unwrap_or_else(|| "`per` is subject or source".into());
                    r.error(
                        s.span,
                        LoadErrorKind::InvalidValue {
                            what: "per".into(),
                            text: s.value.clone(),
                        },
                        Some(help),
                    );
                }
                found
            }
        };
        Some(Params {
            types: f
                .get("types")
                .map(|n| r.string_list(n, "an entity type"))
                .unwrap_or_default(),
            per: per?,
        })
    }
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    let Some(properties) = &rule.properties else {
        return;
    };
    // (subject key, where to point) for each required subject.
    let mut subjects: Vec<(String, Option<Evidence>)> = Vec::new();
    for s in rule.subjects.iter().flatten() {
        let key = ctx.names.key(&s.value);
        subjects.push((key, None));
    }
    for e in &ctx.ws.entities {
        if params
            .types
            .iter()
            .any(|t| e.kind.as_deref() == Some(t.value.as_str()))
        {
            subjects.push((e.id.clone(), None));
        }
    }
    subjects.sort_by(|a, b| a.0.cmp(&b.0));
    subjects.dedup_by(|a, b| a.0 == b.0);
    if params.per == Per::Source {
        for (subject, _) in &subjects {
            per_source(rule, properties, subject, ctx, out);
        }
        return;
    }
    for (subject, _) in subjects {
        for p in properties {
            if ctx.slots.contains_key(&(subject.clone(), p.value.clone())) {
                continue;
            }
            let mut f = finding(
                rule,
                MISSING,
                &subject,
                Some(&p.value),
                format!("No source states {} of {subject}", p.value),
            );
            let (span, file) = match ctx.entity(&subject) {
                Some(e) => (e.span, ctx.ws.files.path(e.span.file)),
                None => (rule.span, ctx.ws.files.path(rule.span.file)),
            };
            f.evidence = vec![Evidence {
                source: "registry".into(),
                origin: format!("rule {}", rule.id).into(),
                claim: subject.clone(),
                file: file.into(),
                span,
                value: String::new(),
                resolved: None,
                date: None,
                label: format!("{} is required by rule {}", p.value, rule.id),
                standing: crate::finding::Standing::Disputed,
            }];
            out.push(f);
        }
    }
}

/// A `missing` finding for each source that writes about `subject` but states none of a
/// required property, pointing at its first claim about the subject.
fn per_source(
    rule: &Rule,
    properties: &[Spanned<String>],
    subject: &str,
    ctx: &Context,
    out: &mut Vec<Finding>,
) {
    // Each source's first claim about the subject, and the properties it states.
    let mut sources: BTreeMap<SourceIdx, (ClaimIdx, Vec<&str>)> = BTreeMap::new();
    let from = (subject.to_string(), String::new());
    for ((s, property), claims) in ctx.slots.range(from..) {
        if s != subject {
            break;
        }
        for &i in claims {
            let entry = sources
                .entry(ctx.claim(i).source)
                .or_insert((i, Vec::new()));
            entry.0 = entry.0.min(i);
            entry.1.push(property);
        }
    }
    for (source, (first, stated)) in &sources {
        let (_, label) = ctx.source_names(*source);
        for p in properties {
            if stated.contains(&p.value.as_str()) {
                continue;
            }
            let mut f = finding(
                rule,
                MISSING,
                subject,
                Some(&p.value),
                format!(
                    "{label} writes about {subject} but does not state its {}",
                    p.value
                ),
            );
            let mut evidence = ctx.subject_evidence(*first);
            evidence.label = format!("{label}: first claim about {subject}, without {}", p.value);
            f.evidence = vec![evidence];
            out.push(f);
        }
    }
}
