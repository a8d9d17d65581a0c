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

use super::{KindInfo, finding};
use crate::check::Context;
use crate::finding::{Code, Finding};
use crate::model::{Rule, Severity};

pub const INFO: KindInfo = KindInfo {
    name: "reference",
    codes: &[Code::ReferenceMismatch],
    default_severity: Severity::Error,
    keys: &[],
    source: include_str!("reference.rs"),
};

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
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
                    Code::ReferenceMismatch,
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
                f.evidence = vec![ctx.evidence(c), ctx.fact_evidence(entity, fact)];
                out.push(f);
            }
        }
    }
}
