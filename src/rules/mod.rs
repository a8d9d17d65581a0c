//! The built-in rule kinds, one file each. A kind's module documentation is its user
//! documentation: `crosscheck explain KIND` prints it.

pub mod age;
pub mod agree;
pub mod compile;
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

use schemars::{JsonSchema, Schema};

use crate::analysis::{Analysis, Context, Precedence, Settings};
use crate::error::LoadErrorKind;
use crate::finding::{Code, Finding};
use crate::model::{KindSettings, Rule, Severity, Slot, Workspace};
use crate::resolve::{Outcome, Place};
use crate::span::Spanned;
use crate::timings::Timings;
use crate::yaml::{Fields, Reader};

/// A rule kind, implemented once in the kind's own file and listed once in [`KINDS`]: its
/// documentation and codes, how a rule of it is read, and its check.
pub trait Kind: Sync + 'static {
    /// The kind's own settings, read from the rule's keys beyond the common ones. Their JSON
    /// Schema is where the rules file's schema takes the kind's keys from, so each field is
    /// documented for editors and named as the key is written.
    type Settings: JsonSchema + Send + Sync + 'static;
    /// The name a rule's `kind:` gives.
    const NAME: &'static str;
    /// The codes of the kind's findings, declared in the kind's file as
    /// `pub const NAME: Code = Code(&CodeInfo { kind: Self::NAME, .. })`, in the order that
    /// breaks ties between findings of one rule at one place.
    const CODES: &'static [Code];
    const DEFAULT_SEVERITY: Severity;
    /// The user documentation: the `//!` lines that open the kind's file ([`kind_doc!`]).
    const DOC: &'static str;

    /// Reads the kind's settings from a rule, reporting what is wrong; `None` leaves the rule out.
    fn read(r: &mut Reader, f: &Fields, shared: &mut Shared) -> Option<Self::Settings>;

    /// The (subject, property) pairs the settings name, checked to exist when the rule loads.
    fn slots(_settings: &Self::Settings) -> Vec<&Slot> {
        Vec::new()
    }

    /// Whether a rule whose common keys are sound can run on this workspace; reports why
    /// not. `properties` is the rule's own `properties` filter.
    fn admit(
        _settings: &Self::Settings,
        _r: &mut Reader,
        _properties: Option<&[Spanned<String>]>,
        _ws: &Workspace,
    ) -> bool {
        true
    }

    fn check(rule: &Rule, settings: &Self::Settings, ctx: &Context, out: &mut Vec<Finding>);
}

/// What reading rules shares between them: each distinct `expr` expression is compiled once.
#[derive(Default)]
pub struct Shared {
    pub exprs: expr::Memo,
}

/// Settings for a kind that has none of its own.
#[derive(Debug, Clone, Copy, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoSettings {}

/// A [`Kind`] as the table holds it, to be used without knowing its type.
pub trait AnyKind: Sync {
    fn name(&self) -> &'static str;
    fn codes(&self) -> &'static [Code];
    fn default_severity(&self) -> Severity;
    fn doc(&self) -> &'static str;
    /// The JSON Schema of the kind's settings: its own keys.
    fn settings_schema(&self) -> Schema;
    fn read(&self, r: &mut Reader, f: &Fields, shared: &mut Shared) -> Option<KindSettings>;
    fn slots<'s>(&self, settings: &'s KindSettings) -> Vec<&'s Slot>;
    fn admit(
        &self,
        settings: &KindSettings,
        r: &mut Reader,
        properties: Option<&[Spanned<String>]>,
        ws: &Workspace,
    ) -> bool;
    fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>);
}

impl<K: Kind> AnyKind for K {
    fn name(&self) -> &'static str {
        K::NAME
    }
    fn codes(&self) -> &'static [Code] {
        K::CODES
    }
    fn default_severity(&self) -> Severity {
        K::DEFAULT_SEVERITY
    }
    fn doc(&self) -> &'static str {
        K::DOC
    }
    fn settings_schema(&self) -> Schema {
        schemars::schema_for!(K::Settings)
    }
    fn read(&self, r: &mut Reader, f: &Fields, shared: &mut Shared) -> Option<KindSettings> {
        K::read(r, f, shared).map(KindSettings::new)
    }
    fn slots<'s>(&self, settings: &'s KindSettings) -> Vec<&'s Slot> {
        settings.get().map(K::slots).unwrap_or_default()
    }
    fn admit(
        &self,
        settings: &KindSettings,
        r: &mut Reader,
        properties: Option<&[Spanned<String>]>,
        ws: &Workspace,
    ) -> bool {
        settings
            .get()
            .is_some_and(|s| K::admit(s, r, properties, ws))
    }
    fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        // A rule holds the settings its own kind read: other settings would be a rule made
        // by hand with the wrong kind, which checks nothing.
        if let Some(settings) = rule.settings.get() {
            K::check(rule, settings, ctx, out);
        }
    }
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

