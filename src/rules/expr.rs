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
//! filters limit what the rule goes over, as with the other kinds.
//!
//! | variable | what it holds |
//! |---|---|
//! | `claim`, `a`, `b` | `{id, source, subject, property, type, value, written, quote, as_of}`: `subject` is the resolved entity id (the name as written where unresolved), `type` the property's type, `value` the typed value (below), `written` the value as written, `quote` the quote or null, `as_of` a date |
//! | `source`, `a_source`, `b_source` | `{id, outlet, published, title, url}`: `published` is a date; `title` and `url` may be null |
//! | `subject` | `{key, name, type}`: the entity id (or name as written), its registered name and type (null when unregistered) |
//! | `props` | the subject's properties: a map from property name to the list of values stated for it, one per claim |
//! | `entity` | the registry entry of the subject, `{id, name, type, aliases}`, or null when it has none |
//! | `facts` | the subject's reference facts from the registry: a map from property to value; empty when none |
//! | `stated` | every claim of the workspace: a map from subject to a map from property to the list of values stated |
//! | `registry` | every registry entry: a map from entity id to `{id, name, type, aliases, facts}` |
//!
//! Values are typed by their property: `count` and `age` are integers, `number` a double,
//! `text` a string, `boolean` a bool; `entity` is `{id, name, type, text}` (`id` the
//! resolved entity, `text` as written, `type` null when unregistered); `money` is
//! `{amount, currency}`; `duration` is `{months, days}` (a year counts 12 months, a week 7
//! days); `time` is `{minutes, utc, text}` (`minutes` after midnight on the clock written,
//! `utc` the same in UTC or null without a zone, `text` as `01:28 America/Lima`); a `date` (like `as_of` and `published`) is `{start, end, precision, text,
//! relative, alternative}`, where `start` and `end` are CEL timestamps of the first instant of the first and
//! of the last day of the period ("2017" runs from 2017-01-01 to 2017-12-31), `precision` is
//! `day`, `month`, `year` or `range` (a relative date read from a month or year, e.g.
//! `2023-11-28..2023-12-26`), `text` is the period as `2017-12-24`, `2017-12`, `2017` or
//! `2023-11-28..2023-12-26`, and
//! `relative` tells whether the article wrote it relative to its own date. So `a.value.start >
//! b.value.end` reads "a lies wholly after b". `alternative` is null but for a date with two
//! readings ("Nov. 16" read in December: 2023-11-16 or 2022-11-16), where it is the other
//! reading, a date itself. Such a date is tried both ways: `claim`, `a`, `b` and `props` show
//! the likelier reading, and where `assert` is false the evaluation is run again with the other
//! readings (every choice for up to 3 such dates in one evaluation; with more, the item is not
//! checked); the rule fires only when `assert` is false under every choice, so no finding rests
//! on the choice. `stated` shows the likelier reading, with the other as `alternative`. A `many: true` property's value is a list.
//! Integer arithmetic never wraps: a result past the 64-bit range (`claim.value * 1000000` on a
//! count of 9223372036854775807) is an `expr-error`, and a count or duration part past that
//! range is an unsigned `uint`, which mixes with an `int` only in comparisons.
//!
//! The expressions are compiled when the rules are loaded: a CEL syntax error, an unknown
//! variable, an unknown field of `claim`, `source`, `subject` or `entity`, or an unknown
//! function is a load error pointing into the YAML, with a "did you mean". So is what would
//! make the rule never fire, or fail on every claim: a property no properties file declares,
//! compared with `claim.property` (`==`, `!=`, `in [...]`) or used as a key of `props` or
//! `facts`; a value type that does not exist, compared with `claim.type`; a `where` that,
//! with the `properties` filter, admits no declared property; a field of a date
//! (`claim.as_of`, `source.published`) other than its six; a field of a single value
//! (`claim.value.start.month`: a timestamp's parts come from `getFullYear()`, `getMonth()`
//! and the like); and a field of `claim.value` that
//! the values the rule can see do not have (`claim.value.month` on a date). The values a rule
//! can see are those of the properties its `properties` filter and its `where` admit, reading
//! the `where`'s `&&`-joined comparisons of `claim.property` or `claim.type` with literals
//! (`claim.property == "born"`, `claim.type in ["money"]`); without either, a field is accepted
//! when some value type has it. Such a rule is not run. An expression may be
//! at most 1,000 characters and 400 syntax-tree nodes long, 100 levels deep, with brackets
//! nested at most 32 deep. Evaluation cannot run away: one evaluation may take at most 200,000
//! steps, a step being one element that `all`, `exists`, `exists_one`, `map` or `filter` goes
//! over (weighted by the size of the condition applied to it), one element or character that
//! `==`, `!=` or `in` compares (nested lists and maps included; a map on the right of `in` is
//! looked up, not gone over), or one element or character of what `+` builds, nested lists
//! and maps included (`map` and `filter` build their result with `+`, so a list of n elements
//! built that way takes about n²/2 steps); a string or list built with
//! `+` may hold at most 10,000 characters or elements; and one rule may take 2,000,000 steps
//! over all its evaluations (past that it stops, with one `expr-error` saying the rest was not
//! checked). All `expr` rules of a run share a budget of 5,000,000 steps plus 250 per claim,
//! each rule an even share fixed before they run, in which each evaluation also counts 50
//! steps and building `stated` or `registry` one step per value: a rule that uses up its
//! share stops, and the run reports one `check::budget` error (exit code 2) naming the first
//! such rule. A result that is not true or false is described by its type and size, not
//! copied out. An evaluation that goes past a limit, or that fails (a missing map key, a
//! comparison of a string with a number, a result that is not true or false), gives an
//! `expr-error` finding naming the claim or subject, with the rule's severity, and the rule
//! goes on with the next one. An `assert` that is false gives `expr-failed`, with the rule's
//! `message` ({subject} and {property} filled in) and every claim involved as evidence; for
//! `over: subjects` these are the subject's claims of the properties the expressions name.
//!
//! In YAML, write an expression containing `: ` or ` #`, or starting with a quote, as a block
//! (`assert: >-` and the expression indented on the next lines).
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

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, LazyLock};

use cel::common::ast::{CallExpr, EntryExpr, Expr as Cel, IdedExpr, LiteralValue};
use cel::common::types::{CelInt, Kind};
use cel::common::value::CowVal;
use cel::common::value::Val;
use cel::objects::{Key, Map};
use cel::{Context as Scope, Env, ExecutionError, FunctionContext, Value as CelValue};
use chrono::{NaiveDate, NaiveTime};

use super::{KindInfo, finding, kind_doc};
use crate::analysis::Context;
use crate::budget;
use crate::error::{LoadErrorKind, did_you_mean};
use crate::finding::{Code, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{ClaimIdx, Entity, Property, Rule, Severity, Source};
use crate::span::{Span, Spanned};
use crate::value::date::Period;
use crate::value::{Value, ValueType};

pub const INFO: KindInfo = KindInfo {
    name: "expr",
    codes: &[Code::ExprFailed, Code::ExprError],
    default_severity: Severity::Warning,
    keys: &["over", "where", "assert"],
    doc: kind_doc!("expr.rs"),
};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

const CLAIM_FIELDS: &[&str] = &[
    "id", "source", "subject", "property", "type", "value", "written", "quote", "as_of",
];
const SOURCE_FIELDS: &[&str] = &["id", "outlet", "published", "title", "url"];
const SUBJECT_FIELDS: &[&str] = &["key", "name", "type"];
const ENTITY_FIELDS: &[&str] = &["id", "name", "type", "aliases"];
/// The fields of a date (`value` of a date property, `as_of`, `published`).
const DATE_FIELDS: &[&str] = &[
    "start",
    "end",
    "precision",
    "text",
    "relative",
    "alternative",
];

/// The fields of a value of a type; a type shown as a plain CEL value (and a `many: true`
/// property's list) has none.
fn value_fields(ty: ValueType) -> &'static [&'static str] {
    match ty {
        ValueType::Entity => &["id", "name", "type", "text"],
        ValueType::Money => &["amount", "currency"],
        ValueType::Duration => &["months", "days"],
        ValueType::Date => DATE_FIELDS,
        ValueType::Time => &["minutes", "utc", "text"],
        ValueType::Text
        | ValueType::Count
        | ValueType::Number
        | ValueType::Age
        | ValueType::Boolean => &[],
    }
}

/// The field of a claim variable holding a date.
fn is_date_field(variable: &str, field: &str) -> bool {
    match variable {
        "claim" | "a" | "b" => field == "as_of",
        "source" | "a_source" | "b_source" => field == "published",
        _ => false,
    }
}

/// The fields of a variable that is a record of fixed shape.
fn fields_of(variable: &str) -> Option<&'static [&'static str]> {
    match variable {
        "claim" | "a" | "b" => Some(CLAIM_FIELDS),
        "source" | "a_source" | "b_source" => Some(SOURCE_FIELDS),
        "subject" => Some(SUBJECT_FIELDS),
        "entity" => Some(ENTITY_FIELDS),
        _ => None,
    }
}

/// CEL's standard functions, for "did you mean".
const FUNCTIONS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "bool",
    "dyn",
    "type",
    "timestamp",
    "duration",
    "getFullYear",
    "getMonth",
    "getDate",
    "getDayOfMonth",
    "getDayOfWeek",
    "getDayOfYear",
    "getHours",
    "getMinutes",
    "getSeconds",
    "getMilliseconds",
    "has",
    "all",
    "exists",
    "exists_one",
    "map",
    "filter",
];

