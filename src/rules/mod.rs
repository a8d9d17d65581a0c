//! The built-in rule kinds, one file each. A kind's module documentation is its user
//! documentation: `crosscheck explain KIND` prints it.

pub mod age;
pub mod agree;
pub mod classes;
pub mod corroborate;
pub mod dates;
pub mod drafts;
pub mod expr;
pub mod names;
pub mod order;
pub mod quotes;
pub mod reference;
pub mod require;
pub mod sum;
pub mod types;

use std::collections::HashMap;

use marked_yaml::Node;

use crate::check::Context;
use crate::error::{LoadErrorKind, did_you_mean};
use crate::finding::{Code, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{Rule, Severity, Slot};
use crate::span::Spanned;

/// What the program knows about a rule kind.
pub struct KindInfo {
    pub name: &'static str,
    pub codes: &'static [Code],
    pub default_severity: Severity,
    /// Keys a rule of this kind accepts beyond the common ones.
    pub keys: &'static [&'static str],
    /// The kind's source file; its `//!` lines are the documentation.
    pub source: &'static str,
}

impl KindInfo {
    /// The user documentation: the module doc comment, without the comment markers.
    pub fn doc(&self) -> String {
        self.source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.trim_start_matches("//!")
                    .strip_prefix(' ')
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every built-in kind, in the order of FORMATS.md.
pub const KINDS: &[&KindInfo] = &[
    &agree::INFO,
    &names::INFO,
    &types::INFO,
    &age::INFO,
    &order::INFO,
    &sum::INFO,
    &require::INFO,
    &corroborate::INFO,
    &reference::INFO,
    &dates::INFO,
    &quotes::INFO,
    &expr::INFO,
    &drafts::INFO,
];

pub fn kind_info(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// A rule's kind with its kind-specific settings.
#[derive(Debug, Clone)]
pub enum RuleKind {
    Agree,
    Names(names::Params),
    Types,
    Age(age::Params),
    Order(order::Params),
    Sum(sum::Params),
    Require(require::Params),
    Corroborate(corroborate::Params),
    Reference,
    Dates,
    Quotes,
    Expr(expr::Params),
    Drafts,
}

impl RuleKind {
    pub fn info(&self) -> &'static KindInfo {
        match self {
            RuleKind::Agree => &agree::INFO,
            RuleKind::Names(_) => &names::INFO,
            RuleKind::Types => &types::INFO,
            RuleKind::Age(_) => &age::INFO,
            RuleKind::Order(_) => &order::INFO,
            RuleKind::Sum(_) => &sum::INFO,
            RuleKind::Require(_) => &require::INFO,
            RuleKind::Corroborate(_) => &corroborate::INFO,
            RuleKind::Reference => &reference::INFO,
            RuleKind::Dates => &dates::INFO,
            RuleKind::Quotes => &quotes::INFO,
            RuleKind::Expr(_) => &expr::INFO,
            RuleKind::Drafts => &drafts::INFO,
        }
    }

    /// Reads a kind and its settings from a rule entry; reports an unknown kind.
    pub fn read(
        r: &mut Reader,
        kind: &Spanned<String>,
        node: &Node,
        exprs: &mut expr::Memo,
    ) -> Option<RuleKind> {
        let f = r.mapping(node)?;
        Some(match kind.value.as_str() {
            "agree" => RuleKind::Agree,
            "names" => RuleKind::Names(names::Params::read(r, &f)?),
            "types" => RuleKind::Types,
            "age" => RuleKind::Age(age::Params::read(r, &f)?),
            "order" => RuleKind::Order(order::Params::read(r, &f)?),
            "sum" => RuleKind::Sum(sum::Params::read(r, &f)?),
            "require" => RuleKind::Require(require::Params::read(r, &f)),
            "corroborate" => RuleKind::Corroborate(corroborate::Params::read(r, &f)?),
            "reference" => RuleKind::Reference,
            "dates" => RuleKind::Dates,
            "quotes" => RuleKind::Quotes,
            "expr" => RuleKind::Expr(expr::Params::read(r, &f, exprs)?),
            "drafts" => RuleKind::Drafts,
            other => {
                let help = did_you_mean(other, KINDS.iter().map(|k| k.name)).unwrap_or_else(|| {
                    let names: Vec<_> = KINDS.iter().map(|k| k.name).collect();
                    format!("the kinds are: {}", names.join(", "))
                });
                r.error(
                    kind.span,
                    LoadErrorKind::Unknown {
                        what: "rule kind".into(),
                        name: other.into(),
                    },
                    Some(help),
                );
                return None;
            }
        })
    }

    /// The (subject, property) pairs the rule names, for checking that they exist.
    pub fn slots(&self) -> Vec<&Slot> {
        match self {
            RuleKind::Sum(p) => std::iter::once(&p.total).chain(&p.parts).collect(),
            RuleKind::Order(p) => p.sequence.iter().collect(),
            _ => Vec::new(),
        }
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        match self {
            RuleKind::Agree => agree::check(rule, ctx, out),
            RuleKind::Names(_) => names::check(rule, ctx, out),
            RuleKind::Types => types::check(rule, ctx, out),
            RuleKind::Age(p) => age::check(rule, p, ctx, out),
            RuleKind::Order(p) => order::check(rule, p, ctx, out),
            RuleKind::Sum(p) => sum::check(rule, p, ctx, out),
            RuleKind::Require(p) => require::check(rule, p, ctx, out),
            RuleKind::Corroborate(p) => corroborate::check(rule, p, ctx, out),
            RuleKind::Reference => reference::check(rule, ctx, out),
            RuleKind::Dates => dates::check(rule, ctx, out),
            RuleKind::Quotes => quotes::check(rule, ctx, out),
            RuleKind::Expr(p) => expr::check(rule, p, ctx, out),
            RuleKind::Drafts => drafts::check(rule, ctx, out),
        }
    }
}

/// A finding of `rule`, with the rule's own message (if any) as headline and its help.
pub fn finding(
    rule: &Rule,
    code: Code,
    subject: &str,
    property: Option<&str>,
    message: String,
) -> Finding {
    let (message, notes) = match rule.custom_message(subject, property.unwrap_or("")) {
        Some(custom) => (custom, vec![message]),
        None => (message, Vec::new()),
    };
    Finding {
        rule: rule.id.clone(),
        code,
        severity: rule.severity,
        subject: Some(subject.to_string()),
        property: property.map(str::to_string),
        message,
        notes,
        help: rule.help.clone(),
        evidence: Vec::new(),
    }
}

/// Reads a `{subject, property}` mapping.
pub fn read_slot(r: &mut Reader, node: &Node) -> Option<Slot> {
    let f = r.fields(
        node,
        "slot",
        &["subject", "property"],
        &["subject", "property"],
    )?;
    Some(Slot {
        subject: r.opt_string(&f, "subject", "an entity id")?,
        property: r.opt_string(&f, "property", "a property name")?,
    })
}

/// Reads an optional number key with bounds.
pub fn read_number(
    r: &mut Reader,
    f: &Fields,
    key: &str,
    min: f64,
    max: f64,
) -> Option<Option<f64>> {
    let Some(s) = r.opt_string(f, key, "a number") else {
        return Some(None);
    };
    match s.value.trim().parse::<f64>() {
        Ok(n) if (min..=max).contains(&n) => Some(Some(n)),
        _ => {
            r.error(
                s.span,
                LoadErrorKind::InvalidValue {
                    what: key.into(),
                    text: s.value.clone(),
                },
                Some(format!("`{key}` takes a number from {min} to {max}")),
            );
            None
        }
    }
}

/// Groups a slot's claims into classes of agreeing values (each claim joins the first class
/// whose first claim it agrees with), most outlets first. Near-linear in the slot's distinct
/// values: see [`classes`].
pub fn value_classes(
    ctx: &Context,
    subject: &str,
    property: &str,
    claims: &[usize],
) -> Vec<Vec<usize>> {
    let tolerance = ctx
        .ws
        .property(property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    let key = ctx.entity_key(subject, property);
    let mut index = classes::Index::new(tolerance);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for &c in claims {
        let value = &ctx.claim(c).value;
        let k = classes::key(value, &key);
        let class = match by_key.get(&k) {
            Some(&class) => class,
            None => {
                let agrees = |first: &crate::value::Value| first.agrees(value, &tolerance, &key);
                let class = index.first_agreeing(value, agrees).unwrap_or_else(|| {
                    classes.push(Vec::new());
                    index.add(value, classes.len() - 1);
                    classes.len() - 1
                });
                by_key.insert(k, class);
                class
            }
        };
        classes[class].push(c);
    }
    if index.gave_up {
        // Too many values to compare one by one: one class, so that no false conflict is told.
        return vec![claims.to_vec()];
    }
    classes.sort_by_key(|class| std::cmp::Reverse(ctx.outlets_of(class).len()));
    classes
}

/// How a class's value is shown: as written by its first claim, with its resolution.
pub fn shown_value(ctx: &Context, class: &[usize]) -> String {
    let c = ctx.claim(class[0]);
    match c.value.resolved() {
        Some(r) => format!("\"{}\" ({r})", c.written),
        None => format!("\"{}\"", c.written),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::CODES;

    #[test]
    fn every_kind_is_documented_with_the_three_sections() {
        for kind in KINDS {
            let doc = kind.doc();
            for section in ["What it checks", "Why it matters to an editor", "Example"] {
                assert!(doc.contains(section), "{} lacks `{section}`", kind.name);
            }
        }
    }

    #[test]
    fn every_code_of_a_kind_is_assigned_to_that_kind_in_the_code_table() {
        for kind in KINDS {
            for code in kind.codes {
                let row = CODES
                    .iter()
                    .find(|(c, _, _)| c == code)
                    .expect("code in table");
                assert_eq!(row.2, kind.name);
            }
        }
    }
}
