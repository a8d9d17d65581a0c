//! Typed values: what a claim's `value` means, and when two values agree.

pub mod date;
pub mod duration;
pub mod money;
pub mod relative;
pub mod sequel;
pub mod text;
pub mod time;

use std::fmt;

use date::{Period, years_before};
use duration::Duration;
use money::Money;
use time::TimeValue;

use crate::language::Language;
use crate::span::Span;
use crate::yaml::RawValue;

/// The declared type of a property (docs/formats.md section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    Text,
    Entity,
    Count,
    Number,
    Money,
    Date,
    Duration,
    Age,
    Boolean,
    Time,
}

impl ValueType {
    pub const ALL: &'static [(&'static str, ValueType)] = &[
        ("text", ValueType::Text),
        ("entity", ValueType::Entity),
        ("count", ValueType::Count),
        ("number", ValueType::Number),
        ("money", ValueType::Money),
        ("date", ValueType::Date),
        ("duration", ValueType::Duration),
        ("age", ValueType::Age),
        ("boolean", ValueType::Boolean),
        ("time", ValueType::Time),
    ];

    pub fn parse(name: &str) -> Option<ValueType> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("?", |(n, _)| n)
    }

    fn expected_forms(self) -> &'static str {
        match self {
            ValueType::Text => "any text",
            ValueType::Entity => "an entity id, name or alias",
            ValueType::Count => "a whole number such as 25, at most 18446744073709551615",
            ValueType::Number => "a decimal number such as 8.5",
            ValueType::Money => {
                "an amount with a currency: `13.6 million USD`, `$13.6 million`, `USD 13600000` or `{amount: 13600000, currency: USD}`, at most 1.7e308"
            }
            ValueType::Date => "a date: `2017`, `2017-12` or `2017-12-24`",
            ValueType::Duration => {
                "a length of time: `25 years`, `18 months`, `6 weeks`, `10 days` or `P25Y`, at most 18446744073709551615 months and as many days"
            }
            ValueType::Age => "an age in whole years, such as 83, at most 150",
            ValueType::Boolean => "true or false",
            ValueType::Time => {
                "a time of day: `1:28 a.m.`, `6 p.m.`, `13:28`, `noon` or `midnight`, optionally followed by `UTC` or an IANA zone such as `America/Lima`"
            }
        }
    }
}

/// How far apart two numbers or amounts may be and still agree.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Tolerance {
    #[default]
    Exact,
    Absolute(f64),
    /// A fraction of the larger magnitude ("2%" is 0.02).
    Relative(f64),
}

impl Tolerance {
    pub fn parse(text: &str) -> Option<Tolerance> {
        let t = text.trim();
        if let Some(pct) = t.strip_suffix('%') {
            let p: f64 = pct.trim().parse().ok()?;
            return (p.is_finite() && p >= 0.0).then_some(Tolerance::Relative(p / 100.0));
        }
        let a: f64 = t.parse().ok()?;
        (a.is_finite() && a >= 0.0).then_some(Tolerance::Absolute(a))
    }

    /// How many minutes two times may be apart: an absolute tolerance, read as minutes.
    pub fn minutes(&self) -> f64 {
        match *self {
            Tolerance::Absolute(m) => m,
            Tolerance::Exact | Tolerance::Relative(_) => 0.0,
        }
    }

    pub fn within(&self, a: f64, b: f64) -> bool {
        let diff = (a - b).abs();
        match *self {
            Tolerance::Exact => diff == 0.0,
            Tolerance::Absolute(t) => diff <= t + f64::EPSILON * a.abs().max(b.abs()),
            Tolerance::Relative(r) => diff <= r * a.abs().max(b.abs()),
        }
    }
}

/// A claim's value, typed by its property.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A mention of an entity, as written; resolved by the names pass.
    Entity(String),
    Count(u64),
    Number(f64),
    Money(Money),
    Date(DateValue),
    Duration(Duration),
    /// Whole years at `as_of`.
    Age {
        years: u32,
        as_of: Period,
    },
    Boolean(bool),
    Time(TimeValue),
    /// A `many: true` property: a set of values.
    Set(Vec<Value>),
}

