//! # sum
//!
//! **What it checks.** A total equals the sum of its parts: `total: {subject, property}` and
//! `parts: [{subject, property}, ...]`. Each slot's value is the one most outlets give; the
//! check is skipped while the total or a part is stated by no source (`require` reports that).
//! Counts, numbers, money in one currency and durations can be summed; the total's
//! `tolerance` applies. Counts and durations add up exactly however large they are (parts past
//! the largest count show their full sum, never one wrapped round to a small number); numbers
//! and money add up as the decimals they were written as, so 0.1 + 0.2 is 0.3.
//!
//! **Running figures.** Where the total or a part has `changes: true` (a death toll that rises
//! over weeks), figures are added up only as of one date: the claims of the changing slots are
//! grouped by their `as_of` (a claim without one holds at its source's publication date), and
//! each date's total is held against the parts stated as of that same date — the same day, or
//! the same month where the claims give a month. A part stated on another date is never added
//! (not even a day inside a month's total), and a date at which the total or a part is stated
//! by no source is quiet. A slot whose property does not change holds at every date.
//! The message names the date, and each part with who states it and the date it holds at
//! where that is not the day its source was published: *toll of rio-verde-floods is 19 as of
//! 2024-02-27 (Pacific Tribune, 2024-02-27), but its parts as of that date add up to 18: dead
//! 15 (Pacific Tribune, 2024-02-27) + missing 3 (Noticias Sur, 2024-02-28, as of 2024-02-27)*.
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
//!
//! A running toll, the dead plus the missing, each a count with `changes: true`:
//! ```yaml
//! rules:
//!   - id: toll-adds-up
//!     kind: sum
//!     total: {subject: rio-verde-floods, property: toll}
//!     parts:
//!       - {subject: rio-verde-floods, property: dead}
//!       - {subject: rio-verde-floods, property: missing}
//! ```
//! A toll of 19 as of 27 February against 15 dead and 3 missing as of 27 February is a
//! `sum-mismatch`; 1 missing as of 12 March is never added to it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Kind, Shared, finding, kind_doc, read_slot};
use crate::analysis::Context;
use crate::analysis::classes::value_classes;
use crate::error::LoadErrorKind;
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{ClaimIdx, Rule, Severity, Slot};
use crate::value::date::Period;
use crate::value::money::show_number;
use crate::value::{Tolerance, Value, duration};
use crate::yaml::{Fields, Reader};
use rust_decimal::Decimal;
use schemars::JsonSchema;

/// The `sum` rule kind.
pub struct Sum;

pub const SUM_MISMATCH: Code = Code(&CodeInfo {
    kind: Sum::NAME,
    name: "sum-mismatch",
    meaning: "a total is not the sum of its parts",
});

