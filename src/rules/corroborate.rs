//! # corroborate
//!
//! **What it checks.** Each claim is stated, with an agreeing value, by at least `min_outlets`
//! outlets (default 2). Sources of one outlet count once: a paper repeating itself does not
//! corroborate itself. One finding per value that falls short, naming who states it.
//! A vague value ("2017") counts for each value it fits ("2017-03").
//!
//! **Precedence.** This check speaks last. A claim that `names` or `types` already reports is
//! never a lone value, and its outlet still counts for the only value left. When the values
//! of a subject's property disagree and `agree` (or `age`, for ages) reports it, none of them
//! is called uncorroborated: a wrong value does not make the right ones look alone. See
//! `crosscheck explain precedence`.
//!
//! **Why it matters to an editor.** A fact only one outlet reports is the first to verify
//! against a primary source; the list of them is the fact-checker's to-do list.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: two-outlets
//!     kind: corroborate
//!     min_outlets: 2
//!     severity: info
//! ```
//! Finding (`uncorroborated`, info): *Only Bloomberg (2023-12-06) states jailed of
//! alberto-fujimori = "2005".*

use super::{Kind, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::analysis::classes::{classify, comparable_groups, shown_value};
use crate::finding::join_and;
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{ClaimIdx, Rule, Severity};
use crate::value::ValueType;
use crate::yaml::{Fields, Reader};
use schemars::JsonSchema;

/// The `corroborate` rule kind.
pub struct Corroborate;

pub const UNCORROBORATED: Code = Code(&CodeInfo {
    kind: Corroborate::NAME,
    name: "uncorroborated",
    meaning: "a value is stated by fewer outlets than the rule asks",
});

impl Kind for Corroborate {
    type Settings = Params;
    const NAME: &str = "corroborate";
    const CODES: &[Code] = &[UNCORROBORATED];
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    const DOC: &str = kind_doc!("corroborate.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// The settings of a `corroborate` rule.
#[derive(Debug, Clone, Copy, JsonSchema)]
pub struct Params {
    /// Outlets needed (default 2).
    pub min_outlets: usize,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        let n = super::read_number(r, f, "min_outlets", 1.0, 1000.0)?;
        Some(Params {
            min_outlets: n.map_or(2, |n| n as usize),
        })
    }
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        let Some(prop) = ctx.ws.property(property) else {
            continue;
        };
        // The kind that reports when these values cannot all be true.
        let disagreement = if prop.ty == ValueType::Age {
            "age"
        } else {
            "agree"
        };
        let speaks = super::speaks_on(ctx, disagreement, subject, property);
        for group in comparable_groups(ctx, claims, prop.changes) {
            let (reported, compared): (Vec<ClaimIdx>, Vec<ClaimIdx>) =
                group.iter().partition(|&&c| ctx.is_reported(c));
            let classes = classify(ctx, subject, property, &compared);
            if classes.sides.len() > 1 && speaks {
                continue;
            }
            for (side, claims) in classes.sides.iter().enumerate() {
                let mut outlets = classes.support(ctx, side);
                // An outlet whose value is already reported as wrong would, corrected, most
                // likely back the only value left.
                if classes.sides.len() == 1 {
                    outlets.extend(ctx.outlets_of(&reported));
                }
                if outlets.len() >= params.min_outlets {
                    continue;
                }
                let who = join_and(outlets.iter().map(|o| o.to_string()).collect());
                let mut f = finding(
                    rule,
                    UNCORROBORATED,
                    subject,
                    Some(property),
                    format!(
                        "Only {} ({who}) states {property} of {subject} = {}; {} required",
                        if outlets.len() == 1 {
                            "one outlet".to_string()
                        } else {
                            format!("{} outlets", outlets.len())
                        },
                        shown_value(ctx, claims),
                        params.min_outlets
                    ),
                );
                f.evidence = claims.iter().map(|&c| ctx.evidence(c)).collect();
                out.push(f);
            }
        }
    }
}