/// A date as resolved, remembering whether the article wrote it relative to an anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateValue {
    /// The likelier reading.
    pub period: Period,
    /// A second reading that stays plausible ("Nov. 16" read in December: this year's or, if
    /// it points forward, next year's). No finding may rest on the choice between the two.
    pub alternative: Option<Period>,
    /// The anchor a relative phrase was resolved from; `None` for absolute dates.
    pub anchor: Option<Period>,
    /// The weekday written beside a full date when it is not that date's ("Monday, Oct. 26"
    /// for a Thursday): the date is kept, and the `dates` rule reports the slip.
    pub weekday_mismatch: Option<chrono::Weekday>,
}

impl DateValue {
    /// A date with a single reading.
    pub fn single(period: Period, anchor: Option<Period>) -> Self {
        Self {
            period,
            alternative: None,
            anchor,
            weekday_mismatch: None,
        }
    }

    /// Every reading: the likelier first.
    pub fn candidates(&self) -> impl Iterator<Item = Period> + '_ {
        std::iter::once(self.period).chain(self.alternative)
    }

    /// The days any reading may denote, for checks that ask "could it be before ...".
    pub fn hull(&self) -> Period {
        self.candidates()
            .reduce(Period::hull)
            .unwrap_or(self.period)
    }
}

/// The likelier reading, and the other in parentheses: `2023-11-16 (or 2022-11-16)`.
impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.alternative {
            Some(other) => write!(f, "{} (or {other})", self.period),
            None => write!(f, "{}", self.period),
        }
    }
}

/// Why a written value does not fit its property's type.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub span: Span,
    pub message: String,
    pub help: String,
}

/// What a value is read with: its type, whether it is a set, the date it is anchored at, and
/// how a date phrase is read.
#[derive(Debug, Clone, Copy)]
pub struct ValueSpec<'a> {
    pub ty: ValueType,
    pub many: bool,
    /// `as_of`: the anchor of relative dates and the date an age holds at.
    pub as_of: Option<Period>,
    pub date: DateReading<'a>,
}

/// How a date phrase is read, besides its anchor.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateReading<'a> {
    /// The property is `future: true`: a phrase that may point either way points forward.
    pub future: bool,
    /// The source's language; English when `None`.
    pub language: Option<&'a Language>,
}

