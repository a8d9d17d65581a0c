//! # sum
//!
//! **What it checks.** A total equals the sum of its parts: `total: {subject, property}` and
//! `parts: [{subject, property}, ...]`. Each slot's value is the one most outlets give; the
//! check is skipped while the total or a part is stated by no source (`require` reports that).
//! Counts, numbers, money in one currency and durations can be summed; the total's
//! `tolerance` applies.
//!
//! **Why it matters to an editor.** "25 victims: 15 in Barrios Altos and 10 at La Cantuta"
//! is checkable arithmetic; a wrong total or part is an easy error to print and to catch.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: victims-add-up
//!     kind: sum
//!     total: {subject: fujimori-massacres, property: victims}
//!     parts:
//!       - {subject: barrios-altos-massacre, property: victims}
//!       - {subject: la-cantuta-massacre, property: victims}
//! ```
//! Finding (`sum-mismatch`, error): *victims of fujimori-massacres is 25, but its parts add up
//! to 26 (barrios-altos-massacre 15 + la-cantuta-massacre 11).*

use super::{KindInfo, finding, read_slot, value_classes};
use crate::check::Context;
use crate::error::LoadErrorKind;
use crate::finding::{Code, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{Rule, Severity, Slot};
use crate::value::Value;

pub const INFO: KindInfo = KindInfo {
    name: "sum",
    codes: &[Code::SumMismatch],
    default_severity: Severity::Error,
    keys: &["total", "parts"],
    source: include_str!("sum.rs"),
};

#[derive(Debug, Clone)]
pub struct Params {
    pub total: Slot,
    pub parts: Vec<Slot>,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        let total = match f.get("total") {
            Some(n) => read_slot(r, n),
            None => {
                r.error(
                    f.span,
                    LoadErrorKind::MissingKey {
                        key: "total".into(),
                    },
                    Some("a sum rule needs `total: {subject, property}`".into()),
                );
                None
            }
        };
        let parts = match f.get("parts") {
            Some(n) => r
                .list(n, "a list of {subject, property}")
                .iter()
                .filter_map(|p| read_slot(r, p))
                .collect(),
            None => {
                r.error(
                    f.span,
                    LoadErrorKind::MissingKey {
                        key: "parts".into(),
                    },
                    Some("a sum rule needs `parts: [{subject, property}, ...]`".into()),
                );
                Vec::new()
            }
        };
        Some(Params {
            total: total?,
            parts,
        })
        .filter(|p| !p.parts.is_empty())
    }
}

/// The consensus value of a slot and the claims that state it.
fn consensus<'c>(ctx: &'c Context, slot: &Slot) -> Option<(String, Vec<usize>, &'c Value)> {
    let subject = ctx.names.key(&slot.subject.value);
    let claims = ctx
        .slots
        .get(&(subject.clone(), slot.property.value.clone()))?;
    let top = value_classes(ctx, &subject, &slot.property.value, claims)
        .into_iter()
        .next()?;
    let value = &ctx.claim(top[0]).value;
    Some((subject, top, value))
}

/// Adds values of one kind; `None` when they cannot be summed together.
fn add(values: &[&Value]) -> Option<Value> {
    let first = values.first()?;
    Some(match first {
        Value::Count(_) => Value::Count(
            values
                .iter()
                .map(|v| match v {
                    Value::Count(n) => Some(*n),
                    _ => None,
                })
                .sum::<Option<u64>>()?,
        ),
        Value::Number(_) => Value::Number(
            values
                .iter()
                .map(|v| match v {
                    Value::Number(n) => Some(*n),
                    _ => None,
                })
                .sum::<Option<f64>>()?,
        ),
        Value::Money(m) => Value::Money(crate::value::money::Money {
            amount: values
                .iter()
                .map(|v| match v {
                    Value::Money(x) if x.currency == m.currency => Some(x.amount),
                    _ => None,
                })
                .sum::<Option<f64>>()?,
            currency: m.currency.clone(),
        }),
        Value::Duration(_) => {
            let (mut months, mut days) = (0u64, 0u64);
            for v in values {
                let Value::Duration(d) = v else { return None };
                months = months.checked_add(d.months)?;
                days = days.checked_add(d.days)?;
            }
            Value::Duration(crate::value::duration::Duration { months, days })
        }
        _ => return None,
    })
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    let Some((subject, total_claims, total)) = consensus(ctx, &params.total) else {
        return;
    };
    let mut parts = Vec::new();
    for slot in &params.parts {
        let Some(part) = consensus(ctx, slot) else {
            return;
        };
        parts.push(part);
    }
    let values: Vec<&Value> = parts.iter().map(|(_, _, v)| *v).collect();
    let Some(sum) = add(&values) else { return };
    let property = &params.total.property.value;
    let tolerance = ctx
        .ws
        .property(property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    if sum.agrees(total, &tolerance, &|m| m.to_string()) {
        return;
    }
    let terms: Vec<String> = parts.iter().map(|(s, _, v)| format!("{s} {v}")).collect();
    let mut f = finding(
        rule,
        Code::SumMismatch,
        &subject,
        Some(property),
        format!(
            "{property} of {subject} is {total}, but its parts add up to {sum} ({})",
            terms.join(" + ")
        ),
    );
    f.evidence = total_claims
        .iter()
        .chain(parts.iter().flat_map(|(_, c, _)| c))
        .map(|&c| ctx.evidence(c))
        .collect();
    out.push(f);
}
