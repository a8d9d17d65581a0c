//! The built-in rule kinds, one file each. A kind's module documentation is its user
//! documentation: `crosscheck explain KIND` prints it.

pub mod age;
pub mod agree;
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

use std::collections::HashSet;

use marked_yaml::Node;

use crate::analysis::{Analysis, Context, Precedence, Settings};
use crate::error::{LoadErrorKind, did_you_mean};
use crate::finding::{Code, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{Rule, Severity, Slot, Workspace};
use crate::resolve::{Outcome, Place};
use crate::span::Spanned;
use crate::timings::Timings;

/// What the program knows about a rule kind.
pub struct KindInfo {
    pub name: &'static str,
    pub codes: &'static [Code],
    pub default_severity: Severity,
    /// Keys a rule of this kind accepts beyond the common ones.
    pub keys: &'static [&'static str],
    /// The user documentation: the `//!` lines that open the kind's file ([`kind_doc!`]).
    pub doc: &'static str,
}

/// The documentation of a kind's file (named relative to src/rules/), as build.rs extracts
/// it: the `//!` lines without their markers. Only that text goes into the binary, not the
/// whole source.
macro_rules! kind_doc {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/kind-docs/", $file))
    };
}
use kind_doc;

/// Every built-in kind, in the order of docs/formats.md.
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
    Expr(Box<expr::Params>),
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
            "require" => RuleKind::Require(require::Params::read(r, &f)?),
            "corroborate" => RuleKind::Corroborate(corroborate::Params::read(r, &f)?),
            "reference" => RuleKind::Reference,
            "dates" => RuleKind::Dates,
            "quotes" => RuleKind::Quotes,
            "expr" => RuleKind::Expr(Box::new(expr::Params::read(r, &f, exprs)?)),
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

/// The analysis the configured rules run over: names resolved with the `names` rule's
/// threshold, budgets shared among the rules that draw on them, and the claims a `types` or
/// `names` rule reports marked for the others to step back from.
pub fn analyse(ws: &Workspace, timings: &mut Timings) -> Analysis {
    let count = |kind: &str| {
        ws.rules
            .iter()
            .filter(|r| r.kind.info().name == kind)
            .count()
    };
    let settings = Settings {
        min_similarity: ws
            .rules
            .iter()
            .find_map(|r| match r.kind {
                RuleKind::Names(p) => Some(p.min_similarity),
                _ => None,
            })
            .unwrap_or(Settings::default().min_similarity),
        expr_rules: count(expr::INFO.name),
        quotes_rules: count(quotes::INFO.name),
    };
    let mut analysis = Analysis::new(ws, &settings, timings);
    let precedence = timings.time("precedence", || precedence(analysis.of(ws)));
    analysis.set_precedence(precedence);
    analysis
}

/// Marks the claims whose cause a `types` or `names` rule reports, so that the other checks
/// step back and one cause gives one finding.
fn precedence(ctx: Context) -> Precedence {
    let (mut set_aside, mut reported) = (HashSet::new(), HashSet::new());
    for rule in &ctx.ws.rules {
        match rule.kind {
            RuleKind::Types => {
                for ((subject, property), claims) in ctx.slots_for(rule) {
                    for (c, _, _) in types::mismatches(&ctx, subject, property, claims) {
                        set_aside.insert(c);
                    }
                }
            }
            RuleKind::Names(_) => {
                for report in &ctx.names.reports {
                    for &(c, place) in &report.claims {
                        if !ctx.admits(rule, ctx.subject_key(c), &ctx.claim(c).property.value) {
                            continue;
                        }
                        reported.insert(c);
                        // A near miss counts as the entity it misses, so it is still compared.
                        if place == Place::Value
                            && !matches!(report.outcome, Outcome::Variant { .. })
                        {
                            set_aside.insert(c);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    reported.extend(&set_aside);
    Precedence {
        set_aside,
        reported,
    }
}

/// Whether a rule of the kind named reports on a slot (`agree` on conflicts, say).
pub fn speaks_on(ctx: &Context, kind: &str, subject: &str, property: &str) -> bool {
    ctx.ws
        .rules
        .iter()
        .any(|r| r.kind.info().name == kind && ctx.admits(r, subject, property))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::CODES;
    use crate::testing::{checked, one_slot};

    const DATE: &str = "    type: date\n";

    #[test]
    fn a_date_with_two_readings_is_reported_with_both_in_the_conflict() {
        let ws = one_slot(
            DATE,
            &[("A", "2023-11-16 or 2022-11-16"), ("B", "2023-10-01")],
        );
        let findings = checked(&ws);
        let [conflict] = findings.as_slice() else {
            panic!("one conflict: {findings:?}");
        };
        assert!(
            conflict
                .message
                .contains("(2023-11-16 (or 2022-11-16), read from 2023-12-06)"),
            "{}",
            conflict.message
        );
    }

    #[test]
    fn the_majority_note_counts_a_vague_value_for_each_side_and_each_outlet_once() {
        let ws = one_slot(
            DATE,
            &[
                ("A", "2017-03"),
                ("A", "2017-03-05"),
                ("B", "2017-03"),
                ("C", "2017-11"),
                ("D", "2017"),
            ],
        );
        let findings = checked(&ws);
        let [conflict] = findings.as_slice() else {
            panic!("one conflict: {findings:?}");
        };
        assert_eq!(
            conflict.message,
            "Sources disagree on p of x: \"2017-03\" (A, 2023-12-06; B, 2023-12-06) vs \"2017-11\" (C, 2023-12-06)"
        );
        assert_eq!(
            conflict.notes,
            [
                "most sources (3 of 4 outlets) give \"2017-03\"",
                "\"2017\" (D, 2023-12-06) fits more than one of these values and takes no side",
            ]
        );
        assert_eq!(
            conflict.evidence.len(),
            4,
            "the vague claim is not evidence"
        );
    }

    #[test]
    fn the_cel_budget_is_shared_by_the_expr_rules_and_grows_with_the_claims() {
        let rules = "rules:\n  - {id: a, kind: agree}\n".to_string()
            + &(0..4)
                .map(|i| format!("  - {{id: e{i}, kind: expr, assert: 'true'}}\n"))
                .collect::<String>();
        let claims = "source:\n  outlet: A\n  published: 2023-12-06\nclaims:\n  - {id: c, subject: x, property: p, value: v}\n";
        let ws = crate::testing::load(&[
            ("properties.yaml", "properties:\n  p: {type: text}\n"),
            ("rules.yaml", &rules),
            ("a.yaml", claims),
        ]);
        let analysis = analyse(&ws, &mut Timings::default());
        let steps = crate::budget::CEL_STEPS + crate::budget::CEL_STEPS_PER_CLAIM;
        assert_eq!(analysis.budgets.cel_share(), steps / 4);
    }

    #[test]
    fn every_kind_is_documented_with_the_three_sections() {
        for kind in KINDS {
            let doc = kind.doc;
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
