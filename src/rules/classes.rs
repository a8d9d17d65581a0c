//! Classes of agreeing values in one slot, in time near-linear in its distinct values.
//!
//! Each claim joins the first class whose first claim's value agrees with its own, or starts a
//! new one. Comparing each value with every class is quadratic: 50,000 distinct values in one
//! slot were over a billion comparisons. Instead, claims with the same value as compared (the
//! same folded text, the same resolved entity, the same number or period) are placed once, and
//! a new value is held only against the classes it may agree with, found by sorting: the
//! first values of the classes never agree with each other, so around any value only a few
//! periods overlap it and only a few numbers lie within its tolerance.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::value::{Tolerance, Value};

/// Distinct values past this many that can only be compared one by one (sets of dates or of
/// numbers with a tolerance) are not compared: the slot is taken as one class, and so reports
/// no conflict, rather than risk a false one.
pub const MAX_PAIRWISE: usize = 2_000;

/// A number in a total order, as a map key.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Num(f64);

impl Eq for Num {}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// What a value is compared as: values with the same key agree with exactly the same values.
pub fn key(value: &Value, entity_key: &dyn Fn(&str) -> String) -> String {
    // A number's key is its bits, 0 and -0 alike.
    let num = |x: f64| (x + 0.0).to_bits();
    match value {
        Value::Text(t) => format!("t{}", crate::value::text::fold_text(t)),
        Value::Entity(m) => format!("e{}", entity_key(m)),
        Value::Count(n) => format!("c{n}"),
        Value::Number(x) => format!("n{}", num(*x)),
        Value::Money(m) => format!("m{} {}", m.currency, num(m.amount)),
        Value::Date(d) => format!("d{} {}", d.period.start, d.period.end),
        Value::Duration(d) => format!("u{} {}", d.months, d.days),
        Value::Age { .. } => format!("a{:?}", value.birth_window()),
        Value::Boolean(b) => format!("b{b}"),
        Value::Set(items) => {
            let mut keys: Vec<String> = items.iter().map(|i| key(i, entity_key)).collect();
            keys.sort_unstable();
            keys.dedup();
            format!("s{}", keys.join("\u{0}"))
        }
    }
}

/// The first values of the classes so far, indexed by how they may agree with another.
pub struct Index<'v> {
    tolerance: Tolerance,
    /// Periods and birth windows: (start, (end, class)), none overlapping another.
    spans: BTreeMap<NaiveDate, (NaiveDate, usize)>,
    /// Numbers, and amounts of money by currency, with a tolerance.
    numbers: HashMap<&'v str, BTreeMap<Num, usize>>,
    /// Values only comparable one by one: (value, class).
    pairwise: Vec<(&'v Value, usize)>,
    /// Whether a value could not be compared with all it had to be.
    pub gave_up: bool,
}

impl<'v> Index<'v> {
    pub fn new(tolerance: Tolerance) -> Self {
        Self {
            tolerance,
            spans: BTreeMap::new(),
            numbers: HashMap::new(),
            pairwise: Vec::new(),
            gave_up: false,
        }
    }

    /// The interval a period or an age stands for; `None` for an age without one, which
    /// agrees with nothing.
    fn span(value: &Value) -> Option<Option<(NaiveDate, NaiveDate)>> {
        match value {
            Value::Date(d) => Some(Some((d.period.start, d.period.end))),
            Value::Age { .. } => Some(value.birth_window()),
            _ => None,
        }
    }

    /// The number and the group (currency) of a value compared within a tolerance.
    fn number(&self, value: &'v Value) -> Option<(&'v str, f64)> {
        if self.tolerance == Tolerance::Exact {
            return None;
        }
        match value {
            Value::Number(x) => Some(("", *x)),
            Value::Money(m) => Some((m.currency.as_str(), m.amount)),
            _ => None,
        }
    }

