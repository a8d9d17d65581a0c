//! The variables an expression sees, built from the claims, sources and registry.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use cel::Value as CelValue;
use cel::objects::{Key, Map};
use chrono::{NaiveDate, NaiveTime};

use crate::analysis::Context;
use crate::model::{ClaimIdx, Entity, Source};
use crate::value::Value;
use crate::value::date::Period;

pub(super) fn record(entries: Vec<(&str, CelValue)>) -> CelValue {
    CelValue::Map(Map {
        map: Arc::new(
            entries
                .into_iter()
                .map(|(k, v)| (Key::String(Arc::new(k.to_string())), v))
                .collect(),
        ),
    })
}

pub(super) fn string_map(entries: impl IntoIterator<Item = (String, CelValue)>) -> CelValue {
    CelValue::Map(Map {
        map: Arc::new(
            entries
                .into_iter()
                .map(|(k, v)| (Key::String(Arc::new(k)), v))
                .collect::<HashMap<_, _>>(),
        ),
    })
}

pub(super) fn text(s: &str) -> CelValue {
    CelValue::String(Arc::new(s.to_string()))
}

pub(super) fn opt_text(s: Option<&str>) -> CelValue {
    s.map_or(CelValue::Null, text)
}

fn timestamp(d: NaiveDate) -> CelValue {
    CelValue::Timestamp(d.and_time(NaiveTime::MIN).and_utc().fixed_offset())
}

/// A date; `alternative` is the other reading of a date that has two, as a date itself.
fn period(p: &Period, relative: bool, alternative: Option<&Period>) -> CelValue {
    record(vec![
        ("start", timestamp(p.start)),
        ("end", timestamp(p.end)),
        ("precision", text(p.precision.as_str())),
        ("text", text(&p.to_string())),
        ("relative", CelValue::Bool(relative)),
        (
            "alternative",
            alternative.map_or(CelValue::Null, |a| period(a, relative, None)),
        ),
    ])
}

/// A typed value; entity mentions resolve as values of (subject, property). A date with two
/// readings is shown as its likelier one, or with `second` as the other, each with the
/// remaining one as `alternative`.
fn typed(ctx: &Context, subject: &str, property: &str, v: &Value, second: bool) -> CelValue {
    match v {
        Value::Text(s) => text(s),
        Value::Entity(mention) => {
            let id = ctx.names.value_key(subject, property, mention);
            let entity = ctx.entity(&id);
            record(vec![
                ("name", text(entity.map_or(mention, |e| &e.name.value))),
                ("type", opt_text(entity.and_then(|e| e.kind.as_deref()))),
                ("text", text(mention)),
                ("id", text(&id)),
            ])
        }
        Value::Count(n) => i64::try_from(*n).map_or(CelValue::UInt(*n), CelValue::Int),
        Value::Number(x) => CelValue::Float(*x),
        Value::Money(m) => record(vec![
            ("amount", CelValue::Float(m.amount)),
            ("currency", text(&m.currency)),
        ]),
        Value::Date(d) => match d.alternative {
            Some(other) if second => period(&other, d.anchor.is_some(), Some(&d.period)),
            other => period(&d.period, d.anchor.is_some(), other.as_ref()),
        },
        Value::Duration(d) => record(vec![
            (
                "months",
                i64::try_from(d.months).map_or(CelValue::UInt(d.months), CelValue::Int),
            ),
            (
                "days",
                i64::try_from(d.days).map_or(CelValue::UInt(d.days), CelValue::Int),
            ),
        ]),
        Value::Age { years, .. } => CelValue::Int(i64::from(*years)),
        Value::Boolean(b) => CelValue::Bool(*b),
        Value::Time(t) => record(vec![
            ("minutes", CelValue::Int(i64::from(t.clock))),
            (
                "utc",
                t.utc()
                    .map_or(CelValue::Null, |m| CelValue::Int(i64::from(m))),
            ),
            ("text", text(&t.to_string())),
        ]),
        Value::Set(items) => CelValue::List(Arc::new(
            items
                .iter()
                .map(|i| typed(ctx, subject, property, i, second))
                .collect(),
        )),
    }
}

