//! # reference
//!
//! **What it checks.** Claims agree with the registry's reference `facts` for the same
//! subject and property (for example a birth date taken from an encyclopedia), compared by the
//! property's type as in `agree`.
//!
//! **Why it matters to an editor.** The registry holds what the desk has already verified;
//! a story that contradicts it is wrong, or the registry needs a second look.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: registry-facts
//!     kind: reference
//! ```
//! Finding (`reference-mismatch`, error): *Bloomberg (2023-12-06) gives born of
//! alberto-fujimori as "1939", but the registry (Wikipedia) has "1938-07-28".*
//!
//! **After the end.** When the registry says an entity stopped being (`died:` for a person,
//! `dissolved:` for a body, `ended:` for an office or anything else), a claim about it whose
//! own `as_of` lies wholly after that date states something of it when it no longer was: an
//! age "as of" a day after the death, a dissolved commission's membership a year on. It is
//! reported as `after-end`, at most a warning: "would have turned 40 on Tuesday" is sound
//! writing, and an editor may accept it in the baseline. Claims without an `as_of` of their
//! own are not reported (an obituary published after the death rightly speaks of the dead;
//! the `age` kind reads their ages as ages at death).
//!
//! Finding (`after-end`, warning): *Harbour Herald (2024-05-02) gives age of maynor-suazo as
//! of 2024-05-01, but maynor-suazo died 2024-03-27 (registry).*

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::finding::{Code, CodeInfo, Evidence, Finding, Standing};
use crate::model::{End, Entity, Rule, Severity};
use crate::yaml::{Fields, Reader};

/// The `reference` rule kind.
pub struct Reference;

pub const REFERENCE_MISMATCH: Code = Code(&CodeInfo {
    kind: Reference::NAME,
    name: "reference-mismatch",
    meaning: "a claim disagrees with the registry's reference facts",
});

pub const AFTER_END: Code = Code(&CodeInfo {
    kind: Reference::NAME,
    name: "after-end",
    meaning: "a claim is dated after its subject died, was dissolved or ended",
});

impl Kind for Reference {
    type Settings = NoSettings;
    const NAME: &str = "reference";
    const CODES: &[Code] = &[REFERENCE_MISMATCH, AFTER_END];
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const DOC: &str = kind_doc!("reference.rs");

    fn read(_r: &mut Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    after_end(rule, ctx, out);
    for entity in &ctx.ws.entities {
        for fact in &entity.facts {
            if !ctx.admits(rule, &entity.id, &fact.property) {
                continue;
            }
            let Some(claims) = ctx.slots.get(&(entity.id.clone(), fact.property.clone())) else {
                continue;
            };
            let tolerance = ctx
                .ws
                .property(&fact.property)
                .map(|p| p.tolerance)
                .unwrap_or_default();
            let key = ctx.entity_key(&entity.id, &fact.property);
            for &c in claims {
                let claim = ctx.claim(c);
                if claim.value.agrees(&fact.value, &tolerance, &key) {
                    continue;
                }
                let source = ctx.ws.source_of(claim);
                let reference = entity.reference.as_deref().unwrap_or("registry");
                let mut f = finding(
                    rule,
                    REFERENCE_MISMATCH,
                    &entity.id,
                    Some(&fact.property),
                    format!(
                        "{} ({}) gives {} of {} as \"{}\", but the registry ({reference}) has \"{}\"",
                        source.outlet,
                        source.published,
                        fact.property,
                        entity.id,
                        claim.written,
                        fact.written
                    ),
                );
                f.evidence = vec![
                    Evidence {
                        standing: Standing::Wrong,
                        ..ctx.evidence(c)
                    },
                    Evidence {
                        standing: Standing::Upheld,
                        ..ctx.fact_evidence(entity, fact)
                    },
                ];
                out.push(f);
            }
        }
    }
}

/// Claims dated (by an `as_of` of their own) wholly after their subject died, was dissolved or
/// ended.
fn after_end(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    let ended = ctx
        .ws
        .entities
        .iter()
        .filter_map(|e| Some((e, e.end.as_ref()?)));
    for (entity, end) in ended {
        let slots = ctx
            .slots
            .range((entity.id.clone(), String::new())..)
            .take_while(|((s, _), _)| *s == entity.id);
        for ((s, p), claims) in slots {
            if !ctx.admits(rule, s, p) {
                continue;
            }
            for &c in claims {
                let claim = ctx.claim(c);
                let source = ctx.ws.source_of(claim);
                if claim.as_of == source.published || !end.before(&claim.as_of) {
                    continue;
                }
                out.push(after_end_finding(rule, ctx, entity, end, c));
            }
        }
    }
}

fn after_end_finding(
    rule: &Rule,
    ctx: &Context,
    entity: &Entity,
    end: &End,
    c: crate::model::ClaimIdx,
) -> Finding {
    let claim = ctx.claim(c);
    let source = ctx.ws.source_of(claim);
    let reference = entity.reference.as_deref().unwrap_or("registry");
    let mut f = finding(
        rule,
        AFTER_END,
        &entity.id,
        Some(&claim.property.value),
        format!(
            "{} ({}) gives {} of {} as of {}, but {} {} {} ({reference})",
            source.outlet,
            source.published,
            claim.property.value,
            entity.id,
            claim.as_of,
            entity.id,
            end.verb(),
            end.written,
        ),
    );
    f.severity = f.severity.max(Severity::Warning);
    f.evidence = vec![
        Evidence {
            standing: Standing::Wrong,
            ..ctx.evidence(c)
        },
        Evidence {
            source: "registry".into(),
            origin: reference.into(),
            claim: format!("{}.{}", entity.id, end.key),
            file: ctx.file_path(end.span.file),
            span: end.span,
            value: end.written.clone(),
            resolved: None,
            date: None,
            label: format!("{reference}: {} {}", end.verb(), end.written),
            standing: Standing::Upheld,
        },
    ];
    f
}