    /// Whether agreeing means having the same key: then no first value of another class
    /// agrees with a value whose key is new.
    fn by_key_only(&self, value: &Value) -> bool {
        match value {
            Value::Set(items) => items.iter().all(|i| self.by_key_only(i)),
            Value::Date(_) | Value::Age { .. } => false,
            Value::Number(_) | Value::Money(_) => self.tolerance == Tolerance::Exact,
            _ => true,
        }
    }

    /// How far a number within the tolerance of `x` may lie from it (at least; the
    /// candidates found are then compared exactly).
    fn reach(&self, x: f64) -> f64 {
        let margin = 1.0 + 1e-9;
        match self.tolerance {
            Tolerance::Exact => 0.0,
            Tolerance::Absolute(t) => {
                (t + 4.0 * f64::EPSILON * x.abs()) * margin + f64::MIN_POSITIVE
            }
            // |x - y| <= r max(|x|, |y|) <= r (|x| + |x - y|)
            Tolerance::Relative(r) if r < 1.0 => {
                r * x.abs() / (1.0 - r) * margin + f64::MIN_POSITIVE
            }
            Tolerance::Relative(_) => f64::INFINITY,
        }
    }

    /// The first class whose first value agrees with `value`, given that none has its key.
    pub fn first_agreeing(
        &mut self,
        value: &'v Value,
        agrees: impl Fn(&Value) -> bool,
    ) -> Option<usize> {
        if self.by_key_only(value) {
            return None;
        }
        if let Some(span) = Self::span(value) {
            let (start, end) = span?;
            // Disjoint and sorted by start, so sorted by end too: walk back from the last
            // starting before `end` while they still reach `start`.
            return self
                .spans
                .range(..=end)
                .rev()
                .take_while(|(_, (e, _))| *e >= start)
                .map(|(_, (_, class))| *class)
                .min();
        }
        if let Some((group, x)) = self.number(value) {
            let reach = self.reach(x);
            let numbers = self.numbers.get(group)?;
            let candidates: Box<dyn Iterator<Item = (&Num, &usize)>> = if reach.is_finite() {
                Box::new(numbers.range(Num(x - reach)..=Num(x + reach)))
            } else {
                Box::new(numbers.iter())
            };
            return candidates
                .filter(|(y, _)| self.tolerance.within(x, y.0))
                .map(|(_, class)| *class)
                .min();
        }
        if self.pairwise.len() >= MAX_PAIRWISE {
            self.gave_up = true;
            return None;
        }
        self.pairwise
            .iter()
            .find(|(first, _)| agrees(first))
            .map(|(_, class)| *class)
    }

    /// Records the first value of a new class.
    pub fn add(&mut self, value: &'v Value, class: usize) {
        if self.by_key_only(value) {
            return;
        }
        if let Some(span) = Self::span(value) {
            if let Some((start, end)) = span {
                self.spans.insert(start, (end, class));
            }
            return;
        }
        if let Some((group, x)) = self.number(value) {
            self.numbers.entry(group).or_default().insert(Num(x), class);
            return;
        }
        self.pairwise.push((value, class));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::date::Period;

    /// The classes of some values, as indices, as `value_classes` forms them before sorting.
    fn classes(values: &[Value], tolerance: Tolerance) -> Vec<Vec<usize>> {
        let id = |m: &str| m.to_string();
        let mut index = Index::new(tolerance);
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut out: Vec<Vec<usize>> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let k = key(v, &id);
            let class = match by_key.get(&k) {
                Some(&c) => c,
                None => {
                    let c = index
                        .first_agreeing(v, |first| first.agrees(v, &tolerance, &id))
                        .unwrap_or_else(|| {
                            out.push(Vec::new());
                            index.add(v, out.len() - 1);
                            out.len() - 1
                        });
                    by_key.insert(k, c);
                    c
                }
            };
            out[class].push(i);
        }
        out
    }

