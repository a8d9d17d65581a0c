//! How the values of a slot split into sides that cannot all be true, worked out the same way
//! for every rule that compares values (`agree`, `corroborate`, `sum`) and for the report.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{Analysis, Context};
use crate::model::{ClaimIdx, Workspace};
use crate::value::date::Period;
use crate::value::{DateValue, Value};

/// Claims that may be compared: all of them, or for `changes: true` the runs whose `as_of`
/// periods overlap.
pub fn comparable_groups(ctx: &Context, claims: &[ClaimIdx], changes: bool) -> Vec<Vec<ClaimIdx>> {
    if !changes {
        return vec![claims.to_vec()];
    }
    let mut sorted = claims.to_vec();
    sorted.sort_by_key(|&c| (ctx.claim(c).as_of.start, c));
    let mut groups: Vec<(chrono::NaiveDate, Vec<ClaimIdx>)> = Vec::new();
    for c in sorted {
        let as_of = ctx.claim(c).as_of;
        match groups.last_mut() {
            Some((end, group)) if as_of.start <= *end => {
                *end = (*end).max(as_of.end);
                group.push(c);
            }
            _ => groups.push((as_of.end, vec![c])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// What the report shows of the value classes, worked out from the analysis of a check.
impl Analysis {
    /// Per claim: whether another outlet states an agreeing value for the same slot (for a
    /// `changes: true` property, as of an overlapping day).
    pub fn corroborated(&self, ws: &Workspace) -> Vec<bool> {
        let ctx = self.of(ws);
        let mut out = vec![false; ws.claims.len()];
        for ((subject, property), claims) in &self.slots {
            let changes = ws.property(property).is_some_and(|p| p.changes);
            for group in comparable_groups(&ctx, claims, changes) {
                for class in value_classes(&ctx, subject, property, &group) {
                    if ctx.outlets_of(&class).len() >= 2 {
                        for i in class {
                            out[i] = true;
                        }
                    }
                }
            }
        }
        out
    }

    /// Some claims of one (subject, property) grouped into sides of agreeing values.
    pub fn sides(
        &self,
        ws: &Workspace,
        subject: &str,
        property: &str,
        claims: &[ClaimIdx],
    ) -> Vec<Vec<ClaimIdx>> {
        value_classes(&self.of(ws), subject, property, claims)
    }

    /// Whether two sources among some claims of one (subject, property) state values that do
    /// not agree (for a `changes: true` property, as of an overlapping day).
    pub fn sources_differ(
        &self,
        ws: &Workspace,
        subject: &str,
        property: &str,
        claims: &[ClaimIdx],
    ) -> bool {
        let ctx = self.of(ws);
        let tolerance = ws
            .property(property)
            .map(|p| p.tolerance)
            .unwrap_or_default();
        let key = ctx.entity_key(subject, property);
        let changes = ws.property(property).is_some_and(|p| p.changes);
        comparable_groups(&ctx, claims, changes).iter().any(|all| {
            all.iter().enumerate().any(|(n, &a)| {
                all[n + 1..].iter().any(|&b| {
                    let (ca, cb) = (ctx.claim(a), ctx.claim(b));
                    ca.source != cb.source && !ca.value.agrees(&cb.value, &tolerance, &key)
                })
            })
        })
    }
}

/// A slot's claims sorted into sides that cannot all be true, independently of file order.
#[derive(Debug, Default)]
pub struct Classes {
    /// Claims whose values all agree with each other, one list per side; the side most
    /// outlets back (counting the vague values that fit it) first.
    pub sides: Vec<Vec<ClaimIdx>>,
    /// Per side: the vague claims that fit it as well as another side.
    pub fitting: Vec<Vec<ClaimIdx>>,
    /// Claims whose value is vague enough to fit two sides that cannot both be true
    /// ("2017" between "2017-03" and "2017-11"), or a date whose two readings fit two sides:
    /// they take no side and hide nothing.
    pub vague: Vec<ClaimIdx>,
}

impl Classes {
    /// The outlets behind a side: its own and those of the vague values that fit it.
    pub fn support<'w>(&self, ctx: &Context<'w>, side: usize) -> BTreeSet<&'w str> {
        let mut outlets = ctx.outlets_of(&self.sides[side]);
        outlets.extend(ctx.outlets_of(&self.fitting[side]));
        outlets
    }
}

/// Groups a slot's claims into sides of agreeing values; see [`classify`].
pub fn value_classes(
    ctx: &Context,
    subject: &str,
    property: &str,
    claims: &[ClaimIdx],
) -> Vec<Vec<ClaimIdx>> {
    classify(ctx, subject, property, claims).sides
}

/// Sorts a slot's claims into sides. Claims with one normalised value are grouped first, so
/// the work grows with the number of distinct values, not of claims. Two values conflict when
/// they do not agree. A value that agrees with two values which conflict with each other
/// (a year around two different months, 104 between 100 and 108 with a tolerance of 5) is
/// vague: it takes no side. The other values agree in cliques, and each clique is a side.
/// A date with two readings is placed after the others (see [`place_readings`]), so no side
/// rests on the choice between them. Nothing depends on the order of files, claims or source
/// ids.
pub fn classify(ctx: &Context, subject: &str, property: &str, claims: &[ClaimIdx]) -> Classes {
    let tolerance = ctx
        .ws
        .property(property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    let key = ctx.entity_key(subject, property);
    let mut by_identity: BTreeMap<String, Vec<ClaimIdx>> = BTreeMap::new();
    for &c in claims {
        by_identity
            .entry(identity(&ctx.claim(c).value, &key))
            .or_default()
            .push(c);
    }
    // Values with one reading first: they alone are swept into sides.
    let (mut values, two_readings): (Vec<Vec<ClaimIdx>>, Vec<Vec<ClaimIdx>>) = by_identity
        .into_values()
        .partition(|v| readings(&ctx.claim(v[0]).value).is_none());
    let n = values.len();
    values.extend(two_readings);
    let value = |v: usize| &ctx.claim(values[v][0]).value;
    let agree = |a: usize, b: usize| value(a).agrees(value(b), &tolerance, &key);
    let sets = values
        .first()
        .is_some_and(|v| matches!(ctx.claim(v[0]).value, Value::Set(_)));
    let extents: Vec<Extent> = (0..n).map(|v| extent(value(v))).collect();
    let swept = (!sets).then(|| sweep(&extents, &agree)).flatten();
    let mut side_of: Vec<Option<usize>> = match &swept {
        Some(neighbours) => {
            // A value is vague when two of its neighbours conflict; on a line it is enough to
            // hold the neighbour that starts last against the one that ends first.
            let vague: Vec<bool> = (0..n)
                .map(|v| {
                    let around = &neighbours[v];
                    let last_start = around
                        .iter()
                        .max_by(|&&a, &&b| extents[a].lo.total_cmp(&extents[b].lo));
                    let first_end = around
                        .iter()
                        .min_by(|&&a, &&b| extents[a].hi.total_cmp(&extents[b].hi));
                    matches!((last_start, first_end), (Some(&a), Some(&b)) if a != b && !agree(a, b))
                })
                .collect();
            // Precise neighbours of a precise value agree with each other: each side is a
            // clique, named by its first value.
            (0..n)
                .map(|v| {
                    (!vague[v]).then(|| {
                        neighbours[v]
                            .iter()
                            .copied()
                            .filter(|&u| !vague[u])
                            .fold(v, usize::min)
                    })
                })
                .collect()
        }
        None => {
            // Sets agree by covering each other, which has no line to sweep along (and a slot
            // whose values agree in too many pairs is not swept): each value joins the first
            // side, in the order of normalised values, whose first value it agrees with.
            let mut firsts: Vec<usize> = Vec::new();
            (0..n)
                .map(|v| match firsts.iter().position(|&f| agree(f, v)) {
                    Some(side) => Some(side),
                    None => {
                        firsts.push(v);
                        Some(firsts.len() - 1)
                    }
                })
                .collect()
        }
    };
    let mut neighbours = swept.unwrap_or_else(|| vec![Vec::new(); n]);
    let all: Vec<&Value> = (0..values.len()).map(value).collect();
    let placed = place_readings(&all, n, &side_of);
    side_of.extend(placed.iter().map(|(side, _)| *side));
    neighbours.extend(placed.into_iter().map(|(_, fits)| fits));
    let mut sides: BTreeMap<usize, (Vec<ClaimIdx>, BTreeSet<usize>)> = BTreeMap::new();
    let mut vague = Vec::new();
    for v in 0..values.len() {
        match side_of[v] {
            Some(side) => sides.entry(side).or_default().0.extend(&values[v]),
            None => vague.extend(&values[v]),
        }
    }
    for v in (0..values.len()).filter(|&v| side_of[v].is_none()) {
        for &u in &neighbours[v] {
            if let Some(side) = side_of[u] {
                sides.entry(side).or_default().1.insert(v);
            }
        }
    }
    let mut classes = Classes::default();
    for (mut claims, fits) in sides.into_values() {
        sort_claims(ctx, &mut claims);
        let mut fitting: Vec<ClaimIdx> = fits.into_iter().flat_map(|v| values[v].clone()).collect();
        sort_claims(ctx, &mut fitting);
        classes.sides.push(claims);
        classes.fitting.push(fitting);
    }
    sort_claims(ctx, &mut vague);
    classes.vague = vague;
    // The side most outlets back first; ties by what the sides say, never by file order.
    let mut order: Vec<usize> = (0..classes.sides.len()).collect();
    order.sort_by_cached_key(|&s| {
        (
            std::cmp::Reverse(classes.support(ctx, s).len()),
            std::cmp::Reverse(ctx.outlets_of(&classes.sides[s]).len()),
            shown_value(ctx, &classes.sides[s]),
            s,
        )
    });
    let (mut sides, mut fitting) = (Vec::new(), Vec::new());
    for s in order {
        sides.push(std::mem::take(&mut classes.sides[s]));
        fitting.push(std::mem::take(&mut classes.fitting[s]));
    }
    classes.sides = sides;
    classes.fitting = fitting;
    classes
}

/// The readings of a date that has two; `None` for every other value.
fn readings(value: &Value) -> Option<[Period; 2]> {
    match value {
        Value::Date(DateValue {
            period,
            alternative: Some(other),
            ..
        }) => Some([*period, *other]),
        _ => None,
    }
}

/// Places the dates with two readings (`values[n..]`, in the order of their normalised values)
/// among the sides that the values with one reading form (`side_of[..n]`). A date that fits
/// one side under some reading joins it; one that fits several takes no side and counts for
/// each; one that fits none conflicts with every side whichever its reading, so it starts a
/// side of its own, which later ones may join. So no side rests on the choice between two
/// readings, and no conflict between values with one reading is hidden. Per date: its side
/// and one value of each side it fits. At most [`MAX_AGREEING_PAIRS`] comparisons are made
/// per slot; past them a date takes no side, which can hide a conflict but never invent one.
fn place_readings(
    values: &[&Value],
    n: usize,
    side_of: &[Option<usize>],
) -> Vec<(Option<usize>, Vec<usize>)> {
    // Per side of one-reading dates: a member, the latest start and the earliest end of its
    // members. A reading overlaps every member exactly when it overlaps that span.
    let mut spans: BTreeMap<usize, (usize, NaiveDate, NaiveDate)> = BTreeMap::new();
    for v in 0..n {
        if let (Some(side), Value::Date(d)) = (side_of[v], values[v]) {
            let span = spans
                .entry(side)
                .or_insert((v, d.period.start, d.period.end));
            span.1 = span.1.max(d.period.start);
            span.2 = span.2.min(d.period.end);
        }
    }
    // Sides started by two-reading dates: their first value and members.
    let mut own: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut budget = MAX_AGREEING_PAIRS;
    let mut placed = Vec::new();
    for v in n..values.len() {
        let Some(reads) = readings(values[v]) else {
            placed.push((None, Vec::new()));
            continue;
        };
        let mut fits: Vec<(usize, usize)> = Vec::new();
        for (&side, &(member, latest_start, earliest_end)) in &spans {
            if budget == 0 {
                break;
            }
            budget -= 1;
            if reads
                .iter()
                .any(|r| r.start <= earliest_end && latest_start <= r.end)
            {
                fits.push((side, member));
            }
        }
        if fits.is_empty() {
            for (side, members) in &own {
                if budget < members.len() {
                    budget = 0;
                    break;
                }
                budget -= members.len();
                let fits_all = |r: &Period| {
                    members.iter().all(|&m| {
                        readings(values[m]).is_some_and(|rs| rs.iter().any(|x| x.overlaps(r)))
                    })
                };
                if reads.iter().any(fits_all) {
                    fits.push((*side, members[0]));
                }
            }
        }
        let side = match fits.as_slice() {
            // Compared with every side and fitting none: a side of its own.
            [] if budget > 0 => {
                own.push((v, vec![v]));
                Some(v)
            }
            [(side, _)] => {
                if let Some((_, members)) = own.iter_mut().find(|(s, _)| s == side) {
                    members.push(v);
                }
                Some(*side)
            }
            _ => None,
        };
        placed.push((side, fits.into_iter().map(|(_, member)| member).collect()));
    }
    placed
}

/// The most pairs of agreeing distinct values one slot is swept for; past it the slot falls
/// back to joining each value to the first side it fits, so work and memory stay bounded.
const MAX_AGREEING_PAIRS: usize = 1 << 20;

/// Per distinct value, the others it agrees with. Along the values sorted by where they start,
/// the later values a value agrees with come right after it: the sweep stops at the first that
/// does not. `None` when the values agree in more than [`MAX_AGREEING_PAIRS`] pairs.
fn sweep(extents: &[Extent], agree: &dyn Fn(usize, usize) -> bool) -> Option<Vec<Vec<usize>>> {
    let n = extents.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| extents[a].cmp(&extents[b]).then(a.cmp(&b)));
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pairs = 0usize;
    for (i, &a) in order.iter().enumerate() {
        for &b in &order[i + 1..] {
            if !agree(a, b) {
                break;
            }
            pairs += 1;
            if pairs > MAX_AGREEING_PAIRS {
                return None;
            }
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    Some(neighbours)
}

/// A normalised value: claims with the same one agree, whatever their wording.
fn identity(value: &Value, key: &dyn Fn(&str) -> String) -> String {
    match value {
        Value::Text(t) => crate::value::text::fold_text(t),
        Value::Entity(m) => key(m),
        Value::Date(d) => d
            .candidates()
            .map(|p| format!("date {}/{}", p.start, p.end))
            .collect::<Vec<_>>()
            .join(" or "),
        Value::Age { .. } => format!("age {:?}", value.birth_window()),
        Value::Set(items) => {
            let mut ids: Vec<String> = items.iter().map(|v| identity(v, key)).collect();
            ids.sort();
            ids.dedup();
            format!("set {}", ids.join("\u{1f}"))
        }
        other => format!("{other:?}"),
    }
}

/// Where a value lies on its line (days for dates and ages, amounts for numbers), for sweeping.
#[derive(Debug, Clone)]
struct Extent {
    /// Values on different lines (money in two currencies) never agree.
    line: String,
    lo: f64,
    hi: f64,
}

impl Extent {
    fn cmp(&self, other: &Extent) -> std::cmp::Ordering {
        (self.line.as_str(), self.lo, self.hi)
            .partial_cmp(&(other.line.as_str(), other.lo, other.hi))
            .unwrap_or_else(|| self.lo.total_cmp(&other.lo))
    }
}

fn extent(value: &Value) -> Extent {
    let days = |d: chrono::NaiveDate| f64::from(d.num_days_from_ce());
    let on = |lo: f64, hi: f64| Extent {
        line: String::new(),
        lo,
        hi,
    };
    match value {
        Value::Count(n) => on(*n as f64, *n as f64),
        Value::Number(x) => on(*x, *x),
        Value::Money(m) => Extent {
            line: m.currency.clone(),
            lo: m.amount,
            hi: m.amount,
        },
        Value::Date(d) => on(days(d.period.start), days(d.period.end)),
        Value::Age { .. } => match value.birth_window() {
            Some((start, end)) => on(days(start), days(end)),
            None => on(f64::NAN, f64::NAN),
        },
        _ => on(0.0, 0.0),
    }
}

/// Claims in an order that depends only on what they say and where, never on file order.
fn sort_claims(ctx: &Context, claims: &mut [ClaimIdx]) {
    claims.sort_by_cached_key(|&c| {
        let claim = ctx.claim(c);
        let source = ctx.ws.source_of(claim);
        (
            claim.written.clone(),
            source.outlet.clone(),
            source.published.start,
            ctx.file_path(claim.span.file),
            claim.span.offset,
        )
    });
}

/// How a class's value is shown: as written by its first claim, with its resolution.
pub fn shown_value(ctx: &Context, class: &[usize]) -> String {
    let c = ctx.claim(class[0]);
    match c.resolved() {
        Some(r) => format!("\"{}\" ({r})", c.written),
        None => format!("\"{}\"", c.written),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::one_slot;

    /// The sides (as written) and the vague values of the slot.
    fn classes_of(property: &str, claims: &[(&str, &str)]) -> (Vec<Vec<String>>, Vec<String>) {
        let ws = one_slot(property, claims);
        let analysis = crate::testing::analyse(&ws);
        let ctx = analysis.of(&ws);
        let claims = &ctx.slots[&("x".to_string(), "p".to_string())];
        let classes = classify(&ctx, "x", "p", claims);
        let written = |cs: &[ClaimIdx]| -> Vec<String> {
            cs.iter()
                .map(|&c| ctx.claim(c).written.to_string())
                .collect()
        };
        (
            classes.sides.iter().map(|s| written(s)).collect(),
            written(&classes.vague),
        )
    }

    const DATE: &str = "    type: date\n";

    #[test]
    fn a_year_between_two_months_takes_no_side_in_any_order() {
        let claims = [("A", "2017"), ("B", "2017-03"), ("C", "2017-11")];
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
            let shuffled: Vec<_> = order.iter().map(|&i| claims[i]).collect();
            let (sides, vague) = classes_of(DATE, &shuffled);
            assert_eq!(sides, [["2017-03"], ["2017-11"]], "order {order:?}");
            assert_eq!(vague, ["2017"]);
        }
    }

    #[test]
    fn a_date_with_two_readings_that_fit_two_sides_takes_neither_and_hides_nothing() {
        let claims = [
            ("A", "2023-11-16"),
            ("B", "2022-11-16"),
            ("C", "2023-11-16 or 2022-11-16"),
        ];
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let shuffled: Vec<_> = order.iter().map(|&i| claims[i]).collect();
            let (sides, vague) = classes_of(DATE, &shuffled);
            assert_eq!(sides, [["2022-11-16"], ["2023-11-16"]], "order {order:?}");
            assert_eq!(vague, ["2023-11-16 or 2022-11-16"]);
        }
    }

    #[test]
    fn a_date_whose_second_reading_fits_joins_that_side_without_a_conflict() {
        let (sides, vague) =
            classes_of(DATE, &[("A", "2023-11-16 or 2022-11-16"), ("B", "2022-11")]);
        assert_eq!(sides, [["2022-11", "2023-11-16 or 2022-11-16"]]);
        assert!(vague.is_empty());
    }

    #[test]
    fn a_date_that_fits_under_neither_reading_is_a_side_of_its_own() {
        let (sides, _) = classes_of(
            DATE,
            &[("A", "2023-11-16 or 2022-11-16"), ("B", "2023-10-01")],
        );
        assert_eq!(sides.len(), 2, "{sides:?}");
    }

    #[test]
    fn two_dates_with_two_readings_agree_when_any_readings_meet() {
        let (sides, _) = classes_of(
            DATE,
            &[
                ("A", "2023-11-16 or 2022-11-16"),
                ("B", "2022-11-16 or 2024-11-16"),
            ],
        );
        assert_eq!(sides.len(), 1, "{sides:?}");
        let (sides, _) = classes_of(
            DATE,
            &[
                ("A", "2023-11-16 or 2022-11-16"),
                ("B", "2023-04-02 or 2022-04-02"),
            ],
        );
        assert_eq!(sides.len(), 2, "{sides:?}");
    }

    #[test]
    fn placing_dates_with_two_readings_stops_at_its_budget_and_then_takes_no_side() {
        let day = |n: i64| {
            Period::day(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(n as u64))
        };
        let date = |p: Period, other: Option<Period>| {
            Value::Date(DateValue {
                alternative: other,
                ..DateValue::single(p, None)
            })
        };
        // 2,000 one-reading dates on days of their own, then 1,000 with two readings that
        // fit none of them: far more comparisons than the budget allows.
        let singles: Vec<Value> = (0..2000).map(|n| date(day(2 * n), None)).collect();
        let doubles: Vec<Value> = (0..1000)
            .map(|n| date(day(10_000 + 2 * n), Some(day(20_000 + 2 * n))))
            .collect();
        let values: Vec<&Value> = singles.iter().chain(&doubles).collect();
        let side_of: Vec<Option<usize>> = (0..2000).map(Some).collect();
        let placed = place_readings(&values, 2000, &side_of);
        assert_eq!(placed.len(), 1000);
        let (own, none): (Vec<_>, Vec<_>) = placed.iter().partition(|(side, _)| side.is_some());
        assert!(
            !own.is_empty() && !none.is_empty(),
            "the budget ran out part way"
        );
        assert!(none.iter().all(|(_, fits)| fits.is_empty()));
    }

    #[test]
    fn a_year_with_one_month_inside_it_is_one_side() {
        let (sides, vague) = classes_of(DATE, &[("A", "2017"), ("B", "2017-03-05")]);
        assert_eq!(sides, [["2017", "2017-03-05"]]);
        assert!(vague.is_empty());
    }

    #[test]
    fn a_vague_value_counts_for_each_side_it_fits_and_the_larger_side_leads() {
        let (sides, vague) = classes_of(
            DATE,
            &[
                ("A", "2017-11"),
                ("B", "2017-03-05"),
                ("C", "2017-03"),
                ("D", "2017"),
            ],
        );
        assert_eq!(sides, vec![vec!["2017-03", "2017-03-05"], vec!["2017-11"]]);
        assert_eq!(vague, ["2017"]);
    }

    #[test]
    fn a_number_within_tolerance_of_two_that_differ_takes_no_side() {
        let number = "    type: number\n    tolerance: 5\n";
        let (sides, vague) = classes_of(number, &[("A", "108"), ("B", "104"), ("C", "100")]);
        assert_eq!(sides, [["100"], ["108"]]);
        assert_eq!(vague, ["104"]);
        let (sides, _) = classes_of(number, &[("A", "103"), ("B", "100"), ("C", "105")]);
        assert_eq!(sides, [["100", "103", "105"]]);
    }

    #[test]
    fn equal_sides_are_ordered_by_value_not_by_file() {
        let text = "    type: text\n";
        let (a, _) = classes_of(text, &[("A", "health"), ("B", "corruption")]);
        let (b, _) = classes_of(text, &[("B", "corruption"), ("A", "health")]);
        assert_eq!(a, b);
        assert_eq!(a, [["corruption"], ["health"]]);
    }
}