/// Every built-in kind, in the order of docs/formats.md. Adding a kind is adding its file
/// and a line here (see CONTRIBUTING.md).
pub const KINDS: &[&dyn AnyKind] = &[
    &agree::Agree,
    &names::Names,
    &types::Types,
    &age::Age,
    &order::Order,
    &sum::Sum,
    &require::Require,
    &corroborate::Corroborate,
    &reference::Reference,
    &dates::Dates,
    &quotes::Quotes,
    &expr::Expr,
    &drafts::Drafts,
];

/// The kind of this name, among `kinds`.
pub fn kind_in(kinds: &[&'static dyn AnyKind], name: &str) -> Option<&'static dyn AnyKind> {
    kinds.iter().copied().find(|k| k.name() == name)
}

/// The built-in kind of this name.
pub fn kind_info(name: &str) -> Option<&'static dyn AnyKind> {
    kind_in(KINDS, name)
}

/// The finding code of this name, among the built-in kinds' codes: what the baseline,
/// `explain`, the cases and the editor take codes by.
pub fn code(name: &str) -> Option<Code> {
    codes().find(|c| c.as_str() == name)
}

/// Every built-in finding code, kind by kind in the order of [`KINDS`].
pub fn codes() -> impl Iterator<Item = Code> {
    KINDS.iter().flat_map(|k| k.codes().iter().copied())
}

/// Each code's place among the codes of `kinds`, kind by kind: the order that breaks ties
/// between findings (a code of no kind in `kinds` comes last).
pub fn code_ranks(kinds: &[&'static dyn AnyKind]) -> impl Fn(Code) -> usize {
    let ranks: std::collections::HashMap<Code, usize> = kinds
        .iter()
        .flat_map(|k| k.codes().iter().copied())
        .enumerate()
        .map(|(rank, code)| (code, rank))
        .collect();
    move |code| ranks.get(&code).copied().unwrap_or(usize::MAX)
}

/// The analysis the configured rules run over: names resolved with the `names` rule's
/// threshold, budgets shared among the rules that draw on them, and the claims a `types` or
/// `names` rule reports marked for the others to step back from.
pub fn analyse(ws: &Workspace, timings: &mut Timings) -> Analysis {
    let count = |kind: &str| ws.rules.iter().filter(|r| r.kind == kind).count();
    let settings = Settings {
        min_similarity: ws
            .rules
            .iter()
            .find_map(|r| r.settings.get::<names::Params>())
            .map_or(Settings::default().min_similarity, |p| p.min_similarity),
        expr_rules: count(<expr::Expr as Kind>::NAME),
        quotes_rules: count(<quotes::Quotes as Kind>::NAME),
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
            k if k == <types::Types as Kind>::NAME => {
                for ((subject, property), claims) in ctx.slots_for(rule) {
                    for (c, _, _) in types::mismatches(&ctx, subject, property, claims) {
                        set_aside.insert(c);
                    }
                }
            }
            k if k == <names::Names as Kind>::NAME => {
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
        .any(|r| r.kind == kind && ctx.admits(r, subject, property))
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
            let doc = kind.doc();
            for section in ["What it checks", "Why it matters to an editor", "Example"] {
                assert!(doc.contains(section), "{} lacks `{section}`", kind.name());
            }
        }
    }

    #[test]
    fn every_code_has_a_unique_name_and_names_the_kind_that_declares_it() {
        let mut names = std::collections::BTreeSet::new();
        for kind in KINDS {
            for code in kind.codes() {
                assert!(names.insert(code.as_str()), "code {code:?} declared twice");
                assert_eq!(code.kind(), kind.name(), "{code:?}");
                assert!(!code.meaning().is_empty(), "{code:?} has no meaning");
            }
        }
        assert_eq!(code("name-variant"), Some(names::NAME_VARIANT));
        assert_eq!(code("no-such-code"), None);
    }

    #[test]
    fn codes_rank_kind_by_kind_in_the_order_each_kind_lists_them() {
        let rank = code_ranks(KINDS);
        assert!(rank(agree::WORDING_DIFFERS) < rank(agree::UNKNOWN_TERM));
        assert!(rank(agree::UNKNOWN_TERM) < rank(names::NAME_VARIANT));
        assert_eq!(code_ranks(&[&names::Names])(agree::CONFLICT), usize::MAX);
    }
}