    /// The classes as every claim against every class's first value forms them.
    fn pairwise(values: &[Value], tolerance: Tolerance) -> Vec<Vec<usize>> {
        let id = |m: &str| m.to_string();
        let mut out: Vec<Vec<usize>> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match out
                .iter_mut()
                .find(|c| values[c[0]].agrees(v, &tolerance, &id))
            {
                Some(c) => c.push(i),
                None => out.push(vec![i]),
            }
        }
        out
    }

    fn date(text: &str) -> Value {
        Value::Date(crate::value::DateValue {
            period: Period::parse_absolute(text).unwrap().unwrap(),
            anchor: None,
        })
    }

    #[test]
    fn the_classes_are_those_of_comparing_every_value_with_every_class() {
        let dates: Vec<Value> = [
            "2017",
            "2017-12-24",
            "2016",
            "2017-12",
            "2018-01-02",
            "2016-05",
        ]
        .iter()
        .map(|d| date(d))
        .collect();
        assert_eq!(
            classes(&dates, Tolerance::Exact),
            pairwise(&dates, Tolerance::Exact)
        );
        let numbers: Vec<Value> = [10.0, 10.4, 11.0, 9.6, 10.9, 12.0, -0.0, 0.0]
            .iter()
            .map(|&x| Value::Number(x))
            .collect();
        for t in [
            Tolerance::Exact,
            Tolerance::Absolute(0.5),
            Tolerance::Relative(0.05),
            Tolerance::Relative(2.0),
        ] {
            assert_eq!(classes(&numbers, t), pairwise(&numbers, t), "{t:?}");
        }
        let texts: Vec<Value> = ["Lima", "lima ", "Cusco", "LIMA"]
            .iter()
            .map(|t| Value::Text(t.to_string()))
            .collect();
        assert_eq!(
            classes(&texts, Tolerance::Exact),
            vec![vec![0, 1, 3], vec![2]]
        );
    }

    #[test]
    fn fifty_thousand_distinct_days_are_placed_in_near_linear_time() {
        let start = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let values: Vec<Value> = (0..50_000u64)
            .map(|i| {
                let d = start + chrono::Days::new(i);
                Value::Date(crate::value::DateValue {
                    period: Period::day(d),
                    anchor: None,
                })
            })
            .chain(std::iter::once(date("1950")))
            .collect();
        let started = std::time::Instant::now();
        let found = classes(&values, Tolerance::Exact);
        assert_eq!(found.len(), 50_000, "1950 joins its first day");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let numbers: Vec<Value> = (0..50_000).map(|i| Value::Number(f64::from(i))).collect();
        let found = classes(&numbers, Tolerance::Absolute(0.5));
        assert_eq!(found.len(), 50_000);
    }

    proptest::proptest! {
        #[test]
        fn indexed_classes_match_pairwise_classes(
            numbers in proptest::collection::vec(-50i32..50, 0..40),
            tolerance in 0usize..4,
            days in proptest::collection::vec((0u32..3, 1u32..13, 1u32..29), 0..40),
        ) {
            let t = [
                Tolerance::Exact,
                Tolerance::Absolute(2.0),
                Tolerance::Relative(0.1),
                Tolerance::Relative(1.5),
            ][tolerance];
            let numbers: Vec<Value> =
                numbers.iter().map(|&n| Value::Number(f64::from(n) / 2.0)).collect();
            proptest::prop_assert_eq!(classes(&numbers, t), pairwise(&numbers, t));
            let dates: Vec<Value> = days
                .iter()
                .map(|&(y, m, d)| match (y + m + d) % 3 {
                    0 => date(&format!("{}", 2015 + y)),
                    1 => date(&format!("{}-{m:02}", 2015 + y)),
                    _ => date(&format!("{}-{m:02}-{d:02}", 2015 + y)),
                })
                .collect();
            proptest::prop_assert_eq!(classes(&dates, t), pairwise(&dates, t));
        }
    }
}