/// A claim; `second` shows a date with two readings as its other one.
pub(super) fn claim_var(ctx: &Context, i: ClaimIdx, second: bool) -> CelValue {
    let c = ctx.claim(i);
    let subject = ctx.subject_key(i);
    let property = c.property.value.as_str();
    let source = ctx.ws.source_of(c);
    record(vec![
        ("id", text(&c.id)),
        ("source", text(&source.id)),
        ("subject", text(subject)),
        ("property", text(property)),
        (
            "type",
            opt_text(ctx.ws.property(property).map(|p| p.ty.name())),
        ),
        ("value", typed(ctx, subject, property, &c.value, second)),
        ("written", text(&c.written)),
        (
            "quote",
            opt_text(c.quote.as_ref().map(|q| q.value.as_str())),
        ),
        ("as_of", period(&c.as_of, false, None)),
    ])
}

pub(super) fn source_var(s: &Source) -> CelValue {
    record(vec![
        ("id", text(&s.id)),
        ("outlet", text(&s.outlet)),
        ("published", period(&s.published, false, None)),
        ("title", opt_text(s.title.as_deref())),
        ("url", opt_text(s.url.as_deref())),
    ])
}

pub(super) fn entity_var(e: Option<&Entity>) -> CelValue {
    let Some(e) = e else {
        return CelValue::Null;
    };
    record(vec![
        ("id", text(&e.id)),
        ("name", text(&e.name.value)),
        ("type", opt_text(e.kind.as_deref())),
        (
            "aliases",
            CelValue::List(Arc::new(e.aliases.iter().map(|a| text(&a.value)).collect())),
        ),
    ])
}

pub(super) fn facts_var(ctx: &Context, e: Option<&Entity>) -> CelValue {
    string_map(e.into_iter().flat_map(|e| {
        e.facts.iter().map(|f| {
            let value = typed(ctx, &e.id, &f.property, &f.value, false);
            (f.property.clone(), value)
        })
    }))
}

pub(super) fn registry_var(ctx: &Context) -> CelValue {
    string_map(ctx.ws.entities.iter().map(|e| {
        let CelValue::Map(m) = entity_var(Some(e)) else {
            unreachable!("an entity is a record")
        };
        let mut fields = (*m.map).clone();
        fields.insert(
            Key::String(Arc::new("facts".into())),
            facts_var(ctx, Some(e)),
        );
        (
            e.id.clone(),
            CelValue::Map(Map {
                map: Arc::new(fields),
            }),
        )
    }))
}

/// Property → list of values, for some slots of one subject; the claims in `second` show a
/// date with two readings as its other one.
pub(super) fn props_var<'a>(
    ctx: &Context,
    subject: &str,
    slots: impl IntoIterator<Item = (&'a str, &'a [ClaimIdx])>,
    second: &BTreeSet<ClaimIdx>,
) -> CelValue {
    string_map(slots.into_iter().map(|(property, claims)| {
        let values = claims
            .iter()
            .map(|&c| {
                typed(
                    ctx,
                    subject,
                    property,
                    &ctx.claim(c).value,
                    second.contains(&c),
                )
            })
            .collect();
        (property.to_string(), CelValue::List(Arc::new(values)))
    }))
}

pub(super) fn stated_var(ctx: &Context) -> CelValue {
    let mut by_subject: BTreeMap<&str, Vec<(&str, &[ClaimIdx])>> = BTreeMap::new();
    for ((s, p), claims) in &ctx.slots {
        by_subject
            .entry(s.as_str())
            .or_default()
            .push((p.as_str(), claims.as_slice()));
    }
    string_map(
        by_subject
            .into_iter()
            .map(|(s, slots)| (s.to_string(), props_var(ctx, s, slots, &BTreeSet::new()))),
    )
}
