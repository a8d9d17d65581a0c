//! # agree
//!
//! **What it checks.** Every (subject, property) has one value across sources. Values are
//! compared by their property's type: text after folding case, quote marks and white space;
//! entities by what they resolve to ("Constitutional Court" and "Constitutional Tribunal"
//! agree when the registry lists both for one court); dates by overlapping periods (2017 agrees
//! with 2017-12-24); numbers and money within the property's `tolerance`; sets as sets.
//! A property with `changes: true` is compared only between claims whose `as_of` dates
//! overlap. Ages are left to the `age` kind, which holds them against birth dates.
//!
//! Two values conflict when they cannot both be true, whatever other claims exist and in
//! whatever order the files come. A vague value that fits two values which conflict ("2017"
//! between "2017-03" and "2017-11"; 104 between 100 and 108 with a tolerance of 5) takes no
//! side: it is not named as conflicting and hides nothing. The majority note counts each
//! outlet once, and a vague value for every side it fits.
//!
//! **Precedence.** A value that `names` reports as naming no registered entity (or several),
//! or that `types` reports as an entity of the wrong type, is left out of the comparison: that
//! finding speaks, and the outlets that named the right body are not marked as conflicting.
//! See `crosscheck explain precedence`.
//!
//! **Why it matters to an editor.** Two articles that give different values for one fact
//! cannot both be right: one of them needs a correction, or the claims are about different
//! things and the subject or property should say so.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: facts-agree
//!     kind: agree
//!     properties: [granted_by, date]   # optional; default all
//!     help: Check the primary document before correcting either story.
//! ```
//! Finding (`conflict`, error): *Sources disagree on jailed of alberto-fujimori: "2005-03"
//! (Andes Ledger, 2023-12-06) vs "2005-11" (Pacific Wire, 2023-12-07)*, with the note
//! *"2005" (Harbour Herald, 2023-12-06) fits more than one of these values and takes no side*.

use super::{Classes, KindInfo, classify, finding, shown_value};
use crate::check::{Context, join_and};
use crate::finding::{Code, Finding};
use crate::model::{ClaimIdx, Rule, Severity};
use crate::value::ValueType;

pub const INFO: KindInfo = KindInfo {
    name: "agree",
    codes: &[Code::Conflict],
    default_severity: Severity::Error,
    keys: &[],
    source: include_str!("agree.rs"),
};

/// Claims that may be compared: all of them, or for `changes: true` the runs whose `as_of`
/// periods overlap.
pub fn comparable_groups(ctx: &Context, claims: &[ClaimIdx], changes: bool) -> Vec<Vec<ClaimIdx>> {
    if !changes {
        return vec![claims.to_vec()];
    }
    let mut sorted = claims.to_vec();
    sorted.sort_by_key(|&c| (ctx.claim(c).as_of.start, c));
    let mut groups: Vec<(chrono::NaiveDate, Vec<ClaimIdx>)> = Vec::new();
    for c in sorted {
        let as_of = ctx.claim(c).as_of;
        match groups.last_mut() {
            Some((end, group)) if as_of.start <= *end => {
                *end = (*end).max(as_of.end);
                group.push(c);
            }
            _ => groups.push((as_of.end, vec![c])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        let Some(prop) = ctx.ws.property(property) else {
            continue;
        };
        if prop.ty == ValueType::Age {
            continue;
        }
        for group in comparable_groups(ctx, claims, prop.changes) {
            let compared: Vec<ClaimIdx> = group
                .into_iter()
                .filter(|&c| !ctx.is_set_aside(c))
                .collect();
            let classes = classify(ctx, subject, property, &compared);
            if classes.sides.len() < 2 {
                continue;
            }
            out.push(conflict(rule, ctx, subject, property, &classes));
        }
    }
}

fn conflict(
    rule: &Rule,
    ctx: &Context,
    subject: &str,
    property: &str,
    classes: &Classes,
) -> Finding {
    let sides = &classes.sides;
    let parts: Vec<String> = sides
        .iter()
        .map(|side| format!("{} ({})", shown_value(ctx, side), ctx.sources_of(side)))
        .collect();
    let mut f = finding(
        rule,
        Code::Conflict,
        subject,
        Some(property),
        format!(
            "Sources disagree on {property} of {subject}: {}",
            parts.join(" vs ")
        ),
    );
    // Each outlet counts once, and a vague value for every side it fits.
    let all: Vec<ClaimIdx> = sides
        .iter()
        .flatten()
        .chain(&classes.vague)
        .copied()
        .collect();
    let total = ctx.outlets_of(&all).len();
    let (top, runner_up) = (classes.support(ctx, 0).len(), classes.support(ctx, 1).len());
    f.notes.push(if top > runner_up {
        format!(
            "most sources ({top} of {total} outlets) give {}",
            shown_value(ctx, &sides[0])
        )
    } else {
        format!(
            "the sources split evenly ({}); no value has a majority",
            if top == 1 {
                "one outlet each".to_string()
            } else {
                format!("{top} outlets each")
            }
        )
    });
    if !classes.vague.is_empty() {
        let mut by_value: std::collections::BTreeMap<String, Vec<ClaimIdx>> = Default::default();
        for &c in &classes.vague {
            by_value.entry(shown_value(ctx, &[c])).or_default().push(c);
        }
        let vague: Vec<String> = by_value
            .iter()
            .map(|(shown, claims)| format!("{shown} ({})", ctx.sources_of(claims)))
            .collect();
        f.notes.push(format!(
            "{} fits more than one of these values and takes no side",
            join_and(vague)
        ));
    }
    f.evidence = sides.iter().flatten().map(|&c| ctx.evidence(c)).collect();
    f
}
