//! The names an expression uses, checked while it is compiled: variables, fields of known
//! records and functions; and what its `where` limits the rule to.

use std::collections::BTreeSet;

use cel::common::ast::{CallExpr, Expr as Cel, IdedExpr, LiteralValue};
use cel::{Context as Scope, ExecutionError, Value as CelValue};

use super::Over;
use super::compile::{At, Name, Only, Problem, children};
use crate::error::{LoadErrorKind, did_you_mean};
use crate::value::ValueType;

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
pub(super) fn value_fields(ty: ValueType) -> &'static [&'static str] {
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
pub(super) fn date_help(field: &str, date: &str) -> String {
    did_you_mean(field, DATE_FIELDS.iter().copied()).unwrap_or_else(|| {
        format!(
            "a date has: {}; read its parts from its timestamps, as in \
             `{date}.start.getFullYear()` or `{date}.start.getMonth() + 1`",
            DATE_FIELDS.join(", ")
        )
    })
}

/// Checks every name an expression uses: variables, fields of known records and functions.
pub(super) struct Checker<'a> {
    pub(super) source: &'a str,
    pub(super) over: Over,
    pub(super) program: &'a cel::Program,
    /// Comprehension variables in scope.
    pub(super) scope: Vec<String>,
    pub(super) problems: Vec<Problem>,
    pub(super) names: BTreeSet<String>,
    pub(super) uses: Vec<(Name, usize, usize)>,
    pub(super) base: Scope<'static, 'static>,
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
    pub(super) fn limit(&self, e: &IdedExpr, only: &mut Only) {
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

    pub(super) fn walk(&mut self, e: &IdedExpr) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::expr::STACK;
    use crate::rules::expr::compile::analyse;
    use crate::rules::expr::compile::tests::problems;

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
}