/// The internal guards the compiled expressions call; `@` cannot be written in CEL.
const RANGE_GUARD: &str = "@range";
const SIZE_GUARD: &str = "@sized";
/// Counts an operand of `==`, `!=` or `in`, nested lists and maps included.
const COMPARE_GUARD: &str = "@compared";
/// Counts the right operand of `in` when it is a list (a map is looked up, not gone over).
const LIST_GUARD: &str = "@listed";
/// Wraps a whole expression: a result that is not true or false is refused before the
/// evaluator copies it out, which for `stated` would copy the workspace.
const RESULT_GUARD: &str = "@result";

static ENV: LazyLock<Arc<Env>> =
    LazyLock::new(|| Arc::new(Env::stdlib().with_optional_support(false)));

/// A compiled `where` or `assert`.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The expression as written.
    pub text: String,
    pub span: Span,
    /// The syntax tree, with the evaluation guards put in.
    expr: Arc<IdedExpr>,
    /// The field names and string literals it mentions: which properties it looks at.
    names: BTreeSet<String>,
    /// The property names, value types and value fields it names, checked once the
    /// properties are known ([`check_names`]).
    uses: Vec<(Name, Span)>,
    /// What a `where` of this form limits the rule to.
    only: Only,
}

/// A name an expression uses whose meaning depends on the declared properties.
#[derive(Debug, Clone, PartialEq)]
enum Name {
    /// Compared with `claim.property`, or a key of `props` or `facts`.
    Property(String),
    /// Compared with `claim.type`.
    Type(String),
    /// Read from `claim.value` (or `a.value`, `b.value`).
    ValueField { variable: String, field: String },
}

/// The properties and value types a `where` limits a rule to, from its `&&`-joined
/// comparisons of `claim.property` or `claim.type` with literals; `None` when unlimited.
#[derive(Debug, Clone, Default)]
struct Only {
    properties: Option<BTreeSet<String>>,
    types: Option<BTreeSet<String>>,
}

#[derive(Debug, Clone)]
pub struct Params {
    pub over: Over,
    pub filter: Option<Compiled>,
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

// ---------------------------------------------------------------- compiling

/// Where in an expression a problem is.
enum At {
    /// A byte offset and the length of the token there.
    Offset(usize, usize),
    /// A 1-based line and character column, as the CEL parser reports them.
    LineColumn(usize, usize),
}

struct Problem {
    at: At,
    kind: LoadErrorKind,
    help: Option<String>,
}

struct Analysed {
    expr: IdedExpr,
    names: BTreeSet<String>,
    /// Each with its byte offset and length in the expression.
    uses: Vec<(Name, usize, usize)>,
    only: Only,
}

/// The characters that the distinct expressions of a run's rules may hold in all: each is
/// compiled into a syntax tree of some fifty times its size.
pub const RUN_CHARS: usize = 1_000_000;

/// The expressions compiled so far in a run, each distinct one once: ten thousand rules with
/// one `assert` share one syntax tree.
#[derive(Debug, Default)]
pub struct Memo {
    compiled: HashMap<(String, Over), Memoised>,
    chars: usize,
}

/// What compiling one expression found, kept for the next rule that writes it.
#[derive(Debug)]
struct Memoised {
    expr: Arc<IdedExpr>,
    names: BTreeSet<String>,
    /// Each with its byte offset and length in the expression, placed anew for each rule.
    uses: Vec<(Name, usize, usize)>,
    only: Only,
}

impl Memoised {
    fn compiled(&self, r: &mut Reader, text: &Spanned<String>) -> Compiled {
        Compiled {
            text: text.value.clone(),
            span: text.span,
            expr: Arc::clone(&self.expr),
            names: self.names.clone(),
            uses: self
                .uses
                .iter()
                .map(|(name, offset, len)| (name.clone(), locate(r, text, *offset, *len)))
                .collect(),
            only: self.only.clone(),
        }
    }
}

/// Compiles one expression, reporting every problem as a load error at its place in the YAML.
fn compile(
    r: &mut Reader,
    text: &Spanned<String>,
    key: &str,
    over: Over,
    memo: &mut Memo,
) -> Option<Compiled> {
    if let Some(done) = memo.compiled.get(&(text.value.clone(), over)) {
        return Some(done.compiled(r, text));
    }
    let chars = text.value.chars().count();
    if memo.chars + chars > RUN_CHARS {
        r.error(
            text.span,
            LoadErrorKind::Invalid(format!(
                "the distinct expressions of this run's rules hold more than {RUN_CHARS} \
                 characters in all: this one is not compiled, and its rule not loaded"
            )),
            Some(
                "write fewer expr rules, or let rules that check alike share one expression".into(),
            ),
        );
        return None;
    }
    if chars > MAX_CHARS {
        r.error(
            text.span,
            LoadErrorKind::Invalid(format!(
                "the `{key}` expression is {chars} characters long, more than the {MAX_CHARS} allowed"
            )),
            Some("split the check into several rules, or move part of it into `where`".into()),
        );
        return None;
    }
    if let Some((offset, depth)) = too_deep(&text.value) {
        let at = locate(r, text, offset, 1);
        r.error(
            at,
            LoadErrorKind::Invalid(format!(
                "brackets in `{key}` nest {depth} deep, more than the {MAX_NESTING} allowed"
            )),
            Some("write the condition flatter, or as several rules".into()),
        );
        return None;
    }
    let outcome = with_large_stack(|| analyse(&text.value, key, over));
    let problems = match outcome {
        Some(Ok(a)) => {
            let done = Memoised {
                expr: Arc::new(a.expr),
                names: a.names,
                uses: a.uses,
                only: a.only,
            };
            let compiled = done.compiled(r, text);
            memo.chars += chars;
            memo.compiled.insert((text.value.clone(), over), done);
            return Some(compiled);
        }
        Some(Err(problems)) => problems,
        None => vec![Problem {
            at: At::Offset(0, 1),
            kind: LoadErrorKind::Invalid(format!("the `{key}` expression could not be parsed")),
            help: None,
        }],
    };
    for p in problems {
        let span = match p.at {
            At::Offset(offset, len) => locate(r, text, offset, len),
            At::LineColumn(line, column) => {
                let offset = byte_offset(&text.value, line, column);
                locate(r, text, offset, 1)
            }
        };
        r.error(span, p.kind, p.help);
    }
    None
}

/// The first place where brackets nest deeper than allowed, outside string literals.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((i, depth));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses, checks and guards an expression. Runs on a thread with a large stack.
fn analyse(source: &str, key: &str, over: Over) -> Result<Analysed, Vec<Problem>> {
    let program = ENV.compile(source).map_err(|errors| {
        errors
            .errors
            .iter()
            .take(3)
            .map(|e| Problem {
                at: At::LineColumn(e.pos.0.max(1) as usize, e.pos.1.max(1) as usize),
                kind: LoadErrorKind::Invalid(format!(
                    "CEL syntax error in `{key}`: {}",
                    e.msg.trim_start_matches("Syntax error: ")
                )),
                help: Some(
                    "CEL is written like C or Python: `claim.value >= 18 && claim.value <= 110`"
                        .into(),
                ),
            })
            .collect::<Vec<_>>()
    })?;
    let root = program.expression();
    let (nodes, depth) = measure(root);
    if nodes > MAX_NODES || depth > MAX_DEPTH {
        let what = if nodes > MAX_NODES {
            format!("{nodes} syntax nodes, more than the {MAX_NODES} allowed")
        } else {
            format!("nests {depth} levels deep, more than the {MAX_DEPTH} allowed")
        };
        return Err(vec![Problem {
            at: At::Offset(0, 1),
            kind: LoadErrorKind::Invalid(format!("the `{key}` expression has {what}")),
            help: Some(
                "split the check into several rules, or move part of it into `where`".into(),
            ),
        }]);
    }
    let mut checker = Checker {
        source,
        over,
        program: &program,
        scope: Vec::new(),
        problems: Vec::new(),
        names: BTreeSet::new(),
        uses: Vec::new(),
        base: base_scope(),
    };
    checker.walk(root);
    if !checker.problems.is_empty() {
        checker.problems.truncate(5);
        return Err(checker.problems);
    }
    let mut only = Only::default();
    checker.limit(root, &mut only);
    let (names, uses) = (checker.names, checker.uses);
    Ok(Analysed {
        expr: guarded(root),
        names,
        uses,
        only,
    })
}

fn string_literal(e: &IdedExpr) -> Option<&str> {
    match &e.expr {
        Cel::Literal(LiteralValue::String(s)) => Some(s.inner()),
        _ => None,
    }
}

/// Intersects a limit with a set.
fn narrow(limit: &mut Option<BTreeSet<String>>, set: BTreeSet<String>) {
    *limit = Some(match limit.take() {
        Some(l) => l.intersection(&set).cloned().collect(),
        None => set,
    });
}

/// Help for a field a date does not have: its parts are read from its timestamps.
fn date_help(field: &str, date: &str) -> String {
    did_you_mean(field, DATE_FIELDS.iter().copied()).unwrap_or_else(|| {
        format!(
            "a date has: {}; read its parts from its timestamps, as in \
             `{date}.start.getFullYear()` or `{date}.start.getMonth() + 1`",
            DATE_FIELDS.join(", ")
        )
    })
}

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

/// The number of nodes of a syntax tree and its depth.
fn measure(e: &IdedExpr) -> (usize, usize) {
    let children = children(e);
    children.iter().fold((1, 1), |(n, d), c| {
        let (cn, cd) = measure(c);
        (n + cn, d.max(cd + 1))
    })
}

fn children(e: &IdedExpr) -> Vec<&IdedExpr> {
    match &e.expr {
        Cel::Call(c) => c.target.iter().map(|t| &**t).chain(&c.args).collect(),
        Cel::Comprehension(c) => vec![
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ],
        Cel::List(l) => l.elements.iter().collect(),
        Cel::Map(m) => m
            .entries
            .iter()
            .flat_map(|en| entry_exprs(&en.expr))
            .collect(),
        Cel::Struct(s) => s
            .entries
            .iter()
            .flat_map(|en| entry_exprs(&en.expr))
            .collect(),
        Cel::Select(s) => vec![&s.operand],
        Cel::Ident(_) | Cel::Literal(_) | Cel::Unspecified => Vec::new(),
    }
}

fn entry_exprs(e: &EntryExpr) -> Vec<&IdedExpr> {
    match e {
        EntryExpr::StructField(f) => vec![&f.value],
        EntryExpr::MapEntry(m) => vec![&m.key, &m.value],
    }
}

/// Checks every name an expression uses: variables, fields of known records and functions.
struct Checker<'a> {
    source: &'a str,
    over: Over,
    program: &'a cel::Program,
    /// Comprehension variables in scope.
    scope: Vec<String>,
    problems: Vec<Problem>,
    names: BTreeSet<String>,
    uses: Vec<(Name, usize, usize)>,
    base: Scope<'static, 'static>,
}

