//! # expr
//!
//! **What it checks.** A condition written in CEL, the Common Expression Language (the one
//! Kubernetes uses for validation rules), holds for every claim, every subject or every pair of
//! claims that the rule's `where` condition selects. A rule names what it goes `over`:
//!
//! - `over: claims` (the default): once per claim, with the variables `claim`, `source`,
//!   `entity` and `facts`.
//! - `over: subjects`: once per subject that some claim is about, with `subject`, `props`,
//!   `entity` and `facts`.
//! - `over: pairs`: once per pair of claims on the same (subject, property) from different
//!   sources, with `a`, `b`, `a_source`, `b_source`, `entity` and `facts`. Each pair is seen
//!   once, `a` being the claim loaded first (files are read in sorted order), so write the
//!   condition to hold both ways round. A (subject, property) with more than 200 claims is not
//!   paired up: the rule reports it with `expr-error` instead of comparing 20,000 pairs.
//!
//! Every rule also sees `stated` and `registry`. The common `subjects` and `properties`
//! filters limit what the rule goes over, as with the other kinds. What each variable holds,
//! what is checked when the rules are loaded and the limits of an evaluation are in the
//! language reference that follows (docs/expr.md).
//!
//! **Why it matters to an editor.** Every newsroom has checks of its own that no built-in kind
//! covers: an age above 110 is a typo, a sentence of 500 years a misread figure, a pardon
//! granted by a court instead of a person a mix-up of institutions. `expr` lets the desk write
//! such a check in a line of YAML, have it checked for mistakes when it is loaded, and run it
//! over every article, without waiting for a new release.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: ages-plausible
//!     kind: expr
//!     over: claims
//!     where: claim.property == "age"
//!     assert: claim.value >= 18 && claim.value <= 110
//!     message: "the age of {subject} is implausible for an adult in public life"
//!   - id: pardon-after-sentence
//!     kind: expr
//!     over: subjects
//!     where: subject.type == "event" && "date" in props && "granted_to" in props
//!     assert: >-
//!       props.date.all(d, stated["fujimori-sentence-2009"].date.all(s, d.start > s.end))
//!   - id: dates-within-a-year
//!     kind: expr
//!     over: pairs
//!     where: a.type == "date"
//!     assert: >-
//!       a.value.start - b.value.end < duration("8784h") &&
//!       b.value.start - a.value.end < duration("8784h")
//! ```
//! Finding (`expr-failed`, warning): *the age of alberto-fujimori is implausible for an adult
//! in public life*, with the note *age of alberto-fujimori is "185" (Bloomberg, 2023-12-06),
//! which fails `claim.value >= 18 && claim.value <= 110`.*
#![doc = include_str!("../../../docs/expr.md")]

use std::sync::LazyLock;

mod compile;
mod declared;
mod evaluate;
mod names;
mod run;
mod variables;

pub use compile::{Compiled, Memo, RUN_CHARS};
pub use declared::check_names;
pub use run::check;

use schemars::JsonSchema;

use super::{Shared, kind_doc};
use crate::analysis::Context;
use crate::error::{LoadErrorKind, did_you_mean};
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{Rule, Severity, Workspace};
use crate::span::Spanned;
use crate::yaml::{Fields, Reader};
use compile::compile;

/// The `expr` rule kind.
pub struct Expr;

pub const EXPR_FAILED: Code = Code(&CodeInfo {
    kind: <Expr as super::Kind>::NAME,
    name: "expr-failed",
    meaning: "a claim, subject or pair fails the rule's expression",
});

pub const EXPR_ERROR: Code = Code(&CodeInfo {
    kind: <Expr as super::Kind>::NAME,
    name: "expr-error",
    meaning: "the rule's expression could not be evaluated",
});

impl super::Kind for Expr {
    type Settings = Params;
    const NAME: &str = "expr";
    const CODES: &[Code] = &[EXPR_FAILED, EXPR_ERROR];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    // The kind's page, then the language reference, as the module's doc has them.
    const DOC: &str = concat!(
        kind_doc!("expr/mod.rs"),
        "\n\n",
        include_str!("../../../docs/expr.md")
    );

    fn read(r: &mut Reader, f: &Fields, shared: &mut Shared) -> Option<Params> {
        Params::read(r, f, &mut shared.exprs)
    }

    /// An expression naming what no declared property has would never fire: not run.
    fn admit(
        p: &Params,
        r: &mut Reader,
        properties: Option<&[Spanned<String>]>,
        ws: &Workspace,
    ) -> bool {
        check_names(r, p, properties, &ws.properties)
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// The longest expression, in characters.
pub const MAX_CHARS: usize = 1000;
/// The most syntax-tree nodes an expression may have, after its macros are expanded.
pub const MAX_NODES: usize = 400;
/// The deepest an expression's syntax tree may be.
pub const MAX_DEPTH: usize = 100;
/// The deepest brackets may nest in an expression's text.
pub const MAX_NESTING: usize = 32;
/// The most steps one evaluation may take: a step is one element that a comprehension (`all`,
/// `exists`, `exists_one`, `map`, `filter`) goes over, weighted by the size of its body.
pub const MAX_STEPS: u64 = 200_000;
/// The most characters, bytes or elements a value built with `+` may hold.
pub const MAX_SIZE: usize = 10_000;
/// The most steps one rule may take, over all its evaluations.
pub const RULE_STEPS: u64 = 2_000_000;
/// The most claims of one (subject, property) that `over: pairs` pairs up.
pub const MAX_PAIR_SLOT: usize = 200;
/// Parsing and evaluating recurse over the expression: they run on threads with this stack.
const STACK: usize = 64 << 20;

/// Threads with large stacks, made once, for the rules to run on: a thread of its own for
/// each of 10,000 expr rules cost more than the rules (each new stack and heap is fresh memory
/// to clear).
static LARGE_STACKS: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .stack_size(STACK)
        .thread_name(|i| format!("rules-{i}"))
        .build()
        .ok()
});