impl Value {
    /// Types a raw YAML value.
    pub fn parse(raw: &RawValue, spec: ValueSpec<'_>) -> Result<Value, ValueError> {
        if spec.many {
            let items: Vec<&RawValue> = match raw {
                RawValue::List(items, _) => items.iter().collect(),
                other => vec![other],
            };
            let one = ValueSpec {
                many: false,
                ..spec
            };
            return items
                .into_iter()
                .map(|item| Value::parse(item, one))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Set);
        }
        let bad = |span: Span, found: &str| ValueError {
            span,
            message: format!("`{found}` is not {}", article(spec.ty)),
            help: format!("expected {}", spec.ty.expected_forms()),
        };
        let text = match raw {
            RawValue::Scalar(s) => s,
            RawValue::Map(entries, span) if spec.ty == ValueType::Money => {
                return parse_money_map(entries, *span).ok_or_else(|| bad(*span, &raw.written()));
            }
            RawValue::List(_, span) => {
                return Err(ValueError {
                    span: *span,
                    message: "a list was given for a property that holds one value".into(),
                    help: "give one value, or declare the property with `many: true`".into(),
                });
            }
            RawValue::Map(_, span) => return Err(bad(*span, &raw.written())),
        };
        let t = text.value.trim();
        let fail = || bad(text.span, t);
        Ok(match spec.ty {
            ValueType::Text => Value::Text(t.to_string()),
            ValueType::Entity => Value::Entity(t.to_string()),
            ValueType::Count => Value::Count(parse_count(t).ok_or_else(fail)?),
            ValueType::Number => Value::Number(
                money::parse_number(t.strip_suffix('%').unwrap_or(t).trim()).ok_or_else(fail)?,
            ),
            ValueType::Money => Value::Money(Money::parse(t).ok_or_else(fail)?),
            ValueType::Date => Value::Date(parse_date(t, spec.as_of, spec.date).map_err(
                |message| ValueError {
                    span: text.span,
                    message,
                    help: relative::UNDERSTOOD_FORMS.to_string(),
                },
            )?),
            ValueType::Duration => Value::Duration(Duration::parse(t).ok_or_else(fail)?),
            ValueType::Age => {
                let years = parse_count(t).filter(|y| *y <= 150).ok_or_else(fail)? as u32;
                let as_of = spec.as_of.ok_or_else(|| ValueError {
                    span: text.span,
                    message: "an age needs the date it holds at".into(),
                    help: "registry facts have no date: give `born` instead of an age".into(),
                })?;
                Value::Age { years, as_of }
            }
            ValueType::Time => Value::Time(
                TimeValue::parse(t, spec.as_of.map(|p| p.start)).map_err(|message| ValueError {
                    span: text.span,
                    message,
                    help: format!("expected {}", spec.ty.expected_forms()),
                })?,
            ),
            ValueType::Boolean => Value::Boolean(match t.to_ascii_lowercase().as_str() {
                "true" | "yes" => true,
                "false" | "no" => false,
                _ => return Err(fail()),
            }),
        })
    }

    /// Whether two values of one property agree (docs/formats.md section 4). Entity mentions
    /// and text compare through `entity_key`, which maps a mention to its resolved entity and
    /// a text to its term or folded text.
    pub fn agrees(
        &self,
        other: &Value,
        tolerance: &Tolerance,
        entity_key: &dyn Fn(&str) -> String,
    ) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b)) | (Value::Entity(a), Value::Entity(b)) => {
                entity_key(a) == entity_key(b)
            }
            (Value::Count(a), Value::Count(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => tolerance.within(*a, *b),
            (Value::Money(a), Value::Money(b)) => a.agrees(b, tolerance),
            (Value::Date(a), Value::Date(b)) => a
                .candidates()
                .any(|x| b.candidates().any(|y| x.overlaps(&y))),
            (Value::Duration(a), Value::Duration(b)) => a == b,
            (Value::Age { .. }, Value::Age { .. }) => {
                match (self.birth_window(), other.birth_window()) {
                    (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1,
                    _ => false,
                }
            }
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::Time(a), Value::Time(b)) => a.within(b, tolerance.minutes()),
            (Value::Set(a), Value::Set(b)) => {
                let covered = |xs: &[Value], ys: &[Value]| {
                    xs.iter()
                        .all(|x| ys.iter().any(|y| x.agrees(y, tolerance, entity_key)))
                };
                covered(a, b) && covered(b, a)
            }
            _ => false,
        }
    }

    /// For an age: the first and last possible birth days it implies at its date.
    /// "83 on 2022-04-08" means born 1938-04-09 … 1939-04-08.
    pub fn birth_window(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        let Value::Age { years, as_of } = self else {
            return None;
        };
        let earliest = years_before(as_of.start, years + 1)?.succ_opt()?;
        let latest = years_before(as_of.end, *years)?;
        Some((earliest, latest))
    }

    /// The canonical form shown next to what was written, when it adds something
    /// (a relative date's resolution, a money amount in full).
    pub fn resolved(&self) -> Option<String> {
        match self {
            Value::Date(
                d @ DateValue {
                    anchor: Some(anchor),
                    ..
                },
            ) => Some(format!("{d}, read from {anchor}")),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Number(n) => Some(*n),
            Value::Money(m) => Some(m.amount),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) | Value::Entity(s) => f.write_str(s),
            Value::Count(n) => write!(f, "{n}"),
            Value::Number(n) => f.write_str(&money::show_number(*n)),
            Value::Money(m) => write!(f, "{m}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Age { years, .. } => write!(f, "{years}"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Time(t) => write!(f, "{t}"),
            Value::Set(items) => {
                let items: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

fn article(ty: ValueType) -> String {
    match ty {
        ValueType::Age | ValueType::Entity => format!("an {}", ty.name()),
        ValueType::Money => "an amount of money".into(),
        _ => format!("a {}", ty.name()),
    }
}

fn parse_count(t: &str) -> Option<u64> {
    let digits: String = t.chars().filter(|c| *c != ',' && *c != '_').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_money_map(
    entries: &[(crate::span::Spanned<String>, RawValue)],
    _span: Span,
) -> Option<Value> {
    let mut amount = None;
    let mut currency = None;
    for (k, v) in entries {
        let RawValue::Scalar(s) = v else { return None };
        match k.value.as_str() {
            "amount" => amount = money::parse_number(s.value.trim()),
            "currency" => currency = Some(s.value.trim().to_ascii_uppercase()),
            _ => return None,
        }
    }
    Some(Value::Money(Money {
        amount: amount?,
        currency: currency.filter(|c| c.len() == 3)?,
    }))
}

/// Reads a date value: absolute forms, or a phrase resolved against `anchor` (docs/formats.md
/// section 7) in the source's language and the property's direction. Without an anchor only
/// absolute forms are understood.
pub fn parse_date(
    text: &str,
    anchor: Option<Period>,
    how: DateReading<'_>,
) -> Result<DateValue, String> {
    if let Some(period) = Period::parse_absolute(text)? {
        return Ok(DateValue::single(period, None));
    }
    let Some(anchor) = anchor else {
        return Err(format!(
            "`{text}` is not an absolute date, and there is no date to resolve it from"
        ));
    };
    let phrase = how
        .language
        .map_or_else(|| text.to_string(), |l| l.date_phrase(text));
    let direction = if how.future {
        relative::Direction::Future
    } else {
        relative::Direction::AsWritten
    };
    let resolved = relative::resolve_in(&phrase, anchor, direction).map_err(|e| e.to_string())?;
    Ok(DateValue {
        period: resolved.period,
        alternative: resolved.alternative,
        anchor: resolved.relative.then_some(anchor),
        weekday_mismatch: resolved.weekday_mismatch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{FileId, Spanned};

    fn span() -> Span {
        Span {
            file: FileId(0),
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        }
    }

    fn raw(s: &str) -> RawValue {
        RawValue::Scalar(Spanned::new(s.to_string(), span()))
    }

    fn day(s: &str) -> Period {
        Period::parse_absolute(s).unwrap().unwrap()
    }

    fn val(ty: ValueType, s: &str) -> Value {
        let spec = ValueSpec {
            ty,
            many: false,
            as_of: Some(day("2023-12-06")),
            date: DateReading::default(),
        };
        Value::parse(&raw(s), spec).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }

    fn agree(ty: ValueType, a: &str, b: &str) -> bool {
        // What check.rs passes: entities by resolution (here folded like names), text by
        // its folded text (a property without terms).
        let key = |m: &str| match ty {
            ValueType::Entity => text::fold_name(m),
            _ => text::fold_text(m),
        };
        val(ty, a).agrees(&val(ty, b), &Tolerance::Exact, &key)
    }

    #[test]
    fn text_agrees_across_case_and_quote_marks() {
        assert!(agree(
            ValueType::Text,
            "Peru’s top court",
            "peru's  TOP court"
        ));
        assert!(!agree(ValueType::Text, "humanitarian", "political"));
    }

    #[test]
    fn counts_agree_only_when_equal() {
        assert!(agree(ValueType::Count, "25", "25"));
        assert!(!agree(ValueType::Count, "25", "24"));
    }

    #[test]
    fn a_count_must_be_a_non_negative_whole_number() {
        let spec = ValueSpec {
            ty: ValueType::Count,
            many: false,
            as_of: None,
            date: DateReading::default(),
        };
        assert!(Value::parse(&raw("-3"), spec).is_err());
        assert!(Value::parse(&raw("2.5"), spec).is_err());
        assert!(Value::parse(&raw("nine"), spec).is_err());
    }

    #[test]
    fn numbers_agree_within_tolerance() {
        let (a, b) = (val(ValueType::Number, "8"), val(ValueType::Number, "8.4"));
        let key = |m: &str| m.to_string();
        assert!(!a.agrees(&b, &Tolerance::Exact, &key));
        assert!(a.agrees(&b, &Tolerance::parse("0.5").unwrap(), &key));
        assert!(!a.agrees(&b, &Tolerance::parse("2%").unwrap(), &key));
        assert!(a.agrees(&b, &Tolerance::parse("5%").unwrap(), &key));
    }

    #[test]
    fn money_agrees_in_the_same_currency_only() {
        assert!(agree(ValueType::Money, "$13.6 million", "USD 13600000"));
        assert!(!agree(
            ValueType::Money,
            "13.6 million USD",
            "13.6 million EUR"
        ));
        let map = RawValue::Map(
            vec![
                (Spanned::new("amount".into(), span()), raw("13600000")),
                (Spanned::new("currency".into(), span()), raw("usd")),
            ],
            span(),
        );
        let spec = ValueSpec {
            ty: ValueType::Money,
            many: false,
            as_of: None,
            date: DateReading::default(),
        };
        assert_eq!(
            Value::parse(&map, spec).unwrap(),
            val(ValueType::Money, "$13.6 million")
        );
    }

    #[test]
    fn dates_agree_when_their_periods_overlap() {
        assert!(agree(ValueType::Date, "2017", "2017-12-24"));
        assert!(!agree(ValueType::Date, "2005", "2007"));
    }

    #[test]
    fn durations_compare_exactly() {
        assert!(agree(ValueType::Duration, "25 years", "P25Y"));
        assert!(!agree(ValueType::Duration, "25 years", "24 years"));
    }

    #[test]
    fn times_agree_within_the_tolerance_in_minutes() {
        let (a, b) = (
            val(ValueType::Time, "1:28 a.m. America/Lima"),
            val(ValueType::Time, "06:31 UTC"),
        );
        let key = |m: &str| m.to_string();
        assert!(!a.agrees(&b, &Tolerance::Exact, &key));
        assert!(a.agrees(&b, &Tolerance::Absolute(5.0), &key));
        assert!(agree(ValueType::Time, "6:26 p.m.", "18:26"));
        assert!(!agree(ValueType::Time, "6:26 p.m.", "6:26 a.m."));
    }

    #[test]
    fn booleans_read_true_and_false() {
        assert!(agree(ValueType::Boolean, "true", "yes"));
        assert!(!agree(ValueType::Boolean, "true", "false"));
    }

    #[test]
    fn entity_mentions_agree_through_their_resolution() {
        assert!(agree(ValueType::Entity, "Ricardo Pérez", "ricardo perez"));
        assert!(!agree(
            ValueType::Entity,
            "Keiko Fujimori",
            "Kenji Fujimori"
        ));
    }

    #[test]
    fn ages_at_different_dates_agree_when_birth_windows_overlap() {
        let spec = |d: &str| ValueSpec {
            ty: ValueType::Age,
            many: false,
            as_of: Some(day(d)),
            date: DateReading::default(),
        };
        let at = |n: &str, d: &str| Value::parse(&raw(n), spec(d)).unwrap();
        let key = |m: &str| m.to_string();
        let (a83, a85) = (at("83", "2022-04-08"), at("85", "2023-12-06"));
        assert!(a83.agrees(&a85, &Tolerance::Exact, &key));
        assert!(!a83.agrees(&at("83", "2023-12-06"), &Tolerance::Exact, &key));
        let (from, to) = a83.birth_window().unwrap();
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("1938-04-09".into(), "1939-04-08".into())
        );
    }

    #[test]
    fn sets_agree_when_they_hold_the_same_items_in_any_order() {
        let spec = ValueSpec {
            ty: ValueType::Text,
            many: true,
            as_of: None,
            date: DateReading::default(),
        };
        let list = |xs: &[&str]| RawValue::List(xs.iter().map(|x| raw(x)).collect(), span());
        let a = Value::parse(&list(&["corruption", "embezzlement"]), spec).unwrap();
        let b = Value::parse(&list(&["Embezzlement", "corruption"]), spec).unwrap();
        let c = Value::parse(&list(&["corruption"]), spec).unwrap();
        let key = |m: &str| text::fold_text(m);
        assert!(a.agrees(&b, &Tolerance::Exact, &key));
        assert!(!a.agrees(&c, &Tolerance::Exact, &key));
    }

    #[test]
    fn a_list_for_a_single_valued_property_is_an_error_with_a_hint() {
        let spec = ValueSpec {
            ty: ValueType::Count,
            many: false,
            as_of: None,
            date: DateReading::default(),
        };
        let err = Value::parse(&RawValue::List(vec![raw("1")], span()), spec).unwrap_err();
        assert!(err.help.contains("many: true"));
    }
}