impl Checker<'_> {
    /// The byte offset of a node in the source.
    fn offset(&self, e: &IdedExpr) -> usize {
        self.program
            .source_info()
            .offset_for(e.id)
            .map_or(0, |(start, _)| start as usize)
            .min(self.source.len())
    }

    /// A variable of the rule, not hidden by a comprehension variable of the same name.
    fn variable<'e>(&self, e: &'e IdedExpr) -> Option<&'e str> {
        match &e.expr {
            Cel::Ident(v)
                if !self.scope.contains(v) && self.over.variables().contains(&v.as_str()) =>
            {
                Some(v)
            }
            _ => None,
        }
    }

    /// `claim.FIELD` (or `a.FIELD`, `b.FIELD`): the variable and the field.
    fn claim_field<'e>(&self, e: &'e IdedExpr) -> Option<(&'e str, &'e str)> {
        match &e.expr {
            Cel::Select(s) => self
                .variable(&s.operand)
                .filter(|v| fields_of(v) == Some(CLAIM_FIELDS))
                .map(|v| (v, s.field.as_str())),
            _ => None,
        }
    }

    /// `props` or `facts`: maps keyed by property name.
    fn keyed_by_property(&self, e: &IdedExpr) -> bool {
        self.variable(e)
            .is_some_and(|v| v == "props" || v == "facts")
    }

    /// The byte offset and length of `text` at or after a node.
    fn token_at(&self, e: &IdedExpr, text: &str) -> (usize, usize) {
        let from = self.offset(e);
        let at = self.source[from..].find(text).map_or(from, |i| from + i);
        (at, text.len())
    }

    /// A string literal compared with `claim.property` or `claim.type`.
    fn compared(&mut self, field: &str, literal: &IdedExpr) {
        let Some(text) = string_literal(literal) else {
            return;
        };
        let name = match field {
            "property" => Name::Property(text.into()),
            "type" => Name::Type(text.into()),
            _ => return,
        };
        let (at, len) = self.token_at(literal, text);
        self.uses.push((name, at, len));
    }

    /// Records the names a node uses whose meaning depends on the declared properties.
    fn note_uses(&mut self, e: &IdedExpr) {
        match &e.expr {
            Cel::Call(c)
                if c.args.len() == 2 && ["_==_", "_!=_"].contains(&c.func_name.as_str()) =>
            {
                for (x, y) in [(0, 1), (1, 0)] {
                    if let Some((_, field)) = self.claim_field(&c.args[x]) {
                        self.compared(field, &c.args[y]);
                    }
                }
            }
            Cel::Call(c) if c.args.len() == 2 && c.func_name == "@in" => {
                if let Some((_, field)) = self.claim_field(&c.args[0])
                    && let Cel::List(l) = &c.args[1].expr
                {
                    for element in &l.elements {
                        self.compared(field, element);
                    }
                }
                if self.keyed_by_property(&c.args[1]) {
                    self.compared("property", &c.args[0]);
                }
            }
            Cel::Call(c)
                if c.args.len() == 2
                    && c.func_name == "_[_]"
                    && self.keyed_by_property(&c.args[0]) =>
            {
                self.compared("property", &c.args[1]);
            }
            Cel::Select(s) => {
                if self.keyed_by_property(&s.operand) {
                    let (at, len) = self.token_at(e, &s.field);
                    self.uses.push((Name::Property(s.field.clone()), at, len));
                }
                if let Some((variable, "value")) = self.claim_field(&s.operand) {
                    let (at, len) = self.token_at(e, &s.field);
                    let name = Name::ValueField {
                        variable: variable.into(),
                        field: s.field.clone(),
                    };
                    self.uses.push((name, at, len));
                }
                if let Cel::Select(inner) = &s.operand.expr
                    && let Some(variable) = self.variable(&inner.operand)
                    && is_date_field(variable, &inner.field)
                {
                    self.date_field(e, variable, &inner.field, &s.field);
                }
                if let Some(path) = self.single_value(&s.operand) {
                    let (at, len) = self.token_at(e, &s.field);
                    self.problems.push(Problem {
                        at: At::Offset(at, len),
                        kind: LoadErrorKind::Invalid(format!(
                            "`{path}` is a single value and has no field `{}`",
                            s.field
                        )),
                        help: Some(format!(
                            "compare `{path}` itself; a timestamp's parts come from its \
                             methods, as in `{path}.getFullYear()`"
                        )),
                    });
                }
            }
            _ => {}
        }
    }

    /// The path of a field of a rule variable that always holds a single value (a string,
    /// number, bool, timestamp or null), which has no fields: `claim.property`,
    /// `claim.value.start`, `source.published.text`.
    fn single_value(&self, e: &IdedExpr) -> Option<String> {
        let Cel::Select(s) = &e.expr else { return None };
        let field = s.field.as_str();
        if let Some(variable) = self.variable(&s.operand) {
            let records = ["value", "as_of", "published", "aliases"];
            return fields_of(variable)
                .filter(|fields| fields.contains(&field) && !records.contains(&field))
                .map(|_| format!("{variable}.{field}"));
        }
        let Cel::Select(inner) = &s.operand.expr else {
            return None;
        };
        let variable = self.variable(&inner.operand)?;
        // A date's `alternative` is a date itself (or null), not a single value.
        if field == "alternative" {
            return None;
        }
        let scalar = if is_date_field(variable, &inner.field) {
            DATE_FIELDS.contains(&field)
        } else {
            fields_of(variable) == Some(CLAIM_FIELDS)
                && inner.field == "value"
                && ValueType::ALL
                    .iter()
                    .any(|(_, t)| value_fields(*t).contains(&field))
        };
        scalar.then(|| format!("{variable}.{}.{field}", inner.field))
    }

    /// `claim.as_of.FIELD` or `source.published.FIELD`: a date has fixed fields.
    fn date_field(&mut self, e: &IdedExpr, variable: &str, date: &str, field: &str) {
        if DATE_FIELDS.contains(&field) {
            return;
        }
        let (at, len) = self.token_at(e, field);
        self.problems.push(Problem {
            at: At::Offset(at, len),
            kind: LoadErrorKind::Invalid(format!(
                "`{variable}.{date}` is a date and has no field `{field}`"
            )),
            help: Some(date_help(field, &format!("{variable}.{date}"))),
        });
    }

    /// Narrows `only` by the `&&`-joined comparisons of a `where`.
    fn limit(&self, e: &IdedExpr, only: &mut Only) {
        let Cel::Call(c) = &e.expr else { return };
        match c.func_name.as_str() {
            "_&&_" => c.args.iter().for_each(|a| self.limit(a, only)),
            "_==_" if c.args.len() == 2 => {
                for (x, y) in [(0, 1), (1, 0)] {
                    if let (Some((_, field)), Some(text)) =
                        (self.claim_field(&c.args[x]), string_literal(&c.args[y]))
                    {
                        Self::narrow_field(only, field, BTreeSet::from([text.to_string()]));
                    }
                }
            }
            "@in" if c.args.len() == 2 => {
                if let Some((_, field)) = self.claim_field(&c.args[0])
                    && let Cel::List(l) = &c.args[1].expr
                    && let Some(set) = l
                        .elements
                        .iter()
                        .map(|el| string_literal(el).map(str::to_string))
                        .collect::<Option<BTreeSet<_>>>()
                {
                    Self::narrow_field(only, field, set);
                }
            }
            _ => {}
        }
    }

    fn narrow_field(only: &mut Only, field: &str, set: BTreeSet<String>) {
        match field {
            "property" => narrow(&mut only.properties, set),
            "type" => narrow(&mut only.types, set),
            _ => {}
        }
    }

    fn walk(&mut self, e: &IdedExpr) {
        self.note_uses(e);
        match &e.expr {
            Cel::Ident(name) => self.ident(e, name),
            Cel::Select(s) => {
                self.names.insert(s.field.clone());
                if let Cel::Ident(var) = &s.operand.expr
                    && !self.scope.contains(var)
                    && self.over.variables().contains(&var.as_str())
                    && let Some(fields) = fields_of(var)
                    && !fields.contains(&s.field.as_str())
                {
                    let from = self.offset(e);
                    let at = self.source[from..]
                        .find(s.field.as_str())
                        .map_or(from, |i| from + i);
                    let help = did_you_mean(&s.field, fields.iter().copied())
                        .unwrap_or_else(|| format!("`{var}` has: {}", fields.join(", ")));
                    self.problems.push(Problem {
                        at: At::Offset(at, s.field.len()),
                        kind: LoadErrorKind::Invalid(format!("`{var}` has no field `{}`", s.field)),
                        help: Some(help),
                    });
                }
                self.walk(&s.operand);
            }
            Cel::Call(c) => {
                self.call(e, c);
                if let Some(t) = &c.target {
                    self.walk(t);
                }
                for a in &c.args {
                    self.walk(a);
                }
            }
            Cel::Comprehension(c) => {
                self.walk(&c.iter_range);
                self.walk(&c.accu_init);
                let pushed = 2 + usize::from(c.iter_var2.is_some());
                self.scope.push(c.iter_var.clone());
                self.scope.push(c.accu_var.clone());
                if let Some(v) = &c.iter_var2 {
                    self.scope.push(v.clone());
                }
                self.walk(&c.loop_cond);
                self.walk(&c.loop_step);
                self.walk(&c.result);
                self.scope.truncate(self.scope.len() - pushed);
            }
            Cel::Literal(LiteralValue::String(s)) => {
                self.names.insert(s.inner().to_string());
            }
            _ => {
                for c in children(e) {
                    self.walk(c);
                }
            }
        }
    }

    fn ident(&mut self, e: &IdedExpr, name: &str) {
        if name.starts_with('@')
            || self.scope.iter().any(|s| s == name)
            || self.over.variables().contains(&name)
            || builtin_ident(&self.base, name)
        {
            return;
        }
        let elsewhere = Over::ALL
            .iter()
            .find(|(_, o)| o.variables().contains(&name))
            .map(|(n, _)| *n);
        let known = self.over.variables().iter().copied();
        let help = match (did_you_mean(name, known), elsewhere) {
            (Some(d), _) => d,
            (None, Some(other)) => format!(
                "`{name}` is a variable of `over: {other}`; with `over: {}` there are: {}",
                self.over.name(),
                self.over.variables().join(", ")
            ),
            (None, None) => format!(
                "with `over: {}` the variables are: {}",
                self.over.name(),
                self.over.variables().join(", ")
            ),
        };
        self.problems.push(Problem {
            at: At::Offset(self.offset(e), name.len()),
            kind: LoadErrorKind::Unknown {
                what: "variable".into(),
                name: name.into(),
            },
            help: Some(help),
        });
    }

    fn call(&mut self, e: &IdedExpr, c: &CallExpr) {
        let name = c.func_name.as_str();
        if name.starts_with(['@', '_', '!', '-']) || declared(&self.base, name, c.target.is_some())
        {
            return;
        }
        let end = self.offset(e);
        let at = self.source[..end]
            .rfind(name)
            .or_else(|| self.source.find(name))
            .unwrap_or(end);
        let help = did_you_mean(name, FUNCTIONS.iter().copied()).unwrap_or_else(|| {
            "CEL's functions include size, contains, startsWith, endsWith, int, double, string, \
             timestamp, duration and the macros has, all, exists, exists_one, map and filter"
                .into()
        });
        self.problems.push(Problem {
            at: At::Offset(at, name.len()),
            kind: LoadErrorKind::Unknown {
                what: "function".into(),
                name: name.into(),
            },
            help: Some(help),
        });
    }
}

