//! # order
//!
//! **What it checks.** The dates named in `sequence` (a list of `{subject, property}`, each a
//! date property) do not go backwards: no date stated for a later step lies wholly before a
//! date stated for an earlier step. Dates compare as periods, so "2017" and "2017-12-24" are
//! not out of order with each other. A date with two readings ("Nov. 16" read in December)
//! is out of order only when it is under either reading. Steps no source dates are skipped.
//! Each step that comes too early is reported once, against the earlier step whose date
//! starts latest (the first of them), so a sequence of any length is checked in one pass.
//!
//! **Why it matters to an editor.** A timeline that runs backwards (sentenced before being
//! jailed, a pardon overturned before it was granted) means a wrong year somewhere, often a
//! relative date ("last year") resolved from the wrong publication date.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: case-chronology
//!     kind: order
//!     sequence:
//!       - {subject: fujimori-pardon-2017, property: date}
//!       - {subject: supreme-court-annulment-2018, property: date}
//!       - {subject: constitutional-ruling-2022-03, property: date}
//! ```
//! Finding (`out-of-order`, error): *date of supreme-court-annulment-2018 (2016, Latin Times)
//! comes before date of fujimori-pardon-2017 (2017-12-24, Bloomberg), but the sequence puts it
//! after.*

use super::{Kind, Shared, finding, kind_doc, read_slot};
use crate::analysis::Context;
use crate::error::LoadErrorKind;
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{ClaimIdx, Rule, Severity, Slot};
use crate::value::Value;
use crate::value::date::Period;
use crate::yaml::{Fields, Reader};
use schemars::JsonSchema;

/// The `order` rule kind.
pub struct Order;

pub const OUT_OF_ORDER: Code = Code(&CodeInfo {
    kind: Order::NAME,
    name: "out-of-order",
    meaning: "dates that follow one another go backwards",
});

impl Kind for Order {
    type Settings = Params;
    const NAME: &str = "order";
    const CODES: &[Code] = &[OUT_OF_ORDER];
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const DOC: &str = kind_doc!("order.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn slots(p: &Params) -> Vec<&Slot> {
        p.sequence.iter().collect()
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// The settings of an `order` rule.
#[derive(Debug, Clone, JsonSchema)]
pub struct Params {
    /// The dated steps, in order.
    pub sequence: Vec<Slot>,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        let Some(node) = f.get("sequence") else {
            r.error(
                f.span,
                LoadErrorKind::MissingKey {
                    key: "sequence".into(),
                },
                Some("an order rule lists `sequence: [{subject, property}, ...]`".into()),
            );
            return None;
        };
        let sequence: Vec<Slot> = r
            .list(node, "a list of {subject, property}")
            .iter()
            .filter_map(|n| read_slot(r, n))
            .collect();
        (sequence.len() >= 2).then_some(Params { sequence })
    }
}

/// The claims of a step with the days each may denote: a date with two readings spans both,
/// so that a step is out of order only when it is whichever reading is right.
fn dated(ctx: &Context, slot: &Slot) -> Vec<(ClaimIdx, Period)> {
    let key = (
        ctx.names.key(&slot.subject.value),
        slot.property.value.clone(),
    );
    ctx.slots
        .get(&key)
        .into_iter()
        .flatten()
        .filter_map(|&c| match &ctx.claim(c).value {
            Value::Date(d) => Some((c, d.hull())),
            _ => None,
        })
        .collect()
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    // Each step against the latest-starting date of all steps before it, found as the sequence
    // is walked: one pass, never every pair of steps.
    let mut latest: Option<(&Slot, ClaimIdx, Period)> = None;
    for step in &params.sequence {
        let dates = dated(ctx, step);
        // The earliest-ending date of this step against the latest-starting before it.
        let earliest = dates.iter().min_by_key(|(c, p)| (p.end, *c)).copied();
        if let (Some((earlier, a, pa)), Some((b, pb))) = (latest, earliest)
            && pa.start > pb.end
        {
            out.push(out_of_order(rule, ctx, (earlier, a), (step, b)));
        }
        let last = dates
            .iter()
            .max_by_key(|(c, p)| (p.start, std::cmp::Reverse(*c)))
            .copied();
        if let Some((c, p)) = last
            && latest.is_none_or(|(_, _, q)| p.start > q.start)
        {
            latest = Some((step, c, p));
        }
    }
}

/// The finding of a later step dated before an earlier one.
fn out_of_order(
    rule: &Rule,
    ctx: &Context,
    (earlier, a): (&Slot, ClaimIdx),
    (later, b): (&Slot, ClaimIdx),
) -> Finding {
    let name = |s: &Slot| {
        format!(
            "{} of {}",
            s.property.value,
            ctx.names.key(&s.subject.value)
        )
    };
    let who = |c: ClaimIdx| ctx.ws.source_of(ctx.claim(c)).outlet.clone();
    let shown = |c: ClaimIdx| ctx.claim(c).value.to_string();
    let mut f = finding(
        rule,
        OUT_OF_ORDER,
        &ctx.names.key(&later.subject.value),
        Some(&later.property.value),
        format!(
            "{} ({}, {}) comes before {} ({}, {}), but the sequence puts it after",
            name(later),
            shown(b),
            who(b),
            name(earlier),
            shown(a),
            who(a)
        ),
    );
    f.evidence = vec![ctx.evidence(b), ctx.evidence(a)];
    f
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, load, second_reading};

    /// A sequence of two steps, `jailed` then `pardoned`, each dated by one source.
    fn two_steps(jailed: &str, pardoned: &str) -> crate::model::Workspace {
        let source = |outlet: &str, property: &str, value: &str| {
            format!(
                "source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: {property}\n    subject: x\n    property: {property}\n    value: \"{value}\"\n"
            )
        };
        load(&[
            (
                "properties.yaml",
                "properties:\n  jailed: {type: date}\n  pardoned: {type: date}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - id: steps\n    kind: order\n    sequence:\n      - {subject: x, property: jailed}\n      - {subject: x, property: pardoned}\n",
            ),
            ("a.yaml", &source("A", "jailed", jailed)),
            ("b.yaml", &source("B", "pardoned", pardoned)),
        ])
    }

    #[test]
    fn a_step_out_of_order_under_one_reading_only_is_not_reported() {
        let mut ws = two_steps("2023-06-01", "2023-11-16");
        second_reading(&mut ws, "pardoned", "2022-11-16");
        assert!(findings(&ws).is_empty(), "{:?}", findings(&ws));
    }

    #[test]
    fn a_step_out_of_order_under_both_readings_is_reported_with_both() {
        let mut ws = two_steps("2023-12-01", "2023-11-16");
        second_reading(&mut ws, "pardoned", "2022-11-16");
        assert_eq!(
            findings(&ws),
            [
                "out-of-order: pardoned of x (2023-11-16 (or 2022-11-16), B) comes before jailed of x (2023-12-01, A), but the sequence puts it after"
            ]
        );
    }
}
