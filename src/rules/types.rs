//! # types
//!
//! **What it checks.** The value of an `entity` property that declares a `range` resolves to
//! an entity whose `type` is in that range: `granted_by: {type: entity, range: [person]}`
//! cannot be a court, and `issued_by: {range: [court]}` cannot be a commission.
//!
//! **Why it matters to an editor.** A body named by the wrong acronym, or a person confused
//! with an institution, often resolves to a real entity of the wrong kind: "IACHR" is the
//! Inter-American *Commission*, not the Court.
//!
//! **Precedence.** A value of the wrong type is reported here only: `agree` does not also hold
//! it against the other outlets' values, and `corroborate` does not call either side
//! uncorroborated. See `crosscheck explain precedence`.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: types
//!     kind: types
//!     help: Check which body the article means, and use its own name or acronym.
//! ```
//! Finding (`type-mismatch`, warning): *"IACHR" is inter-american-commission-on-human-rights,
//! a commission; issued_by expects a court.*

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::finding::{Code, CodeInfo, Evidence, Finding, Standing};
use crate::model::{ClaimIdx, Entity, Rule, Severity};
use crate::value::{Value, ValueType};
use crate::yaml::{Fields, Reader};

/// The `types` rule kind.
pub struct Types;

pub const TYPE_MISMATCH: Code = Code(&CodeInfo {
    kind: Types::NAME,
    name: "type-mismatch",
    meaning: "an entity value is not of a type the property allows",
});

impl Kind for Types {
    type Settings = NoSettings;
    const NAME: &str = "types";
    const CODES: &[Code] = &[TYPE_MISMATCH];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = kind_doc!("types.rs");

    fn read(_r: &mut Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

fn mentions(value: &Value) -> Vec<&str> {
    match value {
        Value::Entity(m) => vec![m],
        Value::Set(items) => items.iter().flat_map(mentions).collect(),
        _ => Vec::new(),
    }
}

/// The mentions in a slot's claims that resolve to an entity outside the property's `range`.
pub fn mismatches<'w>(
    ctx: &Context<'w>,
    subject: &str,
    property: &str,
    claims: &[ClaimIdx],
) -> Vec<(ClaimIdx, &'w str, &'w Entity)> {
    let Some(prop) = ctx.ws.property(property) else {
        return Vec::new();
    };
    if prop.ty != ValueType::Entity || prop.range.is_empty() {
        return Vec::new();
    }
    let key_of = ctx.entity_key(subject, property);
    let mut out = Vec::new();
    for &c in claims {
        for m in mentions(&ctx.claim(c).value) {
            let Some(entity) = ctx.entity(&key_of(m)) else {
                continue;
            };
            let kind = entity.kind.as_deref().unwrap_or("");
            if !prop.range.iter().any(|r| r == kind) {
                out.push((c, m, entity));
            }
        }
    }
    out
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        let Some(prop) = ctx.ws.property(property) else {
            continue;
        };
        for (c, m, entity) in mismatches(ctx, subject, property, claims) {
            let kind = entity.kind.as_deref().unwrap_or("");
            let is = if kind.is_empty() {
                "an entity with no type".to_string()
            } else {
                format!("a {kind}")
            };
            let mut f = finding(
                rule,
                TYPE_MISMATCH,
                subject,
                Some(property),
                format!(
                    "\"{m}\" is {} ({}), {is}; {property} expects {}",
                    entity.name.value,
                    entity.id,
                    prop.range
                        .iter()
                        .map(|r| format!("a {r}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
            f.evidence = vec![Evidence {
                standing: Standing::Wrong,
                ..ctx.evidence(c)
            }];
            out.push(f);
        }
    }
}