/// Whether the environment declares a function (a method when `member`).
fn declared(base: &Scope, name: &str, member: bool) -> bool {
    let target = member.then(|| {
        Box::new(IdedExpr {
            id: 2,
            expr: Cel::Literal(LiteralValue::Null),
        })
    });
    let call = IdedExpr {
        id: 1,
        expr: Cel::Call(CallExpr {
            func_name: name.into(),
            target,
            args: Vec::new(),
        }),
    };
    !matches!(CelValue::resolve(&call, base), Err(ExecutionError::UndeclaredReference(n)) if n.as_str() == name)
}

/// Whether a name is one CEL itself defines (`int`, `string`, `null_type`, ...).
fn builtin_ident(base: &Scope, name: &str) -> bool {
    let ident = IdedExpr {
        id: 1,
        expr: Cel::Ident(name.into()),
    };
    CelValue::resolve(&ident, base).is_ok()
}

/// An expression with the evaluation guards put in, its result checked to be true or false.
fn guarded(root: &IdedExpr) -> IdedExpr {
    let mut expr = root.clone();
    guard(&mut expr);
    IdedExpr {
        id: expr.id,
        expr: Cel::Call(CallExpr {
            func_name: RESULT_GUARD.into(),
            target: None,
            args: vec![expr],
        }),
    }
}

/// Puts the evaluation guards in: every comprehension counts the elements it iterates over,
/// every comparison the elements it compares, and every `+` checks the size of what it builds.
fn guard(e: &mut IdedExpr) {
    let wrap = |inner: IdedExpr, func: &str| IdedExpr {
        id: inner.id,
        expr: Cel::Call(CallExpr {
            func_name: func.into(),
            target: None,
            args: vec![inner],
        }),
    };
    match &mut e.expr {
        Cel::Comprehension(c) => {
            let weight = 1 + measure(&c.loop_cond).0 + measure(&c.loop_step).0;
            for part in [
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ] {
                guard(part);
            }
            let range = std::mem::take(&mut c.iter_range);
            let id = range.id;
            let weight = IdedExpr {
                id,
                expr: Cel::Literal(LiteralValue::Int(CelInt::from(
                    i64::try_from(weight).unwrap_or(i64::MAX),
                ))),
            };
            c.iter_range = IdedExpr {
                id,
                expr: Cel::Call(CallExpr {
                    func_name: RANGE_GUARD.into(),
                    target: None,
                    args: vec![range, weight],
                }),
            };
        }
        Cel::Call(c) => {
            if let Some(t) = &mut c.target {
                guard(t);
            }
            for a in &mut c.args {
                guard(a);
            }
            match c.func_name.as_str() {
                "_==_" | "_!=_" => {
                    for a in &mut c.args {
                        *a = wrap(std::mem::take(a), COMPARE_GUARD);
                    }
                }
                "@in" if c.args.len() == 2 => {
                    c.args[0] = wrap(std::mem::take(&mut c.args[0]), COMPARE_GUARD);
                    c.args[1] = wrap(std::mem::take(&mut c.args[1]), LIST_GUARD);
                }
                "_+_" => {
                    let call = std::mem::take(e);
                    *e = wrap(call, SIZE_GUARD);
                }
                _ => {}
            }
        }
        Cel::Select(s) => guard(&mut s.operand),
        Cel::List(l) => l.elements.iter_mut().for_each(guard),
        Cel::Map(m) => {
            for en in &mut m.entries {
                match &mut en.expr {
                    EntryExpr::MapEntry(me) => {
                        guard(&mut me.key);
                        guard(&mut me.value);
                    }
                    EntryExpr::StructField(f) => guard(&mut f.value),
                }
            }
        }
        Cel::Struct(s) => {
            for en in &mut s.entries {
                if let EntryExpr::StructField(f) = &mut en.expr {
                    guard(&mut f.value);
                }
            }
        }
        Cel::Ident(_) | Cel::Literal(_) | Cel::Unspecified => {}
    }
}

/// The byte offset of a 1-based (line, character column) in a text, clamped to it.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The place in the YAML file of a token of an expression: the same occurrence of the same
/// text after the scalar's start, which finds it in plain, quoted and block scalars alike;
/// the scalar's start where that fails (an escape sequence before it).
fn locate(r: &Reader, text: &Spanned<String>, offset: usize, len: usize) -> Span {
    let expr = text.value.as_str();
    let trimmed = expr.trim_end().len();
    let mut offset = offset.min(trimmed.saturating_sub(1));
    while !expr.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut end = (offset + len.max(1)).min(expr.len());
    while !expr.is_char_boundary(end) {
        end += 1;
    }
    let token = &expr[offset..end];
    if token.trim().is_empty() {
        return text.span;
    }
    let nth = expr[..offset].matches(token).count();
    let src = &r.src.text;
    let from = text.span.range().start.min(src.len());
    let limit = expr.len() * 2 + 256;
    match src[from..].match_indices(token).nth(nth) {
        Some((i, _)) if i <= limit => {
            let at = from + i;
            let (line, column) = r.src.position_of(at);
            Span {
                file: r.file,
                line,
                column,
                // Within a file, whose size the loader keeps to 32 bits.
                offset: at as u32,
                len: token.len() as u32,
            }
        }
        _ => text.span,
    }
}

// ---------------------------------------------------------------- evaluating

thread_local! {
    /// Steps taken in the current evaluation.
    static STEPS: Cell<u64> = const { Cell::new(0) };
    /// Why the current evaluation was stopped by a guard, if it was.
    static STOPPED: Cell<Option<Stop>> = const { Cell::new(None) };
}

/// What made a guard stop an evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stop {
    Steps,
    Oversize,
}

/// A function as the evaluator calls it: on the evaluated arguments, without converting them.
type Guard = Box<
    dyn for<'c, 'v> Fn(&mut FunctionContext<'c, 'v>) -> Result<CowVal<'c, 'v>, ExecutionError>
        + Send
        + Sync,
>;

/// The size of a list, map, string or bytes value; 0 for others.
fn size_of(v: &dyn Val) -> u64 {
    v.as_sizer()
        .map_or(0, |s| u64::try_from(*s.size().inner()).unwrap_or(0))
}