/// Runs `f`, and the parallel work it starts, on threads with stacks large enough to evaluate
/// expressions (on the calling thread where they cannot be made).
pub fn on_large_stacks<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match LARGE_STACKS.as_ref() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// Runs `f` with a large stack: on this thread when it has one, else on a thread of its own;
/// `None` if it panicked.
fn with_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    let here = LARGE_STACKS
        .as_ref()
        .is_some_and(|pool| pool.current_thread_index().is_some());
    if here {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, f)
            .ok()
            .and_then(|h| h.join().ok())
    })
}

/// What a rule goes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Over {
    Claims,
    Subjects,
    Pairs,
}

impl Over {
    const ALL: [(&'static str, Over); 3] = [
        ("claims", Over::Claims),
        ("subjects", Over::Subjects),
        ("pairs", Over::Pairs),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map_or("?", |(n, _)| n)
    }

    /// The variables an expression of a rule going over this sees.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Over::Claims => &["claim", "source", "entity", "facts", "stated", "registry"],
            Over::Subjects => &["subject", "props", "entity", "facts", "stated", "registry"],
            Over::Pairs => &[
                "a", "b", "a_source", "b_source", "entity", "facts", "stated", "registry",
            ],
        }
    }
}

/// The settings of an `expr` rule.
#[derive(Debug, Clone, JsonSchema)]
pub struct Params {
    /// What the rule goes over: claims (default), subjects or pairs.
    pub over: Over,
    /// A CEL condition selecting what `assert` is checked on.
    #[serde(rename = "where")]
    #[schemars(with = "Option<String>")]
    pub filter: Option<Compiled>,
    /// The CEL condition that must hold.
    #[schemars(with = "String")]
    pub assert: Compiled,
}

impl Params {
    /// The one property a `where` of the form `claim.property == "age"` (or `a.property`, over
    /// pairs) admits: slots of other properties are skipped without calling CEL, which would
    /// only say false for each of their claims.
    fn only_property(&self) -> Option<&str> {
        let text = self.filter.as_ref()?.text.trim();
        let (lhs, rhs) = text.split_once("==")?;
        let variable = match self.over {
            Over::Claims => "claim.property",
            Over::Pairs => "a.property",
            Over::Subjects => return None,
        };
        let rhs = rhs.trim();
        let literal = rhs
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .or_else(|| rhs.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
        let plain = !literal.contains(['"', '\'', '\\']);
        (lhs.trim() == variable && plain).then_some(literal)
    }

    /// Whether `where` or `assert` may read a variable: not when its name appears nowhere in
    /// their text.
    fn mentions(&self, variable: &str) -> bool {
        self.filter
            .iter()
            .chain([&self.assert])
            .any(|c| c.text.contains(variable))
    }

    pub fn read(r: &mut Reader, f: &Fields, memo: &mut Memo) -> Option<Params> {
        let over = match r.opt_string(f, "over", "claims, subjects or pairs") {
            // Present but not a word: already reported.
            None if f.has("over") => None,
            None => Some(Over::Claims),
            Some(s) => {
                let found = Over::ALL
                    .iter()
                    .find(|(n, _)| *n == s.value.trim())
                    .map(|(_, o)| *o);
                if found.is_none() {
                    let help = did_you_mean(s.value.trim(), Over::ALL.iter().map(|(n, _)| *n))
                        .unwrap_or_else(|| "`over` is claims, subjects or pairs".into());
                    r.error(
                        s.span,
                        LoadErrorKind::InvalidValue {
                            what: "over".into(),
                            text: s.value.clone(),
                        },
                        Some(help),
                    );
                }
                found
            }
        };
        let filter_text = r.opt_string(f, "where", "a CEL condition");
        let assert_text = r.opt_string(f, "assert", "a CEL condition");
        if !f.has("assert") {
            r.error(
                f.span,
                LoadErrorKind::MissingKey {
                    key: "assert".into(),
                },
                Some("an expr rule needs `assert:`, the CEL condition that must hold".into()),
            );
        }
        let over = over?;
        if f.has("where") && filter_text.is_none() {
            return None;
        }
        // Both are compiled, so that the errors of both are reported.
        let filter = filter_text.map(|t| compile(r, &t, "where", over, memo));
        let assert = assert_text.and_then(|t| compile(r, &t, "assert", over, memo));
        Some(Params {
            over,
            filter: filter.map_or(Some(None), |f| f.map(Some))?,
            assert: assert?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::compile::tests::compiled;
    use super::*;

    #[test]
    fn a_where_that_names_one_property_skips_the_other_slots() {
        let only = |over: Over, filter: &str| {
            let params = Params {
                over,
                filter: Some(compiled(filter)),
                assert: compiled("true"),
            };
            params.only_property().map(str::to_string)
        };
        assert_eq!(
            only(Over::Claims, "claim.property == \"age\"").as_deref(),
            Some("age")
        );
        assert_eq!(
            only(Over::Claims, " claim.property=='age' ").as_deref(),
            Some("age")
        );
        assert_eq!(
            only(Over::Pairs, "a.property == \"victims\"").as_deref(),
            Some("victims")
        );
        // Anything else goes to CEL.
        assert_eq!(
            only(Over::Claims, "claim.property == \"age\" || true"),
            None
        );
        assert_eq!(only(Over::Claims, "claim.type == \"money\""), None);
        assert_eq!(only(Over::Pairs, "b.property == \"age\""), None);
        assert_eq!(only(Over::Subjects, "claim.property == \"age\""), None);
    }
}
