//! `crosscheck claims`: every validated claim as JSON Lines, with what the check worked out
//! about it (docs/formats.md section 6.2), for an engine that checks an archive too large for
//! one machine (docs/performance.md, "Beyond one machine").
//!
//! Each claim carries its slot (the resolved subject it is compared as, and its property) and
//! its value in a comparable form: a `key` compared for equality (an entity mention's resolved
//! entity, a text's term or folded text, a currency, a duration, a yes/no) and an interval
//! `low`..`high` (a number, an amount, a date's days, an age's birth days, a time's minutes)
//! compared within the property's tolerance. Two values of one slot agree when their keys are
//! equal and their intervals overlap within the tolerance (either reading, for a date with
//! two).

use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};

use super::Output;
use super::json::to_line;
use crate::analysis::Context;
use crate::model::ClaimIdx;
use crate::value::date::Period;
use crate::value::{Tolerance, Value};

/// One line per claim, in the workspace's claim order.
pub fn render_lines(out: &Output) -> String {
    let ctx = out.report.analysis.of(out.workspace);
    (0..out.workspace.claims.len())
        .map(|c| to_line(&claim(&ctx, c)))
        .collect()
}

fn claim(ctx: &Context, c: ClaimIdx) -> Json {
    let claim = ctx.claim(c);
    let source = ctx.ws.source_of(claim);
    let subject = ctx.shared_subject(c).unwrap_or_else(|| ctx.subject_key(c));
    let property = claim.property.value.as_str();
    let declared = ctx.ws.property(property);
    let (tolerance, relative) = match declared.map(|p| p.tolerance).unwrap_or_default() {
        Tolerance::Exact => (0.0, 0.0),
        Tolerance::Absolute(t) => (t, 0.0),
        Tolerance::Relative(r) => (0.0, r),
    };
    let key = ctx.entity_key(subject, property);
    let form = comparable(&claim.value, &key);
    let (low, high) = form.interval.unzip();
    let (low_2, high_2) = form.other.unzip();
    json!({
        "source": source.id.as_str(),
        "outlet": source.outlet,
        "claim": claim.id.as_str(),
        "file": ctx.ws.files.path(claim.span.file),
        "line": claim.span.line,
        "subject": claim.subject.value.as_str(),
        "slot_subject": subject,
        "property": property,
        "type": declared.map(|p| p.ty.name()),
        "changes": declared.is_some_and(|p| p.changes),
        "value": claim.written.as_str(),
        "key": form.key,
        "low": low,
        "high": high,
        "low_2": low_2,
        "high_2": high_2,
        "tolerance": tolerance,
        "tolerance_relative": relative,
        "as_of_start": claim.as_of.start.to_string(),
        "as_of_end": claim.as_of.end.to_string(),
        "set_aside": ctx.is_set_aside(c),
    })
}

/// A value as an engine compares it: see the module documentation.
#[derive(Debug, Default, PartialEq)]
struct Comparable {
    key: Option<String>,
    interval: Option<(f64, f64)>,
    /// A date's second reading.
    other: Option<(f64, f64)>,
}

fn comparable(value: &Value, entity_key: &dyn Fn(&str) -> String) -> Comparable {
    let point = |x: f64| Comparable {
        interval: Some((x, x)),
        ..Comparable::default()
    };
    let key = |k: String| Comparable {
        key: Some(k),
        ..Comparable::default()
    };
    match value {
        Value::Text(t) | Value::Entity(t) => key(entity_key(t)),
        Value::Count(n) => point(*n as f64),
        Value::Number(n) => point(*n),
        Value::Money(m) => Comparable {
            key: Some(m.currency.clone()),
            ..point(m.amount)
        },
        Value::Date(d) => Comparable {
            interval: Some(days(&d.period)),
            other: d.alternative.as_ref().map(days),
            key: None,
        },
        Value::Duration(d) => key(d.to_string()),
        Value::Age { .. } => Comparable {
            interval: value.birth_window().map(|(a, b)| (day(a), day(b))),
            ..Comparable::default()
        },
        Value::Boolean(b) => key(b.to_string()),
        // Minutes after midnight in UTC when the zone is known; a window across midnight is
        // not modelled.
        Value::Time(t) => point(f64::from(t.utc().unwrap_or(i32::from(t.clock)))),
        // A set as its members' keys, sorted: members compared within a tolerance are not
        // modelled.
        Value::Set(items) => {
            let mut keys: Vec<String> = items
                .iter()
                .map(|v| {
                    let c = comparable(v, entity_key);
                    c.key.unwrap_or_default()
                        + &c.interval
                            .map(|(a, b)| format!("{a}..{b}"))
                            .unwrap_or_default()
                })
                .collect();
            keys.sort_unstable();
            keys.dedup();
            key(keys.join("|"))
        }
    }
}

/// A period as days of the common era, first and last.
fn days(p: &Period) -> (f64, f64) {
    (day(p.start), day(p.end))
}

fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::DateValue;

    fn period(a: &str, b: &str) -> Period {
        Period {
            start: a.parse().unwrap(),
            end: b.parse().unwrap(),
            precision: crate::value::date::Precision::Day,
        }
    }

    #[test]
    fn a_date_is_its_days_and_its_second_reading_apart() {
        let mut d = DateValue::single(period("2023-11-16", "2023-11-16"), None);
        d.alternative = Some(period("2022-11-16", "2022-11-30"));
        let c = comparable(&Value::Date(d), &|s| s.to_string());
        let (a, b) = c.interval.unwrap();
        assert_eq!(a, b);
        let (x, y) = c.other.unwrap();
        assert_eq!((a - x, y - x), (365.0, 14.0));
        assert_eq!(c.key, None);
    }

    #[test]
    fn an_entity_compares_as_what_it_resolves_to_and_a_set_as_its_sorted_members() {
        let resolve = |s: &str| s.to_lowercase();
        let one = comparable(&Value::Entity("Court".into()), &resolve);
        assert_eq!(one.key.as_deref(), Some("court"));
        let set = Value::Set(vec![Value::Entity("B".into()), Value::Entity("a".into())]);
        assert_eq!(comparable(&set, &resolve).key.as_deref(), Some("a|b"));
    }
}