/// The elements of a value, with those of the lists and maps in it, and the characters of its
/// strings: what comparing it may go over. Counting stops once past `limit`.
fn deep_size(v: &dyn Val, limit: u64) -> u64 {
    let kind = v.get_type().kind();
    let (Some(iterable), true) = (v.as_iterable(), matches!(kind, Kind::List | Kind::Map)) else {
        return 1 + size_of(v);
    };
    let mut n = 1u64;
    let mut items = iterable.iter();
    while n <= limit
        && let Some(item) = items.next()
    {
        n = n.saturating_add(deep_size(item, limit - n));
        if kind == Kind::Map
            && let Some(value) = v.as_indexer().and_then(|ix| ix.get(item).ok())
        {
            n = n.saturating_add(deep_size(&*value, limit.saturating_sub(n)));
        }
    }
    n
}

/// Adds steps to the current evaluation; past [`MAX_STEPS`], an error that stops it.
fn take_steps(ftx: &FunctionContext, steps: u64) -> Result<(), ExecutionError> {
    let total = STEPS.with(|s| {
        s.set(s.get().saturating_add(steps));
        s.get()
    });
    if total > MAX_STEPS {
        STOPPED.with(|s| s.set(Some(Stop::Steps)));
        return Err(ftx.error(format!("more than {MAX_STEPS} steps")));
    }
    Ok(())
}

/// The steps the current evaluation may still take before it is stopped.
fn steps_left() -> u64 {
    MAX_STEPS.saturating_sub(STEPS.with(Cell::get)) + 1
}

/// The argument of a one-argument guard, handed back unchanged.
fn the_argument<'c, 'v>(
    ftx: &mut FunctionContext<'c, 'v>,
) -> Result<CowVal<'c, 'v>, ExecutionError> {
    if ftx.args.len() != 1 {
        return Err(ExecutionError::invalid_argument_count(1, ftx.args.len()));
    }
    Ok(ftx.args.remove(0))
}

/// `@range(list, weight)`: counts the steps of a comprehension about to go over `list`, whose
/// body has `weight` nodes.
fn range_guard() -> Guard {
    Box::new(|ftx| {
        if ftx.args.len() != 2 {
            return Err(ExecutionError::invalid_argument_count(2, ftx.args.len()));
        }
        let weight = ftx
            .args
            .pop()
            .map_or(1, |w| match w.downcast_ref::<CelInt>() {
                Some(i) => u64::try_from(*i.inner()).unwrap_or(1),
                None => 1,
            });
        let v = the_argument(ftx)?;
        take_steps(ftx, size_of(&*v).saturating_mul(weight))?;
        Ok(v)
    })
}

/// `@sized(a + b)`: counts what `+` built, and stops a string or list that grows past the
/// limit.
fn size_guard() -> Guard {
    Box::new(|ftx| {
        let v = the_argument(ftx)?;
        // Building copies the operands whole, nested lists and maps included.
        take_steps(ftx, deep_size(&*v, steps_left()))?;
        if size_of(&*v) > MAX_SIZE as u64 {
            STOPPED.with(|s| s.set(Some(Stop::Oversize)));
            return Err(ftx.error(format!("a value of more than {MAX_SIZE} elements")));
        }
        Ok(v)
    })
}

/// `@compared(x)`: counts what comparing `x` may go over.
fn compare_guard() -> Guard {
    Box::new(|ftx| {
        let v = the_argument(ftx)?;
        take_steps(ftx, deep_size(&*v, steps_left()))?;
        Ok(v)
    })
}

/// `@listed(x)`, the right operand of `in`: counts a list, which `in` goes over.
fn list_guard() -> Guard {
    Box::new(|ftx| {
        let v = the_argument(ftx)?;
        if v.get_type().kind() == Kind::List {
            take_steps(ftx, deep_size(&*v, steps_left()))?;
        }
        Ok(v)
    })
}

/// `@result(x)`: `x` when it is true or false; otherwise an error that says what it is,
/// without copying a large value out.
fn result_guard() -> Guard {
    Box::new(|ftx| {
        let v = the_argument(ftx)?;
        if v.get_type().kind() == Kind::Boolean {
            return Ok(v);
        }
        let ty = v.get_type().name();
        let what = match CelValue::try_from(&*v) {
            Ok(small) if deep_size(&*v, SHOWN_SIZE) <= SHOWN_SIZE => {
                format!("{ty} `{}`", shown(&small))
            }
            _ => format!("a {ty} of size {}", size_of(&*v)),
        };
        Err(ftx.error(format!("the result is {what}, not true or false")))
    })
}

/// A root scope with the guards and nothing else.
fn base_scope() -> Scope<'static, 'static> {
    let mut scope = Scope::with_env(Arc::clone(&ENV));
    // Names starting with `@` cannot clash with the standard library.
    for (name, guard) in [
        (RANGE_GUARD, range_guard()),
        (SIZE_GUARD, size_guard()),
        (COMPARE_GUARD, compare_guard()),
        (LIST_GUARD, list_guard()),
        (RESULT_GUARD, result_guard()),
    ] {
        let _ = scope.add_function(name, guard);
    }
    scope
}

/// What an evaluation gave.
enum Outcome {
    True,
    False,
    Error(String),
}

/// The longest error text of an evaluation kept in a finding, in characters.
const ERROR_CHARS: usize = 300;
/// Results up to this many elements are shown in full.
const SHOWN_SIZE: u64 = 20;

/// Evaluates an expression in a scope; what it gave, and the steps it took.
fn evaluate(e: &Compiled, scope: &Scope) -> (Outcome, u64) {
    STEPS.with(|s| s.set(0));
    STOPPED.with(|s| s.set(None));
    let result = CelValue::resolve(&e.expr, scope);
    let steps = STEPS.with(Cell::get);
    let outcome = match (STOPPED.with(Cell::get), result) {
        (Some(Stop::Steps), _) => Outcome::Error(format!(
            "the evaluation was stopped after {MAX_STEPS} steps (elements gone over by `all`, \
             `exists`, `map` or `filter`, weighted by the size of their condition, or compared \
             by `==`, `!=` and `in`)"
        )),
        (Some(Stop::Oversize), _) => Outcome::Error(format!(
            "the evaluation was stopped: a value built with `+` grew past {MAX_SIZE} elements"
        )),
        (None, Ok(CelValue::Bool(true))) => Outcome::True,
        (None, Ok(CelValue::Bool(false))) => Outcome::False,
        (None, Ok(other)) => Outcome::Error(format!(
            "the result is {} `{}`, not true or false",
            other.type_of(),
            shown(&other)
        )),
        (None, Err(ExecutionError::FunctionError { function, message }))
            if function == RESULT_GUARD =>
        {
            Outcome::Error(message)
        }
        (None, Err(err)) => Outcome::Error(shortened(&err.to_string())),
    };
    (outcome, steps)
}

/// A text cut to [`ERROR_CHARS`] characters.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(ERROR_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

/// A CEL value, compactly, for messages.
fn shown(v: &CelValue) -> String {
    match v {
        CelValue::String(s) => format!("\"{}\"", shortened(s)),
        CelValue::Int(i) => i.to_string(),
        CelValue::UInt(u) => u.to_string(),
        CelValue::Float(f) => f.to_string(),
        CelValue::Null => "null".into(),
        other => {
            let mut s = format!("{other:?}");
            if s.len() > 80 {
                let mut cut = 77;
                while !s.is_char_boundary(cut) {
                    cut -= 1;
                }
                s.truncate(cut);
                s.push_str("...");
            }
            s
        }
    }
}

// ---------------------------------------------------------------- variables

fn record(entries: Vec<(&str, CelValue)>) -> CelValue {
    CelValue::Map(Map {
        map: Arc::new(
            entries
                .into_iter()
                .map(|(k, v)| (Key::String(Arc::new(k.to_string())), v))
                .collect(),
        ),
    })
}

fn string_map(entries: impl IntoIterator<Item = (String, CelValue)>) -> CelValue {
    CelValue::Map(Map {
        map: Arc::new(
            entries
                .into_iter()
                .map(|(k, v)| (Key::String(Arc::new(k)), v))
                .collect::<HashMap<_, _>>(),
        ),
    })
}

fn text(s: &str) -> CelValue {
    CelValue::String(Arc::new(s.to_string()))
}

