//! The names of a compiled rule held against the declared properties, once they are known.

use std::collections::{BTreeMap, BTreeSet};

use super::Params;
use super::compile::Name;
use super::names::{date_help, value_fields};
use crate::error::{LoadErrorKind, did_you_mean};
use crate::model::Property;
use crate::span::Spanned;
use crate::value::ValueType;
use crate::yaml::Reader;

/// Reports what the expressions of an `expr` rule name that the declared properties rule
/// out: a property no properties file declares, a value type that does not exist, a field
/// that the values the rule can see do not have. Such a rule could never fire, or would fail
/// on every claim; it is a load error. The values the rule can see are those of the
/// properties its `properties` filter and its `where` (`claim.property == "age"`,
/// `claim.type in ["date"]`, joined by `&&`) admit; of any type when neither limits them.
/// Returns whether the rule is sound.
pub fn check_names(
    r: &mut Reader,
    params: &Params,
    filter: Option<&[Spanned<String>]>,
    properties: &BTreeMap<String, Property>,
) -> bool {
    let before = r.errors.len();
    let only = params.filter.as_ref().map(|f| &f.only);
    let limited_properties = only.and_then(|o| o.properties.as_ref());
    let limited_types = only.and_then(|o| o.types.as_ref());
    let limited = filter.is_some() || limited_properties.is_some() || limited_types.is_some();
    let seen: Vec<&Property> = properties
        .values()
        .filter(|p| filter.is_none_or(|f| f.iter().any(|n| n.value == p.name)))
        .filter(|p| limited_properties.is_none_or(|l| l.contains(&p.name)))
        .filter(|p| limited_types.is_none_or(|l| l.contains(p.ty.name())))
        .collect();
    let fields: BTreeSet<&str> = if limited {
        seen.iter()
            .filter(|p| !p.many)
            .flat_map(|p| value_fields(p.ty).iter().copied())
            .collect()
    } else {
        ValueType::ALL
            .iter()
            .flat_map(|(_, t)| value_fields(*t).iter().copied())
            .collect()
    };
    let uses = params.filter.iter().chain([&params.assert]);
    for (name, span) in uses.flat_map(|c| &c.uses) {
        match name {
            Name::Property(p) if !properties.contains_key(p) => {
                let help =
                    did_you_mean(p, properties.keys().map(String::as_str)).unwrap_or_else(|| {
                        "no properties file declares it, so no claim has it: declare it, or \
                         name a declared property"
                            .into()
                    });
                r.error(
                    *span,
                    LoadErrorKind::Unknown {
                        what: "property".into(),
                        name: p.clone(),
                    },
                    Some(help),
                );
            }
            Name::Type(t) if ValueType::parse(t).is_none() => {
                let types = ValueType::ALL.iter().map(|(n, _)| *n);
                let help = did_you_mean(t, types.clone()).unwrap_or_else(|| {
                    format!("the types are: {}", types.collect::<Vec<_>>().join(", "))
                });
                r.error(
                    *span,
                    LoadErrorKind::Unknown {
                        what: "value type".into(),
                        name: t.clone(),
                    },
                    Some(help),
                );
            }
            // A rule that sees no declared property has nothing to read fields of.
            Name::ValueField { variable, field }
                if !fields.contains(field.as_str()) && (!limited || !seen.is_empty()) =>
            {
                let sees = if limited {
                    let shown: Vec<String> = seen
                        .iter()
                        .take(5)
                        .map(|p| {
                            let list = if p.many { "a list of " } else { "" };
                            format!("{} ({list}{})", p.name, p.ty.name())
                        })
                        .collect();
                    format!(" of {}", shown.join(", "))
                } else {
                    " of any type".into()
                };
                let dates = seen.iter().any(|p| p.ty == ValueType::Date && !p.many);
                let help = did_you_mean(field, fields.iter().copied()).unwrap_or_else(|| {
                    if dates {
                        date_help(field, &format!("{variable}.value"))
                    } else if fields.is_empty() {
                        format!("these values have no fields: compare `{variable}.value` itself")
                    } else {
                        format!(
                            "these values have: {}",
                            fields.iter().copied().collect::<Vec<_>>().join(", ")
                        )
                    }
                });
                r.error(
                    *span,
                    LoadErrorKind::Invalid(format!(
                        "`{variable}.value` has no field `{field}`: the rule sees values{sees}"
                    )),
                    Some(help),
                );
            }
            _ => {}
        }
    }
    // Every name is sound, but together the filters admit no declared property.
    let declared = filter
        .into_iter()
        .flatten()
        .map(|n| &n.value)
        .chain(limited_properties.into_iter().flatten())
        .all(|n| properties.contains_key(n));
    if r.errors.len() == before
        && seen.is_empty()
        && declared
        && let Some(filter_expr) = &params.filter
        && (limited_properties.is_some() || limited_types.is_some())
    {
        let admitted: Vec<String> = properties
            .values()
            .filter(|p| limited_properties.is_none_or(|l| l.contains(&p.name)))
            .map(|p| format!("{} ({})", p.name, p.ty.name()))
            .take(5)
            .collect();
        let types = limited_types
            .map(|t| {
                t.iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .unwrap_or_default();
        let help = match (filter, admitted.is_empty()) {
            (Some(f), false) => format!(
                "`where` admits {}; `properties` lists {}",
                admitted.join(", "),
                f.iter()
                    .map(|n| n.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (None, false) => format!(
                "`where` admits {}, not of type {types}",
                admitted.join(", ")
            ),
            (_, true) => format!("no declared property is of type {types}"),
        };
        let what = if filter.is_some() {
            "its `where` and `properties` admit"
        } else {
            "its `where` admits"
        };
        r.error(
            filter_expr.span,
            LoadErrorKind::Invalid(format!(
                "the rule can never fire: {what} no declared property"
            )),
            Some(help),
        );
    }
    r.errors.len() == before
}