impl Kind for Sum {
    type Settings = Params;
    const NAME: &str = "sum";
    const CODES: &[Code] = &[SUM_MISMATCH];
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const DOC: &str = kind_doc!("sum.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn slots(p: &Params) -> Vec<&Slot> {
        std::iter::once(&p.total).chain(&p.parts).collect()
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// The settings of a `sum` rule.
#[derive(Debug, Clone, JsonSchema)]
pub struct Params {
    /// The total.
    pub total: Slot,
    /// The parts.
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

/// The value most outlets give among some claims of a slot, and the claims that give it.
fn consensus<'c>(
    ctx: &'c Context,
    (subject, property): (&str, &str),
    claims: &[ClaimIdx],
) -> Option<(Vec<ClaimIdx>, &'c Value)> {
    let top = value_classes(ctx, subject, property, claims)
        .into_iter()
        .next()?;
    let value = &ctx.claim(top[0]).value;
    Some((top, value))
}

/// What the parts add up to, and whether that is the total; `None` when they cannot be summed
/// together. Counts and durations are added in 128 bits, which cannot overflow, so a sum past
/// the largest count is shown, not wrapped round to a small one; numbers and money are added
/// as the decimals they were written as (0.1 + 0.2 is 0.3).
fn add(values: &[&Value], total: &Value, tolerance: &Tolerance) -> Option<(String, bool)> {
    let first = values.first()?;
    Some(match (first, total) {
        (Value::Count(_), Value::Count(total)) => {
            let sum = values.iter().try_fold(0u128, |sum, v| match v {
                Value::Count(n) => Some(sum + u128::from(*n)),
                _ => None,
            })?;
            (sum.to_string(), sum == u128::from(*total))
        }
        (Value::Number(_), Value::Number(total)) => {
            let parts = values.iter().map(|v| match v {
                Value::Number(n) => Some(*n),
                _ => None,
            });
            let sum = decimal_sum(&parts.collect::<Option<Vec<f64>>>()?);
            (shown(sum), sum.is_finite() && tolerance.within(sum, *total))
        }
        (Value::Money(m), Value::Money(total)) => {
            let parts = values.iter().map(|v| match v {
                Value::Money(x) if x.currency == m.currency => Some(x.amount),
                _ => None,
            });
            let sum = decimal_sum(&parts.collect::<Option<Vec<f64>>>()?);
            let agrees = sum.is_finite()
                && total.currency == m.currency
                && tolerance.within(sum, total.amount);
            (format!("{} {}", shown(sum), m.currency), agrees)
        }
        (Value::Duration(_), Value::Duration(total)) => {
            let (mut months, mut days) = (0u128, 0u128);
            for v in values {
                let Value::Duration(d) = v else { return None };
                months += u128::from(d.months);
                days += u128::from(d.days);
            }
            let agrees = (months, days) == (u128::from(total.months), u128::from(total.days));
            (duration::show(months, days), agrees)
        }
        _ => return None,
    })
}

/// The sum of numbers as the decimals they were written as (their shortest forms), rounded
/// once at the end; in floating point where a decimal cannot hold them (past 7.9e28).
fn decimal_sum(parts: &[f64]) -> f64 {
    let decimal = |x: f64| Decimal::from_scientific(&format!("{x:e}")).ok();
    parts
        .iter()
        .try_fold(Decimal::ZERO, |sum, x| sum.checked_add(decimal(*x)?))
        .and_then(|sum| sum.to_string().parse().ok())
        .unwrap_or_else(|| parts.iter().sum())
}

/// A sum as shown: past the largest floating-point number, that bound.
fn shown(sum: f64) -> String {
    if sum.is_finite() {
        show_number(sum)
    } else {
        format!("more than {:e}", f64::MAX)
    }
}

/// One slot of the rule: its subject key, its property and whether the property changes.
struct Figure<'r> {
    subject: String,
    property: &'r str,
    changes: bool,
    claims: &'r [ClaimIdx],
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    let mut figures = Vec::new();
    for slot in std::iter::once(&params.total).chain(&params.parts) {
        let subject = ctx.names.key(&slot.subject.value);
        let property = slot.property.value.as_str();
        // A slot no source states: `require` reports that.
        let Some(claims) = ctx.slots.get(&(subject.clone(), property.to_string())) else {
            return;
        };
        let changes = ctx.ws.property(property).is_some_and(|p| p.changes);
        figures.push(Figure {
            subject,
            property,
            changes,
            claims,
        });
    }
    // What a slot that does not change states holds at every time: found once.
    let mut fixed = HashMap::new();
    for (i, f) in figures.iter().enumerate().filter(|(_, f)| !f.changes) {
        let Some(stated) = consensus(ctx, (&f.subject, f.property), f.claims) else {
            return;
        };
        fixed.insert(i, stated);
    }
    // Running figures are added up only as of one date: the claims of the slots that change,
    // grouped by their `as_of` period. Only equal periods meet: overlapping ones (a month and a
    // day in it) could chain days whose figures must never be added together.
    let changing: Vec<usize> = (0..figures.len()).filter(|&i| figures[i].changes).collect();
    if changing.is_empty() {
        let stated: Vec<_> = (0..figures.len())
            .filter_map(|i| fixed.remove(&i))
            .collect();
        check_at(rule, ctx, &figures, &stated, None, out);
        return;
    }
    let mut at: BTreeMap<(Period, usize), Vec<ClaimIdx>> = BTreeMap::new();
    for &i in &changing {
        for &c in figures[i].claims {
            at.entry((ctx.claim(c).as_of, i)).or_default().push(c);
        }
    }
    let times: BTreeSet<Period> = at.keys().map(|(p, _)| *p).collect();
    for time in times {
        // A date at which a running figure is stated by no source is quiet.
        if changing.iter().any(|&i| !at.contains_key(&(time, i))) {
            continue;
        }
        let mut stated = Vec::with_capacity(figures.len());
        for (i, f) in figures.iter().enumerate() {
            let value = match fixed.get(&i) {
                Some((claims, value)) => Some((claims.clone(), *value)),
                None => at
                    .get(&(time, i))
                    .and_then(|claims| consensus(ctx, (&f.subject, f.property), claims)),
            };
            let Some(value) = value else { break };
            stated.push(value);
        }
        check_at(rule, ctx, &figures, &stated, Some(time), out);
    }
}

/// Holds the total (the first figure) against its parts, as the claims of one time state them.
fn check_at(
    rule: &Rule,
    ctx: &Context,
    figures: &[Figure],
    stated: &[(Vec<ClaimIdx>, &Value)],
    when: Option<Period>,
    out: &mut Vec<Finding>,
) {
    if stated.len() != figures.len() {
        return;
    }
    let [total, parts @ ..] = figures else { return };
    let [(total_claims, total_value), stated_parts @ ..] = stated else {
        return;
    };
    let values: Vec<&Value> = stated_parts.iter().map(|(_, v)| *v).collect();
    let tolerance = ctx
        .ws
        .property(total.property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    let Some((sum, true_sum)) = add(&values, total_value, &tolerance) else {
        return;
    };
    if true_sum {
        return;
    }
    // A part is named by what sets it apart from the total: its subject, its property or both.
    let terms: Vec<String> = parts
        .iter()
        .zip(stated_parts)
        .map(|(part, (claims, value))| {
            let mut term = Vec::new();
            if part.subject != total.subject {
                term.push(part.subject.clone());
            }
            if part.property != total.property {
                term.push(part.property.to_string());
            }
            term.push(value.to_string());
            if when.is_some() {
                term.push(format!("({})", stated_by(ctx, claims)));
            }
            term.join(" ")
        })
        .collect();
    let (subject, property) = (&total.subject, total.property);
    let message = match when {
        None => format!(
            "{property} of {subject} is {total_value}, but its parts add up to {sum} ({})",
            terms.join(" + ")
        ),
        Some(when) => format!(
            "{property} of {subject} is {total_value} as of {when} ({}), but its parts as of \
             that date add up to {sum}: {}",
            stated_by(ctx, total_claims),
            terms.join(" + ")
        ),
    };
    let mut f = finding(rule, SUM_MISMATCH, subject, Some(property), message);
    if when.is_some() {
        f.notes.push(
            "running figures are added up only as of one date: a part stated as of another \
             date is never added to this total"
                .to_string(),
        );
    }
    f.evidence = std::iter::once(total_claims)
        .chain(stated_parts.iter().map(|(c, _)| c))
        .flatten()
        .map(|&c| ctx.evidence(c))
        .collect();
    out.push(f);
}

/// "Valley Courier, 2024-03-10; Andes Wire, 2024-03-12, as of 2024-03-10": who states a figure,
/// and the date it holds at where that is not the day the source was published.
fn stated_by(ctx: &Context, claims: &[ClaimIdx]) -> String {
    let labels: BTreeSet<String> = claims
        .iter()
        .map(|&c| {
            let claim = ctx.claim(c);
            let source = ctx.ws.source_of(claim);
            if claim.as_of == source.published {
                source.label()
            } else {
                format!("{}, as of {}", source.label(), claim.as_of)
            }
        })
        .collect();
    labels.into_iter().collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::duration::Duration;
    use crate::value::money::Money;

    fn sum(parts: &[Value], total: Value) -> (String, bool) {
        let parts: Vec<&Value> = parts.iter().collect();
        add(&parts, &total, &Tolerance::Exact).expect("summable")
    }

    #[test]
    fn counts_past_the_largest_count_are_shown_not_wrapped() {
        let parts = [Value::Count(u64::MAX), Value::Count(2)];
        assert_eq!(
            sum(&parts, Value::Count(1)),
            ("18446744073709551617".to_string(), false)
        );
        let many = vec![Value::Count(i64::MAX as u64); 1000];
        assert_eq!(
            sum(&many, Value::Count(0)),
            ("9223372036854775807000".to_string(), false)
        );
    }

    #[test]
    fn durations_past_the_largest_are_shown_not_dropped() {
        let d = |months, days| Value::Duration(Duration { months, days });
        let (shown, agrees) = sum(&[d(u64::MAX, 0), d(12, u64::MAX), d(0, 1)], d(0, 0));
        assert!(!agrees);
        assert_eq!(
            shown,
            "1537228672809129302 years 3 months 18446744073709551616 days"
        );
    }

    #[test]
    fn decimals_add_up_as_written() {
        let n = Value::Number;
        assert_eq!(sum(&[n(0.1), n(0.2)], n(0.3)), ("0.3".to_string(), true));
        let usd = |amount| {
            Value::Money(Money {
                amount,
                currency: "USD".into(),
            })
        };
        assert_eq!(
            sum(&[usd(10.1), usd(20.2)], usd(30.3)),
            ("30.3 USD".to_string(), true)
        );
    }

    #[test]
    fn amounts_past_the_largest_number_say_so() {
        let n = Value::Number;
        let (shown, agrees) = sum(&[n(f64::MAX), n(f64::MAX)], n(1.0));
        assert!(!agrees);
        assert_eq!(shown, "more than 1.7976931348623157e308");
        // Past a decimal's range, floating point still adds them.
        assert!(sum(&[n(1e300), n(1e300)], n(2e300)).1);
    }
}

#[cfg(test)]
mod running {
    use crate::finding::Finding;
    use crate::testing::{TollSource as Source, checked, toll_workspace};

    fn sums(sources: &[Source]) -> Vec<Finding> {
        let ws = toll_workspace(sources);
        checked(&ws)
            .into_iter()
            .filter(|f| f.code == super::SUM_MISMATCH)
            .collect()
    }

    #[test]
    fn parts_stated_on_other_dates_are_never_added_to_a_total() {
        let found = sums(&[
            ("Valley Courier", "2024-03-27", &[("recovered", "2", "")]),
            ("Andes Wire", "2024-04-05", &[("missing", "3", "")]),
            ("Pacific Tribune", "2024-04-05", &[("victims", "6", "")]),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_mismatch_at_one_date_names_each_part_with_its_source_and_date() {
        let found = sums(&[
            ("Valley Courier", "2024-03-27", &[("recovered", "2", "")]),
            (
                "Andes Wire",
                "2024-03-28",
                &[("missing", "3", "2024-03-27")],
            ),
            ("Pacific Tribune", "2024-03-27", &[("victims", "6", "")]),
            // Another date's figures add up, and are not mixed in.
            (
                "Valley Courier",
                "2024-04-05",
                &[
                    ("recovered", "5", ""),
                    ("missing", "2", ""),
                    ("victims", "7", ""),
                ],
            ),
        ]);
        let [f] = found.as_slice() else {
            panic!("one finding: {found:?}");
        };
        assert_eq!(
            f.message,
            "victims of slide is 6 as of 2024-03-27 (Pacific Tribune, 2024-03-27), but its parts \
             as of that date add up to 5: recovered 2 (Valley Courier, 2024-03-27) + missing 3 \
             (Andes Wire, 2024-03-28, as of 2024-03-27)"
        );
        assert_eq!(f.evidence.len(), 3);
    }

    #[test]
    fn a_months_total_is_never_added_up_from_one_days_parts() {
        let found = sums(&[
            (
                "Valley Courier",
                "2024-04-02",
                &[("victims", "20", "2024-03")],
            ),
            (
                "Andes Wire",
                "2024-03-05",
                &[("recovered", "4", ""), ("missing", "5", "")],
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_total_with_a_part_missing_at_its_date_is_quiet() {
        let found = sums(&[(
            "Valley Courier",
            "2024-03-27",
            &[("recovered", "2", ""), ("victims", "6", "")],
        )]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_toll_stated_on_thousands_of_days_is_added_up_day_by_day_at_once() {
        let day = |i: i64| {
            (chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("date")
                + chrono::Days::new(i as u64))
            .to_string()
        };
        // Every day's figures add up but one's, whose total is one short.
        let figures: Vec<[(String, String, String); 3]> = (0..5_000)
            .map(|i| {
                let total = if i == 4_321 { i + 1 } else { i + 2 };
                [
                    ("victims".into(), total.to_string(), day(i)),
                    ("recovered".into(), i.to_string(), day(i)),
                    ("missing".into(), "2".into(), day(i)),
                ]
            })
            .collect();
        let claims: Vec<(&str, &str, &str)> = figures
            .iter()
            .flatten()
            .map(|(p, v, d)| (p.as_str(), v.as_str(), d.as_str()))
            .collect();
        let started = std::time::Instant::now();
        let found = sums(&[("Valley Courier", "2020-01-01", &claims)]);
        let [f] = found.as_slice() else {
            panic!("one finding: {}", found.len());
        };
        assert!(
            f.message.contains(&format!("as of {}", day(4_321))),
            "{}",
            f.message
        );
        // Quadratic work would take far longer; the bound only tells that apart, on a busy
        // machine too.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }
}