fn opt_text(s: Option<&str>) -> CelValue {
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
fn claim_var(ctx: &Context, i: ClaimIdx, second: bool) -> CelValue {
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

fn source_var(s: &Source) -> CelValue {
    record(vec![
        ("id", text(&s.id)),
        ("outlet", text(&s.outlet)),
        ("published", period(&s.published, false, None)),
        ("title", opt_text(s.title.as_deref())),
        ("url", opt_text(s.url.as_deref())),
    ])
}

fn entity_var(e: Option<&Entity>) -> CelValue {
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

fn facts_var(ctx: &Context, e: Option<&Entity>) -> CelValue {
    string_map(e.into_iter().flat_map(|e| {
        e.facts.iter().map(|f| {
            let value = typed(ctx, &e.id, &f.property, &f.value, false);
            (f.property.clone(), value)
        })
    }))
}

fn registry_var(ctx: &Context) -> CelValue {
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
fn props_var<'a>(
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

fn stated_var(ctx: &Context) -> CelValue {
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

// ---------------------------------------------------------------- checking

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    // Evaluation recurses over the expression: give it the same large stack as parsing.
    let found = with_large_stack(|| Run::new(rule, params, ctx).all());
    match found {
        Some(findings) => out.extend(findings),
        None => out.push(rule_error(
            rule,
            params,
            ctx,
            format!(
                "rule `{}` could not be evaluated: the expression evaluator failed",
                rule.id
            ),
        )),
    }
}

/// An `expr-error` of the rule as a whole, pointing at its `assert`.
fn rule_error(rule: &Rule, params: &Params, ctx: &Context, message: String) -> Finding {
    let mut f = error_finding(rule, "", None, message);
    f.subject = None;
    let a = &params.assert;
    f.evidence = vec![crate::finding::Evidence {
        source: "rules".into(),
        origin: format!("rule {}", rule.id).into(),
        claim: rule.id.clone(),
        file: ctx.file_path(a.span.file),
        span: a.span,
        value: one_line(&a.text),
        resolved: None,
        date: None,
        label: format!("rule {}: assert", rule.id),
    }];
    f
}

fn subject_vars(ctx: &Context, scope: &mut Scope, subject: &str) {
    let entity = ctx.entity(subject);
    scope.add_variable_from_value("entity", entity_var(entity));
    scope.add_variable_from_value("facts", facts_var(ctx, entity));
}

/// What a rule has spent: the steps taken within its evaluations, held against
/// [`RULE_STEPS`], and all its work, held against its share of the run's CEL budget.
#[derive(Debug, Default)]
struct Spent {
    steps: u64,
    run: u64,
}

impl Spent {
    fn evaluated(&mut self, steps: u64) {
        self.steps = self.steps.saturating_add(steps);
        self.run = self
            .run
            .saturating_add(steps.saturating_add(budget::CEL_EVALUATION));
    }
}

/// Runs `where` then `assert` in a scope: `Ok(true)` when the item passes or is not
/// selected, `Ok(false)` when `assert` is false, `Err((key, error))` when one fails.
fn test(params: &Params, scope: &Scope, spent: &mut Spent) -> Result<bool, (String, String)> {
    if let Some(filter) = &params.filter {
        let (outcome, steps) = evaluate(filter, scope);
        spent.evaluated(steps);
        match outcome {
            Outcome::True => {}
            Outcome::False => return Ok(true),
            Outcome::Error(e) => return Err(("where".into(), e)),
        }
    }
    let (outcome, steps) = evaluate(&params.assert, scope);
    spent.evaluated(steps);
    match outcome {
        Outcome::True => Ok(true),
        Outcome::False => Ok(false),
        Outcome::Error(e) => Err(("assert".into(), e)),
    }
}

/// The most dates with two readings one evaluation is tried under every choice of readings for.
const MAX_TWO_READINGS: usize = 3;

/// The choices of readings an evaluation over `claims` is tried under, each as the claims read
/// by their second reading: the likelier readings first. An item fails only when it fails under
/// every choice, so no finding rests on the choice. With more than [`MAX_TWO_READINGS`] dates
/// of two readings, every choice would be too many: none is tried, and the item passes.
fn choices(ctx: &Context, claims: &[ClaimIdx]) -> Vec<BTreeSet<ClaimIdx>> {
    let two: Vec<ClaimIdx> = claims
        .iter()
        .copied()
        .filter(|&c| matches!(&ctx.claim(c).value, Value::Date(d) if d.alternative.is_some()))
        .collect();
    if two.len() > MAX_TWO_READINGS {
        return Vec::new();
    }
    (0..1usize << two.len())
        .map(|mask| {
            two.iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, &c)| c)
                .collect()
        })
        .collect()
}

/// One rule's run over the workspace.
struct Run<'r, 'c, 'w> {
    rule: &'r Rule,
    params: &'r Params,
    ctx: &'c Context<'w>,
    root: Scope<'static, 'static>,
    spent: Spent,
    /// The rule's share of the run's CEL budget.
    share: u64,
    stopped: bool,
    out: Vec<Finding>,
}

impl<'r, 'c, 'w> Run<'r, 'c, 'w> {
    fn new(rule: &'r Rule, params: &'r Params, ctx: &'c Context<'w>) -> Self {
        let mut run = Self {
            rule,
            params,
            ctx,
            root: base_scope(),
            spent: Spent::default(),
            share: ctx.budgets.cel_share(),
            stopped: false,
            out: Vec::new(),
        };
        // Building a variable costs a pass over the workspace (`stated`, `registry`) or a
        // conversion per item: only those the expressions can read are built, each once per
        // rule and paid for from its share, a step per value.
        if params.mentions("stated") {
            run.spent.run = run.spent.run.saturating_add(ctx.ws.claims.len() as u64);
            if !run.over_budget() {
                run.root.add_variable_from_value("stated", stated_var(ctx));
            }
        }
        if params.mentions("registry") {
            let values: usize = ctx.ws.entities.iter().map(|e| 1 + e.facts.len()).sum();
            run.spent.run = run.spent.run.saturating_add(values as u64);
            if !run.over_budget() {
                run.root
                    .add_variable_from_value("registry", registry_var(ctx));
            }
        }
        run
    }

    fn all(mut self) -> Vec<Finding> {
        if !self.stopped {
            match self.params.over {
                Over::Claims => self.claims(),
                Over::Subjects => self.subjects(),
                Over::Pairs => self.pairs(),
            }
        }
        self.out
    }

    /// Whether the rule has used up its own budget, reported once as its finding, or its
    /// share of the run's, reported once for the run.
    fn over_budget(&mut self) -> bool {
        if self.stopped {
            return true;
        }
        if self.spent.steps > RULE_STEPS {
            self.stopped = true;
            self.out.push(rule_error(
                self.rule,
                self.params,
                self.ctx,
                format!(
                    "rule `{}` was stopped after {RULE_STEPS} steps in all; \
                     the rest of the workspace was not checked",
                    self.rule.id
                ),
            ));
        } else if self.spent.run > self.share {
            self.stopped = true;
            self.ctx.budgets.ran_out(budget::Budget::Cel, self.rule);
        }
        self.stopped
    }

    fn claims(&mut self) {
        let ctx = self.ctx;
        let only = self.params.only_property();
        for ((subject, property), claims) in ctx.slots_for(self.rule) {
            if only.is_some_and(|p| p != property) {
                continue;
            }
            for &c in claims {
                if self.over_budget() {
                    return;
                }
                let mut result = Ok(true);
                for second in choices(ctx, &[c]) {
                    let mut scope = self.root.new_inner_scope();
                    scope.add_variable_from_value("claim", claim_var(ctx, c, second.contains(&c)));
                    if self.params.mentions("source") {
                        let source = source_var(ctx.ws.source_of(ctx.claim(c)));
                        scope.add_variable_from_value("source", source);
                    }
                    if self.params.mentions("entity") || self.params.mentions("facts") {
                        subject_vars(ctx, &mut scope, subject);
                    }
                    result = test(self.params, &scope, &mut self.spent);
                    if result != Ok(false) {
                        break;
                    }
                }
                // Most claims pass: the message and evidence are built only for the others.
                if result == Ok(true) {
                    continue;
                }
                let written = &ctx.claim(c).written;
                let what = format!(
                    "{property} of {subject} is \"{written}\" ({})",
                    ctx.ws.source_of(ctx.claim(c)).label()
                );
                self.report(
                    result,
                    subject,
                    Some(property),
                    &what,
                    vec![ctx.evidence(c)],
                );
            }
        }
    }

    fn pairs(&mut self) {
        let ctx = self.ctx;
        let only = self.params.only_property();
        for ((subject, property), claims) in ctx.slots_for(self.rule) {
            if only.is_some_and(|p| p != property) {
                continue;
            }
            if claims.len() > MAX_PAIR_SLOT {
                let mut f = error_finding(
                    self.rule,
                    subject,
                    Some(property),
                    format!(
                        "{property} of {subject} has {} claims, more than the {MAX_PAIR_SLOT} \
                         that `over: pairs` compares; its pairs were not checked",
                        claims.len()
                    ),
                );
                f.evidence = vec![ctx.evidence(claims[0])];
                self.out.push(f);
                continue;
            }
            for (n, &i) in claims.iter().enumerate() {
                for &j in &claims[n + 1..] {
                    if ctx.claim(i).source == ctx.claim(j).source {
                        continue;
                    }
                    if self.over_budget() {
                        return;
                    }
                    let (sa, sb) = (
                        ctx.ws.source_of(ctx.claim(i)),
                        ctx.ws.source_of(ctx.claim(j)),
                    );
                    let mut result = Ok(true);
                    for second in choices(ctx, &[i, j]) {
                        let mut scope = self.root.new_inner_scope();
                        scope.add_variable_from_value("a", claim_var(ctx, i, second.contains(&i)));
                        scope.add_variable_from_value("b", claim_var(ctx, j, second.contains(&j)));
                        scope.add_variable_from_value("a_source", source_var(sa));
                        scope.add_variable_from_value("b_source", source_var(sb));
                        subject_vars(ctx, &mut scope, subject);
                        result = test(self.params, &scope, &mut self.spent);
                        if result != Ok(false) {
                            break;
                        }
                    }
                    let what = format!(
                        "{property} of {subject} is \"{}\" ({}) and \"{}\" ({})",
                        ctx.claim(i).written,
                        sa.label(),
                        ctx.claim(j).written,
                        sb.label()
                    );
                    let evidence = vec![ctx.evidence(i), ctx.evidence(j)];
                    self.report(result, subject, Some(property), &what, evidence);
                }
            }
        }
    }

    fn subjects(&mut self) {
        let ctx = self.ctx;
        let mut by_subject: BTreeMap<&str, Vec<(&str, &[ClaimIdx])>> = BTreeMap::new();
        for ((s, p), claims) in ctx.slots_for(self.rule) {
            by_subject
                .entry(s.as_str())
                .or_default()
                .push((p.as_str(), claims.as_slice()));
        }
        for (subject, slots) in by_subject {
            if self.over_budget() {
                return;
            }
            let entity = ctx.entity(subject);
            let claims: Vec<ClaimIdx> = slots.iter().flat_map(|(_, c)| c.iter().copied()).collect();
            let mut result = Ok(true);
            for second in choices(ctx, &claims) {
                let mut scope = self.root.new_inner_scope();
                scope.add_variable_from_value(
                    "subject",
                    record(vec![
                        ("key", text(subject)),
                        ("name", text(entity.map_or(subject, |e| &e.name.value))),
                        ("type", opt_text(entity.and_then(|e| e.kind.as_deref()))),
                    ]),
                );
                let props = props_var(ctx, subject, slots.iter().copied(), &second);
                scope.add_variable_from_value("props", props);
                subject_vars(ctx, &mut scope, subject);
                result = test(self.params, &scope, &mut self.spent);
                if result != Ok(false) {
                    break;
                }
            }
            // The claims of the properties the expressions name are the evidence.
            let named = |p: &str| {
                self.params.assert.names.contains(p)
                    || self
                        .params
                        .filter
                        .as_ref()
                        .is_some_and(|f| f.names.contains(p))
            };
            let looked_at: Vec<&(&str, &[ClaimIdx])> =
                slots.iter().filter(|(p, _)| named(p)).collect();
            let mut evidence: Vec<_> = looked_at
                .iter()
                .flat_map(|(_, claims)| claims.iter().map(|&c| ctx.evidence(c)))
                .collect();
            if evidence.is_empty()
                && let Some(&c) = slots.first().and_then(|(_, claims)| claims.first())
            {
                evidence.push(ctx.subject_evidence(c));
            }
            let property = match looked_at.as_slice() {
                [(p, _)] => Some(*p),
                _ => None,
            };
            let values = |claims: &[ClaimIdx]| {
                let shown: Vec<String> = claims
                    .iter()
                    .map(|&c| format!("\"{}\"", ctx.claim(c).written))
                    .collect();
                shown.join(", ")
            };
            let what = match looked_at.as_slice() {
                [] => subject.to_string(),
                [(p, claims)] => format!("{p} of {subject} is {}", values(claims)),
                several => {
                    let parts: Vec<String> = several
                        .iter()
                        .map(|(p, claims)| format!("{p} {}", values(claims)))
                        .collect();
                    format!("{subject} ({})", parts.join("; "))
                }
            };
            self.report(result, subject, property, &what, evidence);
        }
    }

    fn report(
        &mut self,
        result: Result<bool, (String, String)>,
        subject: &str,
        property: Option<&str>,
        what: &str,
        evidence: Vec<crate::finding::Evidence>,
    ) {
        let mut f = match result {
            Ok(true) => return,
            Ok(false) => finding(
                self.rule,
                Code::ExprFailed,
                subject,
                property,
                format!(
                    "{what}, which fails `{}`",
                    one_line(&self.params.assert.text)
                ),
            ),
            Err((key, error)) => {
                let expr = match key.as_str() {
                    "where" => self.params.filter.as_ref().unwrap_or(&self.params.assert),
                    _ => &self.params.assert,
                };
                let mut f = error_finding(
                    self.rule,
                    subject,
                    property,
                    format!(
                        "`{key}` of rule `{}` could not be evaluated: {error}",
                        self.rule.id
                    ),
                );
                f.notes.push(what.to_string());
                f.notes.push(format!(
                    "{key}: `{}` ({}:{})",
                    one_line(&expr.text),
                    expr.span.line,
                    expr.span.column
                ));
                f
            }
        };
        f.evidence = evidence;
        self.out.push(f);
    }
}

/// An expression on one line, for messages.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An `expr-error` finding: the rule's own message is not used, as the check did not run.
fn error_finding(rule: &Rule, subject: &str, property: Option<&str>, message: String) -> Finding {
    let mut f = finding(rule, Code::ExprError, subject, property, message.clone());
    f.message = message;
    f.notes.clear();
    f.help = Some(
        "the expression failed on this data: check the shape of the variables \
         (`crosscheck explain expr`), guard optional parts with `has()` or `!= null`, or narrow \
         `where`"
            .into(),
    );
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The load errors of an expression, as messages.
    fn problems(source: &str, over: Over) -> Vec<String> {
        let source = source.to_string();
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || match analyse(&source, "assert", over) {
                Ok(_) => Vec::new(),
                Err(ps) => ps.iter().map(|p| p.kind.to_string()).collect(),
            })
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn the_standard_library_the_macros_and_the_types_are_known() {
        for ok in [
            r#"claim.value >= 18 && claim.value <= 110"#,
            r#"has(claim.quote) && claim.quote.startsWith("The") && claim.quote.contains("x")"#,
            r#"size(claim.written) > 0 && claim.written.endsWith("s")"#,
            r#"type(claim.value) == int || type(claim.value) == string"#,
            r#"claim.value.start > timestamp("2017-01-01T00:00:00Z")"#,
            r#"claim.value.start - source.published.end < duration("8760h")"#,
            r#"claim.value.start.getFullYear() == 2017"#,
            r#"claim.value.currency in ["USD", "PEN"] && facts.born != null"#,
            r#"stated.exists(s, stated[s].exists(p, p == claim.property))"#,
            r#"registry.all(id, registry[id].facts.size() >= 0) && entity == null"#,
            r#"[1, 2].map(x, x * 2).filter(y, y > 2).exists_one(z, z == 4)"#,
            r#"int(claim.value) + double(1) > 0.0 && string(1) == "1" && uint(1) == 1u"#,
            // A comprehension variable may shadow a record: its fields are not checked.
            r#"[{"foo": 1}].all(claim, claim.foo == 1)"#,
        ] {
            assert_eq!(problems(ok, Over::Claims), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn names_outside_the_rule_are_unknown() {
        assert_eq!(
            problems("[1].all(x, x > 0) && x > 0", Over::Claims),
            ["unknown variable `x`"],
            "a comprehension variable is out of scope after it"
        );
        assert_eq!(
            problems("subject.key == claim.subject", Over::Subjects),
            ["unknown variable `claim`"]
        );
        assert_eq!(
            problems("a.value == b.valu && a_source.outlt != \"\"", Over::Pairs),
            ["`b` has no field `valu`", "`a_source` has no field `outlt`"]
        );
        assert_eq!(
            problems("claim.written.toUpper() == max(1, 2)", Over::Claims),
            ["unknown function `toUpper`", "unknown function `max`"]
        );
    }

    /// The names an expression uses that the load check compares with the properties, and
    /// what its `where` limits the rule to.
    fn uses(source: &str, over: Over) -> (Vec<Name>, Only) {
        let source = source.to_string();
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || {
                let a = analyse(&source, "where", over).ok().expect("analysed");
                (a.uses.into_iter().map(|(n, _, _)| n).collect(), a.only)
            })
            .unwrap()
            .join()
            .unwrap()
    }

    fn property(name: &str) -> Name {
        Name::Property(name.into())
    }

    fn value_field(variable: &str, field: &str) -> Name {
        Name::ValueField {
            variable: variable.into(),
            field: field.into(),
        }
    }

    #[test]
    fn property_names_types_and_value_fields_are_noted_for_the_load_check() {
        let (names, only) = uses(
            r#"claim.property in ["age", "born"] && claim.type != "date" && claim.value.start > source.published.end"#,
            Over::Claims,
        );
        assert_eq!(
            names,
            [
                property("age"),
                property("born"),
                Name::Type("date".into()),
                value_field("claim", "start")
            ]
        );
        let set = |xs: &[&str]| Some(xs.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>());
        assert_eq!(only.properties, set(&["age", "born"]));
        assert_eq!(only.types, None, "`!=` does not limit");

        let (names, _) = uses(
            r#""age" in props && props.born.size() > 0 && facts["sentence"] != null"#,
            Over::Subjects,
        );
        assert_eq!(
            names,
            [property("age"), property("born"), property("sentence")]
        );

        let (names, only) = uses(
            r#"a.property == "age" && b.value.currency == "PEN""#,
            Over::Pairs,
        );
        assert_eq!(names, [property("age"), value_field("b", "currency")]);
        assert_eq!(only.properties, set(&["age"]));
    }

    #[test]
    fn a_where_limits_the_rule_only_through_its_and_joined_comparisons() {
        let (_, only) = uses(
            r#"claim.property == "age" || claim.property == "born""#,
            Over::Claims,
        );
        assert_eq!(only.properties, None);
        let (_, only) = uses(
            r#"claim.property in ["age", "born"] && claim.property == "age""#,
            Over::Claims,
        );
        assert_eq!(
            only.properties.unwrap().into_iter().collect::<Vec<_>>(),
            ["age"]
        );
    }

    #[test]
    fn a_comprehension_variable_named_like_a_rule_variable_is_not_checked() {
        let (names, _) = uses(
            r#"[{"value": {"x": 1}, "property": "nope"}].all(claim, claim.value.x == 1 && claim.property == "nope")"#,
            Over::Claims,
        );
        assert_eq!(names, []);
        let (names, _) = uses(r#"[1].all(props, props.nope == 1)"#, Over::Subjects);
        assert_eq!(names, []);
    }

    #[test]
    fn a_field_of_a_single_value_is_a_load_error() {
        assert_eq!(
            problems(
                "claim.value.start.month == 1 || claim.property.name == \"x\"",
                Over::Claims
            ),
            [
                "`claim.value.start` is a single value and has no field `month`",
                "`claim.property` is a single value and has no field `name`"
            ]
        );
        assert_eq!(
            problems("a_source.published.text.year == 1", Over::Pairs),
            ["`a_source.published.text` is a single value and has no field `year`"]
        );
        // Records and lists keep their fields; a comprehension variable is not checked.
        assert_eq!(
            problems(
                "entity.aliases.size() > 0 && claim.value.start.getMonth() == 1 && \
                 [{\"a\": {\"b\": 1}}].all(claim, claim.property.b == 1)",
                Over::Claims
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_date_has_only_its_six_fields() {
        assert_eq!(
            problems("claim.as_of.month == 1 && a.value > 0", Over::Claims)[0],
            "`claim.as_of` is a date and has no field `month`"
        );
        assert_eq!(
            problems("a_source.published.year == 1", Over::Pairs),
            ["`a_source.published` is a date and has no field `year`"]
        );
        assert_eq!(
            problems(
                "claim.as_of.start < source.published.end && claim.as_of.precision == \"day\" && claim.as_of.alternative == null",
                Over::Claims
            ),
            Vec::<String>::new()
        );
    }

    /// The findings of one `expr` rule (`over`, `assert`) on dates of x stated by A and B
    /// on 2023-12-06; a value `X or Y` is read as X with Y as its second reading.
    fn on_dates(over: &str, assert: &str, a: &str, b: &str) -> Vec<String> {
        use crate::testing::{findings, load, second_reading};
        let source = |outlet: &str, value: &str| {
            let likelier = value.split(" or ").next().unwrap_or(value);
            format!(
                "source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: {outlet}\n    subject: x\n    property: date\n    value: \"{likelier}\"\n"
            )
        };
        let mut ws = load(&[
            ("properties.yaml", "properties:\n  date: {type: date}\n"),
            (
                "rules.yaml",
                &format!(
                    "rules:\n  - id: r\n    kind: expr\n    over: {over}\n    assert: >-\n      {assert}\n"
                ),
            ),
            ("a.yaml", &source("A", a)),
            ("b.yaml", &source("B", b)),
        ]);
        for (id, value) in [("A", a), ("B", b)] {
            if let Some((_, other)) = value.split_once(" or ") {
                second_reading(&mut ws, id, other);
            }
        }
        findings(&ws)
    }

    #[test]
    fn a_date_with_two_readings_fails_an_assert_only_when_both_readings_do() {
        let before_2023 = "claim.value.start < timestamp(\"2023-01-01T00:00:00Z\")";
        let fire = |a: &str| on_dates("claims", before_2023, a, "2021-05-05").len();
        assert_eq!(fire("2023-11-16"), 1);
        assert_eq!(fire("2023-11-16 or 2022-11-16"), 0);
        assert_eq!(fire("2023-11-16 or 2024-11-16"), 1);
        let same = "a.value.start == b.value.start";
        let pairs = |a: &str, b: &str| on_dates("pairs", same, a, b).len();
        assert_eq!(pairs("2023-11-16 or 2022-11-16", "2022-11-16"), 0);
        assert_eq!(
            pairs("2023-11-16 or 2022-11-16", "2021-11-16 or 2022-11-16"),
            0
        );
        assert_eq!(pairs("2023-11-16 or 2022-11-16", "2021-11-16"), 1);
        let all_2022 = "props.date.all(d, d.start.getFullYear() == 2022)";
        let subjects = |a: &str, b: &str| on_dates("subjects", all_2022, a, b).len();
        assert_eq!(subjects("2023-11-16 or 2022-11-16", "2022-01-01"), 0);
        assert_eq!(subjects("2023-11-16 or 2024-11-16", "2022-01-01"), 1);
    }

    #[test]
    fn a_date_shows_its_other_reading_as_alternative() {
        let has =
            "claim.value.alternative == null || claim.value.alternative.text == \"2022-11-16\"";
        assert!(on_dates("claims", has, "2023-11-16 or 2022-11-16", "2021-05-05").is_empty());
        let none = "claim.value.alternative == null";
        assert_eq!(
            on_dates("claims", none, "2023-11-16 or 2022-11-16", "2021-05-05").len(),
            1
        );
    }

    #[test]
    fn an_expression_too_large_or_too_deep_is_refused() {
        let many = vec!["1"; 450].join("+");
        assert!(many.len() < MAX_CHARS);
        let p = problems(&many, Over::Claims);
        assert!(p[0].contains("syntax nodes, more than the 400"), "{p:?}");

        let deep = format!("facts{} == 1", ".a".repeat(150));
        let p = problems(&deep, Over::Claims);
        assert!(p[0].contains("levels deep, more than the 100"), "{p:?}");

        let parens = format!("{}1{}", "(".repeat(33), ")".repeat(33));
        assert_eq!(too_deep(&parens), Some((32, 33)));
        assert_eq!(
            too_deep(&format!("\"{}\" == claim.written", "(".repeat(40))),
            None
        );
    }

    #[test]
    fn a_parse_error_is_reported_at_its_line_and_column() {
        let p = problems("claim.value >=\n  )", Over::Claims);
        assert!(p[0].starts_with("CEL syntax error in `assert`"), "{p:?}");
        assert_eq!(byte_offset("ab\ncd", 2, 2), 4);
        assert_eq!(byte_offset("é\nx", 1, 2), 2);
        assert_eq!(byte_offset("ab", 3, 9), 2);
    }

    /// An expression compiled with its guards, outside any rules file.
    fn compiled(source: &str) -> Compiled {
        let program = ENV.compile(source).unwrap();
        let expr = guarded(program.expression());
        Compiled {
            text: source.into(),
            span: crate::span::SourceFile::new("x".into(), "x").span_at(
                crate::span::FileId(0),
                1,
                1,
            ),
            expr: Arc::new(expr),
            names: BTreeSet::new(),
            uses: Vec::new(),
            only: Only::default(),
        }
    }

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

    #[test]
    fn comprehensions_count_their_steps_and_plus_checks_its_size() {
        let run = |source: &str| {
            let compiled = compiled(source);
            let (outcome, spent) = evaluate(&compiled, &base_scope());
            let outcome = match outcome {
                Outcome::True => "true".to_string(),
                Outcome::False => "false".to_string(),
                Outcome::Error(e) => e,
            };
            (outcome, spent)
        };
        // Three elements, each weighing 1 + the loop's condition `@not_strictly_false(@result)`
        // (2 nodes) + its step `@result && x > 0` (5 nodes).
        assert_eq!(run("[1, 2, 3].all(x, x > 0)"), ("true".into(), 3 * 8));
        assert_eq!(run("[1, 2, 3].exists(x, x > 2)").0, "true");
        assert_eq!(run("[1, 2].map(x, x + 1) == [2, 3]").0, "true");
        let ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        let runaway =
            format!("{ten}.all(a, {ten}.all(b, {ten}.all(c, {ten}.all(d, {ten}.all(e, true)))))");
        let (outcome, spent) = run(&runaway);
        assert!(outcome.contains("stopped after 200000 steps"), "{outcome}");
        assert!(spent > MAX_STEPS && spent < 2 * MAX_STEPS, "{spent}");
        let doubling = format!("[\"ab\"]{}[0] != \"\"", ".map(x, x + x)".repeat(14));
        assert!(run(&doubling).0.contains("grew past 10000"));
        assert_eq!(run("1").0, "the result is int `1`, not true or false");
    }

    /// Evaluates with a variable `big`, a list of `n` numbers, and `table`, a map of `n` keys.
    fn with_big(source: &str, n: i64) -> (String, u64) {
        let mut scope = base_scope();
        let list: Vec<CelValue> = (0..n).map(CelValue::Int).collect();
        scope.add_variable_from_value("big", CelValue::List(Arc::new(list)));
        scope.add_variable_from_value(
            "table",
            string_map((0..n).map(|i| (i.to_string(), CelValue::Int(i)))),
        );
        let (outcome, steps) = evaluate(&compiled(source), &scope);
        let outcome = match outcome {
            Outcome::True => "true".to_string(),
            Outcome::False => "false".to_string(),
            Outcome::Error(e) => e,
        };
        (outcome, steps)
    }

    #[test]
    fn comparing_lists_counts_their_elements_and_looking_up_a_map_does_not() {
        let (outcome, steps) = with_big("big == big", 1_000);
        assert_eq!(outcome, "true");
        assert_eq!(steps, 2 * 1_001, "each side: the list and its elements");
        let (outcome, _) = with_big("big == big", 100_000);
        assert!(outcome.contains("stopped after 200000 steps"), "{outcome}");
        assert!(
            outcome.contains("compared by `==`, `!=` and `in`"),
            "{outcome}"
        );
        assert_eq!(with_big("5 in big", 1_000), ("true".into(), 1 + 1_001));
        assert_eq!(
            with_big("\"ab\" == \"abc\"", 0).1,
            3 + 4,
            "strings count their characters"
        );
        let (outcome, steps) = with_big("\"5\" in table", 100_000);
        assert_eq!(outcome, "true");
        assert!(steps < 10, "a map is looked up: {steps}");
    }

    #[test]
    fn a_huge_result_is_described_not_copied_and_errors_are_cut_short() {
        let (outcome, _) = with_big("big", 100_000);
        assert_eq!(
            outcome,
            "the result is a list of size 100000, not true or false"
        );
        let (outcome, _) = with_big("table", 3);
        assert!(outcome.starts_with("the result is map `"), "{outcome}");
        let (outcome, _) = with_big("table[\"x\" + string(big[0]) + \"y\"] == 1", 3);
        assert!(outcome.contains("No such key"), "{outcome}");
        assert!(shortened(&"x".repeat(10_000)).len() <= ERROR_CHARS + 3);
    }
}
