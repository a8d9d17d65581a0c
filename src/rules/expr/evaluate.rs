//! Evaluating an expression within its limits: the guards put into the syntax tree when it is
//! compiled count the steps and sizes, and stop an evaluation that would run away.

use std::cell::Cell;
use std::sync::Arc;

use cel::common::ast::{CallExpr, EntryExpr, Expr as Cel, IdedExpr, LiteralValue};
use cel::common::types::{CelInt, Kind};
use cel::common::value::CowVal;
use cel::common::value::Val;
use cel::{Context as Scope, ExecutionError, FunctionContext, Value as CelValue};

use super::compile::{Compiled, ENV, measure};
use super::{MAX_SIZE, MAX_STEPS};

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

/// An expression with the evaluation guards put in, its result checked to be true or false.
pub(super) fn guarded(root: &IdedExpr) -> IdedExpr {
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
pub(super) fn base_scope() -> Scope<'static, 'static> {
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
pub(super) enum Outcome {
    True,
    False,
    Error(String),
}

/// The longest error text of an evaluation kept in a finding, in characters.
const ERROR_CHARS: usize = 300;
/// Results up to this many elements are shown in full.
const SHOWN_SIZE: u64 = 20;

/// Evaluates an expression in a scope; what it gave, and the steps it took.
pub(super) fn evaluate(e: &Compiled, scope: &Scope) -> (Outcome, u64) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::expr::compile::tests::compiled;
    use crate::rules::expr::variables::string_map;

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
