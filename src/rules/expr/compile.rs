//! Compiling an expression: parsing, measuring, checking its names and putting its guards
//! in, each distinct expression once per run; problems become load errors placed in the YAML.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock};

use cel::Env;
use cel::common::ast::{EntryExpr, Expr as Cel, IdedExpr};

use super::evaluate::{base_scope, guarded};
use super::names::Checker;
use super::{MAX_CHARS, MAX_DEPTH, MAX_NESTING, MAX_NODES, Over, with_large_stack};
use crate::error::LoadErrorKind;
use crate::span::{Span, Spanned};
use crate::yaml::Reader;

pub(super) static ENV: LazyLock<Arc<Env>> =
    LazyLock::new(|| Arc::new(Env::stdlib().with_optional_support(false)));

/// A compiled `where` or `assert`.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The expression as written.
    pub text: String,
    pub span: Span,
    /// The syntax tree, with the evaluation guards put in.
    pub(super) expr: Arc<IdedExpr>,
    /// The field names and string literals it mentions: which properties it looks at.
    pub(super) names: BTreeSet<String>,
    /// The property names, value types and value fields it names, checked once the
    /// properties are known ([`check_names`](super::check_names)).
    pub(super) uses: Vec<(Name, Span)>,
    /// What a `where` of this form limits the rule to.
    pub(super) only: Only,
}

/// A name an expression uses whose meaning depends on the declared properties.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Name {
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
pub(super) struct Only {
    pub(super) properties: Option<BTreeSet<String>>,
    pub(super) types: Option<BTreeSet<String>>,
}

/// Where in an expression a problem is.
pub(super) enum At {
    /// A byte offset and the length of the token there.
    Offset(usize, usize),
    /// A 1-based line and character column, as the CEL parser reports them.
    LineColumn(usize, usize),
}

pub(super) struct Problem {
    pub(super) at: At,
    pub(super) kind: LoadErrorKind,
    pub(super) help: Option<String>,
}

pub(super) struct Analysed {
    pub(super) expr: IdedExpr,
    pub(super) names: BTreeSet<String>,
    /// Each with its byte offset and length in the expression.
    pub(super) uses: Vec<(Name, usize, usize)>,
    pub(super) only: Only,
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
pub(super) fn compile(
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
pub(super) fn analyse(source: &str, key: &str, over: Over) -> Result<Analysed, Vec<Problem>> {
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

/// The number of nodes of a syntax tree and its depth.
pub(super) fn measure(e: &IdedExpr) -> (usize, usize) {
    let children = children(e);
    children.iter().fold((1, 1), |(n, d), c| {
        let (cn, cd) = measure(c);
        (n + cn, d.max(cd + 1))
    })
}

pub(super) fn children(e: &IdedExpr) -> Vec<&IdedExpr> {
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::rules::expr::STACK;

    /// The load errors of an expression, as messages.
    pub(in crate::rules::expr) fn problems(source: &str, over: Over) -> Vec<String> {
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
    pub(in crate::rules::expr) fn compiled(source: &str) -> Compiled {
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
}
